-- References from one organisation's rows to another organisation's (a report's goal or
-- activity, a goal's KF goal or area, a crosswalk's area), among the rows of the
-- organisations in $organisation_ids: one row per reference that has any, with how many.
-- None is right: an organisation's public rows and goal keys are made from its own rows
-- only, which is what lets a write refresh and check just the organisations whose rows
-- it changed (tertial.derived, queries/source_fingerprints.sql). When every reference
-- keeps within its organisation, a write makes one that does not only by changing the
-- organisation it leads from (a changed reference, or the referenced row moved away from
-- it), so the organisations a write changed are the ones to look at.
-- (list_contains rather than IN (SELECT unnest(…)): it reaches into the scans, 9 ms for one
-- organisation at 290 × 10 instead of 50.)
WITH found AS (
    SELECT 'goal_reports' AS table_name, 'goal_id' AS column_name, count(*) AS rows
    FROM goal_reports x JOIN reports r USING (report_id) JOIN goals g ON g.goal_id = x.goal_id
    WHERE list_contains($organisation_ids, r.organisation_id) AND g.organisation_id <> r.organisation_id
    UNION ALL
    SELECT 'activity_reports', 'activity_id', count(*)
    FROM activity_reports x JOIN reports r USING (report_id) JOIN activities a ON a.activity_id = x.activity_id
    WHERE list_contains($organisation_ids, r.organisation_id) AND a.organisation_id <> r.organisation_id
    UNION ALL
    SELECT 'activity_reports', 'goal_id', count(*)
    FROM activity_reports x JOIN reports r USING (report_id) JOIN goals g ON g.goal_id = x.goal_id
    WHERE list_contains($organisation_ids, r.organisation_id) AND g.organisation_id <> r.organisation_id
    UNION ALL
    SELECT 'goals', 'parent_goal_id', count(*)
    FROM goals x JOIN goals parent ON parent.goal_id = x.parent_goal_id
    WHERE list_contains($organisation_ids, x.organisation_id) AND parent.organisation_id <> x.organisation_id
    UNION ALL
    SELECT 'goals', 'area_id', count(*)
    FROM goals x JOIN areas a ON a.area_id = x.area_id
    WHERE list_contains($organisation_ids, x.organisation_id) AND a.organisation_id <> x.organisation_id
    UNION ALL
    SELECT 'focus_area_crosswalk', 'area_id', count(*)
    FROM focus_area_crosswalk x JOIN goals g USING (goal_id) JOIN areas a ON a.area_id = x.area_id
    WHERE list_contains($organisation_ids, g.organisation_id) AND a.organisation_id <> g.organisation_id
)
SELECT table_name, column_name, rows FROM found WHERE rows > 0 ORDER BY table_name, column_name;

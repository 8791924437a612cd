-- Every goal of every goal model, once: its level, title, own area (fokusområde 2023,
-- målområde 2024), the vision's focus area and where that comes from (the report, or
-- the user-editable crosswalk with its reason, file and line), its KF goal (for a KS
-- goal), its key for links (goal_keys), and its number in the newest report that presents it.
-- No parameters: the page picks one goal (a link's ?mal=) and its KS goals from these rows.
-- Params: $organisation (its name).
WITH newest AS (
    SELECT goal_id, goal_code, period, report_file, source_line
    FROM goal_assessments
    WHERE organisation = $organisation
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY as_of DESC, report_file DESC) = 1
)
SELECT
    g.goal_id,
    k.goal_key,
    g.model_year,
    g.level                          AS goal_level,
    g.title                          AS goal_title,
    ga.focus_area,
    ga.area_kind,
    ga.vision_focus_area,
    ga.vision_focus_area_source,
    cw.reason                        AS crosswalk_reason,
    cw.source_file                   AS crosswalk_file,
    cw.source_line                   AS crosswalk_line,
    g.parent_goal_id,
    parent.title                     AS parent_goal_title,
    parent_newest.goal_code          AS parent_goal_code,
    n.goal_code,
    n.period                         AS newest_period,
    n.report_file,
    n.source_line
FROM goals g
JOIN goal_areas ga                 ON ga.goal_id = g.goal_id
JOIN goal_keys k                   ON k.goal_id = g.goal_id
LEFT JOIN focus_area_crosswalk cw  ON cw.goal_id = g.goal_id
LEFT JOIN goals parent             ON parent.goal_id = g.parent_goal_id
LEFT JOIN newest parent_newest     ON parent_newest.goal_id = g.parent_goal_id
LEFT JOIN newest n                 ON n.goal_id = g.goal_id
WHERE g.organisation_id = (SELECT organisation_id FROM organisations WHERE name = $organisation)
ORDER BY g.goal_id;

-- The reports of one organisation's reporting body, each with its slot (unit, period)
-- and the titles of the goals and activities it presents: what an import needs to find
-- the slot a new document fills and the report it would replace or follow.
-- Params: $organisation_id, $body.
SELECT
    r.report_id,
    r.file_name,
    r.title,
    r.unit,
    r.period_key AS period,
    r.as_of,
    r.content_sha256,
    (SELECT list(g.title) FROM goal_reports gr JOIN goals g USING (goal_id) WHERE gr.report_id = r.report_id)
        AS goal_titles,
    (SELECT list(a.title) FROM activity_reports ar JOIN activities a USING (activity_id) WHERE ar.report_id = r.report_id)
        AS activity_titles
FROM reports r
WHERE r.organisation_id = $organisation_id AND r.body = $body
ORDER BY r.period_key, r.report_id;

-- The reports of a period with what each contributes: the data source a page cites.
-- Params: $organisation (its name); $period.
SELECT
    r.report_id,
    r.title,
    r.file_name,
    r.kind,
    r.body,
    r.unit,
    r.as_of,
    (SELECT count(*) FROM goal_reports gr WHERE gr.report_id = r.report_id)                          AS goal_count,
    (SELECT count(*) FROM goal_reports gr WHERE gr.report_id = r.report_id AND gr.grade IS NOT NULL) AS graded_goal_count
FROM reports r
JOIN organisations o USING (organisation_id)
WHERE o.name = $organisation AND r.period_key = $period
ORDER BY r.as_of, r.file_name;

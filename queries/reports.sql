-- Every loaded report of one organisation, oldest period first, with how much of it the
-- database holds: reports without goals (memos, unit reports) are listed like the others.
-- Params: $organisation (its name).
SELECT
    r.report_id,
    o.name                                                                        AS organisation,
    r.title,
    r.period_key                                                                  AS period,
    r.as_of,
    r.kind,
    r.body,
    r.unit,
    r.file_name,
    r.period_note,
    r.goal_model_year,
    r.line_count,
    (SELECT count(*) FROM goal_reports gr WHERE gr.report_id = r.report_id)      AS goal_count,
    (SELECT count(*) FROM activity_reports ar WHERE ar.report_id = r.report_id)  AS activity_count,
    (SELECT count(*) FROM report_sections s WHERE s.report_id = r.report_id)     AS section_count,
    (SELECT count(*) FROM reading_notes n WHERE n.report_id = r.report_id)       AS note_count
FROM reports r
JOIN organisations o USING (organisation_id)
WHERE o.name = $organisation
ORDER BY r.period_key, r.as_of, r.file_name;

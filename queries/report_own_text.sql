-- The words of a period's reports themselves, for the tertial report (tertial/report): each
-- report's narrative sections with text, in document order, placed by where they stand
-- in their report: 'inledning' before its first goal, 'avslutning' after its last
-- activity (its last goal when it has none), 'mellan' among the goals. A report without
-- goals (a decision memo, a unit's own report) has only 'inledning'.
-- Params: $organisation (its name); $period.
WITH period_reports AS (
    SELECT r.report_id, r.file_name, r.title, r.as_of
    FROM reports r
    JOIN organisations o ON o.organisation_id = r.organisation_id AND o.name = $organisation
    WHERE r.period_key = $period
),
goal_lines AS (
    SELECT report_id, min(source_line) AS first_goal_line, max(source_line) AS last_goal_line
    FROM goal_reports
    WHERE report_id IN (SELECT report_id FROM period_reports)
    GROUP BY report_id
),
activity_lines AS (
    SELECT report_id, max(source_line) AS last_activity_line
    FROM activity_reports
    WHERE report_id IN (SELECT report_id FROM period_reports)
    GROUP BY report_id
)
SELECT
    p.file_name AS report_file,
    p.title AS report_title,
    s.position,
    s.heading,
    s.text,
    s.source_line,
    CASE
        WHEN g.first_goal_line IS NULL OR s.source_line < g.first_goal_line THEN 'inledning'
        WHEN s.source_line > coalesce(a.last_activity_line, g.last_goal_line) THEN 'avslutning'
        ELSE 'mellan'
    END AS place
FROM report_sections s
JOIN period_reports p ON p.report_id = s.report_id
LEFT JOIN goal_lines g ON g.report_id = s.report_id
LEFT JOIN activity_lines a ON a.report_id = s.report_id
WHERE trim(s.text) <> ''
ORDER BY p.as_of, p.file_name, s.position;

-- Every goal in every tertial of the table periods (first to last, also tertials
-- without a report), oldest first. Per period: how many reports it has, which goal
-- model they follow and how many goals they present; whether one of them presents the
-- goal, and if so its number, grade (NULL: Ej bedömd, never guessed), analysis text,
-- file and lines, and what the reader noted about the goal's heading or grade line
-- (a grade heading that disagrees with the prose below it, say).
-- When two reports of a period present the goal, the later report has the last word.
-- No parameters: the page picks one goal's rows.
-- Params: $organisation (its name).
-- Read from goal_assessments, one table filtered by organisation, rather than by joining
-- every organisation's goal_reports to reports (at 290 organisations that join made this
-- the slowest query, 300 ms).
WITH chosen AS (SELECT organisation_id FROM organisations WHERE name = $organisation),
assessed AS (
    SELECT goal_id, report_id, period, as_of, report_file, goal_code, grade, comment, source_line, grade_line
    FROM goal_assessments
    WHERE organisation = $organisation
),
goal_counts AS (SELECT period, count(*) AS period_goal_count FROM assessed GROUP BY period),
period_reports AS (
    SELECT
        p.period_key,
        p.year,
        p.tertial,
        count(r.report_id)                                            AS report_count,
        string_agg(DISTINCT CAST(r.goal_model_year AS VARCHAR), ', ') AS report_model_years,
        coalesce(any_value(c.period_goal_count), 0)                   AS period_goal_count
    FROM periods p
    LEFT JOIN reports r ON r.period_key = p.period_key AND r.organisation_id = (SELECT organisation_id FROM chosen)
    LEFT JOIN goal_counts c ON c.period = p.period_key
    GROUP BY p.period_key, p.year, p.tertial
),
presented AS (
    SELECT
        a.goal_id,
        a.report_id,
        a.period                        AS period_key,
        a.as_of,
        a.report_file,
        a.goal_code,
        a.grade,
        gr.grade_as_printed,
        a.comment,
        a.source_line,
        a.grade_line
    FROM assessed a
    JOIN goal_reports gr ON gr.goal_id = a.goal_id AND gr.report_id = a.report_id
    QUALIFY row_number() OVER (PARTITION BY a.goal_id, a.period ORDER BY a.as_of DESC, a.report_file DESC) = 1
),
notes AS (
    SELECT
        pr.goal_id,
        pr.period_key,
        string_agg('Rad ' || n.source_line || ': ' || n.message, ' ' ORDER BY n.source_line) AS reading_note
    FROM presented pr
    JOIN reading_notes n
      ON n.report_id = pr.report_id
     AND n.source_line IN (pr.source_line, pr.grade_line)
    GROUP BY pr.goal_id, pr.period_key
)
SELECT
    g.goal_id,
    g.model_year,
    p.period_key                      AS period,
    p.report_count,
    p.report_model_years,
    p.period_goal_count,
    pr.goal_id IS NOT NULL            AS presented,
    pr.goal_code,
    pr.grade,
    pr.grade_as_printed,
    pr.comment,
    pr.as_of,
    pr.report_file,
    pr.source_line,
    pr.grade_line,
    n.reading_note
FROM goals g
JOIN organisations o   ON o.organisation_id = g.organisation_id AND o.name = $organisation
CROSS JOIN period_reports p
LEFT JOIN presented pr ON pr.goal_id = g.goal_id AND pr.period_key = p.period_key
LEFT JOIN notes n      ON n.goal_id = g.goal_id AND n.period_key = p.period_key
ORDER BY g.goal_id, p.year, p.tertial;

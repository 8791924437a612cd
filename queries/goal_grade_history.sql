-- Every goal in every tertial of the table periods (first to last, also tertials
-- without a report), oldest first. Per period: how many reports it has, which goal
-- model they follow and how many goals they present; whether one of them presents the
-- goal, and if so its number, grade (NULL: Ej bedömd, never guessed), analysis text,
-- file and lines, and what the reader noted about the goal's heading or grade line
-- (a grade heading that disagrees with the prose below it, say).
-- When two reports of a period present the goal, the later report has the last word.
-- No parameters: the page picks one goal's rows.
-- Params: $organisation (its name).
WITH chosen AS (SELECT organisation_id FROM organisations WHERE name = $organisation),
period_reports AS (
    SELECT
        p.period_key,
        p.year,
        p.tertial,
        count(r.report_id)                                            AS report_count,
        string_agg(DISTINCT CAST(r.goal_model_year AS VARCHAR), ', ') AS report_model_years,
        (SELECT count(*) FROM goal_reports gr JOIN reports pr ON pr.report_id = gr.report_id
         WHERE pr.period_key = p.period_key AND pr.organisation_id = (SELECT organisation_id FROM chosen))                          AS period_goal_count
    FROM periods p
    LEFT JOIN reports r ON r.period_key = p.period_key AND r.organisation_id = (SELECT organisation_id FROM chosen)
    GROUP BY p.period_key, p.year, p.tertial
),
presented AS (
    SELECT
        gr.goal_id,
        r.report_id,
        r.period_key,
        r.as_of,
        r.file_name                     AS report_file,
        gr.goal_code,
        gr.grade,
        gr.grade_as_printed,
        gr.comment,
        gr.source_line,
        gr.grade_line
    FROM goal_reports gr
    JOIN reports r ON r.report_id = gr.report_id
    WHERE r.organisation_id = (SELECT organisation_id FROM chosen)
    QUALIFY row_number() OVER (PARTITION BY gr.goal_id, r.period_key ORDER BY r.as_of DESC, r.file_name DESC) = 1
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
CROSS JOIN period_reports p
LEFT JOIN presented pr ON pr.goal_id = g.goal_id AND pr.period_key = p.period_key
LEFT JOIN notes n      ON n.goal_id = g.goal_id AND n.period_key = p.period_key
WHERE g.organisation_id = (SELECT organisation_id FROM chosen)
ORDER BY g.goal_id, p.year, p.tertial;

-- The goals of two periods, side by side in long form: one row per goal per period
-- (side 'from' for $from_period, 'to' for $to_period), with the goal's identity and
-- goal model, its key in links (goal_keys), its number and grade there (NULL: Ej bedömd) and where it was read.
-- tertial.changes pairs the rows by goal_id (stable within one goal model) and says
-- what changed. When two reports of a period present the same goal, the later report
-- has the last word (as on Mål). A goal is kept when it lies in the focus area in
-- either period, so that the filter never splits a pair.
-- Params: $organisation (its name); $from_period, $to_period; $focus_area (the vision's focus area; NULL: all).
WITH sides AS (
    SELECT
        CASE WHEN a.period = $from_period THEN 'from' ELSE 'to' END AS side,
        a.period,
        a.as_of,
        a.goal_id,
        k.goal_key,
        g.model_year,
        a.goal_level,
        a.goal_code,
        a.goal_title,
        a.vision_focus_area,
        a.grade,
        a.report_file,
        a.source_line,
        a.grade_line
    FROM goal_assessments a
    JOIN goals g ON g.goal_id = a.goal_id
    JOIN goal_keys k ON k.goal_id = a.goal_id
    WHERE a.organisation = $organisation AND a.period IN ($from_period, $to_period)
    QUALIFY row_number() OVER (PARTITION BY a.period, a.goal_id ORDER BY a.as_of DESC, a.report_file DESC) = 1
),
kept AS (
    SELECT DISTINCT goal_id
    FROM sides
    WHERE $focus_area IS NULL OR vision_focus_area = $focus_area
)
SELECT s.*
FROM sides s
SEMI JOIN kept k ON k.goal_id = s.goal_id
ORDER BY s.side, s.as_of, s.report_file, s.source_line;

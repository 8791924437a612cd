-- How many of a period's goals have each grade, every grade listed even when none has
-- it, best first; an ungraded goal counts as 'Ej bedömd' (not a grade, never guessed).
-- Params: $organisation (its name); $period; $goal_level ('KS', 'KF' or NULL for both); $focus_area (NULL: all).
WITH grade_scale (grade, grade_rank) AS (
    VALUES ('Uppfyllt', 1), ('Delvis uppfyllt', 2), ('Knappt uppfyllt', 3),
           ('Ej uppfyllt', 4), ('Ej bedömd', 5)
),
period_goals AS (
    -- One row per goal: when two reports of a period present the same goal, the later
    -- report's word is the period's.
    SELECT goal_id, coalesce(grade, 'Ej bedömd') AS grade
    FROM goal_assessments
    WHERE organisation = $organisation AND period = $period
      AND ($goal_level IS NULL OR goal_level = $goal_level)
      AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
counted AS (
    SELECT s.grade, s.grade_rank, count(g.goal_id) AS goal_count
    FROM grade_scale s
    LEFT JOIN period_goals g ON g.grade = s.grade
    GROUP BY s.grade, s.grade_rank
)
SELECT
    grade,
    grade_rank,
    goal_count,
    CASE WHEN sum(goal_count) OVER () > 0
         THEN goal_count / sum(goal_count) OVER () END AS share
FROM counted
ORDER BY grade_rank;

-- Goals per organisation and grade for one period and goal level: the comparison across
-- organisations. One row per organisation and grade (zeros included), one goal counted
-- once per organisation (the latest report of the period has the last word, as in
-- grade_distribution.sql). An ungraded goal counts as 'Ej bedömd'.
-- Params: $period; $goal_level ('KS', 'KF' or NULL for both).
WITH grade_scale (grade, grade_rank) AS (
    VALUES ('Uppfyllt', 1), ('Delvis uppfyllt', 2), ('Knappt uppfyllt', 3),
           ('Ej uppfyllt', 4), ('Ej bedömd', 5)
),
period_goals AS (
    SELECT organisation, goal_id, coalesce(grade, 'Ej bedömd') AS grade
    FROM goal_assessments
    WHERE period = $period
      AND ($goal_level IS NULL OR goal_level = $goal_level)
    QUALIFY row_number() OVER (PARTITION BY organisation, goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
organisations_with_goals AS (SELECT DISTINCT organisation FROM period_goals)
SELECT o.organisation, s.grade, s.grade_rank, count(g.goal_id) AS goal_count
FROM organisations_with_goals o
CROSS JOIN grade_scale s
LEFT JOIN period_goals g ON g.organisation = o.organisation AND g.grade = s.grade
GROUP BY o.organisation, s.grade, s.grade_rank
ORDER BY o.organisation, s.grade_rank;

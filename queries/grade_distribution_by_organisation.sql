-- Goals per organisation and grade for one period and goal level: the comparison across
-- organisations. One row per organisation and grade (zeros included), one goal counted
-- once per organisation (the latest report of the period has the last word, as in
-- grade_distribution.sql). An ungraded goal counts as 'Ej bedömd'. With a shared area
-- (tertial.shared_areas), only the goals whose own area the organisation's file places
-- in it count; every organisation with goals in the period keeps its rows, with zeros.
-- Params: $period; $goal_level ('KS', 'KF' or NULL for both); $shared_area (a name from
-- the table shared_areas, or NULL for every goal).
WITH grade_scale (grade, grade_rank) AS (
    VALUES ('Uppfyllt', 1), ('Delvis uppfyllt', 2), ('Knappt uppfyllt', 3),
           ('Ej uppfyllt', 4), ('Ej bedömd', 5)
),
period_goals AS (
    SELECT organisation, goal_id, coalesce(grade, 'Ej bedömd') AS grade, focus_area
    FROM goal_assessments
    WHERE period = $period
      AND ($goal_level IS NULL OR goal_level = $goal_level)
    QUALIFY row_number() OVER (PARTITION BY organisation, goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
organisations_with_goals AS (SELECT DISTINCT organisation FROM period_goals),
placed_areas AS (
    SELECT o.name AS organisation, m.area_name
    FROM shared_area_map m
    JOIN organisations o USING (organisation_id)
    WHERE m.shared_area = $shared_area
),
counted_goals AS (
    SELECT g.organisation, g.goal_id, g.grade
    FROM period_goals g
    WHERE $shared_area IS NULL
       OR EXISTS (SELECT 1 FROM placed_areas p WHERE p.organisation = g.organisation AND p.area_name = g.focus_area)
)
SELECT o.organisation, s.grade, s.grade_rank, count(g.goal_id) AS goal_count
FROM organisations_with_goals o
CROSS JOIN grade_scale s
LEFT JOIN counted_goals g ON g.organisation = o.organisation AND g.grade = s.grade
GROUP BY o.organisation, s.grade, s.grade_rank
ORDER BY o.organisation, s.grade_rank;

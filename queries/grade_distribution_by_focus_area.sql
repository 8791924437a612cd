-- Goals per focus area and grade for a period: every focus area of the vision and every
-- grade, zeros included, so that an area without goals shows as such.
-- 2024 goals reach a focus area through the user-editable crosswalk; via_crosswalk says so.
-- Params: $organisation (its name); $period; $goal_level ('KS', 'KF' or NULL for both); $focus_area (NULL: all).
WITH grade_scale (grade, grade_rank) AS (
    VALUES ('Uppfyllt', 1), ('Delvis uppfyllt', 2), ('Knappt uppfyllt', 3),
           ('Ej uppfyllt', 4), ('Ej bedömd', 5)
),
focus_area_order AS (SELECT focus_area, area_order FROM vision_focus_areas WHERE organisation = $organisation),
period_goals AS (
    -- One row per goal: the later report of a period has the last word.
    SELECT
        goal_id,
        coalesce(vision_focus_area, 'Utan fokusområde')  AS focus_area,
        vision_focus_area_source = 'korsreferens'         AS via_crosswalk,
        coalesce(grade, 'Ej bedömd')                      AS grade
    FROM goal_assessments
    WHERE organisation = $organisation AND period = $period
      AND ($goal_level IS NULL OR goal_level = $goal_level)
      AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
shown_areas AS (
    SELECT focus_area FROM focus_area_order
    WHERE $focus_area IS NULL OR focus_area = $focus_area
    UNION
    SELECT focus_area FROM period_goals
)
SELECT
    a.focus_area,
    s.grade,
    s.grade_rank,
    count(g.goal_id)                                      AS goal_count,
    coalesce(bool_or(g.via_crosswalk), false)             AS via_crosswalk
FROM shown_areas a
CROSS JOIN grade_scale s
LEFT JOIN period_goals g ON g.focus_area = a.focus_area AND g.grade = s.grade
LEFT JOIN focus_area_order o ON o.focus_area = a.focus_area
GROUP BY a.focus_area, s.grade, s.grade_rank, o.area_order
ORDER BY o.area_order NULLS LAST, a.focus_area, s.grade_rank;

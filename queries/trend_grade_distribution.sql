-- Goals per tertial, vision focus area and grade, for every tertial in periods (also
-- those without a report, so that gaps show and nothing is interpolated), every focus
-- area of the vision and every grade, zeros included. An ungraded goal counts as
-- 'Ej bedömd'. crosswalk_goal_count says how many of goal_count reach the focus area
-- through the user-editable crosswalk (data/crosswalk.csv: the 2024 goals) rather than
-- by the report's own grouping; report_count is how many reports the tertial has.
-- A goal without a vision focus area (a 2024 goal missing from the crosswalk) counts
-- under 'Utan fokusområde'. Rows: focus areas in the reports' order, then tertials
-- oldest first, then grades best first.
-- Params: $organisation (its name); $first_year (the first year shown; NULL: every year); $goal_level ('KS', 'KF' or NULL for both); $focus_area (NULL: all).
WITH grade_scale (grade, grade_rank) AS (
    VALUES ('Uppfyllt', 1), ('Delvis uppfyllt', 2), ('Knappt uppfyllt', 3),
           ('Ej uppfyllt', 4), ('Ej bedömd', 5)
),
focus_area_order AS (SELECT focus_area, area_order FROM vision_focus_areas WHERE organisation = $organisation),
tertials AS (
    SELECT period, year, tertial, report_count FROM tertial_coverage
    WHERE organisation = $organisation AND ($first_year IS NULL OR year >= $first_year)
      -- From the organisation's first report on: the tertials before it are not missing
      -- reports, they came before the organisation was followed here.
      AND period >= (SELECT min(period) FROM tertial_coverage
                     WHERE organisation = $organisation AND report_count > 0)
),
period_goals AS (
    -- One row per goal and tertial: when two reports of a tertial present the same
    -- goal, the later report's word is the tertial's (as in grade_distribution.sql).
    SELECT
        period,
        goal_id,
        coalesce(vision_focus_area, 'Utan fokusområde')              AS focus_area,
        coalesce(vision_focus_area_source = 'korsreferens', false)   AS via_crosswalk,
        coalesce(grade, 'Ej bedömd')                                 AS grade
    FROM goal_assessments
    WHERE organisation = $organisation
      AND ($goal_level IS NULL OR goal_level = $goal_level)
      AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
      AND period IN (SELECT period FROM tertials)
    QUALIFY row_number() OVER (PARTITION BY period, goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
shown_areas AS (
    SELECT focus_area FROM focus_area_order
    WHERE $focus_area IS NULL OR focus_area = $focus_area
    UNION
    SELECT focus_area FROM period_goals
)
SELECT
    t.period,
    a.focus_area                                         AS vision_focus_area,
    s.grade,
    s.grade_rank,
    count(g.goal_id)                                     AS goal_count,
    count(g.goal_id) FILTER (WHERE g.via_crosswalk)      AS crosswalk_goal_count,
    t.report_count
FROM tertials t
CROSS JOIN shown_areas a
CROSS JOIN grade_scale s
LEFT JOIN period_goals g
       ON g.period = t.period AND g.focus_area = a.focus_area AND g.grade = s.grade
LEFT JOIN focus_area_order o ON o.focus_area = a.focus_area
GROUP BY t.period, t.year, t.tertial, t.report_count, a.focus_area, o.area_order, s.grade, s.grade_rank
ORDER BY o.area_order NULLS LAST, a.focus_area, t.year, t.tertial, s.grade_rank;

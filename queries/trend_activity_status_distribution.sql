-- Activity entries per tertial, vision focus area and status, for every tertial in
-- periods (also those without a report, so that gaps show and nothing is interpolated),
-- every focus area of the vision and every status, zeros included. Entries are counted
-- as activity_status_distribution.sql counts them: one per activity per goal per report,
-- whatever the goal's level. crosswalk_activity_count says how many of them serve a goal
-- placed in the focus area through the user-editable crosswalk (data/crosswalk.csv);
-- report_count is how many reports the tertial has. Rows: focus areas in the reports'
-- order, then tertials oldest first, then statuses in their canonical order.
-- Params: $organisation (its name); $first_year (the first year shown; NULL: every year); $focus_area (NULL: all).
WITH status_scale (status, status_rank) AS (
    VALUES ('Avslutad enligt plan', 1), ('Avslutad med avvikelse', 2),
           ('Pågående enligt plan', 3), ('Pågående med avvikelse', 4),
           ('Vänteläge', 5), ('Ej påbörjad', 6)
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
period_activities AS (
    -- activity_statuses has no source column: a goal with a crosswalk row is placed by it
    -- (goal_areas.vision_focus_area_source = 'korsreferens' says the same, through three joins).
    SELECT
        s.period,
        s.activity_id,
        coalesce(s.vision_focus_area, 'Utan fokusområde')               AS focus_area,
        cw.goal_id IS NOT NULL                                          AS via_crosswalk,
        s.status
    FROM activity_statuses s
    LEFT JOIN focus_area_crosswalk cw ON cw.goal_id = s.goal_id
    WHERE s.organisation = $organisation AND ($focus_area IS NULL OR s.vision_focus_area = $focus_area)
      AND s.period IN (SELECT period FROM tertials)
),
shown_areas AS (
    SELECT focus_area FROM focus_area_order
    WHERE $focus_area IS NULL OR focus_area = $focus_area
    UNION
    SELECT focus_area FROM period_activities
)
SELECT
    t.period,
    a.focus_area                                             AS vision_focus_area,
    s.status,
    s.status_rank,
    count(pa.activity_id)                                    AS activity_count,
    count(pa.activity_id) FILTER (WHERE pa.via_crosswalk)    AS crosswalk_activity_count,
    t.report_count
FROM tertials t
CROSS JOIN shown_areas a
CROSS JOIN status_scale s
LEFT JOIN period_activities pa
       ON pa.period = t.period AND pa.focus_area = a.focus_area AND pa.status = s.status
LEFT JOIN focus_area_order o ON o.focus_area = a.focus_area
GROUP BY t.period, t.year, t.tertial, t.report_count, a.focus_area, o.area_order, s.status, s.status_rank
ORDER BY o.area_order NULLS LAST, a.focus_area, t.year, t.tertial, s.status_rank;

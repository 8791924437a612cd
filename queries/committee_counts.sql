-- The counts behind the committee's summary sentence ("Av de totalt 21 målen
-- kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt och 14 mål Ej uppfyllt
-- eller Knappt uppfyllt"), for a period and optionally one focus area.
-- The level counted is $goal_level when given, else KS when the period has KS goals,
-- else KF; goal_level says which was counted (NULL: the period presents no goals).
-- The level is chosen over the whole period, before the focus area filter, so that every
-- focus area's sentence counts the same level.
-- Params: $organisation (its name); $period; $goal_level ('KS', 'KF' or NULL: choose); $focus_area (NULL: all).
-- One pass over the period's goals: scalar subqueries, one per count, cost the join-order
-- optimizer more than the counting (13 ms of 20 on Ånge's data).
WITH period_goals AS (
    SELECT goal_id, goal_level, grade, vision_focus_area, vision_focus_area_source, report_file
    FROM goal_assessments
    WHERE organisation = $organisation AND period = $period
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
counted_level AS (
    SELECT coalesce(
        $goal_level,
        CASE WHEN count(*) FILTER (WHERE goal_level = 'KS') > 0 THEN 'KS'
             WHEN count(*) > 0 THEN 'KF' END
    ) AS goal_level
    FROM period_goals
)
SELECT
    l.goal_level,
    count(g.goal_id)                                                           AS total,
    count(g.goal_id) FILTER (WHERE g.grade IN ('Uppfyllt', 'Delvis uppfyllt'))     AS fulfilled,
    count(g.goal_id) FILTER (WHERE g.grade IN ('Knappt uppfyllt', 'Ej uppfyllt'))  AS not_fulfilled,
    count(g.goal_id) FILTER (WHERE g.grade IS NULL)                            AS not_graded,
    count(DISTINCT g.report_file)                                              AS source_report_count,
    (SELECT count(*) FROM reports r JOIN organisations o USING (organisation_id)
     WHERE o.name = $organisation AND r.period_key = $period)                  AS period_report_count,
    coalesce(bool_or(g.vision_focus_area_source = 'korsreferens'), false)      AS via_crosswalk
FROM counted_level l
LEFT JOIN period_goals g
       ON g.goal_level = l.goal_level AND ($focus_area IS NULL OR g.vision_focus_area = $focus_area)
GROUP BY l.goal_level;

-- The counts behind the committee's summary sentence ("Av de totalt 21 målen
-- kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt och 14 mål Ej uppfyllt
-- eller Knappt uppfyllt"), for a period and optionally one focus area.
-- The level counted is $goal_level when given, else KS when the period has KS goals,
-- else KF; goal_level says which was counted (NULL: the period presents no goals).
-- The level is chosen over the whole period, before the focus area filter, so that every
-- focus area's sentence counts the same level.
-- Params: $organisation (its name); $period; $goal_level ('KS', 'KF' or NULL: choose); $focus_area (NULL: all).
WITH period_goals AS (
    SELECT *
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
),
counted AS (
    SELECT g.*
    FROM period_goals g
    JOIN counted_level l ON g.goal_level = l.goal_level
    WHERE $focus_area IS NULL OR g.vision_focus_area = $focus_area
)
SELECT
    l.goal_level,
    (SELECT count(*) FROM counted)                                                       AS total,
    (SELECT count(*) FROM counted WHERE grade IN ('Uppfyllt', 'Delvis uppfyllt'))        AS fulfilled,
    (SELECT count(*) FROM counted WHERE grade IN ('Knappt uppfyllt', 'Ej uppfyllt'))     AS not_fulfilled,
    (SELECT count(*) FROM counted WHERE grade IS NULL)                                   AS not_graded,
    (SELECT count(DISTINCT report_file) FROM counted)                                    AS source_report_count,
    (SELECT count(*) FROM reports r JOIN organisations o USING (organisation_id)
     WHERE o.name = $organisation AND r.period_key = $period)                            AS period_report_count,
    (SELECT coalesce(bool_or(vision_focus_area_source = 'korsreferens'), false) FROM counted)
                                                                                         AS via_crosswalk
FROM counted_level l;

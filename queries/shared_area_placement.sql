-- How many of each organisation's goals of one period and goal level are placed in a
-- shared area, i.e. their own area's row in the organisation's file of shared areas
-- (tertial.shared_areas) names one: one row per organisation with goals in the period,
-- as in grade_distribution_by_organisation.sql. placement_file is the file loaded for
-- the organisation (NULL: none yet).
-- Params: $period; $goal_level ('KS', 'KF' or NULL for both).
WITH period_goals AS (
    SELECT DISTINCT organisation, goal_id, focus_area
    FROM goal_assessments
    WHERE period = $period
      AND ($goal_level IS NULL OR goal_level = $goal_level)
),
placements AS (
    SELECT o.name AS organisation, m.area_name, m.shared_area, m.source_file
    FROM shared_area_map m
    JOIN organisations o USING (organisation_id)
),
placement_files AS (
    SELECT organisation, min(source_file) AS placement_file FROM placements GROUP BY organisation
)
SELECT g.organisation,
       count(*) AS goal_count,
       count(p.shared_area) AS placed_count,
       any_value(f.placement_file) AS placement_file
FROM period_goals g
LEFT JOIN placements p ON p.organisation = g.organisation AND p.area_name = g.focus_area
LEFT JOIN placement_files f ON f.organisation = g.organisation
GROUP BY g.organisation
ORDER BY g.organisation;

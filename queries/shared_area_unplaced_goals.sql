-- The goals of one period and goal level that their organisation's file of shared areas
-- (tertial.shared_areas) does not place in any shared area: which goals a comparison by
-- shared area leaves out, by organisation and goal code.
-- Params: $period; $goal_level ('KS', 'KF' or NULL for both).
WITH period_goals AS (
    SELECT DISTINCT organisation, goal_id, goal_code, goal_title, focus_area
    FROM goal_assessments
    WHERE period = $period
      AND ($goal_level IS NULL OR goal_level = $goal_level)
),
placed AS (
    SELECT o.name AS organisation, m.area_name
    FROM shared_area_map m
    JOIN organisations o USING (organisation_id)
    WHERE m.shared_area IS NOT NULL
)
SELECT g.organisation, g.goal_code, g.goal_title, g.focus_area
FROM period_goals g
WHERE NOT EXISTS (SELECT 1 FROM placed p WHERE p.organisation = g.organisation AND p.area_name = g.focus_area)
ORDER BY g.organisation, g.goal_code NULLS LAST, g.goal_title;

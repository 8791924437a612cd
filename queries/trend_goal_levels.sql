-- How many goals each tertial presents at each goal level (KS, KF), optionally in one
-- vision focus area: the Trender page names the tertials whose goals are all on the
-- level not shown (2023-T1 presents only kommunfullmäktige's goals). Only tertials and
-- levels with goals have a row; tertials oldest first, KS before KF.
-- Params: $organisation (its name); $first_year (the first year shown; NULL: every year); $focus_area (NULL: all).
SELECT
    g.period,
    g.goal_level,
    count(DISTINCT g.goal_id)                                   AS goal_count,
    count(DISTINCT g.goal_id) FILTER (WHERE g.grade IS NOT NULL) AS graded_goal_count
FROM goal_assessments g
JOIN periods p ON p.period_key = g.period
WHERE g.organisation = $organisation AND ($focus_area IS NULL OR g.vision_focus_area = $focus_area)
  AND ($first_year IS NULL OR p.year >= $first_year)
GROUP BY g.period, p.year, p.tertial, g.goal_level
ORDER BY p.year, p.tertial, CASE g.goal_level WHEN 'KS' THEN 1 WHEN 'KF' THEN 2 ELSE 3 END;

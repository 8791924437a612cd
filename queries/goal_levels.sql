-- The goal levels a period's reports present, kommunstyrelsen's (KS) first: the
-- committee's summary counts KS goals whenever a period has them.
-- Params: $organisation (its name); $period.
SELECT
    goal_level,
    count(DISTINCT goal_id)                                   AS goal_count,
    count(DISTINCT goal_id) FILTER (WHERE grade IS NOT NULL)  AS graded_goal_count
FROM goal_assessments
WHERE organisation = $organisation AND period = $period
GROUP BY goal_level
ORDER BY CASE goal_level WHEN 'KS' THEN 1 WHEN 'KF' THEN 2 ELSE 3 END;

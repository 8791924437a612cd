-- The periods Förändringar can compare, newest first: every period with a report, with
-- how many goals its reports present (and at which goal levels, under which goal models,
-- how many graded) and how many activity entries (one per activity per goal). The page
-- picks its default pair and says when two periods follow different goal models from this.
-- Params: $organisation (its name).
WITH reported AS (
    SELECT r.period_key AS period, any_value(p.year) AS year, any_value(p.tertial) AS tertial,
           max(r.as_of) AS as_of, count(*) AS report_count
    FROM reports r
    JOIN organisations o ON o.organisation_id = r.organisation_id AND o.name = $organisation
    JOIN periods p ON p.period_key = r.period_key
    GROUP BY r.period_key
),
period_goals AS (
    SELECT
        a.period,
        count(*)                                 AS goal_count,
        count(a.grade)                           AS graded_goal_count,
        list(DISTINCT a.goal_level ORDER BY a.goal_level) AS goal_levels,
        list(DISTINCT g.model_year ORDER BY g.model_year) AS goal_models
    -- One row per goal per period: a goal two reports present counts once.
    FROM (SELECT period, goal_id, max(goal_level) AS goal_level, max(grade) AS grade
          FROM goal_assessments WHERE organisation = $organisation GROUP BY period, goal_id) a
    JOIN goals g ON g.goal_id = a.goal_id
    GROUP BY a.period
),
period_activities AS (
    SELECT period, count(*) AS activity_count
    FROM (SELECT DISTINCT period, activity_id, goal_id FROM activity_statuses WHERE organisation = $organisation)
    GROUP BY period
)
SELECT
    r.period, r.year, r.tertial, r.as_of, r.report_count,
    coalesce(g.goal_count, 0) AS goal_count,
    coalesce(g.graded_goal_count, 0) AS graded_goal_count,
    coalesce(g.goal_levels, CAST([] AS VARCHAR[])) AS goal_levels,
    coalesce(g.goal_models, CAST([] AS INTEGER[])) AS goal_models,
    coalesce(a.activity_count, 0) AS activity_count
FROM reported r
LEFT JOIN period_goals g ON g.period = r.period
LEFT JOIN period_activities a ON a.period = r.period
ORDER BY r.year DESC, r.tertial DESC;

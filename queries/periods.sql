-- Periods (tertials) that have at least one report, newest first.
-- is_default marks the period a page opens on: the newest one with graded goals, because
-- a period whose goals are all ungraded cannot answer "how many goals are fulfilled";
-- the newest period of all when no period has grades.
-- Params: $organisation (its name).
WITH reported AS (
    SELECT
        p.period_key,
        p.year,
        p.tertial,
        p.start_date,
        p.end_date,
        max(r.as_of)                  AS as_of,
        count(*)                      AS report_count
    FROM periods p
    JOIN reports r ON r.period_key = p.period_key
    JOIN organisations o ON o.organisation_id = r.organisation_id AND o.name = $organisation
    GROUP BY ALL
),
goal_counts AS (
    SELECT
        period,
        count(DISTINCT goal_id)                                   AS goal_count,
        count(DISTINCT goal_id) FILTER (WHERE grade IS NOT NULL)  AS graded_goal_count
    FROM goal_assessments
    WHERE organisation = $organisation
    GROUP BY period
)
SELECT
    r.period_key                           AS period,
    r.year,
    r.tertial,
    r.start_date,
    r.end_date,
    r.as_of,
    r.report_count,
    coalesce(g.goal_count, 0)              AS goal_count,
    coalesce(g.graded_goal_count, 0)       AS graded_goal_count,
    row_number() OVER (
        ORDER BY coalesce(g.graded_goal_count, 0) > 0 DESC, r.year DESC, r.tertial DESC
    ) = 1                                  AS is_default
FROM reported r
LEFT JOIN goal_counts g ON g.period = r.period_key
ORDER BY r.year DESC, r.tertial DESC;

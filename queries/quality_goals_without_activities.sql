-- Datakvalitet, rule "goals without activities": the goals a period's reports present
-- under which no report of the period lists an activity, in periods whose reports list
-- activities at all (a report without activity tables, such as 2023-T1's, is no finding
-- for each of its goals). A KF goal counts as served when one of its KS goals is (the KS
-- goals carry the activities); ks_goals says how many KS goals of it the period presents.
-- When two reports of a period present the goal, the later report is the source.
-- Params: $organisation (its name); $period (NULL: all); $focus_area (the vision's; NULL: all).
WITH presented AS (
    SELECT *
    FROM goal_assessments
    WHERE organisation = $organisation
    QUALIFY row_number() OVER (PARTITION BY period, goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
served AS (
    SELECT DISTINCT period, goal_id
    FROM activity_statuses
    WHERE organisation = $organisation
),
served_through_ks_goals AS (
    SELECT DISTINCT s.period, g.parent_goal_id AS goal_id
    FROM served s
    JOIN goals g ON g.goal_id = s.goal_id
    WHERE g.parent_goal_id IS NOT NULL
),
ks_goals AS (
    SELECT p.period, g.parent_goal_id AS goal_id, count(*) AS ks_goals
    FROM presented p
    JOIN goals g ON g.goal_id = p.goal_id
    WHERE g.parent_goal_id IS NOT NULL
    GROUP BY ALL
)
SELECT
    p.period,
    p.as_of,
    p.goal_id,
    p.goal_code,
    p.goal_title,
    p.goal_level,
    p.vision_focus_area,
    coalesce(k.ks_goals, 0)  AS ks_goals,
    p.report_file,
    p.source_line
FROM presented p
LEFT JOIN ks_goals k ON k.period = p.period AND k.goal_id = p.goal_id
WHERE ($period IS NULL OR p.period = $period)
  AND ($focus_area IS NULL OR p.vision_focus_area = $focus_area)
  AND p.period IN (SELECT period FROM served)
  AND NOT EXISTS (SELECT 1 FROM served s WHERE s.period = p.period AND s.goal_id = p.goal_id)
  AND NOT EXISTS (SELECT 1 FROM served_through_ks_goals s WHERE s.period = p.period AND s.goal_id = p.goal_id)
ORDER BY p.period, p.as_of, p.report_file, p.source_line;

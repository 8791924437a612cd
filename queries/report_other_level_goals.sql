-- The goals a tertial report at one goal level leaves out (tertial/report): the period's
-- goals at the other level that are not the KF goal of any goal it shows, each with its
-- activity entries (one per activity per goal), so that the report can say which goals and
-- activities its figures do not count. 2024-T1's KS report leaves out the KF goal
-- "Sjukfrånvaron ska minska" and its two activities; 2023-T2's leaves out KF goal 2.13,
-- which has no KS goal. When two reports present a goal, the later one's line is given.
-- Params: $organisation (its name); $period; $goal_level (the level shown); $focus_area (NULL: all).
WITH shown AS (
    SELECT a.goal_id, g.parent_goal_id
    FROM goal_assessments a
    JOIN goals g ON g.goal_id = a.goal_id
    WHERE a.organisation = $organisation AND a.period = $period AND a.goal_level = $goal_level
),
left_out AS (
    SELECT *
    FROM goal_assessments
    WHERE organisation = $organisation AND period = $period AND goal_level <> $goal_level
      AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
      AND goal_id NOT IN (SELECT parent_goal_id FROM shown WHERE parent_goal_id IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY as_of DESC, report_file DESC) = 1
)
SELECT
    l.goal_id,
    l.goal_code,
    l.goal_title,
    l.goal_level,
    coalesce(l.vision_focus_area, 'Utan fokusområde') AS vision_focus_area,
    l.report_file,
    l.source_line,
    (SELECT count(*) FROM activity_statuses s
     WHERE s.organisation = $organisation AND s.period = $period AND s.goal_id = l.goal_id) AS activity_count
FROM left_out l
ORDER BY l.as_of, l.report_file, l.source_line;

-- The goals a period's reports present, one row per goal in the reports' order, with
-- the grade (NULL: Ej bedömd), the vision's focus area (via the crosswalk for 2024 goals,
-- vision_focus_area_source says so), and how many activities the period reports under
-- the goal and how many of them are overdue as of their report's own as-of date.
-- goal_key: the goal's key in links (goal_keys).
-- When two reports of a period present the same goal, the later report has the last word.
-- Params: $organisation (its name); $period; $focus_area (the vision's focus area; NULL: all).
WITH period_goals AS (
    SELECT *
    FROM goal_assessments
    WHERE organisation = $organisation AND period = $period
      AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
period_activities AS (
    SELECT
        goal_id,
        count(DISTINCT activity_id)                         AS activities,
        count(DISTINCT activity_id) FILTER (WHERE overdue)  AS overdue_activities
    FROM activity_statuses
    WHERE organisation = $organisation AND period = $period
    GROUP BY goal_id
)
SELECT
    g.goal_id,
    k.goal_key,
    g.goal_code,
    g.goal_title,
    g.goal_level,
    g.focus_area,
    g.area_kind,
    g.vision_focus_area,
    g.vision_focus_area_source,
    g.grade,
    coalesce(a.activities, 0)           AS activities,
    coalesce(a.overdue_activities, 0)   AS overdue_activities,
    g.parent_goal_title,
    g.period,
    g.as_of,
    g.report_file,
    g.source_line,
    g.grade_line
FROM period_goals g
LEFT JOIN period_activities a ON a.goal_id = g.goal_id
JOIN goal_keys k              ON k.goal_id = g.goal_id
ORDER BY g.as_of, g.report_file, g.source_line;

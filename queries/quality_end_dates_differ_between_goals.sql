-- Datakvalitet, rule "one activity, different end dates": every entry of an activity
-- that one report lists under several goals with different end dates (a missing end
-- date counts as one of them), one row per goal, with the activity's other entries in
-- that report (goal code, end date, line) in others.
-- Params: $organisation (its name); $period (NULL: all); $focus_area (the vision's; NULL: all).
WITH entries AS (
    SELECT *
    FROM activity_statuses
    WHERE organisation = $organisation
),
differing AS (
    SELECT report_id, activity_id
    FROM entries
    GROUP BY report_id, activity_id
    HAVING count(DISTINCT coalesce(end_date, DATE '0001-01-01')) > 1
)
SELECT
    e.period,
    e.as_of,
    e.goal_id,
    e.goal_code,
    e.goal_title,
    e.goal_level,
    e.vision_focus_area,
    e.activity_id,
    e.activity_title,
    e.status,
    e.end_date,
    (
        SELECT list({'goal_code': o.goal_code, 'goal_title': o.goal_title, 'end_date': o.end_date,
                     'source_line': o.source_line} ORDER BY o.source_line)
        FROM entries o
        WHERE o.report_id = e.report_id AND o.activity_id = e.activity_id AND o.goal_id <> e.goal_id
    ) AS others,
    e.report_file,
    e.source_line
FROM entries e
JOIN differing d ON d.report_id = e.report_id AND d.activity_id = e.activity_id
WHERE ($period IS NULL OR e.period = $period)
  AND ($focus_area IS NULL OR e.vision_focus_area = $focus_area)
ORDER BY e.period, e.as_of, e.report_file, e.source_line;

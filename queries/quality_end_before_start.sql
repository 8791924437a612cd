-- Datakvalitet, rule "end date before start date": activity entries whose end date, as
-- printed under their goal, lies before their start date.
-- Params: $organisation (its name); $period (NULL: all); $focus_area (the vision's; NULL: all).
SELECT
    period,
    as_of,
    goal_id,
    goal_code,
    goal_title,
    goal_level,
    vision_focus_area,
    activity_id,
    activity_title,
    status,
    start_date,
    end_date,
    report_file,
    source_line
FROM activity_statuses
WHERE organisation = $organisation
  AND end_date < start_date
  AND ($period IS NULL OR period = $period)
  AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
ORDER BY period, as_of, report_file, source_line;

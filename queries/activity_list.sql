-- Every activity entry of a period, one row per activity per goal per report (the same
-- activity under three goals is three rows, each with its own dates), in the reports'
-- order. overdue and days_overdue hold as of the report's own as-of date (the view's
-- definition); overdue_on_date and days_overdue_on_date as of a chosen date, with the
-- status still the one the report gave on its as-of date. goal_key: the goal's key in links.
-- Params: $organisation (its name); $period; $focus_area (NULL: all); $unit (NULL: all); $on_date (a DATE).
SELECT
    goal_code,
    goal_title,
    activity_title,
    status,
    start_date,
    end_date,
    responsible_unit,
    comment,
    overdue,
    CASE WHEN overdue THEN date_diff('day', end_date, as_of) END              AS days_overdue,
    coalesce(end_date < CAST($on_date AS DATE) AND status NOT LIKE 'Avslutad%', false)
                                                                              AS overdue_on_date,
    CASE WHEN end_date < CAST($on_date AS DATE) AND status NOT LIKE 'Avslutad%'
         THEN date_diff('day', end_date, CAST($on_date AS DATE)) END          AS days_overdue_on_date,
    report_file,
    source_line,
    as_of,
    period,
    vision_focus_area,
    status_as_printed,
    description,
    s.goal_id,
    k.goal_key,
    activity_id
FROM activity_statuses s
JOIN goal_keys k ON k.goal_id = s.goal_id
WHERE organisation = $organisation AND period = $period
  AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
  AND ($unit IS NULL OR responsible_unit = $unit)
ORDER BY as_of, report_file, source_line, goal_code;

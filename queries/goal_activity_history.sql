-- Every activity entry of every goal in every report, oldest period first, in the
-- reports' order: its status, dates, whether it is overdue as of the report's own as-of
-- date, and the file and line it was read from. The same activity under two goals is
-- two rows, each with the dates printed under that goal. goal_key: the goal's key in links.
-- No parameters: the page picks one goal's rows (or the rows of the goals it lists).
-- Params: $organisation (its name).
SELECT
    s.goal_id,
    k.goal_key,
    goal_code,
    period,
    as_of,
    activity_id,
    activity_title,
    status,
    start_date,
    end_date,
    overdue,
    responsible_unit,
    comment,
    report_file,
    source_line
FROM activity_statuses s
JOIN goal_keys k ON k.goal_id = s.goal_id
WHERE organisation = $organisation
ORDER BY s.goal_id, as_of, report_file, source_line;

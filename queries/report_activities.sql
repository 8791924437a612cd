-- The activity tables of a tertial report (tertial/report): every activity entry under the
-- period's goals at one goal level, optionally within one of the vision's focus areas, one
-- row per activity per goal per report (the same activity under two goals is two rows, each
-- with its own dates, as the reports print it), in the reports' order within each goal.
-- overdue holds as of the report's own as-of date (the view's definition), and days_overdue
-- counts to that date (NULL when not overdue).
-- Params: $organisation (its name); $period; $goal_level ('KS' or 'KF'); $focus_area (NULL: all).
SELECT
    goal_id,
    goal_code,
    activity_id,
    activity_title,
    status,
    start_date,
    end_date,
    responsible_unit,
    comment,
    overdue,
    CASE WHEN overdue THEN date_diff('day', end_date, as_of) END AS days_overdue,
    as_of,
    report_file,
    source_line
FROM activity_statuses
WHERE organisation = $organisation AND period = $period AND goal_level = $goal_level
  AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
ORDER BY goal_id, as_of, report_file, source_line;

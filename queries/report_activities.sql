-- The activity tables of a tertial report (tertial/report): every activity entry under the
-- period's goals at one goal level, optionally within one of the vision's focus areas, one
-- row per activity per goal per report (the same activity under two goals is two rows, each
-- with its own dates, as the reports print it), in the reports' order within each goal.
-- overdue holds as of the report's own as-of date (the view's definition), and days_overdue
-- counts to that date (NULL when not overdue). title_as_printed is the title with the marks
-- the report gave it ("Projekt Ångemodellen Unga *", 001 rad 266, which a footnote under the
-- goal refers to); activity_title is the activity's own name.
-- Params: $organisation (its name); $period; $goal_level ('KS' or 'KF'); $focus_area (NULL: all).
SELECT
    s.goal_id,
    s.goal_code,
    s.activity_id,
    s.activity_title,
    coalesce(nullif(trim(r.title_as_printed), ''), s.activity_title) AS title_as_printed,
    s.status,
    s.start_date,
    s.end_date,
    s.responsible_unit,
    s.comment,
    s.overdue,
    CASE WHEN s.overdue THEN date_diff('day', s.end_date, s.as_of) END AS days_overdue,
    s.as_of,
    s.report_file,
    s.source_line
FROM activity_statuses s
LEFT JOIN activity_reports r
    ON r.activity_id = s.activity_id AND r.goal_id = s.goal_id AND r.report_id = s.report_id
   AND r.source_line = s.source_line
WHERE s.organisation = $organisation AND s.period = $period AND s.goal_level = $goal_level
  AND ($focus_area IS NULL OR s.vision_focus_area = $focus_area)
ORDER BY s.goal_id, s.as_of, s.report_file, s.source_line;

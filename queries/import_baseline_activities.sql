-- The activities of the reports an import is compared with ($report_ids, as in
-- import_baseline_goals), with status, dates, unit and texts.
-- Params: $report_ids (list of report ids; empty: nothing).
SELECT goal_title, activity_title, status, start_date, end_date, responsible_unit, description, comment,
       period, report_file, report_id
FROM activity_statuses
WHERE list_contains($report_ids, report_id)
ORDER BY goal_title, activity_title;

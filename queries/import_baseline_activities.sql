-- The activities as the database knows them just before a report is loaded: those of
-- the report it replaces ($report_file), else those of the latest period before $period.
SELECT goal_title, activity_title, status, end_date, period, report_file
FROM activity_statuses
WHERE CASE
    WHEN $report_file IS NOT NULL THEN report_file = $report_file
    ELSE period = (SELECT max(period) FROM activity_statuses WHERE period < $period)
END
ORDER BY goal_title, activity_title;

-- The goals as the database knows them just before a report is loaded: those of the
-- report it replaces ($report_file), else those of the latest period before $period.
SELECT goal_title, goal_code, goal_level, grade, period, report_file
FROM goal_assessments
WHERE CASE
    WHEN $report_file IS NOT NULL THEN report_file = $report_file
    ELSE period = (SELECT max(period) FROM goal_assessments WHERE period < $period)
END
ORDER BY goal_code NULLS LAST, goal_title;

-- The goals of the reports an import is compared with ($report_ids: the report in the
-- slot it would replace, else the reports of the previous period), with everything a
-- person compares: number, grade and analysis.
-- Params: $report_ids (list of report ids; empty: nothing).
SELECT goal_title, goal_code, goal_level, grade, comment, period, report_file, report_id
FROM goal_assessments
WHERE list_contains($report_ids, report_id)
ORDER BY goal_code NULLS LAST, goal_title;

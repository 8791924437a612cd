-- The narrative sections of one report (introductions, summaries, a memo's text), in
-- document order. Params: $report_id.
SELECT position, heading, text, source_line
FROM report_sections
WHERE report_id = $report_id
ORDER BY position;

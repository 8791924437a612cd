-- The stored file of one report (its name and bytes), for Rapporter to show a linked line
-- of its text as the reader numbered it. Params: $report_id.
SELECT file_name, content
FROM report_files
WHERE report_id = $report_id;

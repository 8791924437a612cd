-- What the reader noted about one report: lines it could not place, page furniture it
-- skipped, interpretations made on the manifest's say-so. Params: $report_id.
SELECT source_line, kind, message, line_text
FROM reading_notes
WHERE report_id = $report_id
ORDER BY source_line, kind;

-- The stored file of each report of one organisation that has narrative text (sections
-- or an area's text), for the search page to number that text's lines as the reader did:
-- report_file, the file's bytes (content) and the lines the reader skipped as page
-- furniture or an empty form field (skipped_lines), which are no text of the report's own.
-- Params: $organisation (its name).
SELECT
    r.file_name AS report_file,
    f.content,
    coalesce((SELECT list(n.source_line ORDER BY n.source_line) FROM reading_notes n
              WHERE n.report_id = r.report_id AND n.kind IN ('sidhuvud/sidfot', 'formulärrest')),
             []::INTEGER[]) AS skipped_lines
FROM reports r
JOIN organisations o USING (organisation_id)
JOIN report_files f USING (report_id)
WHERE o.name = $organisation
  AND (EXISTS (SELECT 1 FROM report_sections s WHERE s.report_id = r.report_id)
       OR EXISTS (SELECT 1 FROM area_texts t WHERE t.report_id = r.report_id))
ORDER BY r.file_name;

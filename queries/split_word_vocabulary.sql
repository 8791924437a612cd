-- The texts whose words an organisation's earlier reports use: the titles of its goals
-- and activities (stored and as printed), its areas, its reporting units and the units
-- responsible for activities, its status words as printed and as decided. The import
-- joins a word a narrow PDF column broke mid-word when these words know it
-- (tertial.split_words).
-- Params: $organisation_id.
WITH own_reports AS (
    SELECT report_id, unit FROM reports WHERE organisation_id = $organisation_id
),
texts AS (
    SELECT title AS text FROM goals WHERE organisation_id = $organisation_id
    UNION ALL
    SELECT gr.title_as_printed FROM goal_reports gr JOIN own_reports USING (report_id)
    UNION ALL
    SELECT title FROM activities WHERE organisation_id = $organisation_id
    UNION ALL
    SELECT ar.title_as_printed FROM activity_reports ar JOIN own_reports USING (report_id)
    UNION ALL
    SELECT ar.responsible_unit FROM activity_reports ar JOIN own_reports USING (report_id)
    UNION ALL
    SELECT ar.status_as_printed FROM activity_reports ar JOIN own_reports USING (report_id)
    UNION ALL
    SELECT unit FROM own_reports
    UNION ALL
    SELECT name FROM areas WHERE organisation_id = $organisation_id
    UNION ALL
    SELECT printed FROM status_aliases WHERE organisation_id = $organisation_id
)
SELECT DISTINCT text
FROM texts
WHERE text IS NOT NULL AND text <> ''
ORDER BY text;

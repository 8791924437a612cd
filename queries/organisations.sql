-- The organisations in the database, the one with the most reports first (ties by
-- name): the organisation filter's choices, its default first.
SELECT o.name AS organisation, count(r.report_id) AS report_count
FROM organisations o
LEFT JOIN reports r USING (organisation_id)
GROUP BY o.name
ORDER BY report_count DESC, o.name;

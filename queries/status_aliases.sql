-- The status words the organisations have decided (printed words outside the six
-- statuses, each mapped to one of them once), with who decided, when and where.
SELECT o.name AS organisation, s.printed, s.status, s.source, s.decided_by, s.decided_at
FROM status_aliases s
JOIN organisations o USING (organisation_id)
ORDER BY o.name, s.printed_key;

-- Per organisation: its name, and the count and a fingerprint (the sum of the rows'
-- hashes) of every row its public rows (goal_assessments, activity_statuses) and its
-- goals' link keys (goal_keys) are made from. tertial.derived compares them with those
-- the last write recorded (source_fingerprints) to find the organisations a write changed.
-- A row counts for the organisation it belongs to: a report's goal and activity rows for
-- the report's, a crosswalk row for its goal's. The integrity check refuses a row that
-- reads another organisation's row, so nothing else changes an organisation's public
-- rows. A change in how this is made (or in DuckDB's hash) only makes the next write
-- compare every organisation once. tests/test_derived.py checks that every table the
-- views read is here.
WITH parts AS (
    SELECT organisation_id, count(*) AS n, sum(hash(t)::HUGEINT) AS h FROM organisations t GROUP BY organisation_id
    UNION ALL
    SELECT organisation_id, count(*), sum(hash(t)::HUGEINT) FROM reports t GROUP BY organisation_id
    UNION ALL
    SELECT organisation_id, count(*), sum(hash(t)::HUGEINT) FROM goals t GROUP BY organisation_id
    UNION ALL
    SELECT organisation_id, count(*), sum(hash(t)::HUGEINT) FROM areas t GROUP BY organisation_id
    UNION ALL
    SELECT organisation_id, count(*), sum(hash(t)::HUGEINT) FROM activities t GROUP BY organisation_id
    UNION ALL
    SELECT g.organisation_id, count(*), sum(hash(t)::HUGEINT)
    FROM focus_area_crosswalk t JOIN goals g USING (goal_id)
    GROUP BY g.organisation_id
    UNION ALL
    -- per report first: grouping 578,000 rows by 9,000 reports, then those by organisation
    SELECT r.organisation_id, sum(x.n), sum(x.h)
    FROM (SELECT report_id, count(*) AS n, sum(hash(t)::HUGEINT) AS h FROM goal_reports t GROUP BY report_id) x
    JOIN reports r USING (report_id)
    GROUP BY r.organisation_id
    UNION ALL
    SELECT r.organisation_id, sum(x.n), sum(x.h)
    FROM (SELECT report_id, count(*) AS n, sum(hash(t)::HUGEINT) AS h FROM activity_reports t GROUP BY report_id) x
    JOIN reports r USING (report_id)
    GROUP BY r.organisation_id
)
SELECT
    p.organisation_id,
    o.name,
    sum(p.n)::BIGINT           AS rows,
    sum(p.h)::DECIMAL(38, 0)   AS fingerprint
FROM parts p
LEFT JOIN organisations o USING (organisation_id)
GROUP BY p.organisation_id, o.name
ORDER BY p.organisation_id;

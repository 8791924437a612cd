-- Every tertial from the first to the last year in the data and how many reports it has,
-- oldest first, so that a tertial without a report shows as a gap.
SELECT
    p.period_key              AS period,
    p.start_date,
    p.end_date,
    count(r.report_id)        AS report_count
FROM periods p
LEFT JOIN reports r ON r.period_key = p.period_key
GROUP BY p.period_key, p.start_date, p.end_date, p.year, p.tertial
ORDER BY p.year, p.tertial;

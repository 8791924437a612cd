-- Every tertial from the first to the last year in the data and how many reports it has,
-- oldest first, so that a tertial without a report shows as a gap.
-- Params: $organisation (its name).
SELECT period, start_date, end_date, report_count
FROM tertial_coverage
WHERE organisation = $organisation
ORDER BY year, tertial;

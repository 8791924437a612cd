-- Several organisations in one database: the shared lists name their organisation, so
-- that every query can keep to the one the user looks at. (Periods are the calendar's
-- and shared; which of them an organisation has reports for is its own.)

CREATE OR REPLACE VIEW vision_focus_areas AS
SELECT o.name AS organisation, a.name AS focus_area, min(a.area_id) AS area_order
FROM areas a
JOIN organisations o USING (organisation_id)
WHERE a.kind = 'fokusområde'
GROUP BY o.name, a.name;

CREATE OR REPLACE VIEW tertial_coverage AS
SELECT
    o.name             AS organisation,
    p.period_key       AS period,
    p.year,
    p.tertial,
    p.start_date,
    p.end_date,
    count(r.report_id) AS report_count
FROM periods p
CROSS JOIN organisations o
LEFT JOIN reports r ON r.period_key = p.period_key AND r.organisation_id = o.organisation_id
GROUP BY o.name, p.period_key, p.year, p.tertial, p.start_date, p.end_date;

-- Two lists several queries need, defined once: the vision's focus areas in the order
-- the reports first present them, and every tertial with how many reports it has (also
-- tertials without any, so that gaps show).

CREATE VIEW vision_focus_areas AS
SELECT name AS focus_area, min(area_id) AS area_order
FROM areas
WHERE kind = 'fokusområde'
GROUP BY name;

CREATE VIEW tertial_coverage AS
SELECT
    p.period_key       AS period,
    p.year,
    p.tertial,
    p.start_date,
    p.end_date,
    count(r.report_id) AS report_count
FROM periods p
LEFT JOIN reports r ON r.period_key = p.period_key
GROUP BY p.period_key, p.year, p.tertial, p.start_date, p.end_date;

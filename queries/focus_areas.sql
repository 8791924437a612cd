-- The vision's focus areas (fokusområden), in the order the reports first present them.
-- 2024 goals belong to målområden; they reach a focus area through the crosswalk.
SELECT name AS focus_area
FROM areas
WHERE kind = 'fokusområde'
GROUP BY name
ORDER BY min(area_id);

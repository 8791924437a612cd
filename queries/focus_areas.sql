-- The vision's focus areas (fokusområden), in the order the reports first present them.
-- 2024 goals belong to målområden; they reach a focus area through the crosswalk.
-- Params: $organisation (its name).
SELECT focus_area
FROM vision_focus_areas
WHERE organisation = $organisation
ORDER BY area_order;

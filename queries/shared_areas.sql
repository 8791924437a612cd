-- The shared areas for comparisons across organisations (data/shared_areas.csv, loaded
-- by tertial.shared_areas), in the list's order, with their descriptions.
-- Params: none.
SELECT shared_area, description
FROM shared_areas
ORDER BY position;

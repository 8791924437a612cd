-- An organisation's goal models as its own reports give them: per model year and kind of
-- area (fokusområde, målområde, verksamhetsmål …), the areas its goals stand in, in the
-- order the reports name them. Trender says from this how the goals are grouped.
-- Params: $organisation (its name).
SELECT g.model_year AS year, a.kind, list(a.name ORDER BY a.area_id) AS areas
FROM (
    SELECT DISTINCT g.model_year, g.area_id
    FROM goals g
    JOIN organisations o USING (organisation_id)
    WHERE o.name = $organisation
) g
JOIN areas a USING (area_id)
GROUP BY g.model_year, a.kind
ORDER BY g.model_year, min(a.area_id);

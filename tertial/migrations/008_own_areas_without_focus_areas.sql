-- An organisation whose reports group goals in areas of their own but never in focus
-- areas (fokusområden: målområden, perspektiv …) is followed over time by those areas:
-- they are its focus areas on every page (the filter, Översikt per area, Trender's rows).
-- An organisation with focus areas is unchanged: its other areas reach a focus area only
-- through its crosswalk, as before (Ånge's 2024 målområden).

CREATE OR REPLACE VIEW goal_areas AS
WITH focus AS (
    SELECT organisation_id, bool_or(kind = 'fokusområde') AS has_focus_areas
    FROM areas
    GROUP BY organisation_id
)
SELECT
    g.goal_id,
    own_area.name AS focus_area,
    own_area.kind AS area_kind,
    coalesce(vision_area.name,
             CASE WHEN own_area.kind = 'fokusområde' OR NOT focus.has_focus_areas THEN own_area.name END)
                  AS vision_focus_area,
    CASE WHEN cw.goal_id IS NOT NULL THEN 'korsreferens'
         WHEN own_area.kind = 'fokusområde' OR NOT focus.has_focus_areas THEN 'rapport' END
                  AS vision_focus_area_source
FROM goals g
LEFT JOIN areas own_area ON own_area.area_id = g.area_id
LEFT JOIN focus ON focus.organisation_id = g.organisation_id
LEFT JOIN focus_area_crosswalk cw ON cw.goal_id = g.goal_id
LEFT JOIN areas vision_area ON vision_area.area_id = cw.area_id;

CREATE OR REPLACE VIEW vision_focus_areas AS
SELECT o.name AS organisation, a.name AS focus_area, min(a.area_id) AS area_order
FROM areas a
JOIN organisations o USING (organisation_id)
WHERE a.kind = 'fokusområde'
   OR NOT EXISTS (SELECT 1 FROM areas f WHERE f.organisation_id = a.organisation_id AND f.kind = 'fokusområde')
GROUP BY o.name, a.name;

-- The public tables of the organisations this changes, as tertial.derived keeps them.
CREATE TEMP TABLE own_area_organisations AS
SELECT o.name FROM organisations o
WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.organisation_id = o.organisation_id AND a.kind = 'fokusområde');
DELETE FROM goal_assessments WHERE organisation IN (SELECT name FROM own_area_organisations);
INSERT INTO goal_assessments SELECT * FROM goal_assessments_computed
WHERE organisation IN (SELECT name FROM own_area_organisations) ORDER BY period, organisation, report_id, goal_id;
DELETE FROM activity_statuses WHERE organisation IN (SELECT name FROM own_area_organisations);
INSERT INTO activity_statuses SELECT * FROM activity_statuses_computed
WHERE organisation IN (SELECT name FROM own_area_organisations)
ORDER BY period, organisation, report_id, goal_id, activity_id;
DROP TABLE own_area_organisations;

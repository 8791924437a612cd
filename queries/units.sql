-- Units named as responsible for at least one activity.
-- Params: $organisation (its name).
SELECT DISTINCT responsible_unit AS unit
FROM activity_statuses
WHERE organisation = $organisation AND responsible_unit IS NOT NULL
ORDER BY unit;

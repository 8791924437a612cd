-- Units named as responsible for at least one activity.
SELECT DISTINCT responsible_unit AS unit
FROM activity_statuses
WHERE responsible_unit IS NOT NULL
ORDER BY unit;

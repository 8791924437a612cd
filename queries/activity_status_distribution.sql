-- Activity entries per status for one period, optionally one focus area and unit,
-- with how many of them are overdue as of the report's own date. Rows by status name, so
-- that the same data gives the same rows in the same order (charts order them canonically).
-- Params: $organisation (its name); $period; $focus_area (NULL: all); $unit (NULL: all).
SELECT status, count(*) AS activities, count(*) FILTER (WHERE overdue) AS overdue
FROM activity_statuses
WHERE organisation = $organisation AND period = $period
  AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
  AND ($unit IS NULL OR responsible_unit = $unit)
GROUP BY ALL
ORDER BY status;

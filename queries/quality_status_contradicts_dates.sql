-- Datakvalitet, rule "status that contradicts the dates", as of each report's own as-of
-- date: "Pågående enligt plan" at least $grace_days days after the end date, and
-- "Ej påbörjad" at least $grace_days days after the start date (after the end date when
-- the report gives no start date). "Pågående med avvikelse" and "Vänteläge" say that
-- something is off, so they contradict nothing; the overdue view on Aktiviteter lists them.
-- passed_date names the date passed ('slutdatum' or 'startdatum'), days_past how long ago.
-- Params: $organisation (its name); $period (NULL: all); $focus_area (the vision's; NULL: all);
-- $grace_days (an integer, tertial.quality.GRACE_DAYS).
WITH checked AS (
    SELECT
        *,
        CASE
            WHEN status = 'Pågående enligt plan' THEN 'slutdatum'
            WHEN status = 'Ej påbörjad' AND start_date IS NOT NULL THEN 'startdatum'
            WHEN status = 'Ej påbörjad' THEN 'slutdatum'
        END AS passed_date
    FROM activity_statuses
    WHERE organisation = $organisation
      AND status IN ('Pågående enligt plan', 'Ej påbörjad')
      AND ($period IS NULL OR period = $period)
      AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
),
measured AS (
    SELECT
        *,
        date_diff('day', CASE passed_date WHEN 'startdatum' THEN start_date ELSE end_date END, as_of) AS days_past
    FROM checked
)
SELECT
    period,
    as_of,
    goal_id,
    goal_code,
    goal_title,
    goal_level,
    vision_focus_area,
    activity_id,
    activity_title,
    status,
    start_date,
    end_date,
    passed_date,
    days_past,
    report_file,
    source_line
FROM measured
WHERE days_past >= CAST($grace_days AS INTEGER)
ORDER BY period, as_of, report_file, source_line;

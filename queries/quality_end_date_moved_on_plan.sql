-- Datakvalitet, rule "end date moved without a deviation": an activity entry whose
-- status is "… enligt plan" although its end date is later than in the latest earlier
-- tertial that lists the activity. Compared with the same goal's entry there when the
-- activity served that goal, else with the latest of its end dates there. The previous
-- entry's period, end date, status, file and line come along.
-- Params: $organisation (its name); $period (the later tertial; NULL: all); $focus_area
-- (the vision's; NULL: all).
WITH entries AS (
    SELECT *
    FROM activity_statuses
    WHERE organisation = $organisation
),
pairs AS (
    SELECT
        l.*,
        e.period        AS previous_period,
        e.end_date      AS previous_end_date,
        e.status        AS previous_status,
        e.report_file   AS previous_report_file,
        e.source_line   AS previous_source_line,
        e.goal_id = l.goal_id AS same_goal
    FROM entries l
    JOIN entries e ON e.activity_id = l.activity_id AND e.period < l.period
    WHERE l.status IN ('Pågående enligt plan', 'Avslutad enligt plan')
      AND ($period IS NULL OR l.period = $period)
      AND ($focus_area IS NULL OR l.vision_focus_area = $focus_area)
),
latest_previous AS (
    SELECT *
    FROM pairs
    QUALIFY previous_period = max(previous_period) OVER (PARTITION BY report_id, goal_id, activity_id)
),
compared AS (
    SELECT *
    FROM latest_previous
    QUALIFY same_goal OR NOT bool_or(same_goal) OVER (PARTITION BY report_id, goal_id, activity_id)
),
nearest AS (
    SELECT *
    FROM compared
    QUALIFY row_number() OVER (
        PARTITION BY report_id, goal_id, activity_id
        ORDER BY previous_end_date DESC NULLS LAST, previous_report_file, previous_source_line
    ) = 1
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
    end_date,
    previous_period,
    previous_end_date,
    previous_status,
    date_diff('day', previous_end_date, end_date)  AS days_moved,
    previous_report_file,
    previous_source_line,
    report_file,
    source_line
FROM nearest
WHERE end_date > previous_end_date
ORDER BY period, as_of, report_file, source_line;

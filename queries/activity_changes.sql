-- The activities of two periods, side by side in long form: one row per activity per
-- goal per period (side 'from' for $from_period, 'to' for $to_period) with its status,
-- dates, unit, its goal's key in links (goal_keys) and whether it was overdue as of its report's own as-of date (the view's
-- overdue). tertial.changes pairs the rows (same activity under the same goal, else the
-- same activity alone) and finds status changes, new, finished and dropped activities,
-- moved end dates and the newly overdue. When two reports of a period present the same
-- activity under the same goal, the later report has the last word. An entry is kept
-- when it lies in the focus area and unit in either period, so that a filter never
-- splits a pair.
-- Params: $organisation (its name); $from_period, $to_period; $focus_area (NULL: all); $unit (NULL: all).
WITH sides AS (
    SELECT
        CASE WHEN period = $from_period THEN 'from' ELSE 'to' END AS side,
        period,
        as_of,
        activity_id,
        activity_title,
        s.goal_id,
        k.goal_key,
        goal_code,
        goal_title,
        goal_level,
        status,
        start_date,
        end_date,
        responsible_unit,
        overdue,
        vision_focus_area,
        report_file,
        source_line
    FROM activity_statuses s
    JOIN goal_keys k ON k.goal_id = s.goal_id
    WHERE organisation = $organisation AND period IN ($from_period, $to_period)
    QUALIFY row_number() OVER (PARTITION BY period, activity_id, s.goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
kept AS (
    SELECT DISTINCT activity_id, goal_id
    FROM sides
    WHERE ($focus_area IS NULL OR vision_focus_area = $focus_area)
      AND ($unit IS NULL OR responsible_unit = $unit)
)
SELECT s.*
FROM sides s
SEMI JOIN kept k ON k.activity_id = s.activity_id AND k.goal_id = s.goal_id
ORDER BY s.side, s.as_of, s.report_file, s.source_line, s.goal_code;

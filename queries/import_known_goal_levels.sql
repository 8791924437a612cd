-- The goals an organisation's reports already present in one year's goal model, each with
-- its level, whether it sits under another goal, and the latest period presenting it: what
-- an import needs to keep a goal's level within the model year (tertial.known_levels).
-- The report a replacement would take the place of is left out: it is not known any more
-- once the replacement is loaded.
-- Params: $organisation_id; $model_year; $except_report_id (NULL: leave none out).
SELECT
    g.goal_id,
    g.title                          AS goal_title,
    g.level                          AS goal_level,
    g.parent_goal_id IS NOT NULL     AS has_parent,
    max(r.period_key)                AS period
FROM goals g
JOIN goal_reports gr ON gr.goal_id = g.goal_id
JOIN reports r ON r.report_id = gr.report_id
WHERE g.organisation_id = $organisation_id
  AND g.model_year = $model_year
  AND r.report_id IS DISTINCT FROM $except_report_id
GROUP BY g.goal_id, g.title, g.level, g.parent_goal_id
ORDER BY g.goal_id;

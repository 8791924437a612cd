-- Datakvalitet, rule "KF goals without KS goals": a KF goal presented in a report that
-- breaks KF goals down into KS goals (it presents at least one KS goal under its KF
-- goal), without any KS goal of its own in that report. Reports whose model has no KS
-- goals under KF goals (2023-T1's list of KF goals, 2024's goal areas) give nothing.
-- Params: $organisation (its name); $period (NULL: all); $focus_area (the vision's; NULL: all).
WITH presented AS (
    SELECT a.*, g.parent_goal_id
    FROM goal_assessments a
    JOIN goals g ON g.goal_id = a.goal_id
    WHERE a.organisation = $organisation
),
breaks_down AS (
    SELECT DISTINCT ks.report_id
    FROM presented ks
    JOIN presented kf ON kf.report_id = ks.report_id AND kf.goal_id = ks.parent_goal_id
)
SELECT
    kf.period,
    kf.as_of,
    kf.goal_id,
    kf.goal_code,
    kf.goal_title,
    kf.goal_level,
    kf.vision_focus_area,
    kf.report_file,
    kf.source_line
FROM presented kf
WHERE kf.goal_level = 'KF'
  AND kf.report_id IN (SELECT report_id FROM breaks_down)
  AND NOT EXISTS (
      SELECT 1 FROM presented ks WHERE ks.report_id = kf.report_id AND ks.parent_goal_id = kf.goal_id
  )
  AND ($period IS NULL OR kf.period = $period)
  AND ($focus_area IS NULL OR kf.vision_focus_area = $focus_area)
ORDER BY kf.period, kf.as_of, kf.report_file, kf.source_line;

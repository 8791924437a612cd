-- The goals of a tertial report (tertial/report), one row per goal of a period at one goal
-- level, optionally within one of the vision's focus areas: grouped by focus area in the
-- vision's order (goals without one last, as 'Utan fokusområde') and within a focus area in
-- the reports' order. Each with its grade (NULL: Ej bedömd), the report's analysis, its own
-- area (målområde in 2024), whether the crosswalk placed it in the focus area, the KF goal it
-- belongs to with that goal's number in the same report, and where it was read.
-- When two reports of a period present the same goal, the later report has the last word,
-- as in every count on Översikt.
-- Params: $organisation (its name); $period; $goal_level ('KS' or 'KF'); $focus_area (NULL: all).
WITH period_goals AS (
    SELECT *
    FROM goal_assessments
    WHERE organisation = $organisation AND period = $period AND goal_level = $goal_level
      AND ($focus_area IS NULL OR vision_focus_area = $focus_area)
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY as_of DESC, report_file DESC) = 1
)
SELECT
    g.goal_id,
    g.goal_code,
    g.goal_title,
    g.goal_level,
    g.grade,
    g.comment,
    g.focus_area,
    g.area_kind,
    coalesce(g.vision_focus_area, 'Utan fokusområde')  AS vision_focus_area,
    g.vision_focus_area_source,
    parent.goal_code                                   AS parent_goal_code,
    g.parent_goal_title,
    g.report_file,
    g.source_line,
    g.grade_line,
    g.as_of
FROM period_goals g
LEFT JOIN vision_focus_areas o ON o.organisation = g.organisation AND o.focus_area = g.vision_focus_area
LEFT JOIN goals own ON own.goal_id = g.goal_id
-- The KF goal's number as the same report prints it (2.1 for 2.1.1).
LEFT JOIN goal_reports parent ON parent.goal_id = own.parent_goal_id AND parent.report_id = g.report_id
ORDER BY o.area_order NULLS LAST, vision_focus_area, g.as_of, g.report_file, g.source_line;

-- Datakvalitet, rule "grade heading that contradicts the text": the reader's notes of
-- kind 'avvikelse' made at a goal's grade line (or heading) – the prose beneath says
-- another grade than the heading, and the heading stands as the assessment. Notes of the
-- same kind about an activity's dates are rule "end date before start date"'s.
-- Params: $organisation (its name); $period (NULL: all); $focus_area (the vision's; NULL: all).
SELECT
    g.period,
    g.as_of,
    g.goal_id,
    g.goal_code,
    g.goal_title,
    g.goal_level,
    g.vision_focus_area,
    g.grade,
    n.message,
    n.line_text,
    g.report_file,
    n.source_line
FROM reading_notes n
JOIN goal_assessments g
  ON g.report_id = n.report_id AND n.source_line IN (g.grade_line, g.source_line)
WHERE g.organisation = $organisation
  AND n.kind = 'avvikelse'
  AND ($period IS NULL OR g.period = $period)
  AND ($focus_area IS NULL OR g.vision_focus_area = $focus_area)
ORDER BY g.period, g.as_of, g.report_file, n.source_line;

-- What the search page (Sök) searches for one organisation, one row per document, in a
-- fixed order (equal scores keep it): kind 'Mål' (a goal's title, once per goal, with its
-- number and period in the newest report presenting it), 'Analys' (a goal's analysis
-- text, per report), 'Aktivitet' (an activity's title, once per goal it serves, newest
-- report), 'Kommentar' (an activity's description and status comment per report, once
-- where the report prints the same text under several goals) and 'Rapporttext' (a
-- narrative section or an area's text of a report, with the line its heading stands on;
-- tertial.search_documents splits it into the report's own lines).
-- Params: $organisation (its name).
WITH goals_newest AS (
    SELECT *
    FROM goal_assessments
    WHERE organisation = $organisation
    QUALIFY row_number() OVER (PARTITION BY goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
activities_newest AS (
    SELECT *
    FROM activity_statuses
    WHERE organisation = $organisation
    QUALIFY row_number() OVER (PARTITION BY activity_id, goal_id ORDER BY as_of DESC, report_file DESC) = 1
),
activity_texts AS (
    SELECT *, concat_ws(chr(10) || chr(10), nullif(trim(description), ''), nullif(trim(comment), '')) AS text
    FROM activity_statuses
    WHERE organisation = $organisation
      AND (nullif(trim(description), '') IS NOT NULL OR nullif(trim(comment), '') IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY activity_id, report_id, text ORDER BY source_line, goal_id) = 1
),
own_reports AS (
    SELECT r.report_id, r.period_key AS period, r.as_of, r.file_name
    FROM reports r
    JOIN organisations o USING (organisation_id)
    WHERE o.name = $organisation
),
documents AS (
    SELECT 1 AS kind_order, 'Mål' AS kind, period, as_of, goal_id, goal_code, goal_title,
           NULL AS activity_title, NULL AS heading, goal_title AS text, report_file, source_line
    FROM goals_newest
    UNION ALL
    SELECT 2, 'Analys', period, as_of, goal_id, goal_code, goal_title,
           NULL, NULL, comment, report_file, coalesce(grade_line, source_line)
    FROM goal_assessments
    WHERE organisation = $organisation AND nullif(trim(comment), '') IS NOT NULL
    UNION ALL
    SELECT 3, 'Aktivitet', period, as_of, goal_id, goal_code, goal_title,
           activity_title, NULL, activity_title, report_file, source_line
    FROM activities_newest
    UNION ALL
    SELECT 4, 'Kommentar', period, as_of, goal_id, goal_code, goal_title,
           activity_title, NULL, text, report_file, source_line
    FROM activity_texts
    UNION ALL
    SELECT 5, 'Rapporttext', r.period, r.as_of, NULL, NULL, NULL,
           NULL, s.heading, concat_ws(chr(10) || chr(10), nullif(s.heading, ''), nullif(s.text, '')), r.file_name, s.source_line
    FROM report_sections s
    JOIN own_reports r USING (report_id)
    WHERE nullif(trim(s.text), '') IS NOT NULL OR nullif(trim(s.heading), '') IS NOT NULL
    UNION ALL
    SELECT 5, 'Rapporttext', r.period, r.as_of, NULL, NULL, NULL,
           NULL, a.name, concat_ws(chr(10) || chr(10), a.name, t.text), r.file_name, t.source_line
    FROM area_texts t
    JOIN areas a USING (area_id)
    JOIN own_reports r USING (report_id)
)
SELECT d.kind, d.period, d.as_of, k.goal_key, d.goal_code, d.goal_title, d.activity_title, d.heading, d.text,
       d.report_file, d.source_line
FROM documents d
LEFT JOIN goal_keys k ON k.goal_id = d.goal_id
ORDER BY d.period DESC, d.kind_order, d.report_file, d.source_line, d.goal_code, d.activity_title, d.text;

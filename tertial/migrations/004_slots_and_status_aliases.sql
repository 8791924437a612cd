-- A report fills a slot: organisation, reporting body, unit and period. The views name
-- the report (report_id) and its slot, so that a count over several reports of one
-- period can say how it combines them, and so that a report is found by its identity
-- rather than by a file name that the next tertial may reuse.
--
-- Status words a person has decided (the manifest's status_aliases, a choice in the
-- Importera preview, --status-alias on the command line) are kept per organisation and
-- apply to every later import of that organisation; each use is an interpretation note.

CREATE TABLE status_aliases (
    organisation_id INTEGER NOT NULL,
    printed_key     VARCHAR NOT NULL,   -- the word as the reader compares it (tertial.vocabulary.status_alias_key)
    printed         VARCHAR NOT NULL,   -- the word as first decided, for people
    status          VARCHAR NOT NULL CHECK (status IN (
                        'Avslutad enligt plan', 'Avslutad med avvikelse',
                        'Pågående enligt plan', 'Pågående med avvikelse',
                        'Vänteläge', 'Ej påbörjad')),
    source          VARCHAR NOT NULL CHECK (source IN ('manifest', 'förhandsgranskning', 'kommandorad')),
    decided_by      VARCHAR NOT NULL,
    decided_at      TIMESTAMP NOT NULL,
    audit_id        INTEGER,            -- the change that recorded it (undone with it)
    PRIMARY KEY (organisation_id, printed_key)
);

CREATE OR REPLACE VIEW goal_assessments AS
SELECT
    o.name                         AS organisation,
    r.period_key                   AS period,
    r.as_of                        AS as_of,
    gr.goal_code                   AS goal_code,
    g.title                        AS goal_title,
    g.level                        AS goal_level,
    ga.focus_area                  AS focus_area,
    gr.grade                       AS grade,
    gr.comment                     AS comment,
    ga.area_kind                   AS area_kind,
    ga.vision_focus_area           AS vision_focus_area,
    ga.vision_focus_area_source    AS vision_focus_area_source,
    g.goal_id                      AS goal_id,
    parent.title                   AS parent_goal_title,
    r.file_name                    AS report_file,
    gr.source_line                 AS source_line,
    gr.grade_line                  AS grade_line,
    r.report_id                    AS report_id,
    r.body                         AS reporting_body,
    r.unit                         AS reporting_unit
FROM goal_reports gr
JOIN goals g             ON g.goal_id = gr.goal_id
JOIN goal_areas ga       ON ga.goal_id = g.goal_id
JOIN reports r           ON r.report_id = gr.report_id
JOIN organisations o     ON o.organisation_id = r.organisation_id
LEFT JOIN goals parent   ON parent.goal_id = g.parent_goal_id;

CREATE OR REPLACE VIEW activity_statuses AS
SELECT
    o.name                         AS organisation,
    r.period_key                   AS period,
    r.as_of                        AS as_of,
    gr.goal_code                   AS goal_code,
    g.title                        AS goal_title,
    a.title                        AS activity_title,
    ar.status                      AS status,
    ar.start_date                  AS start_date,
    ar.end_date                    AS end_date,
    ar.responsible_unit            AS responsible_unit,
    ar.comment                     AS comment,
    coalesce(ar.end_date < r.as_of AND ar.status NOT LIKE 'Avslutad%', false)
                                   AS overdue,
    ga.focus_area                  AS focus_area,
    ga.vision_focus_area           AS vision_focus_area,
    r.unit                         AS reporting_unit,
    ar.description                 AS description,
    ar.status_as_printed           AS status_as_printed,
    a.activity_id                  AS activity_id,
    g.goal_id                      AS goal_id,
    g.level                        AS goal_level,
    r.file_name                    AS report_file,
    ar.source_line                 AS source_line,
    r.report_id                    AS report_id,
    r.body                         AS reporting_body
FROM activity_reports ar
JOIN activities a        ON a.activity_id = ar.activity_id
JOIN goals g             ON g.goal_id = ar.goal_id
JOIN goal_areas ga       ON ga.goal_id = g.goal_id
JOIN reports r           ON r.report_id = ar.report_id
JOIN organisations o     ON o.organisation_id = r.organisation_id
LEFT JOIN goal_reports gr ON gr.goal_id = ar.goal_id AND gr.report_id = ar.report_id;

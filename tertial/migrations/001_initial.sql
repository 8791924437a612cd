-- The store: normalised tables, every row traceable to its report and source line,
-- and two public views (goal_assessments, activity_statuses) that pages, exports and
-- anyone with a SQL client read. Views are the stable interface; tables may evolve.
--
-- Columns named like another table's key (report_id, goal_id, …) refer to it, but are
-- not declared as foreign keys: DuckDB cannot delete a referenced row in the same
-- transaction that deleted the rows referring to it, and removing a report (undo,
-- replacement) must be one transaction. tests/test_integrity.py checks every reference.

CREATE TABLE organisations (
    organisation_id INTEGER PRIMARY KEY,
    name            VARCHAR NOT NULL UNIQUE
);

-- Every tertial from the first to the last year in the data, also those without a
-- report, so that gaps are visible rather than interpolated.
CREATE TABLE periods (
    period_key  VARCHAR PRIMARY KEY,          -- 'YYYY-Tn'
    year        INTEGER NOT NULL,
    tertial     INTEGER NOT NULL CHECK (tertial BETWEEN 1 AND 3),
    start_date  DATE NOT NULL,
    end_date    DATE NOT NULL
);

CREATE TABLE reports (
    report_id       INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    file_name       VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL UNIQUE,
    title           VARCHAR NOT NULL,
    body            VARCHAR NOT NULL,          -- reporting body, e.g. Kommunstyrelsen
    unit            VARCHAR,                   -- reporting unit, e.g. Stab
    kind            VARCHAR NOT NULL,          -- kind of document
    period_key      VARCHAR NOT NULL,
    as_of           DATE NOT NULL,
    period_note     VARCHAR,                   -- why this period and as-of date were chosen
    goal_model_year INTEGER NOT NULL,          -- which year's goal model the report follows
    line_count      INTEGER NOT NULL
);

-- Areas of a goal model: fokusområden (2023 and the vision), målområden (2024) and the
-- group of verksamhetsmål för god ekonomisk hushållning.
CREATE TABLE areas (
    area_id         INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    model_year      INTEGER NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('fokusområde', 'målområde', 'verksamhetsmål')),
    name            VARCHAR NOT NULL,
    UNIQUE (organisation_id, model_year, kind, name)
);

-- What a report says about an area (the vision text of a focus area, say).
CREATE TABLE area_texts (
    area_id     INTEGER NOT NULL,
    report_id   INTEGER NOT NULL,
    source_line INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    PRIMARY KEY (area_id, report_id)
);

CREATE TABLE goals (
    goal_id         INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    model_year      INTEGER NOT NULL,
    level           VARCHAR NOT NULL CHECK (level IN ('KF', 'KS')),
    title           VARCHAR NOT NULL,
    parent_goal_id  INTEGER,    -- the KF goal of a KS goal
    area_id         INTEGER     -- own area in its year's model
);

-- The vision's focus area of a goal whose own model has other areas (2024), read from
-- the user-editable crosswalk file. Goals of 2023 need no row: their area is a focus area.
CREATE TABLE focus_area_crosswalk (
    goal_id      INTEGER PRIMARY KEY,
    area_id      INTEGER NOT NULL,
    reason       VARCHAR,
    source_file  VARCHAR NOT NULL,
    source_line  INTEGER NOT NULL
);

-- A goal as one report presents it: its number there, its grade (NULL: not graded) and
-- the analysis text. One row per goal per report.
CREATE TABLE goal_reports (
    goal_id          INTEGER NOT NULL,
    report_id        INTEGER NOT NULL,
    goal_code        VARCHAR,
    title_as_printed VARCHAR NOT NULL,
    source_line      INTEGER NOT NULL,
    grade            VARCHAR CHECK (grade IN ('Uppfyllt', 'Delvis uppfyllt', 'Knappt uppfyllt', 'Ej uppfyllt')),
    grade_as_printed VARCHAR,
    grade_line       INTEGER,
    comment          VARCHAR,
    PRIMARY KEY (goal_id, report_id)
);

CREATE TABLE activities (
    activity_id     INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    title           VARCHAR NOT NULL
);

-- An activity's status under one goal in one report. The same activity under two
-- goals gives two rows, each with its own dates as printed there.
CREATE TABLE activity_reports (
    activity_id       INTEGER NOT NULL,
    goal_id           INTEGER NOT NULL,
    report_id         INTEGER NOT NULL,
    title_as_printed  VARCHAR NOT NULL,
    source_line       INTEGER NOT NULL,
    status            VARCHAR NOT NULL CHECK (status IN (
                          'Avslutad enligt plan', 'Avslutad med avvikelse',
                          'Pågående enligt plan', 'Pågående med avvikelse',
                          'Vänteläge', 'Ej påbörjad')),
    status_as_printed VARCHAR NOT NULL,
    start_date        DATE,
    end_date          DATE,
    responsible_unit  VARCHAR,
    description       VARCHAR,
    comment           VARCHAR,
    PRIMARY KEY (activity_id, goal_id, report_id)
);

-- Narrative parts of a report (introductions, summaries, memos): nothing is invisible.
CREATE TABLE report_sections (
    report_id   INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    heading     VARCHAR,
    text        VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    PRIMARY KEY (report_id, position)
);

-- What the reader could not place, what it skipped as page furniture, and what it
-- interpreted on the manifest's say-so.
CREATE TABLE reading_notes (
    report_id   INTEGER NOT NULL,
    source_line INTEGER NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('ej placerad', 'sidhuvud/sidfot', 'formulärrest', 'tolkning', 'avvikelse')),
    message     VARCHAR NOT NULL,
    line_text   VARCHAR
);

CREATE TABLE build_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- Each goal's own area and its place among the vision's focus areas: directly for a
-- goal whose model has focus areas (2023), through the user-editable crosswalk otherwise.
CREATE VIEW goal_areas AS
SELECT
    g.goal_id,
    own_area.name AS focus_area,
    own_area.kind AS area_kind,
    coalesce(vision_area.name, CASE WHEN own_area.kind = 'fokusområde' THEN own_area.name END)
                  AS vision_focus_area,
    CASE WHEN cw.goal_id IS NOT NULL THEN 'korsreferens'
         WHEN own_area.kind = 'fokusområde' THEN 'rapport' END
                  AS vision_focus_area_source
FROM goals g
LEFT JOIN areas own_area ON own_area.area_id = g.area_id
LEFT JOIN focus_area_crosswalk cw ON cw.goal_id = g.goal_id
LEFT JOIN areas vision_area ON vision_area.area_id = cw.area_id;

CREATE VIEW goal_assessments AS
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
    gr.grade_line                  AS grade_line
FROM goal_reports gr
JOIN goals g             ON g.goal_id = gr.goal_id
JOIN goal_areas ga       ON ga.goal_id = g.goal_id
JOIN reports r           ON r.report_id = gr.report_id
JOIN organisations o     ON o.organisation_id = r.organisation_id
LEFT JOIN goals parent   ON parent.goal_id = g.parent_goal_id;

CREATE VIEW activity_statuses AS
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
    ar.source_line                 AS source_line
FROM activity_reports ar
JOIN activities a        ON a.activity_id = ar.activity_id
JOIN goals g             ON g.goal_id = ar.goal_id
JOIN goal_areas ga       ON ga.goal_id = g.goal_id
JOIN reports r           ON r.report_id = ar.report_id
JOIN organisations o     ON o.organisation_id = r.organisation_id
LEFT JOIN goal_reports gr ON gr.goal_id = ar.goal_id AND gr.report_id = ar.report_id;

-- What loading reports one by one needs: the original file of every report (so that an
-- undone replacement can bring the earlier version back), and an audit log of every
-- change: who, when, what, before and after, which file and its hash.

CREATE TABLE report_files (
    report_id      INTEGER PRIMARY KEY,
    file_name      VARCHAR NOT NULL,
    content        BLOB NOT NULL,
    period_key     VARCHAR NOT NULL,
    as_of          DATE NOT NULL,
    goal_level     VARCHAR NOT NULL,
    status_aliases JSON
);

CREATE TABLE audit_log (
    audit_id       INTEGER PRIMARY KEY,
    changed_at     TIMESTAMP NOT NULL,
    actor          VARCHAR NOT NULL,
    action         VARCHAR NOT NULL CHECK (action IN ('bygge', 'import', 'ersättning', 'ångra', 'rättelse')),
    report_file    VARCHAR,
    content_sha256 VARCHAR,
    summary        VARCHAR NOT NULL,
    before         JSON,
    after          JSON,
    undoes         INTEGER,
    undone_by      INTEGER
);

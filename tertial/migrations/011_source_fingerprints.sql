-- Per organisation, a fingerprint of the rows its public rows and its goals' link keys
-- are made from (queries/source_fingerprints.sql), and how many public rows it has, as
-- the last write left them. A write compares them with the rows as it leaves them and
-- refreshes and checks the public tables of the organisations whose rows differ only
-- (tertial.derived): comparing both public tables with their views whole took 1.3 s of a
-- 3 s import at 290 organisations × 10 years, and the integrity check did it once more.
-- The count finds public rows lost or added outside a refresh. The fingerprint is a
-- decimal, not a HUGEINT, so that a backup (Parquet has no 128-bit integers) keeps it
-- exact. Empty here: the next write (the upgrade that applies this) finds every
-- organisation changed, compares everything once and records them.

CREATE TABLE source_fingerprints (
    organisation_id INTEGER NOT NULL,
    name            VARCHAR,             -- the organisation's name then: its public rows' name
    rows            BIGINT NOT NULL,
    fingerprint     DECIMAL(38, 0) NOT NULL,
    public_rows     BIGINT NOT NULL      -- in goal_assessments and activity_statuses together
);

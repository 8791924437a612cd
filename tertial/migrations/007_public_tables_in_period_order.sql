-- The public tables' rows in period order first (they were in organisation order).
-- DuckDB skips a row group by the minimum and maximum of a column within it, but for
-- text it keeps only the first 8 bytes: organisation names that share their first eight
-- ("Syntetisk kommun 001", "Syntetisk kommun 002"; "Upplands Väsby", "Upplands-Bro") all
-- look alike, so with organisation first every query read every row group (EXPLAIN
-- ANALYZE at 290 × 10 years: 5 of 5). Period keys ('2024-T2') fit in 8 bytes, so in
-- period order a query for a period reads only the row groups that hold it (1–2 of 5),
-- whatever the names: one organisation's period, and every organisation's period.
-- tertial.derived inserts refreshed rows in the same order.

CREATE TABLE goal_assessments_by_period AS
SELECT * FROM goal_assessments ORDER BY period, organisation, report_id, goal_id;
DROP TABLE goal_assessments;
ALTER TABLE goal_assessments_by_period RENAME TO goal_assessments;

CREATE TABLE activity_statuses_by_period AS
SELECT * FROM activity_statuses ORDER BY period, organisation, report_id, goal_id, activity_id;
DROP TABLE activity_statuses;
ALTER TABLE activity_statuses_by_period RENAME TO activity_statuses;

-- The two public views, kept as tables. Read through their defining views, every query
-- paid for seven joins (goal_areas, parents, reports, organisations), about 8 ms each even
-- on Ånge's 71 rows and most of a page's first run; read from a table, it scans one.
-- The definitions stay as views (goal_assessments_computed, activity_statuses_computed),
-- and every write transaction refreshes the tables from them before it commits
-- (tertial.derived, called by tertial.store), so the tables never differ from them in a
-- committed file. Columns and names are those of the views: readers see no difference.
-- Rows are kept in organisation and period order, so that a query for one organisation
-- skips the row groups of the others.

ALTER VIEW goal_assessments RENAME TO goal_assessments_computed;
ALTER VIEW activity_statuses RENAME TO activity_statuses_computed;

CREATE TABLE goal_assessments AS
SELECT * FROM goal_assessments_computed ORDER BY organisation, period, report_id, goal_id;

CREATE TABLE activity_statuses AS
SELECT * FROM activity_statuses_computed ORDER BY organisation, period, report_id, goal_id, activity_id;

-- The organisations an import chooses among: each one's id and name, in the order they
-- were added. An import matches the name a document or a user gives against these
-- (tertial.organisations) and adds a new one only when the user confirms it.
-- Params: none.
SELECT organisation_id, name
FROM organisations
ORDER BY organisation_id;

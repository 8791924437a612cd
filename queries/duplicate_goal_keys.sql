-- Link keys that two or more goals of one organisation share, among the organisations in
-- $organisation_ids, with how many goals share each: a link would open the wrong goal.
-- Keys are made per organisation (migration 010), so only an organisation whose goals a
-- write changed can have a new one.
SELECT organisation_id, goal_key, count(*) AS goals
FROM goal_keys
WHERE list_contains($organisation_ids, organisation_id)
GROUP BY organisation_id, goal_key
HAVING count(*) > 1
ORDER BY organisation_id, goal_key;

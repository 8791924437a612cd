-- A goal's key for links (/mal?mal=ks-2023-1a2b3c4d): made from what identifies the goal
-- to a reader (its organisation, goal model year, level, its KF goal's title and its own
-- title), not from goal_id, which a rebuild or an import may renumber. Case and spacing
-- of the titles do not count. The level and year stay readable; eight hex digits of a
-- SHA-256 tell the goals of one model apart (the integrity check finds a collision).

CREATE VIEW goal_keys AS
SELECT
    g.goal_id,
    g.organisation_id,
    lower(g.level) || '-' || g.model_year || '-' || left(sha256(concat_ws(chr(31),
        o.name,
        g.model_year::VARCHAR,
        g.level,
        coalesce(lower(regexp_replace(trim(parent.title), '\s+', ' ', 'g')), ''),
        lower(regexp_replace(trim(g.title), '\s+', ' ', 'g'))
    )), 8) AS goal_key
FROM goals g
JOIN organisations o      ON o.organisation_id = g.organisation_id
LEFT JOIN goals parent    ON parent.goal_id = g.parent_goal_id;

"""The public tables goal_assessments and activity_statuses, kept equal to the views that
define them (goal_assessments_computed, activity_statuses_computed; migration 006).

Every write goes through tertial.store, which calls refresh() in the write's transaction
just before it commits. The refresh finds by itself which organisations' rows differ (a
fingerprint per organisation: its row count and the sum of its rows' hashes, on both
sides) and rewrites only theirs, so no writer has to declare what it touched, and a
write to one organisation among hundreds rewrites a few thousand rows, not a million.
"""

from __future__ import annotations

import duckdb

# public table → the view that defines it, and the order its rows are kept in: period
# first, so that a query for a period skips the other periods' row groups (migration 007)
PUBLIC_TABLES = {
    "goal_assessments": ("goal_assessments_computed", "period, organisation, report_id, goal_id"),
    "activity_statuses": ("activity_statuses_computed", "period, organisation, report_id, goal_id, activity_id"),
}


def _fingerprints(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, tuple[int, int]]:
    return {
        organisation: (count, total)
        for organisation, count, total in con.execute(
            f"SELECT organisation, count(*), sum(hash(t)::HUGEINT) FROM {relation} t GROUP BY organisation"
        ).fetchall()
    }


def stale_organisations(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The organisations whose rows in a public table differ from its view's (also those
    that are only on one side)."""
    view, _ = PUBLIC_TABLES[table]
    stored, computed = _fingerprints(con, table), _fingerprints(con, view)
    return sorted(name for name in stored.keys() | computed.keys() if stored.get(name) != computed.get(name))


def refresh(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Make the public tables equal to their views again, in the caller's transaction;
    returns, per table, the organisations whose rows were rewritten."""
    rewritten = {}
    for table, (view, order) in PUBLIC_TABLES.items():
        stale = stale_organisations(con, table)
        if stale:
            con.execute(f"DELETE FROM {table} WHERE organisation IN ?", [stale])
            con.execute(f"INSERT INTO {table} SELECT * FROM {view} WHERE organisation IN ? ORDER BY {order}", [stale])
        rewritten[table] = stale
    return rewritten

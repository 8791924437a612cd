"""The public tables goal_assessments and activity_statuses, kept equal to the views that
define them (goal_assessments_computed, activity_statuses_computed; migration 006).

Every write goes through tertial.store, which calls refresh() in the write's transaction
just before it commits. The refresh finds by itself which organisations a write changed,
so no writer has to declare what it touched: per organisation, a fingerprint of the rows
its public rows are made from (queries/source_fingerprints.sql) and the number of its
public rows, compared with those the last write recorded (migration 011). Of those
organisations it compares the public tables with their views (a fingerprint per
organisation: its row count and the sum of its rows' hashes, on both sides) and rewrites
the ones that differ, so a write to one organisation among hundreds computes and
rewrites a few thousand rows, not a million. The store's integrity check then compares
the same organisations afresh (tertial.integrity).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import duckdb

from tertial.queries import query_text

# public table → the view that defines it, and the order its rows are kept in: period
# first, so that a query for a period skips the other periods' row groups (migration 007)
PUBLIC_TABLES = {
    "goal_assessments": ("goal_assessments_computed", "period, organisation, report_id, goal_id"),
    "activity_statuses": ("activity_statuses_computed", "period, organisation, report_id, goal_id, activity_id"),
}

# Up to this many organisations are compared one by one: a filter on one name reaches
# into the views' joins (about 20 ms a relation at 290 × 10, 80 ms for the four), a list
# of names does not (90 ms a relation). For more, one pass over everything costs less
# (about 0.6 s for the four).
ONE_BY_ONE = 8


@dataclass(frozen=True)
class Refreshed:
    """What a refresh compared (organisation names; None: every organisation) and, per
    public table, the organisations whose rows it rewrote."""

    compared: list[str] | None
    rewritten: dict[str, list[str]]


def _fingerprints(con: duckdb.DuckDBPyConnection, relation: str,
                  among: Collection[str] | None = None) -> dict[str, tuple[int, int]]:
    if among is not None and len(among) <= ONE_BY_ONE:
        found = {}
        for name in among:
            [(count, total)] = con.execute(
                f"SELECT count(*), sum(hash(t)::HUGEINT) FROM {relation} t WHERE organisation = ?", [name]
            ).fetchall()
            if count:
                found[name] = (count, total)
        return found
    return {
        organisation: (count, total)
        for organisation, count, total in con.execute(
            f"SELECT organisation, count(*), sum(hash(t)::HUGEINT) FROM {relation} t GROUP BY organisation"
        ).fetchall()
        if among is None or organisation in among
    }


def stale_organisations(con: duckdb.DuckDBPyConnection, table: str,
                        among: Collection[str] | None = None) -> list[str]:
    """The organisations whose rows in a public table differ from its view's (also those
    that are only on one side), of those named in among (None: of every organisation)."""
    view, _ = PUBLIC_TABLES[table]
    stored, computed = _fingerprints(con, table, among), _fingerprints(con, view, among)
    return sorted(name for name in stored.keys() | computed.keys() if stored.get(name) != computed.get(name))


def _public_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Per organisation name, its rows in the public tables together."""
    counts: dict[str, int] = {}
    for table in PUBLIC_TABLES:
        for name, count in con.execute(f"SELECT organisation, count(*) FROM {table} GROUP BY organisation").fetchall():
            counts[name] = counts.get(name, 0) + count
    return counts


def _sources(con: duckdb.DuckDBPyConnection) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """Per organisation id, (name, rows, fingerprint) of its source rows and its number of
    public rows, now and as the last write recorded them."""
    public = _public_rows(con)
    now = {key: (name, rows, fingerprint, public.get(name, 0))
           for key, name, rows, fingerprint in con.execute(query_text("source_fingerprints")).fetchall()}
    then = {row[0]: tuple(row[1:]) for row in con.execute(
        "SELECT organisation_id, name, rows, fingerprint, public_rows FROM source_fingerprints").fetchall()}
    return now, then


def _changed(now: dict[int, tuple], then: dict[int, tuple]) -> list[int]:
    return sorted(key for key in now.keys() | then.keys() if now.get(key) != then.get(key))


def _names(keys: list[int], now: dict[int, tuple], then: dict[int, tuple]) -> list[str]:
    return sorted({side[key][0] for key in keys for side in (now, then) if key in side and side[key][0] is not None})


def changed_organisations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The organisations whose source rows, or number of public rows, differ from those
    the last write recorded, by their names now and then (a renamed organisation's public
    rows carry the old name)."""
    now, then = _sources(con)
    return _names(_changed(now, then), now, then)


def refresh(con: duckdb.DuckDBPyConnection, *, everything: bool = False) -> Refreshed:
    """Make the public tables equal to their views again, in the caller's transaction:
    those of the organisations whose source rows changed since the last write (every
    organisation's with everything, as for a new file), and record the source rows'
    fingerprints for the next write."""
    now, then = _sources(con)
    changed = sorted(now.keys() | then.keys()) if everything else _changed(now, then)
    among = None if everything else _names(changed, now, then)
    rewritten = {}
    for table, (view, order) in PUBLIC_TABLES.items():
        stale = stale_organisations(con, table, among) if among is None or among else []
        if stale:
            con.execute(f"DELETE FROM {table} WHERE organisation IN ?", [stale])
            con.execute(f"INSERT INTO {table} SELECT * FROM {view} WHERE organisation IN ? ORDER BY {order}", [stale])
        rewritten[table] = stale
    if changed:
        public = _public_rows(con)  # as this refresh leaves them
        recorded = []
        for key in changed:
            if key in now:
                name, rows, fingerprint, _ = now[key]
                recorded.append([key, name, rows, fingerprint, public.get(name, 0)])
        con.execute("DELETE FROM source_fingerprints WHERE organisation_id IN ?", [changed])
        if recorded:
            con.executemany("INSERT INTO source_fingerprints VALUES (?, ?, ?, ?, ?)", recorded)
    return Refreshed(among, rewritten)

"""Every reference between Tertial's tables, checked by query (the schema cannot declare
them as foreign keys; see migrations/001_initial.sql), none from one organisation's rows
to another's, one report per slot, and the public tables equal to the views that define
them (tertial.derived)."""

from __future__ import annotations

from collections.abc import Collection

import duckdb

from tertial.derived import PUBLIC_TABLES, stale_organisations
from tertial.queries import query_text

# (table, column, referenced table, referenced column)
REFERENCES = [
    ("reports", "organisation_id", "organisations", "organisation_id"),
    ("reports", "period_key", "periods", "period_key"),
    ("areas", "organisation_id", "organisations", "organisation_id"),
    ("area_texts", "area_id", "areas", "area_id"),
    ("area_texts", "report_id", "reports", "report_id"),
    ("goals", "organisation_id", "organisations", "organisation_id"),
    ("goals", "parent_goal_id", "goals", "goal_id"),
    ("goals", "area_id", "areas", "area_id"),
    ("focus_area_crosswalk", "goal_id", "goals", "goal_id"),
    ("focus_area_crosswalk", "area_id", "areas", "area_id"),
    ("goal_reports", "goal_id", "goals", "goal_id"),
    ("goal_reports", "report_id", "reports", "report_id"),
    ("activities", "organisation_id", "organisations", "organisation_id"),
    ("activity_reports", "activity_id", "activities", "activity_id"),
    ("activity_reports", "goal_id", "goals", "goal_id"),
    ("activity_reports", "report_id", "reports", "report_id"),
    ("report_sections", "report_id", "reports", "report_id"),
    ("reading_notes", "report_id", "reports", "report_id"),
    ("report_files", "report_id", "reports", "report_id"),
    ("status_aliases", "organisation_id", "organisations", "organisation_id"),
    ("shared_area_map", "organisation_id", "organisations", "organisation_id"),
    ("shared_area_map", "shared_area", "shared_areas", "shared_area"),
]


def broken_references(con: duckdb.DuckDBPyConnection, among: Collection[str] | None = None) -> list[str]:
    """A line for every row whose reference leads nowhere or to another organisation, and
    for every other inconsistency; empty when all is well.

    among: the organisations (names) a write changed, as its refresh found them
    (tertial.derived.Refreshed.compared): what can only go wrong within an organisation
    (another organisation's row referenced, two goals with one link key, public rows
    that differ from their views) is looked for in theirs only, since every other
    organisation's rows are as the last checked write left them. None: in every
    organisation's, as for a file of unknown history."""
    problems = []
    for table, column, target, key in REFERENCES:
        [(count,)] = con.execute(
            f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {target} r WHERE r.{key} = t.{column})"
        ).fetchall()
        if count:
            problems.append(f"{table}.{column}: {count} rader pekar inte på någon rad i {target}")
    # A slot (organisation, body, unit, period) holds one report: a second one would be counted twice.
    for organisation_id, body, unit, period, count in con.execute(
        """SELECT organisation_id, body, coalesce(unit, ''), period_key, count(*) FROM reports
           GROUP BY ALL HAVING count(*) > 1"""
    ).fetchall():
        problems.append(f"reports: {count} rapporter på samma plats ({body}, {unit or 'ingen enhet'}, {period})")
    if among is None:
        ids = [key for (key,) in con.execute("SELECT organisation_id FROM organisations").fetchall()]
    elif among:
        ids = [key for (key,) in con.execute(
            "SELECT organisation_id FROM organisations WHERE name IN ?", [list(among)]).fetchall()]
    else:
        ids = []
    for table, column, count in con.execute(query_text("cross_organisation_references"),
                                            {"organisation_ids": ids}).fetchall():
        problems.append(f"{table}.{column}: {count} rader pekar på en annan organisations rader")
    # Two goals of one organisation with one link key: a link would open the wrong goal.
    for _, key, count in con.execute(query_text("duplicate_goal_keys"), {"organisation_ids": ids}).fetchall():
        problems.append(f"goal_keys: {count} mål har samma länknyckel {key}")
    for table in PUBLIC_TABLES:
        for organisation in stale_organisations(con, table, among):
            problems.append(f"{table}: raderna för {organisation} stämmer inte med tabellerna de räknas fram ur")
    return problems

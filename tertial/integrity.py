"""Every reference between Tertial's tables, checked by query (the schema cannot declare
them as foreign keys; see migrations/001_initial.sql), one report per slot, and the public
tables equal to the views that define them (tertial.derived)."""

from __future__ import annotations

import duckdb

from tertial.derived import PUBLIC_TABLES, stale_organisations

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


def broken_references(con: duckdb.DuckDBPyConnection) -> list[str]:
    """A line for every row whose reference leads nowhere; empty when all is well."""
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
    # Two goals of one organisation with one link key: a link would open the wrong goal.
    for key, count in con.execute(
        "SELECT goal_key, count(*) FROM goal_keys GROUP BY organisation_id, goal_key HAVING count(*) > 1"
    ).fetchall():
        problems.append(f"goal_keys: {count} mål har samma länknyckel {key}")
    for table in PUBLIC_TABLES:
        for organisation in stale_organisations(con, table):
            problems.append(f"{table}: raderna för {organisation} stämmer inte med tabellerna de räknas fram ur")
    return problems

"""The public tables (goal_assessments, activity_statuses) stay equal to the views that
define them through every kind of write, and a refresh rewrites only what changed."""

import re

import duckdb
import pytest

from tertial import derived
from tertial.corrections import correct_grade
from tertial.integrity import broken_references
from tertial.queries import query_text
from tertial.store import StoreError, new_version, upgrade
from tests.dbfiles import add_second_organisation, digest, rows


def public_rows(path, table):
    return rows(path, f"SELECT * FROM {table} ORDER BY ALL")


def computed_rows(path, table):
    view, _ = derived.PUBLIC_TABLES[table]
    return rows(path, f"SELECT * FROM {view} ORDER BY ALL")


def test_the_built_tables_hold_exactly_the_views_rows(bundled_db):
    for table in derived.PUBLIC_TABLES:
        assert public_rows(bundled_db, table) == computed_rows(bundled_db, table)
    # What a person reads in the reports: 71 goal rows and 91 activity rows in all.
    assert len(public_rows(bundled_db, "goal_assessments")) == 71
    assert len(public_rows(bundled_db, "activity_statuses")) == 91


def test_a_change_outside_the_store_is_found_and_a_refresh_repairs_only_that_organisation(db):
    add_second_organisation(db, "Testkommun")
    with duckdb.connect(str(db)) as con:
        before_other = con.execute("SELECT * FROM goal_assessments WHERE organisation = 'Testkommun' ORDER BY ALL").fetchall()
        con.execute("UPDATE goal_reports SET grade = 'Ej uppfyllt' WHERE report_id < 1000 AND grade IS NULL")
        assert derived.stale_organisations(con, "goal_assessments") == ["Ånge kommun"]
        assert derived.stale_organisations(con, "activity_statuses") == []
        assert any("goal_assessments: raderna för Ånge kommun" in p for p in broken_references(con))
        # Only the organisation whose rows changed is compared, and rewritten where it differs.
        assert derived.refresh(con) == derived.Refreshed(
            compared=["Ånge kommun"], rewritten={"goal_assessments": ["Ånge kommun"], "activity_statuses": []})
        assert broken_references(con) == []
        assert con.execute(
            "SELECT count(*) FROM goal_assessments WHERE organisation = 'Ånge kommun' AND grade IS NULL").fetchall() == [(0,)]
        after_other = con.execute("SELECT * FROM goal_assessments WHERE organisation = 'Testkommun' ORDER BY ALL").fetchall()
    assert after_other == before_other


def test_a_correction_through_the_store_reaches_the_public_table(db):
    [(report_file, goal_id, grade)] = rows(
        db, "SELECT report_file, goal_id, grade FROM goal_assessments WHERE grade = 'Uppfyllt' ORDER BY goal_id LIMIT 1")
    correct_grade(db, organisation="Ånge kommun",
                  report_file=report_file, goal_id=goal_id, grade="Ej uppfyllt", actor="test")
    assert rows(db, "SELECT grade FROM goal_assessments WHERE report_file = ? AND goal_id = ?",
                report_file, goal_id) == [("Ej uppfyllt",)]
    for table in derived.PUBLIC_TABLES:
        assert public_rows(db, table) == computed_rows(db, table)


def test_a_failed_write_leaves_the_public_tables_as_they_were(db):
    before = public_rows(db, "goal_assessments")
    try:
        with new_version(db) as con:
            con.execute("UPDATE goal_reports SET grade = NULL")
            raise RuntimeError("avbruten")
    except RuntimeError:
        pass
    assert public_rows(db, "goal_assessments") == before


@pytest.mark.parametrize(("change", "problem"), [
    ("INSERT INTO goal_reports (goal_id, report_id, goal_code, title_as_printed, source_line) "
     "SELECT 999999, report_id, '9.9', 'Ett mål som inte finns', 1 FROM reports LIMIT 1",
     "goal_reports.goal_id: 1 rader pekar inte på någon rad i goals"),
    ("INSERT INTO goals SELECT * REPLACE (goal_id + 1000000 AS goal_id, upper(title) AS title) FROM goals "
     "WHERE level = 'KS' ORDER BY goal_id LIMIT 1",
     "goal_keys: 2 mål har samma länknyckel ks-2023-"),
    # A report's goal moved to another organisation: its public rows would be made from
    # another organisation's row, which a write to that one would not refresh.
    ("INSERT INTO organisations VALUES (2, 'Annan kommun'); UPDATE goals SET organisation_id = 2 "
     "WHERE goal_id = (SELECT min(goal_id) FROM goal_reports)",
     "goal_reports.goal_id: 2 rader pekar på en annan organisations rader"),
])
def test_a_write_that_would_leave_the_data_inconsistent_is_refused_whole(db, change, problem):
    """The store's last check before a commit (tertial.store.refuse_if_inconsistent):
    whatever a writer missed, the file is left exactly as it was."""
    before = digest(db)
    with pytest.raises(StoreError) as refused:
        with new_version(db) as con:
            con.execute("UPDATE goal_reports SET grade = 'Uppfyllt' WHERE grade IS NULL")  # fine on its own
            con.execute(change)
    message = str(refused.value)
    assert message.startswith("Ändringen gjordes inte") and "inget har ändrats" in message
    assert problem in message
    assert digest(db) == before


def test_a_write_compares_only_the_organisations_it_changed_and_records_them(db):
    add_second_organisation(db, "Testkommun")
    with duckdb.connect(str(db)) as con:
        assert derived.changed_organisations(con) == []  # the store recorded what it left
        con.execute("UPDATE activity_reports SET comment = 'Ändrad' WHERE report_id > 1000 AND activity_id = "
                    "(SELECT min(activity_id) FROM activity_reports WHERE report_id > 1000)")
        assert derived.changed_organisations(con) == ["Testkommun"]
        assert derived.refresh(con) == derived.Refreshed(
            compared=["Testkommun"], rewritten={"goal_assessments": [], "activity_statuses": ["Testkommun"]})
        assert derived.changed_organisations(con) == [] and broken_references(con) == []


def test_a_renamed_organisation_keeps_no_rows_under_its_old_name(db):
    add_second_organisation(db, "Testkommun")
    with new_version(db) as con:
        con.execute("UPDATE organisations SET name = 'Nya kommunen' WHERE name = 'Testkommun'")
    for table in derived.PUBLIC_TABLES:
        assert rows(db, f"SELECT DISTINCT organisation FROM {table} ORDER BY 1") == [("Nya kommunen",), ("Ånge kommun",)]
        assert public_rows(db, table) == computed_rows(db, table)


def test_a_file_without_recorded_fingerprints_is_compared_whole_once(db):
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE source_fingerprints")
        con.execute("DELETE FROM schema_migrations WHERE name = '011_source_fingerprints.sql'")
        con.execute("UPDATE goal_reports SET grade = NULL")  # made stale outside the store
    upgrade(db)
    assert rows(db, "SELECT organisation_id, name FROM source_fingerprints") == [(1, "Ånge kommun")]
    for table in derived.PUBLIC_TABLES:
        assert public_rows(db, table) == computed_rows(db, table)


def test_every_table_the_public_rows_and_link_keys_are_made_from_is_fingerprinted(bundled_con):
    """An organisation's public rows are refreshed only when its fingerprinted rows change
    (queries/source_fingerprints.sql): a table the views read but the fingerprint left out
    would leave them stale."""
    views = {name: sql for name, sql in bundled_con.execute("SELECT view_name, sql FROM duckdb_views()").fetchall()}
    tables = {name for (name,) in bundled_con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()}

    def read_by(name, seen):
        words = set(re.findall(r"\b\w+\b", views[name].split(" AS ", 1)[1]))
        found = words & tables
        for view in (words & set(views)) - seen:
            found |= read_by(view, seen | {view})
        return found

    read = set()
    for name in ("goal_assessments_computed", "activity_statuses_computed", "goal_keys"):
        read |= read_by(name, {name})
    assert {"goal_reports", "activity_reports", "goals", "areas", "focus_area_crosswalk"} <= read
    fingerprinted = set(re.findall(r"\b\w+\b", re.sub(r"--[^\n]*", "", query_text("source_fingerprints")))) & tables
    assert read <= fingerprinted, read - fingerprinted


def test_public_rows_lost_outside_a_refresh_are_found_by_their_count(db):
    add_second_organisation(db, "Testkommun")
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM activity_statuses WHERE organisation = 'Testkommun' AND activity_id = "
                    "(SELECT min(activity_id) FROM activity_statuses WHERE organisation = 'Testkommun')")
        assert derived.refresh(con) == derived.Refreshed(
            compared=["Testkommun"], rewritten={"goal_assessments": [], "activity_statuses": ["Testkommun"]})
        assert broken_references(con) == []

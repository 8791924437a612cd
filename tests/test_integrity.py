"""Every reference between the tables holds in the database built from the bundled
reports, and the check finds a broken one."""

import shutil

import duckdb

from tertial.integrity import REFERENCES, broken_references


def test_the_built_database_has_no_broken_references(bundled_con):
    assert broken_references(bundled_con) == []


def test_a_broken_reference_is_found(bundled_db, tmp_path):
    copy = tmp_path / "broken.duckdb"
    shutil.copy(bundled_db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM goals WHERE goal_id = (SELECT min(goal_id) FROM goal_reports)")
        problems = broken_references(con)
    assert any(p.startswith("goal_reports.goal_id:") for p in problems)


def test_every_id_column_is_covered():
    covered = {(table, column) for table, column, _, _ in REFERENCES}
    assert ("activity_reports", "goal_id") in covered and ("report_files", "report_id") in covered

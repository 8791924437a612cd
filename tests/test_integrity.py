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


def test_two_goals_with_one_link_key_are_reported(db):
    # The key is made from the organisation, model year, level and titles: a second goal
    # with the first one's title (case and spacing aside) and parent collides with it.
    con = duckdb.connect(str(db))
    try:
        assert broken_references(con) == []
        con.execute(
            """INSERT INTO goals SELECT (SELECT max(goal_id) + 1 FROM goals), organisation_id, model_year, level,
                      '  ' || upper(title), parent_goal_id, area_id FROM goals WHERE goal_id = 1"""
        )
        [problem] = broken_references(con)
        assert problem.startswith("goal_keys: 2 mål har samma länknyckel kf-2023-")
    finally:
        con.close()

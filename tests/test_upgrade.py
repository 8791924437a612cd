"""A database file made by an older Tertial gets the migrations it lacks when the
dashboard opens it (tertial.store.upgrade): it only reads, so without this an older file
would lack what newer queries read (shared areas, migration 009)."""

import duckdb

from dbfiles import digest, rows
from tertial.store import pending_migrations, upgrade


def as_made_before_shared_areas(path) -> None:
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE shared_area_map")
    con.execute("DROP TABLE shared_areas")
    con.execute("DELETE FROM schema_migrations WHERE name = '009_shared_areas.sql'")
    con.close()


def test_an_older_file_gets_the_migrations_it_lacks_and_a_current_one_is_left_alone(db):
    as_made_before_shared_areas(db)
    assert pending_migrations(db) == ["009_shared_areas.sql"]
    goals_before = rows(db, "SELECT * FROM goal_assessments ORDER BY ALL")
    assert upgrade(db) == ["009_shared_areas.sql"]
    assert pending_migrations(db) == []
    assert rows(db, "SELECT count(*) FROM shared_area_map") == [(0,)]
    assert rows(db, "SELECT * FROM goal_assessments ORDER BY ALL") == goals_before
    current = digest(db)
    assert upgrade(db) == [] and digest(db) == current  # nothing to do: the file is not rewritten


def test_the_dashboard_upgrades_an_older_file_when_it_opens_it(app, db_copy):
    as_made_before_shared_areas(db_copy)
    at = app.run()
    assert not at.exception, at.exception
    assert pending_migrations(db_copy) == []

"""Looking at database files in tests: their bytes, and their rows as they are now."""

import hashlib
from pathlib import Path

from tertial.db import connect


def digest(path: Path) -> str:
    """SHA-256 of the file: equal digests mean nothing was written."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def rows(path: Path, sql: str, *params):
    """Rows of a query on the file as it is now (attached, so never an older version this
    process may still hold open)."""
    with connect(path, read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def base_tables(path: Path) -> list[str]:
    """The file's tables (not its views), by name."""
    return [name for (name,) in rows(path, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                           "'main' AND table_type = 'BASE TABLE' ORDER BY 1")]


def every_row(path: Path, but: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table's rows in a fixed order, but those of the tables named."""
    return {table: rows(path, f'SELECT * FROM "{table}" ORDER BY ALL') for table in base_tables(path) if table not in but}


def add_second_organisation(path: Path, name: str = "Testkommun") -> None:
    """Copy every report of organisation 1 into a second organisation (new ids, file
    names and hashes), with every goal graded Uppfyllt so the two tell apart."""
    from tertial.store import new_version

    with new_version(path) as con:
        con.execute("INSERT INTO organisations VALUES (2, ?)", [name])
        con.execute("""INSERT INTO reports SELECT * REPLACE (report_id + 1000 AS report_id, 2 AS organisation_id,
                       'kopia_' || file_name AS file_name, content_sha256 || '-kopia' AS content_sha256) FROM reports""")
        con.execute("INSERT INTO areas SELECT * REPLACE (area_id + 1000 AS area_id, 2 AS organisation_id) FROM areas")
        con.execute("""INSERT INTO goals SELECT * REPLACE (goal_id + 100000 AS goal_id, 2 AS organisation_id,
                       parent_goal_id + 100000 AS parent_goal_id, area_id + 1000 AS area_id) FROM goals""")
        con.execute("""INSERT INTO focus_area_crosswalk SELECT * REPLACE (goal_id + 100000 AS goal_id,
                       area_id + 1000 AS area_id) FROM focus_area_crosswalk""")
        con.execute("""INSERT INTO goal_reports SELECT * REPLACE (goal_id + 100000 AS goal_id, report_id + 1000 AS report_id,
                       CASE WHEN grade IS NOT NULL THEN 'Uppfyllt' END AS grade) FROM goal_reports""")
        con.execute("""INSERT INTO activities SELECT * REPLACE (activity_id + 100000 AS activity_id, 2 AS organisation_id)
                       FROM activities""")
        con.execute("""INSERT INTO activity_reports SELECT * REPLACE (activity_id + 100000 AS activity_id,
                       goal_id + 100000 AS goal_id, report_id + 1000 AS report_id) FROM activity_reports""")

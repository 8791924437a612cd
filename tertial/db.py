"""The one connection factory for Tertial's DuckDB file, and its recorded migrations.

Readers open the file read-only (many processes may do so at once); the writer opens
it read-write. DuckDB forbids mixing both on one file in one process, and a connection
shared between threads must hand out a cursor per unit of work.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import duckdb

from tertial import DEFAULT_DB_PATH

ENV_DB_PATH = "TERTIAL_DB"


def database_path(path: str | os.PathLike | None = None) -> Path:
    """The database file to use: explicit path, else $TERTIAL_DB, else data/tertial.duckdb."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get(ENV_DB_PATH) or DEFAULT_DB_PATH)


# The name under which a read-only connection sees the database file.
CATALOG = "tertial"


def connect(path: str | os.PathLike | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the database file.

    Read-only connections attach the file to an in-memory database rather than open it
    directly: DuckDB hands a process that opens a path it already has open the database
    it opened before, so after a writer replaced the file (tertial.store) a plain
    reconnect would still see the old version. An attachment reads the file as it is now.
    Use cursor() for each unit of work: a cursor starts outside the attached catalog.
    """
    if not read_only:
        return duckdb.connect(str(database_path(path)))
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH ? AS {CATALOG} (READ_ONLY)", [str(database_path(path))])
        con.execute(f"USE {CATALOG}")
    except BaseException:
        con.close()
        raise
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a connection for one unit of work, looking at the database file."""
    cur = con.cursor()
    try:
        cur.execute(f"USE {CATALOG}")
    except duckdb.CatalogException:
        pass  # a read-write connection opened on the file itself
    return cur


def data_version(path: str | os.PathLike | None = None) -> str:
    """A token that changes whenever the file's content may have changed.

    A build replaces the file atomically (new inode); an in-place write changes its
    size or modification time. Cached query results are keyed by this token.
    """
    stat = database_path(path).stat()
    return f"{stat.st_ino}-{stat.st_size}-{stat.st_mtime_ns}"


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) for every recorded migration, in order."""
    folder = resources.files("tertial") / "migrations"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(name, (folder / name).read_text(encoding="utf-8")) for name in names]


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, sql) of every recorded migration the file has not had yet, in order."""
    done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
    return [(name, sql) for name, sql in migration_files() if name not in done]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply migrations not yet recorded in the file; return the names applied."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY)")
    applied = []
    for name, sql in pending_migrations(con):
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?)", [name])
        applied.append(name)
    return applied

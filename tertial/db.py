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


def connect(path: str | os.PathLike | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(database_path(path)), read_only=read_only)


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


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply migrations not yet recorded in the file; return the names applied."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY)")
    done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
    applied = []
    for name, sql in migration_files():
        if name in done:
            continue
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?)", [name])
        applied.append(name)
    return applied

"""The write path: every change to the database is a new version of the file.

DuckDB lets one process write a file only while no other process has it open, and the
dashboard keeps it open for reading. So a writer never writes the file in place: under
an exclusive lock (one writer at a time, across processes) it copies the current file,
applies the change to the copy in one transaction, and renames the copy over the
original. Readers keep reading the version they opened until their next rerun (the data
version changes with the file); nobody sees half a change; a writer killed half-way
leaves only a temporary copy, which the next writer removes.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from tertial.db import database_path, migrate, pending_migrations as db_pending_migrations
from tertial.derived import refresh as refresh_public_tables
from tertial.integrity import broken_references

# Test hook (a failpoint): seconds to wait inside the transaction, before the commit, so
# that a test can kill a writer half-way. Unset in normal use.
FAILPOINT_PAUSE_BEFORE_COMMIT = "TERTIAL_FAILPOINT_PAUSE_BEFORE_COMMIT"


class StoreError(Exception):
    """A change that cannot be made; the message is Swedish and says why."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _temporary_copies(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f".{db_path.name}.*.tmp*"))


@contextmanager
def exclusive(db_path: str | os.PathLike | None = None, *, wait_seconds: float = 120) -> Iterator[Path]:
    """Hold the database's write lock: one writer at a time, in any process."""
    target = database_path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(target), "a+") as lock:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"Databasen {target.name} är upptagen av en annan inläsning sedan mer än "
                        f"{wait_seconds:.0f} s; försök igen om en stund."
                    ) from None
                time.sleep(0.05)
        try:
            # Copies left by a writer that was killed: only the lock holder makes them.
            for leftover in _temporary_copies(target):
                leftover.unlink(missing_ok=True)
            yield target
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def replace_atomically(source: Path, target: Path) -> None:
    """Move a finished file over the target so that readers see the old or the new one."""
    with open(source, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(source, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def temporary_sibling(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")


def refuse_if_inconsistent(con: duckdb.DuckDBPyConnection, among: Collection[str] | None = None) -> None:
    """The last check before a commit: a change that would leave a reference pointing
    nowhere or to another organisation, two reports in one slot, two goals with one link
    key or stale public tables (tertial.integrity) is not made. Each writer checks its own
    input first and says so in its own words; this catches what they miss. among: the
    organisations the write changed, as its refresh found them (None: every one)."""
    problems = broken_references(con, among)
    if problems:
        raise StoreError("Ändringen gjordes inte, eftersom databasen då skulle bli motsägelsefull; inget har "
                         "ändrats.\n" + "\n".join(problems))


@contextmanager
def fresh_file(target: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a new, empty database beside target, migrated, and in a
    transaction for the data, under the write lock; on leaving the block without an error
    it is committed and renamed over target (a build, a synthetic database). On an error
    the target stays exactly as it was and the new file is removed."""
    with exclusive(target):
        temporary = temporary_sibling(target)
        try:
            con = duckdb.connect(str(temporary))
            try:
                # The schema is committed before the data's transaction begins. DuckDB
                # 2.0.0 loses the rows of a large ordered insert (over about 110,000 rows:
                # INSERT … SELECT … ORDER BY, a Parquet file) into a table that
                # CREATE TABLE AS made empty in the same transaction, as migrations 006
                # and 007 make the public tables: scans of it find nothing until the file
                # is reopened, so the check below compared an empty table with its view
                # (issue 21; 2.0.1 no longer does this). The temporary file is removed on
                # an error anyway, so a committed schema in it changes nothing.
                migrate(con)
                con.execute("BEGIN")
                yield con
                refresh_public_tables(con, everything=True)
                refuse_if_inconsistent(con)
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            finally:
                con.close()
            replace_atomically(temporary, target)
        finally:
            for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
                leftover.unlink(missing_ok=True)


@contextmanager
def new_version(db_path: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a copy of the database; on leaving the block without an
    error the copy, committed, replaces the database. On an error nothing changes.
    The public tables are refreshed before the commit (tertial.derived): the rows of
    every organisation whose rows the block changed; the integrity check looks at those
    organisations' rows and at every reference."""
    with exclusive(db_path) as target:
        if not target.exists():
            raise StoreError(f"Databasen {target} finns inte; bygg den först med »python -m tertial build«.")
        copy = temporary_sibling(target)
        shutil.copyfile(target, copy)
        con = duckdb.connect(str(copy))
        try:
            migrate(con)
            con.execute("BEGIN")
            yield con
            refreshed = refresh_public_tables(con)
            refuse_if_inconsistent(con, refreshed.compared)
            pause = float(os.environ.get(FAILPOINT_PAUSE_BEFORE_COMMIT) or 0)
            if pause:
                time.sleep(pause)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
            replace_atomically(copy, target)
        except BaseException:
            con.close()
            raise
        finally:
            for leftover in (copy, copy.with_name(copy.name + ".wal")):
                leftover.unlink(missing_ok=True)


def pending_migrations(db_path: str | os.PathLike | None = None) -> list[str]:
    """The names of the recorded migrations a database file has not had yet (read-only)."""
    con = duckdb.connect(str(database_path(db_path)), read_only=True)
    try:
        return [name for name, _ in db_pending_migrations(con)]
    finally:
        con.close()


def upgrade(db_path: str | os.PathLike | None = None) -> list[str]:
    """Give a database file made by an older Tertial the migrations it lacks, as a new
    version of the file like any write (the public tables refreshed with them); returns
    the names applied, none when it is current. The dashboard only reads, so it calls this
    when it opens a file: without it an older file would lack what newer queries read."""
    pending = pending_migrations(db_path)
    if pending:
        with new_version(db_path):
            pass  # new_version applies the migrations and refreshes the public tables
    return pending

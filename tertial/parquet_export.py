"""Per-organisation Parquet exports of the two public views, and national views over them.

`python -m tertial parquet DIR` writes, for every organisation in the database, the rows
of goal_assessments and activity_statuses to DIR/<folder>/goal_assessments.parquet and
DIR/<folder>/activity_statuses.parquet. The folder is a safe slug of the organisation's
name ("Ånge kommun" → ange-kommun); the name itself stays in the files' organisation
column. Many municipalities can export into one shared folder, and national_views() gives
any DuckDB connection (several app processes, a national service) the two views over all
of them, with the same columns and rows as each database's own views.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tertial.db import connect

PUBLIC_VIEWS = ("goal_assessments", "activity_statuses")

# Rows in a stable order, so that an unchanged database exports the same files.
_ROW_ORDER = {
    "goal_assessments": "period, report_id, goal_id",
    "activity_statuses": "period, report_id, goal_id, activity_id",
}

# Characters DuckDB's file globbing gives a meaning to; a folder holding them would make
# read_parquet match other files than the exports.
_GLOB_CHARACTERS = re.compile(r"[*?\[\]{}\\]")


class ParquetExportError(Exception):
    """An export or national view that cannot be made; the message is Swedish and says why."""


@dataclass(frozen=True)
class ExportedOrganisation:
    name: str
    folder: Path
    goal_rows: int
    activity_rows: int


def organisation_folder(name: str) -> str:
    """A folder name for an organisation: ASCII letters, digits and hyphens only, so that it
    means the same on every file system and in every glob ("Ånge kommun" → "ange-kommun")."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug or "organisation"


def _exported_organisation(path: Path) -> str | None:
    try:
        with duckdb.connect(":memory:") as con:
            rows = con.execute("SELECT DISTINCT organisation FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if len(rows) == 1 else None


def export_organisations(con: duckdb.DuckDBPyConnection, folder: str | os.PathLike) -> list[ExportedOrganisation]:
    """Write each organisation's rows of the two public views under folder.

    A file is written beside its final name and renamed over it, so that a reader of the
    shared folder sees the previous export or the new one, never half a file. Folders of
    organisations not in this database are left alone: the folder may be shared.
    """
    root = Path(folder).resolve()
    names = [name for (name,) in con.execute(
        "SELECT organisation FROM goal_assessments UNION SELECT organisation FROM activity_statuses ORDER BY 1"
    ).fetchall()]
    folders: dict[str, str] = {}
    for name in names:
        slug = organisation_folder(name)
        if slug in folders:
            raise ParquetExportError(f"»{folders[slug]}« och »{name}« får samma mappnamn {slug}; "
                                     "byt namn på en av organisationerna. Inget exporterades.")
        folders[slug] = name
        existing = root / slug / f"{PUBLIC_VIEWS[0]}.parquet"
        earlier = _exported_organisation(existing) if existing.exists() else None
        if earlier not in (name, None):
            raise ParquetExportError(f"{existing.parent} innehåller redan en annan organisations export "
                                     f"({earlier}), inte {name}. Inget exporterades.")
    exported = []
    for slug, name in folders.items():
        target_folder = root / slug
        target_folder.mkdir(parents=True, exist_ok=True)
        counts = {}
        for view in PUBLIC_VIEWS:
            target = target_folder / f"{view}.parquet"
            temporary = target_folder / f".{view}.{os.getpid()}.parquet.tmp"
            try:
                # The view's name and order are constants of this module, not input; the
                # organisation and the file are bound parameters.
                con.execute(
                    f"COPY (SELECT * FROM {view} WHERE organisation = $organisation ORDER BY {_ROW_ORDER[view]}) "
                    "TO $path (FORMAT parquet)",
                    {"organisation": name, "path": str(temporary)},
                )
                os.replace(temporary, target)
            except (duckdb.Error, OSError) as error:
                raise ParquetExportError(f"{target} kunde inte skrivas ({error}).") from None
            finally:
                temporary.unlink(missing_ok=True)
            [(counts[view],)] = con.execute("SELECT count(*) FROM read_parquet(?)", [str(target)]).fetchall()
        exported.append(ExportedOrganisation(name, target_folder, counts["goal_assessments"],
                                             counts["activity_statuses"]))
    return exported


def export_database(db_path: str | os.PathLike, folder: str | os.PathLike) -> list[ExportedOrganisation]:
    """Export every organisation of a database file (opened read-only) under folder."""
    if not Path(db_path).exists():
        raise ParquetExportError(f"Databasen {db_path} finns inte; bygg den först med »python -m tertial build«.")
    con = connect(db_path, read_only=True)
    try:
        return export_organisations(con, folder)
    finally:
        con.close()


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def national_views(con: duckdb.DuckDBPyConnection, folder: str | os.PathLike) -> None:
    """Create the views goal_assessments and activity_statuses in con over every
    organisation's export in folder (one subfolder each, as export_organisations writes)."""
    root = Path(folder).resolve()
    if "\0" in str(root) or _GLOB_CHARACTERS.search(str(root)):
        raise ParquetExportError(f"Mappen {root} har tecken som filmönster tolkar (* ? [ ] {{ }} \\); "
                                 "flytta exporterna till en mapp utan dem.")
    for view in PUBLIC_VIEWS:
        if not any(root.glob(f"*/{view}.parquet")):
            raise ParquetExportError(f"I {root} finns ingen export av {view} "
                                     f"(väntade mig en mapp per organisation med {view}.parquet).")
        pattern = str(root / "*" / f"{view}.parquet")
        # A view cannot hold a bound parameter, so the file pattern is written into the SQL
        # text: as a string literal with its quotes doubled, from a resolved path checked
        # above for glob characters. The view name is one of this module's constants.
        # The folders are slugs, not key=value pairs, and the organisation is a column in the
        # files: no hive partitioning. union_by_name lets exports from an older Tertial, with
        # fewer columns, be read beside newer ones.
        con.execute(
            f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM read_parquet({_sql_string(pattern)}, "
            "hive_partitioning = false, union_by_name = true)"
        )

"""Backup and restore of a whole Tertial database: every table as Parquet (exact: types,
NULLs, the original report files' bytes) and as CSV (for a person or another tool), the
original report files as files, and a manifest that lists them with their row counts and
SHA-256, written last.

    python -m tertial backup DIR [--db PATH]
    python -m tertial restore DIR --db PATH

A backup is written into a hidden folder beside DIR and renamed to DIR when complete, so
DIR is either a whole backup or absent. A restore checks the manifest and every file it
lists before it writes anything, rebuilds the database from the Parquet files in a new
file (tertial.store.fresh_file: migrated, one transaction, renamed over the target when
every row is in) and refuses a damaged or partial backup, or a target that exists. The
audit log is restored as it was; the restore adds no entry, so that its log is the
backup's own.
"""

from __future__ import annotations

import csv as csv_module
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from tertial.db import connect, migration_files
from tertial.export import neutralise
from tertial.integrity import broken_references
from tertial.slugs import slug
from tertial.store import fresh_file

FORMAT = "tertial-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES_DIR = "parquet"
CSV_DIR = "csv"
REPORTS_DIR = "reports"
# The migrations write these rows themselves; a restore checks them instead of copying.
MIGRATIONS_TABLE = "schema_migrations"
# Columns a CSV file cannot hold as text: the original files' bytes (they are in
# parquet/ and, as files, in reports/).
BINARY_TYPES = ("BLOB",)


class BackupError(Exception):
    """A backup or restore that cannot be done, in Swedish, saying what and where."""


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    tables: dict[str, int]  # table → rows
    report_files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()]


def _quoted(identifier: str) -> str:
    """A table or column name from the database's own catalogue, quoted as an identifier."""
    return '"' + identifier.replace('"', '""') + '"'


def backup(db_path: str | os.PathLike, folder: str | os.PathLike) -> BackupSummary:
    """Write the whole database at db_path (opened read-only) to a new folder."""
    source, target = Path(db_path), Path(folder)
    if not source.exists():
        raise BackupError(f"Databasen {source} finns inte; inget säkerhetskopierades.")
    if target.exists():
        raise BackupError(f"{target} finns redan; välj en ny mapp för säkerhetskopian. Inget skrevs.")
    target.parent.mkdir(parents=True, exist_ok=True)
    working = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(working, ignore_errors=True)
    try:
        (working / TABLES_DIR).mkdir(parents=True)
        (working / CSV_DIR).mkdir()
        (working / REPORTS_DIR).mkdir()
        con = connect(source, read_only=True)
        try:
            manifest = _write_tables(con, working)
        finally:
            con.close()
        manifest["source"] = source.name
        (working / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(working, target)
    except (duckdb.Error, OSError) as error:
        raise BackupError(f"Säkerhetskopian till {target} kunde inte skrivas ({error}); inget skrevs.") from None
    finally:
        shutil.rmtree(working, ignore_errors=True)
    return BackupSummary(target, {name: entry["rows"] for name, entry in manifest["tables"].items()},
                         len(manifest["report_files"]))


def _write_csv(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], path: Path) -> None:
    """A table as CSV for a person or a spreadsheet: UTF-8, the database's column names,
    a text cell that a spreadsheet would take for a formula (=, +, -, @ …) neutralised as
    in every download (tertial.export.neutralise). The exact values are in the Parquet."""
    selected = ", ".join(_quoted(name) for name in columns)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv_module.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for row in con.execute(f"SELECT {selected} FROM {_quoted(table)} ORDER BY ALL").fetchall():
            writer.writerow([neutralise(value) if isinstance(value, str) else value for value in row])


def _write_tables(con: duckdb.DuckDBPyConnection, folder: Path) -> dict:
    migrations = [name for (name,) in con.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY name").fetchall()]
    tables: dict[str, dict] = {}
    for table in _tables(con):
        columns = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [table]
        ).fetchall()
        parquet = folder / TABLES_DIR / f"{table}.parquet"
        csv = folder / CSV_DIR / f"{table}.csv"
        # Rows in a fixed order, so that two backups of one database are the same files.
        con.execute(f"COPY (SELECT * FROM {_quoted(table)} ORDER BY ALL) TO $path (FORMAT parquet)",
                    {"path": str(parquet)})
        text_columns = [name for name, kind in columns if kind not in BINARY_TYPES]
        _write_csv(con, table, text_columns, csv)
        [(rows,)] = con.execute(f"SELECT count(*) FROM {_quoted(table)}").fetchall()
        tables[table] = {
            "rows": rows,
            "columns": [[name, kind] for name, kind in columns],
            "parquet": f"{TABLES_DIR}/{parquet.name}", "parquet_sha256": _sha256(parquet),
            "csv": f"{CSV_DIR}/{csv.name}", "csv_sha256": _sha256(csv),
        }
    report_files = []
    for report_id, file_name, content in con.execute(
        "SELECT report_id, file_name, content FROM report_files ORDER BY report_id"
    ).fetchall():
        # The report's id first: two organisations' reports may share a file name.
        name = f"{report_id:04d}_{slug(Path(file_name).stem) or 'rapport'}{Path(file_name).suffix.lower()}"
        path = folder / REPORTS_DIR / name
        path.write_bytes(content)
        report_files.append({"report_id": report_id, "file_name": file_name, "path": f"{REPORTS_DIR}/{name}",
                             "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)})
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "made_by": "Tertial",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "migrations": migrations, "tables": tables, "report_files": report_files,
    }


def read_manifest(folder: str | os.PathLike) -> dict:
    """A backup's manifest, with every file it lists checked against its SHA-256 and
    every table's row count against its Parquet file. Raises BackupError for a damaged or
    partial backup, saying which file."""
    root = Path(folder)
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{root} är ingen hel säkerhetskopia: {MANIFEST} saknas (en avbruten eller ofullständig "
                          "kopia). Inget återställdes.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{manifest_path} går inte att läsa ({error}). Inget återställdes.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{manifest_path} beskriver ingen säkerhetskopia av Tertial. Inget återställdes.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{manifest_path} har formatversion {manifest.get('format_version')!r}; den här versionen "
                          f"av Tertial läser version {FORMAT_VERSION}. Inget återställdes.")
    known = {name for name, _ in migration_files()}
    unknown = sorted(set(manifest.get("migrations") or []) - known)
    if unknown:
        raise BackupError(f"Säkerhetskopian kommer från en nyare Tertial (migreringarna {', '.join(unknown)} är "
                          "okända här); uppdatera Tertial först. Inget återställdes.")
    listed = [(entry[kind], entry[f"{kind}_sha256"]) for entry in (manifest.get("tables") or {}).values()
              for kind in ("parquet", "csv")]
    listed += [(entry["path"], entry["sha256"]) for entry in manifest.get("report_files") or []]
    for relative, expected in listed:
        path = root / relative
        if not path.is_file():
            raise BackupError(f"{path} saknas i säkerhetskopian. Inget återställdes.")
        if _sha256(path) != expected:
            raise BackupError(f"{path} är skadad: innehållet stämmer inte med manifestets kontrollsumma. "
                              "Inget återställdes.")
    return manifest


def restore(folder: str | os.PathLike, db_path: str | os.PathLike) -> BackupSummary:
    """Rebuild a database at db_path (which must not exist) from a backup folder."""
    root, target = Path(folder), Path(db_path)
    manifest = read_manifest(root)
    if target.exists():
        raise BackupError(f"{target} finns redan; återställ till en ny fil och byt sedan ut den gamla. "
                          "Inget återställdes.")
    tables: dict[str, dict] = manifest["tables"]
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with fresh_file(target) as con:
            present = set(_tables(con))
            missing = sorted(set(tables) - present)
            if missing:
                raise BackupError(f"Säkerhetskopian har tabeller som den här databasen saknar ({', '.join(missing)}). "
                                  "Inget återställdes.")
            for table, entry in tables.items():
                if table == MIGRATIONS_TABLE:
                    continue
                con.execute(f"INSERT INTO {_quoted(table)} SELECT * FROM read_parquet($path)",
                            {"path": str(root / entry["parquet"])})
                [(rows,)] = con.execute(f"SELECT count(*) FROM {_quoted(table)}").fetchall()
                if rows != entry["rows"]:
                    raise BackupError(f"{table}: {rows} rader återställda, manifestet säger {entry['rows']}. "
                                      "Inget återställdes.")
            for entry in manifest["report_files"]:
                [(sha,)] = con.execute("SELECT sha256(content) FROM report_files WHERE report_id = ?",
                                       [entry["report_id"]]).fetchall() or [(None,)]
                if sha != entry["sha256"]:
                    raise BackupError(f"Rapportfilen {entry['file_name']} stämmer inte med sin kopia i "
                                      f"{entry['path']}. Inget återställdes.")
            # Also compares the stored public tables, restored as they were, with the
            # views that define them.
            problems = broken_references(con)
            if problems:
                raise BackupError("Säkerhetskopian hänger inte ihop: " + "; ".join(problems[:5])
                                  + ". Inget återställdes.")
    except duckdb.Error as error:
        raise BackupError(f"Säkerhetskopian i {root} kunde inte återställas ({error}). Inget återställdes.") from None
    return BackupSummary(target, {name: entry["rows"] for name, entry in tables.items()},
                         len(manifest["report_files"]))


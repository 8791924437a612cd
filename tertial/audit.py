"""The audit log: every change to the database, who made it, when, what, before and
after, and which file with which content hash."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb


def record_change(
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str,
    action: str,
    report_file: str | None,
    sha256: str | None,
    summary: str,
    before: object = None,
    after: object = None,
    undoes: int | None = None,
) -> int:
    """Add an entry in the same transaction as the change it describes; return its id."""
    [(audit_id,)] = con.execute("SELECT coalesce(max(audit_id), 0) + 1 FROM audit_log").fetchall()
    con.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        [audit_id, datetime.now().replace(microsecond=0), actor, action, report_file, sha256, summary,
         None if before is None else json.dumps(before, ensure_ascii=False, default=str),
         None if after is None else json.dumps(after, ensure_ascii=False, default=str),
         undoes],
    )
    return audit_id

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

"""The sign-in log: every sign-in, sign-out and refused attempt, with who and from where.

It is a file of its own beside the database (tertial.duckdb → tertial.duckdb.signins.jsonl),
one JSON object a line, only ever appended to. Not a table in the database: every
change to the database is a new version of the whole file (tertial.store copies it
under a lock), which is right for an import and far too heavy for a sign-in – some
megabytes copied and the public tables checked, for a line of text, and the writer's lock
held while an editor waits to get in. Appending a line takes microseconds, under an
advisory lock of its own (flock) so that two processes never interleave their lines.

Each entry: time (local, seconds), event (inloggning, utloggning, nekad, fel lösenord),
method (oidc or lösenord), for OIDC the provider's verified identity as the ID token
gave it – issuer, subject, e-mail and name – for the password the name the editor typed,
the client address, why an attempt was refused, and for OIDC a short hash of issuer,
subject and issue time that tells one sign-in from the next (one entry per sign-in,
not one per browser tab or page load).

The Ändringslogg page shows the newest entries to editors (pages/audit_log.py).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from datetime import datetime
from pathlib import Path

from tertial.db import database_path

SUFFIX = ".signins.jsonl"
SIGN_IN = "inloggning"
SIGN_OUT = "utloggning"
REFUSED = "nekad"
WRONG_PASSWORD = "fel lösenord"

_seen_lock = threading.Lock()
_seen: set[tuple[str, str]] = set()  # (log file, token) recorded by this process


def log_path(db_path: str | os.PathLike | None = None) -> Path:
    target = database_path(db_path)
    return target.with_name(target.name + SUFFIX)


def token_key(issuer: str, subject: str, issued_at: object) -> str:
    """A short name for one sign-in: the same ID token gives the same key in every tab."""
    return hashlib.sha256(f"{issuer}\n{subject}\n{issued_at}".encode()).hexdigest()[:16]


def record(event: str, *, method: str, db_path: str | os.PathLike | None = None, **details: object) -> dict:
    """Append one entry; details with the value None are left out. Returns the entry."""
    entry = {"time": datetime.now().isoformat(timespec="seconds"), "event": event, "method": method}
    entry |= {key: value for key, value in details.items() if value is not None}
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path = log_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.write(line)
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    token = entry.get("token")
    if token:
        with _seen_lock:
            _seen.add((str(path), str(token)))
    return entry


def recent(limit: int = 200, db_path: str | os.PathLike | None = None) -> list[dict]:
    """The newest entries, newest first, at most limit. Reads the file from its end, so a
    long log costs no more than a short one; a line that is not JSON is skipped."""
    path = log_path(db_path)
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return []
    with handle:
        handle.seek(0, os.SEEK_END)
        position = handle.tell()
        data = b""
        while position > 0 and data.count(b"\n") <= limit:
            step = min(64 * 1024, position)
            position -= step
            handle.seek(position)
            data = handle.read(step) + data
    lines = data.split(b"\n")
    if position > 0:
        lines = lines[1:]  # the first line may be cut
    entries = []
    for line in reversed(lines):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
        if len(entries) >= limit:
            break
    return entries


def first_time(token: str, db_path: str | os.PathLike | None = None, *, look_back: int = 1000) -> bool:
    """Whether no entry has this token yet: in this process's memory, else among the log's
    newest entries (after a restart of the server)."""
    path = str(log_path(db_path))
    with _seen_lock:
        if (path, token) in _seen:
            return False
    if any(entry.get("token") == token for entry in recent(look_back, db_path)):
        with _seen_lock:
            _seen.add((path, token))
        return False
    return True


def claim_first_time(token: str, db_path: str | os.PathLike | None = None) -> bool:
    """Whether this caller is the first to see the token; marks it seen. Two sessions of
    the same browser starting at once (two tabs) get one True between them."""
    path = str(log_path(db_path))
    if not first_time(token, db_path):
        return False
    with _seen_lock:
        if (path, token) in _seen:
            return False
        _seen.add((path, token))
    return True


"""The audit log: every change to the database, who made it, when, what, before and
after, and which file with which content hash."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
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


# Viewers see that a change was made and what changed, not who made it: the Ändringslogg
# page shows them this instead of an editor's name or e-mail address.
HIDDEN_ACTOR = "en redigerare"
SYSTEM_ACTOR = "system"  # the build; no person
_PERSON_KEYS = frozenset({"actor", "decided_by", "editor", "changed_by"})


def shown_actor(actor: str | None, *, editor: bool) -> str | None:
    """The actor as the reader may see it: an editor sees everyone, a viewer only 'system'."""
    if editor or actor is None or actor == SYSTEM_ACTOR:
        return actor
    return HIDDEN_ACTOR


def without_people(value: object, names: Iterable[str]) -> object:
    """value (an entry's summary, or its before or after as parsed JSON) with every person
    taken out: the values of keys that name who did something, and each of names (the
    log's actors) wherever it stands as a whole word in a text (also in the genitive),
    whatever its case."""
    words = sorted({name for name in names if name and name.strip() and name != SYSTEM_ACTOR}, key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(word)}s?(?!\w)" for word in words), re.IGNORECASE) if words else None

    def clean(item: object) -> object:
        if isinstance(item, dict):
            return {key: (HIDDEN_ACTOR if key in _PERSON_KEYS and item[key] is not None else clean(item[key]))
                    for key in item}
        if isinstance(item, list):
            return [clean(part) for part in item]
        if isinstance(item, str) and pattern is not None:
            return pattern.sub(HIDDEN_ACTOR, item)
        return item

    return clean(value)

"""Status words a person has decided: a printed word outside the six statuses, mapped to
one of them once (in the manifest, in the Importera preview, or with --status-alias) and
kept per organisation in the database, so that every later import of that organisation
reads the word the same way. The reader never guesses; it only applies these decisions,
and notes each use as an interpretation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from tertial.vocabulary import STATUSES, normalise_status, status_alias_key

# Where a decision was made, as stored in status_aliases.source.
FROM_MANIFEST = "manifest"
FROM_PREVIEW = "förhandsgranskning"
FROM_COMMAND_LINE = "kommandorad"


class AliasError(ValueError):
    """A status alias that cannot be used; the message is Swedish."""


@dataclass(frozen=True)
class StatusAlias:
    printed: str
    status: str
    source: str
    decided_by: str | None = None  # None: not yet stored (decided for the import at hand)
    decided_at: datetime | None = None

    @property
    def key(self) -> str:
        return status_alias_key(self.printed)

    def describe(self) -> str:
        """Who decided it, for a preview: 'beslutat av anna 2024-05-02 (förhandsgranskning)'."""
        if self.decided_by is None:
            return f"nytt beslut ({self.source}); sparas med rapporten"
        when = f" {self.decided_at:%Y-%m-%d}" if self.decided_at else ""
        return f"beslutat av {self.decided_by}{when} ({self.source})"


def parse_alias_argument(argument: str) -> tuple[str, str]:
    """'Klart=Avslutad enligt plan' → ('Klart', 'Avslutad enligt plan'); the status may be
    written in any case and spelling the vocabulary knows."""
    printed, separator, status_text = argument.partition("=")
    if not separator or not printed.strip() or not status_text.strip():
        raise AliasError(f"--status-alias »{argument}«: skriv ORD=STATUS, t.ex. »Klart=Avslutad enligt plan«.")
    return checked_alias(printed.strip(), status_text.strip())


def checked_alias(printed: str, status_text: str) -> tuple[str, str]:
    status = normalise_status(status_text)
    if status is None:
        raise AliasError(
            f"»{status_text}« är ingen status. Välj en av: {', '.join(STATUSES)}."
        )
    if not status_alias_key(printed):
        raise AliasError("Ett statusord kan inte vara tomt.")
    if normalise_status(printed) is not None:
        raise AliasError(f"»{printed}« är redan statusen {normalise_status(printed)} och behöver inget beslut.")
    return printed, status


def stored_aliases(con: duckdb.DuckDBPyConnection, organisation_id: int) -> dict[str, StatusAlias]:
    """The organisation's decided status words, by comparison key."""
    rows = con.execute(
        """SELECT printed_key, printed, status, source, decided_by, decided_at
           FROM status_aliases WHERE organisation_id = ? ORDER BY printed_key""",
        [organisation_id],
    ).fetchall()
    return {key: StatusAlias(printed, status, source, by, at) for key, printed, status, source, by, at in rows}


def merged(stored: dict[str, StatusAlias], decided_now: dict[str, str], source: str) -> dict[str, StatusAlias]:
    """The stored decisions with the ones made for this import on top (a new decision for
    a word overrides the stored one, and is stored in its place)."""
    result = dict(stored)
    for printed, status in decided_now.items():
        alias = StatusAlias(printed, status, source)
        if alias.key in stored and stored[alias.key].status == status:
            continue  # the same decision again: keep who made it first
        result[alias.key] = alias
    return result


def record_new(con: duckdb.DuckDBPyConnection, organisation_id: int, aliases: list[StatusAlias], *, actor: str,
               audit_id: int | None) -> None:
    """Store the decisions that are not yet stored (in the caller's transaction)."""
    now = datetime.now().replace(microsecond=0)
    for alias in aliases:
        if alias.decided_by is not None:
            continue
        con.execute("DELETE FROM status_aliases WHERE organisation_id = ? AND printed_key = ?",
                    [organisation_id, alias.key])
        con.execute(
            "INSERT INTO status_aliases VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [organisation_id, alias.key, alias.printed, alias.status, alias.source, actor, now, audit_id],
        )

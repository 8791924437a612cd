"""The case the tertial report is attached to: what a committee secretary writes on the
decision memo (tjänsteskrivelse) – diarienummer, date, handläggare, the body that decides –
and the proposed decision, which defaults to Ånge's own wording ("Godkänna redovisning
av måluppföljning per tertial 3 2024", seed 003).

Checked here, so that the command line and the page refuse the same things with the same
Swedish message; no I/O.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from tertial.periods import Period

# Long enough for any diarienummer or name in use ("KS 2024/000123", two names with a
# title), short enough that a pasted paragraph is told, not printed on the memo.
LONGEST_FIELD = 120
LONGEST_PROPOSAL = 2000
PROPOSER = "Kommunförvaltningen"
NOT_GIVEN = "–"
BODIES = {"KS": "Kommunstyrelsen", "KF": "Kommunfullmäktige"}


class CaseError(ValueError):
    """A case detail that cannot be printed; the message says which and why, in Swedish."""


@dataclass(frozen=True)
class CaseDetails:
    """What the user gives; None: not given (the memo prints NOT_GIVEN, or the default)."""

    diarienummer: str | None = None
    case_date: date | None = None
    handlaggare: str | None = None
    decided_by: str | None = None  # default: the body of the goal level (Kommunstyrelsen)
    proposal: str | None = None  # default: default_proposal(period)

    def checked(self) -> CaseDetails:
        """The details with whitespace trimmed and empty fields as None; CaseError for a
        field too long or holding control characters."""
        fields = {}
        for name, label, longest in (("diarienummer", "Diarienummer", LONGEST_FIELD),
                                     ("handlaggare", "Handläggare", LONGEST_FIELD),
                                     ("decided_by", "Beslutande organ", LONGEST_FIELD),
                                     ("proposal", "Förslag till beslut", LONGEST_PROPOSAL)):
            fields[name] = _field(getattr(self, name), label, longest, multiline=name == "proposal")
        return CaseDetails(case_date=self.case_date, **fields)


def _field(value: str | None, label: str, longest: int, multiline: bool) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > longest:
        raise CaseError(f"{label} är {len(value)} tecken; högst {longest} får plats i beslutsunderlaget.")
    allowed = "\n" if multiline else ""
    for character in value:
        if character not in allowed and unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co", "Cn"}:
            raise CaseError(f"{label} innehåller ett tecken som inte kan skrivas ut (U+{ord(character):04X}); "
                            "ta bort det och försök igen.")
    return value


def parse_case_date(text: str | None) -> date | None:
    """'2024-09-17' → date; None or blank → None; CaseError otherwise."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CaseError(f"Datumet »{text.strip()[:40]}« går inte att läsa; skriv det som ÅÅÅÅ-MM-DD, "
                        "t.ex. 2024-09-17.") from None


def default_proposal(period: Period) -> str:
    """Ånge's own wording (seed 003), for this tertial."""
    return f"Godkänna redovisning av måluppföljning per tertial {period.tertial} {period.year}."


def decided_by(case: CaseDetails, goal_level: str | None) -> str:
    return case.decided_by or BODIES.get(goal_level or "", BODIES["KS"])


def proposal_lead(body: str) -> str:
    """'Kommunförvaltningen föreslår kommunstyrelsen besluta att' (seed 003's wording, without
    the route through a committee the user may add in the text)."""
    return f"{PROPOSER} föreslår {body[:1].lower() + body[1:]} besluta att"


def proposal_points(case: CaseDetails, period: Period) -> list[str]:
    """The proposed decision's numbered points: one per line of the text given, else the default."""
    text = case.proposal or default_proposal(period)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [f"{number}. {_without_number(line)}" for number, line in enumerate(lines, start=1)]


def _without_number(line: str) -> str:
    """A point the user numbered himself ('1. Godkänna …') is numbered once."""
    head, _, rest = line.partition(" ")
    if rest and head.rstrip(".)").isdigit() and head[-1:] in {".", ")"}:
        return rest.strip()
    return line

"""The slot a report fills: organisation, reporting body, unit and period.

A slot holds one report. A second document for a filled slot is a replacement (after
the user confirms), never a second report beside the first, so that no figure is
counted twice; a report of another unit or body for the same period is a report of its
own. Where the user does not say which unit wrote a document, the slot is worked out
from what is known, and the preview says how:

1. the unit the user gave;
2. a known unit the document names: a line that is just the unit's name (a running
   header such as "Stab"), or the unit's name in the title lines;
3. the unit whose earlier reports the document resembles most (its goals and
   activities), when at least half of them are recognised;
4. the body's usual unit: the one most of its reports come from.

Pure functions over rows of queries/import_slot_reports.sql; no database access here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tertial.text import comparable_title

# Lines at the top of a document that count as its title area.
TITLE_LINES = 10
# Share of a document's goals and activities an earlier report must present for the
# document to be taken as the same unit's.
RESEMBLANCE_THRESHOLD = 0.5


@dataclass(frozen=True)
class Slot:
    organisation: str
    body: str
    unit: str | None
    period: str

    def label(self) -> str:
        unit = self.unit or "ingen enhet angiven"
        return f"{self.organisation} · {self.body} · {unit} · {self.period}"


@dataclass(frozen=True)
class UnitChoice:
    unit: str | None
    reason: str  # Swedish, for the preview


def _plain(text: str) -> str:
    return " ".join(re.sub(r"^[#\s*]+|[*\s]+$", "", text).split()).casefold()


def named_unit(text: str, known_units: list[str]) -> UnitChoice | None:
    """A known unit the document names in its title lines or on a line of its own."""
    lines = [_plain(line) for line in text.split("\n")]
    non_empty = [line for line in lines if line]
    title_area = non_empty[:TITLE_LINES]
    own_lines = set(non_empty)
    # Longer names first, so that "Stab" does not win over "Stab och ledning".
    for unit in sorted(known_units, key=len, reverse=True):
        name = _plain(unit)
        if not name:
            continue
        if name in own_lines:
            return UnitChoice(unit, f"dokumentet har raden »{unit}« (sidhuvud eller avsändare)")
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        if any(pattern.search(line) for line in title_area):
            return UnitChoice(unit, f"dokumentets inledande rader nämner {unit}")
    return None


def resembling_unit(titles: list[str], reports: list[dict]) -> UnitChoice | None:
    """The unit whose most resembling report presents at least half of the document's
    goal and activity titles."""
    wanted = {comparable_title(title) for title in titles if title}
    if not wanted:
        return None
    best: tuple[float, int, str | None] | None = None
    for report in reports:
        known = {comparable_title(t) for t in (report["goal_titles"] or []) + (report["activity_titles"] or [])}
        shared = len(wanted & known)
        share = shared / len(wanted)
        if best is None or share > best[0]:
            best = (share, shared, report["unit"])
    if best is None or best[0] < RESEMBLANCE_THRESHOLD:
        return None
    share, shared, unit = best
    return UnitChoice(unit, f"dokumentet liknar enhetens tidigare rapporter ({shared} av {len(wanted)} mål och "
                            "aktiviteter känns igen)")


def usual_unit(reports: list[dict]) -> UnitChoice:
    """The unit most of the body's reports come from (the earliest on a tie)."""
    counts = Counter(report["unit"] for report in reports)
    if not counts:
        return UnitChoice(None, "ingen enhet angiven och inga tidigare rapporter")
    first_seen = {}
    for report in reports:
        first_seen.setdefault(report["unit"], report["report_id"])
    unit = max(counts, key=lambda u: (counts[u], -first_seen[u]))
    return UnitChoice(unit, f"ingen enhet angiven; {unit or 'utan enhet'} är den enhet de flesta rapporterna kommer från")


def choose_unit(given: str | None, text: str, titles: list[str], reports: list[dict]) -> UnitChoice:
    """The unit of a document's slot, with the reason (see the module docstring)."""
    if given and given.strip():
        return UnitChoice(given.strip(), "angiven vid inläsningen")
    known = sorted({report["unit"] for report in reports if report["unit"]})
    return named_unit(text, known) or resembling_unit(titles, reports) or usual_unit(reports)


def report_in_slot(reports: list[dict], unit: str | None, period: str) -> dict | None:
    """The loaded report that fills the slot, if any."""
    for report in reports:
        if report["period"] == period and (report["unit"] or None) == (unit or None):
            return report
    return None


def previous_in_lineage(reports: list[dict], unit: str | None, period: str) -> dict | None:
    """The same unit's latest report before the period: what a new tertial follows."""
    earlier = [r for r in reports if (r["unit"] or None) == (unit or None) and r["period"] < period]
    return max(earlier, key=lambda r: (r["period"], r["as_of"], r["report_id"])) if earlier else None

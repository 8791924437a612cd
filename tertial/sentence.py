"""The sentence the committee reads first, computed from counts for any period and filter.

The T2 2023 report prints: "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål
Uppfyllt eller Delvis uppfyllt och 14 mål Ej uppfyllt eller Knappt uppfyllt." The same
sentence must stay true, and grammatical, when some goals are not graded, when none are,
when there is one goal or none, and within one focus area. Pure functions: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tertial.visual import GOAL_LEVEL_NAMES, swedish_date, swedish_list


@dataclass(frozen=True)
class CommitteeCounts:
    """The counts behind the sentence, as queries/committee_counts.sql returns them."""

    period: str
    goal_level: str | None  # the level counted; None when the period presents no goals
    total: int
    fulfilled: int  # Uppfyllt or Delvis uppfyllt
    not_fulfilled: int  # Knappt uppfyllt or Ej uppfyllt
    not_graded: int
    focus_area: str | None = None
    source_report_count: int = 1  # reports the counted goals are read from
    period_report_count: int = 1  # reports the period has at all
    via_crosswalk: bool = False  # some goals reach their focus area through the crosswalk

    @classmethod
    def from_row(cls, row: Mapping, *, period: str, focus_area: str | None = None) -> CommitteeCounts:
        return cls(
            period=period,
            goal_level=row["goal_level"],
            total=int(row["total"]),
            fulfilled=int(row["fulfilled"]),
            not_fulfilled=int(row["not_fulfilled"]),
            not_graded=int(row["not_graded"]),
            focus_area=focus_area,
            source_report_count=int(row["source_report_count"]),
            period_report_count=int(row["period_report_count"]),
            via_crosswalk=bool(row.get("via_crosswalk", False)),
        )

    @property
    def graded(self) -> int:
        return self.fulfilled + self.not_fulfilled


def _adopted_by(goal_level: str | None) -> str:
    """'kommunstyrelsen antagit' – who set the goals counted."""
    body = GOAL_LEVEL_NAMES.get(goal_level or "")
    return f"{body} antagit" if body else "som redovisas"


def _not_graded_phrase(count: int) -> str:
    # The participle agrees with the number: "1 mål ej bedömt", "3 mål ej bedömda".
    return f"{count} mål ej {'bedömt' if count == 1 else 'bedömda'}"


def _with_focus_area(sentence: str, focus_area: str | None) -> str:
    if not focus_area:
        return sentence
    return f"Inom {focus_area}: {sentence[0].lower()}{sentence[1:]}"


def committee_sentence(counts: CommitteeCounts) -> str:
    """The committee's summary sentence for these counts, in Swedish."""
    c = counts
    if c.period_report_count == 0:
        return f"För {c.period} finns ingen rapport inläst."
    report_word = "Rapporterna" if max(c.source_report_count, 1) > 1 else "Rapporten"
    if c.total == 0:
        whose = f" som {_adopted_by(c.goal_level)}" if c.goal_level and c.focus_area else ""
        return _with_focus_area(f"{report_word} för {c.period} redovisar inga mål{whose}.", c.focus_area)
    adopted_by = _adopted_by(c.goal_level)
    if c.graded == 0:
        who = f" som {adopted_by}" if c.goal_level else ""
        return _with_focus_area(f"{report_word} för {c.period} redovisar {c.total} mål{who}, utan bedömning.", c.focus_area)
    if c.total == 1:
        group = "Uppfyllt eller Delvis uppfyllt" if c.fulfilled else "Ej uppfyllt eller Knappt uppfyllt"
        return _with_focus_area(f"Det enda målet {adopted_by} är {group}.", c.focus_area)
    parts = [
        f"{c.fulfilled} mål Uppfyllt eller Delvis uppfyllt",
        f"{c.not_fulfilled} mål Ej uppfyllt eller Knappt uppfyllt",
    ]
    if c.not_graded:
        parts.append(_not_graded_phrase(c.not_graded))
    listed = swedish_list(parts)
    return _with_focus_area(f"Av de totalt {c.total} målen {adopted_by} är {listed}.", c.focus_area)


def share_of_goals(part: int, total: int) -> str:
    """'7 av 21 mål' for a metric."""
    return f"{part} av {total} mål"


def source_note(reports: Iterable[Mapping]) -> str:
    """Where a period's figures come from: each report's title, unit, file and as-of
    date, and, when several reports share the period, how the counts combine them.

    reports: rows of queries/period_reports.sql (title, unit, file_name, as_of, goal_count).
    """
    reports = list(reports)
    parts = []
    for report in reports:
        goals = report.get("goal_count")
        goals_text = "" if goals is None else (", inga mål" if goals == 0 else f", {goals} mål")
        unit = f"{report['unit']}, " if len(reports) > 1 and report.get("unit") else ""
        parts.append(
            f"»{report['title']}« ({unit}fil {report['file_name']}, avstämd {swedish_date(report['as_of'])}{goals_text})"
        )
    if not parts:
        return "Ingen rapport är inläst för perioden."
    note = ("Källa: " if len(parts) == 1 else "Källor: ") + "; ".join(parts) + "."
    if len(parts) > 1:
        note += (
            f" Perioden har {len(parts)} rapporter, en per enhet: ett mål som flera rapporter redovisar räknas en "
            "gång, med den senast avstämda rapportens bedömning; aktiviteterna räknas en gång per rapport och mål."
        )
    return note

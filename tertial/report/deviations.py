"""Avvikelser: the activities of a tertial report that do not go to plan, in one list the
committee reads before the goals – overdue (end date passed, not finished), reported
"med avvikelse", in Vänteläge, or still Ej påbörjad after their start date – each with
its goal, its unit and the days overdue, counted to the report's own as-of date.

Pure functions over the rows of queries/report_activities.sql; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tertial.report.model import META, Marked, Paragraph, Table
from tertial.visual import OVERDUE_COLOUR, OVERDUE_MARK, STATUS_COLOURS, STATUS_SYMBOLS, swedish_list
from tertial.vocabulary import DEVIATION_STATUSES

NOT_STARTED = "Ej påbörjad"
OVERDUE = "försenad"
REPORTED_DEVIATION = "avvikelse"
NOT_STARTED_LATE = "ej påbörjad"


def reasons(row: Mapping) -> list[str]:
    """Why an activity row is a deviation (none: it goes to plan)."""
    found = []
    if row["overdue"]:
        found.append(OVERDUE)
    if row["status"] in DEVIATION_STATUSES:
        found.append(REPORTED_DEVIATION)
    if (row["status"] == NOT_STARTED and row["start_date"] is not None and row["as_of"] is not None
            and row["start_date"] < row["as_of"]):
        found.append(NOT_STARTED_LATE)
    return found


@dataclass(frozen=True)
class Deviations:
    rows: list[dict]  # the deviating rows, most overdue first
    total: int  # every activity entry of the report
    overdue: int
    with_deviation: int  # Pågående/Avslutad med avvikelse
    on_hold: int  # Vänteläge
    not_started_late: int

    @classmethod
    def of(cls, activities: Sequence[Mapping]) -> Deviations:
        chosen = [dict(row) for row in activities if reasons(row)]
        chosen.sort(key=lambda row: (-(row["days_overdue"] or 0), row["status"] != "Vänteläge", row["goal_code"] or "",
                                     row["source_line"]))
        return cls(
            rows=chosen,
            total=len(activities),
            overdue=sum(1 for row in chosen if row["overdue"]),
            with_deviation=sum(1 for row in chosen if row["status"] in DEVIATION_STATUSES and row["status"] != "Vänteläge"),
            on_hold=sum(1 for row in chosen if row["status"] == "Vänteläge"),
            not_started_late=sum(1 for row in chosen if NOT_STARTED_LATE in reasons(row)),
        )

    def sentence(self) -> str:
        if not self.total:
            return "Rapporten redovisar inga aktiviteter."
        if not self.rows:
            return f"Ingen av de {self.total} aktiviteterna avviker från planen."
        parts = []
        if self.overdue:
            parts.append(f"{self.overdue} {'är försenad' if self.overdue == 1 else 'är försenade'}")
        if self.with_deviation:
            parts.append(f"{self.with_deviation} rapporteras med avvikelse")
        if self.on_hold:
            parts.append(f"{self.on_hold} står i vänteläge")
        if self.not_started_late:
            parts.append(f"{self.not_started_late} har inte påbörjats fast startdatum har passerats")
        listed = swedish_list(parts)
        count = len(self.rows)
        return (f"{count} av de {self.total} aktiviteterna avviker från planen: {listed}. "
                f"{'En aktivitet kan avvika på flera sätt.' if sum(map(bool, parts)) > 1 else ''}").strip()


DEVIATION_COLUMNS = ("Aktivitet", "Mål", "Ansvarig enhet", "Status", "Slutdatum", "Försenad")
DEVIATION_WIDTHS = (42, 14, 24, 36, 19, 21)


def overdue_mark(days: int | None) -> Marked | str:
    """'⏰ 10 dagar' in the overdue colour; '' when not overdue."""
    if not days:
        return ""
    return Marked(OVERDUE_MARK, f"{days} {'dag' if days == 1 else 'dagar'}", OVERDUE_COLOUR)


def deviation_table(deviations: Deviations) -> Table:
    rows = []
    for row in deviations.rows:
        status = row["status"]
        note = "" if row["status"] != NOT_STARTED or NOT_STARTED_LATE not in reasons(row) else (
            f"\nstartdatum {row['start_date'].isoformat()}")
        rows.append((
            row["activity_title"],
            row["goal_code"] or "",
            row["responsible_unit"] or "",
            Marked(STATUS_SYMBOLS[status], status + note, STATUS_COLOURS[status]),
            row["end_date"].isoformat() if row["end_date"] else "",
            overdue_mark(row["days_overdue"]),
        ))
    # A column no deviation fills (001 has no units) gives its room to the activity's title.
    keep = [index for index in range(len(DEVIATION_COLUMNS))
            if index in (0, 3) or any(str(row[index]).strip() for row in rows)]
    freed = sum(width for index, width in enumerate(DEVIATION_WIDTHS) if index not in keep)
    return Table(tuple(DEVIATION_COLUMNS[index] for index in keep),
                 tuple(tuple(row[index] for index in keep) for row in rows),
                 tuple(DEVIATION_WIDTHS[index] + (freed if index == 0 else 0) for index in keep), dense=True)


def deviation_blocks(deviations: Deviations, as_of_text: str) -> list:
    blocks: list = [Paragraph(deviations.sentence())]
    if deviations.rows:
        blocks.append(Paragraph(
            f"Försenad: slutdatum före rapportens avstämningsdatum ({as_of_text}) och inte avslutad; dagarna räknas "
            "till avstämningsdatumet. Varje aktivitet står också under sitt mål.", META))
        blocks.append(deviation_table(deviations))
    return blocks

"""Which reading of a document's text the reader takes, when a file can be read more
than one way.

A PDF is read by its layout (tertial.pdf_layout: paragraphs, headings, tables from
rules and columns) and can also be read as its text layer in reading order, line by
line, the way a text export is read: a flattened PDF, or one whose layout misleads the
table finder, may read only that way. The first reading that places every line without
an error is kept, and the preview says which. Two readings that both succeed but
disagree are reported with their differences, never merged: the first is used, and the
preview shows what the other read differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tertial.extract import ExtractedText
from tertial.model import ReadReport, ReportReadError
from tertial.reader import read_report

# How many differences between two readings the preview lists.
_SHOWN_DIFFERENCES = 8


@dataclass
class ChosenReading:
    report: ReadReport
    extracted: ExtractedText  # with the text and pages of the reading that was kept
    label: str | None  # which reading, where the file had more than one
    notes: list[str] = field(default_factory=list)
    disagreement: list[str] = field(default_factory=list)  # the other reading's differences
    other_label: str | None = None  # the reading that succeeded too but disagrees


def readings_of(extracted: ExtractedText) -> list[ExtractedText]:
    """The file's readings, the one to try first first, each as an ExtractedText."""
    first = [extracted]
    # The words a narrow column broke are places in the layout reading's lines only.
    others = [replace(extracted, text=alternative.text, line_pages=alternative.line_pages,
                      reading_label=alternative.label, alternatives=[], split_words=[], word_joins=[],
                      layout_notes=[])
              for alternative in extracted.alternatives]
    return first + others


def read_extracted(extracted: ExtractedText, file_name: str, *, goal_level: str = "KS",
                   status_aliases: dict[str, str] | None = None) -> ChosenReading:
    """Read a file's text, choosing among its readings (see the module docstring).

    Raises ReportReadError (with PDF pages) when no reading places every line, with the
    first reading's problems.
    """
    candidates = readings_of(extracted)
    results: list[tuple[ExtractedText, ReadReport | ReportReadError]] = []
    for candidate in candidates:
        try:
            report = read_report(candidate.text, file_name, goal_level=goal_level, status_aliases=status_aliases)
        except ReportReadError as error:
            results.append((candidate, error.on_pages(candidate.page_of)))
            continue
        if candidate is not candidates[0] and not report.goals:
            # A reading that finds no goal where the first found some, or failed, places
            # nothing: it does not succeed.
            results.append((candidate, ReportReadError(file_name, [])))
            continue
        results.append((candidate, report))
    succeeded = [(candidate, report) for candidate, report in results if isinstance(report, ReadReport)]
    if not succeeded:
        raise results[0][1]
    kept, report = succeeded[0]
    chosen_reading = ChosenReading(report=report, extracted=kept, label=kept.reading_label if len(results) > 1 else None)
    first, first_result = results[0]
    if kept is not first and isinstance(first_result, ReportReadError):
        problems = first_result.problems
        shown = f" (det första: {problems[0]})" if problems else ""
        chosen_reading.notes.append(
            f"Läsningen efter {first.reading_label} gav {len(problems)} fel{shown}; läsningen efter "
            f"{kept.reading_label} placerade varje rad utan fel och används.")
    for other, other_report in succeeded[1:]:
        differences = differences_between(report, other_report)
        if differences:
            chosen_reading.disagreement = differences
            chosen_reading.other_label = other.reading_label
            break
    return chosen_reading


def _goal_rows(report: ReadReport) -> list[tuple]:
    return [(goal.code, " ".join(goal.title.split()), goal.level, goal.grade) for goal in report.goals]


def _activity_rows(report: ReadReport) -> list[tuple]:
    return [(report.goals[a.goal].code or report.goals[a.goal].title[:40], " ".join(a.title.split()), a.status,
             a.start_date, a.end_date, a.responsible_unit) for a in report.activities]


def differences_between(first: ReadReport, other: ReadReport) -> list[str]:
    """What two readings of one file read differently (goals and activities), in Swedish."""
    lines: list[str] = []
    for what, rows in (("mål", _goal_rows), ("aktiviteter", _activity_rows)):
        a, b = rows(first), rows(other)
        if a == b:
            continue
        if len(a) != len(b):
            lines.append(f"{what}: {len(a)} i den ena läsningen, {len(b)} i den andra")
        only_first = [row for row in a if row not in b]
        only_other = [row for row in b if row not in a]
        for row in only_first[:_SHOWN_DIFFERENCES // 2]:
            lines.append(f"{what}, bara i den använda läsningen: {_shown(row)}")
        for row in only_other[:_SHOWN_DIFFERENCES // 2]:
            lines.append(f"{what}, bara i den andra läsningen: {_shown(row)}")
    return lines


def _shown(row: tuple) -> str:
    return " · ".join(str(value) for value in row if value is not None)

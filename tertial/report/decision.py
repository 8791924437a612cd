"""The decision part: what a committee secretary attaches to the agenda, first after the
cover – the case details, "Förslag till beslut", "Ärendet i korthet" with the committee's
sentence, and one table of every goal with its grade – laid out as Ånge's own decision
memo (seed 003: "Kommunförvaltningen föreslår … besluta att 1. Godkänna redovisning av
måluppföljning per tertial 3 2024.").

Pure functions over what document.py has read; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from tertial.periods import Period
from tertial.report.case import NOT_GIVEN, CaseDetails, decided_by, proposal_lead, proposal_points
from tertial.report.model import BODY, LEAD, META, Marked, Paragraph, Section, Table
from tertial.visual import GOAL_LEVEL_NAMES, GRADE_COLOURS, GRADE_SYMBOLS, swedish_date
from tertial.vocabulary import NOT_GRADED

GOALS_TABLE_TITLE = "Målen och deras bedömning"


def case_table(case: CaseDetails, body: str, made_on: date) -> Table:
    rows = (
        ("Diarienummer", case.diarienummer or NOT_GIVEN),
        ("Datum", (case.case_date or made_on).isoformat()),
        ("Handläggare", case.handlaggare or NOT_GIVEN),
        ("Beslutande organ", body),
    )
    return Table(("Uppgift", "Värde"), rows, (1, 3), header=False)


def case_title(goal_level: str | None, period: Period) -> str:
    """'Uppföljning av kommunstyrelsens mål, tertial 2 2023' (seed 003's title)."""
    return f"Uppföljning av {_whose_goals(goal_level)}, tertial {period.tertial} {period.year}"


def _whose_goals(goal_level: str | None) -> str:
    """'kommunstyrelsens mål'; a period without goals: 'målen'."""
    return f"{GOAL_LEVEL_NAMES[goal_level]}s mål" if goal_level in GOAL_LEVEL_NAMES else "målen"


def in_brief(goal_level: str | None, period: Period, organisation: str, sources: str, sentence: str,
             deviations: str, since: str | None) -> list[Paragraph]:
    first = (f"Ärendet avser uppföljning av {_whose_goals(goal_level)} för {period.year} i {organisation}, tertial "
             f"{period.tertial} ({swedish_date(period.start)} – {swedish_date(period.end)}). {sources}")
    paragraphs = [Paragraph(first), Paragraph(sentence, LEAD), Paragraph(deviations)]
    if since:
        paragraphs.append(Paragraph(since))
    return paragraphs


def goal_mark(grade: str | None) -> Marked:
    grade = grade or NOT_GRADED
    return Marked(GRADE_SYMBOLS[grade], grade, GRADE_COLOURS[grade])


def goals_table(goals: Sequence[Mapping], goal_change: Mapping[int, str], earlier: str | None) -> Table:
    """Every goal of the report with its grade, by focus area in the report's order, and
    (when the previous tertial can be compared) what changed since."""
    with_change = bool(goal_change)
    columns = ("Nr", "Mål", "Fokusområde", "Bedömning") + ((f"Sedan {earlier}",) if with_change else ())
    widths = (12, 83, 27, 28) + ((20,) if with_change else ())
    rows = []
    for goal in goals:
        row = (goal["goal_code"] or "", goal["goal_title"], goal["vision_focus_area"], goal_mark(goal["grade"]))
        if with_change:
            row += (goal_change.get(goal["goal_id"], ""),)
        rows.append(row)
    return Table(columns, tuple(rows), widths, dense=True)


def decision_sections(*, case: CaseDetails, period: Period, organisation: str, goal_level: str | None,
                      made_on: date, sources: str, sentence: str, deviations: str, since: str | None,
                      goals: Sequence[Mapping], goal_change: Mapping[int, str], earlier: str | None,
                      left_out: str | None) -> list[Section]:
    body = decided_by(case, goal_level)
    memo = Section(case_title(goal_level, period), 1, [case_table(case, body, made_on)], new_page=True)
    proposal = Section("Förslag till beslut", 2, [Paragraph(proposal_lead(body))])
    proposal.blocks.extend(Paragraph(point, BODY) for point in proposal_points(case, period))
    brief = Section("Ärendet i korthet", 2, in_brief(goal_level, period, organisation, sources, sentence,
                                                     deviations, since))
    if left_out:
        brief.blocks.append(Paragraph(left_out, META))
    sections = [memo, proposal, brief]
    if goals:
        sections.append(Section(GOALS_TABLE_TITLE, 2, [goals_table(goals, goal_change, earlier)], new_page=True))
    return sections

"""Sedan förra tertialen: what changed since the previous period, as Förändringar shows it
for the pair – grades up or down, goals new or no longer reported, activities finished,
new, with moved end dates or newly overdue – or, when the two periods follow different
goal models, the sentence saying why their goals cannot be compared.

The previous period is the one Förändringar pairs with this one (tertial.changes.
previous_comparable: the newest earlier period with goals at a shared goal level). The
figures come from tertial.changes over the rows of queries/goal_changes.sql and
queries/activity_changes.sql, kept to the report's goal level, so the report and the page
cannot disagree. Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import polars as pl

from tertial import changes
from tertial.report.model import CAPTION, META, Marked, Paragraph, Table
from tertial.visual import GRADE_COLOURS, GRADE_SYMBOLS, STATUS_COLOURS, STATUS_SYMBOLS
from tertial.vocabulary import NOT_GRADED

# How the goals table of the decision part says a goal's change: Förändringar's words, but
# "Ej bedömd" for a goal graded in neither period (the column's heading names both). A goal
# no longer reported has no row there.
SHORT_CHANGE = {change: change for change in changes.GOAL_CHANGES if change != changes.DROPPED_GOAL} | {
    changes.NOT_GRADED_EITHER: "Ej bedömd"}


@dataclass
class SincePrevious:
    earlier: str | None  # None: no earlier period to compare with
    blocks: list
    sentence: str  # one sentence for "Ärendet i korthet"
    goal_change: dict[int, str]  # goal_id → SHORT_CHANGE of the goals shown; empty when not comparable


def _grade(grade: str | None) -> Marked:
    grade = grade or NOT_GRADED
    return Marked(GRADE_SYMBOLS[grade], grade, GRADE_COLOURS[grade])


def _status(status: str | None) -> Marked | str:
    return Marked(STATUS_SYMBOLS[status], status, STATUS_COLOURS[status]) if status else "–"


def _goal(code: str | None, title: str) -> str:
    return f"{code} {title}" if code else title


def _models(periods: pl.DataFrame, period: str) -> list[int]:
    row = periods.filter(pl.col("period") == period)
    if not row.height or row["goal_models"][0] is None:
        return []
    return list(row["goal_models"][0])


def since_previous(periods: pl.DataFrame, period: str, goal_level: str, shown_goal_ids: Collection[int],
                   goal_rows, activity_rows, earlier: str | None) -> SincePrevious:
    """goal_rows/activity_rows: queries/goal_changes.sql and activity_changes.sql for
    (earlier, period), None when earlier is None."""
    if earlier is None:
        text = (f"Det finns ingen tidigare period med mål på samma nivå att jämföra {period} med, så rapporten "
                "visar inga förändringar.")
        return SincePrevious(None, [Paragraph(text)], text, {})
    first, second = _models(periods, earlier), _models(periods, period)
    models_differ = bool(first and second and not set(first) & set(second))
    goals = changes.goal_changes(goal_rows)
    # The report's level: a goal shown now, or one at the same level then.
    goals = goals.filter(pl.col("goal_id").is_in(list(shown_goal_ids))
                         | (pl.col("in_from") & ~pl.col("in_to") & (pl.col("goal_level") == goal_level)))
    level_goal_ids = set(goals["goal_id"].to_list())
    pairs = changes.activity_pairs(activity_rows)
    pairs = pairs.filter(pl.col("goal_id_to").is_in(list(level_goal_ids)).fill_null(False)
                         | pl.col("goal_id_from").is_in(list(level_goal_ids)).fill_null(False))
    activity_figures = changes.ActivitySummary.of(pairs)
    blocks: list = []
    if models_differ:
        years = " och ".join(str(year) for year in first), " och ".join(str(year) for year in second)
        goal_text = (f"{earlier} följer {years[0]} års målmodell och {period} {years[1]} års. Målen i olika "
                     "målmodeller är olika mål, så bedömningarna kan inte jämföras med förra tertialens.")
        goal_change: dict[int, str] = {}
    elif not goals.filter(pl.col("in_from") & pl.col("in_to")).height:
        new = goals.filter(pl.col("in_to")).height
        goal_text = (f"{earlier} redovisade inget av de här målen, så ingen bedömning kan jämföras med förra "
                     f"tertialen: {'målet är nytt' if new == 1 else f'alla {new} mål är nya'} i {period}.")
        goal_change = {}
    else:
        summary = changes.GoalSummary.of(goals)
        goal_text = changes.goal_sentence(summary, earlier, period)
        goal_change = {row["goal_id"]: SHORT_CHANGE[row["change"]] for row in goals.iter_rows(named=True)
                       if row["in_to"] and row["change"] in SHORT_CHANGE}
    blocks.append(Paragraph(goal_text))
    if not models_differ:
        changed = goals.filter(pl.col("change").is_in([changes.LOWERED, changes.RAISED, changes.NEWLY_GRADED,
                                                       changes.GRADE_MISSING]))
        if changed.height:
            blocks.append(Paragraph("Mål med ändrad bedömning", CAPTION))
            blocks.append(Table(
                ("Mål", "Förändring", f"Bedömning {earlier}", f"Bedömning {period}"),
                tuple((_goal(row["goal_code_to"], row["goal_title"]), row["change"], _grade(row["grade_from"]),
                       _grade(row["grade_to"])) for row in changed.iter_rows(named=True)),
                (70, 24, 38, 38), dense=True))
    activity_text = _activity_text(activity_figures, earlier, period)
    blocks.append(Paragraph(activity_text))
    blocks.extend(_activity_tables(pairs, earlier, period))
    sentence = goal_text if models_differ or not goal_change else f"Sedan {earlier}: {goal_text[0].lower() + goal_text[1:]}"
    return SincePrevious(earlier, blocks, sentence, goal_change)


def _activity_text(figures: changes.ActivitySummary, earlier: str, period: str) -> str:
    text = (f"{earlier} redovisade {figures.entries_from} och {period} redovisar {figures.entries_to} aktiviteter "
            f"under målen; {figures.paired} finns i båda.")
    facts = []
    if figures.new:
        finished = f", varav {figures.new_finished} redan avslutade" if figures.new_finished else ""
        facts.append(f"{figures.new} är nya{finished}")
    if figures.dropped:
        facts.append(f"{figures.dropped} från {earlier} redovisas inte längre")
    if figures.paired:
        facts.append(f"{figures.finished} har avslutats sedan dess")
        facts.append(f"{figures.status_changed} har bytt status")
        moved = figures.moved_later + figures.moved_earlier
        facts.append(f"{moved} har fått nytt slutdatum ({figures.moved_later} senare, {figures.moved_earlier} "
                     "tidigare)" if moved else "inget slutdatum har flyttats")
    else:
        facts.append("ingen aktivitet finns i båda perioderna, så ingen status eller inget slutdatum kan jämföras")
    facts.append("1 har blivit försenad" if figures.newly_overdue == 1
                 else f"{figures.newly_overdue} har blivit försenade")
    return text + " Av aktiviteterna: " + "; ".join(facts) + "."


def _activity_tables(pairs: pl.DataFrame, earlier: str, period: str) -> list:
    blocks: list = []
    moved = changes.moved_end_dates(pairs)
    if moved.height:
        blocks.append(Paragraph("Flyttade slutdatum", CAPTION))
        blocks.append(Table(
            ("Aktivitet", "Mål", f"Slutdatum {earlier}", f"Slutdatum {period}", "Dagar"),
            tuple((row["activity_title"], row["goal_code"] or "", _date(row["end_date_from"]), _date(row["end_date_to"]),
                   f"{row['days_moved']:+d}") for row in moved.iter_rows(named=True)),
            (62, 16, 30, 30, 16), dense=True, numeric=(False, False, False, False, True)))
    finished = changes.finished(pairs)
    if finished.height:
        blocks.append(Paragraph("Avslutade sedan förra tertialen", CAPTION))
        blocks.append(Table(
            ("Aktivitet", "Mål", f"Status {earlier}", f"Status {period}"),
            tuple((row["activity_title"], row["goal_code"] or "", _status(row["status_from"]), _status(row["status_to"]))
                  for row in finished.iter_rows(named=True)),
            (70, 16, 34, 34), dense=True))
    overdue = changes.newly_overdue(pairs)
    if overdue.height:
        blocks.append(Paragraph("Nyss försenade", CAPTION))
        blocks.append(Table(
            ("Aktivitet", "Mål", f"Status {period}", "Slutdatum", "Dagar försenad"),
            tuple((row["activity_title"], row["goal_code"] or "", _status(row["status_to"]), _date(row["end_date_to"]),
                   str(row["days_overdue"])) for row in overdue.iter_rows(named=True)),
            (58, 14, 38, 22, 28), dense=True, numeric=(False, False, False, False, True)))
        blocks.append(Paragraph("Nyss försenad: försenad nu men inte förra tertialen, eller ny sedan dess.", META))
    return blocks


def _date(day) -> str:
    return day.isoformat() if day else ""

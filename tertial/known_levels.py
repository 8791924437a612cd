"""A goal keeps its level within a model year.

A report that lists a goal without saying its level (tertial.model.Goal.level_stated is
False) gives it the reader's default, usually KS. When the organisation's reports
already present that goal in the same year's goal model, the goal keeps the level they
give it: "Sjukfrånvaron ska minska", KF in 2024-T1 (listed under "Verksamhetsmål för god
ekonomisk hushållning"), stays KF when the T2 report lists it under a heading of its own.
A report that does state a level other than the known one is not overruled: the preview
shows the difference, and the import loads it only when the user confirms it.

Goals are paired with known goals by title, as the store pairs them (tertial.text
pair_titles); a goal that keeps a level is then stored as that known goal. Another
year's goals are never consulted: a new year is a new goal model.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import duckdb

from tertial.model import ReadReport
from tertial.queries import frame_of, query_text
from tertial.text import pair_titles, shortened


@dataclass(frozen=True)
class KnownGoal:
    title: str
    level: str
    has_parent: bool  # a goal under another goal (a KS goal under its KF goal)
    period: str  # the latest period whose report presents the goal


@dataclass(frozen=True)
class _LevelAgainstKnown:
    """A goal of the report paired with a known goal of another level in the year."""

    goal: int  # index in ReadReport.goals
    line: int
    title: str
    report_level: str  # the level the report gives the goal (stated, or the reader's default)
    known_level: str
    period: str  # the latest period whose report presents the known goal

    def _where(self) -> str:
        return f"rad {self.line}: målet »{shortened(self.title, 80)}«"


@dataclass(frozen=True)
class KeptLevel(_LevelAgainstKnown):
    """A goal the report lists without a level, loaded at the level it is known by."""

    def message(self) -> str:
        return f"{self._where()} behåller nivån {self.known_level} från {self.period} (rapporten anger ingen nivå)."


@dataclass(frozen=True)
class LevelDifference(_LevelAgainstKnown):
    """A goal the report gives another level than the one it is known by in the year."""

    def message(self) -> str:
        return (f"{self._where()} är {self.known_level}-mål i {self.period}, men rapporten anger nivån "
                f"{self.report_level}.")


@dataclass(frozen=True)
class LevelDecisions:
    kept: tuple[KeptLevel, ...] = ()
    differences: tuple[LevelDifference, ...] = ()


def known_goals(con: duckdb.DuckDBPyConnection, organisation_id: int | None, model_year: int,
                except_report_id: int | None = None) -> list[KnownGoal]:
    """The goals the organisation's reports present in the year's goal model (none for a
    new organisation), leaving out the report a replacement takes the place of."""
    if organisation_id is None:
        return []
    # On the connection itself, not on a cursor of it (run_query): in a write a cursor would
    # not see the transaction's own changes, such as the replaced report already removed.
    rows = frame_of(con, query_text("import_known_goal_levels"), {
        "organisation_id": organisation_id, "model_year": model_year, "except_report_id": except_report_id,
    }).to_dicts()
    return [KnownGoal(row["goal_title"], row["goal_level"], row["has_parent"], row["period"]) for row in rows]


def decide_levels(report: ReadReport, known: list[KnownGoal]) -> LevelDecisions:
    """Which goals of a report keep a known level, and which state a level that differs
    from the known one. Changes nothing; with_kept_levels applies the kept levels."""
    titles = [goal.title for goal in report.goals]
    # Per level: which of the report's goals name a known goal of that level, and which.
    paired: dict[str, dict[int, KnownGoal]] = {}
    for level in sorted({goal.level for goal in known}):
        of_level = [goal for goal in known if goal.level == level]
        paired[level] = {i: of_level[j] for i, j in pair_titles(titles, [g.title for g in of_level]).items()}
    kept: list[KeptLevel] = []
    differences: list[LevelDifference] = []
    for index, goal in enumerate(report.goals):
        known_as = {level: pairs[index] for level, pairs in paired.items() if index in pairs}
        if not known_as or goal.level in known_as:
            continue
        if goal.level_stated:
            level, match = next(iter(sorted(known_as.items())))
            differences.append(LevelDifference(index, goal.line, goal.title, goal.level, level, match.period))
            continue
        # Only a goal that stands alone takes a known level: one that sits under another
        # goal in the report, or in the store, is paired under its parent.
        alone = {level: match for level, match in known_as.items() if not match.has_parent}
        if goal.parent is None and len(alone) == 1:
            [(level, match)] = alone.items()
            kept.append(KeptLevel(index, goal.line, goal.title, goal.level, level, match.period))
    return LevelDecisions(tuple(kept), tuple(differences))


def with_kept_levels(report: ReadReport, kept: tuple[KeptLevel, ...] | list[KeptLevel]) -> ReadReport:
    """The report as it is loaded: each goal that keeps a known level at that level."""
    if not kept:
        return report
    levels = {decision.goal: decision.known_level for decision in kept}
    goals = [dataclasses.replace(goal, level=levels[index]) if index in levels else goal
             for index, goal in enumerate(report.goals)]
    return dataclasses.replace(report, goals=goals)

"""What a report would change: new and removed goals and activities, grade changes,
status changes, moved dates and changed texts, against what the database knew before it
(the report in the slot it would replace, or the previous period's).

Texts are compared after whitespace normalisation (runs of spaces, tabs and line breaks
count as one space), because the same report in Word, PDF and text differs only there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tertial.model import ReadReport
from tertial.text import comparable_title, pair_titles


def same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


@dataclass
class ReportDiff:
    baseline: str  # what was compared with, in Swedish
    new_goals: list[str] = field(default_factory=list)
    removed_goals: list[str] = field(default_factory=list)
    grade_changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    renumbered_goals: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    level_changes: list[tuple[str, str, str]] = field(default_factory=list)  # goal, KF/KS before, after
    changed_analyses: list[str] = field(default_factory=list)
    new_activities: list[str] = field(default_factory=list)
    removed_activities: list[str] = field(default_factory=list)
    status_changes: list[tuple[str, str, str]] = field(default_factory=list)
    moved_start_dates: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    moved_end_dates: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    unit_changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    changed_activity_texts: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any((self.new_goals, self.removed_goals, self.grade_changes, self.renumbered_goals, self.level_changes,
                        self.changed_analyses, self.new_activities, self.removed_activities, self.status_changes,
                        self.moved_start_dates, self.moved_end_dates, self.unit_changes,
                        self.changed_activity_texts))

    def lines(self) -> list[str]:
        """The difference as Swedish lines for a preview."""
        out = [f"Jämfört med {self.baseline}:"]
        out += [f"  + nytt mål: {title}" for title in self.new_goals]
        out += [f"  − mål som inte finns med: {title}" for title in self.removed_goals]
        out += [f"  ~ bedömning {title}: {before or 'Ej bedömd'} → {after or 'Ej bedömd'}" for title, before, after in self.grade_changes]
        out += [f"  ~ numrering {title}: {before or '–'} → {after or '–'}" for title, before, after in self.renumbered_goals]
        out += [f"  ~ nivå {title}: {before} → {after}" for title, before, after in self.level_changes]
        out += [f"  ~ analys ändrad: {title}" for title in self.changed_analyses]
        out += [f"  + ny aktivitet: {title}" for title in self.new_activities]
        out += [f"  − aktivitet som inte finns med: {title}" for title in self.removed_activities]
        out += [f"  ~ status {title}: {before} → {after}" for title, before, after in self.status_changes]
        out += [f"  ~ startdatum {title}: {before or '–'} → {after or '–'}" for title, before, after in self.moved_start_dates]
        out += [f"  ~ slutdatum {title}: {before or '–'} → {after or '–'}" for title, before, after in self.moved_end_dates]
        out += [f"  ~ ansvarig enhet {title}: {before or '–'} → {after or '–'}" for title, before, after in self.unit_changes]
        out += [f"  ~ beskrivning eller kommentar ändrad: {title}" for title in self.changed_activity_texts]
        if self.is_empty():
            out.append("  inga skillnader.")
        return out


def report_diff(report: ReadReport, baseline_goals: list[dict], baseline_activities: list[dict], baseline: str, *,
                compare_texts: bool = False) -> ReportDiff:
    """Compare a read report with baseline rows (queries/import_baseline_*.sql).

    compare_texts: also compare goal numbers and levels, analyses, start dates, units and activity
    texts – for the report the import would replace, where any difference matters; not
    for the previous period's, where every text is expected to have changed.
    """
    diff = ReportDiff(baseline=baseline)
    pairs = pair_titles([g.title for g in report.goals], [row["goal_title"] for row in baseline_goals])
    for index, goal in enumerate(report.goals):
        label = f"{goal.code} {goal.title}" if goal.code else goal.title
        if index not in pairs:
            diff.new_goals.append(label)
            continue
        row = baseline_goals[pairs[index]]
        if row["grade"] != goal.grade:
            diff.grade_changes.append((label, row["grade"], goal.grade))
        if compare_texts:
            if (row["goal_code"] or None) != (goal.code or None):
                diff.renumbered_goals.append((goal.title, row["goal_code"], goal.code))
            if row["goal_level"] != goal.level:
                diff.level_changes.append((label, row["goal_level"], goal.level))
            if not same_text(row["comment"], goal.comment):
                diff.changed_analyses.append(label)
    matched = set(pairs.values())
    diff.removed_goals = [row["goal_title"] for i, row in enumerate(baseline_goals) if i not in matched]

    def key(goal_title: str, activity_title: str) -> tuple[str, str]:
        return comparable_title(goal_title), comparable_title(activity_title)

    known = {key(row["goal_title"], row["activity_title"]): row for row in baseline_activities}
    seen = set()
    for activity in report.activities:
        goal_title = report.goals[activity.goal].title
        # The goal may be spelled a little differently; use the baseline's spelling when paired.
        if activity.goal in pairs:
            goal_title = baseline_goals[pairs[activity.goal]]["goal_title"]
        k = key(goal_title, activity.title)
        seen.add(k)
        row = known.get(k)
        if row is None:
            diff.new_activities.append(activity.title)
            continue
        if row["status"] != activity.status:
            diff.status_changes.append((activity.title, row["status"], activity.status))
        if row["end_date"] != activity.end_date:
            diff.moved_end_dates.append((activity.title, row["end_date"], activity.end_date))
        if compare_texts:
            if row["start_date"] != activity.start_date:
                diff.moved_start_dates.append((activity.title, row["start_date"], activity.start_date))
            if not same_text(row["responsible_unit"], activity.responsible_unit):
                diff.unit_changes.append((activity.title, row["responsible_unit"], activity.responsible_unit))
            if not (same_text(row["comment"], activity.comment) and same_text(row["description"], activity.description)):
                diff.changed_activity_texts.append(activity.title)
    diff.removed_activities = [row["activity_title"] for k, row in known.items() if k not in seen]
    return diff

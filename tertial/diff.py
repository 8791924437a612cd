"""What a report would change: new and removed goals and activities, grade changes,
status changes and moved end dates, against what the database knew before it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tertial.model import ReadReport
from tertial.text import comparable_title, pair_titles


@dataclass
class ReportDiff:
    baseline: str  # what was compared with, in Swedish
    new_goals: list[str] = field(default_factory=list)
    removed_goals: list[str] = field(default_factory=list)
    grade_changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    new_activities: list[str] = field(default_factory=list)
    removed_activities: list[str] = field(default_factory=list)
    status_changes: list[tuple[str, str, str]] = field(default_factory=list)
    moved_end_dates: list[tuple[str, date | None, date | None]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any((self.new_goals, self.removed_goals, self.grade_changes, self.new_activities,
                        self.removed_activities, self.status_changes, self.moved_end_dates))

    def lines(self) -> list[str]:
        """The difference as Swedish lines for a preview."""
        out = [f"Jämfört med {self.baseline}:"]
        out += [f"  + nytt mål: {title}" for title in self.new_goals]
        out += [f"  − mål som inte finns med: {title}" for title in self.removed_goals]
        out += [f"  ~ bedömning {title}: {before or 'Ej bedömd'} → {after or 'Ej bedömd'}" for title, before, after in self.grade_changes]
        out += [f"  + ny aktivitet: {title}" for title in self.new_activities]
        out += [f"  − aktivitet som inte finns med: {title}" for title in self.removed_activities]
        out += [f"  ~ status {title}: {before} → {after}" for title, before, after in self.status_changes]
        out += [f"  ~ slutdatum {title}: {before or '–'} → {after or '–'}" for title, before, after in self.moved_end_dates]
        if self.is_empty():
            out.append("  inga skillnader.")
        return out


def report_diff(report: ReadReport, baseline_goals: list[dict], baseline_activities: list[dict], baseline: str) -> ReportDiff:
    """Compare a read report with baseline rows (queries/import_baseline_*.sql)."""
    diff = ReportDiff(baseline=baseline)
    pairs = pair_titles([g.title for g in report.goals], [row["goal_title"] for row in baseline_goals])
    for index, goal in enumerate(report.goals):
        label = f"{goal.code} {goal.title}" if goal.code else goal.title
        if index not in pairs:
            diff.new_goals.append(label)
            continue
        before = baseline_goals[pairs[index]]["grade"]
        if before != goal.grade:
            diff.grade_changes.append((label, before, goal.grade))
    matched = set(pairs.values())
    diff.removed_goals = [row["goal_title"] for i, row in enumerate(baseline_goals) if i not in matched]

    def key(goal_title: str, activity_title: str) -> tuple[str, str]:
        return comparable_title(goal_title), comparable_title(activity_title)

    known = {key(row["goal_title"], row["activity_title"]): row for row in baseline_activities}
    seen = set()
    for activity in report.activities:
        goal_title = report.goals[activity.goal].title
        # The goal may be spelled a little differently; use the baseline's spelling when paired.
        goal_index = report.goals.index(report.goals[activity.goal])
        if goal_index in pairs:
            goal_title = baseline_goals[pairs[goal_index]]["goal_title"]
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
    diff.removed_activities = [row["activity_title"] for k, row in known.items() if k not in seen]
    return diff

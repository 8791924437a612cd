"""What the reader takes out of one report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date


@dataclass(frozen=True)
class Problem:
    """Something in a report that stops it from being read: where, and why (in Swedish)."""

    source: str
    line: int
    message: str
    line_text: str | None = None
    unknown_status: str | None = None  # a status word outside the vocabulary, as printed
    page: int | None = None  # the page of a PDF the line stands on

    def __str__(self) -> str:
        shown = f": »{self.line_text.strip()[:80]}«" if self.line_text and self.line_text.strip() else ""
        where = f"sida {self.page}, rad {self.line}" if self.page else f"rad {self.line}"
        return f"{self.source}, {where}: {self.message}{shown}"


class ReportReadError(Exception):
    """A report that cannot be read as it stands; lists every problem found."""

    def on_pages(self, page_of) -> "ReportReadError":
        """The same error with each problem's PDF page (page_of: line → page or None)."""
        return ReportReadError(self.source, [replace(p, page=page_of(p.line)) for p in self.problems])

    @property
    def unknown_statuses(self) -> dict[str, list[int]]:
        """Each status word outside the vocabulary, with the lines it stands on."""
        words: dict[str, list[int]] = {}
        for problem in self.problems:
            if problem.unknown_status:
                words.setdefault(problem.unknown_status, []).append(problem.line)
        return words

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Rapporten {source} kunde inte läsas ({len(problems)} fel):\n{listing}")


@dataclass
class Note:
    """A line the reader skipped, could not place, or interpreted; kept with the report."""

    line: int
    kind: str  # 'ej placerad' | 'sidhuvud/sidfot' | 'formulärrest' | 'tolkning' | 'avvikelse'
    message: str
    line_text: str | None = None


@dataclass
class Area:
    name: str
    kind: str  # 'fokusområde' | 'målområde' | 'verksamhetsmål'
    line: int
    text: str = ""
    heading_as_printed: str = ""


@dataclass
class Goal:
    code: str | None
    title: str
    level: str  # 'KF' | 'KS'
    line: int
    parent: int | None = None  # index of the KF goal in ReadReport.goals
    area: str | None = None
    grade: str | None = None
    grade_as_printed: str | None = None
    grade_line: int | None = None
    comment: str = ""
    # Whether the document gives the level: a level word beside the number or a level
    # heading over the group, a "Verksamhetsmål för …" list, a goal table's Nivå column, or
    # its outline (a goal under a goal is KS, a goal with goals under it KF). False: the
    # level is only the reader's default (goal_level), which a goal already known in the
    # year's model does not take (tertial.known_levels).
    level_stated: bool = False


@dataclass
class Activity:
    goal: int  # index in ReadReport.goals
    title: str
    title_as_printed: str
    line: int
    status: str
    status_as_printed: str
    start_date: date | None = None
    end_date: date | None = None
    responsible_unit: str | None = None
    description: str = ""
    comment: str = ""
    status_line: int | None = None  # where the status stands, when not on the activity's own line


@dataclass
class Section:
    heading: str | None
    text: str
    line: int


@dataclass
class ReadReport:
    source: str
    title: str
    line_count: int
    areas: list[Area] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # Where a report yields no goals or no activities: what looked like goals, grades or
    # activity tables and was not read as such, with its line and why. Never a silent zero.
    unplaced: list[Note] = field(default_factory=list)

    def unplaced_summary(self) -> str:
        """One Swedish sentence over the unplaced evidence: what the report yields, and why
        it does not count as read."""
        empty = ("varken mål eller aktiviteter" if not self.goals and not self.activities
                 else "inga mål" if not self.goals else "inga aktiviteter")
        return (f"VARNING: rapporten gav {empty}, men {len(self.unplaced)} "
                f"{'ställe' if len(self.unplaced) == 1 else 'ställen'} i den ser ut som mål, bedömningar eller "
                "aktivitetstabeller. Rapporten är inte läst förrän de är placerade eller bekräftade som något annat:")

    def goals_graded(self) -> int:
        return sum(1 for goal in self.goals if goal.grade)

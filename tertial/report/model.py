"""The tertial report as a neutral document: what it says, in order, and nothing of how a
format draws it. tertial/report/document.py fills it from the database; the writers
(docx_writer.py, pdf_writer.py) each draw the same document, so Word and PDF never
disagree about a figure. Plain frozen dataclasses; no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Marked:
    """A symbol with its colour before a text: '◆ Knappt uppfyllt' with an orange ◆.

    The symbol carries the meaning together with the words, never the colour alone."""

    symbol: str
    text: str
    colour: str  # '#RRGGBB'

    def __str__(self) -> str:
        return f"{self.symbol} {self.text}"


Text = str | Marked


def plain(text: Text) -> str:
    """The words a reader (or a screen reader, or a text extraction) gets."""
    return str(text)


# Paragraph kinds; each writer has a look for each.
BODY = "body"
LEAD = "lead"  # the committee's sentence: larger, first on its page
GRADE = "grade"  # a goal's grade, as the reports print it under the goal
META = "meta"  # small grey lines: the KF goal, the area, the source file and line
NOTE = "note"  # a notice the reader must not miss (charts drawn as tables instead)
CAPTION = "caption"  # under a figure or above a table


@dataclass(frozen=True)
class Paragraph:
    text: Text
    kind: str = BODY


@dataclass(frozen=True)
class Table:
    """A table with a header row. widths are relative (any unit, summed by the writer)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    widths: tuple[float, ...]
    caption: str | None = None
    # Activity tables are long and dense; data tables are a few short rows.
    dense: bool = False
    numeric: tuple[bool, ...] | None = None  # columns of numbers, set flush right
    # False: a table of labelled facts (the case details) drawn without a header row.
    header: bool = True

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.columns) or any(len(row) != len(self.columns) for row in self.rows):
            raise ValueError("Every row and the widths must have one entry per column.")
        if self.numeric is not None and len(self.numeric) != len(self.columns):
            raise ValueError("numeric must have one entry per column.")

    def is_numeric(self, column: int) -> bool:
        return bool(self.numeric and self.numeric[column])


@dataclass(frozen=True)
class Image:
    """A chart drawn as PNG, width_px × height_px pixels: a writer scales it to the text's
    width and keeps its proportions."""

    png: bytes
    width_px: int
    height_px: int
    alt: str  # the chart's text alternative, for screen readers
    caption: str


Block = Paragraph | Table | Image


@dataclass
class Section:
    """A heading and what follows it up to the next heading. level 1 and 2 are listed in the
    contents; new_page starts the section on a fresh page."""

    heading: str
    level: int
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False


@dataclass(frozen=True)
class Cover:
    organisation: str
    title: str  # 'Tertialuppföljning'
    period: str  # 'Tertial 2 2023 (2023-T2)'
    goal_level: str  # 'Kommunstyrelsens mål (KS)'
    focus_area: str | None
    made_on: date
    made_by: str  # 'Skapad av Tertial från databasen tertial.duckdb.'
    sources: str  # which reports the figures come from


@dataclass
class ReportDocument:
    """cover, then front (the decision part a committee secretary attaches: drawn after the
    cover and before the contents, and not listed in it), then the contents of sections."""

    cover: Cover
    sections: list[Section]
    file_stem: str  # 'tertialrapport-ange-kommun-2023-T2'
    footer: str  # the running text beside the page number
    charts_as_images: bool  # False: the charts are in as their data tables (see chart_note)
    chart_note: str | None = None
    front: list[Section] = field(default_factory=list)
    language: str = "sv-SE"
    goal_count: int = 0  # the goals the report shows, each a level-2 section

    @property
    def title(self) -> str:
        return f"{self.cover.title} {self.cover.period} – {self.cover.organisation}"

    def contents(self) -> list[tuple[int, str]]:
        """(level, heading) of every section the contents lists."""
        return [(section.level, section.heading) for section in self.sections if section.level <= 2]

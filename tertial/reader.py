"""The general report reader: text exported from a municipality's Word/PDF follow-up
report in, areas, goals, grades, activities and narrative sections out.

It knows the shapes such reports take, not any one report: headings in markdown or as
plain numbered paragraphs, grades as symbols or words, activity tables that are
tab-separated (broken by page breaks, with continuation rows and HTML in cells) or laid
out as blocks of title, unit, dates, description, status and comment. What it cannot
read it reports with the line and the reason; what it skips it records.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from tertial.model import Activity, Area, Goal, Note, Problem, ReadReport, ReportReadError, Section
from tertial.text import (
    collapse_spaces,
    ends_sentence,
    html_to_text,
    join_paragraphs,
    normalise_document,
    pair_titles,
    strip_markdown,
)
from tertial.vocabulary import (
    COLOURS,
    MONTHS,
    SYMBOL_GRADES,
    leading_symbol,
    colour_of,
    grade_in_phrase,
    labelled_grade,
    legend_entry,
    looks_like_grade,
    looks_like_status,
    normalise_grade,
    normalise_status,
    status_broken_over_lines,
    status_alias_key,
)

GOAL_LEVELS = ("KF", "KS")

# A heading line is "wrapped" onto the next when it fills most of a page's width.
WRAPPED_LINE_LENGTH = 50

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s+(\S.*)$")
# Only the opening marks: the closing ones are stripped in markdown_heading, because a
# pattern for both, "(.*?)\s*#*\s*$", backtracks quadratically on a long line of spaces.
_MARKDOWN_HEADING_MARKS = re.compile(r"^\s*(#{1,6})\s+")
# No report line is this long (Ånge's longest: 2,183 characters, a whole paragraph); a
# longer one is a damaged or foreign file, and the line-by-line patterns would take long.
MAX_LINE_CHARS = 20_000
_AREA_HEADING = re.compile(
    r"^(?:mål\s+inom\s+)?(fokusområde|målområde|verksamhetsmål\s+för)\s*(?::\s*|\s)(\S.*)$", re.IGNORECASE
)
# Words that give a goal's level beside its number or as a heading over a group of goals:
# council (KF) goals, and the goals of the board or committee that break them down (KS).
_LEVEL_WORDS = {
    "kf": "KF", "kf-mål": "KF", "kommunfullmäktiges mål": "KF", "fullmäktiges mål": "KF", "fullmäktigemål": "KF",
    "ks": "KS", "ks-mål": "KS", "kommunstyrelsens mål": "KS", "styrelsens mål": "KS", "nämndmål": "KS",
    "nämndens mål": "KS", "utvecklingsmål": "KS",
}
_LEVEL_WORD = "|".join(re.escape(word) for word in sorted(_LEVEL_WORDS, key=len, reverse=True))
# "KF-mål 1.1 Titel", "Nämndmål 1.1.1: Titel", "Mål 2.1 Titel" (a number with a prefix word).
_PREFIXED_NUMBER = re.compile(
    rf"^(?:({_LEVEL_WORD})|mål)\s+(\d{{1,2}}(?:\.\d{{1,2}})*)\s*[:.)–-]?\s+(\S.*)$", re.IGNORECASE
)
# A heading that is only a level ("Kommunfullmäktiges mål"): the goals below it have that level.
_LEVEL_HEADING = re.compile(rf"^({_LEVEL_WORD})\s*:?$", re.IGNORECASE)
_NUMBERED_AREA = re.compile(
    r"^((?:mål\s+inom\s+)?(?:fokusområde|målområde))\s+(\d{1,2})\s*[:.)–-]?\s+(\S.*)$", re.IGNORECASE
)
_AREA_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s*[:.)–-]?\s+(?=\S)")
# Words that name a report in its title lines, and how many opening lines are its title's.
_REPORT_TITLE = re.compile(r"(?:rapport|uppföljning|redovisning)", re.IGNORECASE)
_TITLE_LINES = 6
_TITLE_LENGTH = 80  # longer, it is a sentence of the opening text
_PAGE_NUMBER = re.compile(r"^(?:sida\s+)?\d+\s*(?:av|/)\s*\d+$", re.IGNORECASE)
_DATE = r"(\d{4}-\d{2}-\d{2})"
_DATES_ONLY = re.compile(rf"^{_DATE}\s+{_DATE}$")
_TITLE_AND_DATES = re.compile(rf"^(.*\S)\s+{_DATE}\s+{_DATE}$")
_BULLET = re.compile(r"^[•·▪◦●\-–]\s*(\S.*)$")
_COMMENT_LABELS = {"kommentar", "kommentarer", "analys", "kommentar och analys"}
# Word's text for an empty content control, and a yes/no choice nobody ticked.
_FORM_RESIDUE = {
    "klicka eller tryck här för att ange text.": "tomt formulärfält",
    "klicka här för att ange text.": "tomt formulärfält",
    "ja nej": "Ja/Nej-val utan markering",
}
_GRADE_IN_PROSE = re.compile(
    r"bedöm(?:s|d|t|ts|as)?\s+(?:därför\s+)?(?:så\s+)?(?:som\s+)?((?:delvis|knappt|ej|inte)\s+)?uppfyll[td]",
    re.IGNORECASE,
)

# Column names of activity tables, as printed (lower case, without a trailing colon or
# a bracketed hint such as "(ÅÅÅÅ-MM-DD)"), and the field each fills. Municipalities
# name the same columns differently and in any order; a table is found by its header row.
_COLUMNS = {
    "verksamhetens aktiviteter": "title",
    "aktiviteter": "title",
    "aktivitet": "title",
    "åtgärd": "title",
    "åtgärder": "title",
    "insats": "title",
    "insatser": "title",
    "status": "status",
    "läge": "status",
    "status/läge": "status",
    "startdatum": "start_date",
    "start": "start_date",
    "påbörjas": "start_date",
    "slutdatum": "end_date",
    "slut": "end_date",
    "klart": "end_date",
    "klar": "end_date",
    "klart senast": "end_date",
    "klart datum": "end_date",
    "kommentar": "comment",
    "kommentarer": "comment",
    "analys": "comment",
    "kommentar/analys": "comment",
    "kommentar och analys": "comment",
    "statuskommentar": "comment",
    "beskrivning": "description",
    "ansvarig enhet": "unit",
    "ansvarig förvaltning": "unit",
    "ansvarig": "unit",
    "ansvar": "unit",
    "enhet": "unit",
}
_COLUMN_PATTERN = re.compile(
    r"^(?:" + "|".join(sorted((re.escape(c) for c in _COLUMNS), key=len, reverse=True)) + r")(?=\s|$)",
    re.IGNORECASE,
)
_COLUMN_HINT = re.compile(r"\s*\([^)]*\)\s*$")


def cell_paragraphs(cell: str) -> list[str]:
    """A table cell's paragraphs as a person reads them, as plain text: a cell of several
    paragraphs comes as HTML paragraphs (<p>…</p>, as the text export writes them and
    the Word path writes a cell's paragraphs); any other cell is one paragraph."""
    if "<" not in cell and "&" not in cell:
        return [collapse_spaces(cell)] if cell.strip() else []
    return [line for line in html_to_text(cell).split("\n") if line]


def single_value(cell: str) -> str:
    """A cell that holds one value (a title, a status, a date) as that value: its
    paragraphs, if it has several, on one line; any other cell as printed."""
    paragraphs = cell_paragraphs(cell) if "<" in cell else []
    return " ".join(paragraphs) if len(paragraphs) > 1 else cell


def _header_word(cell: str) -> str:
    """A header cell as the column tables know it: lower case, without a bracketed hint
    ("Slutdatum (ÅÅÅÅ-MM-DD)") or a trailing colon."""
    return _COLUMN_HINT.sub("", collapse_spaces(single_value(cell)).lower()).rstrip(":").strip()


def _column_of(cell: str) -> str | None:
    return _COLUMNS.get(_header_word(cell))


def _fields_of(fields: list[str], cells: list[str]) -> dict[str, str]:
    """A table row's cells by field; two columns for one field (Kommentar and Analys) are
    read as one text."""
    values: dict[str, str] = {}
    for name, cell in zip(fields, (c.strip() for c in cells)):
        values[name] = f"{values[name]} {cell}".strip() if name in values else cell
    return values


def _is_header(fields: list[str]) -> bool:
    """A header names the activity's column once, and at least one other."""
    return len(fields) >= 2 and fields.count("title") == 1


def grade_text(text: str) -> str | None:
    """What a grade line gives as the grade: the line itself ("● Uppfyllt", "Delvis
    uppfyllt"), or what follows its label ("Bedömning: Delvis uppfyllt"); None for a
    line that is no grade line."""
    if looks_like_grade(text):
        return text
    return labelled_grade(text)


# Column names of goal tables (goals as rows, each with its grade in a cell), and the
# field each fills; a goal column named by its level gives every row that level.
_GOAL_COLUMNS: dict[str, tuple[str, str | None]] = {
    "mål": ("goal", None), "målformulering": ("goal", None), "målbeskrivning": ("goal", None),
    **{word: ("goal", level) for word, level in _LEVEL_WORDS.items() if "mål" in word},
    "nr": ("code", None), "nummer": ("code", None), "målnummer": ("code", None),
    "bedömning": ("grade", None), "måluppfyllelse": ("grade", None), "bedömd måluppfyllelse": ("grade", None),
    "målbedömning": ("grade", None),
    "kommentar": ("comment", None), "kommentarer": ("comment", None), "analys": ("comment", None),
    "kommentar/analys": ("comment", None), "nivå": ("level", None), "målnivå": ("level", None),
}


def is_column_name(cell: str) -> bool:
    """Whether a cell names a column of an activity table or a goal table."""
    word = _header_word(cell)
    return word in _COLUMNS or word in _GOAL_COLUMNS


def goal_table_header(line: str) -> tuple[list[str], str | None] | None:
    """(fields, level) of a goal table's header line, or None: every column known, one
    for the goal and one for its grade."""
    if "\t" not in line:
        return None
    known = [_GOAL_COLUMNS.get(_header_word(cell)) for cell in line.split("\t") if cell.strip()]
    if not all(known):
        return None
    fields = [field for field, _ in known]
    if fields.count("goal") != 1 or fields.count("grade") != 1:
        return None
    return fields, next((level for field, level in known if level), None)


# The fields of an activity table whose cell holds one value, not a text of paragraphs.
_SINGLE_VALUE_FIELDS = ("title", "status", "start_date", "end_date", "unit")


def _texts(paragraphs: list[tuple[int, str]]) -> list[str]:
    return [text for _, text in paragraphs]


def _block_status(texts: list[str]) -> int | None:
    """Where the status stands among an activity's paragraphs in one cell (title first,
    then its unit, text, status and comment), as read_blocks finds it among lines: the
    first short paragraph after the title that is a status or opens like one."""
    return next((n for n, text in enumerate(texts) if n > 0 and _is_block_status(text)), None)


def _is_block_status(text: str) -> bool:
    return len(text) <= 40 and not _BULLET.match(text) and bool(normalise_status(text) or looks_like_status(text))


# What a date cell holds for an activity without that date.
_NO_DATE = {"löpande", "tills vidare", "tillsvidare", "-", "–", "—", "saknas"}
_YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})-(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^([a-zåäö]+)\.?\s+((?:19|20)\d{2})$", re.IGNORECASE)


def _month_of(printed: str) -> tuple[int, int] | None:
    """(year, month) of a date cell that names a month, not a day."""
    numeric = _YEAR_MONTH.match(printed)
    if numeric and 1 <= int(numeric.group(2)) <= 12:
        return int(numeric.group(1)), int(numeric.group(2))
    named = _MONTH_YEAR.match(printed)
    if named and named.group(1).lower() in MONTHS:
        return int(named.group(2)), MONTHS[named.group(1).lower()]
    return None


def table_header(line: str) -> list[str] | None:
    """The fields of an activity table header line, in the order of its columns, or None
    if the line is no header.

    Tab-separated headers come from Word tables; space-separated ones from PDF text.
    """
    if "\t" in line:
        fields = [_column_of(cell) for cell in line.split("\t") if cell.strip()]
        return fields if all(fields) and _is_header(fields) else None
    fields = []
    rest = collapse_spaces(line)
    while rest:
        match = _COLUMN_PATTERN.match(rest)
        if not match:
            return None
        fields.append(_COLUMNS[match.group(0).lower()])
        rest = rest[match.end():].strip()
    return fields if _is_header(fields) else None


@dataclass
class _Node:
    number: tuple[int, ...] | None
    title: str | None
    line: int
    parent: int | None
    is_area: bool = False
    area_kind: str | None = None
    body: list[tuple[int, str]] = field(default_factory=list)
    children: list[int] = field(default_factory=list)
    markdown: bool = False
    level: str | None = None  # the level the document gives the goal in words (KF, KS)
    group_level: str | None = None  # a chapter such as "2 Kommunfullmäktiges mål": its goals' level

    @property
    def depth(self) -> int:
        return len(self.number) if self.number else 0

    @property
    def code(self) -> str | None:
        return ".".join(map(str, self.number)) if self.number else None


def _area_of(title: str) -> tuple[str, str] | None:
    """(kind, name) if a heading names a focus area, goal area or verksamhetsmål group."""
    match = _AREA_HEADING.match(title.strip())
    if not match:
        return None
    word = match.group(1).lower()
    kind = "fokusområde" if word == "fokusområde" else "målområde" if word == "målområde" else "verksamhetsmål"
    name = match.group(2).strip().rstrip(".:")
    name = _AREA_NUMBER.sub("", name) or name  # "Målområde 1: Trygg uppväxt"
    return kind, name[:1].upper() + name[1:]


class _Reader:
    def __init__(self, text: str, source: str, goal_level: str, status_aliases: dict[str, str]):
        if goal_level not in GOAL_LEVELS:
            raise ValueError(f"goal_level must be one of {GOAL_LEVELS}")
        self.source = source
        self.lines = normalise_document(text).split("\n")
        self.goal_level = goal_level
        self.status_aliases = {status_alias_key(k): v for k, v in status_aliases.items()}
        self.problems: list[Problem] = []
        self.notes: list[Note] = []
        self.nodes: list[_Node] = []
        self._legend: dict[str, tuple[str, int]] | None = None  # colour → (grade, line), read once
        self.table_lines: set[int] = set()  # lines read as activity tables
        self.defaulted_levels: set[int] = set()  # goal nodes whose level is only goal_level
        self.blank_lines_part_paragraphs = blank_lines_part_paragraphs(self.lines)

    # -- helpers -------------------------------------------------------------------
    def line_text(self, number: int) -> str:
        return self.lines[number - 1]

    def problem(self, line: int, message: str, *, unknown_status: str | None = None) -> None:
        self.problems.append(Problem(self.source, line, message, self.line_text(line), unknown_status))

    def note(self, line: int, kind: str, message: str) -> None:
        self.notes.append(Note(line, kind, message, self.line_text(line).strip() or None))

    # -- page furniture --------------------------------------------------------------
    def page_furniture(self) -> set[int]:
        """Lines that are page headers, footers and page numbers rather than content.

        A page number line is furniture by itself. Other lines are furniture when a
        group of two or more short lines recurs verbatim on several pages (a running
        header such as "Kommunstyrelsen / Olof Bäckman"), or when a recurring line sits
        next to a page number.
        """
        stripped = [line.strip() for line in self.lines]
        counts = Counter(s for s in stripped if s)

        def candidate(s: str) -> bool:
            return (
                bool(s)
                and counts[s] >= 2
                and len(s) <= 60
                and "\t" not in s
                and not ends_sentence(s)
                and table_header(s) is None
                and not _BULLET.match(s)
                # Activities can share dates; a dates line is never a page's furniture.
                and not _DATES_ONLY.match(collapse_spaces(s))
                and normalise_status(s) is None
                and grade_text(s) is None
                and s.lower().rstrip(":") not in _COMMENT_LABELS
                and collapse_spaces(s).lower() not in _FORM_RESIDUE
                and not _NUMBERED.match(s)
            )

        furniture = {i + 1 for i, s in enumerate(stripped) if _PAGE_NUMBER.match(s)}
        significant = [i for i, s in enumerate(stripped) if s]
        # A line that goes on with the sentence of the line before (it begins in lower case
        # after a line that does not end a sentence) is that text's wrapped rest, never a
        # page's header: two activities may share a wrapped title's rest and their text
        # ("... inom ramen för" / "arbetsmarknadspolitiska åtgärder" / "För att minska ...").
        wrapped = {i for before, i in zip(significant, significant[1:])
                   if stripped[i][:1].islower() and not ends_sentence(stripped[before])
                   and not _PAGE_NUMBER.match(stripped[before])}
        # Runs of consecutive (blank lines aside) candidate lines.
        runs: list[list[int]] = []
        for i in significant:
            if candidate(stripped[i]) and i not in wrapped:
                if runs and runs[-1] and self._adjacent(significant, runs[-1][-1], i):
                    runs[-1].append(i)
                else:
                    runs.append([i])
            else:
                runs.append([])
        run_texts = Counter(tuple(stripped[i] for i in run) for run in runs if len(run) >= 2)
        for run in runs:
            if len(run) >= 2 and run_texts[tuple(stripped[i] for i in run)] >= 2:
                furniture.update(i + 1 for i in run)
        page_numbers = sorted(furniture)
        for i in significant:
            if candidate(stripped[i]) and any(abs((i + 1) - p) <= 10 for p in page_numbers):
                furniture.add(i + 1)
        for number in sorted(furniture):
            self.note(number, "sidhuvud/sidfot", "Sidhuvud, sidfot eller sidnummer – inte innehåll.")
        return furniture

    @staticmethod
    def _adjacent(significant: list[int], previous: int, current: int) -> bool:
        position = significant.index(current)
        return position > 0 and significant[position - 1] == previous

    # -- headings ----------------------------------------------------------------------
    def plausible_number(self, number: tuple[int, ...], current: tuple[int, ...], last_child: dict) -> bool:
        """A number continues the outline: a child or next sibling of an open heading.

        This is what keeps a sentence such as "2.1 miljoner kronor …" out of the outline.
        """
        parent = number[:-1]
        if parent != current[: len(parent)] and last_child:
            return False
        if not last_child or parent not in last_child:
            # The first heading of a document or the first child of a heading may start
            # anywhere: reports are often excerpts of a longer document.
            return number[-1] >= 1
        previous = last_child[parent]
        return previous < number[-1] <= previous + 3

    def structural(self, text: str) -> bool:
        """True for a line that starts something of its own (so a heading cannot wrap onto it)."""
        s = text.strip()
        return (
            not s
            or markdown_heading(s) is not None
            or bool(_NUMBERED.match(s))
            or bool(_PREFIXED_NUMBER.match(s))
            or bool(_LEVEL_HEADING.match(s))
            or bool(_BULLET.match(s))
            or table_header(s) is not None
            or bool(_DATES_ONLY.match(s))
            or normalise_status(s) is not None
            or grade_text(s) is not None
            or s.lower().rstrip(":") in _COMMENT_LABELS
            or _area_of(s) is not None
        )

    def build_outline(self, furniture: set[int]) -> None:
        root = _Node(number=None, title=None, line=1, parent=None)
        self.nodes = [root]
        numbered_any = any(_NUMBERED.match(heading_text(line)) or _PREFIXED_NUMBER.match(heading_text(line))
                           for line in self.lines)
        current_numbered = 0  # index of the innermost open numbered heading (0: root)
        current = 0  # index of the node that receives body lines
        open_area = 0  # an unnumbered area heading, parent of the numbered headings after it
        group_level = None  # the level a heading such as "Kommunfullmäktiges mål" gave
        fresh_area = False  # an unnumbered area heading came, and no numbered heading yet
        last_child: dict[tuple[int, ...], int] = {}
        path: tuple[int, ...] = ()
        total = len(self.lines)
        i = 0
        while i < total:
            number_of_line = i + 1
            raw = self.lines[i]
            i += 1
            if number_of_line in furniture:
                # A page break interrupts a paragraph; mark it so text can be rejoined.
                self.nodes[current].body.append((number_of_line, "\f"))
                continue
            stripped = raw.strip()
            if not stripped:
                self.nodes[current].body.append((number_of_line, ""))
                continue
            if "\t" in stripped:  # a table's row is never a heading, even one that opens with a number
                self.nodes[current].body.append((number_of_line, raw))
                continue
            markdown = markdown_heading(stripped)
            text = strip_markdown(markdown).strip() if markdown is not None else strip_markdown(stripped)
            if markdown is not None and grade_text(text) is not None:
                self.nodes[current].body.append((number_of_line, raw))
                continue
            level_heading = _LEVEL_HEADING.match(text)
            if level_heading:
                group_level = _LEVEL_WORDS[collapse_spaces(level_heading.group(1)).lower()]
                continue
            numbered_area = _NUMBERED_AREA.match(text)
            if numbered_area:  # "Målområde 2: Trygg uppväxt" is chapter 2 of the outline
                text = f"{numbered_area.group(2)} {numbered_area.group(1)} {numbered_area.group(3)}"
            level_word = None
            prefixed = _PREFIXED_NUMBER.match(text)
            if prefixed:
                level_word = _LEVEL_WORDS.get(collapse_spaces(prefixed.group(1) or "").lower())
                text = f"{prefixed.group(2)} {prefixed.group(3)}"
            numbered = _NUMBERED.match(text)
            heading_number = None
            if numbered:
                candidate_number = tuple(int(part) for part in numbered.group(1).split("."))
                chapter_like = len(candidate_number) > 1 or numbered.group(2)[:1].isupper()
                # The first number under an unnumbered area heading may start anywhere, as
                # under the first heading of a document.
                if chapter_like and (fresh_area or self.plausible_number(candidate_number, path, last_child)):
                    heading_number = candidate_number
            if heading_number is not None:
                title = numbered.group(2).strip()
                if not markdown and len(heading_number) >= 2:
                    title, i = self.unwrap(title, i)
                parent = current_numbered
                while parent and self.nodes[parent].number != heading_number[: self.nodes[parent].depth]:
                    parent = self.nodes[parent].parent or 0
                if open_area and parent == self.nodes[open_area].parent:
                    parent = open_area
                fresh_area = False
                # A chapter ("2 Kommunfullmäktiges mål") gives its goals their level; deeper, such a
                # heading is a goal of that level with the other level's goals under it.
                chapter_level = _LEVEL_HEADING.match(title) if len(heading_number) == 1 else None
                inherited = next((self.nodes[n].group_level for n in self.ancestors(parent) if self.nodes[n].group_level),
                                 None)
                node = _Node(number=heading_number, title=title, line=number_of_line, parent=parent,
                             markdown=bool(markdown),
                             level=None if chapter_level else level_word or (group_level if prefixed else None) or inherited,
                             group_level=_LEVEL_WORDS[collapse_spaces(chapter_level.group(1)).lower()] if chapter_level else None)
                area = _area_of(title)
                if area:
                    node.is_area, node.area_kind = True, area[0]
                    node.title = area[1]
                    open_area, group_level, fresh_area = 0, None, False
                self.nodes.append(node)
                self.nodes[parent].children.append(len(self.nodes) - 1)
                current_numbered = current = len(self.nodes) - 1
                last_child[heading_number[:-1]] = heading_number[-1]
                path = heading_number
                continue
            area = _area_of(text) if len(text) <= 80 and not self.wrapped_on(i - 1) else None
            unnumbered_heading = markdown is not None or (
                not numbered_any and self.looks_like_plain_heading(i - 1)
            )
            if area or unnumbered_heading:
                if area and open_area:
                    # The next area of the same list: a sibling of the one before, which
                    # closes the goals under that one.
                    current_numbered = self.nodes[open_area].parent or 0
                    path = self.nodes[current_numbered].number or ()
                node = _Node(number=None, title=area[1] if area else text, line=number_of_line,
                             parent=current_numbered, markdown=bool(markdown))
                if area:
                    node.is_area, node.area_kind = True, area[0]
                self.nodes.append(node)
                self.nodes[current_numbered].children.append(len(self.nodes) - 1)
                current = len(self.nodes) - 1
                if area:
                    open_area, group_level, fresh_area = current, None, True
                continue
            self.nodes[current].body.append((number_of_line, raw))

    def wrapped_on(self, index: int) -> bool:
        """Whether lines[index] is the rest of the sentence on the line before, wrapped
        where the page was full: it begins in lower case after a line of text that does
        not end a sentence. "... kopplar till kommunfullmäktiges" / "verksamhetsmål för god
        ekonomisk hushållning." reads as one sentence, not as an area heading, wherever
        the page width happens to break it."""
        line = self.lines[index].strip()
        previous = self.lines[index - 1].strip() if index > 0 else ""
        if not line[:1].islower() or not previous or "\t" in previous or markdown_heading(previous) is not None:
            return False
        return continues_line(previous, line)

    def ancestors(self, index: int) -> list[int]:
        """index and the nodes above it, nearest first."""
        chain = []
        while index is not None:
            chain.append(index)
            index = self.nodes[index].parent
        return chain

    def unwrap(self, title: str, i: int) -> tuple[str, int]:
        """A plain heading wrapped over several lines, as PDF text export leaves it: after
        a long line, or where the next line goes on with the sentence in lower case (a
        heading in large print wraps after fewer letters: "2.11.4 Kvinnor och män,
        flickor och pojkar, ska ha samma" / "möjligheter och villkor ...")."""
        last = title
        while not ends_sentence(last):
            j = i
            while j < len(self.lines) and not self.lines[j].strip():
                j += 1
            if j >= len(self.lines) or self.structural(self.lines[j]):
                break
            following = self.lines[j].strip()
            if len(last) < WRAPPED_LINE_LENGTH and not (
                    j == i and following[:1].islower() and continues_line(last, following)):
                break
            last = following
            title = f"{title} {last}"
            i = j + 1
        return collapse_spaces(title), i

    def looks_like_plain_heading(self, index: int) -> bool:
        """A short line that opens a paragraph and is followed by its text (memo style)."""
        s = self.lines[index].strip()
        previous_blank = index == 0 or not self.lines[index - 1].strip()
        following = self.lines[index + 1].strip() if index + 1 < len(self.lines) else ""
        return (
            previous_blank
            and bool(following)
            and len(s) <= 60
            and s[:1].isupper()
            and not ends_sentence(s)
            and not s.endswith(",")
            and not self.structural(following)
        )

    # -- classification ------------------------------------------------------------
    def classify(self) -> tuple[set[int], dict[int, str]]:
        """Which outline nodes are goals, and the level of each."""
        nodes = self.nodes
        register = self.register_titles()
        goal_nodes: set[int] = set()
        for index, node in enumerate(nodes):
            if node.is_area or (node.depth < 2 and not node.level):
                continue
            parent = nodes[node.parent] if node.parent is not None else None
            under_area = parent is not None and parent.is_area
            if (under_area or node.level or self.has_goal_evidence(node)
                    or self.matches(node.title or "", register)):
                goal_nodes.add(index)
        for index in list(goal_nodes):
            parent_index = nodes[index].parent
            if parent_index and nodes[parent_index].depth >= 2 and not nodes[parent_index].is_area:
                goal_nodes.add(parent_index)
        if not register:
            # Without a register of goals, a heading among goals is a goal too, even one
            # with nothing under it (a KF goal that got no KS goal).
            for index, node in enumerate(nodes):
                if index in goal_nodes or node.depth < 2 or node.is_area or node.parent is None:
                    continue
                siblings = nodes[node.parent].children
                if any(s in goal_nodes and nodes[s].depth == node.depth for s in siblings):
                    goal_nodes.add(index)
        levels: dict[int, str] = {}
        has_goal_children = {i: any(c in goal_nodes for c in nodes[i].children) for i in goal_nodes}
        for index in goal_nodes:
            node = nodes[index]
            siblings = nodes[node.parent].children if node.parent is not None else []
            if node.level:  # the document says so
                levels[index] = node.level
            elif node.parent in goal_nodes:
                levels[index] = "KS"
            elif has_goal_children[index] or any(has_goal_children.get(s) for s in siblings):
                levels[index] = "KF"
            else:
                levels[index] = self.goal_level
                self.defaulted_levels.add(index)
        return goal_nodes, levels

    def has_goal_evidence(self, node: _Node) -> bool:
        for _, raw in node.body:
            s = raw.strip()
            if not s or s == "\f":
                continue
            if table_header(raw) is not None or grade_text(heading_text(s)) is not None:
                return True
        return False

    def register_titles(self) -> list[tuple[str, str, str, int]]:
        """(title, area kind, area name, line) of each goal listed under an area heading."""
        entries = []
        for node in self.nodes:
            if not node.is_area:
                continue
            for line, title in self.bullets(node.body):
                entries.append((title, node.area_kind, node.title, line))
        return entries

    def bullets(self, body: list[tuple[int, str]]) -> list[tuple[int, str]]:
        items: list[tuple[int, str]] = []
        index = 0
        while index < len(body):
            line, raw = body[index]
            index += 1
            match = _BULLET.match(raw.strip())
            if not match:
                continue
            text = match.group(1).strip()
            last = text
            while len(last) >= WRAPPED_LINE_LENGTH and not ends_sentence(last):
                j = index
                while j < len(body) and not body[j][1].strip():
                    j += 1
                if j >= len(body) or self.structural(body[j][1]) or body[j][1] == "\f":
                    break
                last = body[j][1].strip()
                text = f"{text} {last}"
                index = j + 1
            items.append((line, collapse_spaces(text)))
        return items

    @staticmethod
    def matches(title: str, register: list[tuple[str, str, str, int]]) -> bool:
        return bool(pair_titles([title], [entry[0] for entry in register]))

    # -- reading bodies ------------------------------------------------------------
    def paragraphs(self, body: list[tuple[int, str]]) -> list[str]:
        """Paragraphs of body text, with Word form residue dropped and recorded."""
        paragraphs: list[str] = []
        current: list[str] = []
        for line, raw in body:
            s = raw.strip()
            residue = _FORM_RESIDUE.get(collapse_spaces(s).lower())
            if residue:
                self.note(line, "formulärrest", f"Ifylld mall utan innehåll: {residue}.")
                continue
            if not s or s == "\f":
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                continue
            if "\t" in s and "<" in s:  # a table's row: a cell's paragraphs as one line of text
                s = "\t".join(single_value(cell) for cell in s.split("\t"))
            current.append(collapse_spaces(strip_markdown(s)))
        if current:
            paragraphs.append(" ".join(current))
        return paragraphs

    def read_goal_body(self, goal_index: int, goal: Goal, body: list[tuple[int, str]], activities: list[Activity]) -> None:
        text_lines: list[tuple[int, str]] = []
        position = 0
        while position < len(body):
            line, raw = body[position]
            s = raw.strip()
            text = heading_text(s)
            grade = grade_text(text) if text and s != "\f" else None
            if grade is not None and not text_lines_has_prose(text_lines):
                self.read_grade(goal, line, text, grade, phrase=labelled_grade(text) is not None)
                position += 1
                continue
            if text.lower().rstrip(":") in _COMMENT_LABELS:
                position += 1
                continue
            if s and goal_table_header(raw) is not None:
                position = self.skip_goal_table(goal, body, position)
                continue
            header = table_header(raw) if s else None
            if header is not None:
                if "\t" in raw:
                    position = self.read_table(goal_index, header, body, position + 1, activities)
                else:
                    self.read_blocks(goal_index, body[position + 1:], activities)
                    position = len(body)
                continue
            text_lines.append((line, raw))
            position += 1
        goal.comment = join_paragraphs(self.paragraphs(text_lines))
        if goal.grade:
            for match in _GRADE_IN_PROSE.finditer(goal.comment):
                said = normalise_grade(match.group(0)[match.start(1) - match.start():] if match.group(1) else "uppfyllt")
                if said and said != goal.grade:
                    self.note(
                        goal.grade_line or goal.line,
                        "avvikelse",
                        f"Texten bedömer målet {goal.code or goal.title[:40]} som {said}, rubriken som "
                        f"{goal.grade}; rubriken gäller som bedömning.",
                    )
                    break

    def read_grade(self, goal: Goal, line: int, printed: str, text: str, *, phrase: bool = False) -> None:
        """The goal's grade from a grade line (printed) saying text: a grade in words
        and/or symbol, a colour the document's legend explains, or (phrase: where the text
        can only be a grade, after a label or in a grade cell) a short phrase stating one."""
        colour = colour_of(text)
        if colour:
            grade = self.colour_grades().get(colour)
            if grade is None:
                what = "en färg" if colour in COLOURS.values() else "en symbol"
                self.problem(line, f"Bedömningen »{text.strip()}« är {what} som dokumentet inte förklarar. Ange vad "
                                   "färgerna eller symbolerna betyder i en teckenförklaring, till exempel "
                                   "»Grönt = Uppfyllt«.")
                return
            legend_line = self._legend[colour][1] if self._legend else None
            what = "Färgen" if colour in COLOURS.values() else "Symbolen"
            self.note(line, "tolkning", f"{what} »{text.strip()}« läst som {grade} enligt dokumentets "
                                        f"teckenförklaring (rad {legend_line}).")
        else:
            # After a label a short phrase may state the grade ("Bedömning: Målet är delvis
            # uppfyllt"); alone, such a line is prose, not a grade line.
            grade = normalise_grade(text) or (grade_in_phrase(text) if phrase else None)
        symbol = leading_symbol(text)
        if grade is None:
            self.problem(line, "Okänd bedömning. Tillåtna: Uppfyllt, Delvis uppfyllt, Knappt uppfyllt, Ej uppfyllt (med eller utan ● ▲ ◆ ■).")
            return
        if symbol and SYMBOL_GRADES[symbol] != grade:
            self.problem(line, f"Symbolen {symbol} betyder {SYMBOL_GRADES[symbol]} men texten säger {grade}.")
            return
        if goal.grade is not None:
            self.problem(line, f"Målet har redan bedömningen {goal.grade} (rad {goal.grade_line}); en andra bedömning går inte att placera.")
            return
        goal.grade, goal.grade_as_printed, goal.grade_line = grade, printed, line

    def colour_grades(self) -> dict[str, str]:
        """The document's own legend of grade colours: colour → grade."""
        if self._legend is None:
            self._legend = {}
            for number, raw in enumerate(self.lines, start=1):
                entry = legend_entry(heading_text(raw))
                if entry and entry[0] not in self._legend:
                    self._legend[entry[0]] = (entry[1], number)
        return {colour: grade for colour, (grade, _) in self._legend.items()}

    def status_of(self, line: int, printed: str) -> str | None:
        plain = html_to_text(printed)
        status = normalise_status(plain)
        if status:
            return status
        status = status_broken_over_lines(plain)
        if status:
            self.note(line, "tolkning", f"Statusen »{plain.strip()}« läst som »{status}«: ett ord avbrutet över två "
                                         "rader i en smal tabellkolumn.")
            return status
        key = status_alias_key(plain)
        if key in self.status_aliases:
            status = self.status_aliases[key]
            self.note(line, "tolkning", f"Statusen »{plain.strip()}« finns inte i vokabulären; tolkad som »{status}« "
                                         "enligt ett beslutat statusord.")
            return status
        if not plain.strip():
            self.problem(line, "Aktiviteten saknar status.")
        else:
            self.problem(
                line,
                f"Okänd status »{plain.strip()}«. Tillåtna: Avslutad enligt plan, Avslutad med avvikelse, "
                "Pågående enligt plan, Pågående med avvikelse, Vänteläge, Ej påbörjad.",
                unknown_status=re.sub(r"^[\W_]+", "", plain.strip()) or plain.strip(),
            )
        return None

    def parse_date(self, line: int, printed: str, what: str) -> date | None:
        """A start or end date as printed: a day (ÅÅÅÅ-MM-DD), or a month ("2024-12",
        "december 2024") read as its first day for a start and its last for an end, which
        is noted; "Löpande" and the like say there is no such date."""
        printed = printed.strip()
        if not printed:
            return None
        try:
            return date.fromisoformat(printed)
        except ValueError:
            pass
        if printed.lower().rstrip(".") in _NO_DATE:
            self.note(line, "tolkning", f"{what} »{printed}« är inget datum; aktiviteten har inget {what.lower()}.")
            return None
        month = _month_of(printed)
        if month is None:
            self.problem(line, f"{what} »{printed}« är inget datum (väntat ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller månad och år).")
            return None
        year, number = month
        first = date(year, number, 1)
        day = first if what == "Startdatum" else (date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1))
        self.note(line, "tolkning", f"{what} »{printed}« är en månad; läst som {day.isoformat()} "
                                    f"(månadens {'första' if day == first else 'sista'} dag).")
        return day

    def skip_goal_table(self, goal: Goal, body: list[tuple[int, str]], position: int) -> int:
        """A goal table (Mål | Bedömning) inside a goal's section: named as one, with its
        line, and left out of the goal's text and activities."""
        line, raw = body[position]
        header = " | ".join(single_value(cell).strip() for cell in raw.split("\t") if cell.strip())
        end = position + 1
        while end < len(body) and "\t" in body[end][1] and table_header(body[end][1]) is None:
            end += 1
        rows = end - position - 1
        self.note(line, "ej placerad",
                  f"En måltabell ({header}, {rows} rader) står under målet {goal.code or goal.title[:40]}; "
                  "dess rader läses inte som aktiviteter.")
        return end

    def read_table(self, goal_index: int, header: list[str], body, position: int, activities: list[Activity]) -> int:
        """Rows of a tab-separated activity table, across page breaks and repeated headers."""
        table_rows: list[tuple[int, dict[str, str]]] = []
        self.table_lines.add(body[position - 1][0])  # its header
        while position < len(body):
            line, raw = body[position]
            self.table_lines.add(line)
            s = raw.strip()
            if not s or s == "\f":
                position += 1
                continue
            if table_header(raw) is not None:
                position += 1  # the header repeated after a page break: same table
                continue
            if "\t" not in raw or goal_table_header(raw) is not None:
                self.table_lines.discard(line)
                break  # a goal table after the activities is a table of its own
            cells = raw.split("\t")
            if len(cells) > len(header):
                cells = cells[: len(header) - 1] + ["\t".join(cells[len(header) - 1:])]
            cells += [""] * (len(header) - len(cells))
            values = _fields_of(header, cells)
            for name in _SINGLE_VALUE_FIELDS:
                if name in values and name != "title":
                    values[name] = single_value(values[name])
            table_rows.append((line, values))
            position += 1
        if "status" in header:
            self.read_table_rows(goal_index, table_rows, activities)
        else:
            self.read_table_blocks(goal_index, table_rows, activities)
        return position

    def read_table_rows(self, goal_index: int, table_rows: list[tuple[int, dict[str, str]]],
                        activities: list[Activity]) -> None:
        """An activity table with a status column: a row per activity, and rows without a
        title going on with the activity above."""
        rows: list[dict] = []
        for line, values in table_rows:
            if "title" in values:
                values["title"] = single_value(values["title"])
            if not values.get("title"):
                if not rows:
                    self.problem(line, "Fortsättningsrad utan föregående aktivitet i tabellen.")
                elif values.get("status") or values.get("start_date") or values.get("end_date"):
                    self.problem(line, "Rad med status eller datum men utan aktivitetens namn.")
                else:
                    for name in ("comment", "description", "unit"):
                        if values.get(name):
                            rows[-1][name].append(values[name])
                continue
            rows.append({"line": line, **{k: [v] if v else [] for k, v in values.items()}})
        for row in rows:
            line = row["line"]
            printed_title = " ".join(row.get("title", []))
            title = clean_activity_title(printed_title)
            status_printed = " ".join(row.get("status", []))
            status = self.status_of(line, status_printed)
            start = self.parse_date(line, " ".join(row.get("start_date", [])), "Startdatum")
            end = self.parse_date(line, " ".join(row.get("end_date", [])), "Slutdatum")
            if status is None:
                continue
            activities.append(
                Activity(
                    goal=goal_index,
                    title=title,
                    title_as_printed=printed_title,
                    line=line,
                    status=status,
                    status_as_printed=html_to_text(status_printed).strip(),
                    start_date=start,
                    end_date=end,
                    responsible_unit=" ".join(html_to_text(u) for u in row.get("unit", [])) or None,
                    description=join_fragments(row.get("description", [])),
                    comment=join_fragments(row.get("comment", [])),
                )
            )

    def read_table_blocks(self, goal_index: int, table_rows: list[tuple[int, dict[str, str]]],
                          activities: list[Activity]) -> None:
        """An activity table without a status column: the activity's cell holds its
        paragraphs – title, [• unit], description, status, comment – as the text export
        lays an activity out in lines (read_blocks), and its dates stand in their columns.
        A row that starts no activity of its own (no dates) while the activity above still
        lacks its status goes on with that activity: a row merged across the table for
        the activity's text, under the row of its title and dates."""
        blocks: list[dict] = []
        for line, values in table_rows:
            paragraphs = [(line, text) for text in cell_paragraphs(values.get("title", ""))]
            dated = bool(values.get("start_date", "").strip() or values.get("end_date", "").strip())
            above = blocks[-1] if blocks else None
            if paragraphs and (above is None or dated or above["has_status"]):
                blocks.append({"line": line, "paragraphs": paragraphs,
                               "has_status": _block_status(_texts(paragraphs)) is not None,
                               **{name: [] for name in ("start_date", "end_date", "unit", "description", "comment")}})
            elif above is None:
                self.problem(line, "Fortsättningsrad utan föregående aktivitet i tabellen.")
                continue
            elif dated:
                self.problem(line, "Rad med status eller datum men utan aktivitetens namn.")
                continue
            else:
                above["paragraphs"].extend(paragraphs)
                above["has_status"] = above["has_status"] or any(_is_block_status(text) for _, text in paragraphs)
            block = blocks[-1]
            for name in ("start_date", "end_date", "unit", "description", "comment"):
                if values.get(name, "").strip():
                    block[name].append(values[name])
        for block in blocks:
            line = block["line"]
            texts = _texts(block["paragraphs"])
            printed_title = texts[0]
            after_title = 1
            units = []
            while after_title < len(texts) and _BULLET.match(texts[after_title]):
                units.append(_BULLET.match(texts[after_title]).group(1).strip())
                after_title += 1
            status_at = _block_status(texts)
            if status_at is None:
                self.problem(line, f"Aktiviteten »{printed_title[:60]}« saknar status.")
                continue
            status_line, status_printed = block["paragraphs"][status_at]
            status = self.status_of(status_line, status_printed)
            start = self.parse_date(line, " ".join(block["start_date"]), "Startdatum")
            end = self.parse_date(line, " ".join(block["end_date"]), "Slutdatum")
            if start and end and end < start:
                self.note(line, "avvikelse", "Slutdatum före startdatum.")
            if status is None:
                continue
            columns = {name: [html_to_text(value) for value in block[name]] for name in ("unit", "description", "comment")}
            activities.append(
                Activity(
                    goal=goal_index,
                    title=clean_activity_title(printed_title),
                    title_as_printed=printed_title,
                    line=line,
                    status=status,
                    status_as_printed=status_printed,
                    status_line=status_line if status_line != line else None,
                    start_date=start,
                    end_date=end,
                    responsible_unit=" ".join(units + columns["unit"]) or None,
                    description=join_paragraphs(texts[after_title:status_at] + columns["description"]),
                    comment=join_paragraphs(texts[status_at + 1:] + columns["comment"]),
                )
            )

    def read_blocks(self, goal_index: int, body: list[tuple[int, str]], activities: list[Activity]) -> None:
        """Activities laid out as blocks: title, [• unit], dates, description, status, comment."""
        tokens: list[dict] = []
        paragraph = 0
        previous_blank = True
        previous_text = ""
        for line, raw in body:
            s = raw.strip()
            if not s or s == "\f" or table_header(raw) is not None:
                previous_blank = True
                continue
            if self.blank_lines_part_paragraphs:
                paragraph += previous_blank
            else:
                paragraph += not continues_line(previous_text, s)
            previous_blank = False
            previous_text = s
            token = {"line": line, "text": collapse_spaces(s), "paragraph": paragraph, "kind": "text"}
            if _DATES_ONLY.match(token["text"]):
                token["kind"] = "dates"
            elif _TITLE_AND_DATES.match(token["text"]):
                token["kind"] = "title+dates"
            elif _BULLET.match(s):
                token["kind"] = "unit"
            tokens.append(token)
        anchors = [k for k, t in enumerate(tokens) if t["kind"] in ("dates", "title+dates")]
        starts: list[int] = []
        for k in anchors:
            start = k
            j = k - 1
            if tokens[k]["kind"] == "dates" and j >= 0 and tokens[j]["kind"] == "unit":
                j -= 1
            if tokens[k]["kind"] == "title+dates":
                j = k
            if j < 0 or tokens[j]["kind"] not in ("text", "title+dates"):
                self.problem(tokens[k]["line"], "Datum utan aktivitetens namn före.")
                starts.append(k)
                continue
            start = j
            while start - 1 >= 0 and tokens[start - 1]["kind"] == "text" and tokens[start - 1]["paragraph"] == tokens[j]["paragraph"]:
                start -= 1
            starts.append(start)
        if anchors and starts[0] > 0:
            for token in tokens[: starts[0]]:
                self.note(token["line"], "ej placerad", "Text före första aktiviteten i blocket kunde inte placeras.")
        elif not anchors and tokens:
            # Text under an activity header, yet no activity: a table this reader cannot
            # see (a Word table flattened by PDF export, say). Never lose it in silence.
            self.problem(
                tokens[0]["line"],
                "Aktivitetstabellen kunde inte läsas: ingen aktivitet med start- och slutdatum hittades under "
                "rubriken. Ladda upp Word-filen eller en textexport där tabellen är kvar.",
            )
        for position, k in enumerate(anchors):
            start = starts[position]
            end_of_block = starts[position + 1] if position + 1 < len(anchors) else len(tokens)
            anchor = tokens[k]
            title_tokens = tokens[start:k] if anchor["kind"] == "dates" else tokens[start:k + 1]
            unit = None
            title_parts = []
            for token in title_tokens:
                if token["kind"] == "unit":
                    unit = _BULLET.match(token["text"]).group(1).strip()
                elif token["kind"] == "title+dates":
                    title_parts.append(_TITLE_AND_DATES.match(token["text"]).group(1))
                else:
                    title_parts.append(token["text"])
            dates_match = _DATES_ONLY.match(anchor["text"]) or _TITLE_AND_DATES.match(anchor["text"])
            start_printed, end_printed = dates_match.groups()[-2:]
            rest = tokens[k + 1:end_of_block]
            if anchor["kind"] == "title+dates":
                # The title and the dates side by side, the title wrapped in its column under
                # them, then the unit: "Utveckla chefsstöd och 2024-01-01 2024-08-31" /
                # "friskfaktorer" / "• HR och Kommunikation".
                more, unit_after = _title_rest(rest, anchor["paragraph"])
                title_parts.extend(token["text"] for token in more)
                if unit_after is not None and unit is None:
                    unit = _BULLET.match(unit_after["text"]).group(1).strip()
                rest = rest[len(more) + (unit_after is not None):]
            status_at = next(
                (
                    n for n, t in enumerate(rest)
                    if len(t["text"]) <= 40
                    and (
                        # A canonical status is the status wherever it stands; a line that
                        # only looks like one must stand alone to be taken for one.
                        normalise_status(t["text"])
                        or (looks_like_status(t["text"])
                            and (n + 1 == len(rest) or rest[n + 1]["paragraph"] != t["paragraph"]))
                    )
                ),
                None,
            )
            printed_title = _joined_lines(title_parts)
            if status_at is None:
                self.problem(title_tokens[0]["line"] if title_tokens else anchor["line"],
                             f"Aktiviteten »{printed_title[:60]}« saknar status.")
                continue
            status_token = rest[status_at]
            status = self.status_of(status_token["line"], status_token["text"])
            start_date = self.parse_date(anchor["line"], start_printed, "Startdatum")
            end_date = self.parse_date(anchor["line"], end_printed, "Slutdatum")
            if start_date and end_date and end_date < start_date:
                self.note(anchor["line"], "avvikelse", "Slutdatum före startdatum.")
            if status is None:
                continue
            activities.append(
                Activity(
                    goal=goal_index,
                    title=clean_activity_title(printed_title),
                    title_as_printed=printed_title,
                    line=title_tokens[0]["line"] if title_tokens else anchor["line"],
                    status=status,
                    status_as_printed=status_token["text"],
                    status_line=status_token["line"],
                    start_date=start_date,
                    end_date=end_date,
                    responsible_unit=unit,
                    description=join_paragraphs(token_paragraphs(rest[:status_at])),
                    comment=join_paragraphs(token_paragraphs(rest[status_at + 1:])),
                )
            )

    # -- the whole report ------------------------------------------------------------
    def read(self) -> ReadReport:
        too_long = [Problem(self.source, number, f"raden har {len(line):,} tecken; en rad i en rapport har högst "
                            f"{MAX_LINE_CHARS:,}. Filen är skadad eller ingen rapport.".replace(",", "\u00a0"),
                            line[:80]) for number, line in enumerate(self.lines, start=1) if len(line) > MAX_LINE_CHARS]
        if too_long:
            raise ReportReadError(self.source, too_long[:10])
        furniture = self.page_furniture()
        self.build_outline(furniture)
        goal_nodes, levels = self.classify()
        report = ReadReport(source=self.source, title=self.title(), line_count=len(self.lines))
        register = self.register_titles()

        goal_index_of_node: dict[int, int] = {}
        for index, node in enumerate(self.nodes):
            if index not in goal_nodes:
                self.read_goal_tables(index, report)
            if node.is_area:
                report.areas.append(Area(name=node.title, kind=node.area_kind, line=node.line,
                                         heading_as_printed=collapse_spaces(self.line_text(node.line))))
                texts = [(line, raw) for line, raw in node.body
                         if not _BULLET.match(raw.strip()) and line not in self.table_lines]
                report.areas[-1].text = join_paragraphs(self.paragraphs(texts))
            if index in goal_nodes:
                parent_goal = goal_index_of_node.get(node.parent)
                parent_node = self.nodes[node.parent] if node.parent is not None else None
                area = parent_node.title if parent_node is not None and parent_node.is_area else None
                if parent_goal is not None:
                    area = report.goals[parent_goal].area
                goal = Goal(code=node.code, title=node.title, level=levels[index], line=node.line,
                            parent=parent_goal, area=area, level_stated=index not in self.defaulted_levels)
                report.goals.append(goal)
                goal_index_of_node[index] = len(report.goals) - 1
                self.read_goal_body(len(report.goals) - 1, goal, node.body, report.activities)
            elif not node.is_area:
                text = join_paragraphs(self.paragraphs([(line, raw) for line, raw in node.body
                                                        if line not in self.table_lines]))
                heading = f"{node.code} {node.title}" if node.code and node.title else node.title
                if text or (heading and index != 0 and heading != report.title):
                    report.sections.append(Section(heading=heading, text=text, line=node.line))

        # The register names each goal's area; a listed goal with no section of its own
        # is a goal too, presented without code, grade or activities.
        pairs = pair_titles([entry[0] for entry in register], [goal.title for goal in report.goals])
        for position, (title, kind, area_name, line) in enumerate(register):
            level = "KF" if kind == "verksamhetsmål" else self.goal_level
            stated = kind == "verksamhetsmål"  # a goal area's list does not say the level
            if position in pairs:
                goal = report.goals[pairs[position]]
                goal.area = goal.area or area_name
                if goal.parent is None and (stated or not goal.level_stated):
                    goal.level, goal.level_stated = level, stated
            else:
                report.goals.append(Goal(code=None, title=title.rstrip(), level=level, line=line, area=area_name,
                                         level_stated=stated))
        for goal in report.goals:
            if goal.parent is not None and report.goals[goal.parent].area and not goal.area:
                goal.area = report.goals[goal.parent].area

        report.notes = sorted(self.notes, key=lambda n: n.line)
        report.unplaced = self.unplaced(report, goal_nodes)
        if self.problems:
            raise ReportReadError(self.source, sorted(self.problems, key=lambda p: p.line))
        return report

    def read_goal_tables(self, index: int, report: ReadReport) -> None:
        """Goals listed as rows of a table, each with its grade in a cell ("Mål | Bedömning |
        Kommentar"), under an area heading or in a chapter of their own."""
        node = self.nodes[index]
        above = [self.nodes[n] for n in self.ancestors(index)]
        area = next((n.title for n in above if n.is_area), None)
        chapter_level = next((n.group_level for n in above if n.group_level), None)
        position = 0
        while position < len(node.body):
            line, raw = node.body[position]
            position += 1
            header = goal_table_header(raw)
            if header is None:
                continue
            fields, header_level = header
            self.table_lines.add(line)
            while position < len(node.body):
                row_line, row = node.body[position]
                if not row.strip() or row == "\f" or goal_table_header(row) is not None:
                    self.table_lines.add(row_line)  # blank, page break or the header repeated
                    position += 1
                    continue
                if "\t" not in row:
                    break
                self.table_lines.add(row_line)
                position += 1
                self.read_goal_row(row_line, row, fields, header_level or chapter_level, area, report)

    def read_goal_row(self, line: int, row: str, fields: list[str], header_level: str | None, area: str | None,
                      report: ReadReport) -> None:
        cells = {name: cell if name == "comment" else single_value(cell)
                 for name, cell in _fields_of(fields, row.split("\t")).items()}
        title = collapse_spaces(strip_markdown(cells.get("goal", "")))
        code = cells.get("code") or None
        numbered = _NUMBERED.match(title) if not code else None
        if numbered:
            code, title = numbered.group(1), numbered.group(2).strip()
        if not title:
            self.problem(line, "Raden i måltabellen saknar målets text.")
            return
        stated_level = _LEVEL_WORDS.get(cells.get("level", "").lower()) or header_level
        level = stated_level or self.goal_level
        goal = Goal(code=code, title=title, level=level, line=line, area=area, level_stated=stated_level is not None,
                    comment=join_fragments([cells.get("comment", "")]))
        printed_grade = cells.get("grade", "")
        if printed_grade:
            self.read_grade(goal, line, printed_grade, printed_grade, phrase=True)
        report.goals.append(goal)

    def unplaced(self, report: ReadReport, goal_nodes: set[int]) -> list[Note]:
        """What looked like goals, grades or activity tables but was not read as such, for
        a report that yields no goals or no activities (ReadReport.unplaced)."""
        found: list[Note] = []
        if not report.goals:
            for index, node in enumerate(self.nodes):
                if index in goal_nodes or node.is_area or node.number is None or (node.depth < 2 and not node.level):
                    continue
                found.append(Note(node.line, "ej placerad", (
                    f"Rubriken »{node.code} {node.title}« ser ut som ett mål men lästes inte som ett: under den "
                    "står varken en bedömning eller en aktivitetstabell, och den står inte under ett fokus- eller "
                    "målområde."), self.line_text(node.line)))
            for node in self.nodes:
                for line, raw in node.body:
                    if raw.strip() and raw != "\f" and grade_text(heading_text(raw)) is not None:
                        found.append(Note(line, "ej placerad", "En bedömning som inte står under något mål.", raw))
        if not report.activities:
            block: list[tuple[int, str]] = []
            for number, raw in enumerate(self.lines + [""], start=1):
                if "\t" in raw and len([c for c in raw.split("\t") if c.strip()]) >= 2 and number not in self.table_lines:
                    block.append((number, raw))
                    continue
                if len(block) >= 2:
                    found.append(self.unread_table(block))
                block = []
        return sorted(found, key=lambda n: n.line)

    @staticmethod
    def unread_table(block: list[tuple[int, str]]) -> Note:
        first, header = block[0]
        cells = [single_value(cell).strip() for cell in header.split("\t") if cell.strip()]
        unknown = [cell for cell in cells if _column_of(cell) is None]
        if "title" not in [_column_of(cell) for cell in cells]:
            why = "ingen kolumn anger aktivitetens namn (Aktivitet, Aktiviteter, Åtgärd, Insats)"
        else:
            why = f"kolumnerna {', '.join(f'»{cell}«' for cell in unknown)} känns inte igen"
        return Note(first, "ej placerad", (
            f"En tabell på raderna {first}–{block[-1][0]} lästes inte som aktiviteter: {why}. Rubrikraden: "
            f"»{' | '.join(cells)}«. Kända kolumner: Aktivitet, Ansvarig, Start, Slut, Status, Kommentar och "
            "deras vanliga synonymer (Åtgärd, Ansvar, Startdatum, Klart, Läge, Analys …)."), header)

    def title(self) -> str:
        # The title stands among the first lines: the one that names the report
        # ("Delårsrapport per 31 augusti 2024") over the organisation's name above it.
        opening = [heading_text(raw) for raw in self.lines if raw.strip() and raw.strip() != "\f"][:_TITLE_LINES]
        named = [line for line in opening if _REPORT_TITLE.search(line) and len(line) <= _TITLE_LENGTH
                 and not ends_sentence(line) and "\t" not in line and not _NUMBERED.match(line)]
        if named:
            return collapse_spaces(named[0])
        for node in self.nodes[1:]:
            if node.markdown and node.number is None and node.title:
                return node.title
        for node in self.nodes[1:]:
            if node.title and not node.is_area:
                return node.title
        for raw in self.lines:
            if raw.strip():
                return collapse_spaces(raw)
        return self.source


def markdown_heading(line: str) -> str | None:
    """The text of a markdown heading ("## 2.1 Mål ##" → "2.1 Mål"), None for another line."""
    marks = _MARKDOWN_HEADING_MARKS.match(line)
    if marks is None:
        return None
    return line[marks.end():].rstrip().rstrip("#").rstrip()


def heading_text(line: str) -> str:
    """A line's text without markdown heading marks and emphasis."""
    stripped = line.strip()
    heading = markdown_heading(stripped)
    return strip_markdown(stripped if heading is None else heading).strip()


# Words a title or sentence does not end on: a line ending in one goes on in the next.
_WORDS_THAT_GO_ON = {
    "och", "eller", "samt", "i", "för", "kring", "med", "av", "till", "om", "att", "på", "inom", "som",
    "en", "ett", "det", "den", "de", "från", "mot", "under", "över", "efter", "vid", "genom", "utifrån", "hos",
}


def blank_lines_part_paragraphs(lines: list[str]) -> bool:
    """Whether the text's blank lines tell its paragraphs: a text export has wrapped
    lines side by side and blank lines between paragraphs. A flattened PDF has no blank
    line at all, and a Word file written line by line has one after every line; in those
    the paragraphs must be told from the lines themselves (continues_line)."""
    filled = [index for index, line in enumerate(lines) if line.strip() and line.strip() != "\f"]
    if len(filled) < 10:
        return True
    followed_by_blank = sum(1 for index in filled if index + 1 < len(lines) and not lines[index + 1].strip())
    share = followed_by_blank / len(filled)
    return 0.05 <= share <= 0.95


def continues_line(previous: str, line: str) -> bool:
    """Whether a line goes on with the one before rather than beginning a paragraph of its
    own: it begins in lower case after a line that does not end a sentence, or the line
    before breaks off at a comma or on a word no title or sentence ends on."""
    if not previous or ends_sentence(previous) or _BULLET.match(previous) or _DATES_ONLY.match(previous):
        return False
    if normalise_status(previous) or _BULLET.match(line):
        return False
    first = line[0]
    if first.isalpha() and first.islower():
        return True
    last_word = previous.split()[-1].lower()
    return previous.endswith(",") or last_word in _WORDS_THAT_GO_ON


def text_lines_has_prose(text_lines: list[tuple[int, str]]) -> bool:
    """Whether analysis text already began (a grade line comes before the analysis)."""
    return any(raw.strip() and raw.strip() != "\f" for _, raw in text_lines)


def _joined_lines(parts: list[str]) -> str:
    """A title's lines as one text: a line broken after a slash goes on without a space
    ("nya platser/" / "medier", as a person reads it), any other break is a space."""
    text = ""
    for part in parts:
        text = f"{text}{part}" if text.endswith("/") and not text.endswith(" /") else f"{text} {part}".lstrip()
    return text


def _title_rest(rest: list[dict], paragraph: int) -> tuple[list[dict], dict | None]:
    """What follows a line of title and dates before the activity's text: the lines of
    the title that go on in its paragraph (no status among them), and one unit line
    ("• HR och Kommunikation") after them. Two bullet lines in a row are a list in the
    activity's text, no unit (a status printed after a dot is no list item)."""
    more = []
    for token in rest:
        if (token["paragraph"] != paragraph or token["kind"] != "text"
                or normalise_status(token["text"]) or looks_like_status(token["text"])):
            break
        more.append(token)
    after = rest[len(more):]
    if not after or after[0]["kind"] != "unit":
        return more, None
    if len(after) > 1 and after[1]["kind"] == "unit":
        following = _BULLET.match(after[1]["text"]).group(1)
        if not (normalise_status(following) or looks_like_status(following)):
            return more, None  # a list, unless the next "bullet" is the status's coloured dot
    return more, after[0]


def token_paragraphs(tokens: list[dict]) -> list[str]:
    paragraphs: dict[int, list[str]] = {}
    for token in tokens:
        paragraphs.setdefault(token["paragraph"], []).append(token["text"])
    return [" ".join(parts) for parts in paragraphs.values()]


def join_fragments(fragments: list[str]) -> str:
    """Cell text continued over rows: each fragment to plain text, then one text."""
    texts = [html_to_text(fragment) for fragment in fragments if fragment.strip()]
    return collapse_newlines(" ".join(texts))


def collapse_newlines(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def clean_activity_title(printed: str) -> str:
    """The activity's name without markup or footnote marks (»Projekt X *«)."""
    title = collapse_spaces(html_to_text(strip_markdown(printed)))
    return re.sub(r"\s*\*+$", "", title).strip()


def read_report(
    text: str,
    source: str,
    *,
    goal_level: str = "KS",
    status_aliases: dict[str, str] | None = None,
) -> ReadReport:
    """Read one report's text.

    goal_level: the level (KF or KS) of goals that the report's numbering does not nest
    under other goals; nested goals are KS under KF regardless.
    status_aliases: printed status words outside the vocabulary, mapped to canonical
    statuses by a person (recorded as interpretations, never guessed by the reader).
    Raises ReportReadError listing every line that cannot be read.
    """
    return _Reader(text, source, goal_level, status_aliases or {}).read()

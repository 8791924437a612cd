"""The text of a PDF, rebuilt from its layout for the general reader.

A PDF holds no paragraphs and no tables, only words at positions and the lines and
boxes drawn between them. This module reads what a person reads off the pages and
writes it as the text the reader (tertial.reader) reads, the same text the Word path
gives:

- characters (pdfminer's, as pdfplumber parses a page) make words and lines by their
  position;
  lines make paragraphs, a blank line where the gap between two lines is wider than the
  document's usual line spacing; a line in a larger font is a heading ('#' per size,
  largest first) and a heading wrapped over lines is one line, as is a numbered title
  ("1.3.2 Öka takten ...") in the body's font wrapped at the right margin;
- tables are found by their ruling lines (pdfplumber's lines strategy; a shaded
  background, a zebra stripe, is no rule) and, without rules, by alignment under an
  activity- or goal-table header row whose column names stand apart (their x positions
  are the columns; a name may take two or three lines, or be broken mid-word by a
  narrow column); each table is written in its place as tab-separated rows, header row
  first; a cell's lines are one cell text, and a cell merged down over rows is each
  row's; an activity table whose header names no status column (the status stands in
  a row of one cell under each activity) is written as activity blocks, each cell
  paragraph a paragraph;
- a header row printed as a frame of its own over the body's (LibreOffice) is one table
  with it; grids and rows with no word in them are left out;
- a table that goes on over a page break, with or without its header row repeated, is
  one table: its rows on the next page follow with the header written again, and a row
  split by the break (its rest at the top of the next page) is joined to its row; a
  repeated header row is never that rest, and tells the table goes on even where the
  next page set the columns a little apart; a header row alone at a page's foot goes
  with the table that begins the next page; a cell merged down that goes on over the
  break, printed empty in the continued table's first rows, is read on there with a
  note, where the page before shows the merge or the document merges that column
  (_carry_merged_cells);
- a line break after a hyphen, in a cell or a paragraph, is read as a person reads it
  (join_line_break): a date "2023-12-" / "21" goes on without a space, a hyphenated
  word "utveck-" / "lingsarbete" loses the hyphen, "miljö-" / "och" stays as printed,
  and in a cell an abbreviation's compound "BUE-" / "gård" is "BUE-gård";
- running headers and footers (the same text at the same place at the top or bottom of
  most pages: Chromium's date, title, address and "3/11", a Word header, "Sida 8 av 11")
  are left out, as the Word path leaves them out; a paragraph a page break tore apart
  goes on, one that ended on the page ends there;
- table-of-contents lines (title, dot leaders, page number) are left out.
"""

from __future__ import annotations

import bisect
import logging
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pdfplumber.table import TableFinder, TableSettings

from tertial.reader import continues_line, goal_table_header, grade_text, is_column_name, table_header
from tertial.vocabulary import MONTHS, looks_like_grade, looks_like_status

# A line whose font is this much larger than the body text is a heading.
_HEADING_RATIO = 1.15
# Running headers and footers sit within this share of the page height from its edge.
_MARGIN_BAND = 0.15
# ... and recur on at least this share of the pages (and on two pages at least).
_RUNNING_SHARE = 0.4
# A filled box thicker than this (in points) both ways is a background, not a rule.
_RULE_THICKNESS = 3.0
# Column names of a table without rules stand at least this many ems apart.
_COLUMN_GAP_EMS = 1.0
# ... or, where no name stands apart that far, at least this many.
_NARROW_COLUMN_GAP_EMS = 0.6
# A cell's paragraphs stand apart by the document's paragraph spacing, which can be a
# little more than a line's height (a Word style's space after); text after a table
# stands further off, or begins in the first column.
_CELL_PARAGRAPH_GAP_EMS = 1.5
_TOC_LINE = re.compile(r"^\S.*?(?:\s?\.){4,}\s*\d{1,3}$|^\S.*?…{2,}\s*\d{1,3}$")
_PAGE_NUMBER = re.compile(r"^(?:sida\s+)?\d+\s*(?:av|/)\s*\d+$", re.IGNORECASE)
_DATE_START = re.compile(r"^\d{4}-")
# A paragraph that begins with a goal's or a section's number: "1.3.2 Öka takten ...".
_NUMBERED_TITLE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+\S")
# Words after a line-end hyphen that show the hyphen is printed, not a word broken in
# two: "miljö- och klimatarbete", "vård- nu börjar".
_AFTER_PRINTED_HYPHEN = {
    "och", "eller", "samt", "resp", "respektive", "som", "till", "men", "utan", "nu", "i", "på", "av",
    "för", "med", "om", "att", "en", "ett", "de", "den", "det", "är", "så", "&",
}
_ROW_ANCHORS = ("status", "start_date", "end_date", "code", "grade")
_GOAL_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?$")
# A word in capitals before a line-end hyphen: an abbreviation, which Swedish joins to
# the rest of a compound by a hyphen and no space ("BUE-gård", "IT-stöd", "LSS-boende").
_ABBREVIATION_END = re.compile(r"([^\W\d_]{2,})-$")
# Words a hyphen joins into a range ("oktober-december"), never into one word.
_RANGE_WORDS = set(MONTHS) | {"måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"}
# Marks that close what stands before them: a cell line never begins with one after a
# space ("november" / ".").
_CLOSING_MARKS = ".,;:!?)"

# pdfminer logs every oddity of a file (a font without widths, a bad object) as a
# warning; what matters to the person uploading is said in the notes or the error.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    colour: tuple[float, float, float] | None = None  # its first letter's fill, as RGB

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def size(self) -> float:
        """The size most of the line's letters are printed in."""
        weights: Counter[float] = Counter()
        for w in self.words:
            weights[round(w.size * 2) / 2] += len(w.text)
        return weights.most_common(1)[0][0]

    @property
    def text(self) -> str:
        return words_text(self.words)


@dataclass
class Table:
    rows: list[list[str]]
    columns: list[float]  # the left edge of each column
    top: float
    bottom: float
    ruled: bool
    header: list[str] | None = None  # the header row, where the table (or the one it continues) has one
    continues: bool = False  # the rest of the previous page's last table
    # Cells merged down over rows: (column, the rows it spans, first to last), each row
    # with the merged cell's text in that column.
    merged_down: list[tuple[int, list[list[str]]]] = field(default_factory=list)
    # column → the text of a cell merged down over rows that runs on past the table's foot
    carried: dict[int, str] = field(default_factory=dict)
    # Cells empty at the top of a continued table that were read as the merged cell
    # above the page break going on: (row, column), for a note on the row's line.
    read_on: list[tuple[list[str], int]] = field(default_factory=list)


@dataclass
class PageText:
    """One page: its text lines and tables in reading order, and how much text it has."""

    number: int
    height: float
    blocks: list[Line | Table]
    letters: int
    reading_lines: list[str] = field(default_factory=list)  # every word, line by line, no tables


@dataclass
class Composed:
    text: str
    toc_lines: int = 0
    running_lines: list[tuple[int, str]] = field(default_factory=list)  # (page, text) left out
    flattened_tables: list[int] = field(default_factory=list)  # pages with a header but no columns
    line_pages: list[int] = field(default_factory=list)  # the page of each line of text
    cell_breaks: list[tuple[int, int]] = field(default_factory=list)  # (0-based line, column): a line break in a cell
    # Those of cell_breaks after a line one word filled (CellText.full): a word too wide
    # for its cell may have been broken there.
    full_breaks: list[tuple[int, int]] = field(default_factory=list)
    # (0-based line, message): a merged cell read on over a page break (_carry_merged_cells).
    carried_cells: list[tuple[int, str]] = field(default_factory=list)


def words_text(words: list[Word]) -> str:
    """Words of one line as text: a space where the page shows one (words split by a
    change of font touch)."""
    parts: list[str] = []
    previous: Word | None = None
    for word in words:
        if previous is not None and word.x0 - previous.x1 > 0.1 * min(word.size, previous.size):
            parts.append(" ")
        parts.append(word.text)
        previous = word
    return "".join(parts)


def join_line_break(before: str, after: str, *, cell: bool = False) -> str:
    """Two pieces of text that a line break separated, as one text, the way a person
    reads them (and the way the reader reads a text export broken at the same place):

    - a word hyphenated at the line end loses the hyphen: "utveck-" / "lingsarbete";
    - a number or a date goes on without a space: "2023-12-" / "21", "2023–" / "2024",
      "2024-01" / "-31";
    - a name joined by a hyphen too: "Kvarngatan-" / "Dysjön", and a number's word:
      "60-" / "tal";
    - an address, or a word with a slash in it, goes on as printed: "Övningskolor/" /
      "förskolor", "https://torsta.se/dis-" / "dynamiskt";
    - in a table cell, an abbreviation's compound keeps its hyphen and no space: "BUE-" /
      "gård", "IT-" / "stöd" (cell=True). A text export has a cell on one line, so a
      break inside a cell is the layout's alone and reads as a person reads it; in
      running text the export breaks its lines where the document did and the reader
      reads "NPF-" / "utbildning" there as "NPF- utbildning", and so does this;
    - a printed hyphen keeps its space: "miljö-" / "och klimatarbete";
    - any other break is a space.
    A soft hyphen (U+00AD) at the line end is always a hyphenated word.
    """
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return before or after
    last, first = before.split()[-1], after.split()[0]
    if last.endswith("\u00ad"):
        return before[:-1] + after
    if last[-1].isdigit() and len(first) >= 2 and first[0] in "-‐–" and first[1].isdigit():
        return before + after  # a date broken before its hyphen: "2024-01" / "-31"
    if len(last) < 2 or last[-1] not in "-‐–—/":
        return f"{before} {after}"
    if last[-1] == "/" or any(mark in last for mark in ("://", "www.", "@")) or "/" in last[:-1]:
        return before + after
    if first[0].isdigit() and last[-2].isdigit():
        return before + after
    leading_word = re.match(r"[^\W\d_]*", first).group().lower()
    if last[-2].isdigit() and last[-1] in "-‐" and first[0].islower() and leading_word not in _AFTER_PRINTED_HYPHEN:
        return before + after  # a number's compound keeps its hyphen: "60-" / "tal", "3-" / "årig"
    if last[-1] in "–—":
        return before + after if first[0].isdigit() else f"{before} {after}"
    if first[0].isupper() and last[-2].isalpha():
        return before + after
    if cell and _abbreviation_compound(last, first, leading_word):
        return before + after  # "BUE-" / "gård" in a cell is "BUE-gård"
    hyphenated = (
        last[-2].isalpha() and last[-2].islower() and len(last) >= 3
        and first[0].isalpha() and first[0].islower()
        and leading_word not in _AFTER_PRINTED_HYPHEN
    )
    if hyphenated and _printed_hyphen_between_words(last[:-1], leading_word):
        return before + after
    return before[:-1] + after if hyphenated else f"{before} {after}"


def _abbreviation_compound(last: str, first: str, leading_word: str) -> bool:
    """A line ending in an abbreviation and a hyphen ("BUE-", "(LSS-") and a line going
    on in lower case with no conjunction or other word a printed hyphen stands before
    ("och", "eller"): Swedish writes such a compound with the hyphen and no space."""
    abbreviation = _ABBREVIATION_END.search(last)
    return (bool(abbreviation) and abbreviation.group(1).isupper() and first[0].isalpha() and first[0].islower()
            and leading_word not in _AFTER_PRINTED_HYPHEN)


def _printed_hyphen_between_words(head: str, tail: str) -> bool:
    """A range of months or weekdays ("oktober-" / "december", "måndag-" / "fredag"): the
    hyphen is the text's own. Other words joined by a hyphen at a line end cannot be told
    from a word hyphenated by the layout ("arbetsmiljö-" / "arbetet": the word list lacks
    most compounds), and are read as one word, as before."""
    head_word = re.search(r"[^\W\d_]+$", head)
    return bool(head_word) and head_word.group().lower() in _RANGE_WORDS and tail in _RANGE_WORDS


# -- one page ---------------------------------------------------------------------------------


def read_page(page, number: int) -> PageText:
    """A pdfplumber page as lines and ruled tables (tables without rules are found later,
    once running headers are known).

    The page's characters and rules are taken from pdfminer's objects as pdfplumber
    parses them (page.layout), without pdfplumber's conversion of every character into a
    dictionary of all its attributes: that conversion took a third of the time, and
    only position, size and text are used here. pdfplumber finds the tables.
    """
    from pdfminer.layout import LTChar, LTContainer, LTCurve

    height = float(page.height)
    left, top_offset = float(page.mediabox[0]), float(page.mediabox[1])
    chars: list[tuple] = []  # (top, bottom, x0, x1, text, size, colour)
    edges: list[dict] = []
    marks: list[_Mark] = []
    pending = list(page.layout)
    while pending:
        item = pending.pop()
        if isinstance(item, LTChar):
            if item.upright:
                chars.append((height - item.y1 + top_offset, height - item.y0 + top_offset,
                              item.x0 + left, item.x1 + left, item.get_text(), item.size,
                              getattr(item.graphicstate, "ncolor", None)))
        elif isinstance(item, LTCurve):  # rectangles and lines are curves too
            if not _is_background(item):
                edges.extend(_rules(item, height, left, top_offset))
            mark = _mark(item, height, left, top_offset)
            if mark is not None:
                marks.append(mark)
        elif isinstance(item, LTContainer):
            pending.extend(item)
    words = _words(chars)
    if marks:
        words += _bullets(marks, words)
    letters = sum(sum(ch.isalnum() for ch in w.text) for w in words)
    reading_lines = [line.text for line in _lines(words)]
    blocks: list[Line | Table] = []
    free = words
    if edges:
        settings = TableSettings.resolve({
            "vertical_strategy": "lines", "horizontal_strategy": "lines",
            "explicit_horizontal_lines": _open_table_edges(edges),
        })
        for found in TableFinder(_Rules(edges, page.bbox), settings).tables:
            tables, free = _ruled_tables(found, free)
            blocks.extend(tables)
    blocks.extend(_lines(free))
    blocks.sort(key=lambda block: block.top)
    return PageText(number=number, height=height, blocks=blocks, letters=letters, reading_lines=reading_lines)


@dataclass
class _Rules:
    """What pdfplumber's TableFinder needs of a page: its rules as edges, and its box."""

    edges: list[dict]
    bbox: tuple[float, float, float, float]


def _is_background(item) -> bool:
    """A filled area with no outline, wider and taller than a rule: a shaded header row,
    a zebra stripe, a coloured cell or a status mark. Its edges separate nothing a person
    reads as columns (a header shaded cell by cell would make a table of one row, and the
    rows under it, ruled by light lines only or not at all, would be left as text); a
    rule drawn as a thin filled box (Word, LibreOffice, Chromium do so) stays a rule."""
    if not item.fill or item.stroke:
        return False
    x0, y0, x1, y1 = item.bbox
    return min(x1 - x0, y1 - y0) > _RULE_THICKNESS


def _rules(item, height: float, left: float, top_offset: float) -> list[dict]:
    """The horizontal and vertical strokes of a drawn line, rectangle or path, as
    pdfplumber's edges."""
    from pdfminer.layout import LTRect

    points = [(x + left, height - y + top_offset) for x, y in item.pts]
    if isinstance(item, LTRect):
        points.append(points[0])
    edges = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 0.5:
            orientation = "h"
        elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 0.5:
            orientation = "v"
        else:
            continue
        a, b = min(x0, x1), max(x0, x1)
        top, bottom = min(y0, y1), max(y0, y1)
        edges.append({"object_type": "rule_edge", "orientation": orientation, "x0": a, "x1": b,
                      "width": b - a, "top": top, "bottom": bottom, "height": bottom - top,
                      "doctop": top})
    return edges


def _words(chars: list[tuple]) -> list[Word]:
    """Characters (top, bottom, x0, x1, text, size, colour) as words: the same line, and no space
    nor gap wider than a sixth of the letter size between them."""
    words: list[Word] = []
    chars.sort(key=lambda c: c[0] + c[1])
    line: list[tuple] = []
    anchor = 0.0

    def flush() -> None:
        line.sort(key=lambda c: c[2])
        current: list[tuple] = []
        for char in line:
            if char[4].isspace():
                if current:
                    words.append(_word(current))
                    current = []
                continue
            if current and char[2] - current[-1][3] > 0.16 * min(char[5], current[-1][5]):
                words.append(_word(current))
                current = []
            current.append(char)
        if current:
            words.append(_word(current))

    for char in chars:
        middle = (char[0] + char[1]) / 2
        if line and middle - anchor > 0.35 * min(char[5], line[0][5] or char[5]):
            flush()
            line = []
        if not line:
            anchor = middle
        line.append(char)
    if line:
        flush()
    return words


def _word(chars: list[tuple]) -> Word:
    return Word(
        text="".join(c[4] for c in chars),
        x0=chars[0][2], x1=max(c[3] for c in chars),
        top=min(c[0] for c in chars), bottom=max(c[1] for c in chars),
        size=max(c[5] for c in chars),
        colour=_rgb(chars[0][6]) if len(chars[0]) > 6 else None,
    )


# -- list bullets drawn as shapes ----------------------------------------------------------------

# A bullet drawn as a shape is at most this big (points): larger filled shapes are
# boxes, pills and bars.
_MARK_MAX = 9.0
# ... and, beside the word it stands before, between these shares of the letter size.
_MARK_TO_LETTER = (0.15, 0.6)


@dataclass
class _Mark:
    """A small filled shape: a dot or a square, perhaps a list item's bullet."""

    top: float
    bottom: float
    x0: float
    x1: float
    colour: tuple[float, float, float] | None

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _mark(item, height: float, left: float, top_offset: float) -> _Mark | None:
    """A drawn shape that may be a bullet: filled, small and about as wide as high."""
    if not getattr(item, "fill", False):
        return None
    width, tall = item.x1 - item.x0, item.y1 - item.y0
    if not (0.5 <= width <= _MARK_MAX and 0.5 <= tall <= _MARK_MAX and 0.6 <= width / tall <= 1.6):
        return None
    return _Mark(top=height - item.y1 + top_offset, bottom=height - item.y0 + top_offset,
                 x0=item.x0 + left, x1=item.x1 + left, colour=_rgb(getattr(item, "non_stroking_color", None)))


def _rgb(colour) -> tuple[float, float, float] | None:
    """A PDF fill colour (grey, RGB or CMYK) as RGB; None for a pattern or none given."""
    if isinstance(colour, (int, float)):
        return (float(colour),) * 3
    if not isinstance(colour, (tuple, list)) or not all(isinstance(c, (int, float)) for c in colour):
        return None
    if len(colour) == 1:
        return (float(colour[0]),) * 3
    if len(colour) == 3:
        return tuple(float(c) for c in colour)
    if len(colour) == 4:
        c, m, y, k = colour
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _bullet_colour(mark: _Mark, word: Word) -> bool:
    """A bullet is drawn in the text's colour, or in black or grey. A coloured dot before
    black text is a sign (a status or a grade as a traffic light), no list item."""
    if mark.colour is None:
        return False
    if max(mark.colour) - min(mark.colour) <= 0.08:
        return True
    return word.colour is not None and all(abs(a - b) <= 0.08 for a, b in zip(mark.colour, word.colour))


def _bullets(marks: list[_Mark], words: list[Word]) -> list[Word]:
    """The list bullets a page draws as shapes, as "•" words: a small filled dot or square
    in the text's colour, centred on a line's letters just left of its first word, as
    Chromium and pdfmake draw the bullets of a list (no bullet character in the text
    layer). So the line reads "• text", as in the text export and the Word file."""
    by_middle = sorted(words, key=lambda w: w.middle)
    middles = [w.middle for w in by_middle]
    tallest = max((w.bottom - w.top for w in words), default=0.0)
    bullets: list[Word] = []
    for mark in marks:
        lo = bisect.bisect_left(middles, mark.middle - tallest)
        hi = bisect.bisect_right(middles, mark.middle + tallest)
        line = [w for w in by_middle[lo:hi] if w.top <= mark.middle <= w.bottom]
        after = [w for w in line if w.x0 >= mark.x1 - 0.5]
        if not after:
            continue
        first = min(after, key=lambda w: w.x0)
        size = first.size
        low, high = _MARK_TO_LETTER
        if not (low * size <= mark.bottom - mark.top <= high * size and first.x0 - mark.x1 <= 1.5 * size):
            continue
        if abs(mark.middle - first.middle) > 0.3 * size or not _bullet_colour(mark, first):
            continue
        # Words just before it or over it: a dot inside a line of text, not a line's bullet.
        if any(w.x1 > mark.x0 - size and w.x0 < mark.x1 - 0.5 for w in line if w is not first):
            continue
        bullets.append(Word(text="•", x0=mark.x0, x1=mark.x1, top=first.top, bottom=first.bottom, size=size,
                            colour=first.colour))
    return bullets


def _open_table_edges(edges: list[dict]) -> list[dict]:
    """Rules to close a table where the page cut it: the column rules run on to the page
    break and stop there, with no rule across (Chromium draws a row split by a page
    break so, at the bottom of one page or the top of the next)."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    closing = []
    for end in ("top", "bottom"):
        by_height: dict[int, list[dict]] = defaultdict(list)
        for edge in verticals:
            by_height[round(edge[end])].append(edge)
        for height, group in by_height.items():
            if len({round(e["x0"]) for e in group}) < 3:
                continue  # fewer than two columns' rules end here
            x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
            if any(abs(h["top"] - height) <= 3 and h["x0"] <= x0 + 3 and h["x1"] >= x1 - 3 for h in horizontals):
                continue
            closing.append({"object_type": "closing_edge", "orientation": "h", "x0": x0, "x1": x1,
                            "width": x1 - x0, "top": float(height), "bottom": float(height), "height": 0.0,
                            "doctop": float(height)})
    return closing


def _lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines: the same vertical middle, give or take a third of the
    letter height (a symbol in another font sits a little higher or lower)."""
    lines: list[Line] = []
    current: list[Word] = []
    anchor = 0.0
    for word in sorted(words, key=lambda w: w.middle):
        if current and word.middle - anchor > 0.35 * min(word.size, current[0].size):
            lines.append(Line(sorted(current, key=lambda w: w.x0)))
            current = []
        if not current:
            anchor = word.middle
        current.append(word)
    if current:
        lines.append(Line(sorted(current, key=lambda w: w.x0)))
    return lines


def _ruled_tables(found, words: list[Word]) -> tuple[list[Table], list[Word]]:
    """The tables found by one set of rules, their cells filled with the words inside
    them; the words outside them are returned for the page's text.

    Rules that touch make one frame for pdfplumber: two tables printed back to back
    (under one goal, with other column widths) come as one grid with the columns of
    both, each row empty in the other's columns. So the frame's rows are grouped by
    their own cells' edges: a row with an edge its group does not have begins a new
    table, while a row with fewer edges (a cell merged over columns) stays in its group.
    """
    rows = [[cell for cell in row.cells if cell is not None] for row in found.rows]
    rows = [row for row in rows if row]
    if max((len(row) for row in rows), default=0) < 2:
        return [], words  # a framed paragraph, not a table
    x0, top, x1, bottom = found.bbox
    inside, outside = [], []
    for word in words:
        middle_x = (word.x0 + word.x1) / 2
        (inside if x0 <= middle_x <= x1 and top <= word.middle <= bottom else outside).append(word)
    placed: set[int] = set()
    tables = []
    for group in _grid_groups(rows):
        table = _grid_table(group, inside, placed)
        if table is not None:
            tables.append(table)
    # Words inside the frame but in no cell (a caption drawn over it) stay in the text.
    outside += [word for word in inside if id(word) not in placed]
    return tables, outside


_EDGE_TOLERANCE = 2.0


def _edges_of(row: list[tuple]) -> list[float]:
    return sorted({cell[0] for cell in row} | {cell[2] for cell in row})


def _has_edge(edges: list[float], x: float) -> bool:
    return any(abs(edge - x) <= _EDGE_TOLERANCE for edge in edges)


def _grid_groups(rows: list[list[tuple]]) -> list[list[list[tuple]]]:
    """Rows (each its cells' boxes, left to right) grouped into tables of one grid."""
    groups: list[list[list[tuple]]] = []
    edges: list[float] = []
    for row in rows:
        own = _edges_of(row)
        if groups and all(_has_edge(edges, x) for x in own):
            groups[-1].append(row)
            continue
        if groups and len(groups[-1]) == 1 and len(own) > len(edges) and all(_has_edge(own, x) for x in edges):
            # The group so far is one row merged over the columns (a caption row): the
            # columns come with the next row.
            groups[-1].append(row)
            edges = own
            continue
        groups.append([row])
        edges = own
    return groups


def _grid_table(rows: list[list[tuple]], inside: list[Word], placed: set[int]) -> Table | None:
    lefts: list[float] = []
    for x in sorted(cell[0] for row in rows for cell in row):
        if not _has_edge(lefts, x):
            lefts.append(x)
    if len(lefts) < 2:
        return None

    def column_of(cell: tuple) -> int:
        return min(range(len(lefts)), key=lambda i: abs(lefts[i] - cell[0]))

    tops = [min(cell[1] for cell in row) for row in rows]
    own_bottoms = [min(cell[3] for cell in row) for row in rows]  # where a row's shortest cell ends
    texts: list[list[str]] = []
    # Cells merged down over the rows below (column, bottom, text, the rows it spans): a
    # row boundary is where the other columns have their rule, and the merged cell's
    # value is read in each row it spans, as a person reads it. Every one found, and
    # those still open at the row being read.
    merges: list[tuple[int, float, str, list[list[str]]]] = []
    still_open: list[tuple[int, float, str, list[list[str]]]] = []
    for index, row in enumerate(rows):
        contents: list[list[Word]] = [[] for _ in lefts]
        row_top = tops[index]
        row_bottom = max(cell[3] for cell in row)
        merges_here = _merges_down(index, tops, own_bottoms, row_bottom)
        for word in inside:
            if id(word) in placed or not row_top <= word.middle <= row_bottom:
                continue
            middle_x = (word.x0 + word.x1) / 2
            for cell in row:
                # A row with a cell merged down: each cell takes only the words in its own
                # box, never those of the rows below it in the other columns.
                if cell[0] <= middle_x <= cell[2] and (not merges_here or cell[1] <= word.middle <= cell[3]):
                    contents[column_of(cell)].append(word)
                    placed.add(id(word))
                    break
        boxes: list[tuple[float, float] | None] = [None] * len(lefts)
        for cell in row:
            boxes[column_of(cell)] = (cell[0], cell[2])
        cells = [_cell_text(content, box) for content, box in zip(contents, boxes)]
        present = {column_of(cell) for cell in row}
        if any(cells):
            for column, bottom, text, spanned in still_open:
                if column not in present and bottom > row_top + _EDGE_TOLERANCE:
                    cells[column] = text
                    spanned.append(cells)
        still_open = [entry for entry in still_open if entry[1] > own_bottoms[index] + _EDGE_TOLERANCE]
        if merges_here:
            for cell in row:
                if cell[3] > own_bottoms[index] + _EDGE_TOLERANCE:
                    still_open.append((column_of(cell), cell[3], cells[column_of(cell)], [cells]))
                    merges.append(still_open[-1])
        texts.append(cells)
    top = min(cell[1] for cell in rows[0])
    bottom = max(cell[3] for cell in rows[-1])
    names = [_header_name(_cell_lines(cell)) for cell in texts[0]]
    header = names if table_header("\t".join(names)) else None
    if header:
        texts[0] = header
    # A merged cell that runs on to the table's foot may go on on the next page.
    carried = {column: text for column, cell_bottom, text, _ in merges if cell_bottom >= bottom - _EDGE_TOLERANCE}
    return Table(rows=texts, columns=lefts, top=top, bottom=bottom, ruled=True, header=header,
                 merged_down=[(column, spanned) for column, _, _, spanned in merges], carried=carried)


# A row lower than this holds no line of text: a sliver between the boxes a program drew
# round a cell and round its padding, not a row of the table.
_MIN_ROW_HEIGHT = 6.0


def _merges_down(index: int, tops: list[float], own_bottoms: list[float], bottom: float) -> bool:
    """Whether a row whose cells end at different heights has a cell merged down over
    the rows below it: each row the taller cell reaches begins where this row's other
    cells end, and is a row of text of its own. Cells ending at different heights over
    slivers or boxes inside each other are how some programs draw a cell's padding."""
    if bottom <= own_bottoms[index] + _EDGE_TOLERANCE or own_bottoms[index] - tops[index] < _MIN_ROW_HEIGHT:
        return False
    below = index + 1
    while below < len(tops) and tops[below] < bottom - _EDGE_TOLERANCE:  # rows come top to bottom
        if tops[below] < own_bottoms[index] - _EDGE_TOLERANCE or own_bottoms[below] - tops[below] < _MIN_ROW_HEIGHT:
            return False
        below += 1
    return below > index + 1


class CellText(str):
    """A cell's text that remembers where a line break became a space (the index of each
    such space): there a narrow column may have broken a word without a hyphen
    ("Hemtjäns" / "t Öster"), which tertial.split_words joins by vocabulary; and where a
    paragraph of the cell begins (the index of the space before it: a gap wider than
    the cell's lines stood above it)."""

    breaks: tuple[int, ...] = ()
    paragraphs: tuple[int, ...] = ()
    # The breaks (a subset of breaks) after a line that was one word filling the cell to
    # its right edge: where a layout engine breaks a word too wide for the cell.
    full: tuple[int, ...] = ()

    def __new__(cls, text: str, breaks: tuple[int, ...] = (), paragraphs: tuple[int, ...] = (),
                full: tuple[int, ...] = ()):
        cell = super().__new__(cls, text)
        cell.breaks = breaks
        cell.paragraphs = paragraphs
        cell.full = full
        return cell


def printed_paragraphs(cell: str) -> list[str]:
    """A PDF table cell's paragraphs, as it printed them."""
    cuts = [0, *getattr(cell, "paragraphs", ()), len(cell)]
    return [part for a, b in zip(cuts, cuts[1:]) if (part := cell[a:b].strip())]


def _cell_text(words: list[Word], box: tuple[float, float] | None = None) -> str:
    """A cell's lines as one text; box is the cell's left and right edge, where its
    rules show them."""
    if not words:
        return ""
    printed = _lines(words)
    lines = [" ".join(line.text.split()) for line in printed]
    text = lines[0]
    breaks: list[int] = []
    paragraphs: list[int] = []
    full: list[int] = []
    # The cell's text ends as far from its right edge as it begins from its left (the
    # padding a program puts on both sides).
    right = box[1] - (min(w.x0 for w in words) - box[0]) if box else None
    for above, below, printed_above, line in zip(printed, printed[1:], lines, lines[1:]):
        if line[0] in _CLOSING_MARKS:
            text += line  # a narrow column put the word's closing mark on a line of its own
            continue
        joined = join_line_break(text, line, cell=True)
        if joined == f"{text} {line}":
            breaks.append(len(text))
            if below.top - above.bottom > 0.5 * min(above.size, below.size):
                paragraphs.append(len(text))
            elif right is not None and _fills_line(printed_above, above, right):
                full.append(len(text))
        text = joined
    return CellText(text, tuple(breaks), tuple(paragraphs), tuple(full))


def _fills_line(text: str, line: Line, right: float) -> bool:
    """Whether a cell's line is one word that reaches its right edge to within a letter:
    a layout engine breaks a word inside only where it is wider than the cell, and then
    fills the line (measured on the corpus's tables: every such break left less than a
    letter's width; a wrap at a space leaves as little only where its word is long)."""
    letter = (line.x1 - line.x0) / max(len(text), 1)  # the line's mean letter width
    return " " not in text and right - line.x1 < letter


def _cell_lines(cell: str) -> list[str]:
    """A cell's text in the lines it was printed on (where it remembers them)."""
    lines, start = [], 0
    for space in getattr(cell, "breaks", ()):
        lines.append(cell[start:space])
        start = space + 1
    return [*lines, cell[start:]]


def _row_breaks(row: list[str], line: int, kind: str = "breaks") -> list[tuple[int, int]]:
    """The (line, column) of each cell's line breaks (or those of another kind: "full")
    in the row written as one line of tab-separated cells."""
    found, offset = [], 0
    for cell in row:
        found.extend((line, offset + column) for column in getattr(cell, kind, ()))
        offset += len(cell) + 1
    return found


# -- the whole document -----------------------------------------------------------------------


def reading_order_text(pages: list[PageText]) -> tuple[str, list[int]]:
    """The text layer in reading order, the way a flattened PDF's text is exported: every
    word on its line, top to bottom, with no tables, headings or paragraphs rebuilt; and
    the page of each line."""
    lines: list[str] = []
    line_pages: list[int] = []
    for page in pages:
        lines.extend(page.reading_lines)
        line_pages.extend([page.number] * len(page.reading_lines))
    return "\n".join(lines), line_pages


def compose(pages: list[PageText]) -> Composed:
    """The document's text from its pages (see the module docstring)."""
    result = Composed(text="")
    body_size = _body_size(pages)
    result.running_lines = _drop_running_lines(pages, body_size)
    _find_borderless_tables(pages, result)
    _join_stacked_tables(pages)
    _join_continued_tables(pages)
    # Measured again without the tables' lines: a report with long tables in small print
    # has more letters in them than in its paragraphs, which are no headings; and beside
    # them a running header in small print is small.
    measured = _body_size(pages)
    if measured != body_size:
        result.running_lines += _drop_running_lines(pages, measured)
    body_size = measured
    heading_levels = _heading_levels(pages, body_size)
    spacing = _line_spacing(pages)
    out: list[str] = []

    def blank() -> None:
        if out and out[-1] != "":
            out.append("")

    def go_on(line: int, text: str) -> str:
        """Join a word that a line break cut (out[line] ends in a hyphen) on out[line],
        with the rest of its line: left on a line of its own, the rest would make the
        line before end where the page's line did not ("under 2023–" / "2024. (År
        2022 …)" is no title ending in "2024."). What is left of text: nothing, or all
        of it where the break cut no word."""
        if not out[line] or out[line][-1] not in "-‐–—/\u00ad":
            return text
        head = text.partition(" ")[0]
        if join_line_break(out[line], head) == f"{out[line]} {head}":
            return text
        out[line] = join_line_break(out[line], text)
        return ""

    torn: int | None = None  # where in out the paragraph a page break tore ends
    page_starts: list[int] = []  # where in out each page's lines begin
    for page in pages:
        page_starts.append(len(out))
        previous: Line | None = None
        last_line: int | None = None  # where in out this page's last paragraph line is
        numbered = False  # out[-1] is a numbered paragraph (a goal's number and title) that may go on
        right = max((b.x1 for b in page.blocks if isinstance(b, Line) and not _PAGE_NUMBER.match(b.text)), default=0.0)
        heading: tuple[int, Line, list[str]] | None = None  # level, last line, text parts

        def end_heading() -> None:
            nonlocal heading
            if heading:
                blank()
                out.append("#" * heading[0] + " " + " ".join(heading[2]))
                out.append("")
                heading = None

        for block in page.blocks:
            if isinstance(block, Table) and _status_elsewhere(block):
                end_heading()
                previous = last_line = torn = None
                numbered = False
                if not block.continues:
                    blank()
                    out.append(" ".join(block.header))
                    out.append("")
                for row in block.rows:
                    if _same_row(row, block.header):
                        continue
                    for text in _row_paragraphs(row):
                        out.append(text)
                        out.append("")
                continue
            if isinstance(block, Table):
                end_heading()
                if block.continues:
                    if block.rows and block.header:
                        out.append("\t".join(block.header))
                else:
                    blank()
                for row in block.rows:
                    result.cell_breaks.extend(_row_breaks(row, len(out)))
                    result.full_breaks.extend(_row_breaks(row, len(out), "full"))
                    result.carried_cells.extend((len(out), _carried_message(block, column))
                                                for carried, column in block.read_on if carried is row)
                    out.append("\t".join(row))
                out.append("")
                previous = last_line = torn = None
                continue
            text = block.text
            if _TOC_LINE.match(text):
                result.toc_lines += 1
                continue
            if _PAGE_NUMBER.match(text):
                end_heading()
                out.append(text)
                previous = None
                continue
            level = heading_levels.get(block.size)
            if level:
                if heading and heading[0] == level and block.top - heading[1].bottom < 0.9 * block.size:
                    heading = (level, block, heading[2] + [text])
                else:
                    end_heading()
                    heading = (level, block, [text])
                previous = last_line = torn = None
                continue
            end_heading()
            starts_paragraph = True
            if previous is not None and out and out[-1] != "":
                pitch = block.top - previous.top
                size = max(block.size, previous.size)
                if pitch > spacing * size * 1.2 or pitch < 0:
                    out.append("")
                else:
                    starts_paragraph = False
                    if numbered and _wrapped(previous, block, right):
                        # A numbered title wrapped at the margin is one line, as the
                        # Word path gives it: the reader cannot tell a wrapped short
                        # title ("... serviceinriktad" / "myndighetsförvaltning") from
                        # a title and its text by the words alone.
                        rest = go_on(len(out) - 1, text)
                        out[-1] = f"{out[-1]} {rest}" if rest else out[-1]
                        previous = block
                        continue
                    text = go_on(len(out) - 1, text)
            elif torn is not None and text[:1].isupper() and not continues_line(out[torn], text):
                # "... samt digitalisering" at the foot of a page, "För att öka ..." on the
                # next: a capital after a word no sentence breaks off on begins anew.
                blank()
            elif torn is not None:
                text = go_on(torn, text)  # "utveck-" at the foot of a page, "lingsarbete" on the next
            torn = None
            numbered = starts_paragraph and bool(_NUMBERED_TITLE.match(text))
            if text:
                out.append(text)
                last_line = len(out) - 1
            previous = block
        end_heading()
        if last_line is not None and out[last_line][-1:] in (".", "!", "?", ":"):
            out.append("")  # a page that ends a sentence ends its paragraph
        elif last_line is not None:
            torn = last_line
    while out and out[-1] == "":
        out.pop()
    result.text = "\n".join(out)
    result.line_pages = [pages[bisect.bisect_right(page_starts, i) - 1].number for i in range(len(out))]
    return result


def _status_elsewhere(table: Table) -> bool:
    """An activity table whose header names no status column: each activity's status
    stands in a row of its own under the activity's, one cell over the columns with its
    description and comment (Verksamhetens aktiviteter | Startdatum | Slutdatum). Such
    a table is written as the blocks a text export gives, an activity's title, unit,
    dates, description, status and comment each a paragraph, for the reader reads the
    status from the paragraph it stands in."""
    fields = table_header("\t".join(table.header)) if table.header else None
    return bool(fields) and "status" not in fields


def _row_paragraphs(row: list[str]) -> list[str]:
    """A row of such a table as paragraphs: the first cell's, then the other cells on one
    line (the dates)."""
    paragraphs = printed_paragraphs(row[0]) if row else []
    rest = " ".join(" ".join(cell.split()) for cell in row[1:] if cell.strip())
    return paragraphs + ([rest] if rest else [])


def _wrapped(line: Line, following: Line, right: float) -> bool:
    """The line broke because the following line's first word did not fit before the
    right margin (the widest line's end): the two are one line of text."""
    text = following.text
    if abs(line.size - following.size) > 0.25 or table_header(text) or looks_like_status(text) or grade_text(text):
        return False  # a goal's grade, status or table set close under its title begins a line of its own
    first = following.words[0]
    return line.x1 + 0.3 * line.size + (first.x1 - first.x0) > right


def _body_size(pages: list[PageText]) -> float:
    """The size most of the running text is printed in, headers and footers in the page
    margins aside, and lines whose words stand apart like a table's cells too: the rows
    of a table drawn without rules (a zebra-striped one, say) are often printed smaller
    than the text, and in a short report they may have more letters than its paragraphs."""
    sizes: Counter[float] = Counter()
    margins: Counter[float] = Counter()
    cells: Counter[float] = Counter()
    for page in pages:
        band = _MARGIN_BAND * page.height
        for block in page.blocks:
            if isinstance(block, Line):
                in_margin = block.bottom < band or block.top > page.height - band
                if in_margin:
                    margins[block.size] += len(block.text)
                elif len(_segments(block)) > 1:
                    cells[block.size] += len(block.text)
                else:
                    sizes[block.size] += len(block.text)
    sizes = sizes or cells or margins
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _heading_levels(pages: list[PageText], body_size: float) -> dict[float, int]:
    """Font sizes clearly larger than the body text, largest first: heading levels."""
    sizes = {
        block.size for page in pages for block in page.blocks
        if isinstance(block, Line) and block.size >= body_size * _HEADING_RATIO
        and not _PAGE_NUMBER.match(block.text)
    }
    return {size: min(level, 6) for level, size in enumerate(sorted(sizes, reverse=True), start=1)}


def _line_spacing(pages: list[PageText]) -> float:
    """The usual distance from one line's top to the next line's of the same paragraph,
    in font sizes."""
    ratios = []
    for page in pages:
        lines = [b for b in page.blocks if isinstance(b, Line)]
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - b.size) < 0.5:
                ratio = (b.top - a.top) / a.size
                if 0.9 < ratio < 2.5:
                    ratios.append(ratio)
    if len(ratios) < 3:
        return 1.5
    # The closest spacing that recurs, not the most common one: in a report of short
    # paragraphs most neighbouring lines are a paragraph apart.
    ratios.sort()
    enough = max(3, len(ratios) // 20)
    for ratio in ratios:
        close = ratios[bisect.bisect_left(ratios, ratio - 0.08):bisect.bisect_right(ratios, ratio + 0.08)]
        if len(close) >= enough:
            return statistics.median(close)
    return statistics.median(ratios)


# -- running headers and footers --------------------------------------------------------------


def _segments(line: Line) -> list[Line]:
    """A header or footer line in its pieces: date, title, address and page number stand
    far apart on one line."""
    pieces: list[list[Word]] = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:]):
        if word.x0 - previous.x1 > 2 * word.size:
            pieces.append([])
        pieces[-1].append(word)
    return [Line(words) for words in pieces]


def _drop_running_lines(pages: list[PageText], body_size: float) -> list[tuple[int, str]]:
    """Leave out what recurs at the same place in the top or bottom margin of most pages
    (page numbers too: "Sida # av #" recurs), and, on any page, a margin line in small
    print whose pieces stand far apart (date and title, address and page number: a
    browser's header and footer). Returns the left-out texts with their pages.

    Left in, such lines would stand between the lines of a paragraph or the rows of a
    table that a page break parted; the reader would have to guess them away from their
    text alone, and a short line that recurs by chance near a page number (a comment
    given to two activities) looks like them. Here their place on the page tells.
    """
    candidates: dict[int, list[tuple[int, Line, list[Line]]]] = defaultdict(list)  # page → (block index, line, pieces)
    seen: dict[str, list[tuple[int, float, str]]] = defaultdict(list)  # shape → (page, top, text)
    for page in pages:
        band = _MARGIN_BAND * page.height
        edge_lines = _edge_lines(page.blocks)
        # A table's header row repeated at the top of each page it runs over, and the
        # row under it (in small print, its cells far apart), are the table's.
        in_table: set[int] = set()
        for index in edge_lines:
            found = _header_columns(page.blocks, index)
            if found:
                in_table.update(range(index, index + found[1] + 1))
        for index in edge_lines:
            line = page.blocks[index]
            if index in in_table or (line.top > band and line.bottom < page.height - band):
                continue
            pieces = _segments(line)
            candidates[page.number].append((index, line, pieces))
            for piece in pieces:
                seen[_shape(piece.text)].append((page.number, piece.top, piece.text))
    needed = max(2, round(_RUNNING_SHARE * len(pages)))
    dropped: list[tuple[int, str]] = []
    for page in pages:
        replacements: dict[int, list[Line]] = {}
        for index, line, pieces in candidates.get(page.number, []):
            if table_header(line.text):
                continue  # an activity table's header row, its names far apart in small capitals
            numbered = len(pieces) > 1 and any(_PAGE_NUMBER.match(piece.text) for piece in pieces)
            # Small print with its pieces apart is a browser's header or footer only at
            # the page's very edge: the line next to it may be a table's header row or
            # a row printed as small, its cells as far apart.
            outermost = index in (0, len(page.blocks) - 1)
            spread_small = len(pieces) > 1 and (numbered or (outermost and line.size <= 0.9 * body_size))
            kept = []
            for piece in pieces:
                recurring = spread_small or _recurs(piece, page.number, seen[_shape(piece.text)], needed)
                if not recurring or table_header(piece.text):
                    kept.append(piece)
                else:
                    dropped.append((page.number, piece.text))
            if len(kept) != len(pieces):
                replacements[index] = kept
        if replacements:
            blocks: list[Line | Table] = []
            for index, block in enumerate(page.blocks):
                blocks.extend(replacements.get(index, [block]))
            page.blocks = blocks
    return dropped


def _recurs(piece: Line, page: int, places: list[tuple[int, float, str]], needed: int) -> bool:
    """Whether a margin piece recurs at its place on enough pages: the same text, or the
    same words with a number that goes up with the page ("Sida 3 av 11", "3/11"). Other
    numbers that change from page to page are content: the dates of the activity that
    happens to open each page stand where a running date would."""
    here = [(number, text) for number, top, text in places if abs(top - piece.top) <= 3]
    if len({number for number, text in here if text == piece.text}) >= needed:
        return True
    if len({number for number, _ in here}) < needed:
        return False
    figures = re.findall(r"\d+", piece.text)
    others = [(number, re.findall(r"\d+", text)) for number, text in here]
    # Every one of them, not only enough: two dates may differ from their pages by the
    # same count by chance ("2024-04-30" on page 2, "2024-12-31" on page 3).
    return any(all(len(theirs) == len(figures) and int(theirs[position]) - number == int(figure) - page
                   for number, theirs in others)
               for position, figure in enumerate(figures))


def _edge_lines(blocks: list[Line | Table]) -> list[int]:
    """Indexes of the first two and last two lines of a page that no table precedes or
    follows."""
    found: list[int] = []
    for index, block in enumerate(blocks[:2]):
        if isinstance(block, Table):
            break
        found.append(index)
    tail = len(blocks) - 1
    for index in range(tail, max(tail - 2, -1), -1):
        if isinstance(blocks[index], Table):
            break
        if index not in found:
            found.append(index)
    return found


def _shape(text: str) -> str:
    """A running line's text with its numbers as '#': "Sida 3 av 11" recurs as "Sida # av #"."""
    return re.sub(r"\d+", "#", " ".join(text.split()))


# -- tables without rules -----------------------------------------------------------------------


@dataclass
class _Columns:
    header: list[str]
    fields: list[str]
    starts: list[float]
    size: float


def _header_columns(blocks: list[Line | Table], index: int) -> tuple[_Columns, int] | None:
    """An activity- or goal-table header row whose column names stand apart, on
    blocks[index] and the lines its names wrap onto: the columns, and the number of
    lines it takes.

    A name wrapped in its cell ("Verksamhetens" / "aktiviteter") goes on on the next line,
    in its column; a cell of two lines among cells of one, centred in the row's height
    ("Ansvarig" / "enhet" beside "Aktivitet"), begins on a line of its own above the
    others. So the names are the row's words grouped by where they stand across the
    page, on each line the row takes, up to three."""
    line = blocks[index]
    # Where no names stand apart, the names in cells with next to no padding, a word
    # space apart, are looked for (_known_names).
    for close_names in (False, True):
        found = _header_band(blocks, index, close_names)
        if found:
            return found
    # One line whose names stand apart less than the gap looked for: the widest gaps
    # between its words cut it into as many names as the header has columns.
    fields = table_header(line.text)
    if not fields or "status" not in fields or len(line.words) < len(fields):
        return None
    words = line.words
    widest = sorted(range(1, len(words)), key=lambda i: words[i].x0 - words[i - 1].x1, reverse=True)
    cuts = sorted(widest[: len(fields) - 1])
    if any(words[i].x0 - words[i - 1].x1 < _NARROW_COLUMN_GAP_EMS * line.size for i in cuts):
        return None  # the names run on like a sentence: a table flattened to text
    groups = [words[a:b] for a, b in zip([0] + cuts, cuts + [len(words)])]
    names = [words_text(group) for group in groups]
    if table_header("\t".join(names)) != fields:
        return None
    return _Columns(header=names, fields=fields, starts=[group[0].x0 for group in groups], size=line.size), 1


def _header_band(blocks: list[Line | Table], index: int, close_names: bool) -> tuple[_Columns, int] | None:
    """The header row from blocks[index] with its names grouped by the gaps between them
    (see _header_columns); close_names: a group that is no name may be names side by side."""
    line = blocks[index]
    band = [line]

    def grouped(lines: list[Line], ems: float) -> tuple[list[list[Word]], list[str], list[str] | None]:
        groups = _column_groups(lines, ems * line.size)
        if close_names:
            groups = [part for group in groups for part in _known_names(group)]
        names = [_name_text(group) for group in groups]
        return groups, names, _table_fields(names) if len(groups) >= 2 else None

    while True:
        # Names a narrow table sets closer than an em apart still stand wider apart than
        # the words of one name (a space is a third of an em).
        for ems in (_COLUMN_GAP_EMS, _NARROW_COLUMN_GAP_EMS):
            groups, names, fields = grouped(band, ems)
            if len(groups) < 2:
                break
            if fields:
                # The rest of a name the row's other names stand beside ("Ansvarig" /
                # "enhet"); a first row set close under the header would make no name.
                while (following := _band_line(blocks, index, band)) is not None:
                    wider, wider_names, wider_fields = grouped(band + [following], ems)
                    if len(wider) != len(groups) or wider_fields != fields:
                        break
                    band.append(following)
                    groups, names = wider, wider_names
                starts = [min(word.x0 for word in group) for group in groups]
                return _Columns(header=names, fields=fields, starts=starts, size=line.size), len(band)
        groups = _column_groups(band, _COLUMN_GAP_EMS * line.size)
        following = _band_line(blocks, index, band)
        if following is None or (len(groups) < 2 and len(line.words) > 3):
            return None
        band.append(following)


def _known_names(group: list[Word]) -> list[list[Word]]:
    """A group of a header row's words as the column names it holds: names in cells with
    next to no padding stand a word space apart ("Slutdatum Kommentar", "Verksamhetens" /
    "aktiviteter" beside "Status"), and where the group is no name but its words, cut
    where none stands over the cut, read as two or more names side by side, each is one."""
    if is_column_name(_name_text(group)):
        return [group]
    words = sorted(group, key=lambda word: word.x0)
    for cut in range(1, len(words)):
        left, right = words[:cut], words[cut:]
        if max(word.x1 for word in left) > right[0].x0 or not is_column_name(_name_text(left)):
            continue
        rest = _known_names(right)
        if all(is_column_name(_name_text(part)) for part in rest):
            return [left, *rest]
    return [group]


def _table_fields(names: list[str]) -> list[str] | None:
    """The fields of a header row's column names: an activity table's (with a status
    column) or a goal table's (goal and grade: "Nr", "KF-mål", "Bedömning")."""
    line = "\t".join(names)
    fields = table_header(line)
    if fields and "status" in fields:
        return fields
    goal_table = goal_table_header(line)
    return goal_table[0] if goal_table else None


def _band_line(blocks: list[Line | Table], index: int, band: list[Line]) -> Line | None:
    """The line under a header row's lines so far (from blocks[index]) that may be
    more of it: close under them, in their size, three lines in all at most."""
    following = blocks[index + len(band)] if index + len(band) < len(blocks) else None
    size = band[0].size
    if (len(band) >= 3 or not isinstance(following, Line) or following.top - band[-1].bottom > 0.6 * size
            or abs(following.size - size) > 0.5):
        return None
    return following


def _column_groups(lines: list[Line], gap: float) -> list[list[Word]]:
    """The words of lines set one above the other, grouped by their place across the
    page: words that overlap or stand closer than gap are one group."""
    groups: list[list[Word]] = []
    right = 0.0
    for word in sorted((w for line in lines for w in line.words), key=lambda w: w.x0):
        if groups and word.x0 - right < gap:
            groups[-1].append(word)
            right = max(right, word.x1)
            continue
        groups.append([word])
        right = word.x1
    return groups


def _name_text(words: list[Word]) -> str:
    """A column name's words, line by line."""
    return _header_name([line.text for line in _lines(words)])


def _header_name(lines: list[str]) -> str:
    """A header cell's lines as its name: a narrow column breaks a name that does not
    fit it anywhere, without a hyphen ("Slutdatu" / "m", "Slutda" / "tum"), and the
    name is known when its pieces are joined."""
    spaced = " ".join(lines)
    if len(lines) > 1 and not is_column_name(spaced) and is_column_name("".join(lines)):
        return "".join(lines)
    return spaced


def _fits(line: Line, columns: _Columns) -> bool:
    """Every word of the line inside one column (none runs across a column's edge)."""
    tolerance = 0.3 * columns.size
    if line.x0 < columns.starts[0] - tolerance or abs(line.size - columns.size) > 1.5:
        return False
    for word in line.words:
        for edge in columns.starts[1:]:
            if word.x0 < edge - tolerance and word.x1 > edge + tolerance:
                return False
    return True


def _column_of(word: Word, columns: _Columns) -> int:
    tolerance = 0.3 * columns.size
    index = 0
    for position, start in enumerate(columns.starts):
        if word.x0 >= start - tolerance:
            index = position
    return index


def _find_borderless_tables(pages: list[PageText], result: Composed) -> None:
    """Activity and goal tables without rules: a header row with its column names apart,
    and the lines under it whose words keep to the columns. A page that begins with such lines
    after a page that ended in such a table goes on with it."""
    open_columns: _Columns | None = None
    for page in pages:
        blocks: list[Line | Table] = []
        index = 0
        content_seen = False
        while index < len(page.blocks):
            block = page.blocks[index]
            if isinstance(block, Table) or _PAGE_NUMBER.match(block.text):
                blocks.append(block)
                if isinstance(block, Table):
                    content_seen = True
                    open_columns = None
                index += 1
                continue
            found = _header_columns(page.blocks, index)
            columns, header_lines = found if found else (None, 0)
            continues = False
            if columns is None and not content_seen and open_columns is not None:
                occupied = {_column_of(w, open_columns) for w in block.words}
                if _fits(block, open_columns) and (len(occupied) >= 2 or 0 not in occupied):
                    columns, continues = open_columns, True
            content_seen = True
            if columns is None:
                if table_header(block.text) and "status" in table_header(block.text):
                    result.flattened_tables.append(page.number)
                blocks.append(block)
                open_columns = None
                index += 1
                continue
            start = index if continues else index + header_lines
            end, rows = _borderless_rows(page.blocks, start, columns)
            # A header row the page break parted from its rows ends the page: the table
            # begins on the next (_join_continued_tables).
            at_page_end = all(isinstance(b, Line) and _PAGE_NUMBER.match(b.text) for b in page.blocks[end:])
            if not rows and not continues and not at_page_end:
                result.flattened_tables.append(page.number)
                blocks.append(block)
                index += 1
                continue
            blocks.append(Table(
                rows=rows if continues else [columns.header] + rows, columns=columns.starts,
                top=block.top, bottom=page.blocks[end - 1].bottom if end > start else block.bottom,
                ruled=False, header=columns.header,
            ))
            index = end
            open_columns = columns
        trailing = _without_page_numbers(blocks)
        if not trailing or not isinstance(trailing[-1], Table) or trailing[-1].ruled:
            open_columns = None
        page.blocks = blocks


def _borderless_rows(blocks: list[Line | Table], start: int, columns: _Columns) -> tuple[int, list[list[str]]]:
    """The rows under a header (from blocks[start]): a row begins where, after a gap wider
    than the line spacing, the title column and another column have text; lines closer
    together go on the row above."""
    rows: list[list[list[Word]]] = []
    previous: Line | None = None
    # The narrowest gap between two lines of one row so far (lines of cells set in the
    # middle of a row overlap: no gap).
    line_gap: float | None = None
    index = start
    while index < len(blocks):
        line = blocks[index]
        if not isinstance(line, Line) or _PAGE_NUMBER.match(line.text) or not _fits(line, columns):
            break
        cells: list[list[Word]] = [[] for _ in columns.starts]
        for word in line.words:
            cells[_column_of(word, columns)].append(word)
        gap = line.top - previous.bottom if previous is not None else 0.0
        close = previous is not None and gap < 0.6 * line.size
        starts_row = bool(cells[0]) and sum(1 for c in cells if c) >= 2
        if previous is None or not close:
            if not starts_row and previous is not None and _centred_row(blocks, index, columns):
                # Cells set in the middle of their row's height: the row's first line
                # may be a longer cell's alone ("Pågående enligt plan. Ny" over the
                # status, over the title beside the date).
                starts_row = True
            # A cell's next paragraph ("…försenad." / blank / "Start september 2023."):
            # after a gap no wider than a line and a half, text in the other columns only
            # goes on the row, where text after the table would begin at its left edge.
            if not starts_row and previous is not None and (cells[0] or gap > _CELL_PARAGRAPH_GAP_EMS * line.size):
                break  # after a gap, a line that is no row: the table has ended
            if starts_row and previous is not None and _no_values(cells, columns.fields):
                # Running text under the table whose words fall on either side of the
                # columns' starts by chance ("* Detta mål har samma aktivitet | planerad
                # som för | föregående | ..."): what stands in its status and date
                # columns is neither.
                break
            if starts_row or not rows:
                rows.append([[] for _ in columns.starts])
        elif starts_row and _begins_values(cells, rows[-1], columns.fields):
            rows.append([[] for _ in columns.starts])  # rows set without a gap between them
        elif (starts_row and line_gap is not None and gap > max(line_gap, 0.0) + 0.25 * line.size
              and _values_under_none(cells, rows[-1], columns.fields)):
            # The rest of a row the page break split, at the top of the page, has no
            # status or dates (they stand on the page before); the next row's, set a
            # cell's padding further down than the rest's lines stand apart, begin it.
            rows.append([[] for _ in columns.starts])
        elif close:
            line_gap = gap if line_gap is None else min(line_gap, gap)
        for target, words in zip(rows[-1], cells):
            target.extend(words)
        previous = line
        index += 1
    boxes = _column_boxes(rows)
    return index, [[_cell_text(words, box) for words, box in zip(row, boxes)] for row in rows]


def _column_boxes(rows: list[list[list[Word]]]) -> list[tuple[float, float] | None]:
    """Each column's left and right edge where a borderless table's text shows them: a
    column ends where the next begins, less the narrowest gap any line of the table
    leaves before its next column (the padding between columns); the last has none."""
    columns = len(rows[0]) if rows else 0
    lefts = [min((w.x0 for row in rows for w in row[c]), default=None) for c in range(columns)]
    rights = [max((w.x1 for row in rows for w in row[c]), default=None) for c in range(columns)]
    gaps = [lefts[c + 1] - rights[c] for c in range(columns - 1)
            if lefts[c + 1] is not None and rights[c] is not None and lefts[c] is not None]
    if not gaps or min(gaps) <= 0:
        return [None] * columns
    gap = min(gaps)
    boxes: list[tuple[float, float] | None] = [None] * columns
    for c in range(columns - 1):
        if lefts[c] is not None and lefts[c + 1] is not None:
            boxes[c] = (lefts[c], lefts[c + 1] - gap)
    return boxes


def _begins_values(cells: list[list[Word]], row: list[list[Word]], fields: list[str]) -> bool:
    """A line under a row that already has its status or dates, beginning new ones: in
    any of those columns, for a status that begins with its symbol on a line of its own
    ("■ Ej" / "påbörjad") reads as no status yet where its date begins ("2023-12-")."""
    for index, name in enumerate(fields):
        if name in _ROW_ANCHORS and cells[index] and row[index]:
            if name == "status" and _only_marks(words_text(row[index])):
                # The row's status so far is its symbol: the words under it are the
                # status the symbol stands before ("▶" / "Pågående" / "enligt plan").
                continue
            if _begins_value(name, words_text(cells[index])):
                return True
    return False


def _centred_row(blocks: list[Line | Table], index: int, columns: _Columns) -> bool:
    """blocks[index], after a gap, begins a row whose cells stand in the middle of its
    height (a web page's table cells without styling): the lines close under it, up to
    the next gap, hold a title and a status or a date, and every column's text there
    has its middle where the lines' middle is."""
    spans: dict[int, tuple[float, float]] = {}
    values = False
    previous: Line | None = None
    for block in blocks[index:]:
        if (not isinstance(block, Line) or _PAGE_NUMBER.match(block.text) or not _fits(block, columns)
                or (previous is not None and block.top - previous.bottom >= 0.6 * block.size)):
            break
        cells: list[list[Word]] = [[] for _ in columns.starts]
        for word in block.words:
            cells[_column_of(word, columns)].append(word)
        for column, words in enumerate(cells):
            if words:
                top, bottom = spans.get(column, (block.top, block.bottom))
                spans[column] = (min(top, block.top), max(bottom, block.bottom))
        values = values or any(cells[i] and _begins_value(name, words_text(cells[i]))
                               for i, name in enumerate(columns.fields) if name in _ROW_ANCHORS)
        previous = block
    if not values or 0 not in spans or len(spans) < 2:
        return False
    middle = (min(top for top, _ in spans.values()) + max(bottom for _, bottom in spans.values())) / 2
    return all(abs((top + bottom) / 2 - middle) <= 0.5 * columns.size for top, bottom in spans.values())


def _no_values(cells: list[list[Word]], fields: list[str]) -> bool:
    """Words in a line's status or date columns, none of them beginning a status or a date."""
    filled = [(name, words_text(cells[index])) for index, name in enumerate(fields)
              if name in _ROW_ANCHORS and cells[index]]
    return bool(filled) and not any(_begins_value(name, text) for name, text in filled)


def _values_under_none(cells: list[list[Word]], row: list[list[Word]], fields: list[str]) -> bool:
    """A line beginning a status or a date under a row that has none in any column: no
    text there, or the last letters of a word the page break cut ("avvikels" / "e")."""
    anchors = [index for index, name in enumerate(fields) if name in _ROW_ANCHORS]
    if any(row[index] and _begins_value(fields[index], words_text(row[index])) for index in anchors):
        return False
    return any(cells[index] and _begins_value(fields[index], words_text(cells[index])) for index in anchors)


def _only_marks(text: str) -> bool:
    """A symbol or two and no letters: a status's or grade's mark ("▶", "✓", "■")."""
    text = "".join(text.split())
    return 0 < len(text) <= 2 and not any(ch.isalnum() for ch in text)


def _begins_value(name: str, text: str) -> bool:
    text = text.strip()
    if name == "status":
        # A status's symbol alone on the line ("▶" / "Pågående" / "enligt plan"): the
        # cell is narrower than the symbol and the status's first word.
        return looks_like_status(text) or _only_marks(text)
    if name == "grade":
        # "Delvis" / "uppfyllt": the rest of a grade wrapped in its cell begins in lower case.
        first_letter = next((ch for ch in text if ch.isalpha()), "")
        return first_letter.isupper() and looks_like_grade(text)
    if name == "code":
        return bool(_GOAL_CODE.match(text))
    return bool(_DATE_START.match(text))


# -- tables over page breaks ----------------------------------------------------------------------


def _join_stacked_tables(pages: list[PageText]) -> None:
    """Tables on one page that stand one on the other, with the same columns, the lower
    one without a header row of its own, are one table; a table with no word in any cell
    is no table.

    LibreOffice prints a table's header row apart from its body (the header's frame
    ends where the body's begins), and the shaded boxes behind the header's names make
    a grid of empty cells of their own; left apart, the body would carry no header and a
    page break inside it could not be told from a new table. Rows with no word in them
    are left out too."""
    for page in pages:
        blocks: list[Line | Table] = []
        for block in page.blocks:
            if isinstance(block, Table):
                # A row with no word in it (a shaded box's, or the sliver a page break
                # leaves) says nothing, and must not stand for a split row's rest.
                block.rows = [row for row in block.rows if any(cell.strip() for cell in row)]
                if not block.rows:
                    continue
            above = blocks[-1] if blocks else None
            if (isinstance(block, Table) and isinstance(above, Table) and block.header is None
                    and abs(block.top - above.bottom) <= 2 and _same_columns(above, block)):
                above.rows.extend(block.rows)
                above.bottom = max(above.bottom, block.bottom)
                continue
            blocks.append(block)
        page.blocks = blocks


def _join_continued_tables(pages: list[PageText]) -> None:
    """A page that begins with a table like the one the page before ended with goes on
    with that table: a repeated header row is dropped (the text repeats it anyway), a
    row split by the page break is joined to its row, and the continuation carries the
    header so the reader sees one table."""
    last: Table | None = None
    last_page: PageText | None = None
    merged_columns = _columns_merged_down(pages)
    for page in pages:
        content = _content(page)
        first = content[0] if content else None
        # A repeated header row tells the table goes on even where the next page set
        # its columns a little apart (LibreOffice lays a table's columns out anew on
        # each page).
        repeated = (isinstance(first, Table) and last is not None and bool(first.rows) and last.header is not None
                    and len(first.columns) == len(last.columns) and first.ruled == last.ruled
                    and _same_row(first.rows[0], last.header))
        continued = last is not None and isinstance(first, Table) and (repeated or _same_columns(last, first))
        if continued and last.header and last.rows == [last.header] and first.header:
            # A header row alone at the foot of a page, its table beginning on this one
            # (with the header again): the table is this page's.
            last_page.blocks = [block for block in last_page.blocks if block is not last]
        elif continued:
            header = last.header or first.header
            if first.rows and header and _same_row(first.rows[0], header):
                # The header repeated, where the table before had one or not (its rows
                # printed apart from it): never the rest of a row the break split.
                first.rows.pop(0)
            first.header = first.header or last.header
            first.continues = True
            if first.rows and last.rows and _is_row_rest(first.rows[0], first.header, last.rows[-1]):
                rest = first.rows.pop(0)
                split = last.rows[-1]
                last.rows[-1] = [_join_cell(a, b) for a, b in zip(split, rest)]
                _spread_merged_cells(last, split, first, rest)
                for column, whole in enumerate(last.rows[-1]):
                    if rest[column] and first.carried.get(column) is rest[column]:
                        first.carried[column] = whole
            _carry_merged_cells(last, first, merged_columns)
            if not first.rows:
                page.blocks.remove(first)
                content.pop(0)
                # Nothing of it left on this page: the table may still go on after it.
                if not content:
                    continue
        last = content[-1] if content and isinstance(content[-1], Table) else None
        last_page = page


def _columns_merged_down(pages: list[PageText]) -> set[tuple[int, int]]:
    """The columns (as the number of the table's columns and the column) in which the
    document merges cells down and leaves no cell of a row of its own empty otherwise:
    the empty cells at the top of a page (where a continued table's first rows are) do
    not count, nor rows with no first cell (a row's rest)."""
    merged: set[tuple[int, int]] = set()
    empty: set[tuple[int, int]] = set()
    for page in pages:
        for index, block in enumerate(_content(page)):
            if not isinstance(block, Table) or not block.ruled:
                continue
            width = len(block.columns)
            merged.update((width, column) for column, _ in block.merged_down)
            rows = [row for row in block.rows if not (block.header and _same_row(row, block.header))]
            for column in range(width):
                top = index == 0  # the page's first rows, up to the first filled cell
                for row in rows:
                    if column >= len(row) or not row[0].strip():
                        continue
                    if row[column].strip():
                        top = False
                    elif not top:
                        empty.add((width, column))
    return merged - empty


def _carry_merged_cells(last: Table, first: Table, merged_columns: set[tuple[int, int]]) -> None:
    """A cell merged down over rows that the page break cut goes on over the rows at the
    top of this page that have none of their own: the page prints the rest of the merge
    as an empty cell there (LibreOffice does). Read on where the page before shows the
    merge running on to the table's foot (Table.carried), or, where that page has only
    the merge's first row and so cannot show it, where the document merges this column
    down elsewhere and leaves it empty in no row of its own (a title each) otherwise,
    into the rows of their own at the top. Never else: an empty cell under a filled one
    is no merge by itself. Each cell read so gets a note (Table.read_on)."""
    carried = {column: (text, False) for column, text in last.carried.items()}
    if last.rows:
        width = len(first.columns)
        for column, text in enumerate(last.rows[-1][:width]):
            if column and column not in carried and text.strip() and (width, column) in merged_columns:
                carried[column] = (text, True)  # with its line breaks, for the words a narrow column broke
    for column, (text, own_rows_only) in carried.items():
        for row in first.rows:
            if column >= len(row) or row[column].strip() or (own_rows_only and not row[0].strip()):
                break
            row[column] = text
            first.read_on.append((row, column))


def _carried_message(table: Table, column: int) -> str:
    name = table.header[column] if table.header and column < len(table.header) else f"kolumn {column + 1}"
    return (f"Cellen under »{' '.join(name.split())}« är tom överst på sidan och lästes som cellen ovanför "
            "sidbrytningen: den cellen är sammanfogad nedåt och fortsätter här")


def _without_page_numbers(blocks: list[Line | Table]) -> list[Line | Table]:
    return [b for b in blocks if not (isinstance(b, Line) and _PAGE_NUMBER.match(b.text))]


def _content(page: PageText) -> list[Line | Table]:
    return _without_page_numbers(page.blocks)


def _join_cell(before: str, after: str) -> str:
    """A cell a page break split, as one cell (CellText) that keeps where its lines broke,
    the page break among them, and its paragraphs on either side, with a new one where
    the rest begins one (a bullet, or a capital after a sentence or a status: "Pågående
    enligt plan" / "För närvarande ...")."""
    joined = join_line_break(before, after, cell=True)
    if not before.strip() or not after.strip():
        kept = before if before.strip() else after
        if joined != kept:
            return CellText(joined)
        return CellText(joined, getattr(kept, "breaks", ()), getattr(kept, "paragraphs", ()))
    breaks = list(getattr(before, "breaks", ())) if joined.startswith(before) else []
    paragraphs = list(getattr(before, "paragraphs", ())) if joined.startswith(before) else []
    if joined == f"{before} {after}":
        breaks.append(len(before))
        head, start = printed_paragraphs(before)[-1], after[0]
        if start in "•·▪◦●" or (start.isupper() and (head[-1] in ".!?:" or looks_like_status(head))):
            paragraphs.append(len(before))
    if joined.endswith(after):
        offset = len(joined) - len(after)
        breaks += [offset + index for index in getattr(after, "breaks", ())]
        paragraphs += [offset + index for index in getattr(after, "paragraphs", ())]
    return CellText(joined, tuple(breaks), tuple(paragraphs))


def _spread_merged_cells(last: Table, split: list[str], first: Table, rest: list[str]) -> None:
    """A cell merged down over rows that the page break split: its two parts joined (in
    the joined row) are its value in every row it spans, on both pages."""
    joined = last.rows[-1]
    for table, row in ((last, split), (first, rest)):
        for column, spanned in table.merged_down:
            if any(r is row for r in spanned):
                for other in spanned:
                    if other is not row:
                        other[column] = joined[column]


def _same_columns(a: Table, b: Table) -> bool:
    if len(a.columns) != len(b.columns) or a.ruled != b.ruled:
        return False
    return all(abs(x - y) <= 3 for x, y in zip(a.columns, b.columns))


def _same_row(row: list[str], header: list[str]) -> bool:
    # Without spaces: a narrow column breaks a header word where the line ends ("Startd atum").
    return ["".join(c.split()).lower() for c in row] == ["".join(c.split()).lower() for c in header]


def _is_row_rest(row: list[str], header: list[str] | None, split: list[str]) -> bool:
    """The first row on a new page is the rest of a row the page break split (the last
    row on the page before): its first cell is empty, or none of its status and date
    cells begins a value, a status under a split row's status symbol alone ("▶" /
    "Pågående enligt plan") being that symbol's."""
    if not row[0].strip():
        return True
    fields = table_header("\t".join(header)) if header else None
    if not fields:
        return False
    anchors = [i for i, name in enumerate(fields) if name in _ROW_ANCHORS and i < len(row)
               and not (name == "status" and i < len(split) and _only_marks(split[i]))]
    return bool(anchors) and not any(_begins_value(fields[i], row[i]) for i in anchors)

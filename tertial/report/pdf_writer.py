"""The tertial report as PDF, drawn from a ReportDocument with fpdf2.

Text is set in DejaVu Sans, bundled in tertial/fonts (with its licence), so the app
needs no system font and the grades' and statuses' marks (● ▲ ◆ ■ ○ ✓ ▶) are text, not
pictures: a reader can search and copy them. The two marks DejaVu lacks (⏸, ⏰) come from
tertial/report/symbol_font.py. Every page's footer says "Sida X av Y"; the contents is
filled in at the end, with each heading's page and a link to it, and the headings are
the PDF's bookmarks too.

The writer sets its own lines: it breaks them (at spaces, and at the soft hyphens
tertial.report.hyphenation puts in long words, where it draws a hyphen), places each line
itself and decides every page break. So a table row too tall for what is left of a page
goes on over the page (its header row repeated) instead of leaving the page empty, a
heading keeps the first lines of what it heads on its page, a mark keeps its colour in a
table cell, and the whole report is laid out in a fraction of the time fpdf2's own
multi_cell and table need (they measure each line again for every character).

Charts may come as tertial.report.chart_images.PendingPng: placed at their known size at
once, and drawn in when the browser has made them, just before the file is written.
"""

from __future__ import annotations

import functools
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from tertial.report import symbol_font
from tertial.report.hyphenation import SOFT_HYPHEN, hyphenate
from tertial.report.model import (
    CAPTION, GRADE, LEAD, META, NOTE, Image, Marked, Paragraph, ReportDocument, Section, Table,
)
from tertial.report.model import plain as plain_text
from tertial.visual import swedish_date

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVuSans"
MARGIN = 20  # mm, A4
FOOTER_ROOM = 18
BODY_SIZE = 9.5
LINE = 1.45  # line height in font sizes
PT = 0.3528  # mm per point
TEXT_COLOUR = (38, 39, 48)
GREY = (85, 85, 85)
NOTE_COLOUR = (138, 59, 0)
HEADER_FILL = (232, 237, 242)
RULE = (180, 180, 180)
# Paragraph kinds: (size, bold, colour, space before in mm).
LOOKS = {
    LEAD: (11.5, True, TEXT_COLOUR, 1),
    GRADE: (11.5, True, TEXT_COLOUR, 2),
    META: (7.5, False, GREY, 0),
    NOTE: (9.5, True, NOTE_COLOUR, 2),
    CAPTION: (8.5, True, GREY, 2),
}
BODY_LOOK = (BODY_SIZE, False, TEXT_COLOUR, 0)
# Short paragraphs that belong to what follows them: a heading keeps them and the first
# lines after them on its page.
LEADING_KINDS = (LEAD, GRADE, META, NOTE, CAPTION)
HEADING_SIZES = {1: 16, 2: 11, 3: 10.5}
# What a heading keeps with it on its page: this many lines of the first paragraph or
# table row after it. A paragraph leaves no fewer lines behind at a page's foot, or
# carries no fewer over to the next.
KEEP_LINES = 2
# A table row taller than what is left of the page goes on over the page when at least
# this many of its lines fit here (and KEEP_LINES go over); else it starts the next page.
SPLIT_ROW_LINES = 3
TABLE_PADDING = (1.2, 1.2)  # mm: above and below, left and right ("Ej påbörjad" whole beside its mark)
TABLE_GAP = 2.5  # mm under a table
# The charts are shrunk (to no less than this share of the text's width) so those of one
# section share a page rather than leave the last alone on one.
SMALLEST_IMAGE_SCALE = 0.6
# The marks a cell's later line may start with ("⏰ Försenad" under a status).
LINE_MARKS = ("⏰",)


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[index:index + 2], 16) for index in (0, 2, 4))


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF's bytes, and the page each entry of report.contents() starts on (the
    numbers the PDF's own contents prints), for the Word file's contents."""

    data: bytes
    heading_pages: tuple[int, ...]


class _ReportPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        # The writer breaks every page itself (it measures every line before it draws it).
        self.set_auto_page_break(False, margin=FOOTER_ROOM + 4)
        self.page_break_trigger = self.h - FOOTER_ROOM - 4
        self.c_margin = 0

    def footer(self) -> None:
        self.set_y(-FOOTER_ROOM)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*GREY)
        self.set_y(self.get_y() + 1.5)
        self.cell(self.epw * 0.75, 5, self.footer_text, new_x=XPos.RIGHT, new_y=YPos.TOP)
        # {nb} is replaced by the page count when the file is written.
        self.cell(self.epw * 0.25, 5, f"Sida {self.page_no()} av {{nb}}", align="R")
        self.set_text_color(*TEXT_COLOUR)


class _Metrics:
    """Widths of text in mm, from the fonts' own advance widths (the symbols' font for the
    two marks DejaVu lacks), cached by word: the report repeats its words."""

    def __init__(self, pdf: FPDF):
        self.fonts = {False: pdf.fonts[FAMILY.lower()], True: pdf.fonts[FAMILY.lower() + "B"]}
        self.symbols = pdf.fonts[symbol_font.FAMILY.lower()]
        self.k = pdf.k

    @functools.lru_cache(maxsize=None)  # noqa: B019 - one writer, one report
    def unit_width(self, text: str, bold: bool) -> float:
        """The width of text at 1 pt, in mm."""
        font = self.fonts[bold]
        cmap, widths, symbols = font.cmap, font.cw, self.symbols.cw
        total = 0
        for char in text:
            code = ord(char)
            total += widths[code] if code in cmap else symbols[code]
        return total * 0.001 / self.k

    def width(self, text: str, size: float, bold: bool) -> float:
        return self.unit_width(text, bold) * size

    def has(self, char: str) -> bool:
        return ord(char) in self.fonts[False].cmap


_SPACES = re.compile(r"[ \t]+")
_TOKEN = re.compile(r"\S+")
_ADDRESS = re.compile(r"://|^www\.|@")


def _hyphenated(text: str) -> str:
    """hyphenate(text), but for web and mail addresses: a hyphen drawn in one would be
    copied with it (an address breaks after a '/' or at its own hyphens instead)."""
    if "://" not in text and "@" not in text and "www." not in text:
        return hyphenate(text)
    return _TOKEN.sub(lambda match: match.group(0) if _ADDRESS.search(match.group(0)) else hyphenate(match.group(0)),
                      text)


class _Lines:
    """Breaks text into lines of a width: at spaces, else at a soft hyphen (drawing a
    hyphen there), else after a hyphen between letters, and a word wider than the line
    at any letter as the last resort."""

    def __init__(self, metrics: _Metrics):
        self.metrics = metrics

    def wrap(self, text: str, width: float, size: float, bold: bool) -> list[str]:
        width_of = self.metrics.unit_width
        room = max(width, 1.0) / size  # at least a letter a line, however narrow the column
        space = width_of(" ", bold)
        lines: list[str] = []
        for hard in text.split("\n"):
            words = [word for word in _SPACES.split(hard) if word]
            line, used = "", 0.0
            for word in words:
                shown = word.replace(SOFT_HYPHEN, "")
                wide = width_of(shown, bold)
                gap = space if line else 0.0
                if used + gap + wide <= room:
                    line, used = line + (" " if line else "") + shown, used + gap + wide
                    continue
                head, rest = self.split_word(word, room - used - gap, bold)
                if head and line:
                    lines.append(line + " " + head)
                    word = rest
                elif line:
                    lines.append(line)
                line, used = "", 0.0
                # The word (or its rest) begins a line: broken again while wider than one.
                while word and width_of(word.replace(SOFT_HYPHEN, ""), bold) > room:
                    head, rest = self.split_word(word, room, bold)
                    if not head:
                        head, rest = self.split_anywhere(word.replace(SOFT_HYPHEN, ""), room, bold)
                    lines.append(head)
                    word = rest
                line = word.replace(SOFT_HYPHEN, "")
                used = width_of(line, bold)
            lines.append(line)
        return lines

    def split_word(self, word: str, room: float, bold: bool) -> tuple[str, str]:
        """(the longest head of word that fits room, hyphen included, the rest), or ('', word)."""
        width_of = self.metrics.unit_width
        best = ("", word)
        for index, char in enumerate(word):
            if char == SOFT_HYPHEN:
                head = word[:index].replace(SOFT_HYPHEN, "") + "-"
            elif char == "-" and 0 < index < len(word) - 1 and word[index - 1].isalpha() and word[index + 1].isalpha():
                head = word[:index + 1].replace(SOFT_HYPHEN, "")
            elif char == "/" and 0 < index < len(word) - 1 and word[index + 1] != "/" and word[index - 1] != "/":
                head = word[:index + 1].replace(SOFT_HYPHEN, "")  # an address's path
            else:
                continue
            if width_of(head, bold) > room:
                break
            best = (head, word[index + 1:])
        return best

    def split_anywhere(self, word: str, room: float, bold: bool) -> tuple[str, str]:
        width_of = self.metrics.unit_width
        for end in range(len(word) - 1, 0, -1):
            if width_of(word[:end], bold) <= room:
                return word[:end], word[end:]
        return word[:1], word[1:]


# A table cell's line: (the mark before it, the mark's colour, the words).
CellLine = tuple[str, tuple[int, int, int] | None, str]


class _Writer:
    def __init__(self, report: ReportDocument, font_folder: Path):
        self.report = report
        self.pdf = pdf = _ReportPDF(report.footer)
        pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        symbols = font_folder / f"{symbol_font.FAMILY}.ttf"
        symbols.write_bytes(symbol_font.font_bytes())
        pdf.add_font(symbol_font.FAMILY, "", str(symbols))
        pdf.set_title(report.title)
        pdf.set_author(report.cover.organisation)
        pdf.set_subject("Tertialuppföljning")
        pdf.set_creator("Tertial")
        pdf.set_lang(report.language)
        pdf.set_text_color(*TEXT_COLOUR)
        self.metrics = _Metrics(pdf)
        self.lines = _Lines(self.metrics)
        self.fresh_page = False  # the page just begun holds nothing yet
        self.heading_pages: list[int] = []
        self.pending_images: list[tuple[int, float, float, float, float, Image]] = []

    # -- pages and lines of text -----------------------------------------------------------

    @property
    def bottom(self) -> float:
        return self.pdf.page_break_trigger

    def room(self) -> float:
        return self.bottom - self.pdf.get_y()

    def new_page(self) -> None:
        if not self.fresh_page:
            self.pdf.add_page()
        self.fresh_page = False
        self.pdf.set_y(self.pdf.t_margin)

    def draw_text(self, x: float, y: float, text: str, size: float, bold: bool, colour, height: float) -> float:
        """One line of text, its top at y in a line height; returns the x after it. Runs
        of the two marks DejaVu lacks are set in the symbols' font."""
        pdf = self.pdf
        self.fresh_page = False
        pdf.set_text_color(*colour)
        baseline = y + height / 2 + 0.3 * size * PT  # as fpdf's cell() sets a line
        for run, own in self.runs(text):
            if own:
                pdf.set_font(FAMILY, "B" if bold else "", size)
            else:
                # Scaled to the marks' size: the fallback glyphs are drawn in DejaVu's box.
                pdf.set_font(symbol_font.FAMILY, "", size)
            pdf.text(x, baseline, run)
            x += self.metrics.width(run, size, bold)
        return x

    def runs(self, text: str) -> list[tuple[str, bool]]:
        """text in runs of (characters, in DejaVu Sans)."""
        has = self.metrics.has
        if all(has(char) or char == " " for char in text):
            return [(text, True)]
        runs: list[tuple[str, bool]] = []
        for char in text:
            own = has(char) or char == " "
            if runs and runs[-1][1] == own:
                runs[-1] = (runs[-1][0] + char, own)
            else:
                runs.append((char, own))
        return runs

    def look(self, kind: str) -> tuple[float, bool, tuple[int, int, int], float]:
        return LOOKS.get(kind, BODY_LOOK)

    def paragraph_lines(self, paragraph: Paragraph, width: float) -> list[str]:
        size, bold, _, _ = self.look(paragraph.kind)
        text = paragraph.text
        if isinstance(text, Marked):
            # The mark stays on the first line, before the first word.
            text = f"{text.symbol}\u00a0{text.text}"
        return self.lines.wrap(_hyphenated(text), width, size, bold)

    def paragraph_height(self, paragraph: Paragraph, width: float | None = None, lines: int | None = None) -> float:
        """Its height with the space around it (only its first `lines` lines when given)."""
        size, _, _, before = self.look(paragraph.kind)
        count = len(self.paragraph_lines(paragraph, width or self.pdf.epw))
        if lines is not None:
            count = min(count, lines)
        return before + count * size * LINE * PT + self.space_after(paragraph)

    @staticmethod
    def space_after(paragraph: Paragraph) -> float:
        return 1.2 if paragraph.kind == META else 2

    def paragraph(self, paragraph: Paragraph) -> None:
        pdf = self.pdf
        size, bold, colour, before = self.look(paragraph.kind)
        x = pdf.l_margin
        lines = self.paragraph_lines(paragraph, pdf.epw)
        height = size * LINE * PT
        if not self.fresh_page and pdf.get_y() > pdf.t_margin:
            pdf.set_y(pdf.get_y() + before)
        index = 0
        while index < len(lines):
            fit = int((self.room() + 0.01) // height)
            left = len(lines) - index
            if fit < left:
                # No single line alone at a page's foot, nor alone at the next page's top.
                if fit < min(KEEP_LINES, left):
                    fit = 0
                elif left - fit < KEEP_LINES and left >= 2 * KEEP_LINES:
                    fit = left - KEEP_LINES
                if fit == 0:
                    self.new_page()
                    fit = max(1, int((self.room() + 0.01) // height))
            for line in lines[index:index + fit]:
                y = pdf.get_y()
                if isinstance(paragraph.text, Marked) and index == 0 and line.startswith(paragraph.text.symbol):
                    symbol = paragraph.text.symbol
                    after = self.draw_text(x, y, symbol, size, bold, _hex(paragraph.text.colour), height)
                    self.draw_text(after, y, line[len(symbol):], size, bold, colour, height)
                else:
                    self.draw_text(x, y, line, size, bold, colour, height)
                pdf.set_y(y + height)
                index += 1
            if index < len(lines):
                self.new_page()
        pdf.set_y(pdf.get_y() + self.space_after(paragraph))

    # -- headings, and what they keep with them ----------------------------------------------

    def keep_height(self, blocks) -> float:
        """The room a heading needs below it: the short paragraphs after it and the first
        lines of the paragraph, table or chart they lead to."""
        total = 0.0
        for block in blocks:
            if isinstance(block, Paragraph) and block.kind in LEADING_KINDS:
                total += self.paragraph_height(block)
                continue
            if isinstance(block, Paragraph):
                total += self.paragraph_height(block, lines=KEEP_LINES)
            elif isinstance(block, Table):
                total += self.table_start_height(block)
            elif isinstance(block, Image):
                total += self.image_height(block, SMALLEST_IMAGE_SCALE) + self.caption_height(block)
            break
        return total

    def heading(self, section: Section, new_page: bool, listed: bool) -> None:
        pdf = self.pdf
        size = HEADING_SIZES.get(section.level, 10.5)
        height = size * LINE * PT
        lines = self.lines.wrap(section.heading, pdf.epw, size, True)
        own = len(lines) * height + (3.5 if section.level == 1 else 1)
        before = 6 if section.level == 1 else 4
        if new_page or own + before + self.keep_height(section.blocks) > self.room():
            self.new_page()
        elif not self.fresh_page:
            pdf.set_y(pdf.get_y() + before)
        if listed:
            self.heading_pages.append(pdf.page_no())
        # The outline (bookmarks) takes the heading from here.
        pdf.start_section(section.heading, level=section.level - 1)
        for line in lines:
            y = pdf.get_y()
            self.draw_text(pdf.l_margin, y, line, size, True, TEXT_COLOUR, height)
            pdf.set_y(y + height)
        if section.level == 1:
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.2)
            pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
            pdf.set_y(pdf.get_y() + 3.5)
        else:
            pdf.set_y(pdf.get_y() + 1)

    # -- tables ------------------------------------------------------------------------------

    def table_look(self, table: Table) -> tuple[float, float]:
        size = 7.5 if table.dense else 8.5
        return size, size * 1.3 * PT

    def column_widths(self, table: Table) -> list[float]:
        total = sum(table.widths)
        return [self.pdf.epw * width / total for width in table.widths]

    def mark_gutters(self, table: Table, size: float) -> list[float]:
        """Per column: the room its marks take before the words (0 without marks), so the
        words of a column's cells start at one edge whatever their mark."""
        gutters = []
        for column in range(len(table.columns)):
            marks = [row[column].symbol for row in table.rows if isinstance(row[column], Marked)]
            if not marks:
                gutters.append(0.0)
                continue
            marks += [mark for mark in LINE_MARKS if any(mark in str(row[column]) for row in table.rows)]
            widest = max(self.metrics.width(mark, size, False) for mark in marks)
            gutters.append(widest + self.metrics.width(" ", size, False))
        return gutters

    def cell_lines(self, value, width: float, size: float, bold: bool, gutter: float) -> list[CellLine]:
        """A cell's lines. In a column with marks, each mark stands in the column's gutter
        (in its colour; the overdue mark of a later line, and of a plain cell, in the text's)
        and the words beside it, their lines under one another."""
        inner = width - 2 * TABLE_PADDING[1]
        if not gutter:
            return [("", None, line) for line in self.lines.wrap(_hyphenated(plain_text(value)), inner, size, bold)]
        lines: list[CellLine] = []
        text = value.text if isinstance(value, Marked) else value
        for number, part in enumerate(text.split("\n")):
            first_mark = number == 0 and isinstance(value, Marked)
            mark, colour = (value.symbol, _hex(value.colour)) if first_mark else ("", None)
            for lead in LINE_MARKS:
                if not mark and part.startswith(lead + " "):
                    mark, colour, part = lead, TEXT_COLOUR, part[len(lead) + 1:]
            wrapped = self.lines.wrap(_hyphenated(part), inner - gutter, size, bold)
            lines.append((mark, colour, wrapped[0]))
            lines.extend(("", None, line) for line in wrapped[1:])
        return lines

    def row_lines(self, table: Table, row, widths, gutters, size: float, header: bool) -> list[list[CellLine]]:
        return [self.cell_lines(value, width, size, header or (not table.header and column == 0),
                                gutters[column] if not header else 0.0)
                for column, (value, width) in enumerate(zip(row, widths))]

    def table_start_height(self, table: Table) -> float:
        """A table's caption, header row and the first lines of its first row."""
        size, line = self.table_look(table)
        widths = self.column_widths(table)
        gutters = self.mark_gutters(table, size)
        pad = 2 * TABLE_PADDING[0]
        height = self.paragraph_height(Paragraph(table.caption, CAPTION)) if table.caption else 0.0
        if table.header:
            height += pad + line * max(len(cell) for cell in self.row_lines(table, table.columns, widths, gutters,
                                                                              size, True))
        if table.rows:
            first = max(len(cell) for cell in self.row_lines(table, table.rows[0], widths, gutters, size, False))
            height += pad + line * min(first, SPLIT_ROW_LINES)
        return height

    def draw_row(self, table: Table, cells: list[list[CellLine]], start: int, count: int, widths, gutters,
                 size: float, line: float, header: bool) -> None:
        """Lines start … start+count of a row's cells, in a row of boxes."""
        pdf = self.pdf
        top = pdf.get_y()
        height = count * line + 2 * TABLE_PADDING[0]
        x = pdf.l_margin
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        for column, (cell, width) in enumerate(zip(cells, widths)):
            if header:
                pdf.set_fill_color(*HEADER_FILL)
                pdf.rect(x, top, width, height, style="DF")
            else:
                pdf.rect(x, top, width, height)
            bold = header or (not table.header and column == 0)
            right = table.is_numeric(column)
            y = top + TABLE_PADDING[0]
            for mark, colour, words in cell[start:start + count]:
                left = x + TABLE_PADDING[1]
                if mark:
                    # With its space: a reader copying the cell gets "■ Ej påbörjad", not "■Ej påbörjad".
                    self.draw_text(left, y, mark + " ", size, bold, colour, line)
                left += gutters[column] if not header else 0.0
                if right:
                    left = x + width - TABLE_PADDING[1] - self.metrics.width(words, size, bold)
                if words:
                    self.draw_text(left, y, words, size, bold, TEXT_COLOUR, line)
                y += line
            x += width
        pdf.set_y(top + height)

    def table(self, table: Table, trailing: float = 0.0) -> None:
        """The table, its header row repeated on each page it goes on to. trailing: the
        height of the lines after it that belong to it (its source), kept with its last row."""
        pdf = self.pdf
        size, line = self.table_look(table)
        widths = self.column_widths(table)
        gutters = self.mark_gutters(table, size)
        pad = 2 * TABLE_PADDING[0]
        header = self.row_lines(table, table.columns, widths, gutters, size, True) if table.header else None
        header_lines = max(len(cell) for cell in header) if header else 0
        if self.table_start_height(table) > self.room():
            self.new_page()
        if table.caption:
            self.paragraph(Paragraph(table.caption, CAPTION))

        def draw_header() -> None:
            if header:
                self.draw_row(table, header, 0, header_lines, widths, gutters, size, line, True)

        draw_header()
        for number, row in enumerate(table.rows):
            cells = self.row_lines(table, row, widths, gutters, size, False)
            total = max(len(cell) for cell in cells)
            # The last row keeps room for the gap under the table and the lines that follow it.
            after = trailing + TABLE_GAP if number == len(table.rows) - 1 and trailing else 0.0
            start, at_top = 0, False  # at_top: the page holds only this table's header yet
            while start < total:
                left = total - start
                fit = int((self.room() - after - pad + 0.01) // line)
                if fit >= left:
                    count = left
                else:
                    # Over the page, leaving KEEP_LINES for the next; only a part of at least
                    # SPLIT_ROW_LINES is worth its own piece of a row here.
                    count = fit if left - fit >= KEEP_LINES else left - KEEP_LINES
                    if count < SPLIT_ROW_LINES and not at_top:
                        self.new_page()
                        draw_header()
                        at_top = True
                        continue
                    count = max(count, 1)
                self.draw_row(table, cells, start, count, widths, gutters, size, line, False)
                start += count
                at_top = False
                if start < total:
                    self.new_page()
                    draw_header()
                    at_top = True
        pdf.set_y(pdf.get_y() + TABLE_GAP)

    # -- charts ------------------------------------------------------------------------------

    def image_height(self, image: Image, scale: float) -> float:
        return self.pdf.epw * scale * image.height_px / image.width_px

    def caption_height(self, image: Image) -> float:
        return self.paragraph_height(Paragraph(image.caption, CAPTION)) + 3

    def images(self, images: list[Image]) -> None:
        """A section's charts in a row: all on this page, shrunk as far as
        SMALLEST_IMAGE_SCALE, when they fit so; else as many as fit, the rest after."""
        while images:
            full = [self.image_height(image, 1) for image in images]
            room = self.room()
            captions = sum(self.caption_height(image) for image in images)
            scale = max(0.1, min(1.0, (room - captions) / sum(full)))
            if scale >= SMALLEST_IMAGE_SCALE:
                scales = [scale] * len(images)
            else:
                first = min(1.0, (room - self.caption_height(images[0])) / full[0])
                if first < SMALLEST_IMAGE_SCALE and not self.fresh_page:
                    self.new_page()
                    continue
                scales = [max(first, SMALLEST_IMAGE_SCALE)]
            for image, scale in zip(images, scales):
                self.image(image, scale)
            images = images[len(scales):]

    def image(self, image: Image, scale: float) -> None:
        pdf = self.pdf
        width = pdf.epw * scale
        height = self.image_height(image, scale)
        x = pdf.l_margin  # a shrunk chart stands flush left, as its caption and the text
        y = pdf.get_y()
        if isinstance(image.png, (bytes, bytearray)):
            pdf.image(io.BytesIO(image.png), x=x, y=y, w=width, h=height, alt_text=image.alt)
        else:
            # Still being drawn (chart_images.PendingPng): drawn in at its place before output.
            self.pending_images.append((pdf.page_no(), x, y, width, height, image))
        self.fresh_page = False
        pdf.set_y(y + height)
        self.paragraph(Paragraph(image.caption, CAPTION))
        pdf.set_y(pdf.get_y() + 3)

    def draw_pending_images(self) -> None:
        pdf = self.pdf
        last = pdf.page
        for page, x, y, width, height, image in self.pending_images:
            png = image.png.result()  # ChartImageError when the browser failed
            pdf.page = page
            pdf.image(io.BytesIO(png), x=x, y=y, w=width, h=height, alt_text=image.alt)
        pdf.page = last

    # -- the parts ---------------------------------------------------------------------------

    def cover_line(self, text: str, size: float, bold: bool = False, colour=TEXT_COLOUR) -> None:
        pdf = self.pdf
        height = size * LINE * PT
        for line in self.lines.wrap(text, pdf.epw, size, bold):
            y = pdf.get_y()
            self.draw_text(pdf.l_margin, y, line, size, bold, colour, height)
            pdf.set_y(y + height)

    def cover(self) -> None:
        pdf, cover = self.pdf, self.report.cover
        pdf.add_page()
        pdf.set_y(70)
        self.cover_line(cover.organisation, 16, colour=GREY)
        pdf.set_y(pdf.get_y() + 2)
        self.cover_line(cover.title, 30, bold=True)
        pdf.set_y(pdf.get_y() + 2)
        self.cover_line(cover.period, 20)
        pdf.set_y(pdf.get_y() + 4)
        self.cover_line(cover.goal_level, 12.5, bold=True)
        if cover.focus_area:
            self.cover_line(f"Fokusområde: {cover.focus_area}", 12.5, bold=True)
        pdf.set_y(max(pdf.get_y() + 20, 200))
        self.cover_line(f"Skapad {swedish_date(cover.made_on)}", 10)
        self.cover_line(cover.made_by, 10)
        pdf.set_y(pdf.get_y() + 2)
        self.cover_line(cover.sources, 7.5, colour=GREY)

    # The contents: each entry's look, and its place on its page.
    CONTENTS_NUMBER_WIDTH = 15
    CONTENTS_INDENT = 6
    CONTENTS_LINE = 1.3  # tighter than the text: the contents of a tertial fits one page

    def contents_entry(self, level: int, text: str) -> tuple[float, float, list[str]]:
        """(font size, line height, the title's lines) of one contents entry (the title
        wraps left of the page number)."""
        size = 10 if level == 1 else 8
        width = self.pdf.epw - self.CONTENTS_NUMBER_WIDTH - 3 - self.CONTENTS_INDENT * (level - 1)
        return size, size * self.CONTENTS_LINE * PT, self.lines.wrap(text, width, size, level == 1)

    @staticmethod
    def contents_gap(level: int) -> float:
        return 2.2 if level == 1 else 0.6

    def contents_pages(self) -> int:
        """How many pages the contents takes: its entries placed as render_contents does."""
        pdf = self.pdf
        pages, y = 1, pdf.t_margin + HEADING_SIZES[1] * LINE * PT + 4
        for level, text in self.report.contents():
            _, height, lines = self.contents_entry(level, text)
            y += self.contents_gap(level)
            if y + height * len(lines) > pdf.page_break_trigger:
                pages, y = pages + 1, pdf.t_margin
            y += height * len(lines)
        return pages

    def render_contents(self, pdf: FPDF, outline) -> None:
        """The contents at the placeholder, once every heading's page is known: the
        report's contents() with the pages its headings were drawn on (the bookmarks, in
        `outline`, hold the front sections too, which the contents does not list)."""
        height = HEADING_SIZES[1] * LINE * PT
        self.draw_text(pdf.l_margin, pdf.get_y(), "Innehåll", HEADING_SIZES[1], True, TEXT_COLOUR, height)
        pdf.set_y(pdf.get_y() + height + 4)
        for (level, text), page in zip(self.report.contents(), self.heading_pages):
            size, line_height, lines = self.contents_entry(level, text)
            pdf.set_y(pdf.get_y() + self.contents_gap(level))
            if pdf.get_y() + line_height * len(lines) > pdf.page_break_trigger:
                pdf.add_page()  # while the contents is drawn: its next reserved page
                pdf.set_y(pdf.t_margin)
            top = pdf.get_y()
            link = pdf.add_link(page=page)
            # The page number on the entry's first line, right; the title beside it.
            number = str(page)
            right = pdf.w - pdf.r_margin
            self.draw_text(right - self.metrics.width(number, size, level == 1), top, number, size, level == 1,
                           TEXT_COLOUR, line_height)
            indent = self.CONTENTS_INDENT * (level - 1)
            for index, line in enumerate(lines):
                self.draw_text(pdf.l_margin + indent, top + index * line_height, line, size, level == 1, TEXT_COLOUR,
                               line_height)
            pdf.link(pdf.l_margin + indent, top, pdf.epw - indent, line_height * len(lines), link)
            pdf.set_y(top + line_height * len(lines))

    def sections(self, sections: list[Section], listed: bool) -> None:
        for section in sections:
            self.heading(section, section.new_page, listed and section.level <= 2)
            blocks = section.blocks
            index = 0
            while index < len(blocks):
                block = blocks[index]
                if isinstance(block, Image):
                    end = index
                    while end < len(blocks) and isinstance(blocks[end], Image):
                        end += 1
                    self.images(list(blocks[index:end]))
                    index = end
                    continue
                if isinstance(block, Table):
                    follows = blocks[index + 1:index + 2]
                    trailing = sum(self.paragraph_height(paragraph) for paragraph in follows
                                   if isinstance(paragraph, Paragraph) and paragraph.kind == META)
                    self.table(block, trailing)
                else:
                    self.paragraph(block)
                index += 1

    def lay_out(self) -> None:
        pdf = self.pdf
        self.cover()
        if self.report.front:
            # The decision part: after the cover, before the contents, not listed in it.
            pdf.add_page()
            self.fresh_page = True
            self.sections(self.report.front, listed=False)
        pdf.add_page()
        pdf.insert_toc_placeholder(self.render_contents, pages=self.contents_pages())
        # The placeholder left a fresh page after the contents open: the first section's.
        self.fresh_page = True
        self.sections(self.report.sections, listed=True)

    def finish(self) -> RenderedPdf:
        self.draw_pending_images()
        return RenderedPdf(bytes(self.pdf.output()), tuple(self.heading_pages))


class LaidOutPdf:
    """A report laid out on its pages, not yet written: heading_pages is final, and the
    charts still being drawn are drawn in by finish()."""

    def __init__(self, report: ReportDocument):
        # fpdf2 reads the symbols' font from a file, lazily: the folder lives until finish().
        self._folder = tempfile.TemporaryDirectory(prefix="tertial-pdf-")
        try:
            self._writer = _Writer(report, Path(self._folder.name))
            self._writer.lay_out()
        except BaseException:
            self._folder.cleanup()
            raise
        self.heading_pages = tuple(self._writer.heading_pages)

    def finish(self) -> RenderedPdf:
        """The PDF, once its charts are drawn (ChartImageError when the browser failed)."""
        try:
            return self._writer.finish()
        finally:
            self._folder.cleanup()


def lay_out_pdf(report: ReportDocument) -> LaidOutPdf:
    """The report laid out (its contents' page numbers known), its charts not yet waited for."""
    return LaidOutPdf(report)


def render_pdf(report: ReportDocument) -> RenderedPdf:
    """The report as PDF, with the page each heading of its contents starts on."""
    return lay_out_pdf(report).finish()


def write_pdf(report: ReportDocument) -> bytes:
    """The report as the bytes of a .pdf file."""
    return render_pdf(report).data

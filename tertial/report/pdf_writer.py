"""The tertial report as PDF, drawn from a ReportDocument with fpdf2.

Text is set in DejaVu Sans, bundled in tertial/fonts (with its licence), so the app
needs no system font and the grades' and statuses' marks (● ▲ ◆ ■ ○ ✓ ▶) are text, not
pictures: a reader can search and copy them. The two marks DejaVu lacks (⏸, ⏰) come from
tertial/report/symbol_font.py as a fallback font. Every page's footer says "Sida X av Y";
the contents is filled in at the end, with each heading's page and a link to it, and
the headings are the PDF's bookmarks too.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from tertial.report import symbol_font
from tertial.report.model import (
    CAPTION, GRADE, LEAD, META, NOTE, Image, Marked, Paragraph, ReportDocument, Table, plain,
)
from tertial.visual import swedish_date

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVuSans"
MARGIN = 20  # mm, A4
FOOTER_ROOM = 18
BODY_SIZE = 9.5
LINE = 1.45  # line height in font sizes
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
HEADING_SIZES = {1: 16, 2: 11, 3: 10.5}
# A heading needs this much room below it on its page, or it starts the next one.
HEADING_ROOM = 45


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[index:index + 2], 16) for index in (0, 2, 4))


class _ReportPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=FOOTER_ROOM + 4)
        self.c_margin = 0

    def footer(self) -> None:
        self.set_y(-FOOTER_ROOM)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*GREY)
        self.set_y(self.get_y() + 1.5)
        self.cell(self.epw * 0.75, 5, self.footer_text, new_x=XPos.RIGHT, new_y=YPos.TOP)
        # {nb} is replaced by the page count when the file is written.
        self.cell(self.epw * 0.25, 5, f"Sida {self.page_no()} av {{nb}}", align="R")
        self.set_text_color(*TEXT_COLOUR)


class _Writer:
    def __init__(self, report: ReportDocument, font_folder: Path):
        self.report = report
        self.pdf = pdf = _ReportPDF(report.footer)
        pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        symbols = font_folder / f"{symbol_font.FAMILY}.ttf"
        symbols.write_bytes(symbol_font.font_bytes())
        pdf.add_font(symbol_font.FAMILY, "", str(symbols))
        pdf.set_fallback_fonts([symbol_font.FAMILY], exact_match=False)
        pdf.set_title(report.title)
        pdf.set_author("Tertial")
        pdf.set_subject("Tertialuppföljning")
        pdf.set_creator("Tertial")
        pdf.set_lang("sv-SE")
        pdf.set_text_color(*TEXT_COLOUR)

    # -- text ------------------------------------------------------------------------------

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)

    def lines(self, text: str, size: float, bold: bool = False, colour=TEXT_COLOUR, align: str = "L") -> None:
        self.font(size, bold)
        self.pdf.set_text_color(*colour)
        self.pdf.set_x(self.pdf.l_margin)
        self.pdf.multi_cell(0, size * LINE * 0.3528, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_text_color(*TEXT_COLOUR)

    def marked(self, text: Marked, size: float, bold: bool) -> None:
        """A symbol in its colour, then the words, wrapping as one paragraph."""
        pdf = self.pdf
        height = size * LINE * 0.3528
        self.font(size, bold)
        pdf.set_x(pdf.l_margin)
        pdf.set_text_color(*_hex(text.colour))
        pdf.write(height, text.symbol + " ")
        pdf.set_text_color(*TEXT_COLOUR)
        pdf.write(height, text.text)
        pdf.ln(height)

    def paragraph(self, paragraph: Paragraph) -> None:
        size, bold, colour, before = LOOKS.get(paragraph.kind, (BODY_SIZE, False, TEXT_COLOUR, 0))
        self.pdf.set_y(self.pdf.get_y() + before)
        if isinstance(paragraph.text, Marked):
            self.marked(paragraph.text, size, bold)
        else:
            self.lines(paragraph.text, size, bold, colour)
        self.pdf.set_y(self.pdf.get_y() + (1.2 if paragraph.kind == META else 2))

    def heading(self, text: str, level: int, new_page: bool) -> None:
        pdf = self.pdf
        if new_page:
            pdf.add_page()
        elif pdf.will_page_break(HEADING_ROOM):
            pdf.add_page()
        else:
            pdf.set_y(pdf.get_y() + (6 if level == 1 else 4))
        # The outline (bookmarks) and the contents take the heading from here.
        pdf.start_section(text, level=level - 1)
        self.lines(text, HEADING_SIZES.get(level, 10.5), bold=True)
        if level == 1:
            pdf.set_draw_color(*RULE)
            pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
            pdf.set_y(pdf.get_y() + 3)
        else:
            pdf.set_y(pdf.get_y() + 1)

    # -- tables and images -----------------------------------------------------------------

    def table(self, table: Table) -> None:
        pdf = self.pdf
        if table.caption:
            self.paragraph(Paragraph(table.caption, CAPTION))
        size = 7.5 if table.dense else 8.5
        self.font(size)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        with pdf.table(
            col_widths=table.widths, width=pdf.epw, align="LEFT", text_align="LEFT", v_align="TOP",
            line_height=size * 1.3 * 0.3528, padding=(1.2, 1.4), repeat_headings=1,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL, color=TEXT_COLOUR),
        ) as pdf_table:
            header = pdf_table.row()
            for index, name in enumerate(table.columns):
                header.cell(name, align="R" if table.is_numeric(index) else "L")
            for row in table.rows:
                cells = pdf_table.row()
                for index, value in enumerate(row):
                    cells.cell(plain(value), align="R" if table.is_numeric(index) else "L")
        pdf.set_y(pdf.get_y() + 2.5)

    def image(self, image: Image) -> None:
        pdf = self.pdf
        width = pdf.epw
        height = width * image.height_px / image.width_px
        if pdf.will_page_break(height + 10):
            pdf.add_page()
        pdf.image(io.BytesIO(image.png), x=pdf.l_margin, w=width, h=height, alt_text=image.alt)
        self.paragraph(Paragraph(image.caption, CAPTION))
        pdf.set_y(pdf.get_y() + 3)

    # -- the parts -------------------------------------------------------------------------

    def cover(self) -> None:
        pdf, cover = self.pdf, self.report.cover
        pdf.add_page()
        pdf.set_y(70)
        self.lines(cover.organisation, 16, colour=GREY)
        pdf.set_y(pdf.get_y() + 2)
        self.lines(cover.title, 30, bold=True)
        pdf.set_y(pdf.get_y() + 2)
        self.lines(cover.period, 20)
        pdf.set_y(pdf.get_y() + 4)
        self.lines(cover.goal_level, 12.5, bold=True)
        if cover.focus_area:
            self.lines(f"Fokusområde: {cover.focus_area}", 12.5, bold=True)
        pdf.set_y(max(pdf.get_y() + 20, 200))
        self.lines(f"Skapad {swedish_date(cover.made_on)}", 10)
        self.lines(cover.made_by, 10)
        pdf.set_y(pdf.get_y() + 2)
        self.lines(cover.sources, 7.5, colour=GREY)

    # The contents: each entry's look, and its place on its page.
    CONTENTS_NUMBER_WIDTH = 15
    CONTENTS_INDENT = 6
    CONTENTS_LINE = 1.3  # tighter than the text: the contents of a tertial fits one page

    def contents_entry(self, level: int, text: str) -> tuple[float, float, float]:
        """(font size, line height, the entry's height) of one contents entry, measured in
        the font it is drawn in (the title wraps left of the page number)."""
        size = 10 if level == 1 else 8.5
        height = size * self.CONTENTS_LINE * 0.3528
        self.font(size, level == 1)
        width = self.pdf.epw - self.CONTENTS_NUMBER_WIDTH - 3 - self.CONTENTS_INDENT * (level - 1)
        lines = self.pdf.multi_cell(width, height, text, align="L", dry_run=True, output="LINES")
        return size, height, len(lines) * height

    @staticmethod
    def contents_gap(level: int) -> float:
        return 2.5 if level == 1 else 0.8

    def contents_pages(self) -> int:
        """How many pages the contents takes: its entries placed as render_contents does."""
        pdf = self.pdf
        pages, y = 1, pdf.t_margin + HEADING_SIZES[1] * LINE * 0.3528 + 4
        for level, text in self.report.contents():
            _, _, height = self.contents_entry(level, text)
            y += self.contents_gap(level)
            if y + height > pdf.page_break_trigger:
                pages, y = pages + 1, pdf.t_margin
            y += height
        return pages

    def render_contents(self, pdf: FPDF, outline) -> None:
        """The contents at the placeholder, once every heading's page is known."""
        self.lines("Innehåll", HEADING_SIZES[1], bold=True)
        pdf.set_y(pdf.get_y() + 4)
        for section in outline:
            level = section.level + 1
            if level > 2:
                continue
            size, line_height, height = self.contents_entry(level, section.name)
            pdf.set_y(pdf.get_y() + self.contents_gap(level))
            if pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()  # while the contents is drawn: its next reserved page
                pdf.set_y(pdf.t_margin)
            top = pdf.get_y()
            link = pdf.add_link(page=section.page_number)
            self.font(size, level == 1)
            # The page number first, on the entry's first line, then the title beside it.
            pdf.set_xy(pdf.w - pdf.r_margin - self.CONTENTS_NUMBER_WIDTH, top)
            pdf.cell(self.CONTENTS_NUMBER_WIDTH, line_height, str(section.page_number), align="R", link=link)
            indent = self.CONTENTS_INDENT * (level - 1)
            pdf.set_xy(pdf.l_margin + indent, top)
            pdf.multi_cell(pdf.epw - self.CONTENTS_NUMBER_WIDTH - 3 - indent, line_height, section.name, link=link,
                           align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_y(top + height)

    def write(self) -> bytes:
        pdf = self.pdf
        self.cover()
        pdf.add_page()
        pdf.insert_toc_placeholder(self.render_contents, pages=self.contents_pages())
        first = True
        for section in self.report.sections:
            # The placeholder left the page after the contents open: no blank page.
            self.heading(section.heading, section.level, section.new_page and not first)
            first = False
            for block in section.blocks:
                if isinstance(block, Table):
                    self.table(block)
                elif isinstance(block, Image):
                    self.image(block)
                else:
                    self.paragraph(block)
        return bytes(pdf.output())


def write_pdf(report: ReportDocument) -> bytes:
    """The report as the bytes of a .pdf file."""
    with tempfile.TemporaryDirectory(prefix="tertial-pdf-") as folder:
        # fpdf2 reads a font from a file, once, when it is added.
        return _Writer(report, Path(folder)).write()

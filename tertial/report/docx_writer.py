"""The tertial report as a Word document (DOCX), drawn from a ReportDocument with
python-docx.

Headings use Word's own Heading styles, so Word's navigation pane and the contents work
on them. The contents is a TOC field: its cached text lists the headings (what a viewer
that does not update fields shows), and the document asks Word to update its fields when
opened (settings: updateFields), which fills in the page numbers. The footer carries PAGE
and NUMPAGES fields ("Sida 3 av 24"). The document's language is Swedish.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tertial.report.model import (
    CAPTION, GRADE, LEAD, META, NOTE, Image, Marked, Paragraph, ReportDocument, Table, Text,
)
from tertial.visual import swedish_date

LANGUAGE = "sv-SE"
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)  # A4
MARGIN = Cm(2.2)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
GREY = RGBColor(0x55, 0x55, 0x55)
NOTE_COLOUR = RGBColor(0x8A, 0x3B, 0x00)
HEADER_FILL = "E8EDF2"
# The report's own paragraph styles, by model kind: (style name, size, bold, colour).
STYLES = {
    LEAD: ("Tertial ledtext", 13, True, None),
    GRADE: ("Tertial bedömning", 12, True, None),
    META: ("Tertial metatext", 8.5, False, GREY),
    NOTE: ("Tertial notering", 10, True, NOTE_COLOUR),
    CAPTION: ("Tertial bildtext", 9, True, GREY),
}
TABLE_TEXT = "Tertial tabelltext"
# The marks in a font Windows always has that has every one of them (● ▲ ◆ ■ ○ ✓ ▶ ⏸ ⏰);
# elsewhere the application falls back to a font that has them.
SYMBOL_FONT = "Segoe UI Symbol"
# Narrow cell margins (twentieths of a point) in the dense activity tables: the dates
# and their headers keep to one line.
DENSE_CELL_MARGIN = 60
# settings.xml children that come after w:updateFields in the schema's order.
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
}


def _styled(container, style_ids: dict[str, str], style: str | None = None, text: str = ""):
    """A new paragraph in a style, set by its id: python-docx's look-up of a style by name
    reads every style in the file, and a report sets a style on some thousand paragraphs."""
    paragraph = container.add_paragraph(text)
    if style:
        paragraph._p.style = style_ids[style]
    return paragraph


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _set_language(element) -> None:
    """w:lang on a style's or the defaults' run properties: Word's spelling and a screen
    reader's voice follow it."""
    rpr = element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _setup_styles(document) -> dict[str, str]:
    """The report's styles; returns every paragraph style's id by name."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    _set_language(normal.element)
    for name, size, bold, colour in STYLES.values():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        if colour is not None:
            style.font.color.rgb = colour
        # Every one of the report's own styles stays with what follows: a goal's heading, its KF
        # goal line, its grade and the analysis's first lines stay on one page.
        style.paragraph_format.keep_with_next = True
    styles[STYLES[GRADE][0]].paragraph_format.space_before = Pt(4)
    table_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(8)
    table_text.paragraph_format.space_after = Pt(0)
    for level in (1, 2):
        # Word's own names for the contents' entry styles ("toc 1"), so Word uses them.
        entry = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        entry.base_style = normal
        entry.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        entry.paragraph_format.space_after = Pt(2 if level == 2 else 4)
        entry.font.bold = level == 1
        entry.font.size = Pt(10 if level == 1 else 9.5)
    for level in (1, 2):
        styles[f"Heading {level}"].paragraph_format.keep_with_next = True
    return {style.name: style.style_id for style in styles if style.type == WD_STYLE_TYPE.PARAGRAPH}


def _settings(document) -> None:
    """Swedish settings, and updateFields: Word asks to update the fields (the contents'
    page numbers) when it opens the file."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later = next((child for child in settings if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS), None)
    if later is None:
        settings.append(update)
    else:
        later.addprevious(update)
    for child in settings:
        name = child.tag.split("}")[-1]
        if name == "themeFontLang":
            child.set(qn("w:val"), LANGUAGE)
        elif name == "decimalSymbol":
            child.set(qn("w:val"), ",")
        elif name == "listSeparator":
            child.set(qn("w:val"), ";")


def _add_text(paragraph, text: Text, size: float | None = None) -> None:
    """The text's runs: a Marked text's symbol in its colour; line breaks kept."""
    runs = []
    if isinstance(text, Marked):
        symbol = paragraph.add_run(text.symbol + " ")
        symbol.font.color.rgb = _rgb(text.colour)
        symbol.font.name = SYMBOL_FONT
        runs.append(symbol)
        text = text.text
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break(WD_BREAK.LINE)  # a run's break comes before its text
        run.add_text(line)
        runs.append(run)
    if size:
        for run in runs:
            run.font.size = Pt(size)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) with the text shown until Word updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _field_char(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _contents(document, ids: dict[str, str], report: ReportDocument) -> None:
    """The TOC field over Heading 1–2, its cached result the headings themselves."""
    heading = _styled(document, ids, "TOC Heading", "Innehåll")
    heading.paragraph_format.page_break_before = True
    _styled(document, ids, STYLES[META][0],
            "Sidnumren fylls i när Word uppdaterar fälten: svara Ja när Word frågar om det när dokumentet öppnas, "
            "eller högerklicka i förteckningen och välj Uppdatera fält.")
    entries = report.contents() or [(1, "(inga rubriker)")]
    for index, (level, text) in enumerate(entries):
        paragraph = _styled(document, ids, f"toc {level}")
        if index == 0:
            _field_char(paragraph, "begin")
            instruction = paragraph.add_run()
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = ' TOC \\o "1-2" \\h \\z \\u '
            instruction._r.append(instr)
            _field_char(paragraph, "separate")
        paragraph.add_run(text)
        if index == len(entries) - 1:
            _field_char(paragraph, "end")


def _cover(document, ids: dict[str, str], report: ReportDocument) -> None:
    cover = report.cover
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Cm(5)
    _styled(document, ids, "Subtitle", cover.organisation)
    _styled(document, ids, "Title", cover.title)
    period = _styled(document, ids, STYLES[LEAD][0])
    period.add_run(cover.period).font.size = Pt(20)
    _styled(document, ids, STYLES[LEAD][0], cover.goal_level)
    if cover.focus_area:
        _styled(document, ids, STYLES[LEAD][0], f"Fokusområde: {cover.focus_area}")
    made = document.add_paragraph(f"Skapad {swedish_date(cover.made_on)}")
    made.paragraph_format.space_before = Cm(3)
    document.add_paragraph(cover.made_by)
    _styled(document, ids, STYLES[META][0], cover.sources)


def _footer(document, report: ReportDocument) -> None:
    section = document.sections[0]
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(report.footer + "\t").font.size = Pt(8)
    paragraph.add_run("Sida ").font.size = Pt(8)
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" av ").font.size = Pt(8)
    _field(paragraph, "NUMPAGES", "1")


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_margins(word_table, twips: int) -> None:
    properties = word_table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # The schema's order: tblCellMar comes before tblLook, tblCaption and tblDescription.
    later = next((child for child in properties if child.tag in {qn("w:tblLook"), qn("w:tblCaption"),
                                                                  qn("w:tblDescription")}), None)
    if later is None:
        properties.append(margins)
    else:
        later.addprevious(margins)


def _table(document, ids: dict[str, str], table: Table) -> None:
    if table.caption:
        _styled(document, ids, STYLES[CAPTION][0], table.caption)
    word_table = document.add_table(rows=1, cols=len(table.columns))
    word_table.style = document.styles["Table Grid"]
    word_table.alignment = WD_TABLE_ALIGNMENT.LEFT
    word_table.autofit = False
    total = sum(table.widths)
    widths = [int(TEXT_WIDTH * width / total) for width in table.widths]
    # The grid's widths too: LibreOffice (and Word on a table it re-fits) follows the grid,
    # not the cells.
    for column, width in zip(word_table.columns, widths):
        column.width = width
    size = 8 if table.dense else 9
    if table.dense:
        _cell_margins(word_table, DENSE_CELL_MARGIN)
    header = word_table.rows[0]
    # The header row repeats on every page a long table runs over.
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    right = [table.is_numeric(index) for index in range(len(table.columns))]
    for cell, name, width, flush_right in zip(header.cells, table.columns, widths, right):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph._p.style = ids[TABLE_TEXT]
        if flush_right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(name)
        run.bold = True
        run.font.size = Pt(size)
        _shade(cell, HEADER_FILL)
    for row in table.rows:
        cells = word_table.add_row().cells
        for cell, value, width, flush_right in zip(cells, row, widths, right):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph._p.style = ids[TABLE_TEXT]
            if flush_right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _add_text(paragraph, value, size)
    _styled(document, ids, STYLES[META][0]).paragraph_format.space_after = Pt(2)


def _image(document, ids: dict[str, str], image: Image) -> None:
    holder = document.add_paragraph()
    holder.paragraph_format.keep_with_next = True  # the caption stays with its figure
    picture = holder.add_run().add_picture(io.BytesIO(image.png), width=TEXT_WIDTH)
    # The chart's text alternative, where Word and screen readers look for it.
    picture._inline.docPr.set("descr", image.alt)
    picture._inline.docPr.set("title", image.caption)
    _styled(document, ids, STYLES[CAPTION][0], image.caption).paragraph_format.keep_with_next = False


def _paragraph(document, ids: dict[str, str], paragraph: Paragraph) -> None:
    style = STYLES[paragraph.kind][0] if paragraph.kind in STYLES else None
    _add_text(_styled(document, ids, style), paragraph.text)


def write_docx(report: ReportDocument) -> bytes:
    """The report as the bytes of a .docx file."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    ids = _setup_styles(document)
    _settings(document)
    properties = document.core_properties
    properties.title = report.title
    properties.subject = "Tertialuppföljning"
    properties.author = "Tertial"
    properties.language = LANGUAGE
    properties.keywords = "måluppföljning; tertial"

    _cover(document, ids, report)
    _contents(document, ids, report)
    for part in report.sections:
        heading = _styled(document, ids, f"Heading {min(part.level, 3)}", part.heading)
        heading.paragraph_format.page_break_before = part.new_page
        for block in part.blocks:
            if isinstance(block, Table):
                _table(document, ids, block)
            elif isinstance(block, Image):
                _image(document, ids, block)
            else:
                _paragraph(document, ids, block)
    _footer(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


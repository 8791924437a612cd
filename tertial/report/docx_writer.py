"""The tertial report as a Word document (DOCX), drawn from a ReportDocument with
python-docx.

Headings use Word's own Heading styles, so Word's navigation pane works on them. Each
contents entry links to a bookmark on its heading and gives its page as a PAGEREF field
to that bookmark, its cached result the page the PDF puts the heading on. The entries are
not wrapped in a TOC field: LibreOffice shows a TOC field's cached text as it is, but
lays out a free PAGEREF itself, so there every number is the page of its own layout
(Word and LibreOffice set the text in their own fonts, and a chapter can start a page or
two from the PDF's). Word shows the cached numbers until its fields are updated (F9).
Nothing asks the reader to update anything. The marks (● ▲ ◆ ■ ○ ✓ ▶ ⏸ ⏰) are set in
"Tertial Symbols", embedded in the file (tertial/report/symbol_font.py), since no font
every reader's machine has holds all of them. Text carries the Swedish dictionary's soft
hyphens (tertial/report/hyphenation.py) as w:softHyphen, so Word and LibreOffice break a
long word at a syllable, with a hyphen. The document's language is Swedish throughout.
"""

from __future__ import annotations

import functools
import io
import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from tertial.report import symbol_font
from tertial.report.hyphenation import SOFT_HYPHEN, hyphenate
from tertial.report.model import (
    CAPTION, GRADE, LEAD, META, NOTE, Image, Marked, Paragraph, ReportDocument, Section, Table, Text,
)
from tertial.visual import (
    GRADE_COLOURS, GRADE_ORDER, GRADE_SYMBOLS, STATUS_COLOURS, STATUS_ORDER, STATUS_SYMBOLS, grade_label,
    status_label, swedish_date,
)

PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)  # A4
MARGIN = Cm(2.2)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
EMU_PER_TWIP = 635
TABLE_STYLE_ID = "TableGrid"  # Word's "Table Grid", in python-docx's template
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
# The front's headings look like Heading 1 and 2 but have no outline level, so the TOC
# field (which collects outline levels 1–2) never lists them, in Word or LibreOffice.
FRONT_HEADINGS = {1: "Tertial beslutsrubrik", 2: "Tertial beslutsrubrik 2"}
CONTENTS_TITLE = "Innehåll"
BOOKMARK_PREFIX = "_Toc"  # Word's own prefix for the contents' bookmarks: hidden in its bookmark list
FOOTER_SIZE = 8
MARK_FONT = symbol_font.MARK_FAMILY
# The characters set in the mark font wherever they stand ("!" only as part of a mark).
_MARK_RUN = re.compile("([%s]+)" % re.escape("".join(sorted(symbol_font.MARK_CHARACTERS - {" ", "!"}))))
# A plain text that is exactly a grade's or a status's label gets its mark's colour, as a
# Marked one does (the charts' data tables carry them as plain text).
_LABELS: dict[str, Marked] = {
    **{grade_label(grade): Marked(GRADE_SYMBOLS[grade], grade, GRADE_COLOURS[grade]) for grade in GRADE_ORDER},
    **{status_label(status): Marked(STATUS_SYMBOLS[status], status, STATUS_COLOURS[status])
       for status in STATUS_ORDER},
}
# Table Grid's cell margins, and the narrower ones of the dense activity tables (twips).
CELL_MARGIN, DENSE_CELL_MARGIN = 108, 60
FONTS = Path(__file__).resolve().parent.parent / "fonts"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# settings.xml children that come before w:embedTrueTypeFonts in the schema's order.
_BEFORE_EMBEDDING = {
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime", "doNotDisplayPageBoundaries",
    "displayBackgroundShape", "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
}


# -- the pages the PDF gives the headings -------------------------------------------------------


def pdf_heading_pages(report: ReportDocument) -> tuple[int, ...]:
    """The page of each of report.contents() in the PDF's layout."""
    from tertial.report import pdf_writer

    return pdf_writer.render_pdf(report).heading_pages


# -- runs ----------------------------------------------------------------------------------------


def _run(text: str = "", *, font: str | None = None, colour: str | None = None, size: float | None = None,
         bold: bool | None = None):
    """A w:r: its text's soft hyphens as w:softHyphen, the markup Word itself writes for an
    optional hyphen (LibreOffice reads it the same), and its line breaks as w:br."""
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    # In the schema's order: rFonts, b, color, sz, szCs.
    if font:
        fonts = OxmlElement("w:rFonts")
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{slot}"), font)
        properties.append(fonts)
    if bold is not None:
        properties.append(OxmlElement("w:b", {qn("w:val"): "1" if bold else "0"}))
    if colour:
        properties.append(OxmlElement("w:color", {qn("w:val"): colour.lstrip("#").upper()}))
    if size:
        half_points = str(round(size * 2))
        properties.append(OxmlElement("w:sz", {qn("w:val"): half_points}))
        properties.append(OxmlElement("w:szCs", {qn("w:val"): half_points}))
    if len(properties):
        run.append(properties)
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        for part, piece in enumerate(line.split(SOFT_HYPHEN)):
            if part:
                run.append(OxmlElement("w:softHyphen"))
            if piece:
                element = OxmlElement("w:t")
                element.text = piece
                if piece != piece.strip():
                    element.set(qn("xml:space"), "preserve")
                run.append(element)
    return run


def _text_runs(text: Text, *, size: float | None = None, bold: bool | None = None, hyphenated: bool = True) -> list:
    """The runs of a text: a Marked text's symbol (and a known label's) in the mark font
    and its colour, any other mark character in the mark font, the words hyphenated."""
    if isinstance(text, str) and text in _LABELS:
        text = _LABELS[text]
    runs = []
    if isinstance(text, Marked):
        runs.append(_run(text.symbol + " ", font=MARK_FONT, colour=text.colour, size=size, bold=bold))
        text = text.text
    for index, segment in enumerate(_MARK_RUN.split(text)):
        if not segment:
            continue
        if index % 2:
            runs.append(_run(segment, font=MARK_FONT, size=size, bold=bold))
        else:
            runs.append(_run(hyphenate(segment) if hyphenated else segment, size=size, bold=bold))
    return runs


def _add_text(paragraph, text: Text, **looks) -> None:
    for run in _text_runs(text, **looks):
        paragraph._p.append(run)


def _styled(container, style_ids: dict[str, str], style: str | None = None, text: Text = "",
            hyphenated: bool = True):
    """A new paragraph in a style, set by its id (python-docx's look-up of a style by name
    reads every style in the file, and a report sets a style on some thousand paragraphs)."""
    paragraph = container.add_paragraph()
    if style:
        paragraph._p.style = style_ids[style]
    if text:
        _add_text(paragraph, text, hyphenated=hyphenated)
    return paragraph


def _field_char(kind: str):
    run = _run()
    run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    return run


def _instruction(text: str):
    run = _run()
    instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instruction.text = text
    run.append(instruction)
    return run


def _bookmark_name(number: int) -> str:
    return f"{BOOKMARK_PREFIX}{number:08d}"


def _bookmark(paragraph, name: str) -> None:
    """A bookmark around the paragraph's text."""
    number = name.removeprefix(BOOKMARK_PREFIX).lstrip("0")
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): number, qn("w:name"): name})
    properties = paragraph._p.pPr
    if properties is None:
        paragraph._p.insert(0, start)
    else:
        properties.addnext(start)
    paragraph._p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): number}))


# -- styles, settings, properties ----------------------------------------------------------------


def _set_language(properties, language: str) -> None:
    """w:lang in run properties (a style's, the defaults'): Word's spelling, its
    hyphenation and a screen reader's voice follow it."""
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)


def _set_tabs(style, position: int, alignment, leader=None) -> None:
    """The style's one tab stop, in place of any it had (the template's Footer has a
    centre and a right stop for a Letter page)."""
    properties = style.element.get_or_add_pPr()
    for tabs in properties.findall(qn("w:tabs")):
        properties.remove(tabs)
    if leader is None:
        style.paragraph_format.tab_stops.add_tab_stop(position, alignment)
    else:
        style.paragraph_format.tab_stops.add_tab_stop(position, alignment, leader)


def _setup_styles(document, language: str) -> dict[str, str]:
    """The report's styles; returns every paragraph style's id by name."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    default_run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if default_run is not None:
        _set_language(default_run, language)
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    _set_language(normal.element.get_or_add_rPr(), language)
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
        # Word's own name and id for the contents' entry styles, so its TOC field uses them.
        entry = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
        entry.element.set(qn("w:styleId"), f"TOC{level}")
        entry.base_style = normal
        entry.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        # A long goal's title wraps short of the page numbers' column.
        entry.paragraph_format.right_indent = Cm(1.0)
        entry.paragraph_format.space_before = Pt(4 if level == 1 else 0)
        entry.paragraph_format.space_after = Pt(2)
        entry.font.bold = level == 1
        entry.font.size = Pt(10 if level == 1 else 9.5)
        _set_tabs(entry, TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    for level in (1, 2):
        styles[f"Heading {level}"].paragraph_format.keep_with_next = True
        front = styles.add_style(FRONT_HEADINGS[level], WD_STYLE_TYPE.PARAGRAPH)
        front.base_style = styles[f"Heading {level}"]
        front.next_paragraph_style = normal
        front.paragraph_format.keep_with_next = True
        front.element.get_or_add_pPr().append(OxmlElement("w:outlineLvl", {qn("w:val"): "9"}))
    footer = styles["Footer"]
    # One size for the text and the PAGE and NUMPAGES fields' results, which take the style's.
    footer.font.size = Pt(FOOTER_SIZE)
    footer.font.color.rgb = GREY
    _set_tabs(footer, TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    return {style.name: style.style_id for style in styles if style.type == WD_STYLE_TYPE.PARAGRAPH}


def _drop_styles_with_effects(document) -> None:
    """The template's stylesWithEffects.xml: Word 2010's copy of the styles, with its own
    defaults (en-US) and none of the report's styles; Word reads styles.xml without it."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.rels.pop(rel_id)


def _settings(document, language: str) -> None:
    """Swedish settings; the embedded font kept; no prompt to update fields (the contents
    is written complete) and no claim that the spelling has been checked."""
    settings = document.settings.element
    for child in list(settings):
        name = child.tag.split("}")[-1]
        if name in {"updateFields", "proofState"}:
            settings.remove(child)
        elif name == "themeFontLang":
            child.set(qn("w:val"), language)
        elif name == "decimalSymbol":
            child.set(qn("w:val"), ",")
        elif name == "listSeparator":
            child.set(qn("w:val"), ";")
    later = next((child for child in settings if child.tag.split("}")[-1] not in _BEFORE_EMBEDDING), None)
    # saveSubsetFonts: were Word to embed more fonts on saving, only the characters used.
    for name in ("embedTrueTypeFonts", "saveSubsetFonts"):
        element = OxmlElement(f"w:{name}")
        if later is None:
            settings.append(element)
        else:
            later.addprevious(element)


def _properties(document, report: ReportDocument) -> None:
    """The core and app properties say what the document is, who made it and when, in
    place of the python-docx template's (its author, its 2013 date, Word for Mac)."""
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    properties = document.core_properties
    properties.title = report.title
    properties.subject = f"{report.cover.title} {report.cover.period}"
    properties.author = properties.last_modified_by = report.cover.organisation
    properties.created = properties.modified = now
    properties.revision = 1
    properties.language = report.language
    properties.keywords = "måluppföljning; tertial; " + report.cover.goal_level
    properties.comments = report.cover.made_by
    properties.category = "Måluppföljning"
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            organisation = escape(report.cover.organisation)
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                f"<Application>Tertial</Application><DocSecurity>0</DocSecurity><Company>{organisation}</Company>"
                "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
                "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
            ).encode()
        elif rel.reltype == RT.THUMBNAIL:
            # The template's picture of its own blank page, not of this document.
            package.rels.pop(rel_id)


# -- the embedded mark font ----------------------------------------------------------------------


def obfuscate_font(font: bytes, key: uuid.UUID) -> bytes:
    """ECMA-376 part 1, 17.8.1: the first 32 bytes XORed with the GUID's 16 bytes, in the
    reverse of the order its hex digits are written. Its own inverse."""
    secret = bytes.fromhex(key.hex)[::-1]
    head = bytes(byte ^ secret[index % 16] for index, byte in enumerate(font[:32]))
    return head + font[32:]


def _embed_mark_font(document) -> None:
    """MARK_FONT in word/fonts/font1.odttf, listed with its key in fontTable.xml."""
    font = symbol_font.mark_font_bytes()
    key = uuid.uuid4()
    document_part = document.part
    table_part = document_part.part_related_by(RT.FONT_TABLE)
    font_part = Part(PackURI("/word/fonts/font1.odttf"), OBFUSCATED_FONT, obfuscate_font(font, key),
                     document_part.package)
    rel_id = table_part.relate_to(font_part, RT.FONT)
    from fontTools.ttLib import TTFont

    os2 = TTFont(io.BytesIO(font))["OS/2"]
    entry = parse_xml(
        f'<w:font {nsdecls("w", "r")} w:name="{MARK_FONT}"><w:charset w:val="00"/><w:family w:val="swiss"/>'
        '<w:pitch w:val="variable"/>'
        f'<w:sig w:usb0="{os2.ulUnicodeRange1:08X}" w:usb1="{os2.ulUnicodeRange2:08X}" '
        f'w:usb2="{os2.ulUnicodeRange3:08X}" w:usb3="{os2.ulUnicodeRange4:08X}" '
        f'w:csb0="{os2.ulCodePageRange1:08X}" w:csb1="{os2.ulCodePageRange2:08X}"/>'
        f'<w:embedRegular r:id="{rel_id}" w:fontKey="{{{str(key).upper()}}}"/></w:font>'
    )
    fonts = parse_xml(table_part.blob)
    fonts.append(entry)
    table_part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- measuring text, for tables' columns ----------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, int], int]:
    """DejaVu Sans's advance widths by character, and its units per em: as wide as the
    widest of the fonts the text may be set in (Calibri in Word, its substitute in
    LibreOffice), so a word measured to fit fits."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))
    metrics = font["hmtx"].metrics
    return {code: metrics[name][0] for code, name in font.getBestCmap().items()}, font["head"].unitsPerEm


def _width(text: str, size: float, bold: bool) -> int:
    """The text's width in twips."""
    advances, units = _advances(bold)
    return round(sum(advances.get(ord(char), units) for char in text) * size * 20 / units)


def _column_widths(table: Table, size: float, margin: int) -> list[int]:
    """Each column's width in EMU: table.widths' shares of the text width, widened where a
    header's word or a date or number would not fit on one line (a header never breaks
    inside a word), the room taken from the columns that have it to spare."""
    total = sum(table.widths)
    width = TEXT_WIDTH // EMU_PER_TWIP
    shares = [width * share / total for share in table.widths]
    needs = []
    for index in range(len(table.columns)):
        words = table.columns[index].split() if table.header else []
        need = max((_width(word, size, True) for word in words), default=0)
        for row in table.rows:
            for token in str(row[index]).split():
                if any(char.isdigit() for char in token):
                    need = max(need, _width(token, size, not table.header and index == 0))
        needs.append(need + 2 * margin + 20)  # 20: a point to spare for rounding
    short = sum(max(need - share, 0) for need, share in zip(needs, shares))
    spare = sum(max(share - need, 0) for need, share in zip(needs, shares))
    if short and spare:
        scale = min(short / spare, 1)
        shares = [need if need > share else share - (share - need) * scale for need, share in zip(needs, shares)]
    return [int(share) * EMU_PER_TWIP for share in shares]


# -- the parts -----------------------------------------------------------------------------------


def _cover(document, ids: dict[str, str], report: ReportDocument) -> None:
    cover = report.cover
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Cm(5)
    _styled(document, ids, "Subtitle", cover.organisation, hyphenated=False)
    _styled(document, ids, "Title", cover.title, hyphenated=False)
    period = _styled(document, ids, STYLES[LEAD][0])
    _add_text(period, cover.period, size=20)
    _styled(document, ids, STYLES[LEAD][0], cover.goal_level)
    if cover.focus_area:
        _styled(document, ids, STYLES[LEAD][0], f"Fokusområde: {cover.focus_area}")
    made = _styled(document, ids, None, f"Skapad {swedish_date(cover.made_on)}")
    made.paragraph_format.space_before = Cm(3)
    _styled(document, ids, None, cover.made_by)
    _styled(document, ids, STYLES[META][0], cover.sources)


def _contents(document, ids: dict[str, str], entries: list[tuple[int, str]], pages: Sequence[int],
              bookmarks: Sequence[str]) -> None:
    """The contents: each entry its heading, a dotted tab and a PAGEREF field to the
    heading's bookmark (cached: the PDF's page), the whole linked to the heading."""
    heading = _styled(document, ids, "TOC Heading", CONTENTS_TITLE, hyphenated=False)
    heading.paragraph_format.page_break_before = True
    if not entries:
        _styled(document, ids, "toc 1")._p.append(_run("Rapporten har inga rubriker."))
        return
    for (level, text), page, bookmark in zip(entries, pages, bookmarks, strict=True):
        paragraph = _styled(document, ids, f"toc {level}")
        link = OxmlElement("w:hyperlink", {qn("w:anchor"): bookmark, qn("w:history"): "1"})
        link.extend(_text_runs(text, hyphenated=False))
        tab = _run()
        tab.append(OxmlElement("w:tab"))
        link.extend((tab, _field_char("begin"), _instruction(f" PAGEREF {bookmark} \\h "), _field_char("separate"),
                     _run(str(page)), _field_char("end")))
        paragraph._p.append(link)


def _footer(document, ids: dict[str, str], report: ReportDocument) -> None:
    """The running text left, "Sida X av Y" flush right at the text's edge, all in the
    Footer style's one size."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph._p.style = ids["Footer"]
    for element in (_run(report.footer), _tab_run(), _run("Sida ")):
        paragraph._p.append(element)
    _simple_field(paragraph, "PAGE", "1")
    paragraph._p.append(_run(" av "))
    _simple_field(paragraph, "NUMPAGES", "1")


def _tab_run():
    run = _run()
    run.append(OxmlElement("w:tab"))
    return run


def _simple_field(paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES): its result's run has no size of its own, so it
    takes the paragraph style's, as the text beside it does."""
    field = OxmlElement("w:fldSimple", {qn("w:instr"): instruction})
    field.append(_run(shown))
    paragraph._p.append(field)


# Qualified names of the table's elements and attributes, built once.
_W_TCPR, _W_TCW, _W_SHD, _W_P, _W_PPR, _W_PSTYLE, _W_JC, _W_TRPR, _W_TBLHEADER = (
    qn(f"w:{name}") for name in ("tcPr", "tcW", "shd", "p", "pPr", "pStyle", "jc", "trPr", "tblHeader"))
_W_W, _W_TYPE, _W_VAL, _W_COLOR, _W_FILL = (qn(f"w:{name}") for name in ("w", "type", "val", "color", "fill"))
EMU_PER_TWIP = 635
TABLE_STYLE_ID = "TableGrid"  # Word's "Table Grid", in python-docx's template


def _cell_margins(word_table, twips: int) -> None:
    properties = word_table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): str(twips), qn("w:type"): "dxa"}))
    # The schema's order: tblCellMar comes before tblLook, tblCaption and tblDescription.
    later = next((child for child in properties if child.tag in {qn("w:tblLook"), qn("w:tblCaption"),
                                                                  qn("w:tblDescription")}), None)
    if later is None:
        properties.append(margins)
    else:
        later.addprevious(margins)


def _cell(width: int, style_id: str, flush_right: bool, runs: list, fill: str | None = None):
    """A w:tc of a width (EMU) holding one paragraph of runs, built directly: python-docx's
    add_row and cell properties cost two thirds of a report's Word file."""
    cell = OxmlElement("w:tc")
    properties = etree.SubElement(cell, _W_TCPR)
    etree.SubElement(properties, _W_TCW, {_W_W: str(int(width) // EMU_PER_TWIP), _W_TYPE: "dxa"})
    if fill:
        etree.SubElement(properties, _W_SHD, {_W_VAL: "clear", _W_COLOR: "auto", _W_FILL: fill})
    paragraph = etree.SubElement(cell, _W_P)
    paragraph_properties = etree.SubElement(paragraph, _W_PPR)
    etree.SubElement(paragraph_properties, _W_PSTYLE, {_W_VAL: style_id})
    if flush_right:
        etree.SubElement(paragraph_properties, _W_JC, {_W_VAL: "right"})
    paragraph.extend(runs)
    return cell


def _table(document, ids: dict[str, str], table: Table) -> None:
    if table.caption:
        _styled(document, ids, STYLES[CAPTION][0], table.caption)
    word_table = document.add_table(rows=0, cols=len(table.columns))
    # By id: a look-up by name reads every style in the file, for each of some thirty tables.
    word_table._tbl.tblPr.style = TABLE_STYLE_ID
    word_table.alignment = WD_TABLE_ALIGNMENT.LEFT
    word_table.autofit = False
    size = 8 if table.dense else 9
    margin = DENSE_CELL_MARGIN if table.dense else CELL_MARGIN
    if table.dense:
        _cell_margins(word_table, margin)
    widths = _column_widths(table, size, margin)
    # The grid's widths too: LibreOffice (and Word on a table it re-fits) follows the grid,
    # not the cells.
    for column, width in zip(word_table.columns, widths):
        column.width = width
    right = [table.is_numeric(index) for index in range(len(table.columns))]
    style_id = ids[TABLE_TEXT]
    rows = word_table._tbl
    if table.header:
        header = OxmlElement("w:tr")
        # The header row repeats on every page a long table runs over.
        etree.SubElement(etree.SubElement(header, _W_TRPR), _W_TBLHEADER, {_W_VAL: "true"})
        for name, width, flush_right in zip(table.columns, widths, right):
            # Not hyphenated: the column is wide enough for the header's longest word.
            header.append(_cell(width, style_id, flush_right,
                                _text_runs(name, size=size, bold=True, hyphenated=False), HEADER_FILL))
        rows.append(header)
    for row in table.rows:
        line = OxmlElement("w:tr")
        for index, (value, width, flush_right) in enumerate(zip(row, widths, right)):
            # Without a header, the first column is the facts' labels.
            bold = True if not table.header and index == 0 else None
            line.append(_cell(width, style_id, flush_right, _text_runs(value, size=size, bold=bold)))
        rows.append(line)
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
    _styled(document, ids, style, paragraph.text)


def _section(document, ids: dict[str, str], part: Section, style: str, new_page: bool):
    # Headings wrap between words, never inside one, as typesetting has it.
    heading = _styled(document, ids, style, part.heading, hyphenated=False)
    heading.paragraph_format.page_break_before = new_page
    for block in part.blocks:
        if isinstance(block, Table):
            _table(document, ids, block)
        elif isinstance(block, Image):
            _image(document, ids, block)
        else:
            _paragraph(document, ids, block)
    return heading


def write_docx(report: ReportDocument, heading_pages: Sequence[int] | None = None) -> bytes:
    """The report as the bytes of a .docx file. heading_pages[i]: the page of
    report.contents()[i] in the PDF's layout, which the contents gives; None: laid out
    here by the PDF writer."""
    entries = report.contents()
    if heading_pages is None:
        heading_pages = pdf_heading_pages(report)
    if len(heading_pages) != len(entries):
        raise ValueError(f"{len(heading_pages)} heading pages for the contents' {len(entries)} entries.")
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    ids = _setup_styles(document, report.language)
    _drop_styles_with_effects(document)
    _settings(document, report.language)
    _properties(document, report)
    _embed_mark_font(document)

    _cover(document, ids, report)
    for index, part in enumerate(report.front):
        style = FRONT_HEADINGS.get(part.level, f"Heading {min(part.level, 3)}")
        _section(document, ids, part, style, index == 0 or part.new_page)
    bookmarks = [_bookmark_name(number) for number in range(1, len(entries) + 1)]
    _contents(document, ids, entries, heading_pages, bookmarks)
    listed = iter(bookmarks)
    for part in report.sections:
        heading = _section(document, ids, part, f"Heading {min(part.level, 3)}", part.new_page)
        if part.level <= 2:  # as report.contents() lists them, in its order
            _bookmark(heading, next(listed))
    _footer(document, ids, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

"""The Word file of the tertial report, read back as files: its contents against the
PDF's pages, its front part, properties, footer, the embedded mark font, soft hyphens,
and a real LibreOffice rendering of it (one conversion for the module).

The report is T2 2023's from the bundled database, made without chart images (the
charts' tables stand in: quicker, and their cells carry grade labels as plain text), with
a front part as a committee secretary attaches one: a decision, a fact table without a
header row and a level-2 heading.
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime, timedelta, timezone

import docx
import pypdfium2
import pytest
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from lxml import etree

from tertial.db import connect
from tertial.report import ReportRequest, build_report, write_docx, write_pdf
from tertial.report.docx_writer import FRONT_HEADINGS, TEXT_WIDTH, obfuscate_font
from tertial.report.hyphenation import SOFT_HYPHEN
from tertial.report.model import Image, Marked, Paragraph, Section, Table, plain
from tertial.visual import GRADE_COLOURS, GRADE_SYMBOLS, OVERDUE_MARK, STATUS_COLOURS, STATUS_SYMBOLS, swedish_date

MADE_ON = date(2023, 9, 15)
MARK_FONT = "Tertial Symbols"
MARKS = set("".join((*GRADE_SYMBOLS.values(), *STATUS_SYMBOLS.values(), OVERDUE_MARK))) - {"!"}
TWIPS = TEXT_WIDTH // 635
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FRONT = [
    Section("Förslag till beslut", 1, [Paragraph(
        "Kommunstyrelsen godkänner tertialuppföljningen för tertial 2 2023 och lägger den till handlingarna.")]),
    Section("Ärendet", 1, [Table(
        ("Uppgift", "Värde"),
        (("Diarienummer", "KS 2023/123"), ("Handläggare", "Kommunledningsförvaltningen"),
         ("Beslutsinstans", "Kommunstyrelsen")),
        (1, 2), header=False)], new_page=False),
    Section("Bakgrund", 2, [Paragraph("Uppföljningen redovisar kommunstyrelsens utvecklingsmål och aktiviteter.")]),
]


def w(name: str) -> str:
    return qn(f"w:{name}")


# -- the files, each made once ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(bundled_db):
    with connect(bundled_db, read_only=True) as con:
        document = build_report(con, ReportRequest("2023-T2"), database_name=bundled_db.name, made_on=MADE_ON,
                                draw=None)
    return dataclasses.replace(document, front=list(FRONT))


@pytest.fixture(scope="module")
def made_at():
    return datetime.now(timezone.utc)


@pytest.fixture(scope="module")
def docx_bytes(report, made_at) -> bytes:
    return write_docx(report)


@pytest.fixture(scope="module")
def word(docx_bytes):
    return docx.Document(io.BytesIO(docx_bytes))


@pytest.fixture(scope="module")
def package(docx_bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def body(word):
    return word.element.body


@pytest.fixture(scope="module")
def pdf_outline(report) -> list[tuple[int, str, int]]:
    """(level from 1, title, page from 1) of the PDF's own outline."""
    pdf = pypdfium2.PdfDocument(write_pdf(report))
    try:
        return [(item.level + 1, item.get_title(), item.get_dest().get_index() + 1) for item in pdf.get_toc()]
    finally:
        pdf.close()


def paragraph_text(paragraph) -> str:
    """The words of a w:p (soft hyphens are not text), its runs in hyperlinks too."""
    return "".join(node.text or "" for node in paragraph.iter(w("t")))


def style_of(paragraph) -> str | None:
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    return None if style is None else style.get(w("val"))


def toc_entries(body) -> list:
    return [p for p in body.iter(w("p")) if style_of(p) in {"TOC1", "TOC2"}]


# -- the contents -----------------------------------------------------------------------------------


def test_the_contents_gives_each_heading_the_pdfs_page_and_links_to_it(body, report, pdf_outline, word):
    entries = toc_entries(body)
    contents = report.contents()
    assert len(entries) == len(contents) > 20
    # The PDF's outline, in order: each contents entry is the next item of that title.
    outline = iter(pdf_outline)
    pages = [next(page for level, title, page in outline if title == heading) for _, heading in contents]
    bookmarks = {node.get(w("name")): node.getparent() for node in body.iter(w("bookmarkStart"))}
    for entry, (level, heading), page in zip(entries, contents, pages, strict=True):
        assert style_of(entry) == f"TOC{level}"
        link = entry.find(w("hyperlink"))
        anchor = link.get(w("anchor"))
        texts = [node.text for node in link.iter(w("t"))]
        instructions = [node.text.strip() for node in link.iter(w("instrText"))]
        assert "".join(texts[:-1]) == heading and texts[-1] == str(page), heading
        assert link.find(f"{w('r')}/{w('tab')}") is not None
        assert instructions == [f"PAGEREF {anchor} \\h"]
        target = bookmarks[anchor]  # the bookmark is on the heading itself
        assert paragraph_text(target) == heading and style_of(target) == f"Heading{level}"
    assert pages == sorted(pages) and pages[0] > 2
    # No TOC field around the entries (LibreOffice would show its cached text as it is): the
    # PAGEREFs alone, which LibreOffice lays out itself.
    assert not [node.text for node in body.iter(w("instrText")) if "TOC" in node.text]
    kinds = [node.get(w("fldCharType")) for node in body.iter(w("fldChar"))]
    assert kinds.count("begin") == kinds.count("end") == len(entries)
    title = next(p for p in word.paragraphs if p.style.name == "TOC Heading")
    assert title.text == "Innehåll"
    text = " ".join(p.text for p in word.paragraphs)
    assert "Sidnumren" not in text and "Uppdatera" not in text
    assert word.settings.element.find(w("updateFields")) is None


def test_the_contents_entries_have_a_dotted_tab_at_the_text_width(word):
    for level in (1, 2):
        style = word.styles[f"toc {level}"]
        assert style.style_id == f"TOC{level}"
        tabs = style.element.findall(f"{w('pPr')}/{w('tabs')}/{w('tab')}")
        assert [(tab.get(w("val")), tab.get(w("leader")), int(tab.get(w("pos")))) for tab in tabs] == [
            ("right", "dot", TWIPS)]


def test_write_docx_gives_the_pages_it_is_given_and_refuses_a_wrong_count(report):
    pages = [100 + index for index in range(len(report.contents()))]
    written = docx.Document(io.BytesIO(write_docx(report, pages))).element.body
    shown = [[node.text for node in entry.iter(w("t"))][-1] for entry in toc_entries(written)]
    assert shown == [str(page) for page in pages]
    with pytest.raises(ValueError, match="heading pages"):
        write_docx(report, pages[:-1])


# -- the front --------------------------------------------------------------------------------------


def test_the_front_comes_after_the_cover_before_the_contents_and_is_not_listed(word, body, report):
    paragraphs = list(body.iter(w("p")))
    texts = [paragraph_text(p) for p in paragraphs]
    decision = texts.index("Förslag till beslut")
    assert texts.index("Skapad 15 september 2023") < decision < texts.index("Innehåll")
    assert texts.index("Bakgrund") < texts.index("Innehåll") < texts.index("Om rapporten")
    # Each part starts a page: the front, and the contents after it.
    for heading in ("Förslag till beslut", "Innehåll"):
        assert paragraphs[texts.index(heading)].find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None
    assert style_of(paragraphs[decision]) == word.styles[FRONT_HEADINGS[1]].style_id
    assert style_of(paragraphs[texts.index("Bakgrund")]) == word.styles[FRONT_HEADINGS[2]].style_id
    # Word's heading looks, but no outline level: the TOC field does not collect them.
    for level, name in FRONT_HEADINGS.items():
        style = word.styles[name]
        assert style.base_style.name == f"Heading {level}"
        assert style.element.find(f"{w('pPr')}/{w('outlineLvl')}").get(w("val")) == "9"
    listed = [paragraph_text(entry) for entry in toc_entries(body)]
    assert not any(entry.startswith(("Förslag till beslut", "Ärendet", "Bakgrund")) for entry in listed)
    assert [section.heading for section in report.front] == ["Förslag till beslut", "Ärendet", "Bakgrund"]


def test_a_fact_table_has_no_header_row_and_bold_labels(word):
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Diarienummer")
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Diarienummer", "KS 2023/123"], ["Handläggare", "Kommunledningsförvaltningen"],
        ["Beslutsinstans", "Kommunstyrelsen"]]
    assert table._tbl.find(f"{w('tr')}/{w('trPr')}/{w('tblHeader')}") is None
    for row in table.rows:
        label, value = (cell.paragraphs[0].runs for cell in row.cells)
        assert all(run.bold for run in label) and not any(run.bold for run in value)
    activities = next(t for t in word.tables if t.rows[0].cells[0].text == "Aktivitet")
    assert activities.rows[0]._tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None


# -- properties -------------------------------------------------------------------------------------


def test_the_properties_say_what_who_when_and_swedish(word, package, report, made_at):
    properties = word.core_properties
    assert properties.title == report.title
    assert properties.subject and properties.keywords
    assert properties.author == properties.last_modified_by == "Ånge kommun"
    for moment in (properties.created, properties.modified):
        moment = moment.replace(tzinfo=timezone.utc)
        assert made_at - timedelta(seconds=60) <= moment <= datetime.now(timezone.utc)
    assert properties.revision == 1
    assert properties.language == "sv-SE"
    for name in ("docProps/core.xml", "docProps/app.xml"):
        assert b"python-docx" not in package[name] and b"2013-12-23" not in package[name]
    app = etree.fromstring(package["docProps/app.xml"])
    assert app.findtext("{*}Application") == "Tertial"
    assert b"Microsoft" not in package["docProps/app.xml"]
    assert not any(name.startswith("docProps/thumbnail") for name in package)
    # Swedish wherever the file declares a default language.
    styles = etree.fromstring(package["word/styles.xml"])
    default = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
    assert default.get(w("val")) == "sv-SE"
    assert {lang.get(w("val")) for lang in styles.iter(w("lang")) if lang.get(w("val"))} == {"sv-SE"}
    for name, part in package.items():
        for lang in etree.fromstring(part).iter(w("lang")) if name.endswith(".xml") else ():
            assert lang.get(w("val")) == "sv-SE", name
    assert "word/stylesWithEffects.xml" not in package  # the template's copy of its styles, defaults en-US
    settings = etree.fromstring(package["word/settings.xml"])
    assert settings.find(w("themeFontLang")).get(w("val")) == "sv-SE"
    assert settings.find(w("proofState")) is None  # the spelling is not said to be checked


# -- the footer -------------------------------------------------------------------------------------


def test_the_footer_is_one_size_with_the_page_flush_right_at_the_text_width(word):
    footer = word.sections[0].footer
    [paragraph] = footer.paragraphs
    assert paragraph.style.name == "Footer"
    element = paragraph._p
    assert [field.get(w("instr")) for field in element.iter(w("fldSimple"))] == ["PAGE", "NUMPAGES"]
    runs = list(element.iter(w("r")))
    assert len(runs) >= 6 and not any(run.find(f"{w('rPr')}/{w('sz')}") is not None for run in runs)
    style = word.styles["Footer"]
    assert style.font.size.pt == 8
    tabs = style.element.findall(f"{w('pPr')}/{w('tabs')}/{w('tab')}")
    assert [(tab.get(w("val")), int(tab.get(w("pos")))) for tab in tabs] == [("right", TWIPS)]
    assert element.find(f"{w('pPr')}/{w('tabs')}") is None
    assert paragraph_text(element) == "Ånge kommun · Tertialuppföljning Tertial 2 2023Sida 1 av 1"
    assert element.find(f"{w('r')}/{w('tab')}") is not None


# -- the marks and their font -----------------------------------------------------------------------


def test_the_mark_font_is_embedded_obfuscated_and_has_every_mark(package):
    types = etree.fromstring(package["[Content_Types].xml"])
    declared = {node.get("Extension") or node.get("PartName").lstrip("/"): node.get("ContentType") for node in types}
    assert declared.get("odttf", declared.get("word/fonts/font1.odttf")) == OBFUSCATED_FONT
    fonts = etree.fromstring(package["word/fontTable.xml"])
    entry = next(font for font in fonts if font.get(w("name")) == MARK_FONT)
    embedded = entry.find(w("embedRegular"))
    relationships = etree.fromstring(package["word/_rels/fontTable.xml.rels"])
    relationship = next(rel for rel in relationships if rel.get("Id") == embedded.get(f"{{{R}}}id"))
    assert relationship.get("Type") == FONT_RELATIONSHIP and relationship.get("Target") == "fonts/font1.odttf"
    key = embedded.get(w("fontKey"))
    assert re.fullmatch(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", key)
    # ECMA-376 part 1, 17.8.1: the GUID's bytes, its hex digits read from the end, XOR the first 32.
    secret = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    data = bytearray(package["word/fonts/font1.odttf"])
    for index in range(32):
        data[index] ^= secret[index % 16]
    assert bytes(data[:4]) == b"\x00\x01\x00\x00"  # a TrueType font
    font = TTFont(io.BytesIO(bytes(data)))
    assert font["name"].getBestFamilyName() == MARK_FONT
    cmap = font.getBestCmap()
    for mark in MARKS | {"!", " "}:
        assert ord(mark) in cmap, mark
        if mark != " ":
            assert font["glyf"][cmap[ord(mark)]].numberOfContours != 0, mark
    assert etree.fromstring(package["word/settings.xml"]).find(w("embedTrueTypeFonts")) is not None


def test_obfuscation_follows_the_standards_byte_order():
    import uuid

    key = uuid.UUID("{01234567-89AB-CDEF-0123-456789ABCDEF}")
    hidden = obfuscate_font(bytes(40), key)
    assert hidden[:32] == bytes.fromhex("EFCDAB8967452301EFCDAB8967452301") * 2 and hidden[32:] == bytes(8)
    assert obfuscate_font(hidden, key) == bytes(40)


def run_font(run) -> str | None:
    fonts = run.find(f"{w('rPr')}/{w('rFonts')}")
    return None if fonts is None else fonts.get(w("ascii"))


def test_every_mark_is_set_in_the_mark_font(body, word):
    marked = 0
    for run in body.iter(w("r")):
        text = "".join(node.text or "" for node in run.iter(w("t")))
        if set(text) & MARKS:
            marked += 1
            fonts = run.find(f"{w('rPr')}/{w('rFonts')}")
            assert {fonts.get(w(slot)) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {MARK_FONT}, text
            assert not set(text) - MARKS - {" ", "!"}, text  # the words stay in the text's font
    assert marked > 100
    assert not any(run_font(run) == "Segoe UI Symbol" for run in body.iter(w("r")))


def test_marks_are_in_their_colour_in_paragraphs_and_table_cells(word, report):
    tables = [block for part in [*report.front, *report.sections] for block in part.blocks if isinstance(block, Table)]
    assert len(tables) == len(word.tables)
    checked = 0
    for model, table in zip(tables, word.tables, strict=True):
        rows = table.rows[1:] if model.header else table.rows
        for values, row in zip(model.rows, rows, strict=True):
            for value, cell in zip(values, row.cells, strict=True):
                colour = None
                if isinstance(value, Marked):
                    colour = value.colour
                elif value in {f"{symbol} {grade}" for grade, symbol in GRADE_SYMBOLS.items()}:
                    colour = GRADE_COLOURS[value.split(" ", 1)[1]]  # a chart table's label, plain text
                if colour:
                    first = cell.paragraphs[0].runs[0]
                    assert str(first.font.color.rgb) == colour.lstrip("#").upper(), value
                    assert run_font(first._r) == MARK_FONT
                    checked += 1
    assert checked > 60  # every activity's status, the legend, the charts' tables
    grades = [p for p in word.paragraphs if p.style.name == "Tertial bedömning"]
    assert len(grades) == 21
    for paragraph in grades:
        symbol, words = paragraph.runs[0], paragraph.runs[1]
        grade = words.text
        assert symbol.text.strip() == GRADE_SYMBOLS.get(grade, "○")
        assert str(symbol.font.color.rgb) == GRADE_COLOURS[grade].lstrip("#").upper()
    waiting = next(cell for table in word.tables for row in table.rows for cell in row.cells
                   if cell.text == "⏸ Vänteläge")
    assert str(waiting.paragraphs[0].runs[0].font.color.rgb) == STATUS_COLOURS["Vänteläge"].lstrip("#")


# -- hyphenation ------------------------------------------------------------------------------------


def test_soft_hyphens_are_softhyphen_elements_in_text_and_cells_not_in_headers(body, word):
    assert not any(SOFT_HYPHEN in (node.text or "") for node in body.iter(w("t")))
    assert len(list(body.iter(w("softHyphen")))) > 1000
    # 001 rad 216: "medarbetarsamtalsmallen", breakable at its syllables.
    cell = next(c for t in word.tables for row in t.rows for c in row.cells if "medarbetarsamtalsmallen" in c.text)
    assert len(list(cell._tc.iter(w("softHyphen")))) >= 5
    # 001 rad 305, an analysis: its words whole as text, breakable where Swedish allows.
    analysis = next(p for p in word.paragraphs if "men då ingen är avslutad bedöms målet som Knappt" in p.text)
    assert analysis.style.name == "Normal" and SOFT_HYPHEN not in analysis.text
    assert analysis._p.find(f".//{w('softHyphen')}") is not None
    # Headings and header cells are not hyphenated: they wrap between words.
    for paragraph in word.paragraphs:
        if paragraph.style.name.startswith(("Heading", "TOC", "toc")):
            assert paragraph._p.find(f".//{w('softHyphen')}") is None, paragraph.text
    for table in word.tables:
        if table._tbl.find(f"{w('tr')}/{w('trPr')}/{w('tblHeader')}") is not None:
            assert table.rows[0]._tr.find(f".//{w('softHyphen')}") is None


def test_header_words_fit_their_columns(word):
    from tertial.report.docx_writer import DENSE_CELL_MARGIN, _width

    activities = [t for t in word.tables if t.rows[0].cells[0].text == "Aktivitet"]
    assert activities
    for table in activities:
        grid = [int(col.get(w("w"))) for col in table._tbl.tblGrid.iter(w("gridCol"))]
        assert abs(sum(grid) - TWIPS) <= len(grid)
        for name, width in zip((cell.text for cell in table.rows[0].cells), grid, strict=True):
            longest = max(_width(part, 8, True) for part in name.split())
            assert longest + 2 * DENSE_CELL_MARGIN <= width, name


# -- LibreOffice ------------------------------------------------------------------------------------


def vocabulary(report) -> set[str]:
    """Every word of the document's own texts, case-folded."""
    texts = [report.footer, report.title, *map(str, vars(report.cover).values()), "Innehåll Sida av",
             f"Skapad {swedish_date(report.cover.made_on)}"]
    for part in [*report.front, *report.sections]:
        texts.append(part.heading)
        for block in part.blocks:
            if isinstance(block, Table):
                texts += [*block.columns, block.caption or "", *(plain(value) for row in block.rows for value in row)]
            elif isinstance(block, Image):
                texts.append(block.caption)
            else:
                texts.append(plain(block.text))
    return {word.casefold() for text in texts for word in re.findall(r"\w+", text)}


@pytest.fixture(scope="module")
def libreoffice(docx_bytes, tmp_path_factory):
    """The Word file as LibreOffice renders it: (pdf bytes, its folder)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "rapport.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return (folder / "rapport.pdf").read_bytes(), folder


needs_libreoffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")


@needs_libreoffice
def test_libreoffice_draws_every_mark_in_the_embedded_font(libreoffice):
    pdf, folder = libreoffice
    fonts = subprocess.run(["pdffonts", str(folder / "rapport.pdf")], capture_output=True, text=True, check=True).stdout
    line = next(line for line in fonts.splitlines() if "TertialSymbols" in line)
    assert " yes " in line  # embedded in the PDF: LibreOffice took it from the Word file
    assert "Segoe" not in fonts and "Emoji" not in fonts
    text = subprocess.run(["pdftotext", str(folder / "rapport.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    for mark in ("⏸ Vänteläge", "⏰ Försenad", "● Uppfyllt", "▲ Delvis uppfyllt", "◆ Knappt uppfyllt",
                 "■ Ej uppfyllt", "▶! Pågående med avvikelse", "✓ Avslutad enligt plan"):
        assert mark in text, mark


@needs_libreoffice
def test_libreoffice_pages_front_then_contents_and_footer(libreoffice):
    _, folder = libreoffice
    text = subprocess.run(["pdftotext", "-layout", str(folder / "rapport.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")[:-1]
    assert pages[1].lstrip().startswith("Förslag till beslut")
    assert "Innehåll" in pages[2] and "Innehåll" not in pages[1]
    count = len(pages)
    for number, page in enumerate(pages, start=1):
        footer = page.rstrip().splitlines()[-1]
        assert re.fullmatch(rf"Ånge kommun · Tertialuppföljning Tertial 2 2023 +Sida {number} av {count}", footer)


@needs_libreoffice
def test_libreoffice_numbers_the_contents_with_its_own_pages(libreoffice, report):
    """Each contents entry's number, as LibreOffice prints it, is the page on which
    LibreOffice sets that heading (the PAGEREF fields are laid out, not cached text)."""
    _, folder = libreoffice
    text = subprocess.run(["pdftotext", "-layout", str(folder / "rapport.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [page.splitlines() for page in text.split("\f")[:-1]]
    start = next(index for index, page in enumerate(pages) if page and page[0].strip() == "Innehåll")
    printed, pending = [], ""
    # The title, then the entries up to each page's footer, over the pages the contents takes.
    lines = [*pages[start][1:-1], *(line for page in pages[start + 1:start + 3] for line in page[:-1])]
    for line in lines:
        entry = re.fullmatch(r"\s*(.*?)\.{3,}\s*(\d+)\s*", line)
        if entry:
            printed.append((" ".join(f"{pending} {entry.group(1)}".split()), int(entry.group(2))))
            pending = ""
        elif line.strip() and "Sida" not in line:
            pending += " " + line.strip()
    headings = [heading for _, heading in report.contents()]
    # (A heading's own final full stop runs into the dotted leader.)
    printed = printed[:len(headings)]
    assert [title.rstrip(".") for title, _ in printed] == [" ".join(heading.split()).rstrip(".") for heading in headings]
    # The page after the contents on which each heading stands as a line of its own, in order.
    after = start + 1
    for title, number in printed:
        first_line = title[:30]
        found = next(index for index in range(after, len(pages))
                     if any(line.strip().startswith(first_line) for line in pages[index][:-1]))
        assert number == found + 1, title
        after = found


@needs_libreoffice
def test_libreoffice_breaks_no_word_without_a_hyphen(libreoffice, report):
    """Every word LibreOffice sets is a word of the document, or a piece of one broken
    at a hyphen: "medarbe-" + "tarsamtalsmallen", never "medarbetarsamtalsma" + "llen"."""
    _, folder = libreoffice
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(folder / "rapport.pdf"), "-"], capture_output=True,
                            text=True, check=True).stdout
    words = vocabulary(report)
    pages = re.findall(r"<page.*?</page>", layout, re.S)
    words |= {str(number) for number in range(1, len(pages) + 1)}  # the contents' and footer's page numbers
    prefixes = {word[:end] for word in words for end in range(1, len(word) + 1)}
    pending: list[str] = []  # the parts before a hyphen at a line's end, waiting for the rest
    broken = []
    hyphenated = 0
    for number, page in enumerate(pages, start=1):
        # A table's cells side by side can share a line here: any word ending in "-" may be a break.
        for shown in (html.unescape(word) for word in re.findall(r"<word[^>]*>([^<]*)</word>", page)):
            parts = [part.casefold() for part in re.findall(r"\w+", shown)]
            for index, part in enumerate(parts):
                last_before_hyphen = shown.endswith("-") and index == len(parts) - 1
                known = prefixes if last_before_hyphen else words
                if part not in known and index == 0:
                    # The rest of a word broken at a line's end (the latest such break first).
                    joined = next((before for before in reversed(pending) if before + part in known), None)
                    if joined is not None:
                        pending.remove(joined)
                        part = joined + part
                        hyphenated += 1
                if part not in known:
                    broken.append((number, shown))
                if last_before_hyphen:
                    pending.append(part)
    assert not broken
    assert hyphenated > 50  # LibreOffice did break words, at their soft hyphens

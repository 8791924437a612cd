"""Real report documents, made at test time from a bundled report's text.

The bundled reports are text exports; the next tertial arrives as the documents
themselves. This module makes those documents in the layouts municipalities produce, so
that the tests can check that every format reads to the same rows:

Paragraphs are the document's, not the export's lines: a line the export broke at its
page width flows on in its paragraph (flows_on, torn_apart), so Word and Chromium wrap it
at their own width; every other line break of the export stays a line break.

- "word": a .docx made with python-docx: '#' headings as Heading styles, runs of
  tab-separated lines as bordered Word tables ("Table Grid", header row not repeated, as
  Word does by default, rows allowed to break across pages), HTML in cells shown as the
  plain text Word would show, a page header and a "Sida n av m" footer.
- "word-pdf": that Word file printed to PDF by LibreOffice (headless).
- "html-pdf": the report as a web page printed by headless Chromium: a big title that
  wraps, bordered tables with narrow columns (titles, comments, statuses and dates wrap
  inside cells: "2023-12-" / "21"), a repeated table header on every page, and
  Chromium's running header and footer (date, title, address, "1/11").

Nothing binary is checked in. Each document is made once and kept under
tempfile.gettempdir()/tertial-test-documents/<generator version>/, keyed by a hash of its
input; the generator version is a hash of this module's source, so a test run converts
each document only once and an edited generator never serves stale files.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
LAYOUTS = ("word", "word-pdf", "html-pdf")
CACHE_ROOT = Path(tempfile.gettempdir()) / "tertial-test-documents"
CHROMIUM = "/usr/bin/chromium"
# The running header LibreOffice prints on every page of the Word layout.
WORD_PAGE_HEADER = "Ånge kommun – Kommunstyrelsen"
# This module's source is the generators' version: any change to it makes new documents.
_GENERATOR_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
CACHE = CACHE_ROOT / _GENERATOR_VERSION


# -- the report's text as blocks ------------------------------------------------------------


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    lines: list[str]  # lines that break where the document had a line break


@dataclass
class Table:
    rows: list[list[str]]  # each cell a list of paragraphs, as Word shows them


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_CELL_PARAGRAPH_BREAK = re.compile(r"</?(?:p|div|li|ul|ol|tr|table)\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def unmark(text: str) -> str:
    """A markdown line's text as Word would hold it: no emphasis marks, no escapes."""
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)


def cell_paragraphs(cell: str) -> list[str]:
    """A table cell of the text export as the paragraphs Word shows: HTML markup (<p>,
    <b>, links) is how the export leaked the formatting, not text anyone reads."""
    if "<" not in cell and "&" not in cell:
        return [" ".join(cell.split())] if cell.strip() else []
    pieces = _CELL_PARAGRAPH_BREAK.split(cell)
    paragraphs = [" ".join(html.unescape(_TAG.sub("", piece)).split()) for piece in pieces]
    return [p for p in paragraphs if p]


def blocks_of(text: str) -> list[Heading | Paragraph | Table]:
    """The report's text as headings, paragraphs (runs of non-blank lines) and tables
    (runs of tab-separated lines)."""
    blocks: list[Heading | Paragraph | Table] = []
    lines = text.split("\n")
    continues_paragraph = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append([cell_paragraphs(cell) for cell in lines[i].split("\t")])
                i += 1
            width = max(len(row) for row in rows)
            blocks.append(Table([row + [[]] * (width - len(row)) for row in rows]))
            continues_paragraph = False
            continue
        i += 1
        heading = _MARKDOWN_HEADING.match(line.strip())
        if heading:
            blocks.append(Heading(len(heading.group(1)), unmark(heading.group(2)).strip()))
            continues_paragraph = False
        elif line.strip():
            if continues_paragraph and flows_on(blocks[-1].lines[-1], line.strip()):
                blocks[-1].lines[-1] += " " + unmark(line.strip())
            elif continues_paragraph:
                blocks[-1].lines.append(unmark(line.strip()))
            elif blocks and isinstance(blocks[-1], Paragraph) and torn_apart(blocks[-1].lines[-1], line.strip()):
                blocks[-1].lines[-1] += " " + unmark(line.strip())
            else:
                blocks.append(Paragraph([unmark(line.strip())]))
            continues_paragraph = True
        else:
            continues_paragraph = False
    return blocks


_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\s+\S")
_STARTS_OWN_LINE = re.compile(r"^(?:[•\-–]|\d|Kommentar\b|Sida\s+\d)")


def flows_on(previous: str, line: str) -> bool:
    """Whether a line of the text export continues the one before it in the same
    paragraph of the document: the export broke the paragraph at its page width (the
    line goes on in lower case), or a numbered heading too long for one line.
    Everything else keeps its line break, so the document shows what the export shows."""
    if line[:1].islower():
        return True
    return (
        bool(_NUMBERED_HEADING.match(previous))
        and len(previous) >= 50
        and not re.search(r"[.!?:;)]$", previous)
        and not _STARTS_OWN_LINE.match(line)
    )


_COLUMN_WORDS = {"verksamhetens", "aktiviteter", "aktivitet", "status", "startdatum", "slutdatum", "kommentar",
                 "beskrivning", "ansvarig", "enhet"}


def torn_apart(previous: str, line: str) -> bool:
    """Whether a line after blank lines goes on with the paragraph before them: the
    export spaced the paragraph's lines apart (002 is double-spaced), the sentence goes on
    in lower case. A table's header line, repeated by the export after a page break in
    the middle of a sentence, stays a line of its own."""
    header = set(previous.lower().split()) <= _COLUMN_WORDS
    return line[:1].islower() and not re.search(r"[.!?:;)]$", previous) and not header


def title_of(blocks: list) -> str:
    for block in blocks:
        if isinstance(block, Heading):
            return block.text
    for block in blocks:
        if isinstance(block, Paragraph):
            return block.lines[0]
    return "Rapport"


# -- the cache --------------------------------------------------------------------------------


def _cached(kind: str, source: bytes, extension: str, make) -> bytes:
    key = hashlib.sha256(_GENERATOR_VERSION.encode() + b"\0" + kind.encode() + b"\0" + source).hexdigest()[:24]
    path = CACHE / f"{kind}-{key}.{extension}"
    if path.exists():
        return path.read_bytes()
    data = make()
    if not CACHE.exists():
        _forget_other_versions()
    CACHE.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so that a parallel run never reads half a file.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    return data


def _forget_other_versions() -> None:
    """Documents of earlier generator versions are never read again."""
    if CACHE_ROOT.is_dir():
        for folder in CACHE_ROOT.iterdir():
            if folder.is_dir() and folder != CACHE:
                shutil.rmtree(folder, ignore_errors=True)
        for stale in CACHE_ROOT.glob("*.*"):  # the flat layout of the first version
            stale.unlink(missing_ok=True)


# -- Word ---------------------------------------------------------------------------------------

# Column widths in cm for the Word tables, by column name; the rest share what is left.
_WORD_COLUMNS_CM = {
    "verksamhetens aktiviteter": 6.0, "aktiviteter": 6.0, "aktivitet": 6.0,
    "status": 2.9, "startdatum": 2.2, "slutdatum": 2.2, "ansvarig enhet": 2.8, "enhet": 2.8,
}


def word_document(text: str) -> bytes:
    """The report as a .docx (see the module docstring)."""
    return _cached("word", text.encode(), "docx", lambda: _make_word(text))


def _make_word(text: str) -> bytes:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    document.styles["Normal"].font.size = Pt(10)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    section.header.paragraphs[0].text = WORD_PAGE_HEADER
    footer = section.footer.paragraphs[0]
    footer.add_run("Sida ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" av ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="NUMPAGES"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    content_width = 16.0

    for block in blocks_of(text):
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            for index, line in enumerate(block.lines):
                run = paragraph.add_run(line)
                if index + 1 < len(block.lines):
                    run.add_break()
        else:
            header = [" ".join(cell).lower() for cell in block.rows[0]]
            fixed = [_WORD_COLUMNS_CM.get(name) for name in header]
            free = [i for i, width in enumerate(fixed) if width is None]
            rest = (content_width - sum(w for w in fixed if w)) / max(len(free), 1)
            widths = [Cm(width if width else rest) for width in fixed]
            table = document.add_table(rows=0, cols=len(header))
            table.style = "Table Grid"
            table.autofit = False
            for column, width in zip(table.columns, widths):
                column.width = width
            for row in block.rows:
                cells = table.add_row().cells
                for cell, width, paragraphs in zip(cells, widths, row):
                    cell.width = width
                    for index, value in enumerate(paragraphs):
                        target = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                        target.add_run(value).font.size = Pt(9)
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_from_word(docx: bytes) -> bytes:
    """The Word file printed to PDF by LibreOffice, headless, with a private profile."""
    return _cached("word-pdf", docx, "pdf", lambda: _convert_with_libreoffice(docx))


def _convert_with_libreoffice(docx: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) saknas: installera Debian-paketet libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="tertial-libreoffice-") as work:
        source = Path(work) / "rapport.docx"
        source.write_bytes(docx)
        profile = Path(work) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", work, str(source)],
            check=True, capture_output=True, timeout=180,
        )
        return (Path(work) / "rapport.pdf").read_bytes()


# -- HTML printed by Chromium --------------------------------------------------------------------

# Column widths in px, by column name: narrow, as in the published reports, so that
# statuses and dates wrap; a title column wide enough for a few words per line.
_HTML_COLUMNS_PX = {
    "verksamhetens aktiviteter": 150, "aktiviteter": 150, "aktivitet": 150,
    "status": 110, "startdatum": 92, "slutdatum": 92, "ansvarig enhet": 110, "enhet": 110,
}
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_STYLE = """
@page { size: A4; margin: 20mm 16mm 20mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: BODY_PT; line-height: 1.3; color: #111; }
h1 { font-size: 21pt; margin: 0 0 14pt 0; }
h2 { font-size: 15pt; margin: 14pt 0 6pt 0; }
h3 { font-size: 12.5pt; margin: 12pt 0 6pt 0; }
h4, h5, h6 { font-size: 10.5pt; margin: 10pt 0 4pt 0; }
p { margin: 0 0 7pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt 0; }
th, td { border: 1px solid #333; padding: 3px 5px; vertical-align: top; text-align: left; }
th { font-size: 9pt; background: #dde6ee; }
td { font-size: CELL_PT; }
td p { margin: 0 0 3pt 0; }
"""


def html_page(text: str, *, body_pt: float = 10.5) -> str:
    """The report as the web page Chromium prints (see the module docstring); body_pt,
    the size of the body text (table cells a little larger), sets how many pages it takes."""
    blocks = blocks_of(text)
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(block.level, 6)
            body.append(f"<h{level}>{html.escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            body.append("<p>" + "<br>".join(html.escape(line) for line in block.lines) + "</p>")
        else:
            body.append(_html_table(block))
    return (
        '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>{html.escape(title_of(blocks))}</title>"
        f"<style>{_STYLE.replace('BODY_PT', f'{body_pt}pt').replace('CELL_PT', f'{body_pt + 0.5}pt')}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _html_table(table: Table) -> str:
    header = table.rows[0]
    columns = "".join(
        f'<col style="width:{_HTML_COLUMNS_PX[name]}px">' if (name := " ".join(cell).lower()) in _HTML_COLUMNS_PX
        else "<col>"
        for cell in header
    )

    def cell_html(paragraphs: list[str]) -> str:
        # A line may break after a date's hyphens, as Word breaks "2023-12-" / "21".
        shown = [_DATE.sub(r"\1-<wbr>\2-<wbr>\3", html.escape(p)) for p in paragraphs]
        return shown[0] if len(shown) == 1 else "".join(f"<p>{p}</p>" for p in shown)

    head = "".join(f"<th>{cell_html(cell)}</th>" for cell in header)
    rows = "\n".join("<tr>" + "".join(f"<td>{cell_html(cell)}</td>" for cell in row) + "</tr>" for row in table.rows[1:])
    return f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>"


def pdf_from_html(text: str, *, body_pt: float = 10.5) -> bytes:
    """The report as a web page (html_page) printed to PDF by headless Chromium."""
    page = html_page(text, body_pt=body_pt)
    return _cached("html-pdf", page.encode(), "pdf", lambda: print_html(page))


def print_html(page: str) -> bytes:
    """Any HTML page printed to PDF by headless Chromium, with its running header and
    footer (date, title, address, page n/m)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} saknas: installera Debian-paketet chromium")
    with tempfile.TemporaryDirectory(prefix="tertial-chromium-") as work:
        source = Path(work) / "rapport.html"
        source.write_text(page, encoding="utf-8")
        output = Path(work) / "rapport.pdf"
        subprocess.run(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={Path(work) / 'profile'}",
             f"--print-to-pdf={output}", source.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
        return output.read_bytes()


def cached_html_pdf(page: str) -> bytes:
    """print_html, made once per page and generator version."""
    return _cached("html", page.encode(), "pdf", lambda: print_html(page))


# -- the bundled reports in every layout ---------------------------------------------------------


def document(report_file_name: str, layout: str) -> tuple[bytes, str]:
    """A bundled report (data/raw/NAME) in a layout of LAYOUTS: the bytes and a file name
    with the layout's extension."""
    text = (RAW / report_file_name).read_text(encoding="utf-8")
    stem = Path(report_file_name).stem
    if layout == "word":
        return word_document(text), f"{stem}.docx"
    if layout == "word-pdf":
        return pdf_from_word(word_document(text)), f"{stem}.word.pdf"
    if layout == "html-pdf":
        return pdf_from_html(text), f"{stem}.html.pdf"
    raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")

"""The tertial report, generated as Word (DOCX) and PDF.

model.py         the neutral document: sections, paragraphs, tables, images
document.py      builds it from the database through named queries (queries/report_*.sql
                 and Översikt's), with Översikt's sentence and chart builders
chart_images.py  the charts as PNG, drawn by kaleido in a headless Chromium
docx_writer.py   draws the document with python-docx
pdf_writer.py    draws it with fpdf2, in the bundled DejaVu Sans (tertial/fonts)
symbol_font.py   the two marks DejaVu Sans lacks (⏸, ⏰), as a fallback font
hyphenation.py   soft hyphens where Swedish words may break

make_report() makes the files of one report: the browser for the charts is started
first, so it starts while the queries run and the PDF is laid out; the PDF is made
first, and the Word file gets its contents' page numbers from it.

May import tertial's queries, charts, sentence, visual, periods and export; nothing in
tertial imports this package except the command line and the web glue.
"""

from __future__ import annotations

import dataclasses
import inspect
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tertial.report.chart_images import ChartDrawer, ChartImageError
from tertial.report.document import ReportError, ReportRequest, build_report
from tertial.report.docx_writer import write_docx
from tertial.report.model import Image, ReportDocument, Section
from tertial.report.pdf_writer import RenderedPdf, render_pdf, write_pdf

WRITERS = {".docx": write_docx, ".pdf": write_pdf}
MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def writer_for(suffix: str):
    """The writer for a file suffix ('.docx', '.pdf'); ReportError for any other."""
    writer = WRITERS.get(suffix.lower())
    if writer is None:
        shown = suffix or "(inget)"
        raise ReportError(f"Filformatet »{shown}« kan inte skrivas; välj .docx (Word) eller .pdf.")
    return writer


@dataclass(frozen=True)
class ReportFiles:
    """Both files of one report, made from one document (one drawing of the charts)."""

    docx: bytes
    pdf: bytes
    file_stem: str
    charts_as_images: bool
    chart_note: str | None


def with_drawn_images(document: ReportDocument) -> ReportDocument:
    """The document with each chart's PNG bytes in place of its PendingPng (waiting for
    the browser; ChartImageError when it failed)."""
    def drawn(sections: list[Section]) -> list[Section]:
        return [dataclasses.replace(section, blocks=[
            dataclasses.replace(block, png=block.png.result())
            if isinstance(block, Image) and not isinstance(block.png, (bytes, bytearray)) else block
            for block in section.blocks]) for section in sections]

    return dataclasses.replace(document, sections=drawn(document.sections), front=drawn(document.front))


def docx_bytes(document: ReportDocument, heading_pages: tuple[int, ...]) -> bytes:
    """The Word file, its contents given the PDF's page numbers when the Word writer takes
    them (write_docx(report, heading_pages), from the Word writer's own branch; until that
    is merged it takes the report alone)."""
    try:
        takes_pages = "heading_pages" in inspect.signature(write_docx).parameters
    except (TypeError, ValueError):
        takes_pages = False
    return write_docx(document, heading_pages) if takes_pages else write_docx(document)


@dataclass(frozen=True)
class MadeReport:
    """The files of one report (by suffix), and the document they were made from."""

    document: ReportDocument
    files: dict[str, bytes]
    pdf: RenderedPdf


def make_report(con, request: ReportRequest, *, database_name: str, made_on: date | None = None,
                suffixes: Iterable[str] = (".docx", ".pdf")) -> MadeReport:
    """The report's files for the suffixes asked (.docx, .pdf), from one document.

    The browser is started before the first query: its start (seconds) is most of the
    report's time, and the queries and the PDF's layout run meanwhile; the charts are
    drawn into the PDF just before it is written, and the Word file after it. When the
    browser fails on the way, the document is made again with the charts' tables."""
    wanted = {suffix.lower() for suffix in suffixes}
    drawer = ChartDrawer()
    closing = None
    try:
        document = build_report(con, request, database_name=database_name, made_on=made_on, draw=drawer.draw)
        try:
            rendered = render_pdf(document)
            document = with_drawn_images(document)
        except ChartImageError as error:
            def failed(figures, error=error):
                raise error

            document = build_report(con, request, database_name=database_name, made_on=made_on, draw=failed)
            rendered = render_pdf(document)
        # The browser is shut while the Word file is written.
        closing = threading.Thread(target=drawer.close, name="tertial-chart-images-close", daemon=True)
        closing.start()
        files = {}
        if ".pdf" in wanted:
            files[".pdf"] = rendered.data
        if ".docx" in wanted:
            files[".docx"] = docx_bytes(document, rendered.heading_pages)
    finally:
        if closing is None:
            drawer.close()
        else:
            closing.join()
    return MadeReport(document, files, rendered)


def report_files(con, request: ReportRequest, *, database_name: str, made_on: date | None = None) -> ReportFiles:
    made = make_report(con, request, database_name=database_name, made_on=made_on)
    document = made.document
    return ReportFiles(made.files[".docx"], made.files[".pdf"], document.file_stem, document.charts_as_images,
                       document.chart_note)


__all__ = [
    "MIME_TYPES", "MadeReport", "RenderedPdf", "ReportDocument", "ReportError", "ReportFiles", "ReportRequest",
    "build_report", "make_report", "render_pdf", "report_files", "with_drawn_images", "write_docx", "write_pdf",
    "writer_for",
]

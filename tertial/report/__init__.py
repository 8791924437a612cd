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
first, so it starts while the queries run and the PDF is laid out; the PDF is laid out
first, and the Word file gets its contents' page numbers from it.

May import tertial's queries, charts, sentence, visual, periods and export; nothing in
tertial imports this package except the command line and the web glue.
"""

from __future__ import annotations

import dataclasses
import io
import threading
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tertial.report.chart_images import ChartDrawer, ChartImageError
from tertial.report.document import ReportError, ReportRequest, build_report, resolve
from tertial.report.docx_writer import write_docx
from tertial.report.model import Image, ReportDocument, Section
from tertial.report.pdf_writer import RenderedPdf, lay_out_pdf, render_pdf, write_pdf

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


def _pending(block) -> bool:
    return isinstance(block, Image) and not isinstance(block.png, (bytes, bytearray))


def _with_pngs(document: ReportDocument, png_of) -> ReportDocument:
    """The document with png_of(image) in place of each pending chart's PNG."""
    def replaced(sections: list[Section]) -> list[Section]:
        return [dataclasses.replace(section, blocks=[
            dataclasses.replace(block, png=png_of(block)) if _pending(block) else block
            for block in section.blocks]) for section in sections]

    return dataclasses.replace(document, sections=replaced(document.sections), front=replaced(document.front))


def with_drawn_images(document: ReportDocument) -> ReportDocument:
    """The document with each chart's PNG bytes in place of its PendingPng (waiting for
    the browser; ChartImageError when it failed)."""
    return _with_pngs(document, lambda image: image.png.result())


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _stand_in_png(width: int, height: int, number: int) -> bytes:
    """A blank PNG of a chart's size (each one different, by a text chunk), for the Word
    file to be written while the browser draws: python-docx reads only its header."""
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 2, 0, 0, 0))
    pixels = zlib.compress(bytes(height * (1 + 3 * width)), 1)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"tEXt", b"Comment\x00tertial chart %d" % number)
            + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b""))


def _swap_media(docx: bytes, swaps: dict[bytes, bytes]) -> bytes | None:
    """The Word file with each stand-in picture's bytes replaced; None unless every
    stand-in was found as it was given (a writer that converts pictures)."""
    found = set()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if data in swaps:
                found.add(data)
                data = swaps[data]
            target.writestr(info, data)
    return out.getvalue() if found == set(swaps) else None


@dataclass(frozen=True)
class MadeReport:
    """The files of one report (by suffix), and the document they were made from."""

    document: ReportDocument
    files: dict[str, bytes]
    pdf: RenderedPdf
    closing: threading.Thread | None = None  # the browser being shut (make_report(wait_for_browser=False))

    def wait_for_browser(self) -> None:
        """Returns once the charts' browser is shut."""
        if self.closing is not None:
            self.closing.join()


def make_report(con, request: ReportRequest, *, database_name: str, made_on: date | None = None,
                suffixes: Iterable[str] = (".docx", ".pdf"), wait_for_browser: bool = True) -> MadeReport:
    """The report's files for the suffixes asked (.docx, .pdf), from one document.

    Starting the browser for the charts is most of a report's time, so it is started
    before the first query, and everything that needs no chart runs meanwhile: the
    queries, the PDF's layout (which gives the Word file its contents' page numbers) and
    the Word file itself, written with blank stand-ins of the charts' size that are
    swapped for the charts when they are drawn. When the browser fails on the way, the
    document is made again with the charts' tables. wait_for_browser=False returns as
    soon as the files are made, the browser still shutting (MadeReport.wait_for_browser)."""
    wanted = {suffix.lower() for suffix in suffixes}
    # A request the database cannot answer is refused before the browser starts (a few
    # milliseconds of queries, asked again by build_report).
    resolve(con, request)
    drawer = ChartDrawer()
    closing = None
    try:
        document = build_report(con, request, database_name=database_name, made_on=made_on, draw=drawer.draw)
        laid = lay_out_pdf(document)
        draft, stand_ins = None, {}
        if ".docx" in wanted:
            def stand_in(image: Image) -> bytes:
                stand_ins[id(image)] = _stand_in_png(image.width_px, image.height_px, len(stand_ins))
                return stand_ins[id(image)]

            draft = write_docx(_with_pngs(document, stand_in), laid.heading_pages)
        try:
            rendered = laid.finish()
            drawn = with_drawn_images(document)
        except ChartImageError as error:
            def failed(figures, error=error):
                raise error

            drawn = build_report(con, request, database_name=database_name, made_on=made_on, draw=failed)
            rendered = render_pdf(drawn)
            draft = None
        # The browser is shut while the files are finished.
        closing = threading.Thread(target=drawer.close, name="tertial-chart-images-close", daemon=True)
        closing.start()
        files = {}
        if ".pdf" in wanted:
            files[".pdf"] = rendered.data
        if ".docx" in wanted:
            images = [block for sections in (document.front, document.sections) for section in sections
                      for block in section.blocks if _pending(block)]
            swaps = {stand_ins[id(image)]: image.png.result() for image in images}
            word = _swap_media(draft, swaps) if draft is not None and swaps else draft
            files[".docx"] = word if word is not None else write_docx(drawn, rendered.heading_pages)
    finally:
        if closing is None:
            drawer.close()
        elif wait_for_browser:
            closing.join()
    return MadeReport(drawn, files, rendered, None if wait_for_browser else closing)


def report_files(con, request: ReportRequest, *, database_name: str, made_on: date | None = None) -> ReportFiles:
    made = make_report(con, request, database_name=database_name, made_on=made_on)
    document = made.document
    return ReportFiles(made.files[".docx"], made.files[".pdf"], document.file_stem, document.charts_as_images,
                       document.chart_note)


__all__ = [
    "MIME_TYPES", "MadeReport", "RenderedPdf", "ReportDocument", "ReportError", "ReportFiles", "ReportRequest",
    "build_report", "lay_out_pdf", "make_report", "render_pdf", "report_files", "with_drawn_images", "write_docx",
    "write_pdf", "writer_for",
]

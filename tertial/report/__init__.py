"""The tertial report, generated as Word (DOCX) and PDF.

model.py         the neutral document: sections, paragraphs, tables, images
document.py      builds it from the database through named queries (queries/report_*.sql
                 and Översikt's), with Översikt's sentence and chart builders
chart_images.py  the charts as PNG, drawn by kaleido in a headless Chromium
docx_writer.py   draws the document with python-docx
pdf_writer.py    draws it with fpdf2, in the bundled DejaVu Sans (tertial/fonts)
symbol_font.py   the two marks DejaVu Sans lacks (⏸, ⏰), as a fallback font

May import tertial's queries, charts, sentence, visual, periods and export; nothing in
tertial imports this package except the command line and the web glue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tertial.report.document import ReportError, ReportRequest, build_report
from tertial.report.docx_writer import write_docx
from tertial.report.model import ReportDocument
from tertial.report.pdf_writer import write_pdf

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


def report_files(con, request: ReportRequest, *, database_name: str, made_on: date | None = None) -> ReportFiles:
    document = build_report(con, request, database_name=database_name, made_on=made_on)
    return ReportFiles(write_docx(document), write_pdf(document), document.file_stem,
                       document.charts_as_images, document.chart_note)


__all__ = [
    "MIME_TYPES", "ReportDocument", "ReportError", "ReportFiles", "ReportRequest", "build_report", "report_files",
    "write_docx", "write_pdf", "writer_for",
]

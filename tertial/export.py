"""Tables as files for staff: CSV that Swedish Excel opens correctly, and XLSX.

Swedish Excel reads a CSV as semicolon-separated, with decimal comma, and only takes it
as UTF-8 when it starts with a byte-order mark. Dates are written ISO (2023-08-31),
which Excel recognises in any locale. A cell that starts with = + - @ (or a tab or
carriage return) would be run as a formula: such cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

import polars as pl

from tertial.slugs import slug as ascii_slug

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"

# Column names as a Swedish reader of the export expects them.
SWEDISH_COLUMNS = {
    "organisation": "Organisation",
    "period": "Period",
    "as_of": "Avstämningsdatum",
    "goal_code": "Målnummer",
    "goal_title": "Mål",
    "goal_level": "Målnivå",
    "focus_area": "Område",
    "vision_focus_area": "Fokusområde",
    "vision_focus_area_source": "Fokusområde enligt",
    "grade": "Bedömning",
    "comment": "Kommentar",
    "activity_title": "Aktivitet",
    "status": "Status",
    "start_date": "Startdatum",
    "end_date": "Slutdatum",
    "responsible_unit": "Ansvarig enhet",
    "overdue": "Försenad",
    "days_overdue": "Dagar försenad",
    "description": "Beskrivning",
    "report_file": "Rapportfil",
    "source_line": "Rad",
    "grade_line": "Rad för bedömning",
    "count": "Antal",
    "goal_count": "Antal mål",
    "activity_count": "Antal aktiviteter",
    "crosswalk_count": "Varav via korsreferens",
    "report_count": "Antal rapporter",
    "note": "Anmärkning",
    "activities": "Aktiviteter",
    "overdue_activities": "Försenade aktiviteter",
    "presentation": "Redovisning",
    "reading_note": "Läsanteckning",
    "overdue_on_date": "Försenad per valt datum",
    "days_overdue_on_date": "Dagar försenad per valt datum",
    "share": "Andel",
    "parent_goal_title": "KF-mål",
    "reporting_unit": "Rapporterande enhet",
}


def neutralise(value: str) -> str:
    """A text cell that no spreadsheet will evaluate as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def swedish_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10] if isinstance(value, date) and not isinstance(value, datetime) else value.isoformat(sep=" ")
    if isinstance(value, (float, Decimal)):
        text = f"{value:.10g}" if isinstance(value, float) else str(value)
        return text.replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def swedish_headers(columns: list[str], names: Mapping[str, str] | None = None) -> list[str]:
    names = {**SWEDISH_COLUMNS, **(names or {})}
    return [names.get(column, column) for column in columns]


def to_csv_bytes(frame: pl.DataFrame, names: Mapping[str, str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in swedish_headers(frame.columns, names)])
    for row in frame.iter_rows():
        writer.writerow([swedish_cell(value) for value in row])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def to_xlsx_bytes(frame: pl.DataFrame, sheet: str = "Tertial", names: Mapping[str, str] | None = None) -> bytes:
    """An XLSX workbook: real dates and numbers, text cells guarded against formulas."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = re.sub(r"[\[\]:*?/\\]", "", sheet)[:31] or "Tertial"
    worksheet.append(swedish_headers(frame.columns, names))
    for row in frame.iter_rows():
        cells = []
        for value in row:
            if isinstance(value, bool):
                cells.append("Ja" if value else "Nej")
            elif isinstance(value, str):
                cells.append(neutralise(value))
            else:
                cells.append(value)
        worksheet.append(cells)
    for index, column in enumerate(frame.columns, start=1):
        if frame.schema[column] == pl.Date:
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"
        width = max([len(str(worksheet.cell(row=1, column=index).value))] + [len(str(v or "")) for v in frame[column].head(200).to_list()])
        worksheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def slug(text: str) -> str:
    """A part of a download's file name (tertial.slugs.slug, keeping '+')."""
    return ascii_slug(text, keep="+")


def export_file_name(table: str, parts: list[str], extension: str) -> str:
    """'tertial_aktiviteter_2023-t2_hallbar-halsa.csv': which table, period and filter."""
    pieces = [slug(piece) for piece in ["tertial", table, *parts] if piece and slug(piece)]
    return f"{'_'.join(pieces)[:150]}.{extension}"

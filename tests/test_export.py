"""Exports as staff open them: Swedish Excel CSV bytes, and XLSX read back."""

import io
from datetime import date

import polars as pl
from openpyxl import load_workbook

from tertial.export import export_file_name, to_csv_bytes, to_xlsx_bytes

FRAME = pl.DataFrame(
    {
        "activity_title": ["=HYPERLINK(\"http://x\")", "Resursskola", "@SUM(A1)", "-1+2", "+46 70", "Vanlig; med semikolon"],
        "end_date": [date(2023, 8, 31), date(2023, 12, 31), None, date(2024, 1, 1), date(2024, 2, 29), date(2025, 7, 30)],
        "overdue": [True, False, False, False, True, False],
        "share": [0.5, 0.25, 1.0, 0.0, 0.125, 0.75],
        "count": [7, 14, 21, 0, 3, 1],
    }
)


def test_csv_has_bom_semicolons_decimal_comma_iso_dates_and_swedish_headers():
    data = to_csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Aktivitet;Slutdatum;Försenad;Andel;Antal"
    assert lines[2] == "Resursskola;2023-12-31;Nej;0,25;14"
    assert lines[6] == '"Vanlig; med semikolon";2025-07-30;Nej;0,75;1'
    assert len([line for line in lines if line]) == 1 + FRAME.height


def test_csv_neutralises_formula_cells():
    lines = to_csv_bytes(FRAME).decode("utf-8-sig").split("\r\n")
    first_cells = [line.split(";")[0] for line in lines[1:6]]
    assert first_cells == ['"\'=HYPERLINK(""http://x"")"', "Resursskola", "'@SUM(A1)", "'-1+2", "'+46 70"]
    # An empty date stays empty, not "None".
    assert lines[3].split(";")[1] == ""


def test_xlsx_holds_exactly_the_rows_with_real_dates_and_guarded_text():
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(FRAME, sheet="Aktiviteter 2023-T2")))
    sheet = workbook.active
    assert sheet.title == "Aktiviteter 2023-T2"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Aktivitet", "Slutdatum", "Försenad", "Andel", "Antal")
    assert len(values) == 1 + FRAME.height
    assert values[1][0] == "'=HYPERLINK(\"http://x\")" and sheet["A2"].data_type == "s"
    assert values[2][1].date() == date(2023, 12, 31) and sheet["B3"].number_format == "yyyy-mm-dd"
    assert values[1][2] == "Ja" and values[2][3] == 0.25 and values[3][4] == 21


def test_file_name_says_table_period_and_filter():
    assert export_file_name("aktiviteter", ["2023-T2", "Hållbar hälsa", ""], "csv") == "tertial_aktiviteter_2023-t2_hallbar-halsa.csv"
    assert export_file_name("mål", ["2024-T1", "Äldre +65"], "xlsx") == "tertial_mal_2024-t1_aldre-+65.xlsx"


def test_a_download_is_named_by_its_organisation_when_there_are_several():
    from tertial.filters import Filters
    from tertial.webapp import download_name_parts

    filters = Filters(period="2023-T2", focus_area="Hållbar hälsa")
    assert export_file_name("aktiviteter", download_name_parts(filters, None), "csv") == (
        "tertial_aktiviteter_2023-t2_hallbar-halsa.csv")
    assert export_file_name("aktiviteter", download_name_parts(filters, "Storvik kommun"), "csv") == (
        "tertial_aktiviteter_storvik-kommun_2023-t2_hallbar-halsa.csv")

"""Hand entry through the template, on a copy of the bundled database: a template for
2023-T3 prefilled from 2023-T2, edited as CSV and as XLSX, read back, checked row by row
and loaded as a report; a file with mistakes loads nothing; the same file twice once."""

import csv
import hashlib
import io
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from openpyxl import load_workbook

from tertial.importing import undo
from tertial.integrity import broken_references
from tertial.template import (
    COLUMNS, TemplateRefused, apply_template, parse_template, template_csv_bytes, template_frame,
    template_xlsx_bytes,
)
from dbfiles import digest, rows

ANGE = "Ånge kommun"
DIALOGUE = "Ta fram en metod för att genomföra medborgardialog"




@pytest.fixture
def template(bundled_con) -> pl.DataFrame:
    return template_frame(bundled_con, "2023-T3", organisation=ANGE)






def parse(db: Path, data: bytes, name: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return parse_template(data, name, con=con, organisation=ANGE)


def edit_csv(data: bytes, edits: dict[tuple[int, str], str]) -> bytes:
    """Change cells by (spreadsheet row, column name), as staff would in Excel."""
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    for (row, column), value in edits.items():
        table[row - 1][table[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(table)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def edit_xlsx(data: bytes, edits: dict[tuple[int, str], object]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for (row, column), value in edits.items():
        sheet.cell(row=row, column=header.index(column) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_row(frame: pl.DataFrame, **match) -> int:
    """The spreadsheet row (header = 1) of the template row matching the given columns."""
    index = frame.with_row_index().filter(
        pl.all_horizontal([pl.col(column) == value for column, value in match.items()])
    )["index"].to_list()
    assert len(index) == 1, match
    return index[0] + 2


def test_the_template_is_prefilled_from_the_previous_period(bundled_con, template):
    assert template.columns == COLUMNS
    goals = template.filter(pl.col("Typ") == "Mål")
    activities = template.filter(pl.col("Typ") == "Aktivitet")
    assert goals.height == 21 + 15 and activities.height == 57
    assert goals["mål_id"].n_unique() == 36 and activities["aktivitet_id"].null_count() == 0
    t2_grades = dict(bundled_con.execute(
        "SELECT goal_id, grade FROM goal_assessments WHERE period = '2023-T2'").fetchall())
    assert dict(zip(goals["mål_id"], goals["Bedömning"])) == t2_grades
    t2_statuses = {(a, g): (s, e) for a, g, s, e in bundled_con.execute(
        "SELECT activity_id, goal_id, status, end_date FROM activity_statuses WHERE period = '2023-T2'").fetchall()}
    assert {(r["aktivitet_id"], r["mål_id"]): (r["Status"], r["Slutdatum"])
            for r in activities.iter_rows(named=True)} == t2_statuses
    # Each goal is followed by its own activities.
    current_goal = None
    for row in template.iter_rows(named=True):
        if row["Typ"] == "Mål":
            current_goal = row["mål_id"]
        else:
            assert row["mål_id"] == current_goal
    # Explicitly from an earlier period: 2023-T1 has only KF goals and no activities.
    assert template_frame(bundled_con, "2023-T3", "2023-T1", organisation=ANGE).height == 15
    assert template_frame(bundled_con, "2023-T1", organisation=ANGE).is_empty()  # nothing before the first period


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_round_trip_edit_parse_apply(db, template, form):
    grade_row = sheet_row(template, Typ="Mål", Målnummer="2.15.1")
    status_row = sheet_row(template, Typ="Aktivitet", Aktivitet=DIALOGUE)
    fibre_row = sheet_row(template, Typ="Aktivitet", Aktivitet="Fiberutbyggnad Visslandsdalen")
    if form == "csv":
        data = edit_csv(template_csv_bytes(template), {
            (grade_row, "Bedömning"): "Uppfyllt",
            (status_row, "Status"): "avslutad enligt plan",
            (fibre_row, "Slutdatum"): "2024-03-31",
            (fibre_row, "Kommentar"): "-- försenat av tjälen",  # starts like a formula
        })
        assert data.startswith("\ufeff".encode()) and b"Typ;M\xc3\xa5lnummer;" in data
    else:
        original = template_xlsx_bytes(template)
        sheet = load_workbook(io.BytesIO(original)).active
        assert sheet.column_dimensions["J"].hidden and sheet.column_dimensions["K"].hidden  # mål_id, aktivitet_id
        assert len(sheet.data_validations.dataValidation) == 2
        data = edit_xlsx(original, {
            (grade_row, "Bedömning"): "Uppfyllt",
            (status_row, "Status"): "Avslutad enligt plan",
            (fibre_row, "Slutdatum"): datetime(2024, 3, 31),
            (fibre_row, "Kommentar"): "'-- försenat av tjälen",
        })
    name = f"handinmatning_2023-t3.{form}"
    parsed, problems = parse(db, data, name)
    assert problems == []
    assert len(parsed) == 36 + 57

    result = apply_template(db, parsed, organisation=ANGE,
                            period="2023-T3", as_of=date(2023, 12, 31), actor="anna", file_name=name,
                            data=data)
    assert result.action == "import"
    assert rows(db, "SELECT count(*), count(grade) FROM goal_assessments WHERE period = '2023-T3'") == [(36, 21)]
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '2.15.1'") == [("Uppfyllt",)]
    assert rows(db, "SELECT count(*) FROM activity_statuses WHERE period = '2023-T3'") == [(57,)]
    assert rows(db, "SELECT status, overdue FROM activity_statuses WHERE period = '2023-T3' AND activity_title = ?",
                DIALOGUE) == [("Avslutad enligt plan", False)]
    assert rows(db, "SELECT end_date, comment FROM activity_statuses WHERE period = '2023-T3' "
                    "AND activity_title = 'Fiberutbyggnad Visslandsdalen'") == [(date(2024, 3, 31), "-- försenat av tjälen")]
    # Everything not edited is T2's value, carried over.
    unchanged = rows(db, """
        SELECT count(*) FROM activity_statuses t3 JOIN activity_statuses t2
          ON t2.activity_id = t3.activity_id AND t2.goal_id = t3.goal_id AND t2.period = '2023-T2'
        WHERE t3.period = '2023-T3' AND t3.status = t2.status AND t3.end_date = t2.end_date""")
    assert unchanged == [(55,)]
    [(kind, sha, stored)] = rows(db, "SELECT r.kind, r.content_sha256, f.content FROM reports r "
                                     "JOIN report_files f USING (report_id) WHERE r.period_key = '2023-T3'")
    assert kind == "Handinmatning" and sha == hashlib.sha256(data).hexdigest() and bytes(stored) == data
    assert rows(db, "SELECT actor, action, report_file, content_sha256 FROM audit_log WHERE audit_id = ?",
                result.audit_id) == [("anna", "import", name, sha)]
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == []

    # The same file again: nothing changes, not a byte.
    before = digest(db)
    again = apply_template(db, parsed, organisation=ANGE,
                           period="2023-T3", as_of=None, actor="anna", file_name="kopia." + form, data=data)
    assert again.action == "oförändrad" and digest(db) == before

    # A hand entry is an import like any other: it can be undone.
    undo(result.audit_id, actor="anna", db_path=db)
    assert rows(db, "SELECT count(*) FROM goal_assessments WHERE period = '2023-T3'") == [(0,)]
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == []


def test_problems_name_their_rows_and_nothing_is_written(db, template):
    data = edit_csv(template_csv_bytes(template), {(5, "Status"): "Klar typ", (9, "Slutdatum"): "31/12/2023"})
    assert template.row(3, named=True)["Typ"] == "Aktivitet" and template.row(7, named=True)["Typ"] == "Aktivitet"
    before = digest(db)
    parsed, problems = parse(db, data, "fel.csv")
    assert parsed == []
    assert [(p.row, p.column) for p in problems] == [(5, "Status"), (9, "Slutdatum")]
    assert str(problems[0]).startswith("Rad 5, kolumn Status: okänd status »Klar typ«; tillåtna: Avslutad enligt plan")
    assert "»31/12/2023« är inget datum; skriv ÅÅÅÅ-MM-DD" in str(problems[1])
    assert digest(db) == before


def test_every_kind_of_row_problem(db, template):
    goal_row = sheet_row(template, Typ="Mål", Målnummer="2.15.1")
    activity_row = sheet_row(template, Typ="Aktivitet", Aktivitet=DIALOGUE)
    data = edit_csv(template_csv_bytes(template), {
        (2, "Typ"): "Delmål",
        (goal_row, "Mål"): "",
        (goal_row, "Bedömning"): "Nästan",
        (activity_row, "mål_id"): "9999",
        (activity_row, "aktivitet_id"): "abc",
    })
    _, problems = parse(db, data, "fel.csv")
    found = {(p.row, p.column): p.message for p in problems}
    assert found.keys() == {(2, "Typ"), (goal_row, "Mål"), (goal_row, "Bedömning"), (activity_row, "mål_id"),
                            (activity_row, "aktivitet_id")}
    assert "okänd typ »Delmål«" in found[(2, "Typ")]
    assert found[(goal_row, "Mål")] == "målraden saknar Mål."
    assert "okänd bedömning »Nästan«" in found[(goal_row, "Bedömning")]
    assert "okänt mål_id 9999" in found[(activity_row, "mål_id")]
    # Without a database the keys are only checked for form; the file-level problems remain.
    _, problems = parse_template(b"\xef\xbb\xbfTyp;M\xc3\xa5l\r\n", "gammal.csv")
    assert problems and all(p.row == 1 for p in problems)
    assert "kolumnen Aktivitet saknas" in " ".join(map(str, problems))
    _, problems = parse_template(b"%PDF", "rapport.pdf")
    assert "okänt filformat" in str(problems[0])


def test_a_period_that_already_has_goals_is_refused(db, template):
    data = template_csv_bytes(template)
    parsed, problems = parse(db, data, "t2.csv")
    assert problems == []
    before = digest(db)
    with pytest.raises(TemplateRefused, match="Perioden 2023-T2 har redan mål från 001_2318b0fccc3d977e.txt"):
        apply_template(db, parsed, organisation=ANGE,
                       period="2023-T2", as_of=None, actor="anna", file_name="t2.csv", data=data)
    assert digest(db) == before


def test_a_new_year_gets_its_periods(db, template):
    data = template_csv_bytes(template)
    parsed, _ = parse(db, data, "2025.csv")
    apply_template(db, parsed, organisation=ANGE,
                   period="2025-T1", as_of=None, actor="anna", file_name="2025.csv", data=data)
    assert rows(db, "SELECT period_key FROM periods WHERE year = 2025 ORDER BY 1") == [("2025-T1",), ("2025-T2",), ("2025-T3",)]
    assert rows(db, "SELECT as_of FROM reports WHERE period_key = '2025-T1'") == [(date(2025, 4, 30),)]
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == []


def test_the_document_arriving_after_a_hand_entry_replaces_it_rather_than_doubling_it(db, template):
    from test_import import t3_2023_report

    from tertial.importing import commit_import, plan_import

    data = template_csv_bytes(template)
    parsed, problems = parse(db, data, "hand.csv")
    assert problems == []
    hand = apply_template(db, parsed, organisation=ANGE,
                          period="2023-T3", as_of=date(2023, 12, 31), actor="anna", file_name="hand.csv",
                          data=data)
    # The hand entry fills the body's own slot: the unit its reports usually come from.
    assert rows(db, "SELECT body, unit FROM reports WHERE period_key = '2023-T3'") == [("Kommunstyrelsen", "Kommunförvaltningen")]
    plan = plan_import(t3_2023_report(), "t3_2023.txt", db_path=db)
    assert plan.replaces["file_name"] == "hand.csv"
    replaced = commit_import(plan, actor="anna", db_path=db, confirm_replace=True)
    assert rows(db, "SELECT count(*) FROM goal_assessments WHERE period = '2023-T3'") == [(36,)]
    assert rows(db, "SELECT count(*) FROM activity_statuses WHERE period = '2023-T3'") == [(57,)]
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '2.15.1'") == [("Uppfyllt",)]
    undo(replaced.audit_id, actor="anna", db_path=db)
    assert rows(db, "SELECT file_name, kind FROM reports WHERE period_key = '2023-T3'") == [("hand.csv", "Handinmatning")]
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '2.15.1'") == [
        ("Knappt uppfyllt",)]
    assert hand.action == "import"
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == []

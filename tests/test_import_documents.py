"""The bundled reports as the documents staff actually get: a Word file with bordered
tables, that Word file printed to PDF, and an HTML print with narrow columns from a
browser (tests/documents.py makes them). Each must load to exactly the rows its text
export gives, and over the bundled database it must be recognised as the report already
loaded: no change, never a second report beside the first."""

import tomllib

import pytest

from tertial import MANIFEST_PATH, RAW_DIR
from tertial.importing import commit_import, plan_import
from tertial.integrity import broken_references
from tertial.store import new_version
from tertial.importing import remove_report
from dbfiles import digest, rows
from report_figures import ACTIVITY_ROWS, GOAL_ROWS, READ_OFF
from documents import LAYOUTS, document

MANIFEST = {entry["file"]: entry for entry in tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))["report"]}
# The bundled reports that hold goals; the other two are memos without goals or tables.
WITH_GOALS = ("000_4224aef9546bb394.txt", "001_2318b0fccc3d977e.txt", "002_b08c0454ff5f1aaf.txt")

def options(report: str, *, with_slot: bool) -> dict:
    entry = MANIFEST[report]
    chosen = {"goal_level": entry["goal_level"], "period": entry["period"], "as_of": entry["as_of"]}
    if with_slot:
        chosen |= {"body": entry["body"], "unit": entry.get("unit"), "title": entry["title"]}
    return chosen


CASES = [(report, layout) for report in WITH_GOALS for layout in LAYOUTS]


@pytest.mark.parametrize(("report", "layout"), CASES)
def test_another_format_of_a_loaded_report_is_recognised_and_changes_nothing(db, report, layout):
    data, name = document(report, layout)
    before = digest(db)
    plan = plan_import(data, name, db_path=db, **options(report, with_slot=False))
    goals, graded, activities = READ_OFF[report]
    assert (len(plan.report.goals), plan.report.goals_graded(), len(plan.report.activities)) == (goals, graded, activities)
    assert plan.unit == MANIFEST[report]["unit"], plan.unit_reason
    assert plan.replaces["file_name"] == report
    assert plan.diff.lines()[1:] == ["  inga skillnader."]
    assert plan.same_content_as == report
    result = commit_import(plan, actor="anna", db_path=db, confirm_replace=True)
    assert result.action == "oförändrad"
    assert digest(db) == before


@pytest.fixture(scope="module")
def view_rows_of_the_text_build(bundled_db):
    return rows(bundled_db, GOAL_ROWS), rows(bundled_db, ACTIVITY_ROWS)


@pytest.mark.parametrize(("report", "layout"), CASES)
def test_loaded_in_place_of_its_text_export_it_gives_identical_view_rows(db, report, layout, view_rows_of_the_text_build):
    data, name = document(report, layout)
    with new_version(db) as con:
        [(report_id,)] = con.execute("SELECT report_id FROM reports WHERE file_name = ?", [report]).fetchall()
        remove_report(con, report_id)
    plan = plan_import(data, name, db_path=db, **options(report, with_slot=True))
    assert plan.replaces is None
    commit_import(plan, actor="anna", db_path=db)
    goal_rows, activity_rows = view_rows_of_the_text_build
    assert rows(db, GOAL_ROWS) == goal_rows
    assert rows(db, ACTIVITY_ROWS) == activity_rows
    assert rows(db, "SELECT count(*) FROM reports") == [(5,)]
    from tertial.db import connect

    with connect(db) as con:
        assert broken_references(con) == []


def test_a_pdf_table_row_that_cannot_be_read_is_named_by_page_and_line(db):
    import io

    import pdfplumber

    from documents import pdf_from_html
    from tertial.importing import ImportRefused

    text = (RAW_DIR / "001_2318b0fccc3d977e.txt").read_text(encoding="utf-8").replace(
        "Fiberutbyggnad Visslandsdalen\t Pågående enligt plan", "Fiberutbyggnad Visslandsdalen\t Klart typ")
    pdf = pdf_from_html(text)
    before = digest(db)
    with pytest.raises(ImportRefused) as refused:
        plan_import(pdf, "t2_2023.pdf", db_path=db)
    message = str(refused.value)
    import re

    [(page, line)] = re.findall(r"t2_2023\.pdf, sida (\d+), rad (\d+): Okänd status »Klart typ«", message)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert "Klart typ" in document.pages[int(page) - 1].extract_text()
    assert digest(db) == before

"""A comment or a correction that carries a formula or markup: stored as written, shown
as text, and neutralised in every download of the tables that show it (Aktiviteter, a
goal's activities on Mål, the backup's CSV), through the functions the pages call."""

import csv
import io
from datetime import date

import openpyxl

from dbfiles import rows
from tertial import activity_view, goal_view
from tertial.corrections import correct_comment
from tertial.db import connect
from tertial.export import SWEDISH_COLUMNS, to_csv_bytes, to_xlsx_bytes
from tertial.queries import run_query

FORMULA = '=HYPERLINK("http://example.com/x","Öppna")'
MARKUP = "<script>alert(1)</script> **fet** [länk](javascript:alert(1))"


def test_a_hostile_comment_is_text_everywhere_and_no_formula_in_any_download(db):
    [(report_file, goal, first, second)] = rows(db, """
        SELECT r.file_name, ar.goal_id, min(ar.activity_id), max(ar.activity_id) FROM activity_reports ar
        JOIN reports r USING (report_id) WHERE r.period_key = '2023-T2'
        GROUP BY ALL HAVING count(*) >= 2 ORDER BY ALL LIMIT 1""")
    for activity, comment in ((first, FORMULA), (second, MARKUP)):
        correct_comment(db, organisation="Ånge kommun", report_file=report_file, goal_id=goal, activity_id=activity,
                        comment=comment, actor="test")
    with connect(db, read_only=True) as con:
        listed = run_query(con, "activity_list", dict(organisation="Ånge kommun", period="2023-T2", focus_area=None,
                                                      unit=None, on_date=date(2023, 12, 31)))
        history = run_query(con, "goal_activity_history", {"organisation": "Ånge kommun"})
    tables = {
        "Aktiviteter": activity_view.table_rows(listed, date(2023, 12, 31)),
        "Mål": goal_view.activity_table(goal_view.goal_activities(history, goal)),
    }
    comment = SWEDISH_COLUMNS["comment"]
    for page, table in tables.items():
        assert {FORMULA, MARKUP} <= set(table["comment"].to_list()), page  # stored and shown as written
        exported = table.drop("goal_key", strict=False)
        cells = [row for row in csv.DictReader(io.StringIO(to_csv_bytes(exported).decode("utf-8-sig")), delimiter=";")]
        comments = {row[comment] for row in cells}
        assert "'" + FORMULA in comments and FORMULA not in comments, page
        assert MARKUP in comments, page  # markup is no formula: kept as written, and never rendered
        sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(exported))).active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert "'" + FORMULA in values and FORMULA not in values, page
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), page

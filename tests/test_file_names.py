"""Uploaded file names are labels: the last part of any path, no control characters, a
bounded length with the extension kept (tertial.file_names), wherever a report or a
template comes in."""

import pytest

from dbfiles import rows
from tertial.file_names import MAX_CHARS, uploaded_file_name
from tertial.importing import commit_import, plan_import


@pytest.mark.parametrize(("given", "stored"), [
    ("rapport.txt", "rapport.txt"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\anna\\Tertial 2.docx", "Tertial 2.docx"),
    ("rapport\x00\n\x1b[31m.txt", "rapport [31m.txt"),
    ("  två   mellanslag\t.pdf ", "två mellanslag .pdf"),
    ("<script>alert(1)</script>.txt", "script>.txt"),
    ("", ""),
])
def test_an_uploaded_name_is_its_last_part_without_control_characters(given, stored):
    assert uploaded_file_name(given) == stored


def test_a_very_long_name_is_cut_and_keeps_its_extension():
    name = uploaded_file_name("å" * 5000 + ".docx")
    assert len(name) == MAX_CHARS and name.endswith("….docx")
    assert len(uploaded_file_name("x" * 5000)) == MAX_CHARS


def test_a_report_uploaded_under_a_hostile_name_is_stored_under_its_label(db, tmp_path):
    from test_import import t3_2023_report

    plan = plan_import(t3_2023_report(), "../../" + "x" * 300 + "\x07.txt", db_path=db)
    assert plan.file_name == "x" * (MAX_CHARS - 5) + "….txt"
    commit_import(plan, actor="test", db_path=db)
    assert rows(db, "SELECT file_name FROM reports WHERE period_key = '2023-T3'") == [(plan.file_name,)]
    assert rows(db, "SELECT report_file FROM audit_log WHERE action = 'import' ORDER BY audit_id DESC LIMIT 1") == [
        (plan.file_name,)]

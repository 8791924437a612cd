"""Every download of a table is made by the export functions that neutralise formulas
(tertial.export: a cell starting with =, +, -, @, tab or CR is written as text, so Excel
runs nothing a report or a comment carried in). A walk over every download button in the
app's code: its data comes from one of them, or is a made document (Word, PDF), which
runs no formulas. tests/test_export.py and tests/test_hostile_comments.py show what the
functions write."""

import ast

from tertial import PROJECT_ROOT

SOURCES = sorted([PROJECT_ROOT / "app.py", *(PROJECT_ROOT / "pages").glob("*.py"),
                  *(PROJECT_ROOT / "tertial").rglob("*.py")])
# What may make a download's bytes: the guarded writers of tables, and the attributes of a
# made tertial report (tertial.report: ReportFiles.docx, ReportFiles.pdf).
GUARDED_WRITERS = {"to_csv_bytes", "to_xlsx_bytes", "template_csv_bytes", "template_xlsx_bytes"}
DOCUMENTS = {"docx", "pdf"}


def _called_name(call: ast.Call) -> str:
    function = call.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


def _made_safely(data: ast.expr) -> bool:
    if isinstance(data, ast.Lambda):  # made on the click
        data = data.body
    if isinstance(data, ast.Call):
        return _called_name(data) in GUARDED_WRITERS
    return isinstance(data, ast.Attribute) and data.attr in DOCUMENTS


def download_findings(source: str, label: str) -> tuple[int, list[str]]:
    """How many download buttons source has, and each whose data is not made safely."""
    count, found = 0, []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and _called_name(node) == "download_button"):
            continue
        count += 1
        data = next((keyword.value for keyword in node.keywords if keyword.arg == "data"),
                    node.args[1] if len(node.args) > 1 else None)
        if data is None or not _made_safely(data):
            found.append(f"{label}:{node.lineno}: download_button of data not made by {sorted(GUARDED_WRITERS)}")
    return count, found


def test_every_download_is_made_by_a_guarded_writer_or_is_a_document():
    counted, found = 0, []
    for path in SOURCES:
        count, findings = download_findings(path.read_text(encoding="utf-8"), str(path.relative_to(PROJECT_ROOT)))
        counted += count
        found += findings
    # CSV and Excel of every table (tertial.webapp.export_buttons), the hand-entry template
    # on Rättelser, Word and PDF of the tertial report: the walk sees them all.
    assert counted >= 6
    assert found == []


def test_the_walk_would_find_a_download_of_raw_text():
    bad = ("import streamlit as st\nst.download_button('CSV', frame.write_csv().encode())\n"
           "st.download_button('CSV', data=lambda: frame.write_csv())\n"
           "st.download_button('CSV', data=lambda: to_csv_bytes(frame))\n"
           "st.download_button('PDF', data=files.pdf)\n")
    count, found = download_findings(bad, "bad.py")
    assert count == 4 and [finding.split(":")[1] for finding in found] == ["2", "3"]

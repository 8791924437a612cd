"""Every write path is refused for a viewer, one by one, through the functions the pages
call (tertial.roles): run in a dashboard session whose user is no signed-in editor, each
refuses and nothing is written; the same call by a signed-in editor goes through. The
pages themselves draw no write controls for a viewer (tests/test_page_importera.py,
tests/test_page_rattelser.py)."""

from streamlit.testing.v1 import AppTest

from dbfiles import digest, rows
from tertial.auth import ENV_PASSWORD
from tertial.roles import VIEWER_REFUSAL


def every_write(db_path: str, report: bytes, audit_id: int) -> None:
    """Runs as a Streamlit script: each write path the pages use, its outcome kept."""
    from datetime import date

    import streamlit as st

    from tertial.corrections import CorrectionRefused, correct_comment, correct_end_date, correct_grade, \
        correct_status, undo_correction
    from tertial.importing import ImportRefused, commit_import, plan_import, undo
    from tertial.template import TemplateRefused, apply_template

    ange, t2 = "Ånge kommun", "001_2318b0fccc3d977e.txt"
    goal = 36  # any goal: the refusal comes before the goal is looked up
    writes = {
        "import": lambda: commit_import(plan_import(report, "t3_2023.txt", db_path=db_path), actor="x", db_path=db_path),
        # The T3 report titled as T2's again: a new version of T2's report, in T2's slot.
        "ersättning": lambda: commit_import(
            plan_import(report.replace(b"tertialrapport 3 2023", b"tertialrapport 2 2023"), "t2_ny.txt",
                        db_path=db_path), actor="x", db_path=db_path, confirm_replace=True),
        "statusord": lambda: commit_import(
            plan_import(report.replace("Ej påbörjad".encode(), b"Klart"), "t3_ord.txt", db_path=db_path,
                        status_aliases={"Klart": "Avslutad enligt plan"}), actor="x", db_path=db_path),
        "ångra inläsning": lambda: undo(audit_id, actor="x", db_path=db_path),
        "rättelse av bedömning": lambda: correct_grade(db_path, organisation=ange, report_file=t2, goal_id=goal,
                                                       grade="Uppfyllt", actor="x"),
        "rättelse av status": lambda: correct_status(db_path, organisation=ange, report_file=t2, activity_id=1,
                                                     goal_id=goal, status="Vänteläge", actor="x"),
        "rättelse av slutdatum": lambda: correct_end_date(db_path, organisation=ange, report_file=t2, activity_id=1,
                                                          goal_id=goal, end_date=date(2030, 1, 1), actor="x"),
        "rättelse av kommentar": lambda: correct_comment(db_path, organisation=ange, report_file=t2, goal_id=goal,
                                                         activity_id=None, comment="ny", actor="x"),
        "ångra rättelse": lambda: undo_correction(db_path, audit_id, actor="x"),
        # The refusal comes first: the rows need not be a real template's.
        "mall": lambda: apply_template(db_path, [], organisation=ange, period="2023-T3", as_of=None, actor="x",
                                       file_name="mall.csv", data=b"x"),
    }
    outcomes = {}
    for name, write in writes.items():
        try:
            write()
            outcomes[name] = "skrev"
        except (ImportRefused, CorrectionRefused, TemplateRefused) as refusal:
            outcomes[name] = str(refusal)
        except Exception as error:  # noqa: BLE001 - the test says which path raised what
            outcomes[name] = f"{type(error).__name__}: {error}"
    st.session_state["outcomes"] = outcomes


def test_every_write_path_is_refused_for_a_viewer_and_writes_nothing(db, monkeypatch):
    from test_import import t3_2023_report

    monkeypatch.setenv(ENV_PASSWORD, "hemligt")  # editing is enabled; this user did not sign in
    [(audit_id,)] = rows(db, "SELECT max(audit_id) FROM audit_log")
    before = digest(db)
    at = AppTest.from_function(every_write, args=(str(db), t3_2023_report(), audit_id), default_timeout=120).run()
    assert not at.exception, at.exception
    outcomes = at.session_state["outcomes"]
    assert len(outcomes) == 10
    assert {name: outcome for name, outcome in outcomes.items() if outcome != VIEWER_REFUSAL} == {}
    assert digest(db) == before


def test_a_signed_in_editor_passes_the_same_check(db, monkeypatch):
    from test_import import t3_2023_report

    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = AppTest.from_function(every_write, args=(str(db), t3_2023_report(), 1), default_timeout=120)
    at.session_state["editor_name"] = "Anna Controller"  # as the sign-in form leaves it
    at.run()
    assert not at.exception, at.exception
    outcomes = at.session_state["outcomes"]
    assert outcomes["import"] == "skrev"
    assert VIEWER_REFUSAL not in outcomes.values()
    assert rows(db, "SELECT count(*) FROM reports WHERE file_name = 't3_2023.txt'") == [(1,)]

"""Single corrections on a copy of the bundled database: the value changes in the views,
the audit log says who changed what from what to what, refused corrections and
corrections to the same value leave the file as it was."""

import hashlib
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tertial.corrections import (
    CorrectionRefused, correct_comment, correct_end_date, correct_grade, correct_start_date, correct_status,
    undo_correction,
)
from tertial.integrity import broken_references
from dbfiles import digest, rows

T2 = "001_2318b0fccc3d977e.txt"
ANGE = "Ånge kommun"
DIALOGUE = "Ta fram en metod för att genomföra medborgardialog"








def goal_id(path: Path, code: str) -> int:
    [(found,)] = rows(path, "SELECT goal_id FROM goal_assessments WHERE report_file = ? AND goal_code = ?", T2, code)
    return found


def dialogue(path: Path) -> dict:
    [(activity, goal, status, end, overdue)] = rows(
        path, "SELECT activity_id, goal_id, status, end_date, overdue FROM activity_statuses "
              "WHERE report_file = ? AND activity_title = ?", T2, DIALOGUE)
    return {"activity_id": activity, "goal_id": goal, "status": status, "end_date": end, "overdue": overdue}


def audit(path: Path):
    return rows(path, "SELECT audit_id, actor, action, report_file, content_sha256, summary, before, after "
                      "FROM audit_log ORDER BY audit_id")


def test_a_grade_correction_shows_in_the_view_and_in_the_audit_log(db):
    goal = goal_id(db, "2.15.1")
    assert rows(db, "SELECT grade FROM goal_assessments WHERE goal_id = ? AND period = '2023-T2'", goal) == [("Knappt uppfyllt",)]
    result = correct_grade(db, organisation=ANGE,
                           report_file=T2, goal_id=goal, grade="Delvis uppfyllt", actor="anna.controller")
    assert result.changed and (result.before, result.after) == ("Knappt uppfyllt", "Delvis uppfyllt")
    assert rows(db, "SELECT grade FROM goal_assessments WHERE goal_id = ? AND period = '2023-T2'", goal) == [("Delvis uppfyllt",)]
    # What the document printed stays as printed; only the grade is corrected.
    assert rows(db, "SELECT grade_as_printed FROM goal_reports WHERE goal_id = ? AND report_id = 2", goal) == [("◆ Knappt uppfyllt",)]
    [(audit_id, actor, action, report_file, sha, summary, before, after)] = audit(db)[1:]
    assert (audit_id, actor, action, report_file) == (result.audit_id, "anna.controller", "rättelse", T2)
    assert sha == hashlib.sha256((Path(__file__).parents[1] / "data" / "raw" / T2).read_bytes()).hexdigest()
    assert json.loads(before)["value"] == "Knappt uppfyllt" and json.loads(after)["value"] == "Delvis uppfyllt"
    assert json.loads(before)["field"] == "grade" and json.loads(before)["goal_id"] == goal
    assert "mål 2.15.1" in summary and "Knappt uppfyllt → Delvis uppfyllt" in summary
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == []


def test_ungrading_is_a_correction_too(db):
    goal = goal_id(db, "2.15.1")
    correct_grade(db, organisation=ANGE, report_file=T2, goal_id=goal, grade="Ej bedömd", actor="anna")
    assert rows(db, "SELECT grade FROM goal_assessments WHERE goal_id = ? AND period = '2023-T2'", goal) == [(None,)]


def test_unknown_words_and_unknown_rows_are_refused_and_the_file_stays_byte_identical(db):
    goal = goal_id(db, "2.15.1")
    before = digest(db)
    with pytest.raises(CorrectionRefused, match="Okänd bedömning »Nästan klart«.*Uppfyllt, Delvis uppfyllt, "
                                                "Knappt uppfyllt, Ej uppfyllt, Ej bedömd"):
        correct_grade(db, organisation=ANGE, report_file=T2, goal_id=goal, grade="Nästan klart", actor="anna")
    target = dialogue(db)
    with pytest.raises(CorrectionRefused, match="Okänd status »Klar«.*Avslutad enligt plan"):
        correct_status(db, organisation=ANGE,
                       report_file=T2, activity_id=target["activity_id"], goal_id=target["goal_id"],
                       status="Klar", actor="anna")
    with pytest.raises(CorrectionRefused, match="Målet \\(id 9999\\) finns inte i rapporten"):
        correct_grade(db, organisation=ANGE, report_file=T2, goal_id=9999, grade="Uppfyllt", actor="anna")
    with pytest.raises(CorrectionRefused, match="Aktiviteten \\(id 9999\\) finns inte under mål"):
        correct_status(db, organisation=ANGE,
                       report_file=T2, activity_id=9999, goal_id=target["goal_id"], status="Vänteläge", actor="anna")
    with pytest.raises(CorrectionRefused, match="Rapporten finnsinte.txt finns inte"):
        correct_grade(db, organisation=ANGE, report_file="finnsinte.txt", goal_id=goal, grade="Uppfyllt", actor="anna")
    assert digest(db) == before


def test_the_same_value_writes_nothing(db):
    goal = goal_id(db, "2.15.1")
    before = digest(db)
    result = correct_grade(db, organisation=ANGE, report_file=T2, goal_id=goal, grade="◆ Knappt uppfyllt", actor="anna")
    assert not result.changed and result.audit_id is None and "Ingen ändring" in result.message
    assert digest(db) == before and len(audit(db)) == 1


def test_status_and_end_date_corrections_change_the_overdue_flag(db):
    target = dialogue(db)
    assert (target["status"], target["end_date"], target["overdue"]) == ("Ej påbörjad", date(2023, 8, 21), True)
    keys = {"report_file": T2, "activity_id": target["activity_id"], "goal_id": target["goal_id"]}

    done = correct_status(db, organisation=ANGE, **keys, status="Avslutad enligt plan", actor="bertil")
    assert done.changed and dialogue(db)["overdue"] is False  # finished activities are never overdue
    correct_status(db, organisation=ANGE, **keys, status="Pågående enligt plan", actor="bertil")
    assert dialogue(db)["overdue"] is True  # ongoing and past its end date (2023-08-31 report)

    moved = correct_end_date(db, organisation=ANGE, **keys, end_date=date(2023, 12, 31), actor="bertil")
    assert (moved.before, moved.after) == (date(2023, 8, 21), date(2023, 12, 31))
    assert dialogue(db)["end_date"] == date(2023, 12, 31) and dialogue(db)["overdue"] is False
    log = audit(db)
    assert [(actor, action) for _, actor, action, *_ in log] == [("system", "bygge")] + [("bertil", "rättelse")] * 3
    assert json.loads(log[-1][6]) == {"field": "end_date", "value": "2023-08-21", "organisation_id": 1, "report_id": 2,
                                      "goal_id": target["goal_id"], "activity_id": target["activity_id"]}

    before = digest(db)
    with pytest.raises(CorrectionRefused, match="Slutdatum 2023-12-31 ligger före startdatum 2024-01-15"):
        correct_start_date(db, organisation=ANGE, **keys, start_date=date(2024, 1, 15), actor="bertil")
    assert digest(db) == before


def test_comments_and_undo(db):
    target = dialogue(db)
    result = correct_comment(db, organisation=ANGE,
                             report_file=T2, goal_id=target["goal_id"], activity_id=target["activity_id"],
                             comment="  Metoden tas fram under hösten.  ", actor="cecilia")
    assert rows(db, "SELECT comment FROM activity_statuses WHERE report_file = ? AND activity_title = ?", T2, DIALOGUE) == [
        ("Metoden tas fram under hösten.",)]
    goal_comment = correct_comment(db, organisation=ANGE,
                                   report_file=T2, goal_id=target["goal_id"], activity_id=None, comment="",
                                   actor="cecilia")
    assert goal_comment.changed and goal_comment.after is None
    assert rows(db, "SELECT comment FROM goal_assessments WHERE goal_id = ? AND period = '2023-T2'", target["goal_id"]) == [(None,)]

    undone = undo_correction(db, result.audit_id, actor="cecilia")
    assert rows(db, "SELECT comment FROM activity_statuses WHERE report_file = ? AND activity_title = ?", T2, DIALOGUE) == [(None,)]
    assert rows(db, "SELECT undone_by FROM audit_log WHERE audit_id = ?", result.audit_id) == [(undone.audit_id,)]
    assert rows(db, "SELECT action, undoes FROM audit_log WHERE audit_id = ?", undone.audit_id) == [("ångra", result.audit_id)]

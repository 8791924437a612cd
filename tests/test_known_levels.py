"""A goal keeps its level within a model year (issue 20, item 4).

The reader records whether the document states a goal's level or only gives the default;
an import keeps the level the year's earlier reports give a goal listed without one, and
shows a stated level that differs as a difference to confirm (commit_import's
accept_level_differences, --accept-level-differences, a checkbox in Importera). Each test
loads into a copy of the bundled database: 2024-T1 (seed 002) holds "Sjukfrånvaron ska
minska" as KF, listed under "Verksamhetsmål för god ekonomisk hushållning", and the 19
other 2024 goals as KS."""

import json
from pathlib import Path

import pytest

from dbfiles import digest, rows
from tertial import RAW_DIR
from tertial.cli import main
from tertial.importing import ImportRefused, commit_import, plan_import, undo
from tertial.reader import read_report
from test_page_importera import confirm_then_save, open_as_editor, preview, texts

GRADED_2024 = Path(__file__).parent / "fixtures" / "graded_2024" / "ange_ks_t2_2024.txt"
REPORTS = Path(__file__).parent / "fixtures" / "reports"
SICK_LEAVE = "Sjukfrånvaron ska minska"
SICK_LEAVE_HEADING = "### 5.1 Sjukfrånvaron ska minska"
SICK_LEAVE_LINE = GRADED_2024.read_text(encoding="utf-8").split("\n").index(SICK_LEAVE_HEADING) + 1


def graded_2024(*, heading: str = SICK_LEAVE_HEADING, year: int = 2024) -> bytes:
    """The hand-written T2 2024 report, with the sick-leave goal's heading as given."""
    text = GRADED_2024.read_text(encoding="utf-8")
    assert text.count(SICK_LEAVE_HEADING) == 1 and text.count("tertial 2 2024") == 1
    return text.replace(SICK_LEAVE_HEADING, heading).replace("tertial 2 2024", f"tertial 2 {year}").encode()


STATED_KS = "### KS-mål 5.1 Sjukfrånvaron ska minska"  # a level word beside the number


def sick_leave_rows(db, period: str) -> list[tuple]:
    return rows(db, "SELECT goal_level, goal_id FROM goal_assessments WHERE period = ? AND goal_title = ?",
                period, SICK_LEAVE)


# -- what the reader records ---------------------------------------------------------------

def levels(report) -> list[tuple]:
    return [(goal.code, goal.level, goal.level_stated) for goal in report.goals]


def test_a_level_word_beside_the_number_or_a_level_heading_over_the_group_states_the_level():
    report = read_report((REPORTS / "goal_levels_as_words.txt").read_text(encoding="utf-8"), "levels.txt")
    # KF-mål/Nämndmål beside the number (1.x), headings over the group (2.1), KF/KS (2.2).
    assert levels(report) == [("1.1", "KF", True), ("1.1.1", "KS", True), ("1.1.2", "KS", True),
                              ("2.1", "KF", True), ("2.1.1", "KS", True), ("2.2", "KF", True), ("2.2.1", "KS", True)]


def test_a_goal_tables_level_column_or_level_named_goal_column_states_the_level():
    report = read_report((REPORTS / "goal_table_with_grade_cells.txt").read_text(encoding="utf-8"), "table.txt")
    # 1.x under a column named "Nämndmål"; 2.x with a Nivå column saying KF and KS.
    assert levels(report) == [("1.1", "KS", True), ("1.2", "KS", True), ("1.3", "KS", True),
                              ("2.1", "KF", True), ("2.2", "KS", True)]


def test_the_outline_states_the_level_and_a_goal_standing_alone_only_has_the_default():
    t2_2023 = read_report((RAW_DIR / "001_2318b0fccc3d977e.txt").read_text(encoding="utf-8"), "001.txt")
    assert {(goal.level, goal.level_stated) for goal in t2_2023.goals} == {("KF", True), ("KS", True)}
    t1_2023 = read_report((RAW_DIR / "000_4224aef9546bb394.txt").read_text(encoding="utf-8"), "000.txt",
                          goal_level="KF")
    assert {(goal.level, goal.level_stated) for goal in t1_2023.goals} == {("KF", False)}


def test_a_verksamhetsmal_list_states_kf_and_a_goal_area_list_states_nothing():
    stab = read_report((RAW_DIR / "002_b08c0454ff5f1aaf.txt").read_text(encoding="utf-8"), "002.txt",
                       status_aliases={"Pågående": "Pågående enligt plan"})
    stated = {goal.title: (goal.level, goal.level_stated) for goal in stab.goals}
    assert stated.pop(SICK_LEAVE) == ("KF", True)
    assert set(stated.values()) == {("KS", False)} and len(stated) == 19


def test_a_goal_area_list_does_not_overrule_a_level_the_outline_states(tmp_path):
    text = "\n".join([
        "# Tertialrapport 2 2024", "", "## 1 Målområde Tillväxt", "",
        "### KF-mål 1.1 Ånge ska ha ett positivt flyttnetto.", "", "Bedömning: Uppfyllt", "",
        "### 1.2 Antalet arbetstillfällen, räknat som heltid, ska öka.", "", "Bedömning: Ej uppfyllt", "",
        "## 2 Förteckning över målen", "", "Mål inom målområde Tillväxt", "",
        "• Ånge ska ha ett positivt flyttnetto.", "", "• Antalet arbetstillfällen, räknat som heltid, ska öka.", "",
    ])
    report = read_report(text, "lista.txt")
    assert levels(report) == [("1.1", "KF", True), ("1.2", "KS", False)]
    assert [goal.area for goal in report.goals] == ["Tillväxt", "Tillväxt"]


# -- the import -------------------------------------------------------------------------------

def test_a_goal_listed_without_a_level_keeps_its_level_from_earlier_in_the_year(db):
    plan = plan_import(graded_2024(), "t2.txt", db_path=db)
    assert [(kept.line, kept.title, kept.report_level, kept.known_level, kept.period) for kept in plan.kept_levels] == [
        (SICK_LEAVE_LINE, SICK_LEAVE, "KS", "KF", "2024-T1")]
    assert plan.report.goals[-1].level == "KS"  # as read; the level kept is the plan's decision
    assert plan.report_as_loaded().goals[-1].level == "KF"
    commit_import(plan, actor="test", db_path=db)
    [(t1_level, t1_goal)] = sick_leave_rows(db, "2024-T1")
    assert sick_leave_rows(db, "2024-T2") == [("KF", t1_goal)] and t1_level == "KF"
    [(after,)] = rows(db, "SELECT after FROM audit_log WHERE action = 'import'")
    assert json.loads(after)["kept_levels"] == [plan.kept_levels[0].message()]


def test_a_report_of_the_next_model_year_is_unaffected(db):
    plan = plan_import(graded_2024(year=2025), "t2_2025.txt", db_path=db)
    assert plan.period.key == "2025-T2" and plan.kept_levels == () and plan.level_differences == ()
    commit_import(plan, actor="test", db_path=db)
    [(level, goal_id)] = sick_leave_rows(db, "2025-T2")
    assert level == "KS" and rows(db, "SELECT model_year FROM goals WHERE goal_id = ?", goal_id) == [(2025,)]


def test_a_stated_level_that_differs_is_loaded_only_when_confirmed(db):
    before = digest(db)
    plan = plan_import(graded_2024(heading=STATED_KS), "t2.txt", db_path=db)
    assert plan.kept_levels == ()
    [difference] = plan.level_differences
    assert difference.message() == (f"rad {SICK_LEAVE_LINE}: målet »{SICK_LEAVE}« är KF-mål i 2024-T1, men "
                                    "rapporten anger nivån KS.")
    with pytest.raises(ImportRefused) as refused:
        commit_import(plan, actor="test", db_path=db)
    assert str(refused.value).startswith("t2.txt: ett mål har en annan nivå i rapporten än tidigare under 2024: "
                                         + difference.message())
    assert "--accept-level-differences" in str(refused.value) and str(refused.value).endswith("Inget har ändrats.")
    assert digest(db) == before
    commit_import(plan, actor="test", db_path=db, accept_level_differences=True)
    # Confirmed, it is the report's level: a KS goal of its own beside 2024-T1's KF goal.
    [(_, t1_goal)] = sick_leave_rows(db, "2024-T1")
    [(level, t2_goal)] = sick_leave_rows(db, "2024-T2")
    assert level == "KS" and t2_goal != t1_goal
    [(summary, after)] = rows(db, "SELECT summary, after FROM audit_log WHERE action = 'import'")
    assert "bekräftade nivåskillnader: 1" in summary
    assert json.loads(after)["accepted_level_differences"] == [difference.message()]


def test_a_stated_level_the_year_already_gives_is_no_difference(db):
    plan = plan_import(graded_2024(heading="### KF-mål 5.1 Sjukfrånvaron ska minska"), "t2.txt", db_path=db)
    assert plan.kept_levels == () and plan.level_differences == ()
    # And a KS goal of 2024-T1 stated as KF is one.
    plan = plan_import(graded_2024().replace(b"### 4.1 ", "### KF-mål 4.1 ".encode()), "t2.txt", db_path=db)
    assert [(d.title, d.report_level, d.known_level) for d in plan.level_differences] == [
        ("Ånge ska ha ett positivt flyttnetto.", "KF", "KS")]


def test_a_replacement_that_changes_only_a_level_is_a_change_and_its_undo_restores_the_kept_level(db):
    commit_import(plan_import(graded_2024(), "t2.txt", db_path=db), actor="test", db_path=db)
    plan = plan_import(graded_2024(heading=STATED_KS), "t2_rättad.txt", db_path=db)
    assert plan.replaces and not plan.same_content_as  # the level is part of the content
    assert plan.diff.level_changes == [(f"5.1 {SICK_LEAVE}", "KF", "KS")]
    assert f"  ~ nivå 5.1 {SICK_LEAVE}: KF → KS" in plan.diff.lines()
    assert [d.period for d in plan.level_differences] == ["2024-T1"]  # the replaced report is not what it is known by
    result = commit_import(plan, actor="test", db_path=db, confirm_replace=True, accept_level_differences=True)
    assert sick_leave_rows(db, "2024-T2")[0][0] == "KS"
    undo(result.audit_id, actor="test", db_path=db)
    [(_, t1_goal)] = sick_leave_rows(db, "2024-T1")
    assert sick_leave_rows(db, "2024-T2") == [("KF", t1_goal)]


def test_levels_that_changed_since_the_preview_refuse_the_load(db):
    # Previewed as 2025-T2 when 2025 has no goals; then 2025-T1 (seed 002 again) makes the
    # goal a KF goal of 2025 before the load: the preview no longer holds.
    plan = plan_import(graded_2024(year=2025), "t2_2025.txt", db_path=db)
    assert plan.kept_levels == ()
    stab_2025 = (RAW_DIR / "002_b08c0454ff5f1aaf.txt").read_bytes() + b"\n"  # other bytes than the loaded 002
    assert commit_import(plan_import(stab_2025, "stab_2025.txt", db_path=db, period="2025-T1"), actor="test",
                         db_path=db).action == "import"
    before = digest(db)
    with pytest.raises(ImportRefused, match="målen för 2025 har ändrats sedan förhandsgranskningen"):
        commit_import(plan, actor="test", db_path=db)
    assert digest(db) == before
    again = plan_import(graded_2024(year=2025), "t2_2025.txt", db_path=db)
    assert [(kept.title, kept.known_level, kept.period) for kept in again.kept_levels] == [(SICK_LEAVE, "KF", "2025-T1")]


# -- the command line and the Importera page ---------------------------------------------------

def test_the_command_line_notes_a_kept_level_and_needs_accept_level_differences(db, tmp_path, capsys):
    plain, stated = tmp_path / "t2.txt", tmp_path / "t2_ks.txt"
    plain.write_bytes(graded_2024())
    stated.write_bytes(graded_2024(heading=STATED_KS))
    assert main(["import", str(plain), "--db", str(db), "--dry-run"]) == 0
    out, _ = capsys.readouterr()
    assert (f"  rad {SICK_LEAVE_LINE}: målet »{SICK_LEAVE}« behåller nivån KF från 2024-T1 (rapporten anger ingen "
            "nivå).") in out
    before = digest(db)
    assert main(["import", str(stated), "--db", str(db), "--user", "test"]) == 1
    out, err = capsys.readouterr()
    assert f"    rad {SICK_LEAVE_LINE}: målet »{SICK_LEAVE}« är KF-mål i 2024-T1, men rapporten anger nivån KS." in out
    assert "--accept-level-differences" in err and digest(db) == before
    assert main(["import", str(stated), "--db", str(db), "--user", "test", "--accept-level-differences"]) == 0
    assert sick_leave_rows(db, "2024-T2")[0][0] == "KS"


def test_the_preview_shows_kept_levels_and_saving_a_level_difference_waits_for_the_confirmation(app, db_copy,
                                                                                                  monkeypatch):
    at = open_as_editor(app, monkeypatch)
    at = preview(at, "t2.txt", graded_2024())
    assert not at.exception, at.exception
    [kept] = [t for t in at.table if "Som i" in t.value.columns and "Nivå" in t.value.columns]
    assert kept.value.to_dict("records") == [{"Rad": SICK_LEAVE_LINE, "Mål": SICK_LEAVE, "Nivå": "KF",
                                              "Som i": "2024-T1"}]
    assert "Mål som behåller sin nivå (1)" in texts(at.caption)
    assert not next(b for b in at.button if b.label == "Spara i databasen").disabled

    at = preview(at, "t2_ks.txt", graded_2024(heading=STATED_KS))
    assert not at.exception, at.exception
    assert "Rapporten anger en annan nivå (KF/KS) för 1 mål än tidigare rapporter under 2024" in texts(at.warning)
    [differences] = [t for t in at.table if "Nivå i rapporten" in t.value.columns]
    assert [(r["Mål"], r["Nivå i rapporten"], r["Tidigare nivå"]) for r in differences.value.to_dict("records")] == [
        (SICK_LEAVE, "KS", "KF")]
    at = confirm_then_save(at, "import_accept_level_differences", db_copy)
    assert not at.exception, at.exception
    assert "Läste in t2_ks.txt" in texts(at.success)
    assert sick_leave_rows(db_copy, "2024-T2")[0][0] == "KS"

"""A report of another organisation than the database's: Storvik kommun's T2 2023 report
(a small invented fixture) read into the database of Ånge kommun's bundled reports. The
organisation is added only when the user confirms its name, in the report's transaction;
Ånge's rows stay exactly as they were; everything an import looks at (the slot, the
previous report, decided status words, goals, activities, areas) is the organisation's
own; a refused or failed import changes nothing."""

from pathlib import Path

import pytest

from dbfiles import digest, rows
from tertial.cli import main
from tertial.db import connect
from tertial.importing import ImportRefused, UnknownStatuses, commit_import, plan_import, undo
from tertial.integrity import broken_references
from tertial.organisations import (AmbiguousOrganisation, find_organisation, organisation_key, same_name,
                                   same_organisation)

STORVIK = Path(__file__).parent / "fixtures" / "reports" / "storvik_kommun_t2_2023.txt"
NAME = STORVIK.name
ANGE_T2 = "001_2318b0fccc3d977e.txt"


def storvik(**replacements: str) -> bytes:
    text = STORVIK.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text.encode("utf-8")


def content(path: Path) -> dict[str, list]:
    """Everything an import could change, as full sorted row lists."""
    tables = ("organisations", "reports", "areas", "goals", "activities", "goal_reports", "activity_reports",
              "status_aliases", "goal_assessments", "activity_statuses", "periods")
    return {table: rows(path, f"SELECT * FROM {table} ORDER BY ALL") for table in tables} | {
        "audit_log": rows(path, "SELECT audit_id, action, report_file, summary FROM audit_log ORDER BY audit_id")}


def ange_rows(path: Path) -> dict[str, list]:
    return {
        "goal_assessments": rows(path, "SELECT * FROM goal_assessments WHERE organisation = 'Ånge kommun' ORDER BY ALL"),
        "activity_statuses": rows(path, "SELECT * FROM activity_statuses WHERE organisation = 'Ånge kommun' "
                                        "ORDER BY ALL"),
        "areas": rows(path, "SELECT * FROM areas WHERE organisation_id = 1 ORDER BY ALL"),
        "status_aliases": rows(path, "SELECT * FROM status_aliases WHERE organisation_id = 1 ORDER BY ALL"),
    }


# ------------------------------------------------------------------ the name rule


@pytest.mark.parametrize(("first", "second"), [
    ("Storvik", "Storvik kommun"),
    (" storvik  KOMMUN ", "Storvik kommun"),
    ("Storviks kommun", "Storvik"),
    ("Sundsvall", "Sundsvalls kommun"),
    ("Kramfors", "Kramfors kommun"),
    ("Ånge kommun", "ånge"),
])
def test_names_that_are_one_organisation(first, second):
    assert same_organisation(first, second) and organisation_key(first) == organisation_key(second)


@pytest.mark.parametrize(("first", "second"), [
    ("Storvik", "Storvika"),
    ("Upplands Väsby", "Upplands-Bro"),
    ("Storvik kommun", "Ånge kommun"),
    ("", ""),
    ("Kommun", "Storvik kommun"),
])
def test_names_that_are_two_organisations(first, second):
    assert not same_organisation(first, second)


def test_a_confirmation_must_be_the_same_name_not_merely_the_same_organisation():
    assert same_name(" storvik   KOMMUN", "Storvik kommun")
    assert not same_name("Storvik", "Storvik kommun")
    assert not same_name(None, "Storvik kommun") and not same_name("", "")


def test_a_name_finds_its_stored_organisation_and_an_ambiguous_one_is_refused():
    known = {"Ånge kommun": 1, "Storvik kommun": 2}
    assert find_organisation("storvik", known) == ("Storvik kommun", 2)
    assert find_organisation("Bräcke kommun", known) is None
    assert find_organisation("  ", known) is None
    # Two stored names that the rule makes one (a database made before it): exact wins, else ask.
    doubled = {"Storvik": 2, "Storvik kommun": 3}
    assert find_organisation("STORVIK kommun", doubled) == ("Storvik kommun", 3)
    with pytest.raises(AmbiguousOrganisation, match="kan vara flera"):
        find_organisation("Storviks kommun", doubled)


# ------------------------------------------------------------------ the library


def test_the_fixture_reads_as_a_small_report_of_its_own():
    from tertial.extract import detect_organisation
    from tertial.reader import read_report

    text = STORVIK.read_text(encoding="utf-8")
    report = read_report(text, NAME)
    assert detect_organisation(text) == "Storvik kommun"
    assert [area.name for area in report.areas] == ["Levande bygder", "Trygg uppväxt"]
    assert (len(report.goals), report.goals_graded(), len(report.activities)) == (8, 4, 12)


def test_a_new_organisation_is_planned_but_added_only_with_its_name_confirmed(db):
    before, before_content = digest(db), content(db)
    plan = plan_import(STORVIK.read_bytes(), NAME, db_path=db)
    assert (plan.organisation, plan.new_organisation, plan.organisation_id) == ("Storvik kommun", "Storvik kommun", None)
    assert plan.organisation_reason == "dokumentet nämner Storvik kommun"
    # Its own slot: Ånge's T2 2023 report is neither replaced nor the baseline.
    assert plan.replaces is None and plan.slot.label() == "Storvik kommun · Kommunstyrelsen · ingen enhet angiven · 2023-T2"
    assert plan.diff.baseline == "ingenting (organisationen Storvik kommun är ny och har inga rapporter)"
    assert len(plan.diff.new_goals) == 8 and len(plan.diff.new_activities) == 12 and not plan.diff.removed_goals
    message = plan.new_organisation_message()
    assert message.startswith(f"{NAME}: organisationen »Storvik kommun« finns inte i databasen (finns: Ånge kommun).")
    assert "»Lägg till organisationen och läs in«" in message and "--organisation 'Storvik kommun'" in message

    with pytest.raises(ImportRefused) as refused:
        commit_import(plan, actor="anna", db_path=db)
    assert str(refused.value) == message
    with pytest.raises(ImportRefused, match="bekräftelsen »Storvik« är inte namnet på organisationen som läggs till, "
                                            "»Storvik kommun«"):
        commit_import(plan, actor="anna", db_path=db, new_organisation="Storvik")
    assert digest(db) == before and content(db) == before_content

    result = commit_import(plan, actor="anna", db_path=db, new_organisation="  storvik KOMMUN ")
    assert result.action == "import" and result.created_organisation == "Storvik kommun"
    assert result.message == f"Läste in {NAME} (ändring 2). Organisationen Storvik kommun lades till i databasen."
    assert rows(db, "SELECT * FROM organisations ORDER BY organisation_id") == [(1, "Ånge kommun"), (2, "Storvik kommun")]
    assert rows(db, "SELECT organisation_id, period_key, body, unit FROM reports WHERE file_name = ?", NAME) == [
        (2, "2023-T2", "Kommunstyrelsen", None)]
    assert rows(db, """SELECT count(*), count(grade), count(DISTINCT report_id) FROM goal_assessments
                       WHERE organisation = 'Storvik kommun'""") == [(8, 4, 1)]
    assert rows(db, "SELECT summary FROM audit_log WHERE audit_id = 2")[0][0].endswith("; ny organisation: Storvik kommun")
    with connect(db, read_only=True) as con:
        assert broken_references(con) == []


def test_ange_is_untouched_and_the_new_organisation_has_only_its_own(db):
    ange_before = ange_rows(db)
    assert len(ange_before["goal_assessments"]) == 71 and ange_before["status_aliases"]  # Ånge decided "Pågående"
    plan = plan_import(STORVIK.read_bytes(), NAME, db_path=db)
    assert plan.aliases_used == [] and set(plan.status_aliases) == set()  # none of Ånge's decided words
    commit_import(plan, actor="anna", db_path=db, new_organisation="Storvik kommun")
    assert ange_rows(db) == ange_before
    # Areas, goals and activities of its own, from its own report.
    assert rows(db, "SELECT kind, name FROM areas WHERE organisation_id = 2 ORDER BY name") == [
        ("fokusområde", "Levande bygder"), ("fokusområde", "Trygg uppväxt")]
    assert rows(db, """SELECT DISTINCT vision_focus_area FROM goal_assessments WHERE organisation = 'Storvik kommun'
                       ORDER BY 1""") == [("Levande bygder",), ("Trygg uppväxt",)]
    assert rows(db, "SELECT count(*) FROM status_aliases WHERE organisation_id = 2") == [(0,)]
    # The same activity title in both municipalities is two activities.
    shared = rows(db, """SELECT organisation, activity_id FROM activity_statuses
                         WHERE activity_title = 'Implementera nya läroplaner' ORDER BY organisation""")
    assert [organisation for organisation, _ in shared] == ["Storvik kommun", "Ånge kommun"]
    assert shared[0][1] != shared[1][1]
    assert rows(db, """SELECT count(*) FROM goals g JOIN goal_reports gr USING (goal_id) JOIN reports r USING (report_id)
                       WHERE g.organisation_id <> r.organisation_id""") == [(0,)]
    # Ånge's word decided once is not Storvik's: its report asks.
    with pytest.raises(UnknownStatuses, match="Pågående"):
        plan_import(storvik(**{"Företagslots\t▶ Pågående enligt plan": "Företagslots\tPågående",
                                "tertialrapport 2 2023": "tertialrapport 3 2023"}), "storvik_t3.txt", db_path=db)


def test_the_next_report_follows_and_replaces_only_the_same_organisations_reports(db):
    commit_import(plan_import(STORVIK.read_bytes(), NAME, db_path=db), actor="anna", db_path=db,
                  new_organisation="Storvik kommun")
    t3 = storvik(**{"tertialrapport 2 2023": "tertialrapport 3 2023", "#### ■ Ej uppfyllt.": "#### ◆ Knappt uppfyllt."})
    following = plan_import(t3, "storvik_t3_2023.txt", db_path=db)
    assert following.new_organisation is None and following.organisation_id == 2
    assert following.replaces is None
    # The previous report of its lineage is Storvik's T2, not Ånge's (which has a T2 2023 too).
    assert following.diff.baseline == f"perioden 2023-T2 ({NAME})"
    assert following.diff.grade_changes == [(
        "3.1.1 Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka jämfört med 2022.",
        "Ej uppfyllt", "Knappt uppfyllt")]
    assert not following.diff.new_goals and not following.diff.removed_goals
    # A corrected T2 replaces Storvik's T2, never Ånge's.
    corrected = plan_import(storvik(**{"#### ■ Ej uppfyllt.": "#### ◆ Knappt uppfyllt."}), "storvik_t2_rattad.txt",
                            db_path=db)
    assert corrected.replaces["file_name"] == NAME
    assert corrected.diff.baseline.startswith(f"den inlästa rapporten {NAME}")
    # "Storvik" and "Storviks kommun" are the organisation now stored, not new ones.
    for name in ("Storvik", "storviks kommun"):
        again = plan_import(t3, "storvik_t3_2023.txt", db_path=db, organisation=name)
        assert (again.organisation, again.new_organisation) == ("Storvik kommun", None)
    assert rows(db, "SELECT count(*) FROM organisations") == [(2,)]


def test_a_failed_load_leaves_no_organisation_behind(db, monkeypatch):
    from tertial import importing

    before, before_content = digest(db), content(db)
    plan = plan_import(STORVIK.read_bytes(), NAME, db_path=db)

    def broken_insert(con, plan):
        assert con.execute("SELECT count(*) FROM organisations").fetchone()[0] == 2  # added in this transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_insert", broken_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        commit_import(plan, actor="anna", db_path=db, new_organisation="Storvik kommun")
    assert digest(db) == before and content(db) == before_content


def test_an_organisation_added_by_someone_else_since_the_preview_is_not_added_twice(db):
    first = plan_import(STORVIK.read_bytes(), NAME, db_path=db)
    second = plan_import(storvik(**{"tertialrapport 2 2023": "tertialrapport 3 2023"}), "storvik_t3.txt", db_path=db)
    commit_import(first, actor="anna", db_path=db, new_organisation="Storvik kommun")
    before, before_content = digest(db), content(db)
    with pytest.raises(ImportRefused, match="organisationen Storvik kommun har lagts till av någon annan sedan "
                                            "förhandsgranskningen"):
        commit_import(second, actor="bertil", db_path=db, new_organisation="Storvik kommun")
    assert digest(db) == before and content(db) == before_content


@pytest.mark.parametrize(("options", "message"), [
    ({"organisation": "Ånge kommun"}, "rapporten gäller Storvik kommun, inte Ånge kommun"),
    ({"period": "2024-T1"}, "perioden 2024-T1 motsäger dokumentet"),
])
def test_refused_plans_change_nothing(db, options, message):
    before, before_content = digest(db), content(db)
    with pytest.raises(ImportRefused, match=message):
        plan_import(STORVIK.read_bytes(), NAME, db_path=db, **options)
    assert digest(db) == before and content(db) == before_content


def test_a_document_that_names_a_stored_organisation_is_not_read_into_a_new_one(db):
    ange = (Path(__file__).parent.parent / "data" / "raw" / ANGE_T2).read_bytes()
    with pytest.raises(ImportRefused, match="rapporten gäller Ånge kommun, som finns i databasen; den läses inte in "
                                            "som den nya organisationen »Storvik kommun«"):
        plan_import(ange, "ange.txt", db_path=db, organisation="Storvik kommun")


def test_a_user_may_name_the_new_organisation_otherwise_than_the_document(db):
    plan = plan_import(STORVIK.read_bytes(), NAME, db_path=db, organisation="Medelby kommun")
    assert plan.new_organisation == "Medelby kommun"
    assert "Dokumentet nämner Storvik kommun, men rapporten läses in som Medelby kommun, som du angav." in plan.notes
    commit_import(plan, actor="anna", db_path=db, new_organisation="medelby kommun")
    assert rows(db, "SELECT name FROM organisations WHERE organisation_id = 2") == [("Medelby kommun",)]


def test_undoing_the_import_that_added_an_organisation_removes_it(db):
    before_content = content(db)
    result = commit_import(plan_import(STORVIK.read_bytes(), NAME, db_path=db), actor="anna", db_path=db,
                           new_organisation="Storvik kommun")
    undone = undo(result.audit_id, actor="anna", db_path=db)
    assert undone.message == (f"Ångrade ändring 2 (import av {NAME}). Organisationen Storvik kommun som lades till "
                              "med den togs bort igen.")
    after = content(db)
    assert {table: after[table] for table in after if table != "audit_log"} == {
        table: before_content[table] for table in before_content if table != "audit_log"}
    with connect(db, read_only=True) as con:
        assert broken_references(con) == []


# ------------------------------------------------------------------ the command line


def test_the_command_line_adds_the_organisation_only_with_organisation_given(db, tmp_path, capsys):
    report = tmp_path / NAME
    report.write_bytes(STORVIK.read_bytes())
    before, before_content = digest(db), content(db)

    assert main(["import", str(report), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert "Ny organisation: Storvik kommun finns inte i databasen; den läggs till först när du bekräftar med " \
           "--organisation 'Storvik kommun'." in out
    assert f"{NAME}: organisationen »Storvik kommun« finns inte i databasen" in err
    assert "--organisation 'Storvik kommun'" in err
    assert digest(db) == before

    assert main(["import", str(report), "--db", str(db), "--organisation", "Storvik kommun", "--dry-run"]) == 0
    out, _ = capsys.readouterr()
    assert "läggs till i databasen med rapporten (bekräftad med --organisation)" in out and "inget sparades" in out
    assert main(["import", str(report), "--db", str(db), "--organisation", "Ånge kommun"]) == 1
    assert "rapporten gäller Storvik kommun, inte Ånge kommun" in capsys.readouterr().err
    assert digest(db) == before and content(db) == before_content

    assert main(["import", str(report), "--db", str(db), "--organisation", "Storvik kommun", "--user", "anna"]) == 0
    out, err = capsys.readouterr()
    assert f"Läste in {NAME} (ändring 2). Organisationen Storvik kommun lades till i databasen." in out, err
    assert rows(db, "SELECT name FROM organisations ORDER BY organisation_id") == [("Ånge kommun",), ("Storvik kommun",)]
    assert rows(db, "SELECT actor, action FROM audit_log WHERE audit_id = 2") == [("anna", "import")]


# ------------------------------------------------------------------ the pages


def test_every_page_shows_the_added_organisation_by_itself_and_anges_as_before(app, db_copy):
    commit_import(plan_import(STORVIK.read_bytes(), NAME, db_path=db_copy), actor="anna", db_path=db_copy,
                  new_organisation="Storvik kommun")
    at = app.run()
    assert not at.exception, at.exception
    # Ånge, with the most reports, stays the default, and its sentence is what it was.
    assert at.subheader[0].value == ("Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis "
                                     "uppfyllt och 14 mål Ej uppfyllt eller Knappt uppfyllt.")
    [choice] = [s for s in at.sidebar.selectbox if s.label == "Organisation"]
    assert choice.options == ["Ånge kommun", "Storvik kommun"] and choice.value == "Ånge kommun"
    choice.set_value("Storvik kommun").run()
    assert not at.exception, at.exception
    # Storvik's five KS goals of T2 2023: 2.1.1 Uppfyllt, 2.1.2 Delvis, 2.2.1 Knappt, 3.1.1 Ej, 3.1.2 not graded.
    assert at.subheader[0].value == ("Av de totalt 5 målen kommunstyrelsen antagit är 2 mål Uppfyllt eller Delvis "
                                     "uppfyllt, 2 mål Ej uppfyllt eller Knappt uppfyllt och 1 mål ej bedömt.")
    for page in ("goals", "activities", "trends", "reports", "audit_log"):
        at.switch_page(f"pages/{page}.py")
        at.query_params["organisation"] = "Storvik kommun"  # as a link to the page names it
        at.run()
        assert not at.exception, (page, at.exception)
        if page == "reports":
            listed_reports = at.table[0].value if at.table else at.dataframe[0].value
            assert len(listed_reports) == 1  # Storvik's one report, not Ånge's five

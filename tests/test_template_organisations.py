"""Hand entry and single corrections in a database of two organisations: Ånge kommun's
bundled reports and Storvik kommun's T2 2023 report (tests/fixtures/reports). The template,
its periods, its checks and what it writes are one organisation's; so are the corrections.
Ånge's view rows are compared as full sorted row lists before and after every write to
Storvik, and the other way round."""

import csv
import io
import shutil
from pathlib import Path

import polars as pl
import pytest

from dbfiles import digest, rows
from tertial.corrections import (
    CorrectionRefused, activity_choices, correct_grade, correct_status, goal_choices, report_choices,
    undo_correction,
)
from tertial.db import connect
from tertial.importing import commit_import, plan_import, undo
from tertial.integrity import broken_references
from tertial.template import (
    TemplateRefused, apply_template, parse_template, previous_period_with_data, template_csv_bytes,
    template_file_name, template_frame, template_periods,
)

ANGE, STORVIK = "Ånge kommun", "Storvik kommun"
FIXTURE = Path(__file__).parent / "fixtures" / "reports" / "storvik_kommun_t2_2023.txt"
STORVIK_T2 = FIXTURE.name
ANGE_T2 = "001_2318b0fccc3d977e.txt"
DIALOGUE = "Ta fram en metod för att genomföra medborgardialog"  # an activity of Ånge's only


@pytest.fixture(scope="module")
def two_organisations(bundled_db, tmp_path_factory) -> Path:
    """The bundled database with Storvik's report imported beside Ånge's, made once."""
    path = tmp_path_factory.mktemp("two_organisations") / "tertial.duckdb"
    shutil.copy(bundled_db, path)
    commit_import(plan_import(FIXTURE.read_bytes(), STORVIK_T2, db_path=path), actor="anna", db_path=path,
                  new_organisation=STORVIK)
    return path


@pytest.fixture
def db(two_organisations, tmp_path) -> Path:
    """A copy of the two-organisation database for one test that writes."""
    copy = tmp_path / "tertial.duckdb"
    shutil.copy(two_organisations, copy)
    return copy


def view_rows(path: Path, organisation: str) -> dict[str, list]:
    """The organisation's rows of the two public views, as full sorted row lists."""
    return {view: rows(path, f"SELECT * FROM {view} WHERE organisation = ? ORDER BY ALL", organisation)
            for view in ("goal_assessments", "activity_statuses")}


def own_rows(path: Path, organisation_id: int) -> dict[str, list]:
    """Everything stored of one organisation, as full sorted row lists."""
    by_report = "report_id IN (SELECT report_id FROM reports WHERE organisation_id = ?)"
    return {
        "reports": rows(path, "SELECT * FROM reports WHERE organisation_id = ? ORDER BY ALL", organisation_id),
        "goals": rows(path, "SELECT * FROM goals WHERE organisation_id = ? ORDER BY ALL", organisation_id),
        "activities": rows(path, "SELECT * FROM activities WHERE organisation_id = ? ORDER BY ALL", organisation_id),
        "areas": rows(path, "SELECT * FROM areas WHERE organisation_id = ? ORDER BY ALL", organisation_id),
        "goal_reports": rows(path, f"SELECT * FROM goal_reports WHERE {by_report} ORDER BY ALL", organisation_id),
        "activity_reports": rows(path, f"SELECT * FROM activity_reports WHERE {by_report} ORDER BY ALL",
                                 organisation_id),
    }


def template_of(path: Path, organisation, period: str = "2023-T3") -> pl.DataFrame:
    with connect(path, read_only=True) as con:
        return template_frame(con, period, organisation=organisation)


def parse(path: Path, data: bytes, name: str, organisation):
    with connect(path, read_only=True) as con:
        return parse_template(data, name, con=con, organisation=organisation)


def with_rows(data: bytes, extra: list[dict[str, str]]) -> bytes:
    """The template CSV with rows added at the end, as staff would type them in Excel."""
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = table[0]
    table += [[row.get(column, "") for column in header] for row in extra]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(table)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def load(path: Path, organisation: str, period: str = "2023-T3", name: str | None = None,
         data: bytes | None = None):
    """Fill in the organisation's template for PERIOD unchanged (or DATA) and load it."""
    data = data if data is not None else template_csv_bytes(template_of(path, organisation, period))
    name = name or f"hand_{organisation.split()[0].lower()}_{period}.csv"
    parsed, problems = parse(path, data, name, organisation)
    assert problems == []
    return apply_template(path, parsed, organisation=organisation, period=period, as_of=None, actor="anna",
                          file_name=name, data=data)


# ------------------------------------------------------------------ (a) the template


def test_each_organisations_template_holds_only_its_own_goals_and_activities(two_organisations):
    path = two_organisations
    ange, storvik = template_of(path, ANGE), template_of(path, STORVIK)
    for frame, organisation_id, goals, activities in ((ange, 1, 36, 57), (storvik, 2, 8, 12)):
        kinds = frame["Typ"].value_counts().sort("Typ").rows()
        assert kinds == [("Aktivitet", activities), ("Mål", goals)]
        owners = rows(path, "SELECT DISTINCT organisation_id FROM goals WHERE list_contains(?, goal_id)",
                      frame["mål_id"].unique().to_list())
        assert owners == [(organisation_id,)]
        owners = rows(path, "SELECT DISTINCT organisation_id FROM activities WHERE list_contains(?, activity_id)",
                      frame["aktivitet_id"].drop_nulls().unique().to_list())
        assert owners == [(organisation_id,)]
    # Prefilled with each one's own T2 2023 values: the same goals and grades as its view.
    for frame, organisation in ((ange, ANGE), (storvik, STORVIK)):
        goals = frame.filter(pl.col("Typ") == "Mål")
        assert sorted(zip(goals["mål_id"], goals["Bedömning"]), key=str) == sorted(rows(
            path, "SELECT goal_id, grade FROM goal_assessments WHERE period = '2023-T2' AND organisation = ?",
            organisation), key=str)
    # The same template whether the organisation is named by its name, another spelling or its id.
    assert template_of(path, "storviks kommun").equals(storvik) and template_of(path, 2).equals(storvik)
    assert template_of(path, 1).equals(ange)
    with connect(path, read_only=True) as con:
        # An explicit earlier period is the organisation's too: Storvik has nothing in 2023-T1.
        assert template_frame(con, "2023-T3", "2023-T1", organisation=STORVIK).is_empty()
        assert template_frame(con, "2023-T3", "2023-T1", organisation=ANGE).height == 15
        for unknown in ("Bräcke kommun", 7, None, ""):
            with pytest.raises(TemplateRefused):
                template_frame(con, "2023-T3", organisation=unknown)
        with pytest.raises(TypeError):
            template_frame(con, "2023-T3")  # no default organisation
        with pytest.raises(TypeError):
            parse_template(template_csv_bytes(storvik), "mall.csv", con=con)


def test_the_templates_file_name_names_the_organisation_when_given():
    assert template_file_name("2023-T3", "csv") == "tertial_handinmatning_2023-t3.csv"
    assert template_file_name("2023-T3", "xlsx", STORVIK) == "tertial_handinmatning_storvik-kommun_2023-t3.xlsx"
    assert template_file_name("2023-T3", "csv", ANGE) == "tertial_handinmatning_ange-kommun_2023-t3.csv"


# ------------------------------------------------------------------ (b) applying it


def test_a_filled_storvik_template_writes_only_storvik_rows(db):
    ange_before, ange_stored = view_rows(db, ANGE), own_rows(db, 1)
    storvik_before = view_rows(db, STORVIK)
    template = template_of(db, STORVIK)
    data = template_csv_bytes(template.with_columns(
        pl.when(pl.col("Målnummer") == "3.1.1").then(pl.lit("Knappt uppfyllt")).otherwise(pl.col("Bedömning"))
        .alias("Bedömning")))
    result = load(db, STORVIK, data=data, name="storvik_t3.csv")
    assert result.action == "import"
    assert result.message.startswith("Läste in handinmatning storvik_t3.csv för Storvik kommun: 2023-T3")

    assert view_rows(db, ANGE) == ange_before and own_rows(db, 1) == ange_stored
    assert rows(db, "SELECT organisation_id, kind, period_key FROM reports WHERE file_name = 'storvik_t3.csv'") == [
        (2, "Handinmatning", "2023-T3")]
    assert rows(db, """SELECT organisation, count(*), count(grade) FROM goal_assessments WHERE period = '2023-T3'
                       GROUP BY ALL""") == [(STORVIK, 8, 4)]
    assert rows(db, "SELECT organisation, count(*) FROM activity_statuses WHERE period = '2023-T3' GROUP BY ALL") == [
        (STORVIK, 12)]
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '3.1.1'") == [
        ("Knappt uppfyllt",)]
    # Storvik's T2 is as it was; its new rows are only the hand entry's.
    after = view_rows(db, STORVIK)
    assert [row for row in after["goal_assessments"] if row[1] != "2023-T3"] == storvik_before["goal_assessments"]
    assert rows(db, "SELECT count(*) FROM organisations") == [(2,)]
    assert rows(db, "SELECT after FROM audit_log WHERE audit_id = ?", result.audit_id)[0][0].count('"Storvik kommun"') == 1
    with connect(db, read_only=True) as con:
        assert broken_references(con) == []


def test_an_ange_template_is_not_loaded_as_storviks(db):
    data = template_csv_bytes(template_of(db, ANGE))
    parsed, problems = parse(db, data, "ange.csv", STORVIK)
    assert parsed == [] and len(problems) == 36 + 57 * 2  # every goal row's key, every activity row's two keys
    assert str(problems[0]).startswith("Rad 2, kolumn mål_id: mål_id ")
    assert str(problems[0]).endswith(" hör till Ånge kommun, inte till Storvik kommun; använd mallen för Storvik kommun.")
    # Rows read for Ånge, saved as Storvik's: refused by the write itself, nothing changes.
    ange_rows_parsed, problems = parse(db, data, "ange.csv", ANGE)
    assert problems == []
    before = digest(db)
    with pytest.raises(TemplateRefused, match="Filen pekar på mål eller aktiviteter som inte finns i databasen för "
                                              "Storvik kommun"):
        apply_template(db, ange_rows_parsed, organisation=STORVIK, period="2023-T3", as_of=None, actor="anna",
                       file_name="ange.csv", data=data)
    with pytest.raises(TemplateRefused, match="Organisationen »Bräcke kommun« finns inte i databasen"):
        apply_template(db, ange_rows_parsed, organisation="Bräcke kommun", period="2023-T3", as_of=None,
                       actor="anna", file_name="ange.csv", data=data)
    assert digest(db) == before


# ------------------------------------------------------------------ (c) periods


def test_the_period_checks_and_the_periods_offered_are_per_organisation(db):
    with connect(db, read_only=True) as con:
        # Ånge's as with Ånge alone (tests/test_page_rattelser.py); Storvik has goals in 2023-T2 only.
        assert template_periods(con, organisation=ANGE) == (["2023-T3", "2024-T2", "2024-T3", "2025-T1"], "2024-T2")
        assert template_periods(con, organisation=STORVIK) == (
            ["2023-T1", "2023-T3", "2024-T1", "2024-T2", "2024-T3", "2025-T1"], "2023-T3")
        assert previous_period_with_data(con, "2023-T2", organisation=ANGE) == "2023-T1"
        assert previous_period_with_data(con, "2023-T2", organisation=STORVIK) is None
        assert previous_period_with_data(con, "2024-T2", organisation=STORVIK) == "2023-T2"

    # Storvik's own 2023-T2 has goals: refused. Ånge's 2023-T2 does not make Storvik's 2023-T1 refused.
    before = digest(db)
    with pytest.raises(TemplateRefused, match=f"Perioden 2023-T2 har redan mål för Storvik kommun från {STORVIK_T2}"):
        load(db, STORVIK, period="2023-T2", data=template_csv_bytes(template_of(db, STORVIK)), name="t2.csv")
    assert digest(db) == before
    t1 = template_of(db, STORVIK).with_columns(pl.lit("Inmatad i efterhand.").alias("Kommentar"))
    load(db, STORVIK, period="2023-T1", data=template_csv_bytes(t1), name="storvik_t1.csv")

    # Storvik's 2023-T3 hand entry neither refuses Ånge's 2023-T3 nor takes it off Ånge's list.
    load(db, STORVIK, period="2023-T3")
    with connect(db, read_only=True) as con:
        assert template_periods(con, organisation=ANGE) == (["2023-T3", "2024-T2", "2024-T3", "2025-T1"], "2024-T2")
        assert template_periods(con, organisation=STORVIK) == (["2024-T1", "2024-T2", "2024-T3", "2025-T1"], "2024-T1")
    ange = load(db, ANGE, period="2023-T3")
    assert ange.action == "import"
    assert rows(db, """SELECT organisation, count(*) FROM goal_assessments WHERE period = '2023-T3'
                       GROUP BY ALL ORDER BY ALL""") == [(STORVIK, 8), (ANGE, 36)]
    # A second Storvik 2023-T3 is refused, naming Storvik's slot, not Ånge's.
    data = template_csv_bytes(t1.with_columns(pl.lit("En gång till.").alias("Kommentar")))
    with pytest.raises(TemplateRefused, match="Perioden 2023-T3 har redan mål för Storvik kommun från "
                                              "hand_storvik_2023-T3.csv\\."):
        load(db, STORVIK, period="2023-T3", data=data, name="igen.csv")


# ------------------------------------------------------------------ (d) activities typed in by hand


def test_an_activity_title_of_anges_is_a_new_activity_for_storvik(db):
    ange_activity = rows(db, "SELECT DISTINCT activity_id FROM activity_statuses WHERE activity_title = ?", DIALOGUE)
    assert len(ange_activity) == 1
    ange_before = view_rows(db, ANGE)
    template = template_of(db, STORVIK)
    first_goal = template.row(0, named=True)
    typed = {"Typ": "Aktivitet", "Målnummer": first_goal["Målnummer"], "Mål": first_goal["Mål"],
             "Aktivitet": DIALOGUE, "Status": "Ej påbörjad", "mål_id": str(first_goal["mål_id"])}
    # Ånge's activity id under a Storvik goal is refused, naming whose it is.
    wrong = with_rows(template_csv_bytes(template), [typed | {"aktivitet_id": str(ange_activity[0][0])}])
    _, problems = parse(db, wrong, "fel.csv", STORVIK)
    assert [(p.column, p.message) for p in problems] == [(
        "aktivitet_id", f"aktivitet_id {ange_activity[0][0]} hör till Ånge kommun, inte till Storvik kommun; "
                        "använd mallen för Storvik kommun.")]

    load(db, STORVIK, data=with_rows(template_csv_bytes(template), [typed]), name="ny_aktivitet.csv")
    [(activity_id, owner)] = rows(db, "SELECT activity_id, organisation_id FROM activities WHERE title = ? "
                                      "AND activity_id <> ?", DIALOGUE, ange_activity[0][0])
    assert owner == 2 and activity_id != ange_activity[0][0]
    assert rows(db, "SELECT organisation, activity_id, goal_id FROM activity_statuses WHERE period = '2023-T3' "
                    "AND activity_title = ?", DIALOGUE) == [(STORVIK, activity_id, first_goal["mål_id"])]
    assert view_rows(db, ANGE) == ange_before
    with connect(db, read_only=True) as con:
        assert broken_references(con) == []


def test_a_title_typed_twice_for_one_organisation_is_its_one_activity(db):
    """The same title typed by hand for Storvik in its next tertial is Storvik's activity from before."""
    template = template_of(db, STORVIK)
    first_goal = template.row(0, named=True)
    typed = {"Typ": "Aktivitet", "Målnummer": first_goal["Målnummer"], "Mål": first_goal["Mål"],
             "Aktivitet": "Ny mötesplats i Norrbyn", "Status": "Ej påbörjad", "mål_id": str(first_goal["mål_id"])}
    load(db, STORVIK, data=with_rows(template_csv_bytes(template), [typed]), name="t3.csv")
    # The next tertial's template, without the row the first one made, the title typed under another goal.
    following = template_of(db, STORVIK, "2024-T1").filter(pl.col("Aktivitet").is_null()
                                                            | (pl.col("Aktivitet") != typed["Aktivitet"]))
    last_goal = following.filter(pl.col("Typ") == "Mål").row(-1, named=True)
    typed |= {"Målnummer": last_goal["Målnummer"], "Mål": last_goal["Mål"], "mål_id": str(last_goal["mål_id"])}
    load(db, STORVIK, period="2024-T1", data=with_rows(template_csv_bytes(following), [typed]), name="t1.csv")
    [(activity_id,)] = rows(db, "SELECT activity_id FROM activities WHERE title = ?", typed["Aktivitet"])
    assert rows(db, """SELECT organisation, period, activity_id, goal_id FROM activity_statuses
                       WHERE activity_title = ? ORDER BY period""", typed["Aktivitet"]) == [
        (STORVIK, "2023-T3", activity_id, first_goal["mål_id"]), (STORVIK, "2024-T1", activity_id, last_goal["mål_id"])]


# ------------------------------------------------------------------ (f) undo


def test_undoing_a_storvik_hand_entry_leaves_ange_untouched(db):
    ange_before, ange_stored = view_rows(db, ANGE), own_rows(db, 1)
    storvik_before, storvik_stored = view_rows(db, STORVIK), own_rows(db, 2)
    result = load(db, STORVIK)
    undone = undo(result.audit_id, actor="anna", db_path=db)
    assert undone.action == "ångra"
    assert view_rows(db, ANGE) == ange_before and own_rows(db, 1) == ange_stored
    assert view_rows(db, STORVIK) == storvik_before and own_rows(db, 2) == storvik_stored
    assert rows(db, "SELECT name FROM organisations ORDER BY organisation_id") == [(ANGE,), (STORVIK,)]
    with connect(db, read_only=True) as con:
        assert broken_references(con) == []


def test_undoing_the_report_that_replaced_a_storvik_hand_entry_brings_it_back_as_storviks(db):
    hand = load(db, STORVIK, name="storvik_hand.csv")
    assert hand.action == "import"
    with_hand = view_rows(db, STORVIK)
    ange_before, ange_stored = view_rows(db, ANGE), own_rows(db, 1)
    t3 = FIXTURE.read_text(encoding="utf-8").replace("tertialrapport 2 2023", "tertialrapport 3 2023").replace(
        "#### ■ Ej uppfyllt.", "#### ◆ Knappt uppfyllt.")
    plan = plan_import(t3.encode("utf-8"), "storvik_t3.txt", db_path=db)
    assert plan.organisation_id == 2 and plan.replaces["file_name"] == "storvik_hand.csv"
    replaced = commit_import(plan, actor="anna", db_path=db, confirm_replace=True)
    assert view_rows(db, ANGE) == ange_before

    undo(replaced.audit_id, actor="anna", db_path=db)
    assert rows(db, "SELECT organisation_id, kind FROM reports WHERE file_name = 'storvik_hand.csv'") == [
        (2, "Handinmatning")]
    assert view_rows(db, STORVIK) == with_hand
    assert view_rows(db, ANGE) == ange_before and own_rows(db, 1) == ange_stored
    with connect(db, read_only=True) as con:
        assert broken_references(con) == []


# ------------------------------------------------------------------ single corrections


def test_a_correction_touches_only_the_organisation_it_is_made_for(db):
    ange_before = view_rows(db, ANGE)
    [(ange_goal,)] = rows(db, "SELECT goal_id FROM goal_assessments WHERE report_file = ? AND goal_code = '2.15.1'",
                          ANGE_T2)
    before = digest(db)
    # Ånge's report is not Storvik's: refused, nothing written.
    with pytest.raises(CorrectionRefused, match=f"Rapporten {ANGE_T2} finns inte i databasen för Storvik kommun"):
        correct_grade(db, organisation=STORVIK, report_file=ANGE_T2, goal_id=ange_goal, grade="Uppfyllt",
                      actor="anna")
    with pytest.raises(CorrectionRefused):
        correct_grade(db, organisation=None, report_file=ANGE_T2, goal_id=ange_goal, grade="Uppfyllt", actor="anna")
    assert digest(db) == before

    with connect(db, read_only=True) as con:
        assert [name for name, _ in report_choices(con, organisation=STORVIK)] == [STORVIK_T2]
        assert STORVIK_T2 not in dict(report_choices(con, organisation=ANGE))
        assert goal_choices(con, ANGE_T2, organisation=STORVIK) == []
        storvik_goals = goal_choices(con, STORVIK_T2, organisation=STORVIK)
        goal = next(g for g in storvik_goals if g["goal_code"] == "3.1.1")
        activity = activity_choices(con, STORVIK_T2, goal["goal_id"], organisation=STORVIK)[0]
        assert activity_choices(con, STORVIK_T2, goal["goal_id"], organisation=ANGE) == []
    result = correct_grade(db, organisation=STORVIK, report_file=STORVIK_T2, goal_id=goal["goal_id"],
                           grade="Knappt uppfyllt", actor="anna")
    assert "(2023-T2, Storvik kommun)" in rows(db, "SELECT summary FROM audit_log WHERE audit_id = ?",
                                               result.audit_id)[0][0]
    status = correct_status(db, organisation=STORVIK, report_file=STORVIK_T2, goal_id=goal["goal_id"],
                            activity_id=activity["activity_id"], status="Vänteläge", actor="anna")
    assert rows(db, "SELECT grade FROM goal_assessments WHERE goal_id = ?", goal["goal_id"]) == [("Knappt uppfyllt",)]
    assert view_rows(db, ANGE) == ange_before
    undo_correction(db, status.audit_id, actor="anna")
    undo_correction(db, result.audit_id, actor="anna")
    assert rows(db, "SELECT grade FROM goal_assessments WHERE goal_id = ?", goal["goal_id"]) == [("Ej uppfyllt",)]
    assert view_rows(db, ANGE) == ange_before


def test_two_organisations_reports_of_one_file_name_are_corrected_apart(db):
    """Hand entries of both named mall.csv: a correction of Storvik's never lands in Ånge's."""
    load(db, STORVIK, name="mall.csv")
    load(db, ANGE, name="mall.csv")  # the later report with the name
    ange_before = view_rows(db, ANGE)
    with connect(db, read_only=True) as con:
        goal = next(g for g in goal_choices(con, "mall.csv", organisation=STORVIK) if g["goal_code"] == "3.1.1")
        assert len(goal_choices(con, "mall.csv", organisation=STORVIK)) == 8
    result = correct_grade(db, organisation=STORVIK, report_file="mall.csv", goal_id=goal["goal_id"],
                           grade="Uppfyllt", actor="anna")
    assert rows(db, "SELECT organisation, grade FROM goal_assessments WHERE period = '2023-T3' AND goal_id = ?",
                goal["goal_id"]) == [(STORVIK, "Uppfyllt")]
    assert view_rows(db, ANGE) == ange_before
    undo_correction(db, result.audit_id, actor="anna")
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_id = ?",
                goal["goal_id"]) == [("Ej uppfyllt",)]
    assert view_rows(db, ANGE) == ange_before

"""One report per slot (organisation, body, unit, period), and status words a person has
decided, kept per organisation. Checked against what a person reads in the bundled
reports: the T2 2023 report has 36 goals (15 KF, 21 KS) and 57 activity rows, 7 of them
Ej påbörjad and 1 overdue on 2023-08-31; the Stab report of 2024 prints "Pågående"
without a qualifier on line 143."""

from datetime import datetime

import duckdb
import pytest

from tertial import RAW_DIR
from tertial.importing import ImportRefused, UnknownStatuses, commit_import, plan_import, undo
from tertial.integrity import broken_references
from tertial.slots import choose_unit, named_unit
from tertial.status_aliases import AliasError, parse_alias_argument
from tertial.store import new_version
from dbfiles import digest, rows
from test_extract import docx_from_report_text
from test_import import t3_2023_report

T2_2023 = RAW_DIR / "001_2318b0fccc3d977e.txt"
STAB_2024 = RAW_DIR / "002_b08c0454ff5f1aaf.txt"

T2_COUNTS = (
    "SELECT (SELECT count(*) FROM goal_assessments WHERE period = '2023-T2'), "
    "(SELECT count(*) FROM activity_statuses WHERE period = '2023-T2'), "
    "(SELECT count(*) FROM activity_statuses WHERE period = '2023-T2' AND status = 'Ej påbörjad'), "
    "(SELECT count(*) FROM activity_statuses WHERE period = '2023-T2' AND overdue), "
    "(SELECT count(*) FROM reports WHERE period_key = '2023-T2')"
)


def test_the_bundled_figures_the_slot_tests_rely_on(db):
    assert rows(db, T2_COUNTS) == [(36, 57, 7, 1, 1)]


def test_the_word_version_of_a_loaded_report_is_no_change_and_never_a_second_report(db):
    word = docx_from_report_text(T2_2023.read_text(encoding="utf-8"))
    before = digest(db)
    plan = plan_import(word, "Rapport målavstämning T2 2023.docx", db_path=db)
    assert (plan.period.key, plan.body, plan.unit) == ("2023-T2", "Kommunstyrelsen", "Kommunförvaltningen")
    assert plan.replaces["file_name"] == T2_2023.name
    assert plan.same_content_as == T2_2023.name and plan.unchanged
    assert plan.diff.is_empty() and plan.diff.lines()[-1] == "  inga skillnader."
    result = commit_import(plan, actor="anna", db_path=db, confirm_replace=True)
    assert result.action == "oförändrad" and "i ett annat format" in result.message
    assert digest(db) == before
    assert rows(db, T2_COUNTS) == [(36, 57, 7, 1, 1)]


def test_a_changed_document_for_a_filled_slot_replaces_only_when_confirmed_and_undo_brings_the_old_back(db):
    text = T2_2023.read_text(encoding="utf-8").replace(
        "Ta fram en metod för att genomföra medborgardialog\t■ Ej påbörjad",
        "Ta fram en metod för att genomföra medborgardialog\t▶ Pågående enligt plan",
    )
    plan = plan_import(docx_from_report_text(text), "T2 2023 rättad.docx", db_path=db)
    assert plan.replaces["file_name"] == T2_2023.name and not plan.unchanged
    # Compared with the report it replaces, not with the previous period.
    assert plan.diff.baseline.startswith(f"den inlästa rapporten {T2_2023.name}")
    assert plan.diff.status_changes == [("Ta fram en metod för att genomföra medborgardialog", "Ej påbörjad",
                                         "Pågående enligt plan")]
    assert plan.diff.new_goals == plan.diff.removed_goals == plan.diff.new_activities == []
    before = digest(db)
    with pytest.raises(ImportRefused, match="perioden 2023-T2 har redan en rapport från Kommunförvaltningen"):
        commit_import(plan, actor="anna", db_path=db)
    assert digest(db) == before
    replaced = commit_import(plan, actor="anna", db_path=db, confirm_replace=True)
    assert replaced.action == "ersättning"
    assert rows(db, T2_COUNTS) == [(36, 57, 6, 1, 1)]
    assert rows(db, "SELECT file_name, unit FROM reports WHERE period_key = '2023-T2'") == [
        ("T2 2023 rättad.docx", "Kommunförvaltningen")]
    undo(replaced.audit_id, actor="anna", db_path=db)
    assert rows(db, T2_COUNTS) == [(36, 57, 7, 1, 1)]
    assert rows(db, "SELECT file_name FROM reports WHERE period_key = '2023-T2'") == [(T2_2023.name,)]
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == []


def test_a_slot_filled_by_someone_else_after_the_preview_is_not_filled_twice(db):
    first = plan_import(t3_2023_report(), "t3_2023.txt", db_path=db)
    second = plan_import(t3_2023_report().replace("Fiberutbyggnad Visslandsdalen\t Pågående enligt plan".encode(),
                                                  "Fiberutbyggnad Visslandsdalen\t Vänteläge".encode()),
                         "t3_2023_v2.txt", db_path=db)
    assert first.replaces is None and second.replaces is None  # both previewed an empty slot
    commit_import(first, actor="anna", db_path=db)
    before = digest(db)
    with pytest.raises(ImportRefused, match="har ändrats sedan förhandsgranskningen"):
        commit_import(second, actor="bertil", db_path=db, confirm_replace=True)
    assert digest(db) == before
    assert rows(db, "SELECT count(*) FROM reports WHERE period_key = '2023-T3'") == [(1,)]


def test_another_units_report_for_the_same_period_is_a_report_of_its_own_and_the_sentence_says_how_they_combine(db, bundled_con):
    from tertial.queries import run_query
    from tertial.sentence import source_note

    plan = plan_import(t3_2023_report(), "t3_2023.txt", db_path=db)
    commit_import(plan, actor="anna", db_path=db)
    other = plan_import(t3_2023_report().replace(b"Rapport m", b"Socialtjanstens rapport m"), "soc_t3_2023.txt",
                        db_path=db, unit="Socialtjänsten")
    assert (other.unit, other.replaces, other.unit_reason) == ("Socialtjänsten", None, "angiven vid inläsningen")
    commit_import(other, actor="anna", db_path=db)
    assert rows(db, "SELECT unit FROM reports WHERE period_key = '2023-T3' ORDER BY unit") == [
        ("Kommunförvaltningen",), ("Socialtjänsten",)]
    from tertial.db import connect

    with connect(db) as con:
        reports = run_query(con, "period_reports", {"organisation": "Ånge kommun", "period": "2023-T3"}).to_dicts()
    note = source_note(reports)
    assert "Kommunförvaltningen" in note and "Socialtjänsten" in note
    assert "ett mål som flera rapporter redovisar räknas en gång" in note


def test_the_unit_is_found_from_what_the_document_names_and_resembles():
    reports = [
        {"report_id": 1, "unit": "Kommunförvaltningen", "goal_titles": ["Mål A"], "activity_titles": ["Akt 1"]},
        {"report_id": 2, "unit": "Kommunförvaltningen", "goal_titles": [], "activity_titles": []},
        {"report_id": 3, "unit": "Stab", "goal_titles": ["Mål B"], "activity_titles": ["Akt 2", "Akt 3"]},
        {"report_id": 4, "unit": "Verksamhetsutveckling/utredning", "goal_titles": [], "activity_titles": []},
    ]
    # A running header line that is just the unit's name.
    assert named_unit("Rapport\n\nText\n Stab \n", ["Stab", "Kommunförvaltningen"]).unit == "Stab"
    # The unit's name in the title lines, in another case.
    title = "Kommunstyrelsen\nVerksamhetsrapport för verksamhetsutveckling/utredning\nText"
    assert choose_unit(None, title, [], reports).unit == "Verksamhetsutveckling/utredning"
    # "Stab" inside a word ("Stabschef") is no mention.
    assert named_unit("Rapport\nStabschef följer med.\n", ["Stab"]) is None
    # Resemblance: most of the document's activities are Stab's.
    choice = choose_unit(None, "Rapport\n", ["Mål B", "Akt 2", "Akt 3", "Ny"], reports)
    assert choice.unit == "Stab" and "3 av 4" in choice.reason
    # Nothing to go on: the usual unit.
    assert choose_unit(None, "Rapport\n", ["Helt nytt"], reports).unit == "Kommunförvaltningen"
    assert choose_unit(" Socialtjänsten ", title, [], reports).unit == "Socialtjänsten"


# -- status words a person has decided ------------------------------------------------------


def stab_in_another_form() -> bytes:
    """The Stab report as another export of it: Windows line ends, in UTF-16."""
    return STAB_2024.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16")


def test_the_manifests_status_word_is_kept_for_the_organisation_and_applies_to_another_export(db):
    assert rows(db, "SELECT printed, status, source FROM status_aliases") == [
        ("Pågående", "Pågående enligt plan", "manifest")]
    plan = plan_import(stab_in_another_form(), "Uppsiktsrapport Stab.md", db_path=db, period="2024-T1")
    [(alias, lines)] = plan.aliases_used
    assert (alias.printed, alias.status, alias.source) == ("Pågående", "Pågående enligt plan", "manifest")
    assert lines == [143]  # the one activity whose status is printed as "Pågående" (002, rad 143)
    assert [n.line for n in plan.report.notes if n.kind == "tolkning"] == [143]
    assert plan.unit == "Stab" and plan.replaces["file_name"] == STAB_2024.name
    assert plan.same_content_as == STAB_2024.name


def with_word(word: str) -> bytes:
    return t3_2023_report().replace("Föräldrakväll om skolnärvaro\t Ej påbörjad".encode(),
                                    f"Föräldrakväll om skolnärvaro\t {word}".encode())


def test_an_unknown_word_asks_for_a_decision_which_is_kept_and_applied_to_the_next_import(db):
    before = digest(db)
    with pytest.raises(UnknownStatuses) as asked:
        plan_import(with_word("Planeras"), "t3_2023.txt", db_path=db)
    assert list(asked.value.words) == ["Planeras"] and "--status-alias" in str(asked.value)
    assert digest(db) == before
    plan = plan_import(with_word("Planeras"), "t3_2023.txt", db_path=db, status_aliases={"Planeras": "Ej påbörjad"})
    [(alias, _)] = plan.aliases_used
    assert alias.decided_by is None and plan.new_aliases() == [alias]
    assert digest(db) == before  # a preview decides nothing yet
    result = commit_import(plan, actor="anna", db_path=db)
    [(printed, status, source, by, audit_id)] = rows(
        db, "SELECT printed, status, source, decided_by, audit_id FROM status_aliases WHERE printed_key = 'planeras'")
    assert (printed, status, source, by, audit_id) == ("Planeras", "Ej påbörjad", "kommandorad", "anna", result.audit_id)
    assert "nya statusord: »Planeras« = Ej påbörjad" in rows(
        db, "SELECT summary FROM audit_log WHERE audit_id = ?", result.audit_id)[0][0]
    # The next report of the organisation: the word is read the same way without asking,
    # and the use is recorded as an interpretation.
    next_report = with_word("planeras.").replace(b"tertialrapport 3 2023", b"tertialrapport 1 2024")
    later = plan_import(next_report, "t1_2024.txt", db_path=db)
    [(alias, lines)] = later.aliases_used
    assert (alias.status, alias.decided_by) == ("Ej påbörjad", "anna")
    commit_import(later, actor="bertil", db_path=db)
    assert rows(db, """SELECT n.kind FROM reading_notes n JOIN reports r USING (report_id)
                       WHERE r.file_name = 't1_2024.txt' AND n.source_line = ?""", lines[0]) == [("tolkning",)]
    assert rows(db, "SELECT status FROM activity_statuses WHERE period = '2024-T1' AND activity_title = "
                    "'Föräldrakväll om skolnärvaro'") == [("Ej påbörjad",)]


def test_undoing_the_import_that_decided_a_word_takes_the_decision_back(db):
    plan = plan_import(with_word("Planeras"), "t3_2023.txt", db_path=db, status_aliases={"Planeras": "Ej påbörjad"})
    result = commit_import(plan, actor="anna", db_path=db)
    undo(result.audit_id, actor="anna", db_path=db)
    assert rows(db, "SELECT count(*) FROM status_aliases WHERE printed_key = 'planeras'") == [(0,)]
    with pytest.raises(UnknownStatuses):
        plan_import(with_word("Planeras"), "t3_2023.txt", db_path=db)


def test_another_organisations_decisions_do_not_apply(db):
    with new_version(db) as con:
        con.execute("INSERT INTO organisations VALUES (2, 'Bräcke kommun')")
        con.execute("INSERT INTO status_aliases VALUES (2, 'planeras', 'Planeras', 'Ej påbörjad', 'kommandorad', "
                    "'bertil', ?, NULL)", [datetime(2024, 1, 1)])
    with pytest.raises(UnknownStatuses):
        plan_import(with_word("Planeras"), "t3_2023.txt", db_path=db)


@pytest.mark.parametrize(("argument", "expected"), [
    ("Klart=Avslutad enligt plan", ("Klart", "Avslutad enligt plan")),
    ("Pausad = vänteläge", ("Pausad", "Vänteläge")),
])
def test_status_alias_arguments(argument, expected):
    assert parse_alias_argument(argument) == expected


@pytest.mark.parametrize(("argument", "message"), [
    ("Klart", "skriv ORD=STATUS"),
    ("Klart=Färdig", "»Färdig« är ingen status"),
    ("Vänteläge=Ej påbörjad", "är redan statusen Vänteläge"),
])
def test_bad_status_alias_arguments_say_why(argument, message):
    with pytest.raises(AliasError, match=message):
        parse_alias_argument(argument)

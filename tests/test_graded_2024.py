"""A graded report in the 2024 goal model, written by hand as Ånge would export it from
Word: Kommunstyrelsen's T2 2024 follow-up with the four målområden, every 2024 KS goal
and the KF goal "Sjukfrånvaron ska minska" under a heading of its own, without a level
word. The figures a person reads off it stand next to it (ange_ks_t2_2024.expected.json,
written from the text, not from the reader). Read alone the report cannot say that
goal's level; loaded over the bundled database it keeps the level 2024-T1 gives it, KF."""

import json
from pathlib import Path

import pytest

from tertial.importing import commit_import, plan_import
from tertial.reader import read_report
from dbfiles import rows
from report_figures import written_figure_differences

REPORT = Path(__file__).parent / "fixtures" / "graded_2024" / "ange_ks_t2_2024.txt"
EXPECTED = json.loads(REPORT.with_name("ange_ks_t2_2024.expected.json").read_text(encoding="utf-8"))
LOADED = EXPECTED["in the database"]


def test_the_graded_2024_report_reads_to_what_a_person_reads_off_it():
    text = REPORT.read_text(encoding="utf-8")
    report = read_report(text, REPORT.name)
    assert written_figure_differences(text, report, EXPECTED) == []
    assert not [note for note in report.notes if note.kind in ("ej placerad", "avvikelse")]


def test_the_hand_written_totals_agree_with_the_goal_list():
    # The totals in the expected file were counted by hand too: they must add up to its list.
    goals = EXPECTED["goals"]
    grades = [goal["grade"] for goal in goals if goal["grade"]]
    assert len(goals) == LOADED["goals"] and len(grades) == LOADED["graded_goals"]
    assert {grade: grades.count(grade) for grade in LOADED["grades"]} == LOADED["grades"]
    assert sum(len(goal["activities"]) for goal in goals) == LOADED["activities"]
    overdue = [a for goal in goals for a in goal["activities"]
               if a[2] and a[2] < EXPECTED["as_of"] and not a[1].startswith("Avslutad")]
    assert len(overdue) == LOADED["overdue"]


def test_read_alone_no_goal_says_its_level():
    report = read_report(REPORT.read_text(encoding="utf-8"), REPORT.name)
    assert [goal.level_stated for goal in report.goals] == [False] * LOADED["goals"]
    [sick_leave] = [goal for goal in report.goals if goal.title == LOADED["kf_goal"]]
    assert (sick_leave.code, sick_leave.level) == ("5.1", "KS")  # the default: the text says nothing more


@pytest.fixture
def loaded(db):
    """The report loaded over a copy of the bundled database as 2024-T2."""
    plan = plan_import(REPORT.read_bytes(), REPORT.name, db_path=db)
    result = commit_import(plan, actor="test", db_path=db)
    assert result.action == "import"
    return db, plan


def test_loaded_over_the_bundled_database_it_gives_the_hand_written_counts(loaded):
    db, plan = loaded
    assert (plan.period.key, plan.as_of.isoformat()) == (EXPECTED["period"], EXPECTED["as_of"])
    assert plan.unit == "Kommunförvaltningen"
    goals = rows(db, "SELECT count(*), count(grade) FROM goal_assessments WHERE period = '2024-T2'")
    assert goals == [(LOADED["goals"], LOADED["graded_goals"])]
    grades = dict(rows(db, "SELECT grade, count(*) FROM goal_assessments WHERE period = '2024-T2' AND grade IS NOT NULL "
                           "GROUP BY grade"))
    assert grades == LOADED["grades"]
    assert rows(db, "SELECT count(*), count(*) FILTER (WHERE overdue) FROM activity_statuses WHERE period = '2024-T2'") == [
        (LOADED["activities"], LOADED["overdue"])]


def test_loaded_the_sick_leave_goal_stays_the_kf_goal_of_2024_t1(loaded):
    db, plan = loaded
    [kept] = plan.kept_levels  # the one goal of the report the year's model gives another level
    assert kept.message() == (f"rad {kept.line}: målet »{LOADED['kf_goal']}« behåller nivån KF från 2024-T1 "
                              "(rapporten anger ingen nivå).")
    assert REPORT.read_text(encoding="utf-8").split("\n")[kept.line - 1] == f"### 5.1 {LOADED['kf_goal']}"
    assert plan.level_differences == ()
    levels = rows(db, "SELECT period, goal_level, goal_id, vision_focus_area FROM goal_assessments "
                      "WHERE goal_title LIKE 'Sjukfrånvaron ska minska%' ORDER BY period")
    assert [(period, level) for period, level, _, _ in levels] == [("2024-T1", "KF"), ("2024-T2", "KF")]
    assert levels[0][2] == levels[1][2]  # one goal, not a KS twin beside the KF goal
    assert levels[1][3] is not None  # so it keeps its vision focus area through the crosswalk
    assert rows(db, "SELECT count(*) FROM goals WHERE model_year = 2024") == [(20,)]


def test_the_committee_sentence_counts_the_19_ks_goals(loaded):
    from tertial.db import connect
    from tertial.queries import run_query
    from tertial.sentence import CommitteeCounts, committee_sentence

    db, _ = loaded
    with connect(db, read_only=True) as con:
        row = run_query(con, "committee_counts", {"organisation": EXPECTED["organisation"], "period": "2024-T2",
                                                  "goal_level": None, "focus_area": None}).row(0, named=True)
    assert committee_sentence(CommitteeCounts.from_row(row, period="2024-T2")) == LOADED["committee_sentence"]


def test_loaded_its_goal_areas_are_the_areas_of_2024_t1_however_they_are_cased(loaded):
    # Seed 002 spells "Barn och Unga", this report "Barn och unga": one goal area.
    db, _ = loaded
    areas = rows(db, "SELECT lower(name), count(*) FROM areas WHERE model_year = 2024 GROUP BY ALL HAVING count(*) > 1")
    assert areas == []
    assert rows(db, "SELECT count(DISTINCT area_id) FROM areas WHERE model_year = 2024 AND lower(name) = 'barn och unga'") == [(1,)]

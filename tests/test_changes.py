"""Förändringar: what changed between two periods. The builders (tertial.changes) on
frames made here and on a small organisation with known differences (Storvik kommun's
T2 2023 fixture and a T3 2023 report made from it, imported into a copy of the bundled
database beside Ånge kommun); the figures a person reads in Ånge's bundled reports; the
page through AppTest (default periods, the periods in the URL both ways, the filters,
one organisation at a time) and Översikt's sentence linking to it."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from tertial import changes
from tertial.db import ENV_DB_PATH, connect
from tertial.importing import commit_import, plan_import
from tertial.queries import run_query

PAGE = "pages/changes.py"
STORVIK = Path(__file__).parent / "fixtures" / "reports" / "storvik_kommun_t2_2023.txt"
ANGE, STORVIK_NAME = "Ånge kommun", "Storvik kommun"
T1_2023_FILE, T2_2023_FILE = "000_4224aef9546bb394.txt", "001_2318b0fccc3d977e.txt"

# Storvik's T3 2023 report as staff would write it from the T2 one, as of 10 December:
# one grade down (2.1.2), one up (2.2.1), one first grade (3.1.2), one activity finished
# (Företagslots), one started (Elevhälsans närvaroteam), one end date 30 days later
# (Bostadsförsörjningsprogram), one new activity (Läxhjälp), one dropped (Revidera …).
# Frukostmöten (Vänteläge, ends 30 November) becomes overdue; Läslyft (ended 15 June,
# not finished) was overdue already on 31 August and is not newly so.
T3_CHANGES = {
    "tertialrapport 2 2023": "tertialrapport 3 2023",
    "#### ▲ Delvis uppfyllt.\n\nUtbyggnaden": "#### ◆ Knappt uppfyllt.\n\nUtbyggnaden",
    "#### ◆ Knappt uppfyllt.\n\nRankingen": "#### ▲ Delvis uppfyllt.\n\nRankingen",
    "Bedömning görs i tertialrapport 3.": "#### ● Uppfyllt\n\nAlla skolor har uppdaterat sina planer.",
    "Företagslots\t▶ Pågående enligt plan": "Företagslots\t✓ Avslutad enligt plan",
    "Bostadsförsörjningsprogram\t▶ Pågående enligt plan\t2023-02-01\t2023-12-15":
        "Bostadsförsörjningsprogram\t▶ Pågående enligt plan\t2023-02-01\t2024-01-14",
    "Elevhälsans närvaroteam\t■ Ej påbörjad": "Elevhälsans närvaroteam\t▶ Pågående enligt plan",
    "augusti och oktober.\n": "augusti och oktober.\n"
                              "Läxhjälp på biblioteket\t▶ Pågående enligt plan\t2023-10-02\t2024-05-31\tStartade i oktober.\n",
    "Revidera planerna mot kränkande behandling\t▶ Pågående enligt plan\t2023-08-14\t2023-10-31\t\n": "",
}


def storvik_t3() -> bytes:
    text = STORVIK.read_text(encoding="utf-8")
    for old, new in T3_CHANGES.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


@pytest.fixture(scope="module")
def storvik_db(bundled_db, tmp_path_factory) -> Path:
    """The bundled database with Storvik kommun's T2 and T3 2023 reports imported."""
    import shutil

    path = tmp_path_factory.mktemp("changes") / "tertial.duckdb"
    shutil.copy(bundled_db, path)
    plan = plan_import(STORVIK.read_bytes(), "storvik_t2.txt", db_path=path)
    commit_import(plan, actor="test", db_path=path, new_organisation=STORVIK_NAME)
    plan = plan_import(storvik_t3(), "storvik_t3.txt", db_path=path, as_of=date(2023, 12, 10))
    assert (plan.period.key, plan.organisation) == ("2023-T3", STORVIK_NAME)
    commit_import(plan, actor="test", db_path=path)
    return path


def compared(path: Path, organisation: str, earlier: str, later: str, focus_area=None, unit=None):
    """(change_periods, goal_changes, activity_pairs) as the page makes them."""
    with connect(path, read_only=True) as con:
        periods = run_query(con, "change_periods", {"organisation": organisation})
        goals = run_query(con, "goal_changes", {"organisation": organisation, "from_period": earlier,
                                                "to_period": later, "focus_area": focus_area})
        activities = run_query(con, "activity_changes", {"organisation": organisation, "from_period": earlier,
                                                         "to_period": later, "focus_area": focus_area, "unit": unit})
    return periods, changes.goal_changes(goals), changes.activity_pairs(activities)


# ------------------------------------------------------------------ builders on frames


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("Delvis uppfyllt", "Knappt uppfyllt", changes.LOWERED),
    ("Ej uppfyllt", "Uppfyllt", changes.RAISED),
    ("Knappt uppfyllt", "Knappt uppfyllt", changes.UNCHANGED),
    (None, "Ej uppfyllt", changes.NEWLY_GRADED),  # Ej bedömd is no grade: not "down" to Ej uppfyllt
    ("Uppfyllt", None, changes.GRADE_MISSING),  # nor "down" from Uppfyllt
    (None, None, changes.NOT_GRADED_EITHER),
])
def test_a_grade_goes_up_or_down_only_between_two_grades(before, after, expected):
    assert changes.grade_change(before, after) == expected


def test_a_goal_in_one_period_only_is_new_or_no_longer_reported():
    assert changes.grade_change(None, "Uppfyllt", in_earlier=False) == changes.NEW_GOAL
    assert changes.grade_change("Uppfyllt", None, in_later=False) == changes.DROPPED_GOAL


def goal_row(side, goal_id, code, grade, line, period=None):
    return {"side": side, "period": period or ("2025-T1" if side == "from" else "2025-T2"), "as_of": date(2025, 4, 30),
            "goal_id": goal_id, "goal_key": f"ks-2025-{goal_id:08x}", "model_year": 2025, "goal_level": "KS", "goal_code": code, "goal_title": f"Mål {goal_id}",
            "vision_focus_area": "A", "grade": grade, "report_file": f"{side}.txt", "source_line": line,
            "grade_line": line + 1}


def test_goals_are_paired_by_identity_not_by_number_and_listed_worst_news_first():
    rows = pl.DataFrame([
        goal_row("from", 1, "1.1", "Uppfyllt", 10), goal_row("to", 1, "2.1", "Delvis uppfyllt", 10),  # renumbered, down
        goal_row("from", 2, "1.2", "Knappt uppfyllt", 20), goal_row("to", 2, "1.2", "Uppfyllt", 20),  # up
        goal_row("from", 3, "1.3", None, 30), goal_row("to", 3, "1.3", "Ej uppfyllt", 30),  # first grade
        goal_row("from", 4, "1.4", "Ej uppfyllt", 40),  # dropped
        goal_row("to", 5, "1.5", "Uppfyllt", 50),  # new, graded
    ])
    goals = changes.goal_changes(rows)
    assert goals.select("goal_id", "change").rows() == [
        (1, changes.LOWERED), (2, changes.RAISED), (3, changes.NEWLY_GRADED), (5, changes.NEW_GOAL),
        (4, changes.DROPPED_GOAL)]
    summary = changes.GoalSummary.of(goals)
    assert (summary.lowered, summary.raised, summary.newly_graded, summary.new_goals, summary.new_goals_graded,
            summary.dropped_goals, summary.renumbered) == (1, 1, 1, 1, 1, 1, 1)
    assert changes.goal_sentence(summary, "2025-T1", "2025-T2") == (
        "1 mål har sänkt bedömning sedan 2025-T1, 1 har höjd och 1 har fått en ny bedömning. 1 mål är nya i "
        "2025-T2, alla bedömda. 1 mål från 2025-T1 redovisas inte längre.")
    table = changes.goal_table(goals, "2025-T1", "2025-T2")
    assert table.columns[:6] == ["Förändring", "Bedömning 2025-T1", "Bedömning 2025-T2", "Målnummer 2025-T1",
                                 "Målnummer 2025-T2", "Mål"]
    assert table.row(0)[:5] == (changes.LOWERED, "● Uppfyllt", "▲ Delvis uppfyllt", "1.1", "2.1")
    assert table.row(2)[1:3] == ("○ Ej bedömd", "■ Ej uppfyllt")
    assert table.row(3)[1:5] == ("–", "● Uppfyllt", "–", "1.5")  # a period without the goal: –, not Ej bedömd
    assert changes.goal_table(goals, "2025-T1", "2025-T2", only_changed=False).height == 5


def activity_row(side, activity_id, goal_id, status, end, overdue=False, title=None):
    return {"side": side, "period": "2025-T1" if side == "from" else "2025-T2",
            "as_of": date(2025, 4, 30) if side == "from" else date(2025, 8, 31), "activity_id": activity_id,
            "activity_title": title or f"Aktivitet {activity_id}", "goal_id": goal_id, "goal_key": f"ks-2025-{goal_id:08x}", "goal_code": f"1.{goal_id}",
            "goal_title": f"Mål {goal_id}", "goal_level": "KS", "status": status, "start_date": None, "end_date": end,
            "responsible_unit": "Stab", "overdue": overdue, "vision_focus_area": "A", "report_file": f"{side}.txt",
            "source_line": activity_id * 10 + goal_id}


def test_activities_pair_under_the_same_goal_else_alone_else_they_are_new_or_dropped():
    going, done = "Pågående enligt plan", "Avslutad enligt plan"
    rows = pl.DataFrame([
        activity_row("from", 1, 1, going, date(2025, 6, 30)), activity_row("to", 1, 1, done, date(2025, 6, 30)),
        # Under two goals in both periods: two pairs, each with its own end date.
        activity_row("from", 2, 1, going, date(2025, 5, 31)), activity_row("to", 2, 1, going, date(2025, 6, 30)),
        activity_row("from", 2, 2, going, date(2025, 12, 31)), activity_row("to", 2, 2, going, date(2025, 12, 31)),
        # Moved to another goal: paired by the activity alone.
        activity_row("from", 3, 1, "Ej påbörjad", date(2025, 12, 31)),
        activity_row("to", 3, 3, going, date(2025, 11, 30)),
        activity_row("from", 4, 1, going, date(2025, 3, 31), overdue=True),  # dropped
        activity_row("to", 5, 1, "Vänteläge", date(2025, 7, 1), overdue=True),  # new and overdue
        activity_row("from", 6, 1, going, date(2025, 8, 1)),  # overdue on 31 August only: newly
        activity_row("to", 6, 1, going, date(2025, 8, 1), overdue=True),
        activity_row("from", 7, 1, going, date(2025, 3, 1), overdue=True),  # overdue in both: not newly
        activity_row("to", 7, 1, going, date(2025, 3, 1), overdue=True),
        activity_row("to", 8, 1, done, date(2025, 5, 1)),  # new, finished already
    ])
    pairs = changes.activity_pairs(rows)
    matched = {(row["activity_id"], row["goal_id_from"], row["goal_id_to"], row["match"], row["goal_moved"])
               for row in pairs.iter_rows(named=True)}
    assert matched == {(1, 1, 1, "both", False), (2, 1, 1, "both", False), (2, 2, 2, "both", False),
                       (3, 1, 3, "both", True), (4, 1, None, "dropped", False), (5, None, 1, "new", False),
                       (6, 1, 1, "both", False), (7, 1, 1, "both", False), (8, None, 1, "new", False)}
    summary = changes.ActivitySummary.of(pairs)
    assert summary == changes.ActivitySummary(
        entries_from=7, entries_to=8, paired=6, status_changed=2, finished=1, new=2, new_finished=1, dropped=1,
        moved_later=1, moved_earlier=1, newly_overdue=2)
    assert changes.finished(pairs)["activity_id"].to_list() == [1]
    moved = changes.moved_end_dates(pairs)
    assert moved.select("activity_id", "days_moved").rows() == [(2, 30), (3, -31)]  # the biggest slip first
    assert changes.moved_table(pairs, "2025-T1", "2025-T2")["Flyttat"].to_list() == ["senare", "tidigare"]
    overdue = changes.newly_overdue(pairs)
    assert overdue.select("activity_id", "days_overdue").rows() == [(5, 61), (6, 30)]
    assert changes.overdue_table(pairs, "2025-T1", "2025-T2")["Status 2025-T1"].to_list() == [
        "fanns inte i 2025-T1", "▶ Pågående enligt plan"]
    assert changes.status_transitions(pairs).rows() == [
        ("▶ Pågående enligt plan", "✓ Avslutad enligt plan", 1), ("■ Ej påbörjad", "▶ Pågående enligt plan", 1)]


def periods_frame(*rows):
    """change_periods rows, newest first: (period, goal levels, goal models)."""
    return pl.DataFrame(
        [{"period": period, "goal_count": len(levels), "activity_count": 0, "goal_levels": list(levels),
          "goal_models": list(models)} for period, levels, models in rows],
        schema_overrides={"goal_levels": pl.List(pl.String), "goal_models": pl.List(pl.Int32)},
    )


def test_the_default_is_the_latest_two_periods_with_goals_at_the_same_level():
    periods = periods_frame(("2024-T3", [], []), ("2024-T2", ["KF"], [2024]), ("2024-T1", ["KS"], [2024]),
                            ("2023-T3", ["KS", "KF"], [2023]))
    # 2024-T3 has no goals; 2024-T2's KF goals meet KF goals only in 2023-T3.
    assert changes.default_pair(periods) == ("2023-T3", "2024-T2")
    assert changes.previous_comparable(periods, "2024-T1") == "2023-T3"
    assert changes.previous_comparable(periods, "2023-T3") is None
    assert changes.previous_comparable(periods, "2024-T3") is None
    assert changes.default_pair(periods_frame(("2024-T3", [], []), ("2024-T1", [], []))) == ("2024-T1", "2024-T3")
    assert changes.default_pair(periods_frame(("2024-T3", [], []))) is None
    # Different goal models are said plainly; the same model, or a period without goals, says nothing.
    note = changes.model_note(periods, "2023-T3", "2024-T1")
    assert note.startswith("2023-T3 följer 2023 års målmodell och 2024-T1 2024 års målmodell. Målen i olika "
                           "målmodeller är olika mål, så deras bedömningar kan inte paras ihop")
    assert changes.model_note(periods, "2024-T1", "2024-T2") is None
    assert changes.model_note(periods, "2024-T1", "2024-T3") is None


def test_a_link_names_the_two_periods_and_a_bad_one_gets_a_notice():
    keys = ["2024-T1", "2023-T2", "2023-T1"]
    default = ("2023-T2", "2024-T1")
    assert changes.read_link({}, keys, default) == changes.LinkState("2023-T2", "2024-T1")
    assert changes.read_link({"fran": ["2023-t1"], "till": "2023-T2"}, keys, default) == changes.LinkState(
        "2023-T1", "2023-T2")
    unknown = changes.read_link({"fran": ["<b>2019-T9</b>"]}, keys, default)
    assert (unknown.earlier, unknown.later) == default
    assert unknown.notices == ("Från-perioden »b2019-T9/b« har ingen rapport; visar 2023-T2 i stället.",)
    reversed_ = changes.read_link({"fran": "2024-T1", "till": "2023-T1"}, keys, default)
    assert (reversed_.earlier, reversed_.later) == ("2023-T1", "2024-T1")
    assert reversed_.notices == ("Perioderna stod i omvänd ordning; jämför 2023-T1 med 2024-T1.",)


# ------------------------------------------------------------------ a small organisation with known changes


def test_storvik_t2_to_t3_finds_exactly_the_changes_made(storvik_db):
    periods, goals, pairs = compared(storvik_db, STORVIK_NAME, "2023-T2", "2023-T3")
    assert changes.default_pair(periods) == ("2023-T2", "2023-T3")
    changed = {row["goal_code_to"]: (row["grade_from"], row["grade_to"], row["change"])
               for row in goals.filter(pl.col("change").is_in(changes.CHANGED)).iter_rows(named=True)}
    assert changed == {
        "2.1.2": ("Delvis uppfyllt", "Knappt uppfyllt", changes.LOWERED),
        "2.2.1": ("Knappt uppfyllt", "Delvis uppfyllt", changes.RAISED),
        "3.1.2": (None, "Uppfyllt", changes.NEWLY_GRADED),
    }
    summary = changes.GoalSummary.of(goals)
    assert (summary.unchanged, summary.not_graded_either, summary.renumbered) == (2, 3, 0)
    assert changes.goal_sentence(summary, "2023-T2", "2023-T3") == (
        "1 mål har sänkt bedömning sedan 2023-T2, 1 har höjd och 1 har fått en ny bedömning.")

    figures = changes.ActivitySummary.of(pairs)
    assert figures == changes.ActivitySummary(
        entries_from=12, entries_to=12, paired=11, status_changed=2, finished=1, new=1, new_finished=0, dropped=1,
        moved_later=1, moved_earlier=0, newly_overdue=1)
    assert changes.finished(pairs)["activity_title"].to_list() == ["Företagslots"]
    assert changes.new_entries(pairs)["activity_title"].to_list() == ["Läxhjälp på biblioteket"]
    assert changes.dropped_entries(pairs)["activity_title"].to_list() == ["Revidera planerna mot kränkande behandling"]
    assert changes.moved_end_dates(pairs).select("activity_title", "end_date_from", "end_date_to", "days_moved").rows() \
        == [("Bostadsförsörjningsprogram", date(2023, 12, 15), date(2024, 1, 14), 30)]
    assert changes.newly_overdue(pairs).select("activity_title", "days_overdue").rows() == [
        ("Frukostmöten med företagare", 10)]  # 30 November → 10 December
    assert changes.status_transitions(pairs).rows() == [
        ("▶ Pågående enligt plan", "✓ Avslutad enligt plan", 1), ("■ Ej påbörjad", "▶ Pågående enligt plan", 1)]


def test_the_focus_area_filter_keeps_each_pair_whole(storvik_db):
    _, goals, pairs = compared(storvik_db, STORVIK_NAME, "2023-T2", "2023-T3", focus_area="Trygg uppväxt")
    assert set(goals["vision_focus_area"]) == {"Trygg uppväxt"}
    assert changes.GoalSummary.of(goals).newly_graded == 1 and changes.GoalSummary.of(goals).lowered == 0
    figures = changes.ActivitySummary.of(pairs)
    assert (figures.new, figures.dropped, figures.finished, figures.newly_overdue) == (1, 1, 0, 0)


def test_every_query_keeps_to_one_organisation(storvik_db):
    """Ånge's own comparison is the same with Storvik in the database; Storvik sees none of Ånge's rows."""
    for earlier, later in (("2023-T1", "2023-T2"), ("2023-T2", "2024-T1")):
        _, goals, pairs = compared(storvik_db, ANGE, earlier, later)
        assert not goals["report_file"].str.starts_with("storvik").any()
        assert not pairs["report_file"].str.starts_with("storvik").any()
    periods, _, pairs = compared(storvik_db, STORVIK_NAME, "2023-T1", "2023-T2")
    assert changes.period_keys(periods) == ["2023-T3", "2023-T2"]
    assert set(pairs["report_file"]) == {"storvik_t2.txt"}


# ------------------------------------------------------------------ Ånge's bundled reports, by hand


def test_ange_2023_t1_to_t2_what_the_two_reports_show(bundled_db):
    """000 (T1 2023) presents the 15 KF goals under the focus areas (1.1.1 … 1.5.2) with a
    comment each, no grade and no activity table; 001 (T2 2023) presents the same 15 KF
    goals renumbered 2.1 … 2.15, still without a grade, and under them the 21 KS goals,
    graded (2 ●, 5 ▲, 9 ◆, 5 ■), with 57 activity rows (48 activities; seven rows
    Avslutad, one overdue on 31 August: »Ta fram en metod …«, ended 21 August, line 111)."""
    periods, goals, pairs = compared(bundled_db, ANGE, "2023-T1", "2023-T2")
    assert changes.model_note(periods, "2023-T1", "2023-T2") is None  # one goal model, 2023
    summary = changes.GoalSummary.of(goals)
    assert summary == changes.GoalSummary(new_goals=21, new_goals_graded=21, not_graded_either=15, renumbered=15)
    kf = goals.filter(pl.col("goal_level") == "KF")
    assert kf.filter(pl.col("goal_code_from") == "1.1.1")["goal_code_to"].to_list() == ["2.8"]
    assert kf.filter(pl.col("goal_code_from") == "1.5.2")["goal_code_to"].to_list() == ["2.5"]
    assert dict(goals.filter(pl.col("change") == changes.NEW_GOAL).group_by("grade_to").len().iter_rows()) == {
        "Uppfyllt": 2, "Delvis uppfyllt": 5, "Knappt uppfyllt": 9, "Ej uppfyllt": 5}
    assert changes.goal_sentence(summary, "2023-T1", "2023-T2") == (
        "Inget mål har sänkt bedömning sedan 2023-T1. 21 mål är nya i 2023-T2, alla bedömda.")
    figures = changes.ActivitySummary.of(pairs)
    assert figures == changes.ActivitySummary(entries_to=57, new=57, new_finished=7, newly_overdue=1)
    assert changes.new_entries(pairs)["activity_id"].n_unique() == 48
    assert changes.newly_overdue(pairs).select("activity_title", "days_overdue", "source_line").rows() == [
        ("Ta fram en metod för att genomföra medborgardialog", 10, 111)]


def test_ange_2023_t2_to_2024_t1_follow_different_goal_models(bundled_db):
    """002 (2024-T1) follows the 2024 goal model: 20 goals of their own (19 KS, the KF
    goal Sjukfrånvaron ska minska), none graded, and 34 activity blocks, none of them
    one of 001's 48 activities. 2024-T2 has no report and 003 (2024-T3) is a memo
    without goals or activities, so there is no 2024-T2 → 2024-T3 comparison to make."""
    periods, goals, pairs = compared(bundled_db, ANGE, "2023-T2", "2024-T1")
    # The latest two with KS (and KF) goals, but under different models: not the default.
    assert changes.default_pair(periods) == ("2023-T1", "2023-T2")
    assert changes.model_note(periods, "2023-T2", "2024-T1").startswith(
        "2023-T2 följer 2023 års målmodell och 2024-T1 2024 års målmodell.")
    assert goals.filter(pl.col("in_from") & pl.col("in_to")).is_empty()
    figures = changes.ActivitySummary.of(pairs)
    assert (figures.entries_from, figures.entries_to, figures.paired, figures.new, figures.dropped) == (57, 34, 0, 34, 57)
    assert changes.newly_overdue(pairs).select("activity_title", "days_overdue").rows() == [
        ("Att utforma och bilda ett Samskapanderåd", 30)]
    rows = {row["period"]: row for row in periods.iter_rows(named=True)}
    assert "2024-T2" not in rows
    assert (rows["2024-T3"]["goal_count"], rows["2024-T3"]["activity_count"]) == (0, 0)


# ------------------------------------------------------------------ the page


def open_page(app: AppTest, **params: str) -> AppTest:
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page(PAGE)
    return app.run()


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def texts(elements) -> list[str]:
    return [element.value for element in elements]


@pytest.fixture
def storvik_app(app, storvik_db, monkeypatch):
    monkeypatch.setenv(ENV_DB_PATH, str(storvik_db))
    return app


def test_the_page_opens_on_the_latest_two_periods_whose_goals_can_be_matched(app):
    # Ånge's latest two periods with KS goals, 2023-T2 and 2024-T1, follow different goal
    # models; the latest pair under one model is 2023-T1 → 2023-T2.
    at = open_page(app)
    assert not at.exception, at.exception
    assert (at.selectbox(key="forandringar_fran").value, at.selectbox(key="forandringar_till").value) == (
        "2023-T1", "2023-T2")
    assert not [text for text in texts(at.info) if "års målmodell" in text]


def test_two_periods_of_different_goal_models_are_said_to_differ(app):
    at = open_page(app, fran="2023-T2", till="2024-T1")
    assert not at.exception, at.exception
    assert at.title[0].value == "Förändringar"
    assert (at.selectbox(key="forandringar_fran").value, at.selectbox(key="forandringar_till").value) == (
        "2023-T2", "2024-T1")
    assert (at.query_params["fran"], at.query_params["till"]) == ("2023-T2", "2024-T1")
    assert any(text.startswith("2023-T2 följer 2023 års målmodell och 2024-T1 2024 års målmodell")
               for text in texts(at.info))
    shown = metrics(at)
    assert (shown["↓ Sänkt bedömning"], shown["Nya aktiviteter"], shown["⏰ Nyss försenade"]) == ("–", "34", "1")
    assert [tab.label for tab in at.tabs] == [
        "Statusbyten (0)", "Avslutade (0)", "Nya (34)", "Redovisas inte längre (57)", "Flyttade slutdatum (0)",
        "⏰ Nyss försenade (1)"]


def test_the_periods_in_the_link_set_the_page_and_stay_in_it(app):
    at = open_page(app, fran="2023-T1", till="2023-T2")
    assert not at.exception, at.exception
    assert (at.selectbox(key="forandringar_fran").value, at.selectbox(key="forandringar_till").value) == (
        "2023-T1", "2023-T2")
    assert (at.query_params["fran"], at.query_params["till"]) == ("2023-T1", "2023-T2")
    assert "**Inget mål har sänkt bedömning sedan 2023-T1. 21 mål är nya i 2023-T2, alla bedömda.**" in texts(at.markdown)
    assert metrics(at)["Nya aktiviteter"] == "57"
    [goal_table, *_] = [frame.value for frame in at.dataframe]
    assert len(goal_table) == 21 and set(goal_table["Förändring"]) == {changes.NEW_GOAL}
    # A choice on the page goes into the link.
    at.selectbox(key="forandringar_till").select("2024-T1").run()
    assert (at.query_params["fran"], at.query_params["till"]) == ("2023-T1", "2024-T1")
    # An edited link re-seeds the choice.
    at.query_params["till"] = "2023-T2"
    at.run()
    assert at.selectbox(key="forandringar_till").value == "2023-T2"


def test_a_bad_or_reversed_link_gives_a_notice(app):
    at = open_page(app, fran="2019-T2", till="2024-T1")
    assert not at.exception, at.exception
    assert "Från-perioden »2019-T2« har ingen rapport; visar 2023-T1 i stället." in texts(at.info)
    assert (at.query_params["fran"], at.query_params["till"]) == ("2023-T1", "2024-T1")
    at.query_params["fran"], at.query_params["till"] = "2024-T1", "2023-T2"
    at.run()
    assert "Perioderna stod i omvänd ordning; jämför 2023-T2 med 2024-T1." in texts(at.info)
    assert (at.query_params["fran"], at.query_params["till"]) == ("2023-T2", "2024-T1")


def test_the_same_period_twice_asks_for_two(app):
    at = open_page(app, fran="2023-T2", till="2023-T2")
    assert not at.exception, at.exception
    assert texts(at.warning) == ["Välj två olika perioder att jämföra."]


def test_the_focus_area_and_unit_filters_narrow_the_comparison(app):
    at = open_page(app, fran="2023-T1", till="2023-T2", fokusomrade="Hållbar hälsa")
    assert not at.exception, at.exception
    # Hållbar hälsa: KF 1.2.1–1.2.4 (2.6, 2.10, 2.11, 2.14) and their 9 KS goals.
    assert "**Inget mål har sänkt bedömning sedan 2023-T1. 9 mål är nya i 2023-T2, alla bedömda.**" in texts(at.markdown)
    assert (at.query_params["fokusomrade"], at.query_params["fran"]) == ("Hållbar hälsa", "2023-T1")
    at.sidebar.selectbox(key="filter_focus_area").select("Alla fokusområden").run()
    at.selectbox(key="forandringar_fran").select("2023-T2").run()
    at.selectbox(key="forandringar_till").select("2024-T1").run()
    at.sidebar.selectbox(key="filter_unit").select("HR och Kommunikation").run()
    assert not at.exception, at.exception
    # 002: nine blocks carry "• HR och Kommunikation"; 001 names no unit.
    assert metrics(at)["Nya aktiviteter"] == "9"
    assert at.query_params["enhet"] == "HR och Kommunikation"
    assert (at.query_params["fran"], at.query_params["till"]) == ("2023-T2", "2024-T1")


def test_the_page_shows_one_organisation_with_its_changes(storvik_app):
    at = open_page(storvik_app, organisation=STORVIK_NAME)
    assert not at.exception, at.exception
    assert (at.query_params["fran"], at.query_params["till"]) == ("2023-T2", "2023-T3")
    assert metrics(at) == {
        "↓ Sänkt bedömning": "1", "↑ Höjd bedömning": "1", "Ny bedömning": "1", "Statusbyten": "2",
        "Avslutade": "1", "Nya aktiviteter": "1", "Flyttade slutdatum": "1", "⏰ Nyss försenade": "1"}
    tables = [frame.value for frame in at.dataframe]
    files = {file for table in tables if "Rapportfil" in table.columns for file in table["Rapportfil"]}
    assert files <= {"storvik_t2.txt", "storvik_t3.txt"}
    moved = next(table for table in tables if "Dagar" in table.columns)
    assert moved[["Aktivitet", "Dagar", "Flyttat"]].values.tolist() == [["Bostadsförsörjningsprogram", 30, "senare"]]
    assert [d.proto.label for d in at.get("download_button")][:2] == ["Ladda ner CSV", "Ladda ner Excel"]
    # Back to Ånge, whose reports have no 2023-T3: its own default pair, no notice.
    at.sidebar.selectbox(key="filter_organisation").select(ANGE).run()
    assert not at.exception, at.exception
    assert (at.query_params["fran"], at.query_params["till"]) == ("2023-T1", "2023-T2")
    assert not [text for text in texts(at.info) if "har ingen rapport" in text]


# ------------------------------------------------------------------ Översikt's sentence


def change_link(at):
    [link] = [link.proto for link in at.get("page_link") if link.proto.page == "forandringar"]
    return link.label, link.query_string


def test_oversikt_says_what_changed_since_the_previous_period_and_links_there(app):
    at = app.run()
    assert not at.exception, at.exception
    assert change_link(at) == (
        "Inget mål har sänkt bedömning sedan 2023-T1. 21 mål är nya i 2023-T2, alla bedömda.",
        "period=2023-T2&fran=2023-T1&till=2023-T2")
    at.sidebar.selectbox(key="filter_period").select("2024-T1").run()
    assert change_link(at)[0] == (
        "2024-T1 följer en annan målmodell än 2023-T2: se vad som ändrats i aktiviteterna sedan 2023-T2.")
    at.sidebar.selectbox(key="filter_period").select("2023-T1").run()
    assert not [link for link in at.get("page_link") if link.proto.page == "forandringar"]  # nothing before it


def test_oversikt_sentence_counts_what_the_page_shows(storvik_app):
    storvik_app.query_params["organisation"] = STORVIK_NAME
    at = storvik_app.run()
    assert not at.exception, at.exception
    label, query_string = change_link(at)
    assert label == "1 mål har sänkt bedömning sedan 2023-T2, 1 har höjd och 1 har fått en ny bedömning."
    assert query_string == "organisation=Storvik+kommun&period=2023-T3&fran=2023-T2&till=2023-T3"
    at.sidebar.selectbox(key="filter_focus_area").select("Trygg uppväxt").run()
    assert change_link(at)[0] == "Inget mål har sänkt bedömning sedan 2023-T2, 1 har fått en ny bedömning."
    # Following the link: the page counts the same.
    page = open_page(storvik_app, organisation=STORVIK_NAME, period="2023-T3", fran="2023-T2", till="2023-T3",
                     fokusomrade="Trygg uppväxt")
    assert not page.exception, page.exception
    assert (metrics(page)["↓ Sänkt bedömning"], metrics(page)["Ny bedömning"]) == ("0", "1")


def test_an_organisation_with_one_period_says_two_are_needed_and_keeps_the_choice(app, db_copy):
    plan = plan_import(STORVIK.read_bytes(), "storvik_t2.txt", db_path=db_copy)
    commit_import(plan, actor="test", db_path=db_copy, new_organisation=STORVIK_NAME)
    at = open_page(app, organisation=STORVIK_NAME)
    assert not at.exception, at.exception
    assert "Det behövs rapporter för minst två perioder för att visa vad som ändrats." in texts(at.info)
    assert at.sidebar.selectbox(key="filter_organisation").value == STORVIK_NAME  # one can go back to Ånge

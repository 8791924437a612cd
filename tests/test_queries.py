"""Named queries: the registry is exactly the files in queries/, every query runs with
bound parameters on the database built from the bundled reports, and the figures are
those a person reads in the reports."""

import re
from datetime import date

import polars as pl
import pytest

from tertial import PROJECT_ROOT, QUERIES_DIR
from tertial.db import cursor
from tertial.quality import GRACE_DAYS
from tertial.queries import QueryParameterError, UnknownQuery, query_names, query_parameters, run_query
from tertial.sentence import CommitteeCounts, committee_sentence

T2_2023_FILE = "001_2318b0fccc3d977e.txt"

# A sample value for every parameter any query binds. A query with a parameter not named
# here fails test_every_query_runs..., so a new parameter comes with a sample value.
SAMPLE_PARAMETERS = {
    "period": "2023-T2",
    "focus_area": None,
    "first_year": None,
    "goal_level": None,
    "unit": None,
    "report_id": 2,
    "on_date": date(2023, 12, 31),
    "report_ids": [2],
    "organisation_ids": [1],
    "organisation_id": 1,
    "body": "Kommunstyrelsen",
    "organisation": "Ånge kommun",
    "shared_area": None,
    "from_period": "2023-T1",
    "model_year": 2024,
    "except_report_id": None,
    "to_period": "2023-T2",
    "grace_days": GRACE_DAYS,
}


def run(con, name, **params):
    """A named query on the bundled data: Ånge kommun's, unless the test names another."""
    if "organisation" in query_parameters(name):
        params.setdefault("organisation", "Ånge kommun")
    return run_query(con, name, params)


def test_the_registry_is_exactly_the_sql_files_in_queries():
    files = sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))
    assert query_names() == files
    assert {"periods", "focus_areas", "grade_distribution", "grade_distribution_by_focus_area",
            "committee_counts", "reports", "report_sections", "reading_notes"} <= set(files)


@pytest.mark.parametrize("name", query_names())
def test_every_query_runs_with_bound_parameters_and_says_what_it_is(name, bundled_con):
    text = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    assert text.lstrip().startswith("--"), f"{name}.sql starts without a comment saying what it returns"
    params = query_parameters(name)
    assert params <= set(SAMPLE_PARAMETERS), f"{name}.sql binds {params - set(SAMPLE_PARAMETERS)}: add sample values"
    frame = run_query(bundled_con, name, {key: SAMPLE_PARAMETERS[key] for key in params})
    assert isinstance(frame, pl.DataFrame)
    assert frame.width > 0
    # run_query reads the cursor's result as Arrow; DuckDB's relation does the same work
    # its own way: both give the same columns, types and rows.
    with cursor(bundled_con) as cur:
        through_relation = cur.sql(text, params={key: SAMPLE_PARAMETERS[key] for key in params} or None).pl()
    assert frame.schema == through_relation.schema and frame.equals(through_relation)


def test_pages_and_glue_hold_no_sql_of_their_own():
    sources = [PROJECT_ROOT / "app.py", *sorted((PROJECT_ROOT / "pages").glob("*.py")),
               PROJECT_ROOT / "tertial" / "webapp.py"]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|FROM|WHERE)\b", text), f"SQL text in {source.name}; put it in queries/"
        assert ".execute(" not in text and ".sql(" not in text, f"{source.name} runs SQL directly"


def test_an_unknown_query_name_is_a_clear_error(bundled_con):
    with pytest.raises(UnknownQuery) as error:
        run(bundled_con, "grade_distributions", period="2023-T2")
    assert "grade_distributions" in str(error.value) and "grade_distribution," in str(error.value)
    with pytest.raises(UnknownQuery):
        run(bundled_con, "../db")


def test_parameters_must_match_what_the_query_binds(bundled_con):
    with pytest.raises(QueryParameterError, match="missing \\['focus_area', 'goal_level'\\]"):
        run(bundled_con, "grade_distribution", period="2023-T2")
    with pytest.raises(QueryParameterError, match="unexpected \\['colour'\\]"):
        run(bundled_con, "focus_areas", colour="red")


def test_a_hostile_value_is_bound_as_data_not_run_as_sql(bundled_con):
    frame = run(bundled_con, "goal_levels", period="2023-T2' OR '1'='1")
    assert frame.is_empty()


def test_periods_with_reports_newest_first_default_is_the_newest_graded(bundled_con):
    periods = run(bundled_con, "periods")
    assert periods["period"].to_list() == ["2024-T3", "2024-T1", "2023-T2", "2023-T1"]
    assert periods.filter(pl.col("is_default"))["period"].to_list() == ["2023-T2"]
    t2 = periods.filter(pl.col("period") == "2023-T2").row(0, named=True)
    assert (t2["as_of"], t2["goal_count"], t2["graded_goal_count"]) == (date(2023, 8, 31), 36, 21)
    # 2023-T1 has two reports: 000 (as of 30 April) and the unit report 004 (up to 31 May).
    t1 = periods.filter(pl.col("period") == "2023-T1").row(0, named=True)
    assert (t1["report_count"], t1["as_of"]) == (2, date(2023, 5, 31))


def test_tertials_without_a_report_show_as_gaps(bundled_con):
    coverage = run(bundled_con, "period_coverage")
    assert coverage.filter(pl.col("report_count") == 0)["period"].to_list() == ["2023-T3", "2024-T2"]


def test_focus_areas_in_the_reports_order(bundled_con):
    # 000: 1.1 Hållbar vardag, 1.2 Hållbar hälsa, 1.3 Hållbar gemenskap, 1.4 Hållbar kompetens, 1.5 Hållbar natur.
    assert run(bundled_con, "focus_areas")["focus_area"].to_list() == [
        "Hållbar vardag", "Hållbar hälsa", "Hållbar gemenskap", "Hållbar kompetens", "Hållbar natur",
    ]


def test_grade_distribution_t2_2023_as_read_in_the_report(bundled_con):
    # 001, KS goals: ● 2.3.1, 2.5.1; ▲/Delvis 2.1.1, 2.1.2, 2.6.1, 2.11.3, 2.11.4;
    # ◆/Knappt 2.4.1, 2.7.1, 2.8.1, 2.9.1, 2.10.2, 2.11.5, 2.12.1, 2.14.1, 2.15.1;
    # ■/Ej 2.2.1, 2.2.2, 2.10.1, 2.11.1, 2.11.2.
    frame = run(bundled_con, "grade_distribution", period="2023-T2", goal_level="KS", focus_area=None)
    assert dict(zip(frame["grade"], frame["goal_count"])) == {
        "Uppfyllt": 2, "Delvis uppfyllt": 5, "Knappt uppfyllt": 9, "Ej uppfyllt": 5, "Ej bedömd": 0,
    }
    # Both levels: the 15 KF goals are reported without a grade of their own.
    both = run(bundled_con, "grade_distribution", period="2023-T2", goal_level=None, focus_area=None)
    assert both.filter(pl.col("grade") == "Ej bedömd")["goal_count"].item() == 15
    assert both["goal_count"].sum() == 36


def test_grade_distribution_of_a_period_without_grades_lists_every_grade(bundled_con):
    frame = run(bundled_con, "grade_distribution", period="2023-T1", goal_level="KF", focus_area=None)
    assert frame["grade"].to_list() == ["Uppfyllt", "Delvis uppfyllt", "Knappt uppfyllt", "Ej uppfyllt", "Ej bedömd"]
    assert frame["goal_count"].to_list() == [0, 0, 0, 0, 15]


def test_grades_by_focus_area_t2_2023(bundled_con):
    # Focus areas from 000 (T1 groups the KF goals), grades from 001.
    # Hållbar hälsa = KF 1.2.1–1.2.4 = 001's 2.6, 2.10, 2.11, 2.14: Delvis 2.6.1, 2.11.3,
    # 2.11.4; Knappt 2.10.2, 2.11.5, 2.14.1; Ej 2.10.1, 2.11.1, 2.11.2.
    # Hållbar natur = KF 1.5.1 (2.2: Ej, Ej) and 1.5.2 (2.5: Uppfyllt).
    frame = run(bundled_con, "grade_distribution_by_focus_area", period="2023-T2", goal_level="KS", focus_area=None)
    table = {(r["focus_area"], r["grade"]): r["goal_count"] for r in frame.iter_rows(named=True)}
    assert [table[("Hållbar hälsa", g)] for g in ("Uppfyllt", "Delvis uppfyllt", "Knappt uppfyllt", "Ej uppfyllt")] == [0, 3, 3, 3]
    assert [table[("Hållbar natur", g)] for g in ("Uppfyllt", "Delvis uppfyllt", "Knappt uppfyllt", "Ej uppfyllt")] == [1, 0, 0, 2]
    assert frame["goal_count"].sum() == 21
    assert not frame["via_crosswalk"].any()


def test_2024_goals_reach_focus_areas_through_the_crosswalk_and_an_empty_area_shows(bundled_con):
    frame = run(bundled_con, "grade_distribution_by_focus_area", period="2024-T1", goal_level="KS", focus_area=None)
    per_area = frame.group_by("focus_area").agg(pl.col("goal_count").sum(), pl.col("via_crosswalk").any())
    totals = dict(zip(per_area["focus_area"], per_area["goal_count"]))
    assert totals["Hållbar natur"] == 0  # no 2024 goal is mapped to nature; shown, not dropped
    assert sum(totals.values()) == 19
    assert per_area.filter(pl.col("goal_count") > 0)["via_crosswalk"].all()


@pytest.mark.parametrize(
    ("period", "focus_area", "expected"),
    [
        ("2023-T2", None, "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt "
                          "och 14 mål Ej uppfyllt eller Knappt uppfyllt."),
        ("2023-T2", "Hållbar hälsa", "Inom Hållbar hälsa: av de totalt 9 målen kommunstyrelsen antagit är 3 mål "
                                     "Uppfyllt eller Delvis uppfyllt och 6 mål Ej uppfyllt eller Knappt uppfyllt."),
        ("2023-T2", "Hållbar natur", "Inom Hållbar natur: av de totalt 3 målen kommunstyrelsen antagit är 1 mål "
                                     "Uppfyllt eller Delvis uppfyllt och 2 mål Ej uppfyllt eller Knappt uppfyllt."),
        ("2023-T1", None, "Rapporten för 2023-T1 redovisar 15 mål som kommunfullmäktige antagit, utan bedömning."),
        ("2024-T1", None, "Rapporten för 2024-T1 redovisar 19 mål som kommunstyrelsen antagit, utan bedömning."),
        ("2024-T3", None, "Rapporten för 2024-T3 redovisar inga mål."),
        ("2023-T3", None, "För 2023-T3 finns ingen rapport inläst."),
    ],
)
def test_committee_sentence_from_the_database(bundled_con, period, focus_area, expected):
    row = run(bundled_con, "committee_counts", period=period, focus_area=focus_area, goal_level=None).row(0, named=True)
    assert committee_sentence(CommitteeCounts.from_row(row, period=period, focus_area=focus_area)) == expected


def test_committee_counts_say_which_level_was_counted(bundled_con):
    levels = {
        period: run(bundled_con, "committee_counts", period=period, focus_area=None, goal_level=None)["goal_level"].item()
        for period in ("2023-T1", "2023-T2", "2024-T1", "2024-T3")
    }
    assert levels == {"2023-T1": "KF", "2023-T2": "KS", "2024-T1": "KS", "2024-T3": None}
    kf = run(bundled_con, "committee_counts", period="2023-T2", focus_area=None, goal_level="KF").row(0, named=True)
    assert (kf["goal_level"], kf["total"], kf["not_graded"]) == ("KF", 15, 15)


def test_reports_lists_all_five_with_what_each_holds(bundled_con):
    reports = run(bundled_con, "reports")
    held = {r["file_name"]: (r["period"], r["goal_count"], r["activity_count"]) for r in reports.iter_rows(named=True)}
    assert held == {
        "000_4224aef9546bb394.txt": ("2023-T1", 15, 0),
        "004_e1862fdd44dda98a.txt": ("2023-T1", 0, 0),
        T2_2023_FILE: ("2023-T2", 36, 57),
        "002_b08c0454ff5f1aaf.txt": ("2024-T1", 20, 34),
        "003_4e7665d6ff629a7e.txt": ("2024-T3", 0, 0),
    }


def test_a_memo_without_goals_has_its_text_and_a_unit_report_its_notes(bundled_con):
    reports = {r["file_name"]: r["report_id"] for r in run(bundled_con, "reports").iter_rows(named=True)}
    memo = run(bundled_con, "report_sections", report_id=reports["003_4e7665d6ff629a7e.txt"])
    assert "Förslag till beslut" in memo["heading"].to_list()
    assert any("tredje tertialet" in text for text in memo["text"].to_list())
    notes = run(bundled_con, "reading_notes", report_id=reports["004_e1862fdd44dda98a.txt"])
    assert "Klicka eller tryck här för att ange text." in notes["line_text"].to_list()
    assert notes["source_line"].to_list() == sorted(notes["source_line"].to_list())

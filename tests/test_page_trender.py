"""The Trender page on the database built from the bundled reports, through Streamlit's
AppTest: grades and activity statuses per focus area over every tertial, checked against
what the reports say, the crosswalk's placements marked, gaps shown as gaps."""

import json
import re

import polars as pl

from tertial.db import connect
from tertial.queries import run_query

PAGE = "pages/trends.py"
PERIODS = ["2023-T1", "2023-T2", "2023-T3", "2024-T1", "2024-T2", "2024-T3"]
FOCUS_AREAS = ["Hållbar vardag", "Hållbar hälsa", "Hållbar gemenskap", "Hållbar kompetens", "Hållbar natur"]
GRADES = ["● Uppfyllt", "▲ Delvis uppfyllt", "◆ Knappt uppfyllt", "■ Ej uppfyllt"]





def open_trender(app, **query_params):
    for key, value in query_params.items():
        app.query_params[key] = value
    return app.switch_page(PAGE).run()


def tables(at) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The grade table and the status table, as shown (Swedish headers)."""
    frames = [pl.from_pandas(frame.value) for frame in at.dataframe]
    grades = next(f for f in frames if "Antal mål" in f.columns)
    statuses = next(f for f in frames if "Antal aktiviteter" in f.columns)
    return grades, statuses


def row(frame: pl.DataFrame, area: str, period: str) -> dict:
    (found,) = frame.filter((pl.col("Fokusområde") == area) & (pl.col("Period") == period)).iter_rows(named=True)
    return found


def in_period(frame: pl.DataFrame, period: str) -> pl.DataFrame:
    return frame.filter(pl.col("Period") == period)


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def slot_labels(spec: dict) -> list[str]:
    """The words written in a chart: the slots' labels (a text trace per facet) and the
    facets' titles (annotations)."""
    texts = [text for trace in spec["data"] if trace.get("mode") == "text" for text in trace["text"]]
    texts += [a["text"] for a in spec["layout"]["annotations"]]
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in texts]


def test_trender_renders_both_charts_over_all_six_tertials(app):
    at = open_trender(app)
    assert not at.exception
    assert at.title[0].value == "Trender"
    assert at.sidebar.radio(key="trend_goal_level").value == "KS"  # explicit, KS by default
    specs = chart_specs(at)
    assert len(specs) == 2
    for spec in specs:
        assert spec["layout"]["xaxis"]["categoryarray"] == PERIODS
        labels = slot_labels(spec)
        assert "ingen rapport" in labels
        # All focus areas: five facets, one per focus area.
        assert [label for label in labels if label in FOCUS_AREAS] == FOCUS_AREAS
    grades, statuses = tables(at)
    assert grades.height == statuses.height == 30  # 5 focus areas × 6 tertials
    assert grades["Period"].unique(maintain_order=True).to_list() == PERIODS
    assert grades["Fokusområde"].unique(maintain_order=True).to_list() == FOCUS_AREAS
    assert set(grades["Målnivå"]) == {"KS"}
    # The charts have text alternatives that read the gaps aloud.
    assert all("2023-T3 ingen rapport" in chart.proto.alt for chart in at.get("plotly_chart"))


def test_the_tables_hold_what_the_reports_say(app):
    grades, statuses = tables(open_trender(app))
    # 2023-T2, KS goals (001; the focus areas from 000): Hållbar hälsa 9 = 0 ● 3 ▲ 3 ◆ 3 ■,
    # Hållbar natur 3 = 1 ● 0 ▲ 0 ◆ 2 ■.
    health = row(grades, "Hållbar hälsa", "2023-T2")
    assert [health[g] for g in GRADES] + [health["Antal mål"]] == [0, 3, 3, 3, 9]
    nature = row(grades, "Hållbar natur", "2023-T2")
    assert [nature[g] for g in GRADES] + [nature["Antal mål"]] == [1, 0, 0, 2, 3]
    assert in_period(grades, "2023-T2")["Antal mål"].sum() == 21
    assert in_period(grades, "2023-T2")["Varav via korsreferens"].sum() == 0
    # 2024-T1 (002): 19 KS goals, none graded, every one placed via the crosswalk, none in nature.
    t1_2024 = in_period(grades, "2024-T1")
    totals = [t1_2024[column].sum() for column in ("Antal mål", "○ Ej bedömd", "Varav via korsreferens")]
    assert totals == [19, 19, 19]
    assert row(grades, "Hållbar natur", "2024-T1")["Anmärkning"] == "inga mål"
    # 2023-T3 and 2024-T2: no report. 2024-T3: a report (the memo 003) without goals.
    for period in ("2023-T3", "2024-T2"):
        gap = in_period(grades, period)
        assert set(gap["Anmärkning"]) == {"ingen rapport"} and gap["Antal rapporter"].sum() == 0
    memo = in_period(grades, "2024-T3")
    assert set(memo["Anmärkning"]) == {"inga mål"} and set(memo["Antal rapporter"]) == {1}
    # Activities: 57 entries in 001's tables, 34 in 002 (those placed via the crosswalk).
    assert in_period(statuses, "2023-T2")["Antal aktiviteter"].sum() == 57
    assert in_period(statuses, "2024-T1")["Antal aktiviteter"].sum() == 34
    assert in_period(statuses, "2024-T1")["Varav via korsreferens"].sum() == 34
    assert set(in_period(statuses, "2023-T1")["Anmärkning"]) == {"inga aktiviteter"}


def test_2023_t1_under_ks_says_its_goals_are_kf_goals(app):
    at = open_trender(app)
    grades, _ = tables(at)
    assert set(in_period(grades, "2023-T1")["Anmärkning"]) == {"inga mål"}
    assert any(
        caption.value.startswith("2023-T1 redovisar inga mål som kommunstyrelsen (KS) antagit, men 15 mål")
        for caption in at.caption
    )


def test_kf_level_counts_the_15_ungraded_kf_goals_of_2023_t1_and_the_one_of_2024(app):
    at = open_trender(app)
    at.sidebar.radio(key="trend_goal_level").set_value("KF").run()
    assert not at.exception
    grades, _ = tables(at)
    assert set(grades["Målnivå"]) == {"KF"}
    t1_2023 = in_period(grades, "2023-T1")
    assert t1_2023["Antal mål"].sum() == t1_2023["○ Ej bedömd"].sum() == 15
    assert sum(t1_2023[g].sum() for g in GRADES) == 0
    t1_2024 = grades.filter((pl.col("Period") == "2024-T1") & (pl.col("Antal mål") > 0))
    assert t1_2024.select("Fokusområde", "Antal mål", "Varav via korsreferens").rows() == [("Hållbar hälsa", 1, 1)]
    assert "Kommunfullmäktiges mål (KF)" in " ".join(m.value for m in at.markdown)


def test_2024_goals_are_marked_as_placed_by_the_editable_crosswalk(app):
    at = open_trender(app)
    notice = " ".join(info.value for info in at.info)
    assert "data/crosswalk.csv" in notice and "går att ändra" in notice
    assert "målområden" in notice and "fokusområden" in notice  # the model change, said
    grade_spec = chart_specs(at)[0]
    names = [trace.get("name", "") for trace in grade_spec["data"]]
    assert "○ Ej bedömd – via korsreferens" in names
    assert any("data/crosswalk.csv" in name for name in names)


def test_choosing_a_focus_area_narrows_the_page_and_the_link(app):
    at = open_trender(app)
    at.sidebar.selectbox(key="filter_focus_area").select("Hållbar hälsa").run()
    assert not at.exception
    assert at.query_params["fokusomrade"] == "Hållbar hälsa"
    grades, statuses = tables(at)
    assert grades.height == statuses.height == 6  # was 30
    assert set(grades["Fokusområde"]) == set(statuses["Fokusområde"]) == {"Hållbar hälsa"}
    assert grades["Period"].to_list() == PERIODS
    assert row(grades, "Hållbar hälsa", "2023-T2")["Antal mål"] == 9
    assert row(grades, "Hållbar hälsa", "2024-T1")["Varav via korsreferens"] == 6
    assert len(at.get("plotly_chart")) == 2
    assert all(label not in FOCUS_AREAS for spec in chart_specs(at) for label in slot_labels(spec))


def test_the_focus_area_in_the_link_round_trips(app):
    at = open_trender(app, fokusomrade="Hållbar natur")
    assert not at.exception
    assert at.sidebar.selectbox(key="filter_focus_area").value == "Hållbar natur"
    assert at.query_params["fokusomrade"] == "Hållbar natur"
    grades, statuses = tables(at)
    assert set(grades["Fokusområde"]) == {"Hållbar natur"} and grades.height == 6
    assert row(grades, "Hållbar natur", "2023-T2")["Antal mål"] == 3
    # No 2024 goal is placed in nature, and the page says so rather than leaving a silent gap.
    assert grades["Varav via korsreferens"].sum() == 0
    assert row(grades, "Hållbar natur", "2024-T1")["Anmärkning"] == "inga mål"
    assert any("placerar inga av 2024 års mål" in info.value for info in at.info)
    grade_spec = chart_specs(at)[0]
    assert not any("korsreferens" in trace.get("name", "") for trace in grade_spec["data"])


def test_an_unknown_focus_area_in_the_link_gives_a_notice_and_all_areas(app):
    at = open_trender(app, fokusomrade="Hållbar rymd")
    assert not at.exception
    assert any("Hållbar rymd" in info.value and "finns inte" in info.value for info in at.info)
    grades, _ = tables(at)
    assert grades.height == 30


def test_the_trend_queries_bind_their_filters(bundled_con):
    """The queries alone: the parameters reach the SQL as bound values."""
    every_year = {"organisation": "Ånge kommun", "first_year": None}
    both = run_query(bundled_con, "trend_grade_distribution", {**every_year, "goal_level": None, "focus_area": None})
    assert both.filter(pl.col("period") == "2024-T1")["goal_count"].sum() == 20  # 19 KS + 1 KF
    assert both["goal_count"].sum() == 15 + 36 + 20
    hostile = run_query(bundled_con, "trend_grade_distribution", {**every_year, "goal_level": "KS' OR '1'='1", "focus_area": None})
    assert hostile["goal_count"].sum() == 0
    levels = run_query(bundled_con, "trend_goal_levels", {**every_year, "focus_area": "Hållbar hälsa"})
    assert levels.filter(pl.col("period") == "2024-T1").rows() == [("2024-T1", "KS", 6, 0), ("2024-T1", "KF", 1, 0)]
    # From 2024 on: 2024's tertials only, with the same counts as before.
    from_2024 = {"organisation": "Ånge kommun", "first_year": 2024, "focus_area": None}
    goals_2024 = run_query(bundled_con, "trend_grade_distribution", {**from_2024, "goal_level": None})
    assert sorted(set(goals_2024["period"])) == ["2024-T1", "2024-T2", "2024-T3"]
    assert goals_2024["goal_count"].sum() == 20
    assert goals_2024.equals(both.filter(pl.col("period").str.starts_with("2024")))
    statuses_2024 = run_query(bundled_con, "trend_activity_status_distribution", from_2024)
    every_status = run_query(bundled_con, "trend_activity_status_distribution", {**from_2024, "first_year": None})
    assert statuses_2024.equals(every_status.filter(pl.col("period").str.starts_with("2024")))
    assert statuses_2024["activity_count"].sum() == 34  # 002's activities (2024-T1)
    assert set(run_query(bundled_con, "trend_goal_levels", from_2024)["period"]) == {"2024-T1"}


def test_a_rerun_draws_the_charts_it_built_before_and_a_widget_rebuilds_only_its_own(app, monkeypatch):
    """The figures are kept between reruns (plotly needs tens of milliseconds per figure
    to validate); changing the goal level rebuilds the grade chart, not the status chart."""
    from tertial import trend_charts

    built = []
    for name in ("grade_trend_part", "status_trend_part"):
        def counted(*args, _build=getattr(trend_charts, name), _name=name, **kwargs):
            built.append(_name)
            return _build(*args, **kwargs)
        monkeypatch.setattr(trend_charts, name, counted)

    at = open_trender(app)
    assert built == ["grade_trend_part", "status_trend_part"]
    first = chart_specs(at)
    at.run()
    assert built == ["grade_trend_part", "status_trend_part"]
    assert chart_specs(at) == first
    at.sidebar.radio(key="trend_goal_level").set_value("KF").run()
    assert not at.exception
    assert built == ["grade_trend_part", "status_trend_part", "grade_trend_part"]
    at.sidebar.radio(key="trend_goal_level").set_value("KS").run()
    assert built == ["grade_trend_part", "status_trend_part", "grade_trend_part"]
    assert chart_specs(at) == first


def test_many_years_show_the_latest_three_unless_the_reader_asks_for_all(app, tmp_path, monkeypatch):
    """Five years of tertials: the latest three by default, every year on request, and the
    choice is in the link (?ar=alla) like the other filters; the tables follow the charts."""
    from tertial.db import ENV_DB_PATH
    from tertial.synth import synthesize_database

    path = tmp_path / "five_years.duckdb"
    synthesize_database(path, organisations=1, years=5, seed=3)
    monkeypatch.setenv(ENV_DB_PATH, str(path))
    with connect(path) as con:
        years = sorted({int(p[:4]) for p in run_query(con, "periods", {"organisation": run_query(
            con, "organisations", {})["organisation"][0]})["period"]})
    assert len(years) == 5

    at = open_trender(app)
    assert not at.exception
    window = at.sidebar.radio(key="trend_window")
    assert window.value == "senaste" and "ar" not in at.query_params
    grades, _ = tables(at)
    assert {int(p[:4]) for p in grades["Period"]} == set(years[-3:])
    assert f"varje tertial {years[-3]}-T1" in at.markdown[0].value

    window.set_value("alla").run()
    assert at.query_params["ar"] == "alla"
    grades, _ = tables(at)
    assert {int(p[:4]) for p in grades["Period"]} == set(years)

    from streamlit.testing.v1 import AppTest

    from tertial import PROJECT_ROOT

    linked = open_trender(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60), ar="alla")
    assert linked.sidebar.radio(key="trend_window").value == "alla"


def test_two_years_need_no_choice_of_years(app):
    at = open_trender(app)
    assert not [radio for radio in at.sidebar.radio if radio.key == "trend_window"]

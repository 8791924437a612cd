"""The Trender page's chart builders as pure functions: every tertial keeps its slot in
order, empty tertials are labelled and drawn as zero bars (never interpolated), grades
and statuses keep their canonical colours and order, and counts placed via the crosswalk
are marked exactly when there are any."""

import re

import pandas as pd
import polars as pl
import pytest

from tertial import trend_charts
from tertial.visual import (
    GRADE_COLOURS,
    GRADE_ORDER,
    GRADE_PATTERNS,
    STATUS_COLOURS,
    STATUS_ORDER,
    grade_label,
    status_label,
)

PERIODS = ["2023-T1", "2023-T2", "2023-T3", "2024-T1", "2024-T2", "2024-T3"]
# As in the bundled data: 2023-T3 and 2024-T2 have no report; 2023-T1 has two.
REPORTS = {"2023-T1": 2, "2023-T2": 1, "2023-T3": 0, "2024-T1": 1, "2024-T2": 0, "2024-T3": 1}
HEALTH, NATURE = "Hållbar hälsa", "Hållbar natur"


def grade_rows(counts: dict, crosswalk: dict | None = None, areas=(HEALTH, NATURE), periods=PERIODS) -> pl.DataFrame:
    """The full grid queries/trend_grade_distribution.sql returns: every area, tertial
    and grade. counts / crosswalk: (area, period, grade) → goals."""
    crosswalk = crosswalk or {}
    rows = [
        {
            "period": period, "vision_focus_area": area, "grade": grade, "grade_rank": rank,
            "goal_count": counts.get((area, period, grade), 0),
            "crosswalk_goal_count": crosswalk.get((area, period, grade), 0),
            "report_count": REPORTS[period],
        }
        for area in areas for period in periods for rank, grade in enumerate(GRADE_ORDER, start=1)
    ]
    return pl.DataFrame(rows)


def status_rows(counts: dict, crosswalk: dict | None = None, areas=(HEALTH, NATURE)) -> pl.DataFrame:
    crosswalk = crosswalk or {}
    rows = [
        {
            "period": period, "vision_focus_area": area, "status": status, "status_rank": rank,
            "activity_count": counts.get((area, period, status), 0),
            "crosswalk_activity_count": crosswalk.get((area, period, status), 0),
            "report_count": REPORTS[period],
        }
        for area in areas for period in PERIODS for rank, status in enumerate(STATUS_ORDER, start=1)
    ]
    return pl.DataFrame(rows)


# 2023-T2 KS as in the report (test_queries checks these against 001); 2024-T1: six
# ungraded goals placed in Hållbar hälsa by the crosswalk, none in Hållbar natur.
GRADES = grade_rows(
    counts={
        (HEALTH, "2023-T2", "Delvis uppfyllt"): 3, (HEALTH, "2023-T2", "Knappt uppfyllt"): 3,
        (HEALTH, "2023-T2", "Ej uppfyllt"): 3, (NATURE, "2023-T2", "Uppfyllt"): 1,
        (NATURE, "2023-T2", "Ej uppfyllt"): 2, (HEALTH, "2024-T1", "Ej bedömd"): 6,
    },
    crosswalk={(HEALTH, "2024-T1", "Ej bedömd"): 6},
)
GRADES_2023_ONLY = grade_rows(
    counts={(HEALTH, "2023-T2", "Delvis uppfyllt"): 3, (NATURE, "2023-T2", "Uppfyllt"): 1},
)
STATUSES = status_rows(
    counts={
        (HEALTH, "2023-T2", "Pågående enligt plan"): 13, (HEALTH, "2023-T2", "Vänteläge"): 1,
        (HEALTH, "2024-T1", "Pågående enligt plan"): 9, (HEALTH, "2024-T1", "Pågående med avvikelse"): 2,
        (NATURE, "2023-T2", "Ej påbörjad"): 3,
    },
    crosswalk={(HEALTH, "2024-T1", "Pågående enligt plan"): 9, (HEALTH, "2024-T1", "Pågående med avvikelse"): 2},
)


def plain(text: str) -> str:
    """Annotation text without its markup: '<i>ingen<br>rapport</i>' → 'ingen rapport'."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def report_traces(figure, area=None):
    return [t for t in figure.data if t.meta and t.meta.get("source") == "rapport"
            and (area is None or t.meta["focus_area"] == area)]


def crosswalk_traces(figure, area=None):
    return [t for t in figure.data if t.meta and t.meta.get("source") == "korsreferens" and not t.meta.get("key")
            and (area is None or t.meta["focus_area"] == area)]


def labels(figure, axis: str = "x") -> dict[str, str]:
    """period → what its slot says in one facet (the facet's text trace, one per facet)."""
    [trace] = [t for t in figure.data if t.meta.get("source") == trend_charts.LABELS and t.xaxis == axis]
    assert trace.type == "scatter" and trace.mode == "text" and trace.hoverinfo == "skip"
    return dict(zip(trace.x, trace.text))


def slot_labels(figure, axis: str = "x") -> dict[str, str]:
    """period → the label written in its empty slot, for one facet."""
    return {period: plain(text) for period, text in labels(figure, axis).items() if text.startswith("<i>")}


def test_every_tertial_is_on_the_x_axis_in_order_even_when_rows_come_shuffled():
    shuffled = GRADES.sample(fraction=1.0, shuffle=True, seed=7)
    figure = trend_charts.grade_trend_chart(shuffled)
    for axis in ("xaxis", "xaxis2"):
        assert list(figure.layout[axis].categoryarray) == PERIODS
        assert list(figure.layout[axis].ticktext) == PERIODS
    assert all(list(trace.x) == PERIODS for trace in figure.data if trace.meta.get("source") == "rapport")


def test_tertials_without_reports_or_goals_are_labelled_slots_with_zero_bars():
    figure = trend_charts.grade_trend_chart(GRADES, "Målens bedömning")
    # Facet 2 is Hållbar natur: no 2024 goal is placed there.
    assert slot_labels(figure, "x2") == {
        "2023-T1": "inga mål", "2023-T3": "ingen rapport", "2024-T1": "inga mål",
        "2024-T2": "ingen rapport", "2024-T3": "inga mål",
    }
    assert slot_labels(figure, "x") == {
        "2023-T1": "inga mål", "2023-T3": "ingen rapport", "2024-T2": "ingen rapport", "2024-T3": "inga mål",
    }
    for trace in report_traces(figure):
        for period in ("2023-T3", "2024-T2", "2024-T3"):
            assert trace.y[PERIODS.index(period)] == 0
    # A tertial without a report is a shaded slot as well, one per facet and gap.
    shaded = [s for s in figure.layout.shapes if s.type == "rect"]
    assert sorted((s.xref, s.x0) for s in shaded) == sorted(
        (axis, PERIODS.index(p) - 0.45) for axis in ("x", "x2") for p in ("2023-T3", "2024-T2")
    )
    # Bars, never lines: nothing can be drawn across a gap.
    assert {trace.type for trace in figure.data if trace.meta.get("source") != trend_charts.LABELS} == {"bar"}
    assert figure.layout.barmode == "stack"


def test_a_tertial_with_goals_but_no_grades_is_the_not_graded_bar_not_a_gap():
    figure = trend_charts.grade_trend_chart(GRADES)
    assert "2024-T1" not in slot_labels(figure, "x")
    not_graded = [t for t in figure.data if t.meta.get("category") == "Ej bedömd" and t.meta["focus_area"] == HEALTH]
    assert sum(trace.y[PERIODS.index("2024-T1")] for trace in not_graded) == 6
    totals = {period: plain(text) for period, text in labels(figure, "x").items() if text.startswith("<b>")}
    assert totals == {"2023-T2": "9", "2024-T1": "6"}


def test_grades_keep_their_canonical_order_colours_and_patterns():
    figure = trend_charts.grade_trend_chart(GRADES)
    traces = report_traces(figure, HEALTH)
    assert [t.name for t in traces] == [grade_label(g) for g in GRADE_ORDER]
    assert [t.marker.color for t in traces] == [GRADE_COLOURS[g] for g in GRADE_ORDER]
    # A plain segment has no pattern at all (an empty one still costs the browser a fill per bar).
    assert [t.marker.pattern.shape or "" for t in traces] == [GRADE_PATTERNS[g] for g in GRADE_ORDER]
    assert [t.marker.to_plotly_json().get("pattern") is None for t in traces] == [not GRADE_PATTERNS[g] for g in GRADE_ORDER]
    assert [t.y[PERIODS.index("2023-T2")] for t in traces] == [0, 3, 3, 3, 0]
    # One legend entry per grade, although every facet has its own traces.
    legend = [t.name for t in figure.data if t.showlegend]
    assert legend == [grade_label(g) for g in GRADE_ORDER] + [trend_charts.CROSSWALK_KEY]


def test_statuses_keep_their_canonical_order_and_colours():
    figure = trend_charts.status_trend_chart(STATUSES)
    traces = report_traces(figure, HEALTH)
    assert [t.name for t in traces] == [status_label(s) for s in STATUS_ORDER]
    assert [t.marker.color for t in traces] == [STATUS_COLOURS[s] for s in STATUS_ORDER]
    assert [t.y[PERIODS.index("2023-T2")] for t in traces] == [0, 0, 13, 0, 1, 0]
    assert slot_labels(figure, "x")["2023-T1"] == "inga aktiviteter"
    assert figure.layout.yaxis.title.text == "Antal aktiviteter"


def test_crosswalk_counts_are_hatched_traces_exactly_where_the_crosswalk_placed_something():
    figure = trend_charts.grade_trend_chart(GRADES)
    marked = crosswalk_traces(figure)
    assert [(t.meta["focus_area"], t.meta["category"]) for t in marked] == [(HEALTH, "Ej bedömd")]
    (trace,) = marked
    assert list(trace.y) == [0, 0, 0, 6, 0, 0]
    assert trace.name == "○ Ej bedömd – via korsreferens"
    assert trace.marker.pattern.shape == trend_charts.CROSSWALK_PATTERN != GRADE_PATTERNS["Ej bedömd"]
    # Counted once: the report's own trace has none of the crosswalk's goals.
    own = next(t for t in report_traces(figure, HEALTH) if t.meta["category"] == "Ej bedömd")
    assert own.y[PERIODS.index("2024-T1")] == 0
    assert not crosswalk_traces(figure, NATURE)
    key = [t for t in figure.data if t.meta.get("key")]
    assert len(key) == 1 and "data/crosswalk.csv" in key[0].name and key[0].showlegend

    without = trend_charts.grade_trend_chart(GRADES_2023_ONLY)
    assert not crosswalk_traces(without)
    assert not any(t.meta.get("key") for t in without.data)
    assert all("korsreferens" not in (t.name or "") for t in without.data)


def test_crosswalk_marking_applies_to_activities_too():
    figure = trend_charts.status_trend_chart(STATUSES)
    marked = {(t.meta["focus_area"], t.meta["category"]): list(t.y) for t in crosswalk_traces(figure)}
    assert marked == {
        (HEALTH, "Pågående enligt plan"): [0, 0, 0, 9, 0, 0],
        (HEALTH, "Pågående med avvikelse"): [0, 0, 0, 2, 0, 0],
    }


def test_one_facet_per_focus_area_on_one_shared_scale():
    figure = trend_charts.grade_trend_chart(GRADES)
    titles = [plain(a.text) for a in figure.layout.annotations if a.xref == "paper"]
    assert titles == [HEALTH, NATURE]
    assert figure.layout.yaxis.range == figure.layout.yaxis2.range
    assert figure.layout.yaxis.range[1] > 9  # the tallest bar, 9 goals, and its total fit
    assert {t.xaxis for t in report_traces(figure, NATURE)} == {"x2"}

    single = trend_charts.grade_trend_chart(GRADES.filter(pl.col("vision_focus_area") == HEALTH))
    assert not [a for a in single.layout.annotations if a.xref == "paper"]  # the page names the area
    assert single.layout.height >= 500  # one focus area: drawn large


def test_the_turn_of_the_year_is_marked_between_2023_t3_and_2024_t1():
    figure = trend_charts.grade_trend_chart(GRADES)
    lines = [s for s in figure.layout.shapes if s.type == "line"]
    assert sorted((s.xref, s.x0) for s in lines) == [("x", 2.5), ("x2", 2.5)]


def test_the_grade_table_holds_every_slot_with_its_note():
    table = trend_charts.grade_trend_table(GRADES, "KS")
    assert table.height == 12
    assert table.columns == [
        "period", "vision_focus_area", "goal_level", *(grade_label(g) for g in GRADE_ORDER),
        "Antal mål", "Varav via korsreferens", "Antal rapporter", "Anmärkning",
    ]
    rows = {(r["vision_focus_area"], r["period"]): r for r in table.iter_rows(named=True)}
    health = rows[(HEALTH, "2023-T2")]
    assert [health[grade_label(g)] for g in GRADE_ORDER] == [0, 3, 3, 3, 0]
    assert (health["Antal mål"], health["Anmärkning"], health["goal_level"]) == (9, "", "KS")
    placed = rows[(HEALTH, "2024-T1")]
    assert (placed["Varav via korsreferens"], placed["Anmärkning"]) == (6, "inga mål bedömda")
    assert rows[(NATURE, "2024-T1")]["Anmärkning"] == "inga mål"
    gap = rows[(NATURE, "2023-T3")]
    assert (gap["Anmärkning"], gap["Antal rapporter"]) == ("ingen rapport", 0)
    assert rows[(HEALTH, "2023-T1")]["Antal rapporter"] == 2
    # Facet order, then tertials in order: as the chart reads.
    assert table["period"].to_list()[:6] == PERIODS


def test_the_status_table_counts_and_notes():
    table = trend_charts.status_trend_table(STATUSES)
    rows = {(r["vision_focus_area"], r["period"]): r for r in table.iter_rows(named=True)}
    placed = rows[(HEALTH, "2024-T1")]
    assert (placed["Antal aktiviteter"], placed["Varav via korsreferens"]) == (11, 11)
    assert rows[(HEALTH, "2023-T1")]["Anmärkning"] == "inga aktiviteter"
    assert rows[(HEALTH, "2024-T2")]["Anmärkning"] == "ingen rapport"
    assert "goal_level" not in table.columns


def test_builders_take_pandas_too_and_a_null_grade_is_not_graded():
    frame = GRADES.with_columns(
        pl.when(pl.col("grade") == "Ej bedömd").then(None).otherwise(pl.col("grade")).alias("grade")
    ).to_pandas()
    assert isinstance(frame, pd.DataFrame)
    table = trend_charts.grade_trend_table(frame)
    row = table.filter((pl.col("vision_focus_area") == HEALTH) & (pl.col("period") == "2024-T1")).row(0, named=True)
    assert row["○ Ej bedömd"] == 6


def test_an_unknown_grade_or_status_is_an_error_not_a_new_colour():
    with pytest.raises(ValueError, match="Nästan uppfyllt"):
        trend_charts.grade_trend_chart(GRADES.with_columns(pl.lit("Nästan uppfyllt").alias("grade")))
    with pytest.raises(ValueError, match="Pausad"):
        trend_charts.status_trend_chart(STATUSES.with_columns(pl.lit("Pausad").alias("status")))


def test_descriptions_read_the_bars_and_gaps_aloud():
    text = trend_charts.grade_trend_description(GRADES, "KS")
    assert "kommunstyrelsen antagit (KS)" in text
    assert "2023-T3 ingen rapport" in text
    assert "2023-T2 9 mål (Delvis uppfyllt 3, Knappt uppfyllt 3, Ej uppfyllt 3)" in text
    assert "2024-T1 6 mål (Ej bedömd 6, varav 6 via korsreferens)" in text
    assert "Hållbar natur: 2023-T1 inga mål" in text


def test_gaps_and_crosswalk_totals():
    assert trend_charts.gap_periods(GRADES) == ["2023-T3", "2024-T2"]
    assert trend_charts.gap_periods(STATUSES) == ["2023-T3", "2024-T2"]
    assert trend_charts.crosswalk_count(GRADES) == 6
    assert trend_charts.crosswalk_count(GRADES_2023_ONLY) == 0
    assert trend_charts.crosswalk_count(STATUSES) == 11


def test_level_notes_name_the_tertials_whose_goals_are_all_on_the_other_level():
    levels = pl.DataFrame({
        "period": ["2023-T1", "2023-T2", "2023-T2", "2024-T1", "2024-T1"],
        "goal_level": ["KF", "KS", "KF", "KS", "KF"],
        "goal_count": [15, 21, 15, 19, 1],
    })
    assert trend_charts.level_notes(levels, "KS") == [
        "2023-T1 redovisar inga mål som kommunstyrelsen (KS) antagit, men 15 mål som "
        "kommunfullmäktige (KF) antagit; välj KF under Målnivå för att se dem."
    ]
    assert trend_charts.level_notes(levels, "KF") == []


def test_text_on_a_bar_has_the_higher_contrast():
    assert trend_charts.text_colour("#0072B2") == "#FFFFFF"
    assert trend_charts.text_colour("#E69F00") == "#1A1A1A"


# --- the figure's structure -------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 2, 5, 9])
def test_facets_are_laid_out_as_make_subplots_lays_them_out(rows):
    from plotly.subplots import make_subplots

    areas = [f"Område {n}" for n in range(1, rows + 1)]
    figure = trend_charts.grade_trend_chart(grade_rows({}, areas=areas))
    row_height, facet_gap = 190, 70
    spacing = facet_gap / (rows * row_height + (rows - 1) * facet_gap) if rows > 1 else 0.0
    expected = make_subplots(rows=rows, cols=1, vertical_spacing=spacing).layout
    for index in range(1, rows + 1):
        suffix = "" if index == 1 else str(index)
        for axis in (f"xaxis{suffix}", f"yaxis{suffix}"):
            assert figure.layout[axis].domain == expected[axis].domain
            assert figure.layout[axis].anchor == expected[axis].anchor


def test_a_part_is_the_chart_table_and_text_the_single_builders_make():
    part = trend_charts.grade_trend_part(GRADES, "KS", "Målens bedömning")
    assert part.chart.to_dict() == trend_charts.grade_trend_chart(GRADES, "Målens bedömning").to_dict()
    assert part.table.equals(trend_charts.grade_trend_table(GRADES, "KS"))
    assert part.description == trend_charts.grade_trend_description(GRADES, "KS")
    assert (part.periods, part.gaps, part.via_crosswalk) == (PERIODS, ["2023-T3", "2024-T2"], 6)

    part = trend_charts.status_trend_part(STATUSES)
    assert part.chart.to_dict() == trend_charts.status_trend_chart(STATUSES).to_dict()
    assert part.table.equals(trend_charts.status_trend_table(STATUSES))
    assert part.description == trend_charts.status_trend_description(STATUSES)
    assert (part.gaps, part.via_crosswalk) == (trend_charts.gap_periods(STATUSES), 11)


def test_a_segment_of_the_grade_trend_opens_the_goals_of_its_area_grade_and_tertial():
    from tertial import charts
    from tertial.filters import URL_KEYS

    figure = trend_charts.grade_trend_chart(grade_rows({(HEALTH, "2023-T1", "Ej uppfyllt"): 2}, areas=(HEALTH,)))
    [segment] = [bar for bar in figure.data if bar.type == "bar" and bar.name.endswith("Ej uppfyllt")]
    # The first tertial's segment: 2 goals, and what a click on it opens.
    assert segment.y[0] == 2
    point = {"customdata": list(segment.customdata[0])}
    assert charts.goals_behind(point, {URL_KEYS["period"]: "2024-T1"}) == {
        URL_KEYS["period"]: "2023-T1", URL_KEYS["grades"]: ["Ej uppfyllt"], URL_KEYS["focus_area"]: "Hållbar hälsa"}

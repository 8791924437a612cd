"""Chart builders: every grade in its fixed colour, symbol and place, the counts drawn as
given, a visible legend, Swedish labels, colours that stay apart for colour-blind readers,
and tables that hold exactly what the charts show."""

import itertools
import math
import subprocess
import sys

import pandas as pd
import polars as pl
import pytest

from tertial import PROJECT_ROOT, charts
from tertial.visual import GRADE_COLOURS, GRADE_ORDER, GRADE_SYMBOLS, whole_percents

# queries/grade_distribution.sql for 2023-T2, KS goals (checked against the report in
# test_queries.py): 2 Uppfyllt, 5 Delvis, 9 Knappt, 5 Ej uppfyllt.
T2_GRADES = pl.DataFrame(
    {"grade": list(GRADE_ORDER), "grade_rank": [1, 2, 3, 4, 5], "goal_count": [2, 5, 9, 5, 0]}
)
LABELS = ["● Uppfyllt", "▲ Delvis uppfyllt", "◆ Knappt uppfyllt", "■ Ej uppfyllt", "○ Ej bedömd"]


def test_the_grade_scale_has_the_reports_symbols_in_order_best_first():
    assert list(GRADE_ORDER) == ["Uppfyllt", "Delvis uppfyllt", "Knappt uppfyllt", "Ej uppfyllt", "Ej bedömd"]
    assert [f"{GRADE_SYMBOLS[g]} {g}" for g in GRADE_ORDER] == LABELS


def test_grade_chart_has_one_bar_per_grade_in_its_own_colour_with_a_legend():
    figure = charts.grade_distribution_chart(T2_GRADES, "Målen efter bedömning")
    assert [trace.name for trace in figure.data] == LABELS
    assert [trace.x[0] for trace in figure.data] == [2, 5, 9, 5, 0]
    assert [trace.marker.color for trace in figure.data] == [GRADE_COLOURS[g] for g in GRADE_ORDER]
    assert figure.layout.showlegend is True
    assert figure.layout.title.text == "Målen efter bedömning"
    assert figure.layout.xaxis.title.text == "Antal mål"
    # Best grade on top: the category order is the scale, drawn top to bottom.
    assert list(figure.layout.yaxis.categoryarray) == LABELS
    assert figure.layout.yaxis.autorange == "reversed"
    # Each bar says its count and share in Swedish form.
    assert figure.data[2].text[0] == "9 mål (43\u00a0%)"
    assert figure.layout.separators.startswith(",")


def test_grade_chart_fills_in_grades_no_goal_has_and_counts_null_as_not_graded():
    sparse = pd.DataFrame({"grade": ["Ej uppfyllt", None], "goal_count": [3, 4]})
    figure = charts.grade_distribution_chart(sparse)
    assert [trace.x[0] for trace in figure.data] == [0, 0, 0, 3, 4]
    assert [trace.name for trace in figure.data] == LABELS  # the legend never changes with the data


def test_not_graded_is_grey_and_hatched_not_a_fifth_colour_of_the_scale():
    red, green, blue = (int(GRADE_COLOURS["Ej bedömd"][i:i + 2], 16) for i in (1, 3, 5))
    assert red == green == blue
    figure = charts.grade_distribution_chart(T2_GRADES)
    assert figure.data[4].marker.pattern.shape == "/"
    assert all(trace.marker.pattern.shape is None for trace in figure.data[:4])  # no pattern fill at all


def _simulated_lab(hex_colour: str, matrix) -> tuple[float, float, float]:
    def linear(channel: float) -> float:
        channel /= 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5)]
    if matrix is not None:
        rgb = [min(1.0, max(0.0, sum(matrix[r][c] * rgb[c] for c in range(3)))) for r in range(3)]
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
COLOUR_VISION = {
    "normal": None,
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


@pytest.mark.parametrize("vision", COLOUR_VISION)
def test_grade_colours_stay_distinguishable_for_colour_blind_readers(vision):
    lab = {grade: _simulated_lab(colour, COLOUR_VISION[vision]) for grade, colour in GRADE_COLOURS.items()}
    closest = min(math.dist(lab[a], lab[b]) for a, b in itertools.combinations(lab, 2))
    assert closest > 15, f"two grade colours are only ΔE {closest:.1f} apart for {vision}"


def test_focus_area_chart_stacks_grades_per_area_in_the_order_given():
    frame = pl.DataFrame(
        {
            "focus_area": ["Hållbar hälsa"] * 5 + ["Hållbar natur"] * 5,
            "grade": list(GRADE_ORDER) * 2,
            "goal_count": [0, 3, 3, 3, 0, 1, 0, 0, 2, 0],
        }
    )
    figure = charts.grade_by_focus_area_chart(frame, "Målen per fokusområde")
    assert figure.layout.barmode == "stack"
    assert [trace.name for trace in figure.data] == LABELS
    assert list(figure.layout.yaxis.categoryarray) == ["Hållbar hälsa", "Hållbar natur"]
    by_grade = {trace.name: list(trace.x) for trace in figure.data}
    assert by_grade["▲ Delvis uppfyllt"] == [3, 0]
    assert by_grade["■ Ej uppfyllt"] == [3, 2]
    assert by_grade["● Uppfyllt"] == [0, 1]
    assert figure.data[0].marker.color == GRADE_COLOURS["Uppfyllt"]
    assert figure.layout.showlegend is True


def test_tables_hold_what_the_charts_draw_with_swedish_headers():
    table = charts.grade_table(T2_GRADES)
    assert list(table.columns) == ["Bedömning", "Antal mål", "Andel"]
    assert table["Bedömning"].to_list() == LABELS
    assert table["Antal mål"].to_list() == [2, 5, 9, 5, 0]
    # 2, 5, 9 and 5 of 21 are 9.5, 23.8, 42.9 and 23.8 %: rounded one by one they make 101 %;
    # by the largest remainders 9 + 24 + 43 + 24 = 100.
    assert table["Andel"].to_list() == ["9\u00a0%", "24\u00a0%", "43\u00a0%", "24\u00a0%", "0\u00a0%"]

    frame = pl.DataFrame({"focus_area": ["Hållbar natur"] * 5, "grade": list(GRADE_ORDER), "goal_count": [1, 0, 0, 2, 0]})
    wide = charts.focus_area_grade_table(frame)
    assert list(wide.columns) == ["Fokusområde", *LABELS, "Totalt"]
    assert list(wide.row(0)) == ["Hållbar natur", 1, 0, 0, 2, 0, 3]


def test_text_alternatives_name_every_count():
    description = charts.grade_chart_description(T2_GRADES, "Tertial 2 2023")
    assert "Uppfyllt 2, Delvis uppfyllt 5, Knappt uppfyllt 9, Ej uppfyllt 5, Ej bedömd 0" in description


def test_chart_and_sentence_modules_do_not_need_streamlit():
    code = "import sys, tertial.charts, tertial.sentence, tertial.visual; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT).returncode == 0


def test_status_chart_shows_every_status_in_order_with_its_colour_and_symbol():
    import polars as pl

    from tertial.charts import status_distribution_chart, status_table
    from tertial.visual import STATUS_COLOURS, STATUS_ORDER

    frame = pl.DataFrame({"status": ["Vänteläge", "Pågående enligt plan"], "activities": [1, 40], "overdue": [0, 1]})
    figure = status_distribution_chart(frame, "Status")
    assert [trace.name for trace in figure.data] == [
        "✓ Avslutad enligt plan", "✓! Avslutad med avvikelse", "▶ Pågående enligt plan",
        "▶! Pågående med avvikelse", "⏸ Vänteläge", "■ Ej påbörjad",
    ]
    assert [trace.marker.color for trace in figure.data] == [STATUS_COLOURS[s] for s in STATUS_ORDER]
    assert [list(trace.x) for trace in figure.data] == [[0], [0], [40], [0], [1], [0]]
    assert status_table(frame)["Antal aktiviteter"].to_list() == [0, 0, 40, 0, 1, 0]


def test_status_chart_rejects_a_status_outside_the_vocabulary():
    import polars as pl
    import pytest

    from tertial.charts import status_distribution_chart

    with pytest.raises(ValueError, match="Unknown status 'Klar'"):
        status_distribution_chart(pl.DataFrame({"status": ["Klar"], "activities": [1]}))


# --- built in one pass ------------------------------------------------------------------


@pytest.fixture
def one_pass_only(monkeypatch):
    """Plotly validates a figure's whole annotation (or shape, or trace) list again on each
    add_* or update_* call, so a figure built step by step costs the square of its size
    (the Trender page spent 90 % of its time so). Here any such step fails: the builders
    must hand go.Figure everything at once, to be validated once."""
    import plotly.graph_objects as go

    def step_by_step(*args, **kwargs):
        raise AssertionError("a figure is built step by step; build it with one go.Figure call")

    for method in ("add_annotation", "add_shape", "add_trace", "add_bar", "add_scatter",
                   "update_layout", "update_xaxes", "update_yaxes", "update_traces"):
        monkeypatch.setattr(go.Figure, method, step_by_step)


def _trend_rows(category: str, categories, count: str) -> pl.DataFrame:
    """Two focus areas over three tertials, the middle one without a report, one count
    placed via the crosswalk: every kind of bar, label and shape a trend chart draws."""
    rows = []
    for area in ("Hållbar hälsa", "Hållbar natur"):
        for period, reports in (("2023-T3", 1), ("2024-T1", 0), ("2024-T2", 1)):
            for rank, name in enumerate(categories):
                placed = int(area == "Hållbar hälsa" and period == "2024-T2" and rank == 0)
                rows.append({"period": period, "vision_focus_area": area, category: name,
                             count: rank + placed, f"crosswalk_{count}": placed, "report_count": reports})
    return pl.DataFrame(rows)


def test_every_chart_builder_makes_its_figure_in_one_pass(one_pass_only):
    from datetime import date

    from tertial import activity_view, goal_view, trend_charts
    from tertial.visual import STATUS_ORDER

    areas = pl.DataFrame({"focus_area": ["Hållbar hälsa"] * 5, "grade": list(GRADE_ORDER), "goal_count": [0, 3, 3, 3, 0]})
    statuses = pl.DataFrame({"status": ["Vänteläge", "Pågående enligt plan"], "activities": [1, 40], "overdue": [0, 1]})
    activities = pl.DataFrame({"status": ["Vänteläge", "Ej påbörjad"], "overdue": [False, True],
                               "overdue_on_date": [True, True]})
    history = pl.DataFrame({
        "period": ["2023-T2", "2023-T3"], "grade": ["Uppfyllt", None], "grade_text": ["● Uppfyllt", "○ Ej bedömd"],
        "presentation": ["Bedömd i rapporten", "Ingen rapport för perioden"], "report_file": ["001.txt", None],
        "source_line": [317, None], "grade_line": [319, None],
    })
    figures = [
        charts.grade_distribution_chart(T2_GRADES, "Målen efter bedömning"),
        charts.grade_by_focus_area_chart(areas, "Målen per fokusområde"),
        charts.status_distribution_chart(statuses, "Aktiviteterna efter status"),
        activity_view.status_chart(activities, "overdue_on_date", f"per {date(2023, 12, 31)}", "Status"),
        goal_view.grade_history_chart(history),
        trend_charts.grade_trend_chart(_trend_rows("grade", GRADE_ORDER, "goal_count"), "Målens bedömning"),
        trend_charts.status_trend_chart(_trend_rows("status", STATUS_ORDER, "activity_count")),
    ]
    assert all(figure.data for figure in figures)
    # The builders skip plotly's validation and copying (charts.SpecFigure); here both run:
    # every figure passes plotly's own check, and what st.plotly_chart sends (to_dict) is
    # exactly what plotly makes of it.
    import plotly.graph_objects as go

    for figure in figures:
        assert isinstance(figure, charts.SpecFigure)
        assert go.Figure(figure.to_dict()).to_dict() == figure.to_dict()
        assert go.Figure.to_dict(figure) == figure.to_dict()
    trends = figures[-2:]
    assert all(trend.layout.annotations and trend.layout.shapes for trend in trends)
    assert all(any(t.meta.get("source") == "korsreferens" for t in trend.data) for trend in trends)


def test_a_chart_is_drawn_from_its_dicts_and_becomes_an_object_only_when_read_as_one():
    chart = charts.grade_distribution_chart(T2_GRADES, "Målen efter bedömning")
    # st.plotly_chart reads to_dict() only: plotly's object tree is not made for it.
    assert "_data" not in vars(chart) and chart.to_dict()["data"]
    assert "_data" not in vars(chart)
    # Read as an object (tests, notebooks), it is the same figure.
    assert [trace.name for trace in chart.data] == [trace["name"] for trace in chart.to_dict()["data"]]
    assert "_data" in vars(chart)


def test_the_bottom_margin_holds_the_legend_as_it_wraps_so_that_plotly_draws_a_figure_once():
    """Plotly draws a figure again when the margins it fits differ from those given."""
    one_line = charts.legend_margin(["● Uppfyllt", "○ Ej bedömd"], plot_width=800, height=400)
    three_lines = charts.legend_margin(["● Uppfyllt", "○ Ej bedömd"] * 3, plot_width=250, height=400)
    assert three_lines == one_line + 2 * charts.LEGEND_LINE
    figure = charts.grade_distribution_chart(pl.DataFrame({"grade": ["Uppfyllt"], "goal_count": [3]}))
    names = [trace.name for trace in figure.data]
    left, right = figure.layout.margin.l, figure.layout.margin.r
    assert figure.layout.margin.b == charts.legend_margin(names, charts.NARROW_FIGURE - left - right, 380)


def test_a_bar_of_goals_opens_the_goal_list_behind_it():
    from tertial.filters import URL_KEYS

    rows = pl.DataFrame({"focus_area": ["Hållbar hälsa", "Hållbar natur"], "grade": ["Ej uppfyllt", None],
                         "goal_count": [3, 2]})
    figure = charts.grade_by_focus_area_chart(rows)
    segments = {bar.name: list(bar.customdata) for bar in figure.data}
    assert [list(segment) for segment in segments["■ Ej uppfyllt"]] == [["Ej uppfyllt", "Hållbar hälsa"],
                                                                        ["Ej uppfyllt", "Hållbar natur"]]
    current = {URL_KEYS["period"]: "2023-T2", URL_KEYS["grades"]: "Uppfyllt", "mal": "ks-2023-00000001"}
    point = {"customdata": ["Ej uppfyllt", "Hållbar hälsa"]}
    # The bar's grade replaces any grade chosen before; the goal in the link is not kept.
    assert charts.goals_behind(point, current) == {
        URL_KEYS["period"]: "2023-T2", URL_KEYS["grades"]: ["Ej uppfyllt"], URL_KEYS["focus_area"]: "Hållbar hälsa"}
    by_grade = charts.grade_distribution_chart(rows.select("grade", "goal_count"))
    [not_graded] = [bar for bar in by_grade.data if "Ej bedömd" in bar.name]
    assert charts.goals_behind({"customdata": list(not_graded.customdata[0])}, {}) == {URL_KEYS["grades"]: ["Ej bedömd"]}


@pytest.mark.parametrize("counts", [[2, 5, 9, 5, 0], [1, 1, 1], [7, 7, 7], [1, 0, 0, 0, 0], [3, 4, 7, 7, 1, 12], [0, 0, 0]])
def test_shares_add_up_to_one_hundred_percent_by_the_largest_remainders(counts):
    shares = whole_percents(counts)
    assert sum(shares) == (100 if sum(counts) else 0)
    for count, share in zip(counts, shares):
        # Each share is its exact value rounded down or up, never further off.
        exact = count * 100 / sum(counts) if sum(counts) else 0
        assert int(exact) <= share <= int(exact) + 1

"""Chart builders: pure functions from query results (polars or pandas frames) to Plotly
figures, and each chart's data as a table with Swedish headers, its accessible twin.
No Streamlit here, so tests call them directly and pages only draw what they return.

Grade colours, symbols and order come from tertial.visual and nowhere else.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections.abc import Mapping
from typing import Any

import polars as pl
import plotly.graph_objects as go
import plotly.io as pio

from tertial.filters import URL_KEYS
from tertial.visual import (
    AXIS_TEXT_COLOUR,
    GRADE_COLOURS,
    NOT_GRADED,
    GRADE_ORDER,
    GRADE_PATTERNS,
    GRADE_TEXT_COLOURS,
    PLOTLY_SEPARATORS,
    STATUS_COLOURS,
    STATUS_ORDER,
    grade_label,
    status_label,
    swedish_percents,
)

FONT = dict(family="Source Sans Pro, Noto Sans, Arial, sans-serif", size=14, color="#262730")
GRID_COLOUR = "#E5E5E5"

# The titles of Översikt's three charts, which the tertial report (tertial/report) draws too.
GRADE_CHART_TITLE = "Målen efter bedömning"
FOCUS_AREA_CHART_TITLE = "Målen per fokusområde"
STATUS_CHART_TITLE = "Aktiviteterna efter status"


def _records(frame: Any) -> list[dict]:
    """Rows of a polars or pandas frame as dicts."""
    if hasattr(frame, "to_dicts"):  # polars
        return frame.to_dicts()
    return frame.to_dict("records")


def _grade_of(value: Any) -> str:
    """A row's grade; NULL (None, or NaN from pandas) is 'Ej bedömd'."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return NOT_GRADED
    if value not in GRADE_COLOURS:
        raise ValueError(f"Unknown grade {value!r}; the grades are {', '.join(GRADE_ORDER)}.")
    return value


def grade_counts(frame: Any) -> dict[str, int]:
    """Goals per grade from rows with grade and goal_count, every grade present, in order.

    A NULL grade is 'Ej bedömd'. Grades missing from the rows count zero, so that every
    chart shows the whole scale and its legend never changes from one filter to another.
    """
    counts = dict.fromkeys(GRADE_ORDER, 0)
    for row in _records(frame):
        counts[_grade_of(row["grade"])] += int(row["goal_count"] or 0)
    return counts


def base_layout(title: str | None) -> dict:
    """What every Tertial chart shares: font, title, legend at the foot, white ground,
    Swedish number separators."""
    return dict(
        **({"title": dict(text=title, x=0, xanchor="left")} if title else {}),
        font=FONT,
        # At the foot of the figure, where it covers neither the title, a bar nor an axis.
        legend=dict(
            orientation="h", yref="container", yanchor="bottom", y=0.01, xanchor="left", x=0,
            title=dict(text=""), traceorder="normal",
        ),
        showlegend=True,
        plot_bgcolor="white",
        paper_bgcolor="white",
        separators=PLOTLY_SEPARATORS,
        hoverlabel=dict(font=FONT),
    )


@functools.lru_cache(maxsize=8)
def _template(name: str) -> dict:
    return pio.templates[name].to_plotly_json()


class SpecFigure(go.Figure):
    """A go.Figure made from plain trace and layout dicts, whose to_dict() is those dicts.

    Plotly validates a figure when it is made and deep-copies it on every to_dict(), which
    st.plotly_chart calls on each rerun: together most of a page's run (for one Trender
    chart on Ånge's data, 74 ms validating and 20 ms copying, for 1.5 ms of JSON). The
    builders hand over finished dicts in plotly's own form, and tests/test_charts.py checks
    that for every builder (plotly's validation of the dict, round trip unchanged), so a
    malformed figure fails a test, not a committee page. Treat the figure as read-only:
    to_dict() does not see changes made after it was built.

    Even unvalidated, go.Figure's own set-up makes an object per trace, axis and annotation
    (a tenth of a warm Översikt run), and st.plotly_chart reads only to_dict(). So the set-up
    waits until something reads the figure as an object (fig.data, fig.layout, in tests):
    every attribute that go.Figure's set-up makes is missing until then, and the first
    lookup of one (__getattr__ runs only for a missing attribute) does the set-up."""

    def __init__(self, data: list, layout: dict):
        # As go.Figure does: the default template (Streamlit's, once streamlit is imported).
        spec = {"data": data, "layout": {"template": _template(pio.templates.default), **layout}}
        # object.__setattr__: BaseFigure's own refuses names that are not figure properties.
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_parts", (data, layout))

    # Reentrant: go.Figure's set-up itself looks up attributes it has not made yet.
    _setting_up = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        with self._setting_up:  # figures are cached and shared between sessions' threads
            parts = self.__dict__.pop("_parts", None)
            if parts is not None:
                data, layout = parts
                # `_validate` is plotly's own switch for skipping validation (its internals use it).
                super().__init__(data=data, layout=layout, _validate=False)
        return object.__getattribute__(self, name)

    def to_dict(self) -> dict:
        return self._spec


def figure(data: list, layout: dict) -> go.Figure:
    """The figure of a chart builder, in one call: every add_bar, add_annotation or
    update_* would process again what is already there (quadratic in the labels)."""
    return SpecFigure(data, readable_axes(layout))


_AXIS_KEY = re.compile(r"^[xy]axis\d*$")


def readable_axes(layout: dict) -> dict:
    """The layout with every axis's numbers and title in AXIS_TEXT_COLOUR, unless the
    builder chose a colour. Streamlit's chart theme would draw them in #808495, 3.7:1 on
    white, below the 4.5:1 that WCAG 2.1 AA (1.4.3) asks of text this size."""
    readable = dict(layout)
    for key, axis in layout.items():
        if not _AXIS_KEY.match(key) or not isinstance(axis, dict):
            continue
        title = axis.get("title") or {}
        title = dict(text=title) if isinstance(title, str) else dict(title)
        title["font"] = {"color": AXIS_TEXT_COLOUR, **title.get("font", {})}
        readable[key] = {
            **axis,
            "tickfont": {"color": AXIS_TEXT_COLOUR, **axis.get("tickfont", {})},
            "title": title,
        }
    return readable


def horizontal_bar_figure(
    bars: list[dict], title: str | None, height: int, xaxis: dict, yaxis: dict,
    annotations: list[dict] | None = None, **layout: Any,
) -> go.Figure:
    """A horizontal bar chart in the house style from trace dicts and axis settings.

    The figure is made by one call (figure()): every add_bar, add_annotation or update_*
    would process again what is already there. The margins are set here rather than fitted
    by plotly, which draws the whole figure a second time when the margins it fits differ
    from those given (about 30 % of plotly's work on Översikt): the left one holds the
    longest category, the bottom one the x axis and the legend below the plot, as many
    lines as it wraps into in a narrow figure (legend_margin). A narrower figure still gets
    the room it needs, by that second drawing."""
    left = label_margin(yaxis.get("categoryarray", []))
    right = 40
    legend = [bar["name"] for bar in bars if bar.get("showlegend", True)]
    return figure(
        data=bars,
        layout=dict(
            xaxis=dict(xaxis, gridcolor=GRID_COLOUR, zeroline=True, zerolinecolor="#BDBDBD", rangemode="tozero"),
            yaxis=dict(yaxis, automargin=False),
            **({"annotations": annotations} if annotations else {}),
            **layout,
            **base_layout(title),
            height=height,
            margin=dict(l=left, r=right, t=50 if title else 20,
                        b=legend_margin(legend, NARROW_FIGURE - left - right, height)),
        ),
    )


# Average width of a character of the charts' font (FONT, 14 px) on an axis, rounded up,
# and the space between the tick labels and the plot.
CHARACTER_WIDTH = 8.5
TICK_PADDING = 24


def label_margin(labels: list[str]) -> int:
    """Pixels left of the plot for the longest of the category labels, shown in full."""
    longest = max((len(str(label)) for label in labels), default=0)
    return round(longest * CHARACTER_WIDTH) + TICK_PADDING


# The legend at the foot of a figure (base_layout) wraps within the plot's width. An entry
# is its symbol and its name, a line is LEGEND_LINE pixels (FONT's size); under the plot
# come first the x axis's numbers and title, X_AXIS_ROOM pixels with Streamlit's theme.
# Measured in Chromium, rounded up so that an estimate errs towards room to spare.
LEGEND_SYMBOL = 40
LEGEND_CHARACTER = 7
LEGEND_LINE = 19
LEGEND_PADDING = 10
X_AXIS_ROOM = 66
# A chart in the narrower of two columns on a laptop's screen (532 pixels at 1400).
NARROW_FIGURE = 500


def legend_margin(names: list[str], plot_width: int, height: int) -> int:
    """Pixels below the plot for the x axis and a legend of these entries, wrapped at
    plot_width: plotly fits no margin then, so draws the figure once."""
    lines, used = 1, 0
    for name in names:
        width = LEGEND_SYMBOL + LEGEND_CHARACTER * len(name)
        if used and used + width > plot_width:
            lines, used = lines + 1, 0
        used += width
    legend_y = base_layout(None)["legend"]["y"]  # the legend's distance from the foot
    return X_AXIS_ROOM + LEGEND_PADDING + LEGEND_LINE * lines + math.ceil(legend_y * height) + 1


def _coloured_tick(grade: str) -> str:
    """An axis label whose symbol has the grade's colour: '● Uppfyllt' with a blue dot."""
    label = grade_label(grade)
    symbol, _, name = label.partition(" ")
    return f"<span style='color:{GRADE_COLOURS[grade]}'>{symbol}</span> {name}"


def grade_distribution_chart(frame: Any, title: str | None = None) -> go.Figure:
    """Goals per grade as horizontal bars, best grade on top, each bar labelled with its
    count and share. Rows: grade, goal_count (queries/grade_distribution.sql)."""
    counts = grade_counts(frame)
    total = sum(counts.values())
    labels = [grade_label(grade) for grade in GRADE_ORDER]
    # Shares that add up to 100 % (a reader adds them), as the table beside it.
    shares = swedish_percents([counts[grade] for grade in GRADE_ORDER])
    bars = []
    for grade, label, percent in zip(GRADE_ORDER, labels, shares):
        count = counts[grade]
        share = f" ({percent})" if total else ""
        bars.append(dict(
            type="bar",
            name=label,
            y=[label],
            x=[count],
            orientation="h",
            marker=grade_marker(grade, line=dict(color="#595959", width=0.5)),
            text=[f"{count} mål{share}"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"{grade}: %{{x}} mål<extra></extra>",
            # What a click on the bar opens: the goal list with this grade (goals_behind).
            customdata=[[grade, None]],
        ))
    largest = max(counts.values())
    return horizontal_bar_figure(
        bars, title, height=380,
        # Room right of the longest bar for its label.
        xaxis=dict(title=dict(text="Antal mål"), range=[0, max(1, largest) * 1.3], dtick=whole_number_step(largest)),
        yaxis=dict(
            categoryorder="array", categoryarray=labels, autorange="reversed",
            tickmode="array", tickvals=labels, ticktext=[_coloured_tick(g) for g in GRADE_ORDER],
        ),
        bargap=0.3,
    )


def grade_marker(grade: str, line: dict) -> dict:
    """A grade's bar colour, and its pattern where the grade has one (Ej bedömd): a bar
    with an empty pattern still makes plotly build a pattern fill for it."""
    marker = dict(color=GRADE_COLOURS[grade], line=line)
    if GRADE_PATTERNS[grade]:
        marker["pattern"] = dict(shape=GRADE_PATTERNS[grade], bgcolor=GRADE_COLOURS[grade], fgcolor="#FFFFFF",
                                 size=10, solidity=0.25)
    return marker


def whole_number_step(largest: int, most_lines: int = 10) -> int:
    """Gridlines at whole numbers, at most most_lines of them."""
    for step in (1, 2, 5, 10, 20, 50):
        if largest / step <= most_lines:
            return step
    return 100


def _focus_area_counts(frame: Any) -> dict[str, dict[str, int]]:
    """focus area → grade → goals, focus areas in the order the rows give them."""
    table: dict[str, dict[str, int]] = {}
    for row in _records(frame):
        grades = table.setdefault(row["focus_area"], dict.fromkeys(GRADE_ORDER, 0))
        grades[_grade_of(row["grade"])] += int(row["goal_count"] or 0)
    return table


def grade_by_focus_area_chart(frame: Any, title: str | None = None) -> go.Figure:
    """Goals per focus area as horizontal bars stacked by grade, best grade first.
    Rows: focus_area, grade, goal_count (queries/grade_distribution_by_focus_area.sql),
    focus areas in the order they should be shown, top to bottom."""
    table = _focus_area_counts(frame)
    areas = list(table)
    bars = []
    for grade in GRADE_ORDER:
        values = [table[area][grade] for area in areas]
        bars.append(dict(
            type="bar",
            name=grade_label(grade),
            y=areas,
            x=values,
            orientation="h",
            marker=grade_marker(grade, line=dict(color="white", width=1)),
            # A zero-width segment gets no label; the table below has every zero.
            text=[str(v) if v else "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(color=GRADE_TEXT_COLOURS[grade]),
            hovertemplate=f"%{{y}}: %{{x}} mål {grade}<extra></extra>",
            customdata=[[grade, area] for area in areas],
        ))
    largest = max((sum(grades.values()) for grades in table.values()), default=0)
    return horizontal_bar_figure(
        bars, title, height=max(300, 60 * len(areas) + 150),
        xaxis=dict(title=dict(text="Antal mål"), range=[0, max(1, largest) * 1.05], dtick=whole_number_step(largest)),
        yaxis=dict(categoryorder="array", categoryarray=areas, autorange="reversed"),
        barmode="stack", bargap=0.35,
    )


def grade_table(frame: Any) -> pl.DataFrame:
    """The grade chart's data: Bedömning, Antal mål, Andel – every grade, zeros included."""
    counts = grade_counts(frame)
    return pl.DataFrame(
        {
            "Bedömning": [grade_label(grade) for grade in GRADE_ORDER],
            "Antal mål": [counts[grade] for grade in GRADE_ORDER],
            "Andel": swedish_percents([counts[grade] for grade in GRADE_ORDER]),
        }
    )


def focus_area_grade_table(frame: Any) -> pl.DataFrame:
    """The focus-area chart's data: one row per focus area, one column per grade, a total."""
    table = _focus_area_counts(frame)
    data: dict[str, list] = {"Fokusområde": list(table)}
    for grade in GRADE_ORDER:
        data[grade_label(grade)] = [table[area][grade] for area in table]
    data["Totalt"] = [sum(grades.values()) for grades in table.values()]
    # Typed: an empty period has no focus areas, and polars would guess Null columns.
    return pl.DataFrame(data, schema={name: pl.String if name == "Fokusområde" else pl.Int64 for name in data})


def grade_chart_description(frame: Any, scope: str) -> str:
    """A text alternative for the grade chart, for screen readers."""
    counts = grade_counts(frame)
    listed = ", ".join(f"{grade} {count}" for grade, count in counts.items())
    return f"Stapeldiagram över målens bedömning, {scope}: {listed}."


def focus_area_chart_description(frame: Any, scope: str) -> str:
    table = _focus_area_counts(frame)
    listed = "; ".join(
        f"{area}: " + ", ".join(f"{grade} {n}" for grade, n in grades.items() if n) if any(grades.values()) else f"{area}: inga mål"
        for area, grades in table.items()
    )
    return f"Staplat diagram över bedömning per fokusområde, {scope}. {listed}."


def status_counts(frame: Any) -> dict[str, int]:
    """Activity entries per status, every status present, in the canonical order.
    Rows: status, activities (queries/activity_status_distribution.sql)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in _records(frame):
        if row["status"] not in counts:
            raise ValueError(f"Unknown status {row['status']!r}; the statuses are {', '.join(STATUS_ORDER)}.")
        counts[row["status"]] += int(row["activities"] or 0)
    return counts


def status_distribution_chart(frame: Any, title: str | None = None) -> go.Figure:
    """Activity entries per status as horizontal bars in the canonical order, each bar
    labelled with its count, colour and symbol from tertial.visual."""
    counts = status_counts(frame)
    labels = [status_label(status) for status in STATUS_ORDER]
    bars = [
        dict(
            type="bar",
            name=label,
            y=[label],
            x=[counts[status]],
            orientation="h",
            marker=dict(color=STATUS_COLOURS[status], line=dict(color="#595959", width=0.5)),
            text=[f"{counts[status]} st"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"{status}: %{{x}} aktiviteter<extra></extra>",
        )
        for status, label in zip(STATUS_ORDER, labels)
    ]
    largest = max(counts.values())
    return horizontal_bar_figure(
        bars, title, height=420,
        xaxis=dict(title=dict(text="Antal aktiviteter"), range=[0, max(1, largest) * 1.3], dtick=whole_number_step(largest)),
        yaxis=dict(categoryorder="array", categoryarray=labels, autorange="reversed"),
        bargap=0.3,
    )


def status_chart_description(frame: Any, scope: str) -> str:
    """A text alternative for the status chart, for screen readers."""
    listed = ", ".join(f"{status} {count}" for status, count in status_counts(frame).items())
    return f"Stapeldiagram över aktiviteternas status, {scope}: {listed}."


def status_table(frame: Any) -> pl.DataFrame:
    """The status chart's data: status with symbol, and count."""
    counts = status_counts(frame)
    return pl.DataFrame({"Status": [status_label(s) for s in STATUS_ORDER], "Antal aktiviteter": list(counts.values())})


def goals_behind(point: Mapping[str, Any], current: Mapping[str, str]) -> dict[str, str | list[str]]:
    """The query string of Mål's goal list behind a clicked bar of grade_distribution_chart,
    grade_by_focus_area_chart or trend_charts.grade_trend_chart: the current filters
    (period, focus area …) with the bar's grade and, for a focus area's segment, its focus
    area, and for a tertial's segment, its period. The bar says these in its customdata."""
    grade, focus_area, period = (list(point.get("customdata") or []) + [None, None, None])[:3]
    params: dict[str, str | list[str]] = {
        name: value for name, value in current.items() if name in set(URL_KEYS.values()) - {URL_KEYS["grades"]}
    }
    if grade:
        params[URL_KEYS["grades"]] = [grade]
    if focus_area:
        params[URL_KEYS["focus_area"]] = focus_area
    if period:
        params[URL_KEYS["period"]] = period
    return params

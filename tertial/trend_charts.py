"""Charts and tables for the Trender page: per focus area, every tertial from the first
to the last in the data, the goals' grades and the activities' statuses as stacked bars.

Pure functions from query results (queries/trend_*.sql, polars or pandas frames) to
Plotly figures and polars tables; no Streamlit here, so tests call them directly.

Honesty rules, as the page promises them:
- every tertial keeps its slot on the x axis, in order, also without data;
- a tertial without any report is an empty, shaded slot labelled "ingen rapport";
  one with reports but nothing in the focus area is labelled "inga mål" or
  "inga aktiviteter"; goals without grades are the grey "Ej bedömd" bar;
- bars, never lines, so nothing is drawn across a gap;
- counts that reach a focus area through the user-editable crosswalk (2024 goals and
  their activities) are cross-hatched, with a legend key naming data/crosswalk.csv.

Grade and status colours, symbols and order come from tertial.visual and nowhere else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
import polars as pl

from tertial.charts import FONT, GRID_COLOUR, base_layout, figure, whole_number_step
from tertial.visual import (
    GOAL_LEVEL_NAMES,
    GRADE_COLOURS,
    GRADE_ORDER,
    GRADE_PATTERNS,
    GRADE_TEXT_COLOURS,
    NOT_GRADED,
    STATUS_COLOURS,
    STATUS_ORDER,
    grade_label,
    status_label,
)

NO_REPORT = "ingen rapport"
NO_GOALS = "inga mål"
NO_ACTIVITIES = "inga aktiviteter"
NONE_GRADED = "inga mål bedömda"

CROSSWALK_FILE = "data/crosswalk.csv"
CROSSWALK_SUFFIX = "via korsreferens"
CROSSWALK_KEY = f"Rutat = {CROSSWALK_SUFFIX} ({CROSSWALK_FILE})"
# Cross-hatching marks a crosswalk count whatever its grade: grades are otherwise solid,
# "Ej bedömd" is otherwise single-hatched.
CROSSWALK_PATTERN = "x"
NO_FOCUS_AREA = "Utan fokusområde"

# Column names of the tables that export.SWEDISH_COLUMNS does not know yet, in Swedish.
TOTAL_GOALS = "Antal mål"
TOTAL_ACTIVITIES = "Antal aktiviteter"
VIA_CROSSWALK = "Varav via korsreferens"
REPORTS = "Antal rapporter"
NOTE = "Anmärkning"

MUTED = "#595959"
GAP_FILL = "#EFEFEF"
SEGMENT_LINE = "white"

_PERIOD_KEY = re.compile(r"^(\d{4})-T(\d)$")


# --- the data behind a chart -------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One bar: a focus area in a tertial."""

    period: str
    focus_area: str
    report_count: int
    counts: dict[str, int]  # category → count, every category, in order
    crosswalk: dict[str, int]  # category → how many of counts came via the crosswalk

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def crosswalk_total(self) -> int:
        return sum(self.crosswalk.values())

    def from_report(self, category: str) -> int:
        return self.counts[category] - self.crosswalk[category]


@dataclass(frozen=True)
class Trend:
    """Counts per focus area, tertial and category (grade or status), gaps included."""

    periods: list[str]
    focus_areas: list[str]
    categories: tuple[str, ...]
    slots: dict[tuple[str, str], Slot] = field(repr=False)

    def slot(self, focus_area: str, period: str) -> Slot:
        return self.slots[(focus_area, period)]

    def row(self, focus_area: str) -> list[Slot]:
        return [self.slots[(focus_area, period)] for period in self.periods]

    @property
    def crosswalk_total(self) -> int:
        return sum(slot.crosswalk_total for slot in self.slots.values())

    @property
    def largest(self) -> int:
        return max((slot.total for slot in self.slots.values()), default=0)


def _records(frame: Any) -> list[dict]:
    if hasattr(frame, "to_dicts"):  # polars
        return frame.to_dicts()
    return frame.to_dict("records")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: Any) -> int:
    return 0 if _missing(value) else int(value)


def _period_order(period: str) -> tuple[int, int, str]:
    match = _PERIOD_KEY.match(period)
    return (int(match.group(1)), int(match.group(2)), period) if match else (10**6, 0, period)


def _grade_of(value: Any) -> str:
    """A row's grade; NULL (None, NaN) is 'Ej bedömd', never a guessed grade."""
    if _missing(value) or value == "":
        return NOT_GRADED
    if value not in GRADE_COLOURS:
        raise ValueError(f"Unknown grade {value!r}; the grades are {', '.join(GRADE_ORDER)}.")
    return value


def _status_of(value: Any) -> str:
    if value not in STATUS_COLOURS:
        raise ValueError(f"Unknown status {value!r}; the statuses are {', '.join(STATUS_ORDER)}.")
    return value


def _trend(
    frame: Any, category: str, count: str, crosswalk: str, categories: tuple[str, ...], normalise: Callable[[Any], str]
) -> Trend:
    rows = _records(frame)
    areas: list[str] = []
    periods: set[str] = set()
    reports: dict[str, int] = {}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    via: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        area = row["vision_focus_area"] if not _missing(row["vision_focus_area"]) else NO_FOCUS_AREA
        period = row["period"]
        if area not in areas:
            areas.append(area)
        periods.add(period)
        reports[period] = max(reports.get(period, 0), _number(row["report_count"]))
        key = (area, period)
        name = normalise(row[category])
        counts.setdefault(key, dict.fromkeys(categories, 0))[name] += _number(row[count])
        via.setdefault(key, dict.fromkeys(categories, 0))[name] += _number(row[crosswalk])
    ordered = sorted(periods, key=_period_order)
    slots = {
        (area, period): Slot(
            period=period,
            focus_area=area,
            report_count=reports.get(period, 0),
            counts=counts.get((area, period), dict.fromkeys(categories, 0)),
            crosswalk=via.get((area, period), dict.fromkeys(categories, 0)),
        )
        for area in areas
        for period in ordered
    }
    return Trend(periods=ordered, focus_areas=areas, categories=categories, slots=slots)


def grade_trend(frame: Any) -> Trend:
    """Rows: period, vision_focus_area, grade, goal_count, crosswalk_goal_count,
    report_count (queries/trend_grade_distribution.sql); focus areas in row order."""
    return _trend(frame, "grade", "goal_count", "crosswalk_goal_count", GRADE_ORDER, _grade_of)


def status_trend(frame: Any) -> Trend:
    """Rows: period, vision_focus_area, status, activity_count, crosswalk_activity_count,
    report_count (queries/trend_activity_status_distribution.sql)."""
    return _trend(frame, "status", "activity_count", "crosswalk_activity_count", STATUS_ORDER, _status_of)


def slot_state(slot: Slot, empty: str) -> str | None:
    """What an empty slot says: 'ingen rapport', or `empty` when the tertial has reports
    but nothing here; None for a slot with a bar."""
    if slot.report_count == 0:
        return NO_REPORT
    if slot.total == 0:
        return empty
    return None


# --- drawing ------------------------------------------------------------------------


def _relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(background: str) -> str:
    """White or near-black, whichever has the higher contrast on the background (WCAG)."""
    luminance = _relative_luminance(background)
    on_white = (1.05) / (luminance + 0.05)
    on_dark = (luminance + 0.05) / (_relative_luminance("#1A1A1A") + 0.05)
    return "#FFFFFF" if on_white > on_dark else "#1A1A1A"


@dataclass(frozen=True)
class _Look:
    colours: Mapping[str, str]
    patterns: Mapping[str, str]
    text_colours: Mapping[str, str]
    label: Callable[[str], str]
    unit: str  # "mål", "aktiviteter"
    y_title: str
    empty: str  # what a slot with reports but no data says


GRADE_LOOK = _Look(GRADE_COLOURS, GRADE_PATTERNS, GRADE_TEXT_COLOURS, grade_label, "mål", "Antal mål", NO_GOALS)
STATUS_LOOK = _Look(
    STATUS_COLOURS,
    {status: "" for status in STATUS_ORDER},
    {status: text_colour(colour) for status, colour in STATUS_COLOURS.items()},
    status_label,
    "aktiviteter",
    "Antal aktiviteter",
    NO_ACTIVITIES,
)


def _marker(colour: str, pattern: str, crosswalk: bool) -> dict:
    shape = CROSSWALK_PATTERN if crosswalk else pattern
    marker = dict(color=colour, line=dict(color=SEGMENT_LINE, width=1))
    if shape:
        marker["pattern"] = dict(shape=shape, bgcolor=colour, fgcolor="#1A1A1A" if crosswalk else "#FFFFFF",
                                 fgopacity=0.55 if crosswalk else 1.0, size=8, solidity=0.2 if crosswalk else 0.3)
    return marker


def _axis(name: str, index: int) -> str:
    """Plotly's axis reference for the index-th subplot: 'x', 'x2', …"""
    return name if index == 1 else f"{name}{index}"


def _facet_domains(rows: int, spacing: float) -> list[list[float]]:
    """Each facet's vertical domain, top facet first, as plotly.subplots.make_subplots
    lays out `rows` rows of one column with that vertical spacing."""
    height = (1.0 - spacing * (rows - 1)) / rows
    domains = []
    for row in range(rows):
        below = rows - 1 - row  # facets under this one
        start = sum([height] * below) + below * spacing
        end = start + height
        # make_subplots snaps floating-point overshoot at the edges the same way.
        domains.append([0.0 if -0.01 < start < 0.0 else start, 1.0 if 1.0 < end < 1.01 else end])
    return domains


def _segment_bar(area: str, category: str, periods: list[str], values: list[int], look: _Look, facet: int,
                 crosswalk: bool) -> dict:
    """One stacked segment series of a facet, as a trace dict: the report's own counts, or
    those placed via the crosswalk (hatched)."""
    label = look.label(category)
    bar = dict(
        type="bar",
        name=f"{label} – {CROSSWALK_SUFFIX}" if crosswalk else label,
        legendgroup=category,
        x=periods,
        y=values,
        marker=_marker(look.colours[category], look.patterns[category], crosswalk=crosswalk),
        text=[str(value) if value else "" for value in values],
        textposition="inside",
        textangle=0,
        insidetextanchor="middle",
        hovertemplate=(
            f"%{{x}} · {area}<br>{category}: %{{y}} {look.unit}<br>"
            f"placerade här {CROSSWALK_SUFFIX} ({CROSSWALK_FILE})<extra></extra>"
            if crosswalk else f"%{{x}} · {area}<br>{category}: %{{y}} {look.unit}<extra></extra>"
        ),
        meta=dict(focus_area=area, category=category, source="korsreferens" if crosswalk else "rapport"),
        # What a click on a segment of the grade chart opens (charts.goals_behind).
        customdata=[[category, area, period] for period in periods],
        xaxis=_axis("x", facet),
        yaxis=_axis("y", facet),
    )
    if crosswalk:
        # A halo keeps the count readable on the hatching.
        bar["textfont"] = dict(color=look.text_colours[category], shadow="auto")
    else:
        bar["textfont"] = dict(color=look.text_colours[category])
    return bar


# Room for the y axis's title and numbers (up to four digits) left of the plot.
LEFT_MARGIN = 64
# An empty slot's label stands this share of the y axis above its foot.
EMPTY_LABEL_HEIGHT = 0.04
# The meta source of the text trace with the slots' labels (bars: "rapport", "korsreferens").
LABELS = "etiketter"


def trend_chart(trend: Trend, look: _Look, title: str | None = None, row_height: int = 190) -> go.Figure:
    """Stacked bars per tertial, one facet (row) per focus area, a shared y scale so that
    facets compare honestly. Built by grade_trend_chart and status_trend_chart.

    Traces, annotations, shapes and axes are collected as plain dicts and handed to one
    figure() call at the end: plotly validates the whole annotation list again on every
    add_annotation, which made building a page of facets quadratic."""
    areas = trend.focus_areas or [NO_FOCUS_AREA]
    rows = len(areas)
    single = rows == 1
    top = 60 if title else 20
    # The legend sits in the bottom margin. Narrow small multiples list it one entry a
    # line; room for the longest list (six statuses and the crosswalk key) keeps the
    # plot areas of two figures side by side the same, so their rows stay level.
    bottom = 150 if single else 60 + 20 * (len(STATUS_ORDER) + 1)
    facet_gap = 0 if single else 70  # room for each facet's tick labels and the next title
    plot_height = (460 if single else rows * row_height + (rows - 1) * facet_gap)
    domains = _facet_domains(rows, (facet_gap / plot_height) if rows > 1 else 0.0)
    periods = trend.periods
    largest = trend.largest
    y_top = max(1, largest) * 1.22 + 0.5  # room above the tallest bar for its total
    y_step = whole_number_step(largest, most_lines=5)
    # A dashed line at every turn of the year (2023 → 2024 is also the change of goal model).
    year_turns = [
        position for position in range(1, len(periods))
        if _period_order(periods[position])[0] != _period_order(periods[position - 1])[0]
    ]
    traces: list[dict] = []
    annotations: list[dict] = []
    shapes: list[dict] = []
    axes: dict[str, dict] = {}
    for index, area in enumerate(areas, start=1):
        slots = trend.row(area) if trend.focus_areas else []
        xref, yref = _axis("x", index), _axis("y", index)
        for rank, category in enumerate(trend.categories):
            own = _segment_bar(area, category, periods, [slot.from_report(category) for slot in slots], look, index,
                               crosswalk=False)
            # One legend entry per category, from the first facet; the others share its group.
            own.update(legendrank=100 + rank, showlegend=index == 1)
            traces.append(own)
            via = [slot.crosswalk[category] for slot in slots]
            if any(via):
                placed = _segment_bar(area, category, periods, via, look, index, crosswalk=True)
                placed["showlegend"] = False
                traces.append(placed)
        # What each slot says (its total above the bar, or why it has none) is one text
        # trace per facet, not an annotation per slot: plotly draws and measures every
        # annotation on its own (ten years of tertials: a sixth of its work on a filter click).
        labels: dict[str, list] = {"x": [], "y": [], "text": [], "color": []}
        for position, slot in enumerate(slots):
            state = slot_state(slot, look.empty)
            if state == NO_REPORT:
                shapes.append(dict(
                    type="rect", xref=xref, yref=f"{yref} domain", x0=position - 0.45, x1=position + 0.45,
                    y0=0, y1=1, fillcolor=GAP_FILL, line=dict(width=0), layer="below",
                ))
            labels["x"].append(slot.period)
            if state:  # low in the empty slot
                labels["y"].append(EMPTY_LABEL_HEIGHT * y_top)
                labels["text"].append(f"<i>{state.replace(' ', '<br>')}</i>")
                labels["color"].append(MUTED)
            else:
                labels["y"].append(slot.total)
                labels["text"].append(f"<b>{slot.total}</b>")
                labels["color"].append(FONT["color"])
        if slots:
            traces.append(dict(
                type="scatter", mode="text", x=labels["x"], y=labels["y"], text=labels["text"],
                textposition="top center", textfont=dict(size=12, color=labels["color"]), cliponaxis=False,
                hoverinfo="skip", showlegend=False, meta=dict(focus_area=area, source=LABELS),
                xaxis=xref, yaxis=yref,
            ))
        for position in year_turns:
            shapes.append(dict(
                type="line", xref=xref, yref=f"{yref} domain", x0=position - 0.5, x1=position - 0.5,
                y0=0, y1=1, line=dict(color="#9E9E9E", width=1, dash="dash"),
            ))
        if not single:
            annotations.append(dict(
                text=f"<b>{area}</b>", xref="paper", x=0, xanchor="left",
                yref=f"{yref} domain", y=1.0, yanchor="bottom", showarrow=False, font=dict(size=15),
            ))
        axes[_axis("xaxis", index)] = dict(
            anchor=yref, domain=[0.0, 1.0], type="category", categoryorder="array", categoryarray=periods,
            # The bars' own extent: the labels' text trace would pad it.
            range=[-0.5, len(periods) - 0.5],
            tickmode="array", tickvals=periods, ticktext=periods, showticklabels=True, automargin=False,
        )
        axes[_axis("yaxis", index)] = dict(
            anchor=xref, domain=domains[index - 1], title=dict(text=look.y_title), range=[0, y_top], dtick=y_step,
            gridcolor=GRID_COLOUR, rangemode="tozero", zeroline=True, zerolinecolor="#BDBDBD", automargin=False,
        )
    if trend.crosswalk_total:
        # A neutral key for the cross-hatching, whatever the grade or status it lies on.
        traces.append(dict(
            type="bar", name=CROSSWALK_KEY, x=[None], y=[None], showlegend=True, legendgroup="korsreferens",
            legendrank=1000,
            marker=dict(
                color="#FFFFFF", line=dict(color="#404040", width=1),
                pattern=dict(shape=CROSSWALK_PATTERN, fgcolor="#404040", bgcolor="#FFFFFF", size=8, solidity=0.2),
            ),
            hoverinfo="skip", meta=dict(source="korsreferens", key=True), xaxis="x", yaxis="y",
        ))
    layout = dict(
        **axes,
        annotations=annotations,
        shapes=shapes,
        barmode="stack",
        bargap=0.25,
        # A segment too small for a readable count shows none; the total and the table have it.
        uniformtext=dict(minsize=10, mode="hide"),
        height=top + bottom + plot_height,
        # Fixed margins, and no automargin on the axes: letting plotly fit the margins to the
        # tick labels made it lay the figure out again and again, a third of the browser's
        # work on a filter click (Trender with ten years of tertials).
        margin=dict(l=LEFT_MARGIN, r=20, t=top, b=bottom),
        **base_layout(title),
    )
    return figure(data=traces, layout=layout)


def grade_trend_chart(frame: Any, title: str | None = None, row_height: int = 190) -> go.Figure:
    """Goals per grade per tertial as stacked bars, one facet per focus area, best grade
    at the bottom of each bar. Rows: queries/trend_grade_distribution.sql."""
    return trend_chart(grade_trend(frame), GRADE_LOOK, title, row_height)


def status_trend_chart(frame: Any, title: str | None = None, row_height: int = 190) -> go.Figure:
    """Activity entries per status per tertial, stacked in the canonical status order.
    Rows: queries/trend_activity_status_distribution.sql."""
    return trend_chart(status_trend(frame), STATUS_LOOK, title, row_height)


# --- the charts' data as tables --------------------------------------------------------


def _table(trend: Trend, look: _Look, total: str, goal_level: str | None, note: Callable[[Slot], str]) -> pl.DataFrame:
    data: dict[str, list] = {"period": [], "vision_focus_area": []}
    if goal_level is not None:
        data["goal_level"] = []
    for category in trend.categories:
        data[look.label(category)] = []
    data.update({total: [], VIA_CROSSWALK: [], REPORTS: [], NOTE: []})
    for area in trend.focus_areas:
        for slot in trend.row(area):
            data["period"].append(slot.period)
            data["vision_focus_area"].append(area)
            if goal_level is not None:
                data["goal_level"].append(goal_level)
            for category in trend.categories:
                data[look.label(category)].append(slot.counts[category])
            data[total].append(slot.total)
            data[VIA_CROSSWALK].append(slot.crosswalk_total)
            data[REPORTS].append(slot.report_count)
            data[NOTE].append(note(slot))
    text_columns = ("period", "vision_focus_area", "goal_level", NOTE)
    schema = {name: pl.String if name in text_columns else pl.Int64 for name in data}
    return pl.DataFrame(data, schema=schema)


def _grade_note(slot: Slot) -> str:
    state = slot_state(slot, NO_GOALS)
    if state:
        return state
    if slot.counts[NOT_GRADED] == slot.total:
        return NONE_GRADED
    return ""


def _status_note(slot: Slot) -> str:
    return slot_state(slot, NO_ACTIVITIES) or ""


def grade_trend_table(frame: Any, goal_level: str | None = None) -> pl.DataFrame:
    """The grade chart's data: one row per focus area and tertial (the order of the
    facets and bars), one column per grade, the total, how many came via the crosswalk,
    the tertial's report count and a note (ingen rapport, inga mål, inga mål bedömda)."""
    return _table(grade_trend(frame), GRADE_LOOK, TOTAL_GOALS, goal_level, _grade_note)


def status_trend_table(frame: Any) -> pl.DataFrame:
    """The status chart's data: as grade_trend_table, one column per status."""
    return _table(status_trend(frame), STATUS_LOOK, TOTAL_ACTIVITIES, None, _status_note)


# --- words around the charts -----------------------------------------------------------


def _describe(trend: Trend, look: _Look, what: str) -> str:
    if not trend.periods:
        return f"Staplat diagram över {what}: inga tertialer i uppgifterna."
    parts = []
    for area in trend.focus_areas:
        bars = []
        for slot in trend.row(area):
            state = slot_state(slot, look.empty)
            if state:
                bars.append(f"{slot.period} {state}")
                continue
            listed = ", ".join(f"{category} {n}" for category, n in slot.counts.items() if n)
            via = f", varav {slot.crosswalk_total} {CROSSWALK_SUFFIX}" if slot.crosswalk_total else ""
            bars.append(f"{slot.period} {slot.total} {look.unit} ({listed}{via})")
        parts.append(f"{area}: " + "; ".join(bars))
    span = f"{trend.periods[0]}–{trend.periods[-1]}"
    return f"Staplat diagram över {what} per tertial {span}. " + ". ".join(parts) + "."


def _grade_description(trend: Trend, goal_level: str | None) -> str:
    if goal_level in GOAL_LEVEL_NAMES:
        who = f"de mål {GOAL_LEVEL_NAMES[goal_level]} antagit ({goal_level})"
    else:
        who = "målen"
    return _describe(trend, GRADE_LOOK, f"bedömningen av {who}")


def grade_trend_description(frame: Any, goal_level: str | None = None) -> str:
    """A text alternative for the grade chart, for screen readers."""
    return _grade_description(grade_trend(frame), goal_level)


def _status_description(trend: Trend) -> str:
    return _describe(trend, STATUS_LOOK, "aktiviteternas status")


def status_trend_description(frame: Any) -> str:
    """A text alternative for the status chart, for screen readers."""
    return _status_description(status_trend(frame))


def _any_trend(frame: Any) -> Trend:
    """The grade trend of grade rows, the status trend of status rows."""
    return grade_trend(frame) if "grade" in frame.columns else status_trend(frame)


def _gaps(trend: Trend) -> list[str]:
    if not trend.focus_areas:
        return []
    return [slot.period for slot in trend.row(trend.focus_areas[0]) if slot.report_count == 0]


def gap_periods(frame: Any) -> list[str]:
    """Tertials without any report, oldest first (grade or status rows)."""
    return _gaps(_any_trend(frame))


def crosswalk_count(frame: Any) -> int:
    """How many counted goals (grade rows) or activity entries (status rows) reached
    their focus area via the crosswalk."""
    return _any_trend(frame).crosswalk_total


_KIND_PLURALS = {"fokusområde": "fokusområden", "målområde": "målområden", "verksamhetsmål": "verksamhetsmål",
                 "perspektiv": "perspektiv"}
_COUNT_WORDS = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio", 10: "tio"}


def _grouping(kinds: list[tuple[str, list[str]]]) -> str:
    parts = []
    for kind, areas in kinds:
        # Every kind of area is neuter: ett fokusområde, ett målområde, ett perspektiv.
        count = "ett" if len(areas) == 1 else _COUNT_WORDS.get(len(areas), str(len(areas)))
        word = kind if len(areas) == 1 else _KIND_PLURALS.get(kind, kind)
        parts.append(f"{count} {word} ({', '.join(areas)})")
    return " och ".join(parts)


def years_without_focus_areas(models: Any) -> list[int]:
    """The model years whose goals stand in no focus area of their own (queries/goal_models.sql):
    those the crosswalk places, where it does, in a focus area for the trends."""
    kinds: dict[int, set[str]] = {}
    for row in _records(models):
        kinds.setdefault(int(row["year"]), set()).add(row["kind"])
    if not any("fokusområde" in found for found in kinds.values()):
        return []  # no focus areas at all: nothing to place goals in
    return sorted(year for year, found in kinds.items() if "fokusområde" not in found)


def years_text(years: list[int]) -> str:
    """2024; 2024 och 2025; 2024–2026."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return " och ".join(str(year) for year in years)


def goal_model_text(models: Any) -> str:
    """How an organisation's own reports group its goals, year by year, from the rows of
    queries/goal_models.sql (year, kind, areas): one sentence, the years with the same
    grouping together."""
    by_year: dict[int, list[tuple[str, list[str]]]] = {}
    for row in _records(models):
        by_year.setdefault(int(row["year"]), []).append((row["kind"], list(row["areas"])))
    if not by_year:
        return "Rapporterna grupperar inte målen i områden."
    spans: list[tuple[list[int], str]] = []
    for year in sorted(by_year):
        grouping = _grouping(by_year[year])
        if spans and spans[-1][1] == grouping:
            spans[-1][0].append(year)
        else:
            spans.append(([year], grouping))
    if len(spans) == 1:
        return f"Rapporterna grupperar målen i {spans[0][1]}."
    phrases = [f"{years[0] if len(years) == 1 else f'{years[0]}–{years[-1]}'} i {grouping}" for years, grouping in spans]
    return "Rapporterna grupperar målen " + "; ".join(phrases) + "."


def level_notes(levels: Any, goal_level: str) -> list[str]:
    """Tertials that present goals, none of them on the level shown: say which level they
    have, so that 'inga mål' is not read as 'no goals at all'.
    Rows: period, goal_level, goal_count (queries/trend_goal_levels.sql)."""
    per_period: dict[str, dict[str, int]] = {}
    for row in _records(levels):
        per_period.setdefault(row["period"], {})[row["goal_level"]] = _number(row["goal_count"])
    notes = []
    for period in sorted(per_period, key=_period_order):
        counts = per_period[period]
        if counts.get(goal_level, 0):
            continue
        others = [(level, n) for level, n in counts.items() if n and level != goal_level]
        if not others:
            continue
        listed = " och ".join(
            f"{n} mål som {GOAL_LEVEL_NAMES.get(level, level)} ({level}) antagit" for level, n in others
        )
        shown = GOAL_LEVEL_NAMES.get(goal_level, goal_level)
        notes.append(
            f"{period} redovisar inga mål som {shown} ({goal_level}) antagit, men {listed}; "
            f"välj {', '.join(level for level, _ in others)} under Målnivå för att se dem."
        )
    return notes


# --- one chart with everything around it ----------------------------------------------


@dataclass(frozen=True)
class TrendPart:
    """One of the Trender page's charts with its data table, its text alternative and the
    counts the page's notices need, from one query result in one pass (the trend is
    computed once, not once per chart, table and sentence). Pages may keep a part between
    reruns, so it is read-only: figures and tables are drawn, never changed."""

    chart: go.Figure
    table: pl.DataFrame
    description: str
    periods: list[str]  # every tertial, oldest first
    gaps: list[str]  # tertials without any report
    via_crosswalk: int  # counts placed in their focus area via the crosswalk


def grade_trend_part(frame: Any, goal_level: str | None = None, title: str | None = None) -> TrendPart:
    """grade_trend_chart, grade_trend_table and grade_trend_description of the same rows
    (queries/trend_grade_distribution.sql, one goal level), with gaps and crosswalk count."""
    trend = grade_trend(frame)
    return TrendPart(
        chart=trend_chart(trend, GRADE_LOOK, title),
        table=_table(trend, GRADE_LOOK, TOTAL_GOALS, goal_level, _grade_note),
        description=_grade_description(trend, goal_level),
        periods=trend.periods,
        gaps=_gaps(trend),
        via_crosswalk=trend.crosswalk_total,
    )


def status_trend_part(frame: Any, title: str | None = None) -> TrendPart:
    """status_trend_chart, status_trend_table and status_trend_description of the same rows
    (queries/trend_activity_status_distribution.sql), with gaps and crosswalk count."""
    trend = status_trend(frame)
    return TrendPart(
        chart=trend_chart(trend, STATUS_LOOK, title),
        table=_table(trend, STATUS_LOOK, TOTAL_ACTIVITIES, None, _status_note),
        description=_status_description(trend),
        periods=trend.periods,
        gaps=_gaps(trend),
        via_crosswalk=trend.crosswalk_total,
    )

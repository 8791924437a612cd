"""The Aktiviteter page's logic: its view and date in the URL, which rows a view shows,
the key figures, the status chart with its overdue part and the chart's data table.

Pure functions over the rows of queries/activity_list.sql (polars frames); no Streamlit,
so tests call them directly and the page only draws what they return.

Two meanings of overdue (försenad) live side by side here, as DESIGN.md asks:
- as of the report's own as-of date: end date before it, status not Avslutad
  (the view column activity_statuses.overdue);
- as of a date the user picks (today unless chosen): the same test against that date,
  with the status still the last one known, from the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import polars as pl

from tertial import charts
from tertial.filters import first_value, shown
from tertial.visual import OVERDUE_MARK, STATUS_COLOURS, STATUS_ORDER, status_label, swedish_date
from tertial.vocabulary import DEVIATION_STATUSES, FINISHED_STATUSES

# URL keys of the page, beside the shared filter keys: short, Swedish, ASCII.
URL_VIEW = "visa"
URL_DATE = "datum"

VIEW_ALL = "alla"
VIEW_OVERDUE = "forsenade"
VIEW_OVERDUE_ON_DATE = "forsenade_datum"
VIEW_DEVIATION = "avvikelse"
VIEWS: dict[str, str] = {
    VIEW_ALL: "Alla",
    VIEW_OVERDUE: "Försenade per rapportdatum",
    VIEW_OVERDUE_ON_DATE: "Försenade per valt datum",
    VIEW_DEVIATION: "Med avvikelse eller vänteläge",
}
DEFAULT_VIEW = VIEW_ALL

# The date picker's range: wide enough for any follow-up, narrow enough that a typo in a
# link (year 20233) is told apart from a date.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
TODAY_WORDS = ("idag", "today")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DEVIATION_ONLY = tuple(status for status in DEVIATION_STATUSES if status != "Vänteläge")
WAITING = "Vänteläge"


def view_label(view: str) -> str:
    return VIEWS.get(view, view)


def parse_view(raw: str | Sequence[str] | None) -> tuple[str, str | None]:
    """The view a link names (?visa=forsenade) and a notice when it names none we know.

    Case and the Swedish letters of a retyped link are forgiven (Försenade, avvikelse).
    """
    value = first_value(raw)
    if value is None:
        return DEFAULT_VIEW, None
    key = value.casefold().replace("ö", "o").replace("ä", "a").replace("å", "a").replace("-", "_")
    if key in VIEWS:
        return key, None
    known = ", ".join(VIEWS)
    return DEFAULT_VIEW, (
        f"Visningen »{shown(value)}« finns inte (välj bland {known}); visar {VIEWS[DEFAULT_VIEW]} i stället."
    )


def parse_date(raw: str | Sequence[str] | None, default: date) -> tuple[date, str | None]:
    """The date a link names (?datum=2023-12-31), and a notice when it is not one.

    'idag' is today (default). A date outside EARLIEST_DATE–LATEST_DATE is refused too: the
    date picker cannot show it.
    """
    value = first_value(raw)
    if value is None or value.casefold() in TODAY_WORDS:
        return default, None
    fallback = f"; visar {default.isoformat()} i stället."
    if not _ISO_DATE.match(value):
        return default, f"Datumet »{shown(value)}« är inte skrivet som ÅÅÅÅ-MM-DD{fallback}"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return default, f"Datumet »{shown(value)}« finns inte i almanackan{fallback}"
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return default, (
            f"Datumet »{shown(value)}« ligger utanför {EARLIEST_DATE.isoformat()}–{LATEST_DATE.isoformat()}{fallback}"
        )
    return day, None


@dataclass(frozen=True)
class LinkState:
    """The page's view and date as a link gives them, with notices for what was ignored."""

    view: str
    day: date
    notices: tuple[str, ...] = ()


def read_link(params: Mapping[str, str | Sequence[str]], today: date) -> LinkState:
    """View and date from the URL's query parameters (other keys are ignored)."""
    view, view_notice = parse_view(params.get(URL_VIEW))
    day, date_notice = parse_date(params.get(URL_DATE), today)
    return LinkState(view, day, tuple(n for n in (view_notice, date_notice) if n))


def link_params(view: str, day: date, today: date) -> dict[str, str]:
    """The URL form of view and date; values at their default are left out, so that a
    link without a date always means 'as of the day it is opened'."""
    params: dict[str, str] = {}
    if view != DEFAULT_VIEW:
        params[URL_VIEW] = view
    if day != today:
        params[URL_DATE] = day.isoformat()
    return params


def is_finished(status: str | None) -> bool:
    return status in FINISHED_STATUSES


def days_overdue(end_date: date | None, on_date: date, status: str | None) -> int | None:
    """Days an activity is overdue on a date: end date before it and not Avslutad.

    None when it is not overdue (or has no end date). The same rule as the view's overdue
    column and queries/activity_list.sql, which the tests hold to this function.
    """
    if end_date is None or is_finished(status) or not end_date < on_date:
        return None
    return (on_date - end_date).days


def filter_statuses(rows: pl.DataFrame, statuses: Iterable[str]) -> pl.DataFrame:
    """Rows whose status is one of statuses; all rows when none is chosen."""
    statuses = list(statuses)
    if not statuses:
        return rows
    return rows.filter(pl.col("status").is_in(statuses))


SEARCHED_COLUMNS = ("activity_title", "goal_title", "goal_code", "comment", "responsible_unit")


def search(rows: pl.DataFrame, text: str | None) -> pl.DataFrame:
    """Rows where the text occurs (ignoring case, taken literally) in the activity, the
    goal, its number, the comment or the unit."""
    needle = (text or "").strip().casefold()
    if not needle:
        return rows
    hit = pl.lit(False)
    for column in SEARCHED_COLUMNS:
        if column in rows.columns:
            hit = hit | pl.col(column).str.to_lowercase().str.contains(needle, literal=True).fill_null(False)
    return rows.filter(hit)


def select_view(rows: pl.DataFrame, view: str) -> pl.DataFrame:
    """The rows a view shows; overdue views put the longest overdue first."""
    if view == VIEW_OVERDUE:
        return rows.filter(pl.col("overdue")).sort("days_overdue", descending=True, maintain_order=True)
    if view == VIEW_OVERDUE_ON_DATE:
        return rows.filter(pl.col("overdue_on_date")).sort("days_overdue_on_date", descending=True, maintain_order=True)
    if view == VIEW_DEVIATION:
        return rows.filter(pl.col("status").is_in(DEVIATION_STATUSES))
    return rows


@dataclass(frozen=True)
class KeyFigures:
    """What the page shows at a glance. Counts are rows: an activity serving three goals
    counts three times, as the report lists it."""

    total: int
    overdue: int  # as of the report's as-of date
    overdue_on_date: int  # as of the chosen date
    deviation: int  # Pågående or Avslutad med avvikelse
    waiting: int  # Vänteläge

    @classmethod
    def of(cls, rows: pl.DataFrame) -> KeyFigures:
        return cls(
            total=rows.height,
            overdue=int(rows["overdue"].sum()) if rows.height else 0,
            overdue_on_date=int(rows["overdue_on_date"].sum()) if rows.height else 0,
            deviation=rows.filter(pl.col("status").is_in(DEVIATION_ONLY)).height,
            waiting=rows.filter(pl.col("status") == WAITING).height,
        )

    def in_view(self, view: str) -> int:
        return {
            VIEW_ALL: self.total,
            VIEW_OVERDUE: self.overdue,
            VIEW_OVERDUE_ON_DATE: self.overdue_on_date,
            VIEW_DEVIATION: self.deviation + self.waiting,
        }[view]


def reports_of(rows: pl.DataFrame) -> list[tuple[str, date]]:
    """(report file, as-of date) of each report the rows come from, oldest first."""
    if rows.is_empty():
        return []
    pairs = rows.select("report_file", "as_of").unique().sort("as_of", "report_file")
    return list(pairs.iter_rows())


def source_note(reports: Sequence[tuple[str, date]]) -> str:
    """Which report the statuses, dates and comments come from, and as of when."""
    if not reports:
        return ""
    sources = " och ".join(f"{file} per {swedish_date(as_of)}" for file, as_of in reports)
    if len(reports) == 1:
        return f"Status, datum och kommentarer som rapporten anger: {sources}."
    return (f"Status, datum och kommentarer som rapporterna anger: {sources}. En rad per aktivitet, mål och "
            "rapport: en aktivitet som två enheters rapporter redovisar står en gång för varje rapport.")


def status_age_note(reports: Sequence[tuple[str, date]], on_date: date) -> str:
    """The reminder that on a chosen date the status is still the report's, maybe old."""
    if not reports:
        return ""
    latest = max(as_of for _, as_of in reports)
    if on_date > latest:
        return (
            f"Per valt datum, {swedish_date(on_date)}, är statusen fortfarande den senast kända, från "
            f"rapporten per {swedish_date(latest)}: en aktivitet kan ha avslutats sedan dess."
        )
    if on_date < latest:
        return (
            f"Valt datum, {swedish_date(on_date)}, ligger före rapportens datum; statusen är ändå den "
            f"rapporten anger per {swedish_date(latest)}."
        )
    return f"Valt datum är rapportens eget datum, {swedish_date(latest)}."


def report_date_label(reports: Sequence[tuple[str, date]]) -> str:
    """'rapportdatum (2023-08-31)' – the date when all rows share one."""
    dates = {as_of for _, as_of in reports}
    return f"rapportdatum ({dates.pop().isoformat()})" if len(dates) == 1 else "rapportdatum"


def overdue_basis(view: str, on_date: date) -> tuple[str, str]:
    """Which overdue the chart marks: (column, Swedish words). The chosen date's only
    when that view is chosen; otherwise the report's own date, the definition."""
    if view == VIEW_OVERDUE_ON_DATE:
        return "overdue_on_date", f"per {on_date.isoformat()}"
    return "overdue", "per rapportdatum"


def status_counts(rows: pl.DataFrame, overdue_column: str = "overdue") -> dict[str, tuple[int, int]]:
    """status → (rows, of which overdue), every status in the canonical order."""
    # Counted by polars, not row by row in Python: the page asks three times a rerun.
    grouped = rows.group_by("status").agg(pl.len(), pl.col(overdue_column).fill_null(False).sum())
    found = {status: (int(total), int(overdue)) for status, total, overdue in grouped.iter_rows()}
    for status in found:
        if status not in STATUS_ORDER:
            raise ValueError(f"Unknown status {status!r}; the statuses are {', '.join(STATUS_ORDER)}.")
    return {status: found.get(status, (0, 0)) for status in STATUS_ORDER}


def overdue_legend(basis: str) -> str:
    return f"{OVERDUE_MARK} Försenade {basis}"


def status_chart(rows: pl.DataFrame, overdue_column: str = "overdue", basis: str = "per rapportdatum",
                 title: str | None = None) -> go.Figure:
    """Activities per status as horizontal bars, in the canonical order with each status's
    colour and symbol; the overdue part of each bar hatched and marked ⏰ in the legend,
    each bar labelled with its count and how many are overdue."""
    counts = status_counts(rows, overdue_column)
    labels = [status_label(status) for status in STATUS_ORDER]
    bars = [
        dict(
            type="bar",
            name=label,
            y=[label],
            x=[counts[status][0] - counts[status][1]],
            orientation="h",
            marker=dict(color=STATUS_COLOURS[status], line=dict(color="#595959", width=0.5)),
            hovertemplate=f"{status}: %{{x}} aktiviteter i tid<extra></extra>",
        )
        for status, label in zip(STATUS_ORDER, labels)
    ]
    bars.append(dict(
        type="bar",
        name=overdue_legend(basis),
        y=labels,
        x=[counts[status][1] for status in STATUS_ORDER],
        orientation="h",
        marker=dict(
            color=[STATUS_COLOURS[status] for status in STATUS_ORDER],
            line=dict(color="#1A1A1A", width=1),
            pattern=dict(shape="x", fgcolor="#1A1A1A", size=8, solidity=0.3),
        ),
        hovertemplate=f"%{{y}}: %{{x}} försenade {basis}<extra></extra>",
    ))
    bar_labels = []
    for label, status in zip(labels, STATUS_ORDER):
        total, overdue = counts[status]
        text = f"{total} st" + (f" · {OVERDUE_MARK} {overdue}" if overdue else "")
        bar_labels.append(dict(x=total, y=label, text=text, showarrow=False, xanchor="left", xshift=6))
    largest = max(total for total, _ in counts.values())
    return charts.horizontal_bar_figure(
        bars, title, height=420,
        xaxis=dict(
            title=dict(text="Antal aktiviteter"), range=[0, max(1, largest) * 1.5],
            dtick=charts.whole_number_step(largest),
        ),
        yaxis=dict(categoryorder="array", categoryarray=labels, autorange="reversed"),
        annotations=bar_labels,
        barmode="stack", bargap=0.3,
    )


def status_chart_table(rows: pl.DataFrame, overdue_column: str = "overdue", basis: str = "per rapportdatum") -> pl.DataFrame:
    """The status chart's data: status with symbol, count, and how many are overdue."""
    counts = status_counts(rows, overdue_column)
    return pl.DataFrame(
        {
            "Status": [status_label(status) for status in STATUS_ORDER],
            "Antal aktiviteter": [counts[status][0] for status in STATUS_ORDER],
            f"Varav försenade {basis}": [counts[status][1] for status in STATUS_ORDER],
        }
    )


def status_chart_description(rows: pl.DataFrame, scope: str, overdue_column: str = "overdue",
                             basis: str = "per rapportdatum") -> str:
    """A text alternative for the status chart, for screen readers."""
    counts = status_counts(rows, overdue_column)
    listed = ", ".join(
        f"{status} {total}" + (f" varav {overdue} försenade" if overdue else "")
        for status, (total, overdue) in counts.items()
    )
    return f"Stapeldiagram över aktiviteternas status, {scope}, försenade {basis}: {listed}."


# The table's columns, in order: the view's names (Swedish through export.SWEDISH_COLUMNS)
# and, for the chosen date, names made here because they carry the date.
# The long comment comes after the overdue columns, so that those are seen without scrolling.
TABLE_COLUMNS = (
    "goal_code", "goal_title", "activity_title", "status", "start_date", "end_date",
    "responsible_unit", "overdue", "days_overdue", "overdue_on_date", "days_overdue_on_date",
    "comment", "report_file", "source_line",
    "goal_key",  # picking the row opens its goal (tertial.webapp.OPENS_GOAL); not shown
)  # fmt: skip


def on_date_columns(on_date: date) -> dict[str, str]:
    """Swedish names of the chosen date's columns, with the date in them, so that an
    exported file says which day it counted on."""
    day = on_date.isoformat()
    return {"overdue_on_date": f"Försenad per {day}", "days_overdue_on_date": f"Dagar försenad per {day}"}


def table_rows(rows: pl.DataFrame, on_date: date) -> pl.DataFrame:
    """The rows as the table shows and exports them: the columns in order, each status
    with its symbol, the chosen date's columns named with the date."""
    labels = {status: status_label(status) for status in STATUS_ORDER}
    return (
        rows.select(TABLE_COLUMNS)
        .with_columns(pl.col("status").replace(labels))
        .rename(on_date_columns(on_date))
    )


def export_name(view: str, on_date: date) -> str:
    """The table's name in its download's file name: which view, and the chosen date when
    the view counts on it ('aktiviteter', 'aktiviteter-forsenade-2023-12-31')."""
    if view == VIEW_ALL:
        return "aktiviteter"
    name = f"aktiviteter-{view.replace('_datum', '')}"
    return f"{name}-{on_date.isoformat()}" if view == VIEW_OVERDUE_ON_DATE else name

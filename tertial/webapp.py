"""Streamlit glue shared by the pages: the database (built on first start), one read-only
connection per database file, cached named queries, the sidebar filters kept in the URL,
and tables drawn as the accessible twins of charts.

Query results are cached under (query name, parameters, data version). The data version
changes whenever the database file does, so a rebuild is seen at the next rerun without
anyone clearing a cache by hand.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import pandas as pd
import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from tertial import charts, db, store
from tertial.build import BuildError, ensure_database
from tertial.filters import (
    SHARED_AREA_KEY, URL_KEYS, FilterChoices, Filters, from_query_params, organisation_from_params,
    shared_area_from_params, to_query_params,
)
from tertial.filters import shown as quoted_safely
from tertial.goal_view import URL_GOAL as URL_GOAL_KEY
from tertial.periods import parse_period
from tertial.queries import QUERIES_DIR, query_parameters, run_query
from tertial.search_documents import Corpus, build_corpus
from tertial.export import export_file_name, swedish_headers, to_csv_bytes, to_xlsx_bytes
from tertial.visual import goal_level_label, grade_label, status_label

if TYPE_CHECKING:
    from tertial.report import ReportFiles

ALL_FOCUS_AREAS = "Alla fokusområden"
ALL_UNITS = "Alla enheter"
GOAL_LEVEL_KEY = "malniva"
# Trender shows the latest TREND_YEARS years unless the reader asks for every year
# (?ar=alla): ten years of tertials are 30 bars per focus area, too narrow to read, and
# more than the browser redraws within a second after a filter click.
TREND_YEARS = 3
TREND_WINDOW_KEY = "ar"
EVERY_YEAR = "alla"
_LEVEL_SEEDED_FROM = "goal_level_seeded_from"
_WIDGET_KEYS = {
    "period": "filter_period",
    "focus_area": "filter_focus_area",
    "unit": "filter_unit",
    "grades": "filter_grades",
    "statuses": "filter_statuses",
}
# The link the widgets were last seeded from, so an edited link re-seeds them.
_SEEDED_FROM = "filters_seeded_from"
# The filters last chosen in this session, so they survive a visit to another page
# (page navigation drops the URL's query string).
_REMEMBERED_FILTERS = "remembered_filter_params"
# The organisation looked at: its widget, the choice remembered across pages (a page
# without the widget would otherwise drop it), and the link value it was seeded from.
_ORGANISATION_WIDGET = "filter_organisation"
_ORGANISATION_REMEMBERED = "remembered_organisation"
_ORGANISATION_SEEDED_FROM = "organisation_seeded_from"
_ORGANISATION_THIS_RUN = "organisation_this_run"


def database_file() -> Path:
    """The database file; built from the bundled reports if it does not exist yet."""
    path = db.database_path()
    if path.exists():
        _upgraded(str(path), db.data_version(path))
        return path
    try:
        with st.spinner("Bygger databasen från rapporterna i data/raw …"):
            return ensure_database(path)
    except BuildError as error:
        st.error(f"Databasen kunde inte byggas.\n\n{error}")
        st.stop()


@functools.lru_cache(maxsize=4)
def _upgraded(path: str, version: str) -> None:
    """A file made by an older Tertial gets the migrations it lacks, once per version of
    the file (a read of one small table when it is current)."""
    if store.pending_migrations(path):
        with st.spinner("Uppdaterar databasen till den här versionen av Tertial …"):
            store.upgrade(path)


def _close(con: duckdb.DuckDBPyConnection) -> None:
    con.close()


# Keyed by the file's identity (path and data version): a rebuilt file gets a fresh
# connection, and the connection to the replaced file is closed when it falls out.
@st.cache_resource(show_spinner=False, max_entries=4, on_release=_close)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return db.connect(path, read_only=True)


# Kept as the frames themselves in a plain LRU cache, shared by every session: a hit is a
# dictionary look-up, where st.cache_data unpickles a copy and either Streamlit cache
# hashes the arguments its own way, together a tenth of a page's run. The key holds the
# data version, so a changed file is never answered from here. Polars frames are never
# changed in place here; every transform makes a new frame, so sharing them is safe.
@functools.lru_cache(maxsize=512)
def _cached_query(name: str, params: tuple[tuple[str, object], ...], path: str, version: str) -> pl.DataFrame:
    bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
    return run_query(_connection(path, version), name, bound)


def forget_query_results() -> None:
    """Empty the query cache, as a new data version would (tests and page timings)."""
    _cached_query.cache_clear()
    _made_from.cache_clear()
    _search_corpus.cache_clear()


def read_cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the current version of the database, for one script run of a page
    whose library code reads with SQL of its own (templates, correction choices)."""
    path = database_file()
    return db.cursor(_connection(str(path), db.data_version(path)))


def query(name: str, **params: object) -> pl.DataFrame:
    """Rows of queries/NAME.sql with the given parameters, cached until the data changes.

    A query that binds $organisation gets the organisation the user looks at, unless the
    caller names one: pages never mix organisations by accident."""
    return rows_of(query_identity(name, **params))


QueryIdentity = tuple[str, tuple[tuple[str, object], ...], str, str]
T = TypeVar("T")


def query_identity(name: str, **params: object) -> QueryIdentity:
    """What identifies query(name, **params)'s rows: the name, every parameter (the
    organisation included), the database file and its data version. Small and cheap to
    hash, so a cache of something made from the rows can be keyed by it instead of by
    the rows themselves."""
    path = database_file()
    if "organisation" not in params and _binds_organisation(name, _query_file_version(name)):
        params["organisation"] = selected_organisation()
    # Lists (several ids, say) as tuples, to be part of a hashable key.
    bound = {key: tuple(value) if isinstance(value, list) else value for key, value in params.items()}
    return name, tuple(sorted(bound.items())), str(path), db.data_version(path)


def rows_of(identity: QueryIdentity) -> pl.DataFrame:
    """The rows a query identity stands for (query_identity)."""
    return _cached_query(*identity)


def made_from(builder: Callable[..., T], rows: QueryIdentity, *args: Hashable) -> T:
    """builder(rows_of(rows), *args), kept while those rows are current: what a page makes
    from a query's rows (a chart with its table) is made once per data version, filter
    and argument, not on every rerun. builder must be a module-level function (its
    identity is part of the key), and what it returns is shared between sessions, so
    read-only; a plain LRU cache, as for the rows (a page-level st.cache_resource made its
    wrapper anew on every run and hashed the arguments its own way)."""
    return _made_from(builder, rows, args)


@functools.lru_cache(maxsize=32)
def _made_from(builder: Callable, rows: QueryIdentity, args: tuple) -> Any:
    return builder(rows_of(rows), *args)


def search_corpus() -> Corpus:
    """What Sök searches for the organisation looked at: its documents and their index,
    built once per database file, data version and organisation (the two queries'
    identities hold all three) and shared by every session: nothing changes it once built
    but the index's own memo of the prefixes asked for."""
    return _search_corpus(query_identity("search_corpus"), query_identity("search_report_files"))


# A few organisations' corpora: a reader looks at one, an editor may switch between two.
@functools.lru_cache(maxsize=4)
def _search_corpus(rows: QueryIdentity, report_files: QueryIdentity) -> Corpus:
    return build_corpus(rows_of(rows), rows_of(report_files))


def _query_file_version(name: str) -> int:
    try:
        return (QUERIES_DIR / f"{name}.sql").stat().st_mtime_ns
    except OSError:
        return 0  # an unknown name: run_query says so


@functools.lru_cache(maxsize=256)
def _binds_organisation(name: str, file_version: int) -> bool:
    """Whether a query binds $organisation; read once per version of its file."""
    return "organisation" in query_parameters(name)


def organisations() -> list[str]:
    """The organisations in the database, the default (most reports) first."""
    return query("organisations")["organisation"].to_list()


def selected_organisation() -> str | None:
    """The organisation the user looks at: named in the link, else chosen in this
    session, else the default. Draws nothing (sidebar_filters draws the choice).
    Worked out once per script run: every query of the run asks for it."""
    context = get_script_run_ctx()
    this_run = context.cursors if context is not None else None  # a new dict at every run's start
    memo = st.session_state.get(_ORGANISATION_THIS_RUN)
    if this_run is not None and memo is not None and memo[0] is this_run:
        return memo[1]
    chosen = _selected_organisation()
    if this_run is not None:
        st.session_state[_ORGANISATION_THIS_RUN] = (this_run, chosen)
    return chosen


def _selected_organisation() -> str | None:
    names = organisations()
    if not names:
        return None
    linked = st.query_params.get_all(URL_KEYS["organisation"])
    if linked and st.session_state.get(_ORGANISATION_SEEDED_FROM) != linked:
        st.session_state[_ORGANISATION_SEEDED_FROM] = linked
        found, notice = organisation_from_params({URL_KEYS["organisation"]: linked}, names)
        if notice:
            st.info(notice, icon="ℹ️")
        st.session_state[_ORGANISATION_REMEMBERED] = found or names[0]
        st.session_state.pop(_ORGANISATION_WIDGET, None)
    current = st.session_state.get(_ORGANISATION_WIDGET, st.session_state.get(_ORGANISATION_REMEMBERED))
    if current not in names:
        current = names[0]
    st.session_state[_ORGANISATION_REMEMBERED] = current
    return current


def period_label(period: str) -> str:
    """'2023-T2' → 'Tertial 2 2023 (2023-T2)'."""
    try:
        return f"{parse_period(period).label} ({period})"
    except ValueError:
        return period


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _keep_valid(key: str, options: Sequence, default: object) -> None:
    """Seed a widget's state, or reset it when the data no longer offers its value."""
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = default


def filter_choices() -> FilterChoices:
    """Everything the data offers to filter by; the default period is the newest one
    with graded goals (queries/periods.sql marks it)."""
    periods = query("periods")
    default = periods.filter(pl.col("is_default"))["period"]
    return FilterChoices(
        periods=periods["period"].to_list(),
        focus_areas=query("focus_areas")["focus_area"].to_list(),
        units=query("units")["unit"].to_list(),
        default_period=default[0] if default.len() else None,
    )


def sidebar_filters(choices: FilterChoices, shown: Sequence[str] = ("period", "focus_area")) -> Filters:
    """The filters a page uses, in the sidebar, kept in the URL.

    shown: names from tertial.filters.URL_KEYS. A link with filters in it sets the view;
    an unknown value in it gives a gentle notice and the default. Without a link, the
    filters last chosen in this session carry over from page to page (page navigation
    drops the query string). Filters a page does not show are kept as they were.
    """
    url = {key: values for key, values in _url_params().items() if key in URL_KEYS.values()}
    url_has_filters = bool(url)
    source = url if url_has_filters else st.session_state.get(_REMEMBERED_FILTERS, {})
    wanted, notices = from_query_params(source, choices)
    for notice in notices:
        st.info(notice, icon="ℹ️")

    focus_options = [ALL_FOCUS_AREAS, *choices.focus_areas]
    unit_options = [ALL_UNITS, *choices.units]
    # Seed each widget from the link (or the session) on first sight; the widget then
    # owns its value. A fresh link is a fresh session, so it always wins.
    if url_has_filters and st.session_state.get(_SEEDED_FROM) != url:
        for key in _WIDGET_KEYS.values():
            st.session_state.pop(key, None)
        st.session_state[_SEEDED_FROM] = url
    # A widget's identity includes its page: re-assigning its value keeps the choice
    # when the same filter is drawn on the next page.
    for key in _WIDGET_KEYS.values():
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    _keep_valid(_WIDGET_KEYS["period"], choices.periods, wanted.period)
    _keep_valid(_WIDGET_KEYS["focus_area"], focus_options, wanted.focus_area or ALL_FOCUS_AREAS)
    _keep_valid(_WIDGET_KEYS["unit"], unit_options, wanted.unit or ALL_UNITS)
    if _WIDGET_KEYS["grades"] not in st.session_state:
        st.session_state[_WIDGET_KEYS["grades"]] = list(wanted.grades)
    if _WIDGET_KEYS["statuses"] not in st.session_state:
        st.session_state[_WIDGET_KEYS["statuses"]] = list(wanted.statuses)

    names = organisations()
    organisation = selected_organisation()
    with st.sidebar:
        if shown or len(names) > 1:  # a page that shows no filter gets no empty heading
            st.header("Urval")
        if len(names) > 1:
            if _ORGANISATION_WIDGET not in st.session_state:
                st.session_state[_ORGANISATION_WIDGET] = organisation
            st.selectbox("Organisation", names, key=_ORGANISATION_WIDGET,
                         help="Kommunen eller regionen vars mål och aktiviteter visas.")
        if "period" in shown:
            st.selectbox(
                "Period", choices.periods, key=_WIDGET_KEYS["period"], format_func=period_label,
                help="Tertial: T1 januari–april, T2 maj–augusti, T3 september–december. "
                "Bara perioder med minst en inläst rapport visas.",
            )
        if "focus_area" in shown:
            st.selectbox(
                "Fokusområde", focus_options, key=_WIDGET_KEYS["focus_area"],
                help="Visionens fokusområden. Mål från 2024 hör till målområden och placeras i "
                "ett fokusområde via korsreferensen data/crosswalk.csv.",
            )
        if "unit" in shown:
            st.selectbox(
                "Ansvarig enhet", unit_options, key=_WIDGET_KEYS["unit"],
                help="Enheten som rapporten anger som ansvarig för aktiviteten. "
                "Aktiviteter utan angiven enhet visas bara under »Alla enheter«.",
            )
        if "grades" in shown:
            st.multiselect(
                "Bedömning", list(choices.grades), key=_WIDGET_KEYS["grades"],
                format_func=grade_label, placeholder="Alla bedömningar",
            )
        if "statuses" in shown:
            st.multiselect(
                "Status", list(choices.statuses), key=_WIDGET_KEYS["statuses"],
                format_func=status_label, placeholder="Alla statusar",
            )
    state = st.session_state
    focus_area = state[_WIDGET_KEYS["focus_area"]]
    unit = state[_WIDGET_KEYS["unit"]]
    chosen = Filters(
        organisation=organisation,
        period=state[_WIDGET_KEYS["period"]],
        focus_area=None if focus_area == ALL_FOCUS_AREAS else focus_area,
        unit=None if unit == ALL_UNITS else unit,
        grades=tuple(state[_WIDGET_KEYS["grades"]]),
        statuses=tuple(state[_WIDGET_KEYS["statuses"]]),
    )
    params = to_query_params(chosen, choices.default_period, names[0] if names else None)
    st.session_state[_REMEMBERED_FILTERS] = {k: v for k, v in params.items() if k != URL_KEYS["organisation"]}
    st.session_state[_ORGANISATION_SEEDED_FROM] = [organisation] if URL_KEYS["organisation"] in params else []
    as_lists = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    if url != as_lists:
        # Keys that are not filters (a page's own, such as mal or visa) stay in the link.
        others = {key: values for key, values in _url_params().items() if key not in URL_KEYS.values()}
        st.query_params.from_dict({**others, **params})
    st.session_state[_SEEDED_FROM] = as_lists
    return chosen


def download_name_parts(filters: Filters, organisation: str | None) -> list[str]:
    """What a download's file name says of what it holds: the organisation (given when
    the database holds several), the period and every filter."""
    return [organisation or "", filters.period or "", filters.focus_area or "", filters.unit or "",
            *filters.grades, *filters.statuses]


def export_buttons(frame: pl.DataFrame, table_name: str, filters: Filters, key: str) -> None:
    """CSV (for Swedish Excel) and XLSX downloads of exactly the rows shown."""
    # Downloads of two organisations' tables must not share a name.
    parts = download_name_parts(filters, selected_organisation() if len(organisations()) > 1 else None)
    csv_column, xlsx_column, _ = st.columns([1, 1, 4])
    csv_column.download_button(
        # Made on the click, as the XLSX below: not on every rerun of the page.
        "Ladda ner CSV", data=lambda: to_csv_bytes(frame), file_name=export_file_name(table_name, parts, "csv"),
        mime="text/csv", key=f"{key}_csv", icon=":material/download:",
        help="Semikolonseparerad, UTF-8 med BOM: öppnas rätt i svenskt Excel.",
    )
    xlsx_column.download_button(
        # An XLSX takes tens of milliseconds to write.
        "Ladda ner Excel", data=lambda: to_xlsx_bytes(frame, sheet=table_name.capitalize()),
        file_name=export_file_name(table_name, parts, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", icon=":material/download:",
    )


def blank_missing(frame: pl.DataFrame) -> pl.DataFrame:
    """Missing texts and dates shown as empty cells rather than "None" (dates as ISO
    text, which sorts the same)."""
    return frame.with_columns(
        [pl.col(name).dt.strftime("%Y-%m-%d").fill_null("") for name, dtype in frame.schema.items() if dtype == pl.Date]
        + [pl.col(name).fill_null("") for name, dtype in frame.schema.items() if dtype == pl.String]
    )


def as_arrow(frame: pd.DataFrame | pl.DataFrame):
    """A frame as an Arrow table, which st.dataframe sends as it is; given a polars frame
    it goes through pandas first, on every rerun (a sixth of a rerun's CPU on Mål)."""
    return frame.to_arrow() if isinstance(frame, pl.DataFrame) else frame


# A table whose rows carry this column (from the view goal_keys) opens a row's goal on Mål
# when the row is picked; the column itself is neither shown nor downloaded.
OPENS_GOAL = "goal_key"
ROW_OPENS_GOAL = "Klicka i rutan längst till vänster på en rad för att öppna radens mål."


def data_table(frame: pl.DataFrame, table_name: str, filters: Filters, key: str,
               exported: pl.DataFrame | None = None, **options) -> None:
    """A sortable table with Swedish column names and its CSV/XLSX downloads.

    frame has the views' English column names; the table and the files show the
    Swedish ones (tertial.export.SWEDISH_COLUMNS). exported: what the downloads hold
    when it is not the table itself (the same rows without a column of page links, say).
    A frame with a goal_key column (OPENS_GOAL) is a table of goals or of their
    activities: picking a row opens its goal, one click from wherever it is listed.
    """
    goal_keys = frame[OPENS_GOAL].to_list() if OPENS_GOAL in frame.columns else None
    visible = frame.drop(OPENS_GOAL, strict=False)
    shown = visible.rename({c: n for c, n in zip(visible.columns, swedish_headers(visible.columns))})
    options.setdefault("placeholder", "")  # a missing number (a line, a count) as an empty cell, not "None"
    if goal_keys is None:
        st.dataframe(as_arrow(blank_missing(shown)), hide_index=True, width="stretch", **options)
        st.caption(f"{frame.height} {'rad' if frame.height == 1 else 'rader'}")
    else:
        state = st.dataframe(as_arrow(blank_missing(shown)), hide_index=True, width="stretch",
                             on_select="rerun", selection_mode="single-row", key=f"{key}_goal_row", **options)
        st.caption(f"{frame.height} {'rad' if frame.height == 1 else 'rader'}. {ROW_OPENS_GOAL}")
        picked = state.selection.rows
        if picked and goal_keys[picked[0]]:
            periods = frame["period"].to_list() if "period" in frame.columns else [None] * frame.height
            open_goal(goal_keys[picked[0]], periods[picked[0]])
    export_buttons(visible if exported is None else exported.drop(OPENS_GOAL, strict=False), table_name, filters, key)


GOALS_PAGE_FILE = "pages/goals.py"
BAR_OPENS_GOALS = "Klicka på en stapel för att se målen bakom den."


def chart_of_goals(figure, key: str, alt: str, period: str | None) -> None:
    """A chart of goals by grade (charts.grade_distribution_chart,
    charts.grade_by_focus_area_chart) in a period: a click on a bar opens Mål's list of
    the goals it counts, with the page's filters."""
    state = st.plotly_chart(figure, config={"displaylogo": False}, alt=alt, key=key, on_select="rerun",
                            selection_mode="points")
    # A click on a bar selects it; a label or an empty spot carries no customdata.
    points = [point for point in (state.selection.points if state else []) if point.get("customdata")]
    if points:
        current = {**st.query_params.to_dict(), **({URL_KEYS["period"]: period} if period else {})}
        st.switch_page(GOALS_PAGE_FILE, query_params=charts.goals_behind(points[0], current))


def open_goal(goal_key: str, period: str | None = None) -> None:
    """Go to a goal's own view on Mål, keeping the filters of the link (Streamlit's
    page switch would drop them) and naming the period the goal was picked in."""
    params = goal_link_params(st.query_params.to_dict(), goal_key, period)
    st.session_state[_GOAL_JUST_OPENED] = True
    st.switch_page(GOALS_PAGE_FILE, query_params=params)


_GOAL_JUST_OPENED = "goal_just_opened"
# Streamlit keeps a page's scroll position when the same page reruns: a goal opened from
# a row far down Mål's list would open far down too. The app's scrolling container, as
# Streamlit 1.67 names them; if they are renamed, the page simply does not scroll.
_SCROLL_TO_TOP = """<script>
for (const id of ["stMain", "stAppViewContainer", "stApp"]) {
  const box = window.parent.document.querySelector(`[data-testid='${id}']`);
  if (box) { box.scrollTo(0, 0); }
}
window.parent.scrollTo(0, 0);
</script>"""


def scroll_to_top_after_opening_a_goal() -> None:
    """On Mål: when the goal was just opened from a table row, show it from its top."""
    if st.session_state.pop(_GOAL_JUST_OPENED, False):
        import streamlit.components.v1 as components

        components.html(_SCROLL_TO_TOP, height=0)


def goal_link_params(current: Mapping[str, str], goal_key: str, period: str | None) -> dict[str, str]:
    """The query string of a goal's view on Mål, from the current page's: its filters
    (those Mål knows) kept, the goal and the period set."""
    kept = {name: value for name, value in current.items() if name in set(URL_KEYS.values())}
    return {**kept, URL_GOAL_KEY: goal_key, **({URL_KEYS["period"]: period} if period else {})}


def sidebar_goal_level(levels: pl.DataFrame) -> str | None:
    """The goal level to count, from the levels the period presents (KS first).

    Rows: goal_level, goal_count (queries/goal_levels.sql). None when there are no goals.
    """
    options = levels["goal_level"].to_list()
    if not options:
        return None
    counts = dict(zip(options, levels["goal_count"].to_list()))
    # The level is part of the view, so it is in the link too (?malniva=KF).
    linked = st.query_params.get(GOAL_LEVEL_KEY)
    if linked is not None and st.session_state.get(_LEVEL_SEEDED_FROM) != linked:
        st.session_state[_LEVEL_SEEDED_FROM] = linked
        if linked.upper() in options:
            st.session_state["filter_goal_level"] = linked.upper()
        else:
            st.info(f"Målnivån »{quoted_safely(linked)}« finns inte för perioden; visar {goal_level_label(options[0])}.", icon="ℹ️")
    _keep_valid("filter_goal_level", options, options[0])
    level = st.sidebar.radio(
        "Målnivå", options, key="filter_goal_level",
        format_func=lambda level: f"{goal_level_label(level)}, {counts[level]} mål",
        help="Kommunstyrelsens sammanfattning räknar kommunstyrelsens mål (KS) när "
        "perioden har sådana, annars kommunfullmäktiges (KF).",
    )
    if level == options[0]:
        if GOAL_LEVEL_KEY in st.query_params:
            del st.query_params[GOAL_LEVEL_KEY]
    elif st.query_params.get(GOAL_LEVEL_KEY) != level:
        st.query_params[GOAL_LEVEL_KEY] = level
    st.session_state[_LEVEL_SEEDED_FROM] = st.query_params.get(GOAL_LEVEL_KEY)
    return level


ALL_GOALS = "Alla mål"
_SHARED_AREA_WIDGET = "oversikt_shared_area"
_SHARED_AREA_REMEMBERED = "remembered_shared_area"
_SHARED_AREA_SEEDED_FROM = "shared_area_seeded_from"


def shared_area_choice(shared_areas: pl.DataFrame) -> str | None:
    """Översikt's choice of a shared area for its comparison of organisations, drawn where
    the page calls it (rows of queries/shared_areas.sql; none, no choice): None for every
    goal ("Alla mål"). Kept in the link as ?gemensamt_omrade=… and in the session across
    pages; a link naming an area the data does not have gives a notice and every goal."""
    names = shared_areas["shared_area"].to_list()
    if not names:
        return None
    options = [ALL_GOALS, *names]
    linked = st.query_params.get(SHARED_AREA_KEY)
    if linked is not None and st.session_state.get(_SHARED_AREA_SEEDED_FROM) != linked:
        st.session_state[_SHARED_AREA_SEEDED_FROM] = linked
        found, notice = shared_area_from_params({SHARED_AREA_KEY: [linked]}, names)
        if notice:
            st.info(notice, icon="ℹ️")
        st.session_state[_SHARED_AREA_WIDGET] = found or ALL_GOALS
    _keep_valid(_SHARED_AREA_WIDGET, options, st.session_state.get(_SHARED_AREA_REMEMBERED, ALL_GOALS))
    choice = st.selectbox(
        "Gemensamt område", options, key=_SHARED_AREA_WIDGET,
        help="Ett gemensamt område för att jämföra organisationer (data/shared_areas.csv). Varje organisation "
        "placerar sina egna områden i dem i sin fil i data/shared_areas/; bara mål som placerats i det valda "
        "området räknas.",
    )
    st.session_state[_SHARED_AREA_REMEMBERED] = choice
    if choice == ALL_GOALS:
        if SHARED_AREA_KEY in st.query_params:
            del st.query_params[SHARED_AREA_KEY]
    elif st.query_params.get(SHARED_AREA_KEY) != choice:
        st.query_params[SHARED_AREA_KEY] = choice
    st.session_state[_SHARED_AREA_SEEDED_FROM] = st.query_params.get(SHARED_AREA_KEY)
    return None if choice == ALL_GOALS else choice


def sidebar_trend_window(years: Sequence[int]) -> int | None:
    """The first year Trender shows, or None for every year: the latest TREND_YEARS years
    by default, every year when the reader chooses so (kept in the link as ?ar=alla).
    With no more years than that there is nothing to choose and no control."""
    years = sorted(set(years))
    if len(years) <= TREND_YEARS:
        return None
    recent = "senaste"
    linked = st.query_params.get(TREND_WINDOW_KEY)
    if "trend_window" not in st.session_state:
        st.session_state["trend_window"] = EVERY_YEAR if linked == EVERY_YEAR else recent
    first_recent = years[-TREND_YEARS]
    choice = st.sidebar.radio(
        "Tertialer", [recent, EVERY_YEAR], key="trend_window",
        format_func=lambda option: (
            f"Senaste {TREND_YEARS} åren ({first_recent}–{years[-1]})" if option == recent
            else f"Alla år ({years[0]}–{years[-1]})"
        ),
        help=f"Diagrammen visar som standard de senaste {TREND_YEARS} årens tertialer; alla år ger "
        "smalare staplar.",
    )
    if choice == EVERY_YEAR:
        st.query_params[TREND_WINDOW_KEY] = EVERY_YEAR
        return None
    if TREND_WINDOW_KEY in st.query_params:
        del st.query_params[TREND_WINDOW_KEY]
    return first_recent


# Above this many rows a table is drawn as a scrollable grid that renders only the rows in
# view: an HTML table of 290 organisations kept the browser busy for seconds after every
# filter click on Översikt.
HTML_TABLE_MAX_ROWS = 40


def show_table(frame: pd.DataFrame | pl.DataFrame, caption: str | None = None) -> None:
    """A small table as real HTML (readable by screen readers), without the index; a long
    one (more than HTML_TABLE_MAX_ROWS rows) as a sortable, scrollable grid."""
    if caption:
        st.caption(caption)
    if len(frame) > HTML_TABLE_MAX_ROWS:
        st.dataframe(as_arrow(frame), hide_index=True, width="stretch", height=420)
        return
    # As Arrow: given pandas, Streamlit converts it to Arrow on every rerun, the largest
    # part of a warm Översikt run after the charts.
    st.table(as_arrow(frame), hide_index=True)


# -- the tertial report (Rapporter) ------------------------------------------------------------

# What identifies a made report: organisation, period, focus area, goal level, the database
# file and its data version (a rebuilt file makes new reports), and the day it was made
# (the cover says so).
# (organisation, period, focus area, goal level, database path, data version, day, case details)
ReportKey = tuple[str | None, str, str | None, str | None, str, str, date, Any]
REPORTS_KEPT = 8  # both files of a report are some hundred kB to a few MB
_reports: OrderedDict[ReportKey, ReportFiles] = OrderedDict()
_reports_guard = threading.Lock()  # the dict, shared by every session's thread
# One report is drawn at a time: each starts a Chromium for its charts, and two at once
# would only share the same processors. A report already made is answered without waiting.
_drawing = threading.Lock()


def report_key(period: str, focus_area: str | None, goal_level: str | None, case=None) -> ReportKey:
    """case: the decision part's tertial.report.case.CaseDetails (None: every default)."""
    from tertial.report.case import CaseDetails

    path = database_file()
    return (selected_organisation(), period, focus_area, goal_level, str(path), db.data_version(path), date.today(),
            case or CaseDetails())


def made_report(key: ReportKey) -> ReportFiles | None:
    """The report for key if it has been made (and is still kept), else None."""
    with _reports_guard:
        return _reports.get(key)


def make_report(key: ReportKey) -> ReportFiles:
    """The report for key, made now unless it already was (tertial.report.report_files).
    Raises tertial.report.ReportError for a choice the data does not have."""
    from tertial.report import ReportRequest, report_files

    found = made_report(key)
    if found is not None:
        return found
    organisation, period, focus_area, goal_level, path, version, made_on, case = key
    with _drawing:
        found = made_report(key)  # made by another session while this one waited
        if found is not None:
            return found
        files = report_files(_connection(path, version),
                             ReportRequest(period, focus_area, organisation, goal_level, case),
                             database_name=Path(path).name, made_on=made_on)
    with _reports_guard:
        _reports[key] = files
        while len(_reports) > REPORTS_KEPT:
            _reports.popitem(last=False)
    return files


def forget_reports() -> None:
    """Drop every made report (tests)."""
    with _reports_guard:
        _reports.clear()

"""Streamlit glue shared by the pages: the database (built on first start), one read-only
connection per database file, cached named queries, the sidebar filters kept in the URL,
and tables drawn as the accessible twins of charts.

Query results are cached under (query name, parameters, data version). The data version
changes whenever the database file does, so a rebuild is seen at the next rerun without
anyone clearing a cache by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import streamlit as st

from tertial import db
from tertial.build import BuildError, ensure_database
from tertial.filters import URL_KEYS, FilterChoices, Filters, from_query_params, to_query_params
from tertial.periods import parse_period
from tertial.queries import run_query
from tertial.visual import goal_level_label

ALL_FOCUS_AREAS = "Alla fokusområden"
# The filters last chosen in this session, so they survive a visit to another page
# (page navigation drops the URL's query string).
_REMEMBERED_FILTERS = "remembered_filter_params"


def database_file() -> Path:
    """The database file; built from the bundled reports if it does not exist yet."""
    path = db.database_path()
    if path.exists():
        return path
    try:
        with st.spinner("Bygger databasen från rapporterna i data/raw …"):
            return ensure_database(path)
    except BuildError as error:
        st.error(f"Databasen kunde inte byggas.\n\n{error}")
        st.stop()


def _close(con: duckdb.DuckDBPyConnection) -> None:
    con.close()


# Keyed by the file's identity (path and data version): a rebuilt file gets a fresh
# connection, and the connection to the replaced file is closed when it falls out.
@st.cache_resource(show_spinner=False, max_entries=4, on_release=_close)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return db.connect(path, read_only=True)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(name: str, params: tuple[tuple[str, object], ...], path: str, version: str) -> pl.DataFrame:
    return run_query(_connection(path, version), name, dict(params))


def query(name: str, **params: object) -> pl.DataFrame:
    """Rows of queries/NAME.sql with the given parameters, cached until the data changes."""
    path = database_file()
    return _cached_query(name, tuple(sorted(params.items())), str(path), db.data_version(path))


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


def sidebar_filters(choices: FilterChoices) -> Filters:
    """Period and focus area selects in the sidebar, kept in the URL.

    A link with filters in it sets the view; an unknown value in it gives a gentle notice
    and the default. Without a link the filters last chosen in this session carry over.
    """
    url = _url_params()
    url_has_filters = any(URL_KEYS[name] in url for name in ("period", "focus_area"))
    source = url if url_has_filters else st.session_state.get(_REMEMBERED_FILTERS, {})
    wanted, notices = from_query_params(source, choices)
    for notice in notices:
        st.info(notice, icon="ℹ️")

    # A named "all" option: Streamlit shows a None option as an empty select.
    focus_options = [ALL_FOCUS_AREAS, *choices.focus_areas]
    _keep_valid("filter_period", choices.periods, wanted.period)
    _keep_valid("filter_focus_area", focus_options, wanted.focus_area or ALL_FOCUS_AREAS)
    with st.sidebar:
        st.header("Urval")
        period = st.selectbox(
            "Period", choices.periods, key="filter_period", format_func=period_label,
            help="Tertial: T1 januari–april, T2 maj–augusti, T3 september–december. "
            "Bara perioder med minst en inläst rapport visas.",
        )
        focus_area = st.selectbox(
            "Fokusområde", focus_options, key="filter_focus_area",
            help="Visionens fokusområden. Mål från 2024 hör till målområden och placeras i "
            "ett fokusområde via korsreferensen data/crosswalk.csv.",
        )
    chosen = Filters(period=period, focus_area=None if focus_area == ALL_FOCUS_AREAS else focus_area)
    params = to_query_params(chosen, choices.default_period)
    st.session_state[_REMEMBERED_FILTERS] = params
    as_lists = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    if _url_params() != as_lists:
        st.query_params.from_dict(params)
    return chosen


def sidebar_goal_level(levels: pl.DataFrame) -> str | None:
    """The goal level to count, from the levels the period presents (KS first).

    Rows: goal_level, goal_count (queries/goal_levels.sql). None when there are no goals.
    """
    options = levels["goal_level"].to_list()
    if not options:
        return None
    counts = dict(zip(options, levels["goal_count"].to_list()))
    _keep_valid("filter_goal_level", options, options[0])
    return st.sidebar.radio(
        "Målnivå", options, key="filter_goal_level",
        format_func=lambda level: f"{goal_level_label(level)}, {counts[level]} mål",
        help="Kommunstyrelsens sammanfattning räknar kommunstyrelsens mål (KS) när "
        "perioden har sådana, annars kommunfullmäktiges (KF).",
    )


def show_table(frame: pd.DataFrame | pl.DataFrame, caption: str | None = None) -> None:
    """A small table as real HTML (readable by screen readers), without the index."""
    if isinstance(frame, pl.DataFrame):
        frame = frame.to_pandas()
    if caption:
        st.caption(caption)
    st.table(frame, hide_index=True)

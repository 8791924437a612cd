"""Aktiviteter: every activity of the chosen period with status, dates, unit and comment;
which are overdue as of the report's date and as of a date the user picks (today unless
chosen); which have a deviation or wait. The view and the date live in the URL
(?visa=forsenade&datum=2023-12-31) beside the shared filters."""

from datetime import date

import streamlit as st

from tertial import activity_view as view_logic
from tertial.activity_view import OVERDUE_MARK, VIEWS
from tertial.webapp import (
    data_table, filter_choices, period_label, query, show_table, sidebar_filters,
)

VIEW_KEY = "aktiviteter_visa"
DATE_KEY = "aktiviteter_datum"
SEARCH_KEY = "aktiviteter_sok"
# The page's URL keys as last read or written, so that an edited link re-seeds the widgets.
LINK_SEEN = "aktiviteter_lank"

st.title("Aktiviteter")

if query("periods").is_empty():
    st.info("Databasen innehåller ännu inga rapporter.")
    st.stop()

# Read the page's own keys before sidebar_filters rewrites the URL to the filter keys.
link = {key: st.query_params.get_all(key) for key in (view_logic.URL_VIEW, view_logic.URL_DATE)}
filters = sidebar_filters(filter_choices(), shown=("period", "focus_area", "unit", "statuses"))
today = date.today()
if st.session_state.get(LINK_SEEN) != link or VIEW_KEY not in st.session_state or DATE_KEY not in st.session_state:
    wanted = view_logic.read_link(link, today)
    for notice in wanted.notices:
        st.info(notice, icon="ℹ️")
    st.session_state[VIEW_KEY] = wanted.view
    st.session_state[DATE_KEY] = wanted.day

source_note = st.empty()
key_figures = st.container()
overdue_on_report_date, overdue_on_chosen_date, date_column = st.columns([4, 4, 3])
with date_column:
    on_date = st.date_input(
        "Valt datum", key=DATE_KEY, format="YYYY-MM-DD",
        min_value=view_logic.EARLIEST_DATE, max_value=view_logic.LATEST_DATE,
        help="Förvalt är dagens datum. En aktivitet räknas som försenad per datumet när dess slutdatum "
        "ligger före datumet och rapporten inte anger den som avslutad.",
    )
age_note = st.empty()
chart_area = st.container()
st.subheader("Aktivitetslista")
chosen_view = st.segmented_control("Visa", list(VIEWS), key=VIEW_KEY, required=True, format_func=view_logic.view_label)
search_column, _ = st.columns([2, 3])
searched = search_column.text_input(
    "Sök", key=SEARCH_KEY, placeholder="Aktivitet, mål, kommentar eller enhet",
    help="Visar rader där texten finns i aktiviteten, målet, målnumret, kommentaren eller enheten.",
)

# The view and the date in the URL, after the filters (which rewrite it).
wanted_params = view_logic.link_params(chosen_view, on_date, today)
for key in (view_logic.URL_VIEW, view_logic.URL_DATE):
    if key in wanted_params:
        st.query_params[key] = wanted_params[key]
    elif key in st.query_params:
        del st.query_params[key]
st.session_state[LINK_SEEN] = {key: st.query_params.get_all(key) for key in (view_logic.URL_VIEW, view_logic.URL_DATE)}

rows = query("activity_list", period=filters.period, focus_area=filters.focus_area, unit=filters.unit, on_date=on_date)
rows = view_logic.filter_statuses(rows, filters.statuses)
if rows.is_empty():
    key_figures.info("Perioden redovisar inga aktiviteter för det här urvalet. Rapporterna finns under Rapporter.")
    st.stop()

reports = view_logic.reports_of(rows)
source_note.caption(view_logic.source_note(reports))
age_note.caption(view_logic.status_age_note(reports, on_date))
figures = view_logic.KeyFigures.of(rows)
counted, deviating, paused = key_figures.columns([4, 4, 3])
counted.metric("Aktiviteter", figures.total, border=True,
               help="En aktivitet som tjänar flera mål räknas en gång per mål, som i rapporten.")
deviating.metric("▶! Med avvikelse", figures.deviation, border=True, help="Pågående eller avslutad med avvikelse.")
paused.metric("⏸ Vänteläge", figures.waiting, border=True)
overdue_on_report_date.metric(
    f"{OVERDUE_MARK} Försenade per {view_logic.report_date_label(reports)}", figures.overdue, border=True,
    help="Slutdatum före rapportens avstämningsdatum och inte avslutad enligt rapporten.",
)
overdue_on_chosen_date.metric(
    f"{OVERDUE_MARK} Försenade per valt datum ({on_date.isoformat()})", figures.overdue_on_date, border=True,
    help="Slutdatum före valt datum och inte avslutad enligt den senast kända statusen.",
)
overdue_column, basis = view_logic.overdue_basis(chosen_view, on_date)
scope = period_label(filters.period) + "".join(f", {part}" for part in (filters.focus_area, filters.unit) if part)
chart, table = chart_area.columns([3, 2], gap="large", vertical_alignment="center")
with chart:
    st.plotly_chart(
        view_logic.status_chart(rows, overdue_column, basis, "Aktiviteterna efter status"),
        config={"displaylogo": False},
        alt=view_logic.status_chart_description(rows, scope, overdue_column, basis),
    )
with table:
    show_table(view_logic.status_chart_table(rows, overdue_column, basis), caption="Diagrammets data")

shown_rows = view_logic.search(view_logic.select_view(rows, chosen_view), searched)
st.caption(
    f"{view_logic.view_label(chosen_view)}: {shown_rows.height} av {figures.total} rader. En aktivitet som tjänar "
    "flera mål står en gång per mål, med de datum rapporten anger under just det målet. Klicka på en "
    "kolumnrubrik för att sortera."
)
if shown_rows.is_empty():
    st.info("Inga aktiviteter i den här visningen för det här urvalet.")
    st.stop()
date_names = view_logic.on_date_columns(on_date)
data_table(
    view_logic.table_rows(shown_rows, on_date),
    view_logic.export_name(chosen_view, on_date),
    filters,
    key="activities",
    height=min(36 * (shown_rows.height + 1) + 3, 640),
    column_config={
        "Mål": st.column_config.TextColumn(width="medium"),
        "Aktivitet": st.column_config.TextColumn(width="large"),
        "Kommentar": st.column_config.TextColumn(width="large"),
        "Försenad": st.column_config.CheckboxColumn(
            f"{OVERDUE_MARK} Försenad", help="Per rapportens avstämningsdatum: slutdatum före det och inte avslutad."
        ),
        "Dagar försenad": st.column_config.NumberColumn(help="Dagar från slutdatum till rapportens avstämningsdatum."),
        date_names["overdue_on_date"]: st.column_config.CheckboxColumn(
            f"{OVERDUE_MARK} {date_names['overdue_on_date']}",
            help="Slutdatum före valt datum och inte avslutad enligt den senast kända statusen.",
        ),
        date_names["days_overdue_on_date"]: st.column_config.NumberColumn(help="Dagar från slutdatum till valt datum."),
        "Rad": st.column_config.NumberColumn(help="Raden i rapportfilen där aktiviteten står.", format="%d"),
    },
)

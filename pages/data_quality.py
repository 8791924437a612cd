"""Datakvalitet: what a careful reader of the reports would flag, for the organisation
shown – goals without activities, KF goals without KS goals, dates and statuses that
contradict each other, grade headings that contradict their text – each finding with
its report file and line and a link to its goal on Mål. The checks are the registry in
tertial/quality.py, each a named query; every tertial by default, or one
(?tertial=2024-T1), and the shared focus-area filter."""

import streamlit as st

from tertial import quality
from tertial.filters import Filters
from tertial.visual import escape_markdown
from tertial.webapp import data_table, filter_choices, organisations, query, selected_organisation, sidebar_filters

PERIOD_KEY = "kvalitet_tertial"
# The ?tertial= value the choice was last seeded from, so an edited link re-seeds it.
PERIOD_SEEDED_FROM = "kvalitet_tertial_lank"
METRICS_PER_ROW = 4

st.title("Datakvalitet")

periods = query("periods")["period"].to_list()
if not periods:
    st.info("Databasen innehåller ännu inga rapporter.")
    st.stop()

# Read the page's own key before sidebar_filters rewrites the URL to the filter keys.
linked = st.query_params.get_all(quality.URL_PERIOD)
filters = sidebar_filters(filter_choices(), shown=("focus_area",))
options = [quality.ALL_PERIODS, *periods]
if PERIOD_KEY not in st.session_state or st.session_state.get(PERIOD_SEEDED_FROM) != linked:
    wanted, notice = quality.period_from_link(linked, periods)
    if notice:
        st.info(notice, icon="ℹ️")
    st.session_state[PERIOD_KEY] = wanted
elif st.session_state[PERIOD_KEY] not in options:
    st.session_state[PERIOD_KEY] = quality.ALL_PERIODS
choice = st.sidebar.selectbox(
    "Tertial", options, key=PERIOD_KEY, format_func=quality.period_option_label,
    help="Kontrollerna gäller alla tertialer om du inte väljer en. Ett flyttat slutdatum hör till den senare tertialen.",
)
if choice == quality.ALL_PERIODS:
    if quality.URL_PERIOD in st.query_params:
        del st.query_params[quality.URL_PERIOD]
else:
    st.query_params[quality.URL_PERIOD] = choice
st.session_state[PERIOD_SEEDED_FROM] = st.query_params.get_all(quality.URL_PERIOD)

period = quality.chosen_period(choice)
organisation = selected_organisation()
several = len(organisations()) > 1
st.caption(
    escape_markdown(
        f"Det som en noggrann läsare av rapporterna skulle anmärka på: {organisation}, "
        f"{quality.scope_label(period, filters.focus_area)}. Varje fynd anger rapportfil och rad och länkar till "
        "målet på sidan Mål. Inget här ändrar uppgifterna: rätta i rapporten och läs in den igen, eller under Rättelser."
    )
)

goal_keys = dict(query("goal_catalogue").select("goal_id", "goal_key").iter_rows())
found = {rule.key: query(rule.query, **rule.parameters(period, filters.focus_area)) for rule in quality.RULES}
counted = quality.counts(found)
for start in range(0, len(quality.RULES), METRICS_PER_ROW):
    row = quality.RULES[start:start + METRICS_PER_ROW]
    for column, rule in zip(st.columns(METRICS_PER_ROW), row):
        column.metric(rule.label, counted[rule.key], border=True, help=f"{rule.title}: {rule.counted}.")

# The downloads name what they hold: the organisation, the tertial chosen here, the focus area.
download_filters = Filters(period=period, focus_area=filters.focus_area)
for rule in quality.RULES:
    rows = found[rule.key]
    st.subheader(f"{rule.title} ({rows.height})")
    st.caption(rule.why)
    if rows.is_empty():
        st.markdown("*Inga fynd.*")
        continue
    table = quality.findings_table(rule, rows, goal_keys, organisation if several else None)
    data_table(
        table, rule.export_name, download_filters, key=f"kvalitet_{rule.key}",
        exported=table.drop(quality.LINK_COLUMN),
        height="content" if table.height <= 12 else 480,
        column_config={
            "Mål": st.column_config.TextColumn(width="medium"),
            "Aktivitet": st.column_config.TextColumn(width="medium"),
            "Fynd": st.column_config.TextColumn(width="large"),
            "Rad": st.column_config.NumberColumn(help="Raden i rapportfilen där fyndet står.", format="%d"),
            quality.LINK_COLUMN: st.column_config.LinkColumn(
                display_text=quality.LINK_TEXT, help="Målets egen vy på sidan Mål, i en ny flik.",
            ),
        },
    )

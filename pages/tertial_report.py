"""Tertialrapport: the tertial report for the committee, made from the database as Word and
PDF for a period, focus area and goal level (tertial.report), laid out like the
municipality's own reports. It starts from the period and focus area chosen on the other
pages."""

import streamlit as st

from tertial.visual import goal_level_label
from tertial.webapp import (
    ALL_FOCUS_AREAS, filter_choices, made_report, make_report, period_label, query, report_key, sidebar_filters,
)

st.title("Tertialrapport")
# The organisation's choice (when there are several), and the period and focus area chosen
# on other pages: the report starts from them.
filters = sidebar_filters(filter_choices(), shown=())
if query("periods").is_empty():
    st.info("Databasen innehåller ännu inga rapporter.")
    st.stop()


@st.fragment
def tertial_report() -> None:
    """The chosen period as Word and PDF. A fragment: choosing and making it reruns this
    part only."""
    st.caption(
        "Rapporten för en period som Word och PDF, upplagd som kommunens egna: försättsblad, innehåll, "
        "teckenförklaring, kommunstyrelsens sammanfattning, översiktens diagram och varje mål per fokusområde "
        "med bedömning, analys och aktiviteter."
    )
    periods = query("periods")["period"].to_list()
    areas = [ALL_FOCUS_AREAS, *query("focus_areas")["focus_area"].to_list()]
    # Start from the filters chosen on the other pages.
    if st.session_state.get("report_period") not in periods:
        st.session_state["report_period"] = filters.period if filters.period in periods else periods[0]
    if st.session_state.get("report_focus_area") not in areas:
        st.session_state["report_focus_area"] = filters.focus_area or ALL_FOCUS_AREAS
    period_column, area_column, level_column = st.columns(3)
    period = period_column.selectbox("Period", periods, key="report_period", format_func=period_label)
    focus_area = area_column.selectbox("Fokusområde", areas, key="report_focus_area")
    levels = query("goal_levels", period=period)["goal_level"].to_list()
    if st.session_state.get("report_goal_level") not in levels and levels:
        st.session_state["report_goal_level"] = levels[0]  # another period: its own default, as Översikt
    goal_level = level_column.selectbox(
        "Målnivå", levels, key="report_goal_level", format_func=goal_level_label, disabled=len(levels) < 2,
        help="Som på Översikt: kommunstyrelsens mål (KS) när perioden har sådana, annars kommunfullmäktiges (KF).",
    ) if levels else None
    key = report_key(period, None if focus_area == ALL_FOCUS_AREAS else focus_area, goal_level)
    if st.button("Skapa tertialrapport", type="primary", icon=":material/description:"):
        with st.spinner("Skapar tertialrapporten som Word och PDF …"):
            make_report(key)
    files = made_report(key)
    if files is None:
        return
    if files.chart_note:
        st.warning(files.chart_note, icon="📊")
    word, pdf, _ = st.columns([1, 1, 2])
    word.download_button("Ladda ner Word", data=files.docx, file_name=f"{files.file_stem}.docx",
                         mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         icon=":material/download:", key="report_docx", on_click="ignore")
    pdf.download_button("Ladda ner PDF", data=files.pdf, file_name=f"{files.file_stem}.pdf",
                        mime="application/pdf", icon=":material/download:", key="report_pdf", on_click="ignore")


tertial_report()

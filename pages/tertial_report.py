"""Tertialrapport: the tertial report for the committee, made from the database as Word and
PDF for a period, focus area and goal level (tertial.report), laid out like the
municipality's own reports. It starts from the period and focus area chosen on the other
pages."""

from datetime import date

import streamlit as st

from tertial.periods import parse_period
from tertial.report.case import BODIES, LONGEST_FIELD, LONGEST_PROPOSAL, CaseDetails, default_proposal
from tertial.report import ReportError
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
        "Rapporten för en period som Word och PDF, klar att bifoga kallelsen: försättsblad, beslutsdel (ärendeuppgifter, "
        "förslag till beslut, ärendet i korthet och målen med sin bedömning), innehåll, förvaltningens egen text, "
        "teckenförklaring, sammanfattning med översiktens diagram, avvikelser, förändringar sedan förra tertialen, "
        "varje mål per fokusområde och en bilaga med källorna."
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
    with st.expander("Ärendeuppgifter för beslutsdelen", icon=":material/gavel:"):
        first, second = st.columns(2)
        diarienummer = first.text_input("Diarienummer", max_chars=LONGEST_FIELD, placeholder="t.ex. KS 2024/123")
        case_date = second.date_input("Datum", value=date.today(), format="YYYY-MM-DD")
        handlaggare = first.text_input("Handläggare", max_chars=LONGEST_FIELD)
        decided_by = second.text_input("Beslutande organ", max_chars=LONGEST_FIELD,
                                       placeholder=BODIES.get(goal_level or "KS", BODIES["KS"]),
                                       help="Tomt: kommunstyrelsen för KS-mål, kommunfullmäktige för KF-mål.")
        proposal = st.text_area(
            "Förslag till beslut", max_chars=LONGEST_PROPOSAL, placeholder=default_proposal(parse_period(period)),
            help="En punkt per rad; punkterna numreras. Tomt: kommunens egen formulering, som i exemplet.")
    case = CaseDetails(diarienummer=diarienummer or None, case_date=case_date, handlaggare=handlaggare or None,
                       decided_by=decided_by or None, proposal=proposal or None)
    key = report_key(period, None if focus_area == ALL_FOCUS_AREAS else focus_area, goal_level, case)
    if st.button("Skapa tertialrapport", type="primary", icon=":material/description:"):
        with st.spinner("Skapar tertialrapporten som Word och PDF …"):
            try:
                make_report(key)
            except ReportError as error:
                st.error(str(error), icon="⚠️")
                return
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

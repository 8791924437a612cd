"""Översikt: how many goals are fulfilled, in the committee's own sentence, by grade and
by focus area, for the chosen period and focus area."""

import streamlit as st

from tertial import changes, charts
from tertial.sentence import CommitteeCounts, committee_sentence, share_of_goals, source_note
from tertial.visual import OVERDUE_MARK, goal_level_label
from tertial.comparison import organisation_comparison_table, placement_caption, unplaced_goals_table
from tertial.webapp import (
    BAR_OPENS_GOALS, HTML_TABLE_MAX_ROWS, chart_of_goals, filter_choices, made_from, organisations, period_label, query, query_identity,
    shared_area_choice, show_table, sidebar_filters, sidebar_goal_level,
)

st.title("Översikt")

periods = query("periods")
if periods.is_empty():
    st.info("Databasen innehåller ännu inga rapporter.")
    st.stop()
filters = sidebar_filters(filter_choices(), shown=("period", "focus_area", "unit"))
goal_level = sidebar_goal_level(query("goal_levels", period=filters.period))
selection = dict(period=filters.period, focus_area=filters.focus_area, goal_level=goal_level)

counts = CommitteeCounts.from_row(
    query("committee_counts", **selection).row(0, named=True), period=filters.period, focus_area=filters.focus_area
)
st.subheader(committee_sentence(counts))
st.caption(source_note(query("period_reports", period=filters.period).iter_rows(named=True)))

if counts.total == 0:
    st.info("Det finns inga mål att visa för det här urvalet. Rapporterna utan mål finns under Rapporter.")
    st.stop()

# What changed since the previous period with goals at the same level, linked to Förändringar.
change_periods = query("change_periods")
earlier = changes.previous_comparable(change_periods, filters.period)
if earlier is not None:
    models_differ = changes.model_note(change_periods, earlier, filters.period) is not None
    summary = None if models_differ else made_from(
        changes.goal_summary,
        query_identity("goal_changes", from_period=earlier, to_period=filters.period, focus_area=filters.focus_area),
    )
    st.page_link("pages/changes.py", icon=":material/compare_arrows:",
                 label=changes.overview_sentence(summary, earlier, filters.period, models_differ),
                 query_params=st.query_params.to_dict() | {"period": filters.period, changes.URL_FRAN: earlier,
                                                           changes.URL_TILL: filters.period})

st.page_link("pages/tertial_report.py", icon=":material/picture_as_pdf:",
             label="Tertialrapporten för mötet som Word eller PDF", query_params=st.query_params.to_dict())

scope = period_label(filters.period) + (f", {filters.focus_area}" if filters.focus_area else "")
st.markdown(f"**{goal_level_label(counts.goal_level)}** – {scope}")
fulfilled, not_fulfilled, not_graded = st.columns(3)
fulfilled.metric("Uppfyllda eller delvis uppfyllda", share_of_goals(counts.fulfilled, counts.total), border=True)
not_fulfilled.metric("Knappt eller ej uppfyllda", share_of_goals(counts.not_fulfilled, counts.total), border=True)
not_graded.metric("Ej bedömda", share_of_goals(counts.not_graded, counts.total), border=True)
if counts.via_crosswalk:
    st.info(
        "Målen för 2024 hör till målområden, inte till visionens fokusområden. Fokusområdet här "
        "kommer från korsreferensen i data/crosswalk.csv – en bedömning som går att ändra, inte "
        "rapportens egen indelning.",
        icon="🔀",
    )

by_grade = query("grade_distribution", **selection)
by_focus_area = query("grade_distribution_by_focus_area", **selection)
chart, table = st.columns([3, 2], gap="large", vertical_alignment="center")
with chart:
    chart_of_goals(charts.grade_distribution_chart(by_grade, charts.GRADE_CHART_TITLE), key="oversikt_grades",
                   alt=charts.grade_chart_description(by_grade, scope), period=filters.period)
    st.caption(BAR_OPENS_GOALS)
with table:
    show_table(charts.grade_table(by_grade), caption="Diagrammets data")

chart_of_goals(charts.grade_by_focus_area_chart(by_focus_area, charts.FOCUS_AREA_CHART_TITLE), key="oversikt_focus_areas",
               alt=charts.focus_area_chart_description(by_focus_area, scope), period=filters.period)
show_table(charts.focus_area_grade_table(by_focus_area), caption="Diagrammets data")

if len(organisations()) > 1:
    st.subheader("Jämförelse mellan organisationer")
    shared_areas = query("shared_areas")
    shared_area = shared_area_choice(shared_areas)
    compared = query("grade_distribution_by_organisation", period=filters.period, goal_level=counts.goal_level,
                     shared_area=shared_area)
    placement = query("shared_area_placement", period=filters.period, goal_level=counts.goal_level)
    # A few organisations are shown at once; many (a region, the whole country) on request,
    # so that every filter change does not redraw hundreds of rows nobody asked for (an
    # HTML table of 290 kept the browser busy for seconds; a collapsed expander still draws).
    shown_count = compared["organisation"].n_unique()
    if shown_count <= HTML_TABLE_MAX_ROWS or st.toggle(f"Visa alla {shown_count} organisationer",
                                                       key="oversikt_compare_all"):
        show_table(
            organisation_comparison_table(compared, placement),
            caption=f"{goal_level_label(counts.goal_level)}, {period_label(filters.period)}"
                    f"{f', {shared_area}' if shared_area else ''}: målen per bedömning i "
                    "varje organisation som redovisar mål för perioden, högst andel uppfyllda först.",
        )
    st.caption(placement_caption(placement, shared_areas, shared_area))
    unplaced = query("shared_area_unplaced_goals", period=filters.period, goal_level=counts.goal_level)
    # A toggle, not an expander: a collapsed expander still draws its table.
    if not unplaced.is_empty() and st.toggle(f"Visa målen som inte är placerade i något gemensamt område "
                                             f"({unplaced.height})", key="oversikt_unplaced_goals"):
        show_table(unplaced_goals_table(unplaced),
                   caption="Målen som en jämförelse per gemensamt område inte räknar, per organisation.")

st.header("Aktiviteter")
activities = query("activity_status_distribution", period=filters.period, focus_area=filters.focus_area, unit=filters.unit)
if activities.is_empty():
    st.info("Perioden redovisar inga aktiviteter för det här urvalet.")
    st.stop()
link_params = {key: value for key, value in st.query_params.to_dict().items()} | {"period": filters.period}
total = int(activities["activities"].sum())
overdue = int(activities["overdue"].sum())
by_status = dict(zip(activities["status"].to_list(), activities["activities"].to_list()))
deviation = sum(by_status.get(status, 0) for status in ("Pågående med avvikelse", "Avslutad med avvikelse"))
waiting = by_status.get("Vänteläge", 0)
counted, late, deviating, paused = st.columns(4)
counted.metric("Aktiviteter", total, border=True, help="En aktivitet under två mål räknas två gånger, som i rapporten.")
late.metric(f"{OVERDUE_MARK} Försenade", overdue, border=True,
            help="Slutdatum före rapportens avstämningsdatum och inte avslutad.")
deviating.metric("▶! Med avvikelse", deviation, border=True)
paused.metric("⏸ Vänteläge", waiting, border=True)
first_link, second_link, third_link = st.columns(3)
first_link.page_link("pages/activities.py", label=f"Försenade aktiviteter ({overdue})",
                     icon=":material/arrow_forward:", query_params=link_params | {"visa": "forsenade"})
second_link.page_link("pages/activities.py", label=f"Med avvikelse eller vänteläge ({deviation + waiting})",
                      icon=":material/arrow_forward:", query_params=link_params | {"visa": "avvikelse"})
third_link.page_link("pages/goals.py", label="Mål som inte är uppfyllda",
                     icon=":material/arrow_forward:",
                     query_params=link_params | {"bedomning": ["Knappt uppfyllt", "Ej uppfyllt"]})
chart, table = st.columns([3, 2], gap="large", vertical_alignment="center")
with chart:
    st.plotly_chart(charts.status_distribution_chart(activities, charts.STATUS_CHART_TITLE), config={"displaylogo": False})
with table:
    show_table(charts.status_table(activities), caption="Diagrammets data")

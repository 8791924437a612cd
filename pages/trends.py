"""Trender: per focus area, every tertial from the first to the last, how the goals'
grades and the activities' statuses develop. 2024 goals reach the vision's focus areas
through the user-editable crosswalk and are marked as such; tertials with little or no
data are shown as they are, never interpolated."""

import streamlit as st

from tertial import trend_charts
from tertial.filters import with_changes
from tertial.visual import goal_level_label
from tertial.webapp import (
    BAR_OPENS_GOALS, chart_of_goals, data_table, filter_choices, made_from, query, query_identity, sidebar_filters, sidebar_trend_window,
)

GOAL_LEVELS = ("KS", "KF")
CHART_CONFIG = {"displaylogo": False}
ACTIVITIES_COUNTED = (
    "Aktiviteterna räknas under mål på båda nivåerna; en aktivitet under två mål räknas två "
    "gånger, som i rapporten och på Översikt."
)


st.title("Trender")

reported = query("periods")
if reported.is_empty():
    st.info("Databasen innehåller ännu inga rapporter.")
    st.stop()
filters = sidebar_filters(filter_choices(), shown=("focus_area",))
goal_level = st.sidebar.radio(
    "Målnivå", GOAL_LEVELS, key="trend_goal_level", format_func=goal_level_label,
    help="Diagrammet över bedömningar räknar en målnivå åt gången: kommunstyrelsens mål (KS) "
    "bryter ner kommunfullmäktiges (KF), så de två räknas inte ihop. Aktiviteterna räknas "
    "under mål på båda nivåerna, som på Översikt.",
)
first_year = sidebar_trend_window(reported["year"].to_list())
# The page spans every tertial: its downloads are named by focus area, not by a period.
export_filters = with_changes(filters, period=None)

grade_title = f"Målens bedömning – {goal_level_label(goal_level)}"
status_title = "Aktiviteternas status"
# Small multiples (all focus areas) carry their titles in the figure; one focus area's
# charts stand under the page's own subheadings.
all_areas = filters.focus_area is None
# Made once per rows (tertial.webapp.made_from): changing the goal level remakes the grade
# chart only.
goals = made_from(
    trend_charts.grade_trend_part,
    query_identity("trend_grade_distribution", goal_level=goal_level, focus_area=filters.focus_area,
                   first_year=first_year),
    goal_level, grade_title if all_areas else None,
)
activities = made_from(
    trend_charts.status_trend_part,
    query_identity("trend_activity_status_distribution", focus_area=filters.focus_area, first_year=first_year),
    status_title if all_areas else None,
)
notes = trend_charts.level_notes(
    query("trend_goal_levels", focus_area=filters.focus_area, first_year=first_year), goal_level,
)

periods = goals.periods
gaps = goals.gaps
scope = filters.focus_area or "alla fokusområden"
st.markdown(
    f"**{goal_level_label(goal_level)}** och aktiviteterna under målen – {scope}, "
    f"varje tertial {periods[0]} – {periods[-1]}"
    + (" (de senaste åren; alla år under *Tertialer* i sidopanelen)." if first_year else ".")
)
st.caption(
    "Staplar per tertial, inga linjer: ingenting dras över en lucka. "
    + (f"En tertial utan rapport ({', '.join(gaps)}) är en tom, grå plats märkt »ingen rapport«. " if gaps else "")
    + "En tertial med rapport men utan mål i urvalet är märkt »inga mål«; mål utan bedömning "
    "är den grå, streckade stapeln ○ Ej bedömd."
)

models = query("goal_models")
model_text = trend_charts.goal_model_text(models)
placed_years = trend_charts.years_text(trend_charts.years_without_focus_areas(models))
if goals.via_crosswalk + activities.via_crosswalk:
    st.info(
        f"{model_text} Här placeras {placed_years} års mål i ett fokusområde via korsreferensen i "
        f"{trend_charts.CROSSWALK_FILE} – en bedömning som går att ändra, inte rapportens egen "
        "indelning. Sådana mål och deras aktiviteter är rutade i diagrammen och räknas i kolumnen "
        f"»{trend_charts.VIA_CROSSWALK}«.",
        icon="🔀",
    )
elif placed_years:
    st.info(
        f"{model_text} Korsreferensen i {trend_charts.CROSSWALK_FILE} placerar inga av {placed_years} års "
        f"mål ({goal_level}) i {scope}, så tertialerna med {placed_years} års modell har inga mål här.",
        icon="🔀",
    )
else:
    st.caption(model_text)

if all_areas:
    # Small multiples: one row per focus area, goals to the left, activities to the right,
    # the rows of the two figures level with each other.
    goals_column, activities_column = st.columns(2, gap="medium")
    with goals_column:
        chart_of_goals(goals.chart, key="trend_grade_chart", alt=goals.description, period=None)
        st.caption(BAR_OPENS_GOALS)
    with activities_column:
        st.plotly_chart(activities.chart, config=CHART_CONFIG, alt=activities.description)
    for note in notes:
        st.caption(note)
    st.caption(ACTIVITIES_COUNTED)
    st.subheader("Diagrammens data")
    st.markdown(f"**{grade_title}**, per fokusområde och tertial")
    data_table(goals.table, "trender mål", export_filters, key="trend_grades")
    st.markdown(f"**{status_title}**, per fokusområde och tertial")
    data_table(activities.table, "trender aktiviteter", export_filters, key="trend_statuses")
else:
    st.subheader(grade_title)
    chart_of_goals(goals.chart, key="trend_grade_chart", alt=goals.description, period=None)
    st.caption(BAR_OPENS_GOALS)
    for note in notes:
        st.caption(note)
    data_table(goals.table, "trender mål", export_filters, key="trend_grades")
    st.subheader(status_title)
    st.caption(ACTIVITIES_COUNTED)
    st.plotly_chart(activities.chart, config=CHART_CONFIG, alt=activities.description)
    data_table(activities.table, "trender aktiviteter", export_filters, key="trend_statuses")

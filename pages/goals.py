"""Mål: the goals of a period, filterable by focus area and grade, and one goal's own
view (?mal=<goal key>, goal_view.goal_link): its chain from the vision's focus area to the KS goal, its grade
in every tertial, its analysis texts and its activities over time, every figure with
the report file and line it came from."""

import streamlit as st

from tertial import goal_view
from tertial.filters import Filters
from tertial.visual import OVERDUE_MARK, escape_markdown
from tertial.webapp import (
    data_table, filter_choices, period_label, query, scroll_to_top_after_opening_a_goal, show_table, sidebar_filters,
)

GOAL_WIDGET = "goal_choice"
# The ?mal= value the choice was last seeded from, so an edited link re-seeds it.
GOAL_SEEDED_FROM = "goal_seeded_from"
# Tables about one goal span every period: their file names carry no filter.
WHOLE_HISTORY = Filters()
# Long texts get room, but not so much that the grade and the source scroll out of view.
COLUMNS = {
    "Mål": st.column_config.TextColumn(width="large"),
    "Aktivitet": st.column_config.TextColumn(width="medium"),
    "Kommentar": st.column_config.TextColumn(width="large"),
    "Läsanteckning": st.column_config.TextColumn(width="large"),
    "Rapportfil": st.column_config.TextColumn(width="medium"),
}
TABLE = dict(column_config=COLUMNS, height="content")

st.title("Mål")

if query("periods").is_empty():
    st.info("Databasen innehåller ännu inga rapporter.")
    st.stop()

filters = sidebar_filters(filter_choices(), shown=("period", "focus_area", "grades"))
url_goal = st.query_params.get_all(goal_view.URL_GOAL)

catalogue = query("goal_catalogue")
goal_keys = dict(catalogue.select("goal_id", "goal_key").iter_rows())
linked_goal, notice = goal_view.parse_goal_param(url_goal, {key: goal_id for goal_id, key in goal_keys.items()})
if notice:
    st.info(notice, icon="ℹ️")
raw_goal = goal_view.first_value(url_goal)
if GOAL_WIDGET not in st.session_state or raw_goal != st.session_state.get(GOAL_SEEDED_FROM):
    st.session_state[GOAL_WIDGET] = linked_goal
    st.session_state[GOAL_SEEDED_FROM] = raw_goal
elif goal_view.goal_row(catalogue, st.session_state[GOAL_WIDGET]) is None:
    st.session_state[GOAL_WIDGET] = None  # chosen before a rebuild renumbered the goals
if linked_goal is not None:
    st.query_params[goal_view.URL_GOAL] = goal_keys[linked_goal]

# --- The goal list's rows ----------------------------------------------------------------
goals = query("goal_list", period=filters.period, focus_area=filters.focus_area)
listed = goal_view.filter_grades(goals, filters.grades)
activities = query("goal_activity_history")


def back_to_the_list() -> None:
    st.session_state[GOAL_WIDGET] = None
    st.session_state[GOAL_SEEDED_FROM] = None
    if goal_view.URL_GOAL in st.query_params:
        del st.query_params[goal_view.URL_GOAL]


# One choice of goal at the top, for the keyboard; a row of the list opens its goal too.
options = goal_view.goal_options(listed, catalogue, st.session_state[GOAL_WIDGET])
goal_id = st.session_state[GOAL_WIDGET]
choice, back = st.columns([4, 1], vertical_alignment="bottom")
choice.selectbox(
    "Öppna ett mål", list(options), key=GOAL_WIDGET, format_func=lambda goal_id: options.get(goal_id, str(goal_id)),
    placeholder="Välj ett mål, eller klicka på en rad i listan …",
    help="Målets egen vy visar alla perioder, inte bara den valda. Länken till sidan pekar på det valda målet.",
)
if goal_id is not None:
    back.button("Tillbaka till listan", icon=":material/arrow_back:", on_click=back_to_the_list, width="stretch")
goal_id = st.session_state[GOAL_WIDGET]
st.session_state[GOAL_SEEDED_FROM] = None if goal_id is None else goal_keys[goal_id]
if goal_id is None:
    if goal_view.URL_GOAL in st.query_params:
        del st.query_params[goal_view.URL_GOAL]
else:
    st.query_params[goal_view.URL_GOAL] = goal_keys[goal_id]


def draw_goal(goal_id: int) -> None:
    """One goal's own view: the chain, the grade per period, the analyses, the activities."""
    goal = goal_view.goal_row(catalogue, goal_id)
    if goal_id not in listed["goal_id"].to_list():
        st.caption("Målet ingår inte i listan med det nuvarande urvalet; det visas för att länken pekar på det.")
    code = goal_view.code_in(listed, catalogue, goal_id)
    st.header(escape_markdown(goal_view.goal_label(code, goal["goal_title"], goal["goal_level"], limit=400)))
    st.markdown(goal_view.chain_markdown(goal_view.chain(catalogue, goal_id)))

    history = query("goal_grade_history")
    heading, related = goal_view.related_goals(catalogue, goal_id)
    if related:
        st.markdown(f"**{heading}**")
        data_table(goal_view.related_goals_table(catalogue, history, related), "relaterade mål", WHOLE_HISTORY,
                   key="goal_related", **TABLE)

    rows = goal_view.grade_history(history, goal_id)
    st.subheader("Bedömning per period")
    st.plotly_chart(
        goal_view.grade_history_chart(rows),
        config={"displaylogo": False},
        alt=goal_view.grade_history_description(rows, code or goal["goal_title"]),
    )
    data_table(goal_view.grade_history_table(rows), "bedömning per period", WHOLE_HISTORY, key="goal_grades", **TABLE)
    st.caption(
        "Ej bedömd är ingen bedömning: perioden saknar bedömning för målet. Redovisning säger varför. "
        "Alla tertial från den första till den sista visas, även de utan rapport."
    )

    st.subheader("Analys per period")
    analyses = goal_view.analyses(rows)
    if not analyses:
        st.info("Ingen rapport redovisar målet.")
    for analysis in analyses:
        st.markdown(f"**{escape_markdown(analysis.heading)}**")
        if analysis.text:
            st.markdown(escape_markdown(analysis.text))
        else:
            st.markdown("*Rapporten ger ingen analystext för målet.*")
        st.caption(analysis.source)
        if analysis.reading_note:
            st.warning(f"Läsanteckning: {escape_markdown(analysis.reading_note)}", icon="⚠️")

    st.subheader("Aktiviteter över tid")
    entries = goal_view.goal_activities(activities, goal_id)
    st.markdown(goal_view.activity_summary(entries))
    if entries.height:
        show_table(
            goal_view.activity_matrix(entries, goal_view.presented_periods(rows)),
            caption="Status per period, i de perioder vars rapport redovisar målet (– : aktiviteten redovisas inte "
            "under målet den perioden)",
        )
        data_table(goal_view.activity_table(entries), f"aktiviteter {code or goal_id}", WHOLE_HISTORY,
                   key="goal_activities", **TABLE)


# A link to a goal opens on the goal itself; the list follows it.
if goal_id is not None:
    scroll_to_top_after_opening_a_goal()
    draw_goal(goal_id)
    st.divider()

scope = ", ".join([period_label(filters.period), *([filters.focus_area] if filters.focus_area else []), *filters.grades])
st.header(f"Målen – {scope}")
if goals.is_empty():
    st.info("Perioden redovisar inga mål för det här urvalet. Rapporterna utan mål finns under Rapporter.")
elif listed.is_empty():
    st.info("Inget mål i perioden har den valda bedömningen. Ta bort bedömningsvalet i sidofältet för att se alla mål.")
else:
    if (listed["vision_focus_area_source"] == "korsreferens").any():
        st.info(
            "Målen för 2024 hör till målområden, inte till visionens fokusområden. Kolumnen Fokusområde "
            "kommer för dem från korsreferensen i data/crosswalk.csv (»Fokusområde enligt: korsreferens«) – "
            "en bedömning som går att ändra, inte rapportens egen indelning.",
            icon="🔀",
        )
    st.markdown(goal_view.list_summary(listed))
    combined = goal_view.combination_note(query("period_reports", period=filters.period).height)
    if combined:
        st.caption(combined)
    data_table(goal_view.goal_table(listed), "mål", filters, key="goals", **TABLE)
    st.caption(
        "Aktiviteter: de som perioden redovisar direkt under målet. Försenad: slutdatum före rapportens "
        "avstämningsdatum och inte avslutad. Rad: målets rubrik i rapportfilen; Rad för bedömning: bedömningens rad."
    )
    overdue = goal_view.overdue_under(activities, listed)
    if overdue.height:
        st.subheader(f"{OVERDUE_MARK} Försenade aktiviteter under målen i listan")
        data_table(overdue, "försenade aktiviteter", filters, key="goals_overdue", **TABLE)
if goal_id is None:
    st.info("Klicka i rutan längst till vänster på en rad, eller välj ett mål överst, för att se målets kedja, "
            "bedömning per period, analys och aktiviteter.")

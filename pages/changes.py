"""Förändringar: what changed between two periods the user picks – goals whose grade went
up or down or was given or lost, activity status transitions, new, finished and dropped
activities, moved end dates and activities newly overdue. The periods live in the URL
(?fran=2023-T1&till=2023-T2) beside the shared filters; the default is the latest two
periods with goals at the same goal level."""

from dataclasses import replace

import streamlit as st

from tertial import changes
from tertial.visual import OVERDUE_MARK
from tertial.webapp import (
    data_table, filter_choices, made_from, period_label, query, query_identity, show_table, sidebar_filters,
)

FROM_WIDGET = "forandringar_fran"
TO_WIDGET = "forandringar_till"
ALL_GOALS_TOGGLE = "forandringar_alla_mal"
# The page's URL keys as last read or written, so that an edited link re-seeds the widgets.
LINK_SEEN = "forandringar_lank"
URL_KEYS = (changes.URL_FRAN, changes.URL_TILL)
COLUMNS = {
    "Mål": st.column_config.TextColumn(width="large"),
    "Aktivitet": st.column_config.TextColumn(width="medium"),
    "Rad": st.column_config.NumberColumn(format="%d"),
}

st.title("Förändringar")

if query("periods").is_empty():
    st.info("Databasen innehåller ännu inga rapporter.")
    st.stop()

# Read the page's own keys before sidebar_filters rewrites the URL to the filter keys.
link = {key: st.query_params.get_all(key) for key in URL_KEYS}
filters = sidebar_filters(filter_choices(), shown=("focus_area", "unit"))
periods = query("change_periods")
if periods.height < 2:
    st.info("Det behövs rapporter för minst två perioder för att visa vad som ändrats.")
    st.stop()
keys = changes.period_keys(periods)
if st.session_state.get(LINK_SEEN) != link or FROM_WIDGET not in st.session_state or TO_WIDGET not in st.session_state:
    wanted = changes.read_link(link, keys, changes.default_pair(periods))
    for notice in wanted.notices:
        st.info(notice, icon="ℹ️")
    st.session_state[FROM_WIDGET] = wanted.earlier
    st.session_state[TO_WIDGET] = wanted.later
elif st.session_state[FROM_WIDGET] not in keys or st.session_state[TO_WIDGET] not in keys:
    # Another organisation was chosen, whose reports cover other periods: its default pair.
    st.session_state[FROM_WIDGET], st.session_state[TO_WIDGET] = changes.default_pair(periods)


def option_label(key: str) -> str:
    return changes.period_option_label(periods, key, period_label(key))


from_column, to_column = st.columns(2)
from_column.selectbox("Från period", keys, key=FROM_WIDGET, format_func=option_label,
                      help="Den tidigare perioden. Bara perioder med minst en inläst rapport visas.")
to_column.selectbox("Till period", keys, key=TO_WIDGET, format_func=option_label,
                    help="Den senare perioden: vad som ändrats sedan från-perioden.")
chosen = (st.session_state[FROM_WIDGET], st.session_state[TO_WIDGET])
for key, value in zip(URL_KEYS, chosen):
    st.query_params[key] = value
st.session_state[LINK_SEEN] = {key: st.query_params.get_all(key) for key in URL_KEYS}

if chosen[0] == chosen[1]:
    st.warning("Välj två olika perioder att jämföra.")
    st.stop()
earlier, later = changes.in_order(*chosen)
if (earlier, later) != chosen:
    st.info(f"Från-perioden ligger efter till-perioden; jämförelsen görs från {earlier} till {later}.",
            icon="ℹ️")
scope = f"{earlier} → {later}" + "".join(f", {part}" for part in (filters.focus_area, filters.unit) if part)
st.caption(f"Jämförelse {scope}." + (" Enheten gäller aktiviteterna; målen har ingen ansvarig enhet."
                                     if filters.unit else ""))
named = replace(filters, period=changes.download_period(earlier, later))

goal_rows = query_identity("goal_changes", from_period=earlier, to_period=later, focus_area=filters.focus_area)
activity_rows = query_identity("activity_changes", from_period=earlier, to_period=later,
                               focus_area=filters.focus_area, unit=filters.unit)
goals = made_from(changes.goal_changes, goal_rows)
pairs = made_from(changes.activity_pairs, activity_rows)
model_note = changes.model_note(periods, earlier, later)
goal_figures = changes.GoalSummary.of(goals)
activity_figures = changes.ActivitySummary.of(pairs)

# --- Key figures --------------------------------------------------------------------------
not_comparable = "–" if model_note else None
first_row = st.columns(4)
first_row[0].metric("↓ Sänkt bedömning", not_comparable or goal_figures.lowered, border=True)
first_row[1].metric("↑ Höjd bedömning", not_comparable or goal_figures.raised, border=True)
first_row[2].metric("Ny bedömning", not_comparable or goal_figures.newly_graded, border=True,
                    help="Ej bedömd i den tidigare perioden, bedömd i den senare. Ej bedömd är ingen bedömning.")
# With no activity in both periods there is no status or date to compare: '–', not 0.
unpaired = "–" if not activity_figures.paired else None
first_row[3].metric("Statusbyten", unpaired or activity_figures.status_changed, border=True)
second_row = st.columns(4)
second_row[0].metric("Avslutade", unpaired or activity_figures.finished, border=True,
                     help="Status blev Avslutad enligt plan eller med avvikelse.")
second_row[1].metric("Nya aktiviteter", activity_figures.new, border=True)
second_row[2].metric("Flyttade slutdatum", unpaired or activity_figures.moved_later + activity_figures.moved_earlier,
                     border=True)
second_row[3].metric(f"{OVERDUE_MARK} Nyss försenade", activity_figures.newly_overdue, border=True)

# --- Goals --------------------------------------------------------------------------------
st.header("Målens bedömning")
if model_note:
    st.info(model_note, icon="🔀")
elif goals.is_empty():
    st.info("Ingen av perioderna redovisar mål för det här urvalet.")
else:
    st.markdown(f"**{changes.goal_sentence(goal_figures, earlier, later)}**")
    if goal_figures.renumbered:
        st.caption(f"{goal_figures.renumbered} mål har andra nummer i {later} än i {earlier}; tabellen visar båda. "
                   "Målen paras ihop som samma mål, inte efter nummer.")
    every_goal = st.toggle("Visa även mål utan förändrad bedömning", key=ALL_GOALS_TOGGLE)
    table = changes.goal_table(goals, earlier, later, only_changed=not every_goal)
    if table.is_empty():
        st.info(f"Inget mål har ändrad bedömning mellan {earlier} och {later}.")
    else:
        data_table(table, "förändringar-mål", named, key="changes_goals", column_config=COLUMNS,
                   height="content" if table.height <= 25 else 640)
    show_table(changes.goal_change_counts(goals), caption="Målen per förändring")

# --- Activities ---------------------------------------------------------------------------
st.header("Aktiviteter")
st.caption(changes.activity_note(activity_figures, earlier, later, model_note is not None))
if pairs.is_empty():
    st.info("Ingen av perioderna redovisar aktiviteter för det här urvalet.")
    st.stop()
tabs = st.tabs([
    f"Statusbyten ({activity_figures.status_changed})",
    f"Avslutade ({activity_figures.finished})",
    f"Nya ({activity_figures.new})",
    f"Redovisas inte längre ({activity_figures.dropped})",
    f"Flyttade slutdatum ({activity_figures.moved_later + activity_figures.moved_earlier})",
    f"{OVERDUE_MARK} Nyss försenade ({activity_figures.newly_overdue})",
])
sections = [
    (changes.status_change_table(pairs, earlier, later), "förändringar-status", "Ingen aktivitet har bytt status."),
    (changes.finished_table(pairs, earlier, later), "förändringar-avslutade", "Ingen aktivitet har avslutats."),
    (changes.new_table(pairs, later), "förändringar-nya", f"Inga nya aktiviteter i {later}."),
    (changes.dropped_table(pairs, earlier), "förändringar-borttagna",
     f"Alla aktiviteter från {earlier} redovisas även i {later}."),
    (changes.moved_table(pairs, earlier, later), "förändringar-slutdatum", "Inget slutdatum har flyttats."),
    (changes.overdue_table(pairs, earlier, later), "förändringar-nyss-forsenade",
     "Ingen aktivitet är nyss försenad."),
]
notes = [
    None,
    "Aktiviteter i båda perioderna vars status blev Avslutad. En ny aktivitet som redan är avslutad står under Nya.",
    (f"Bara i {later}" + (f"; {activity_figures.new_finished} av dem redan avslutade." if activity_figures.new_finished
                          else ".")),
    f"Redovisades i {earlier} men inte i {later}.",
    "Dagar: det senare slutdatumet minus det tidigare; negativt när slutdatumet flyttats tidigare. Störst "
    "förskjutning först.",
    changes.overdue_note(pairs, earlier, later),
]
for index, (tab, (table, name, empty), note) in enumerate(zip(tabs, sections, notes)):
    with tab:
        if index == 0 and activity_figures.status_changed:
            show_table(changes.status_transitions(pairs), caption="Från → till, antal aktiviteter")
        if note:
            st.caption(note)
        if table.is_empty():
            st.info(empty)
            continue
        data_table(table, name, named, key=f"changes_{index}", column_config=COLUMNS,
                   height="content" if table.height <= 12 else 480)

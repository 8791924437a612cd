"""Sök: one search box over the goals, their analyses, the activities, their comments and
the reports' text of the organisation looked at, in every period; the hits ranked, the
matched words marked, each linking to its goal on Mål or its line on Rapporter. The query
is in the link (?q=…), and so is a period chosen (?tertial=2023-T2)."""

import streamlit as st

from tertial import search_documents as searching
from tertial.filters import first_value, shown
from tertial.search import MAX_QUERY_CHARS, quoted_query
from tertial.visual import escape_markdown
from tertial.webapp import (
    filter_choices, organisations, period_label, query, search_corpus, selected_organisation, sidebar_filters,
)

URL_QUERY = "q"
URL_PERIOD = "tertial"  # as on Datakvalitet
QUERY_WIDGET = "sok_fraga"
PERIOD_WIDGET = "sok_tertial"
# The link values the widgets were last seeded from, so an edited link re-seeds them.
SEEDED_FROM = "sok_seeded_from"
ALL_PERIODS = "Alla perioder"
HELP = (
    "Söker i målens titlar, analyserna per mål och period, aktiviteternas titlar, beskrivningar och "
    "kommentarer och rapporternas löptext, för organisationen i sidofältet. Alla ord måste finnas i samma "
    "text, i vilken ordning som helst, och ett ord hittar också längre ord som börjar så: »besöksm« hittar "
    "»besöksmål«. Stora och små bokstäver spelar ingen roll, och å, ä, ö och é kan skrivas a, a, o och e "
    "(»hallbar halsa« hittar »Hållbar hälsa«). Citattecken och andra tecken räknas inte. Träffar i titlar "
    "och i den senaste perioden kommer först."
)

st.title("Sök")

if len(organisations()) > 1:  # the organisation's choice; the search keeps to it, as every page does
    sidebar_filters(filter_choices(), shown=())
if query("periods").is_empty():
    st.info("Databasen innehåller ännu inga rapporter.")
    st.stop()

corpus = search_corpus()
period_options = [ALL_PERIODS, *corpus.periods]

# Seed the box and the period from the link when it is new (an edited or followed link);
# otherwise the widgets own their values. A hostile value is only ever a search text.
linked = (first_value(st.query_params.get_all(URL_QUERY)), first_value(st.query_params.get_all(URL_PERIOD)))
if st.session_state.get(SEEDED_FROM) != linked:
    st.session_state[SEEDED_FROM] = linked
    if linked[0] is not None or QUERY_WIDGET not in st.session_state:
        st.session_state[QUERY_WIDGET] = (linked[0] or "")[:MAX_QUERY_CHARS]
    wanted_period = next((p for p in corpus.periods if linked[1] and p.casefold() == linked[1].casefold()), None)
    if linked[1] is not None and wanted_period is None:
        st.info(f"Perioden »{shown(linked[1])}« i länken finns inte i uppgifterna; söker i alla perioder.", icon="ℹ️")
    st.session_state[PERIOD_WIDGET] = wanted_period or ALL_PERIODS
if st.session_state.get(PERIOD_WIDGET) not in period_options:
    st.session_state[PERIOD_WIDGET] = ALL_PERIODS


def _keep_in_link(key: str, value: str | None) -> None:
    if value:
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]


# The box and its hits rerun alone while the user types (live): the rest of the page,
# the sidebar included, stays as it is.
@st.fragment
def search_and_hits() -> None:
    # Asked again at each of the fragment's own reruns: a rebuilt database is searched
    # at once (a look-up while the data version holds).
    corpus = search_corpus()
    box, period_column = st.columns([3, 1], vertical_alignment="bottom")
    text = box.text_input(
        "Sök i mål, analyser, aktiviteter, kommentarer och rapporttext", key=QUERY_WIDGET, type="search",
        live=True, placeholder="t.ex. försenad, hållbar hälsa, besöksmål", help=HELP,
    ) or ""
    # Only the first MAX_QUERY_CHARS characters count (tertial.search), and only they go to
    # the link; a character counter under the box (max_chars) would only distract.
    text = text[:MAX_QUERY_CHARS]
    period_choice = period_column.selectbox(
        "Period", [ALL_PERIODS, *corpus.periods], key=PERIOD_WIDGET,
        format_func=lambda p: p if p == ALL_PERIODS else period_label(p),
        help="Söker i alla perioder om du inte väljer en.",
    )
    period = None if period_choice == ALL_PERIODS else period_choice
    _keep_in_link(URL_QUERY, text.strip())
    _keep_in_link(URL_PERIOD, period)
    st.session_state[SEEDED_FROM] = (text.strip() or None, period)

    if not text.strip():
        st.info("Skriv ett eller flera ord i sökrutan. Sökningen gäller mål, analyser, aktiviteter, kommentarer "
                "och rapporternas text.", icon=":material/search:")
        return
    result = searching.run_search(corpus, text, period)
    if not result.terms:
        st.info("Sökningen innehåller inga ord att söka efter. Skriv bokstäver eller siffror.", icon="ℹ️")
        return
    quoted = quoted_query(text)
    if not result.total:
        where = f" i {period}" if period else ""
        st.info(f"Inga träffar för »{quoted}«{where}. Alla ord måste finnas i samma text: pröva färre ord, "
                "början av ett ord eller alla perioder.", icon="ℹ️")
        return
    st.markdown(searching.hits_sentence(result, quoted, period))
    organisation = selected_organisation() if len(organisations()) > 1 else None
    for hit in result.hits:
        with st.container(border=True):
            label = escape_markdown(searching.link_label(hit))
            st.markdown(
                f"{searching.hit_heading(hit)}  \n{hit.snippet}  \n"
                f"[{label}]({searching.hit_link(hit, organisation)})"
            )


search_and_hits()

"""Tertial – the dashboard's entry point: page setup and navigation, nothing else.

Run: streamlit run app.py

The pages live in app_pages/, not pages/: Streamlit treats a folder named pages/ as the
old automatic multipage app, and then a bookmarked link such as /rapporter, opened
first after a server start, runs that page alone, without this file's navigation.
"""

import streamlit as st

st.set_page_config(page_title="Tertial – måluppföljning", page_icon="📊", layout="wide")

# A small table (st.table) wider than the page would scroll sideways in a box that
# Streamlit does not make focusable, so nobody on a keyboard could reach its last columns
# (WCAG 2.1.1; axe's scrollable-region-focusable; Rapporter's list of reports at 1366 px).
# Its cells may break a long word (a file name, "Verksamhetsutveckling/utredning") instead:
# a table that fits keeps every word whole, as before. The headers keep theirs.
st.html(
    "<style>[data-testid='stTable'] td [data-testid='stMarkdownContainer'],"
    " [data-testid='stTable'] td [data-testid='stMarkdownContainer'] p { overflow-wrap: anywhere; }</style>"
)

navigation = st.navigation(
    [
        st.Page("app_pages/oversikt.py", title="Översikt", icon=":material/bar_chart:", default=True),
        st.Page("app_pages/mal.py", title="Mål", icon=":material/flag:", url_path="mal"),
        st.Page("app_pages/aktiviteter.py", title="Aktiviteter", icon=":material/checklist:", url_path="aktiviteter"),
        st.Page("app_pages/trender.py", title="Trender", icon=":material/timeline:", url_path="trender"),
        st.Page("app_pages/forandringar.py", title="Förändringar", icon=":material/compare_arrows:",
                url_path="forandringar"),
        st.Page("app_pages/rapporter.py", title="Rapporter", icon=":material/description:"),
        st.Page("app_pages/datakvalitet.py", title="Datakvalitet", icon=":material/fact_check:", url_path="datakvalitet"),
        st.Page("app_pages/rattelser.py", title="Rättelser", icon=":material/edit:", url_path="rattelser"),
        st.Page("app_pages/importera.py", title="Importera", icon=":material/upload_file:", url_path="importera"),
        st.Page("app_pages/logg.py", title="Ändringslogg", icon=":material/history:", url_path="logg"),
    ]
)
navigation.run()

"""Tertial – the dashboard's entry point: page setup and navigation, nothing else.

Run: python -m tertial.serve (bash scripts/run.sh does), which is streamlit run app.py with
Streamlit's automatic pages/ mode off (see tertial/serve.py).

The pages live in pages/, one file each, named in English; each page's address is its
Swedish url_path below. The two must differ: with a folder named pages/, Streamlit's
first run after a server start uses the old automatic multipage mode, and a first
request whose path equals a page file's name runs that file alone, without this file's
navigation. A bookmarked /rapporter names no file, so it gets the navigation.
"""

import streamlit as st

from tertial.auth import return_after_sign_in

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

pages = [
    st.Page("pages/overview.py", title="Översikt", icon=":material/bar_chart:", url_path="oversikt", default=True),
    st.Page("pages/search.py", title="Sök", icon=":material/search:", url_path="sok"),
    st.Page("pages/tertial_report.py", title="Tertialrapport", icon=":material/picture_as_pdf:",
            url_path="tertialrapport"),
    st.Page("pages/goals.py", title="Mål", icon=":material/flag:", url_path="mal"),
    st.Page("pages/activities.py", title="Aktiviteter", icon=":material/checklist:", url_path="aktiviteter"),
    st.Page("pages/trends.py", title="Trender", icon=":material/timeline:", url_path="trender"),
    st.Page("pages/changes.py", title="Förändringar", icon=":material/compare_arrows:",
            url_path="forandringar"),
    st.Page("pages/reports.py", title="Rapporter", icon=":material/description:", url_path="rapporter"),
    st.Page("pages/data_quality.py", title="Datakvalitet", icon=":material/fact_check:", url_path="datakvalitet"),
    st.Page("pages/corrections.py", title="Rättelser", icon=":material/edit:", url_path="rattelser"),
    st.Page("pages/import_reports.py", title="Importera", icon=":material/upload_file:", url_path="importera"),
    st.Page("pages/audit_log.py", title="Ändringslogg", icon=":material/history:", url_path="logg"),
]
navigation = st.navigation(pages)
# After a sign-in through the identity provider: recorded, and back to where it started.
return_after_sign_in(pages, navigation)
navigation.run()

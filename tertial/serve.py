"""Serve the dashboard: `streamlit run app.py`, with Streamlit's automatic pages/ mode off.

Run: python -m tertial.serve [streamlit options, e.g. --server.port 8502]

The pages live in pages/, as the design card has them. A folder of that name makes
Streamlit run the first script run after a start in its old automatic multipage mode,
before app.py's st.navigation takes over: a first request for /mal (a bookmarked link)
then finds no page file named mal.py and shows a "Page not found" dialog over the right
page. Streamlit itself turns that mode off at the first st.navigation call (the flag
below); setting it before the server starts makes the first run like every other. If a
Streamlit release drops the flag, setting it does nothing and the dialog is back; the
browser test of a bookmarked link opened first after a start would then fail.
"""

from __future__ import annotations

import sys

from tertial import PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web.cli import main as streamlit_main

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    streamlit_main()


if __name__ == "__main__":
    main()

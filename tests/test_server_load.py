"""scripts/server_load.py speaks Streamlit's websocket protocol as a browser does; it runs
briefly here so that a Streamlit upgrade that changes the protocol cannot quietly stop it
(its readers check that every focus-area choice reached the app's link). The figures are
not judged here: the machines are shared."""

import sys

from tertial import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import server_load  # noqa: E402


def test_protocol_readers_open_the_dashboard_move_between_pages_and_filter(bundled_db):
    [result] = server_load.measure(bundled_db, [2], seconds=3, warm_up_seconds=1)
    assert result["readers"] == 2 and result["openings"] == 2
    # Each round is a page change and a focus-area choice: both counted, every one finished.
    assert result["page_views"] >= 4 and result["page_views"] % 2 == 0
    assert result["server_cpu_per_view_ms"] > 0 and result["view_p95_ms"] >= result["view_p50_ms"] > 0

"""scripts/server_load.py speaks Streamlit's websocket protocol as a browser does; it runs
briefly here so that a Streamlit upgrade that changes the protocol cannot quietly stop it
(its readers check that every focus-area choice reached the app's link). The figures are
not judged here: the machines are shared."""

import os
import sys

import pytest

from tertial import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import deployment  # noqa: E402
import server_load  # noqa: E402


def test_protocol_readers_open_the_dashboard_move_between_pages_and_filter(bundled_db):
    [result] = server_load.measure(bundled_db, [2], seconds=3, warm_up_seconds=1)
    assert result["readers"] == 2 and result["openings"] == 2
    # Each round is a page change and a focus-area choice: both counted, every one finished.
    assert result["page_views"] >= 4 and result["page_views"] % 2 == 0
    assert result["server_cpu_per_view_ms"] > 0 and result["view_p95_ms"] >= result["view_p50_ms"] > 0


@pytest.mark.skipif(not os.path.exists(deployment.NGINX) or not os.path.exists(deployment.OPENSSL),
                    reason="nginx or openssl is not installed; scripts/test.sh installs them")
def test_protocol_readers_go_through_the_deployments_proxy_to_every_process(bundled_db):
    """--processes: nginx as deploy/ ships it in front of several app processes; each
    reader carries the routing cookie nginx gave it, and the CPU is summed over the
    processes."""
    [result] = server_load.measure_deployment(bundled_db, [2], readers=3, seconds=2, warm_up_seconds=1)
    assert result["processes"] == 2 and result["openings"] == 3 and result["page_views"] >= 6
    assert sum(result["readers_per_process"].values()) == 3 and len(result["readers_per_process"]) == 2
    assert result["server_cpu_per_view_ms"] > 0 and len(result["server_cpu_seconds_per_process"]) == 2
    assert result["proxy_cpu_per_view_ms"] >= 0

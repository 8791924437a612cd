"""Readers and an editor at once (scripts/load_sessions.py --writes, at a small scale in
the suite; 20 sessions from the README's command): while a report is loaded, replaced and
undone over and over at the command line, the sessions move between pages and filters
in Chromium and none of them ever sees an error. The times are reported, not judged."""

import sys

from tertial import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import load_sessions  # noqa: E402


def test_readers_see_no_error_while_an_editor_loads_replaces_and_undoes(db):
    result = load_sessions.measure_load(db, sessions=3, seconds=25, writes=True)
    assert result["writes_failed"] == []
    # At least one whole cycle: the load, its replacement and both undone.
    assert result["writes"]["import"] >= 1 and result["writes"]["replace"] >= 1 and result["writes"]["undo"] >= 2
    assert result["page_views"] >= 3 and result["openings"] == 3
    assert result["errors_seen"] == []

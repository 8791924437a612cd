"""Readers and an editor at once (scripts/load_sessions.py --writes, at a small scale in
the suite; 20 sessions from the README's command): while a report is loaded, replaced and
undone over and over at the command line, the sessions move between pages and filters
in Chromium and none of them ever sees an error, nor half a load: every Översikt view
they see is one a whole state of the file gives. The times are reported, not judged."""

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
    assert result["overviews_seen"] >= 1
    assert result["overviews_not_of_a_whole_state"] == []


def test_an_overview_of_half_a_load_is_told_from_the_whole_states(db, tmp_path):
    """The check above has teeth: the views of the loaded T3 report are not among the
    views of the file before the load, and a view mixing the T3 sentence with another
    state's grade table is among none."""
    areas = load_sessions.focus_areas_of(db, 3)
    before = load_sessions.overview_views(db, areas)
    every_state = load_sessions.views_of_every_state(db, areas, load_sessions.writer_reports(tmp_path))
    t3 = [view for view in every_state if view[0] and "(2023-T3)" in view[0]]
    assert t3 and not any(view in before for view in t3)
    # The committee reads "7 of 21 fulfilled or partly fulfilled" for T2 2023; the T3 copy
    # says so too, and its corrected version one more (Knappt uppfyllt became Delvis).
    sentences = {view[1] for view in t3 if view[0].endswith("(2023-T3)") and view[0].startswith("Kommunstyrelsens")}
    assert any("totalt 21 målen" in s and "är 7 mål Uppfyllt eller Delvis" in s for s in sentences)
    assert any("totalt 21 målen" in s and "är 8 mål Uppfyllt eller Delvis" in s for s in sentences)
    scope, sentence, table = t3[0]
    other_tables = [view[2] for view in every_state if view[2] is not None and view[2] != table]
    assert (scope, sentence, other_tables[0]) not in every_state


def test_a_period_undone_under_a_sessions_choice_is_a_whole_state(db, tmp_path):
    # A session that chose T3 2023 while it was loaded is told at its next run after the undo
    # that the period has no report: what a whole state says, not half a load (a CI run
    # counted it as one).
    views = load_sessions.views_of_every_state(db, [], load_sessions.writer_reports(tmp_path))
    assert (None, "För 2023-T3 finns ingen rapport inläst.", None) in views
    assert not any(view[1] == "För 2023-T2 finns ingen rapport inläst." for view in views)  # in every state

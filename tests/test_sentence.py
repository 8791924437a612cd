"""The committee sentence: word for word as the T2 2023 report prints it, and honest and
grammatical in every other case (ungraded goals, no grades, one goal, no goals, a
focus area)."""

from datetime import date

import pytest

from tertial.sentence import CommitteeCounts, committee_sentence, share_of_goals, source_note

T2_2023 = "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt och 14 mål Ej uppfyllt eller Knappt uppfyllt."


def counts(total, fulfilled, not_fulfilled, not_graded, *, period="2023-T2", level="KS", focus_area=None, sources=1, reports=1):
    return CommitteeCounts(
        period=period, goal_level=level, total=total, fulfilled=fulfilled, not_fulfilled=not_fulfilled,
        not_graded=not_graded, focus_area=focus_area, source_report_count=sources, period_report_count=reports,
    )


def test_the_t2_2023_sentence_as_the_committee_reads_it():
    # 001, line 333: "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål är Uppfyllt eller
    # Delvis uppfyllt och 14 mål är Ej uppfyllt eller Knappt uppfyllt." (the doubled "är" is
    # the report's own slip and is not copied).
    assert committee_sentence(counts(21, 7, 14, 0)) == T2_2023


def test_a_focus_area_prefixes_the_sentence_and_keeps_its_grammar():
    assert committee_sentence(counts(9, 3, 6, 0, focus_area="Hållbar hälsa")) == (
        "Inom Hållbar hälsa: av de totalt 9 målen kommunstyrelsen antagit är 3 mål Uppfyllt eller "
        "Delvis uppfyllt och 6 mål Ej uppfyllt eller Knappt uppfyllt."
    )


@pytest.mark.parametrize(
    ("not_graded", "ending"),
    [(3, ", 11 mål Ej uppfyllt eller Knappt uppfyllt och 3 mål ej bedömda."),
     (1, ", 13 mål Ej uppfyllt eller Knappt uppfyllt och 1 mål ej bedömt.")],
)
def test_ungraded_goals_are_said_not_hidden_and_the_participle_agrees(not_graded, ending):
    total, fulfilled = 21, 7
    text = committee_sentence(counts(total, fulfilled, total - fulfilled - not_graded, not_graded))
    assert text.startswith("Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt")
    assert text.endswith(ending)


def test_a_period_without_any_grade_says_so_and_names_the_level_counted():
    # 2023-T1: the report lists the 15 goals kommunfullmäktige set, none of them graded.
    assert committee_sentence(counts(15, 0, 0, 15, period="2023-T1", level="KF")) == (
        "Rapporten för 2023-T1 redovisar 15 mål som kommunfullmäktige antagit, utan bedömning."
    )


def test_two_reports_behind_the_goals_are_named_in_the_plural():
    text = committee_sentence(counts(4, 0, 0, 4, period="2025-T1", sources=2, reports=2))
    assert text == "Rapporterna för 2025-T1 redovisar 4 mål som kommunstyrelsen antagit, utan bedömning."


def test_a_report_without_goals():
    # 2024-T3 is a memo: a report, but no goals in it.
    assert committee_sentence(counts(0, 0, 0, 0, period="2024-T3", level=None, sources=0)) == (
        "Rapporten för 2024-T3 redovisar inga mål."
    )


def test_a_focus_area_without_goals():
    assert committee_sentence(counts(0, 0, 0, 0, period="2024-T1", focus_area="Hållbar natur", sources=0)) == (
        "Inom Hållbar natur: rapporten för 2024-T1 redovisar inga mål som kommunstyrelsen antagit."
    )


def test_a_period_without_a_report():
    assert committee_sentence(counts(0, 0, 0, 0, period="2023-T3", level=None, sources=0, reports=0)) == (
        "För 2023-T3 finns ingen rapport inläst."
    )


@pytest.mark.parametrize(
    ("fulfilled", "expected"),
    [(1, "Det enda målet kommunstyrelsen antagit är Uppfyllt eller Delvis uppfyllt."),
     (0, "Det enda målet kommunstyrelsen antagit är Ej uppfyllt eller Knappt uppfyllt.")],
)
def test_a_single_goal_is_spoken_of_in_the_singular(fulfilled, expected):
    assert committee_sentence(counts(1, fulfilled, 1 - fulfilled, 0)) == expected


def test_a_single_ungraded_goal():
    assert committee_sentence(counts(1, 0, 0, 1, level="KF")) == (
        "Rapporten för 2023-T2 redovisar 1 mål som kommunfullmäktige antagit, utan bedömning."
    )


def test_counts_from_the_query_row():
    row = {"goal_level": "KS", "total": 21, "fulfilled": 7, "not_fulfilled": 14, "not_graded": 0,
           "source_report_count": 1, "period_report_count": 1, "via_crosswalk": False}
    assert committee_sentence(CommitteeCounts.from_row(row, period="2023-T2")) == T2_2023


def test_metric_and_source_wording():
    assert share_of_goals(7, 21) == "7 av 21 mål"
    note = source_note([{"title": "Rapport målavstämning kommunstyrelsen tertialrapport 2 2023",
                         "file_name": "001_2318b0fccc3d977e.txt", "as_of": date(2023, 8, 31), "goal_count": 36}])
    assert note == (
        "Källa: »Rapport målavstämning kommunstyrelsen tertialrapport 2 2023« "
        "(fil 001_2318b0fccc3d977e.txt, avstämd 31 augusti 2023, 36 mål)."
    )
    assert source_note([]) == "Ingen rapport är inläst för perioden."

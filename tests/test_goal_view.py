"""The Mål page's pure logic (tertial.goal_view) and its queries (queries/goal_*.sql), on
small frames and on the database built from the bundled reports. Line numbers refer to
the report files in data/raw."""

from datetime import date

import polars as pl
import pytest

from tertial import goal_view
from tertial.export import SWEDISH_COLUMNS
from tertial.queries import run_query
from tertial.webapp import OPENS_GOAL
from tertial.visual import GRADE_COLOURS, OVERDUE_MARK

T2_2023_FILE = "001_2318b0fccc3d977e.txt"
PERIODS = ["2023-T1", "2023-T2", "2023-T3", "2024-T1", "2024-T2", "2024-T3"]


@pytest.fixture
def catalogue(bundled_con):
    return run_query(bundled_con, "goal_catalogue", {"organisation": "Ånge kommun"})


@pytest.fixture
def history(bundled_con):
    return run_query(bundled_con, "goal_grade_history", {"organisation": "Ånge kommun"})


@pytest.fixture
def activities(bundled_con):
    return run_query(bundled_con, "goal_activity_history", {"organisation": "Ånge kommun"})


def goal_id(catalogue, code):
    return catalogue.filter(pl.col("goal_code") == code)["goal_id"].item()


# --- The goal in the URL -----------------------------------------------------------------


KEYS = {"ks-2023-1a2b3c4d": 36, "kf-2023-0badcafe": 5}
OLD_LINK = ("Länken anger målet med ett internt nummer, som kan peka på ett annat mål när databasen byggs om. "
            "Adressfältet har nu målets beständiga länk.")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, None), ("", None), ([], None), ("ks-2023-1a2b3c4d", 36), (" KS-2023-1A2B3C4D ", 36),
     (["", "kf-2023-0badcafe"], 5), (["ks-2023-1a2b3c4d", "kf-2023-0badcafe"], 36)],
)
def test_a_link_naming_a_known_goal_opens_it(raw, expected):
    assert goal_view.parse_goal_param(raw, KEYS) == (expected, None)


def test_a_link_from_before_the_keys_opens_its_goal_and_says_the_number_may_move():
    assert goal_view.parse_goal_param("36", KEYS) == (36, OLD_LINK)
    assert goal_view.parse_goal_param("37", KEYS)[0] is None


@pytest.mark.parametrize(
    ("raw", "quoted"),
    [("abc", "»abc«"), ("999999", "»999999«"), ("<script>alert(1)</script>", "»scriptalert1/script«"),
     ("36 OR 1=1", "»36 OR 11«"), ("-1", "»-1«"), ("3.5", "»3.5«"), ("1" * 60, "»" + "1" * 40 + "…«"),
     ("ks-2023-1a2b3c4e", "»ks-2023-1a2b3c4e«")],
)
def test_a_link_naming_no_known_goal_gives_a_notice_not_an_error(raw, quoted):
    goal, notice = goal_view.parse_goal_param(raw, KEYS)
    assert goal is None
    assert notice == f"Målet {quoted} i länken finns inte i uppgifterna. Välj ett mål i listan."


def test_a_goals_link_carries_its_key_period_and_organisation():
    assert goal_view.goal_link("ks-2023-1a2b3c4d") == "mal?mal=ks-2023-1a2b3c4d"
    assert goal_view.goal_link("ks-2023-1a2b3c4d", "2024-T1", "Storvik kommun") == (
        "mal?mal=ks-2023-1a2b3c4d&period=2024-T1&organisation=Storvik+kommun")


def test_a_link_of_nothing_but_markup_is_not_quoted():
    assert goal_view.parse_goal_param("<>", KEYS) == (None, "Målet i länken finns inte i uppgifterna. Välj ett mål i listan.")


# --- The goal list ---------------------------------------------------------------------


def test_the_grade_filter_takes_ej_bedomd_for_goals_without_a_grade():
    goals = pl.DataFrame({"goal_code": ["a", "b", "c", "d"], "grade": ["Uppfyllt", None, "Ej uppfyllt", "Knappt uppfyllt"]})
    assert goal_view.filter_grades(goals, ())["goal_code"].to_list() == ["a", "b", "c", "d"]
    assert goal_view.filter_grades(goals, ("Ej bedömd",))["goal_code"].to_list() == ["b"]
    assert goal_view.filter_grades(goals, ("Ej uppfyllt", "Knappt uppfyllt"))["goal_code"].to_list() == ["c", "d"]
    assert goal_view.filter_grades(goals, ("Uppfyllt", "Ej bedömd"))["goal_code"].to_list() == ["a", "b"]


def test_the_goal_list_of_t2_2023_counts_activities_and_the_one_overdue(bundled_con):
    goals = run_query(bundled_con, "goal_list", {"organisation": "Ånge kommun", "period": "2023-T2", "focus_area": None})
    assert goals.height == 36
    assert goals["activities"].sum() == 57
    # 001 rad 111: "Ta fram en metod för att genomföra medborgardialog", end 2023-08-21, Ej påbörjad.
    assert goals.filter(pl.col("overdue_activities") > 0).select("goal_code", "overdue_activities").rows() == [("2.3.1", 1)]
    # The reports' order: 2.1 (rad 15) first, 2.15.1 (rad 317) last.
    assert (goals["goal_code"][0], goals["goal_code"][-1]) == ("2.1", "2.15.1")
    assert goals["source_line"].to_list() == sorted(goals["source_line"].to_list())


def test_the_committee_question_from_the_list(bundled_con):
    goals = run_query(bundled_con, "goal_list", {"organisation": "Ånge kommun", "period": "2023-T2", "focus_area": "Hållbar hälsa"})
    answer = goal_view.filter_grades(goals, ("Ej uppfyllt", "Knappt uppfyllt"))
    assert dict(zip(answer["goal_code"], answer["grade"])) == {
        "2.10.1": "Ej uppfyllt", "2.10.2": "Knappt uppfyllt", "2.11.1": "Ej uppfyllt",
        "2.11.2": "Ej uppfyllt", "2.11.5": "Knappt uppfyllt", "2.14.1": "Knappt uppfyllt",
    }
    assert goal_view.list_summary(answer) == (
        "6 mål i urvalet, med 11 aktiviteter under sig, varav 0 försenade per rapportens "
        "avstämningsdatum 31 augusti 2023."
    )
    assert goal_view.overdue_under(run_query(bundled_con, "goal_activity_history", {"organisation": "Ånge kommun"}), answer).is_empty()


def test_the_list_summary_speaks_proper_swedish():
    one = pl.DataFrame({"activities": [1], "overdue_activities": [1], "as_of": [date(2024, 4, 30)]})
    assert goal_view.list_summary(one) == (
        "1 mål i urvalet, med 1 aktivitet under sig, varav 1 försenad per rapportens avstämningsdatum 30 april 2024."
    )
    none = pl.DataFrame({"activities": [0, 0], "overdue_activities": [0, 0], "as_of": [date(2023, 4, 30)] * 2})
    assert goal_view.list_summary(none) == "2 mål i urvalet. Rapporten redovisar inga aktiviteter under dem."
    assert goal_view.list_summary(none.clear()) == "Inga mål i urvalet."


def test_every_column_of_the_pages_tables_has_a_swedish_name(bundled_con, catalogue, history, activities):
    """No English view name reaches a reader: each column is named in export.SWEDISH_COLUMNS
    or already Swedish (goal_view.PAGE_COLUMNS), or is the goal's key, which the table
    uses to open the goal and neither shows nor exports (webapp.OPENS_GOAL)."""
    goals = run_query(bundled_con, "goal_list", {"organisation": "Ånge kommun", "period": "2023-T2", "focus_area": None})
    known = set(SWEDISH_COLUMNS) | set(goal_view.PAGE_COLUMNS.values()) | {OPENS_GOAL}
    tables = [
        goal_view.goal_table(goals),
        goal_view.grade_history_table(goal_view.grade_history(history, 36)),
        goal_view.activity_table(goal_view.goal_activities(activities, 36)),
        goal_view.overdue_under(activities, goals),
        goal_view.related_goals_table(catalogue, history, [3]),
    ]
    for table in tables:
        assert set(table.columns) <= known, set(table.columns) - known


def test_the_goal_table_shows_grades_with_their_symbols(bundled_con):
    goals = run_query(bundled_con, "goal_list", {"organisation": "Ånge kommun", "period": "2023-T2", "focus_area": "Hållbar natur"})
    table = goal_view.goal_table(goals)
    # 001: 2.2 (KF), 2.2.1 and 2.2.2 Ej uppfyllt, 2.5 (KF), 2.5.1 Uppfyllt.
    assert dict(zip(table["goal_code"], table["grade"])) == {
        "2.2": "○ Ej bedömd", "2.2.1": "■ Ej uppfyllt", "2.2.2": "■ Ej uppfyllt", "2.5": "○ Ej bedömd", "2.5.1": "● Uppfyllt",
    }


def test_goal_options_keep_a_linked_goal_outside_the_filters(catalogue, bundled_con):
    listed = run_query(bundled_con, "goal_list", {"organisation": "Ånge kommun", "period": "2023-T1", "focus_area": "Hållbar natur"})
    options = goal_view.goal_options(listed, catalogue, chosen=goal_id(catalogue, "2.15.1"))
    labels = list(options.values())
    # 000 numbers Hållbar natur's KF goals 1.5.1 and 1.5.2; the linked KS goal comes last.
    assert labels[0].startswith("1.5.1 Öka takten i kommunens miljö- och klimatarbete") and labels[0].endswith("(KF)")
    assert labels[-1].startswith("2.15.1 Kommunen upplevs som attraktiv") and labels[-1].endswith("… (KS)")
    assert len(options) == 3
    assert goal_view.code_in(listed, catalogue, goal_id(catalogue, "2.2")) == "1.5.1"  # as T1 prints it


def test_a_goal_without_a_number_is_labelled_as_such():
    assert goal_view.goal_label(None, "Sjukfrånvaron ska minska.", "KS") == "(utan nummer) Sjukfrånvaron ska minska. (KS)"
    assert goal_view.goal_label("1.1", "x" * 100, limit=10) == "1.1 xxxxxxxxx…"


# --- One goal's chain --------------------------------------------------------------------


def test_the_chain_of_a_2023_ks_goal(catalogue):
    steps = goal_view.chain(catalogue, goal_id(catalogue, "2.15.1"))
    assert [(s.kind, s.text, s.is_goal) for s in steps] == [
        ("Fokusområde", "Hållbar vardag", False),
        ("KF-mål", "2.15 Öka takten i arbetet med attraktiv kommun och prioriterade besöksmål", False),
        ("KS-mål", steps[2].text, True),
    ]
    assert steps[0].note == "enligt rapporten"
    assert steps[2].text.startswith("2.15.1 Kommunen upplevs som attraktiv")
    markdown = goal_view.chain_markdown(steps)
    assert markdown.startswith("**Fokusområde:** Hållbar vardag *(enligt rapporten)*  \n→ **KF-mål:** 2\\.15 Öka")
    assert markdown.endswith("← **det här målet**")


def test_the_chain_of_a_kf_goal_names_its_ks_goals_or_their_absence(catalogue):
    # 001 rad 208–216: KF 2.10 has the KS goals 2.10.1 (rad 210) and 2.10.2 (rad 216).
    steps = goal_view.chain(catalogue, goal_id(catalogue, "2.10"))
    assert (steps[-2].kind, steps[-2].is_goal) == ("KF-mål", True)
    assert (steps[-1].kind, steps[-1].text) == ("KS-mål", "2 st: 2.10.1, 2.10.2")
    # 001 rad 297: "För detta kommunfullmäktigemål har inte kommunstyrelsens antagit något utvecklingsmål."
    lonely = goal_view.chain(catalogue, goal_id(catalogue, "2.13"))
    assert (lonely[-1].text, lonely[-1].note) == ("inget", "rapporterna redovisar inget KS-mål under detta mål")
    assert goal_view.related_goals(catalogue, goal_id(catalogue, "2.13")) == ("", [])
    heading, children = goal_view.related_goals(catalogue, goal_id(catalogue, "2.10"))
    assert heading == "Kommunstyrelsens mål under detta mål" and len(children) == 2


def test_the_chain_of_a_2024_goal_says_the_crosswalk_placed_it(catalogue):
    steps = goal_view.chain(catalogue, goal_id(catalogue, "1.9"))
    assert [(s.kind, s.text) for s in steps] == [
        ("Fokusområde", "Hållbar hälsa"),
        ("Målområde", "Barn och Unga"),
        ("KF-mål", "inget angivet"),
        ("KS-mål", "1.9 Utveckla 3 nya platser för utomhusaktiviteter."),
    ]
    # data/crosswalk.csv line 6, with its reason.
    assert steps[0].note == (
        "via korsreferens (crosswalk.csv, rad 6: Visionen: mötesplatser och rörelse för alla.)"
    )
    # Sjukfrånvaron ska minska: 002's goal for god ekonomisk hushållning (a KF goal).
    sick_leave = goal_view.chain(catalogue, goal_id(catalogue, "1.1"))
    assert [(s.kind, s.text) for s in sick_leave[:3]] == [
        ("Fokusområde", "Hållbar hälsa"), ("Verksamhetsmål", "God ekonomisk hushållning"), ("KF-mål", "1.1 Sjukfrånvaron ska minska"),
    ]


def test_an_unknown_goal_has_no_chain(catalogue):
    assert goal_view.chain(catalogue, 999999) == []
    assert goal_view.related_goals(catalogue, 999999) == ("", [])


# --- One goal's grades over time -----------------------------------------------------------


def test_the_grade_history_holds_every_goal_in_every_tertial(history, catalogue):
    assert history.height == catalogue.height * len(PERIODS)
    assert history.filter(pl.col("goal_id") == 1)["period"].to_list() == PERIODS


def test_one_goals_grades_over_time_never_guessed(history, catalogue):
    rows = goal_view.grade_history(history, goal_id(catalogue, "2.15.1"))
    assert rows["period"].to_list() == PERIODS
    assert rows["grade_text"].to_list() == ["○ Ej bedömd", "◆ Knappt uppfyllt", "○ Ej bedömd", "○ Ej bedömd", "○ Ej bedömd", "○ Ej bedömd"]
    t2 = rows.row(1, named=True)
    assert (t2["report_file"], t2["source_line"], t2["grade_line"], t2["grade_as_printed"]) == (
        T2_2023_FILE, 317, 319, "◆ Knappt uppfyllt")
    # The reader noted on line 319 that the prose says Delvis; the heading is the grade.
    assert t2["reading_note"].startswith("Rad 319: Texten bedömer målet 2.15.1 som Delvis uppfyllt")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (dict(presented=True, grade="Uppfyllt", report_count=1, period_goal_count=5), goal_view.GRADED),
        (dict(presented=True, grade=None, report_count=1, period_goal_count=5), goal_view.PRESENTED_WITHOUT_GRADE),
        (dict(presented=False, grade=None, report_count=0, period_goal_count=0), goal_view.NO_REPORT),
        (dict(presented=False, grade=None, report_count=1, period_goal_count=0), goal_view.NOT_PRESENTED_NO_GOALS),
        (dict(presented=False, grade=None, report_count=1, period_goal_count=5), goal_view.NOT_PRESENTED),
        (dict(presented=False, grade=None, report_count=2, period_goal_count=5), goal_view.NOT_PRESENTED_SEVERAL),
        (dict(presented=False, grade=None, report_count=1, period_goal_count=5, report_model_years="2024"),
         "Inte redovisad i periodens rapport – den följer 2024 års målmodell"),
    ],
)
def test_why_a_period_shows_no_grade(row, expected):
    assert goal_view.presentation({"report_model_years": "2023", "model_year": 2023, **row}) == expected


def test_the_grade_chart_uses_the_one_visual_language(history, catalogue):
    rows = goal_view.grade_history(history, goal_id(catalogue, "2.15.1"))
    figure = goal_view.grade_history_chart(rows)
    traces = {trace.name: trace for trace in figure.data}
    assert list(traces) == ["● Uppfyllt", "▲ Delvis uppfyllt", "◆ Knappt uppfyllt", "■ Ej uppfyllt", "○ Ej bedömd"]
    knappt = traces["◆ Knappt uppfyllt"]
    assert (list(knappt.x), knappt.marker.symbol, knappt.marker.color) == (["2023-T2"], "diamond", GRADE_COLOURS["Knappt uppfyllt"])
    assert list(traces["○ Ej bedömd"].x) == ["2023-T1", "2023-T3", "2024-T1", "2024-T2", "2024-T3"]
    assert traces["○ Ej bedömd"].marker.symbol == "circle-open"
    assert all(trace.mode == "markers" for trace in figure.data)  # nothing is drawn between periods
    assert list(figure.layout.xaxis.categoryarray) == PERIODS
    assert "001_2318b0fccc3d977e.txt, rad 319" in knappt.hovertext[0]
    description = goal_view.grade_history_description(rows, "2.15.1")
    assert "2023-T2: ◆ Knappt uppfyllt (Bedömd i rapporten)" in description
    assert "2023-T3: ○ Ej bedömd (Ingen rapport för perioden)" in description


def test_analyses_cite_file_and_line(history, catalogue):
    found = goal_view.analyses(goal_view.grade_history(history, goal_id(catalogue, "2.15")))
    # KF 2.15 = 000's 1.1.3 (rad 32, with a comment) and 001's 2.15 (rad 315, none).
    assert [(a.period, a.source, a.text is None) for a in found] == [
        ("2023-T1", "Källa: 000_4224aef9546bb394.txt, rad 32", False),
        ("2023-T2", "Källa: 001_2318b0fccc3d977e.txt, rad 315", True),
    ]
    assert found[0].heading == "Tertial 1 2023 (2023-T1) – ○ Ej bedömd"
    assert found[0].text.startswith("På de prioriterade besöksmålen görs insatser")


# --- One goal's activities over time -------------------------------------------------------


def test_activities_over_time_as_a_matrix_and_a_table(activities, catalogue):
    entries = goal_view.goal_activities(activities, goal_id(catalogue, "2.3.1"))
    matrix = goal_view.activity_matrix(entries, ["2023-T1", "2023-T2"])
    # 001 rad 110–111: Genomföra medborgardialoger, Ta fram en metod … (overdue on 2023-08-31).
    assert matrix.to_dict("records") == [
        {"Aktivitet": "Genomföra medborgardialoger", "2023-T1": "–", "2023-T2": "▶ Pågående enligt plan"},
        {"Aktivitet": "Ta fram en metod för att genomföra medborgardialog", "2023-T1": "–",
         "2023-T2": f"■ Ej påbörjad {OVERDUE_MARK}"},
    ]
    table = goal_view.activity_table(entries)
    assert table.select("source_line", "overdue", "end_date").rows() == [
        (110, "Nej", date(2023, 12, 31)), (111, f"{OVERDUE_MARK} Ja", date(2023, 8, 21)),
    ]
    assert goal_view.activity_summary(entries) == "2 aktiviteter i 2023-T2, varav 1 försenad per 31 augusti 2023."


def test_an_activity_seen_in_two_periods_is_one_row_of_the_matrix():
    rows = pl.DataFrame({
        "activity_id": [7, 7, 8], "activity_title": ["A", "A", "B"], "period": ["2023-T1", "2023-T2", "2023-T2"],
        "status": ["Ej påbörjad", "Avslutad enligt plan", "Vänteläge"], "overdue": [False, False, True],
    })
    matrix = goal_view.activity_matrix(rows, ["2023-T1", "2023-T2", "2023-T3"])
    assert matrix.values.tolist() == [
        ["A", "■ Ej påbörjad", "✓ Avslutad enligt plan", "–"],
        ["B", "–", f"⏸ Vänteläge {OVERDUE_MARK}", "–"],
    ]


def test_a_goal_without_activities_says_so(activities, catalogue):
    # 001 rad 214: 2.10.1 has no activity planned.
    entries = goal_view.goal_activities(activities, goal_id(catalogue, "2.10.1"))
    assert entries.is_empty()
    assert goal_view.activity_summary(entries) == "Rapporterna redovisar inga aktiviteter under målet."


def test_the_list_says_how_it_combines_several_reports_of_a_period():
    assert goal_view.combination_note(1) == goal_view.combination_note(0) == ""
    note = goal_view.combination_note(2)
    assert note.startswith("Perioden har 2 rapporter, en per enhet") and "senast avstämda" in note


def test_tables_label_grades_statuses_and_overdue_as_the_visual_language_does():
    from tertial.visual import grade_label, status_label

    goals = pl.DataFrame({
        "goal_code": ["1", "2", "3"], "goal_title": ["A", "B", "C"], "goal_level": ["KS"] * 3,
        "grade": ["Knappt uppfyllt", None, ""], "activities": [0] * 3, "overdue_activities": [0] * 3,
        "focus_area": ["Hållbar hälsa"] * 3, "vision_focus_area": ["Hållbar hälsa"] * 3,
        "vision_focus_area_source": ["rapport"] * 3, "report_file": ["001.txt"] * 3,
        "source_line": [1, 2, 3], "grade_line": [None, None, None], "goal_key": ["ks-2023-00000001", None, None],
    })
    assert goal_view.goal_table(goals)["grade"].to_list() == [grade_label("Knappt uppfyllt"), grade_label(None), grade_label(None)]
    entries = pl.DataFrame({
        "activity_id": [1, 2], "activity_title": ["X", "Y"], "period": ["2023-T2"] * 2,
        "status": ["Vänteläge", "Pågående med avvikelse"], "start_date": [None, None], "end_date": [None, None],
        "overdue": [True, None], "responsible_unit": [None, None], "comment": [None, None],
        "report_file": ["001.txt"] * 2, "source_line": [10, 11],
    })
    table = goal_view.activity_table(entries)
    assert table["status"].to_list() == [status_label("Vänteläge"), status_label("Pågående med avvikelse")]
    assert table["overdue"].to_list() == [f"{OVERDUE_MARK} Ja", "Nej"]

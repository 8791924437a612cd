"""The Mål page through Streamlit's AppTest on the database built from the bundled
reports: the goal list and its filters, one goal's own view opened from a link or from
the list, and links that name no goal. Figures are checked against the report files in
data/raw (line numbers refer to those files)."""

import pytest

from tertial import PROJECT_ROOT, RAW_DIR
from tertial.queries import run_query

PAGE = "pages/goals.py"
T2_2023_FILE = "001_2318b0fccc3d977e.txt"
T1_2023_FILE = "000_4224aef9546bb394.txt"

# 001, Hållbar hälsa (KF 2.6, 2.10, 2.11, 2.14), KS goals graded Ej or Knappt uppfyllt,
# with the line of each grade heading and the activity rows under each goal.
NOT_FULFILLED_IN_HEALTH = {
    "2.10.1": ("■ Ej uppfyllt", 212, 0),  # no activity planned (rad 214)
    "2.11.1": ("■ Ej uppfyllt", 232, 0),
    "2.11.2": ("■ Ej uppfyllt", 238, 1),  # Kommunikation ska ta fram en kampanj, rad 244
    "2.10.2": ("◆ Knappt uppfyllt", 218, 3),  # rad 223–225
    "2.11.5": ("◆ Knappt uppfyllt", 272, 1),  # rad 277
    "2.14.1": ("◆ Knappt uppfyllt", 303, 6),  # rad 308–313
}



@pytest.fixture
def app(app):
    """The app, opened on the Mål page."""
    app.switch_page(PAGE)
    return app


@pytest.fixture
def goal_ids(bundled_con):
    """goal code in its newest report → goal_id, as the database numbers them."""
    catalogue = run_query(bundled_con, "goal_catalogue", {"organisation": "Ånge kommun"})
    return {code: goal_id for code, goal_id in zip(catalogue["goal_code"], catalogue["goal_id"]) if code}


@pytest.fixture
def goal_keys(bundled_con):
    """goal code in its newest report → the goal's key in links."""
    catalogue = run_query(bundled_con, "goal_catalogue", {"organisation": "Ånge kommun"})
    return {code: key for code, key in zip(catalogue["goal_code"], catalogue["goal_key"]) if code}


def table_with(at, column: str):
    """The first table (st.dataframe) that has the column."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def goal_list(at):
    return table_with(at, "Försenade aktiviteter")


def grade_table(at):
    return table_with(at, "Redovisning")


def overdue_table(at):
    """The overdue activities under the listed goals: one row per activity and goal."""
    return next(f.value for f in at.dataframe if {"Aktivitet", "Målnummer"} <= set(f.value.columns))


def activity_table(at):
    """The chosen goal's activities over time."""
    return next(f.value for f in at.dataframe if "Aktivitet" in f.value.columns and "Målnummer" not in f.value.columns)


def goal_heading(at) -> str:
    """The chosen goal's heading: the page's first, so that a link to the goal opens on it."""
    first = plain(at.main.header[0].value)
    assert first.endswith(("(KS)", "(KF)")), [h.value for h in at.main.header]
    return first


def plain(markdown: str) -> str:
    """Markdown as read: escaped report text without its backslashes."""
    return markdown.replace("\\", "")


def report_line(file_name: str, number: int) -> str:
    return (RAW_DIR / file_name).read_text(encoding="utf-8").split("\n")[number - 1]


def test_the_page_lists_the_default_periods_goals(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Mål"
    goals = goal_list(at)
    # 001 (T2 2023, the default period): 15 KF goals and 21 KS goals.
    assert len(goals) == 36
    assert goals["Målnivå"].value_counts().to_dict() == {"KS": 21, "KF": 15}
    assert goals["Aktiviteter"].sum() == 57  # the 57 activity rows of 001's tables
    # One overdue on 2023-08-31: "Ta fram en metod för att genomföra medborgardialog"
    # under 2.3.1, end 2023-08-21, Ej påbörjad (rad 111).
    assert goals.loc[goals["Försenade aktiviteter"] > 0, "Målnummer"].tolist() == ["2.3.1"]
    overdue = overdue_table(at)
    assert overdue["Målnummer"].tolist() == ["2.3.1"]
    assert overdue["Aktivitet"].tolist() == ["Ta fram en metod för att genomföra medborgardialog"]
    assert overdue["Rad"].tolist() == [111]
    assert "2023-08-21" in report_line(T2_2023_FILE, 111)
    counts = [caption.value.split(".")[0] for caption in at.caption if "Klicka i rutan" in caption.value]
    assert counts == ["36 rader", "1 rad"]  # the two tables' row counts, in Swedish, and how a row opens its goal
    # No goal chosen yet: the list only, and a hint to choose.
    assert at.selectbox(key="goal_choice").value is None
    assert "mal" not in at.query_params
    assert len(at.get("plotly_chart")) == 0


def test_a_period_with_two_units_reports_says_how_the_list_combines_them(app):
    # 2023-T1 has the KF goals report (000, Kommunförvaltningen) and the unit report of
    # Verksamhetsutveckling/utredning (004, no goals): one slot each.
    app.query_params["period"] = "2023-T1"
    at = app.run()
    assert not at.exception
    assert len(goal_list(at)) == 15
    assert any(c.value.startswith("Perioden har 2 rapporter, en per enhet") for c in at.caption)


def test_not_fulfilled_goals_in_hallbar_halsa_and_their_overdue_activities(app):
    app.query_params["period"] = "2023-T2"
    app.query_params["fokusomrade"] = "Hållbar hälsa"
    at = app.run()
    at.sidebar.multiselect(key="filter_grades").select("Ej uppfyllt").select("Knappt uppfyllt").run()
    assert not at.exception
    goals = goal_list(at)
    shown = {row["Målnummer"]: (row["Bedömning"], row["Rad för bedömning"], row["Aktiviteter"])
             for _, row in goals.iterrows()}
    assert shown == NOT_FULFILLED_IN_HEALTH
    assert set(goals["Fokusområde"]) == {"Hållbar hälsa"} and set(goals["Målnivå"]) == {"KS"}
    assert set(goals["Rapportfil"]) == {T2_2023_FILE}
    # The grade each row shows is what the report's grade heading says on that line.
    for code, (grade, line, _) in NOT_FULFILLED_IN_HEALTH.items():
        assert grade.split(" ", 1)[1].lower() in report_line(T2_2023_FILE, line).lower(), code
    # None of their 11 activities is overdue as of 2023-08-31, and the page says so.
    assert goals["Försenade aktiviteter"].tolist() == [0] * 6
    summary = " ".join(m.value for m in at.markdown)
    assert "6 mål i urvalet, med 11 aktiviteter under sig, varav 0 försenade" in summary
    assert "31 augusti 2023" in summary
    assert not any("Försenade aktiviteter under" in h.value for h in at.subheader)
    assert at.query_params["bedomning"] == ["Ej uppfyllt", "Knappt uppfyllt"]


def test_each_filter_narrows_the_list(app):
    at = app.run()
    assert len(goal_list(at)) == 36
    at.sidebar.selectbox(key="filter_focus_area").select("Hållbar hälsa").run()
    # Hållbar hälsa in 001: KF 2.6, 2.10, 2.11, 2.14 and their 9 KS goals.
    assert len(goal_list(at)) == 13
    at.sidebar.multiselect(key="filter_grades").select("Ej uppfyllt").run()
    assert sorted(goal_list(at)["Målnummer"]) == ["2.10.1", "2.11.1", "2.11.2"]
    at.sidebar.multiselect(key="filter_grades").unselect("Ej uppfyllt").select("Ej bedömd").run()
    # "Ej bedömd" chooses the goals without a grade: here the four KF goals.
    assert sorted(goal_list(at)["Målnummer"]) == ["2.10", "2.11", "2.14", "2.6"]
    assert set(goal_list(at)["Bedömning"]) == {"○ Ej bedömd"}
    at.sidebar.multiselect(key="filter_grades").unselect("Ej bedömd").run()
    at.sidebar.selectbox(key="filter_period").select("2023-T1").run()
    assert not at.exception
    # 000 presents Hållbar hälsa's four KF goals 1.2.1–1.2.4, without grades.
    assert goal_list(at)["Målnummer"].tolist() == ["1.2.1", "1.2.2", "1.2.3", "1.2.4"]


def test_a_link_opens_one_goals_own_view(app, goal_ids, goal_keys):
    app.query_params["mal"] = goal_keys["2.15.1"]
    at = app.run()
    assert not at.exception
    assert at.selectbox(key="goal_choice").value == goal_ids["2.15.1"]
    assert at.query_params["mal"] == goal_keys["2.15.1"]
    assert goal_heading(at).startswith("2.15.1 Kommunen upplevs som attraktiv och har välvårdade besöksmål.")

    # The chain: focus area (from the report) → KF goal 2.15 → this KS goal.
    chain = plain(next(m.value for m in at.markdown if "Fokusområde:" in m.value))
    assert "Fokusområde:** Hållbar vardag *(enligt rapporten)*" in chain
    assert "KF-mål:** 2.15 Öka takten i arbetet med attraktiv kommun och prioriterade besöksmål" in chain
    assert "KS-mål:** 2.15.1 Kommunen upplevs" in chain

    # Its grade in every tertial; only 001 grades it: "### ◆ Knappt uppfyllt" on line 319.
    grades = grade_table(at).set_index("Period")
    assert grades.index.tolist() == ["2023-T1", "2023-T2", "2023-T3", "2024-T1", "2024-T2", "2024-T3"]
    t2 = grades.loc["2023-T2"]
    assert (t2["Bedömning"], t2["Rapportfil"], t2["Rad"], t2["Rad för bedömning"]) == (
        "◆ Knappt uppfyllt", T2_2023_FILE, 317, 319)
    assert report_line(T2_2023_FILE, 319) == "### ◆ Knappt uppfyllt"
    others = grades.drop(index="2023-T2")
    assert set(others["Bedömning"]) == {"○ Ej bedömd"}
    assert grades["Redovisning"].to_dict() == {
        "2023-T1": "Inte redovisad i periodens rapporter",  # 000 and 004 have no KS goals
        "2023-T2": "Bedömd i rapporten",
        "2023-T3": "Ingen rapport för perioden",
        "2024-T1": "Inte redovisad i periodens rapport – den följer 2024 års målmodell",
        "2024-T2": "Ingen rapport för perioden",
        "2024-T3": "Inte redovisad – periodens rapport redovisar inga mål",  # 003 is a memo
    }
    assert len(at.get("plotly_chart")) == 1

    # The analysis text with its source, and the reader's note that the prose disagrees.
    text = " ".join(plain(m.value) for m in at.markdown)
    assert "Arbete bedrivs enligt plan. Målet bedöms därför som Delvis uppfyllt." in text
    captions = [c.value for c in at.caption]
    assert f"Källa: {T2_2023_FILE}, rad 317 (bedömningen rad 319)" in captions
    assert any("Delvis uppfyllt" in w.value and "rubriken gäller" in w.value for w in at.warning)

    # Its activity, as read on line 324.
    activities = activity_table(at)
    assert len(activities) == 1
    row = activities.iloc[0]
    assert row["Aktivitet"] == "Praktiskt arbete med att utveckla och upprusta besöksmål"
    assert (row["Period"], row["Status"], str(row["Slutdatum"])[:10], row["Försenad"], row["Rad"]) == (
        "2023-T2", "▶ Pågående enligt plan", "2026-12-31", "Nej", 324)
    assert report_line(T2_2023_FILE, 324).startswith(
        "Praktiskt arbete med att utveckla och upprusta besöksmål\t▶ Pågående enligt plan\t2026-12-31")
    matrix = next(t.value for t in at.table if "Aktivitet" in t.value.columns)
    assert matrix.to_dict("records") == [
        {"Aktivitet": "Praktiskt arbete med att utveckla och upprusta besöksmål", "2023-T2": "▶ Pågående enligt plan"}
    ]
    # Every table has its two downloads: goal list, overdue activities, KF goal, grades, activities.
    keys = {button.key for button in at.get("download_button")}
    assert keys == {f"{table}_{kind}" for table in ("goals", "goals_overdue", "goal_related", "goal_grades",
                                                     "goal_activities") for kind in ("csv", "xlsx")}


def test_choosing_a_goal_writes_it_into_the_link_and_filters_still_work(app, goal_ids, goal_keys):
    at = app.run()
    at.selectbox(key="goal_choice").set_value(goal_ids["2.14.1"]).run()
    assert not at.exception
    assert at.query_params["mal"] == goal_keys["2.14.1"]
    assert goal_heading(at).startswith("2.14.1 Brukarna inom LSS ska uppleva en god kvalitet")
    # 001 rad 308–313: six activities; "LSS yrkesresan" is in Vänteläge.
    activities = activity_table(at).set_index("Aktivitet")
    assert len(activities) == 6
    assert activities.loc["LSS yrkesresan", "Status"] == "⏸ Vänteläge"
    assert activities.loc["LSS yrkesresan", "Rad"] == 308

    # A filter changed while a goal is open: the change holds, the goal stays in the link.
    at.sidebar.selectbox(key="filter_focus_area").select("Hållbar natur").run()
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="filter_focus_area").value == "Hållbar natur"
    assert at.query_params["fokusomrade"] == "Hållbar natur"
    assert at.query_params["mal"] == goal_keys["2.14.1"]
    assert sorted(goal_list(at)["Målnummer"]) == ["2.2", "2.2.1", "2.2.2", "2.5", "2.5.1"]
    assert any("ingår inte i listan" in c.value for c in at.caption)
    # Now the link holds filters and the goal; a second change must hold too.
    at.sidebar.selectbox(key="filter_period").select("2023-T1").run()
    at.run()
    assert at.sidebar.selectbox(key="filter_period").value == "2023-T1"
    assert (at.query_params["period"], at.query_params["mal"]) == ("2023-T1", goal_keys["2.14.1"])
    assert goal_list(at)["Målnummer"].tolist() == ["1.5.1", "1.5.2"]  # 000: Hållbar natur's KF goals


@pytest.mark.parametrize("value", ["abc", "999999", "<script>alert(1)</script>", "36 OR 1=1", "-1"])
def test_a_link_naming_no_goal_gives_a_gentle_notice(app, value):
    app.query_params["mal"] = value
    at = app.run()
    assert not at.exception
    notices = [info.value for info in at.info if "i länken finns inte" in info.value]
    assert len(notices) == 1
    assert "<" not in notices[0] and ">" not in notices[0].replace("»", "").replace("«", "")
    assert at.selectbox(key="goal_choice").value is None
    assert "mal" not in at.query_params
    assert len(goal_list(at)) == 36  # the list is still there
    assert len(at.get("plotly_chart")) == 0


def test_a_kf_goal_shows_its_ks_goals_and_both_2023_reports(app, goal_ids, goal_keys):
    app.query_params["mal"] = goal_keys["2.15"]
    at = app.run()
    assert not at.exception
    grades = grade_table(at).set_index("Period")
    # 000 presents it as 1.1.3 (rad 32), 001 as 2.15 (rad 315); neither grades a KF goal.
    assert grades.loc["2023-T1", ["Målnummer", "Rapportfil", "Rad"]].tolist() == ["1.1.3", T1_2023_FILE, 32]
    assert grades.loc["2023-T2", ["Målnummer", "Rapportfil", "Rad"]].tolist() == ["2.15", T2_2023_FILE, 315]
    assert set(grades.loc[["2023-T1", "2023-T2"], "Redovisning"]) == {"Redovisad utan bedömning"}
    assert report_line(T1_2023_FILE, 32).startswith("1.1.3 Öka takten i arbetet med attraktiv kommun")
    children = next(f.value for f in at.dataframe if {"Målnivå", "Period"} <= set(f.value.columns))
    assert children[["Målnummer", "Bedömning", "Rad för bedömning"]].values.tolist() == [["2.15.1", "◆ Knappt uppfyllt", 319]]
    captions = [c.value for c in at.caption]
    assert f"Källa: {T1_2023_FILE}, rad 32" in captions and f"Källa: {T2_2023_FILE}, rad 315" in captions
    assert "Getberget" in " ".join(m.value for m in at.markdown)  # 000's analysis of 1.1.3


def test_a_2024_goal_says_its_focus_area_comes_from_the_crosswalk(app, goal_ids, goal_keys):
    app.query_params["period"] = "2024-T1"
    app.query_params["mal"] = goal_keys["1.9"]
    at = app.run()
    assert not at.exception
    assert any("korsreferensen" in info.value for info in at.info)
    goals = goal_list(at)
    assert len(goals) == 20  # 002: 19 KS goals and Sjukfrånvaron ska minska (KF)
    assert set(goals["Fokusområde enligt"]) == {"korsreferens"}
    chain = plain(next(m.value for m in at.markdown if "Fokusområde:" in m.value))
    # data/crosswalk.csv line 6: "Utveckla 3 nya platser för utomhusaktiviteter." → Hållbar hälsa.
    assert "Fokusområde:** Hållbar hälsa *(via korsreferens (crosswalk.csv, rad 6:" in chain
    assert "Målområde:** Barn och Unga" in chain
    assert "Utveckla 3 nya platser" in (PROJECT_ROOT / "data" / "crosswalk.csv").read_text(encoding="utf-8-sig").split("\n")[5]
    activities = activity_table(at)
    # 002: Hillen (rad 434), Alby (rad 452, med avvikelse), Överturingen (rad 466).
    assert activities["Rad"].tolist() == [434, 452, 466]
    assert activities["Status"].tolist() == ["▶ Pågående enligt plan", "▶! Pågående med avvikelse", "▶ Pågående enligt plan"]


def test_a_goal_opens_at_the_top_and_the_back_button_returns_to_the_list(app, goal_keys):
    app.query_params["mal"] = goal_keys["2.14.1"]
    at = app.run()
    assert goal_heading(at).startswith("2.14.1 Brukarna inom LSS")
    # The list is still there, below the goal, for the next one.
    assert [h.value for h in at.main.header][-1] == "Målen – Tertial 2 2023 (2023-T2)"
    assert len(goal_list(at)) == 36
    at.button[0].click().run()  # Tillbaka till listan
    assert not at.exception, at.exception
    assert "mal" not in at.query_params
    assert at.selectbox(key="goal_choice").value is None
    assert [h.value for h in at.main.header] == ["Målen – Tertial 2 2023 (2023-T2)"]
    assert len(at.get("plotly_chart")) == 0


def test_a_link_from_before_the_goal_keys_still_opens_its_goal(app, goal_ids, goal_keys):
    app.query_params["mal"] = str(goal_ids["2.15.1"])
    at = app.run()
    assert goal_heading(at).startswith("2.15.1 Kommunen upplevs som attraktiv")
    assert at.query_params["mal"] == goal_keys["2.15.1"]  # the address now carries the key
    assert any("internt nummer" in info.value for info in at.info)

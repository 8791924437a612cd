"""The real Streamlit app on the database built from the bundled reports, through
Streamlit's AppTest: what a committee member sees, checked against what the reports say."""


from tertial.db import ENV_DB_PATH

T2_2023_SENTENCE = (
    "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt "
    "och 14 mål Ej uppfyllt eller Knappt uppfyllt."
)
BUNDLED_FILES = {
    "000_4224aef9546bb394.txt", "001_2318b0fccc3d977e.txt", "002_b08c0454ff5f1aaf.txt",
    "003_4e7665d6ff629a7e.txt", "004_e1862fdd44dda98a.txt",
}





def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def grade_table(at):
    """The table under the grade chart: Bedömning → Antal mål."""
    table = next(t.value for t in at.table if "Bedömning" in t.value.columns)
    return dict(zip(table["Bedömning"], table["Antal mål"]))


def focus_area_table(at):
    return next(t.value for t in at.table if "Fokusområde" in t.value.columns)


def test_oversikt_opens_on_t2_2023_with_the_committee_sentence(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Översikt"
    assert at.sidebar.selectbox[0].value == "2023-T2"  # newest period with graded goals
    assert at.subheader[0].value == T2_2023_SENTENCE
    assert metrics(at).items() >= {
        "Uppfyllda eller delvis uppfyllda": "7 av 21 mål",
        "Knappt eller ej uppfyllda": "14 av 21 mål",
        "Ej bedömda": "0 av 21 mål",
    }.items()
    assert len(at.get("plotly_chart")) == 3  # grades, grades per focus area, activity statuses
    # 001's KS goals: 2 ●, 5 ▲, 9 ◆, 5 ■ (see test_queries for the goal numbers).
    assert grade_table(at) == {
        "● Uppfyllt": 2, "▲ Delvis uppfyllt": 5, "◆ Knappt uppfyllt": 9, "■ Ej uppfyllt": 5, "○ Ej bedömd": 0,
    }
    source = " ".join(caption.value for caption in at.caption)
    assert "001_2318b0fccc3d977e.txt" in source and "31 augusti 2023" in source


def test_choosing_a_focus_area_changes_the_figures_and_the_link(app):
    at = app.run()
    at.sidebar.selectbox[1].select("Hållbar hälsa").run()
    assert not at.exception
    # Hållbar hälsa (000: KF 1.2.1–1.2.4) = 001's 2.6, 2.10, 2.11, 2.14: 3 Delvis, 3 Knappt, 3 Ej.
    assert at.subheader[0].value == (
        "Inom Hållbar hälsa: av de totalt 9 målen kommunstyrelsen antagit är 3 mål Uppfyllt eller "
        "Delvis uppfyllt och 6 mål Ej uppfyllt eller Knappt uppfyllt."
    )
    assert metrics(at)["Uppfyllda eller delvis uppfyllda"] == "3 av 9 mål"
    assert grade_table(at)["▲ Delvis uppfyllt"] == 3
    assert focus_area_table(at)["Fokusområde"].tolist() == ["Hållbar hälsa"]
    assert at.query_params["fokusomrade"] == "Hållbar hälsa"

    at.sidebar.selectbox[1].select("Hållbar natur").run()
    # Hållbar natur = KF 1.5.1 (2.2.1, 2.2.2: Ej uppfyllt) and 1.5.2 (2.5: Uppfyllt).
    assert metrics(at)["Uppfyllda eller delvis uppfyllda"] == "1 av 3 mål"
    assert metrics(at)["Knappt eller ej uppfyllda"] == "2 av 3 mål"


def test_a_period_without_grades_says_so_and_counts_kf_goals(app):
    at = app.run()
    at.sidebar.selectbox[0].select("2023-T1").run()
    assert not at.exception
    assert at.subheader[0].value == (
        "Rapporten för 2023-T1 redovisar 15 mål som kommunfullmäktige antagit, utan bedömning."
    )
    assert grade_table(at)["○ Ej bedömd"] == 15
    # Both reports of the period are named as sources, the one without goals too.
    source = " ".join(caption.value for caption in at.caption)
    assert "000_4224aef9546bb394.txt" in source and "004_e1862fdd44dda98a.txt" in source


def test_the_goal_level_can_be_switched(app):
    at = app.run()
    at.sidebar.radio[0].set_value("KF").run()
    assert not at.exception
    assert at.subheader[0].value == (
        "Rapporten för 2023-T2 redovisar 15 mål som kommunfullmäktige antagit, utan bedömning."
    )
    assert at.query_params["malniva"] == "KF"
    at.sidebar.radio[0].set_value("KS").run()
    assert "malniva" not in at.query_params  # the default level is left out of the link


def test_the_goal_level_in_a_link_sets_the_view(app):
    app.query_params["malniva"] = "KF"
    at = app.run()
    assert at.sidebar.radio[0].value == "KF"
    assert at.subheader[0].value.startswith("Rapporten för 2023-T2 redovisar 15 mål som kommunfullmäktige antagit")


def test_an_unknown_goal_level_in_a_link_gives_a_notice_and_the_default(app):
    app.query_params["malniva"] = "<b>XX</b>"
    at = app.run()
    assert not at.exception
    assert any(i.value.startswith("Målnivån »bXX/b« finns inte för perioden") for i in at.info)
    assert at.sidebar.radio[0].value == "KS"


def test_2024_figures_are_marked_as_placed_by_the_crosswalk(app):
    app.query_params["period"] = "2024-T1"
    at = app.run()
    assert not at.exception
    assert at.subheader[0].value == (
        "Rapporten för 2024-T1 redovisar 19 mål som kommunstyrelsen antagit, utan bedömning."
    )
    assert any("korsreferensen" in info.value for info in at.info)


def test_a_memo_period_without_goals_points_to_the_reports_page(app):
    app.query_params["period"] = "2024-T3"
    at = app.run()
    assert not at.exception
    assert at.subheader[0].value == "Rapporten för 2024-T3 redovisar inga mål."
    assert any("Rapporter" in info.value for info in at.info)
    assert len(at.get("plotly_chart")) == 0


def test_an_unknown_period_in_the_link_gives_a_notice_and_the_default(app):
    app.query_params["period"] = "2031-T9"
    at = app.run()
    assert not at.exception
    assert any("2031-T9" in info.value and "finns inte" in info.value for info in at.info)
    assert at.subheader[0].value == T2_2023_SENTENCE


def test_rapporter_lists_all_five_reports_and_shows_a_memos_text(app):
    at = app.run()
    at.switch_page("pages/reports.py").run()
    assert not at.exception
    assert at.title[0].value == "Rapporter"
    reports = at.table[0].value
    assert set(reports["Fil"]) == BUNDLED_FILES
    assert len(reports) == 5

    memo = next(option for option in at.selectbox[0].options if "tertial 3 2024" in option)
    at.selectbox[0].select(memo).run()
    assert not at.exception
    assert at.header[0].value == "Uppföljning av kommunstyrelsens mål, tertial 3 2024"
    text = " ".join(m.value for m in at.markdown)
    assert "Förslag till beslut" in text
    assert "tredje tertialet" in text


def test_rapporter_shows_what_the_reader_skipped_in_the_unit_report(app):
    at = app.run()
    at.switch_page("pages/reports.py").run()
    unit_report = next(option for option in at.selectbox[0].options if "Verksamhetsrapport" in option)
    at.selectbox[0].select(unit_report).run()
    assert not at.exception
    notes = at.table[1].value
    assert "Klicka eller tryck här för att ange text." in notes["Radens text"].tolist()
    assert {"sidhuvud/sidfot", "formulärrest"} <= set(notes["Slag"])


def test_rapporter_lists_the_status_words_decided_for_the_organisation(app):
    at = app.run()
    at.switch_page("pages/reports.py").run()
    assert not at.exception
    # data/manifest.toml: the Stab report's bare "Pågående" (002, rad 143) means Pågående enligt plan.
    [aliases] = [t.value for t in at.table if "Statusord" in t.value.columns]
    assert aliases[["Organisation", "Statusord", "Läses som", "Beslutat i"]].to_dict("records") == [
        {"Organisation": "Ånge kommun", "Statusord": "Pågående", "Läses som": "Pågående enligt plan",
         "Beslutat i": "manifest"}]


def test_the_app_builds_a_missing_database_on_first_start(app, tmp_path, monkeypatch):
    missing = tmp_path / "first-start.duckdb"
    monkeypatch.setenv(ENV_DB_PATH, str(missing))
    at = app.run()
    assert not at.exception
    assert missing.exists()
    assert at.subheader[0].value == T2_2023_SENTENCE


def test_filters_survive_a_visit_to_the_reports_page(app):
    at = app.run()
    at.sidebar.selectbox[1].select("Hållbar natur").run()
    at.switch_page("pages/reports.py").run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert at.subheader[0].value.startswith("Inom Hållbar natur: av de totalt 3 målen")


def test_oversikt_counts_activities_and_leads_into_the_details(app):
    at = app.run()
    assert not at.exception
    shown = metrics(at)
    # 001: 57 activity rows in the T2 2023 tables; one overdue on 2023-08-31 ("Ta fram en
    # metod för att genomföra medborgardialog", ended 2023-08-21, Ej påbörjad, rad 111);
    # "Övningskolor/förskolor" med avvikelse(r) (rad 50); "LSS yrkesresan" Vänteläge (rad 308).
    assert (shown["Aktiviteter"], shown["⏰ Försenade"], shown["▶! Med avvikelse"], shown["⏸ Vänteläge"]) == ("57", "1", "1", "1")
    links = {link.proto.label: (link.proto.page, link.proto.query_string) for link in at.get("page_link")}
    assert links["Försenade aktiviteter (1)"] == ("aktiviteter", "period=2023-T2&visa=forsenade")
    assert links["Med avvikelse eller vänteläge (2)"] == ("aktiviteter", "period=2023-T2&visa=avvikelse")
    assert links["Mål som inte är uppfyllda"] == ("mal", "period=2023-T2&bedomning=Knappt+uppfyllt&bedomning=Ej+uppfyllt")


def test_the_unit_filter_narrows_the_activities_and_lands_in_the_url(app):
    app.query_params["period"] = "2024-T1"
    at = app.run()
    assert metrics(at)["Aktiviteter"] == "34"
    at.sidebar.selectbox(key="filter_unit").select("HR och Kommunikation").run()
    assert not at.exception
    # 002: nine blocks carry the unit line "• HR och Kommunikation" (rad 67 … 534).
    assert metrics(at)["Aktiviteter"] == "9"
    assert at.query_params["enhet"] == "HR och Kommunikation"


def test_every_page_file_is_in_the_navigation_under_an_address_other_than_its_name():
    # Streamlit's first run after a start treats pages/ as an old automatic multipage app:
    # a first request for /<file stem> would run that file alone, without app.py. The
    # addresses people bookmark must therefore never equal a file's stem.
    import ast

    from tertial import PROJECT_ROOT

    registered = {}
    for call in ast.walk(ast.parse((PROJECT_ROOT / "app.py").read_text(encoding="utf-8"))):
        if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "Page":
            keywords = {k.arg: k.value.value for k in call.keywords if isinstance(k.value, ast.Constant)}
            registered[call.args[0].value] = keywords.get("url_path")
    assert set(registered) == {f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py")}
    for file, url_path in registered.items():
        assert url_path and url_path != file.removeprefix("pages/").removesuffix(".py"), file
    assert len(set(registered.values())) == len(registered)

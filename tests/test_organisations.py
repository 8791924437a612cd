"""More than one organisation in one database: every page keeps to the organisation the
user looks at, the choice is in the sidebar and the link, and Översikt compares them."""

import polars as pl
import pytest

from tertial.comparison import organisation_comparison_table
from tertial.filters import Filters, organisation_from_params, to_query_params
from dbfiles import add_second_organisation

T2_SENTENCE = ("Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt "
               "och 14 mål Ej uppfyllt eller Knappt uppfyllt.")


@pytest.fixture
def two_organisations(db_copy):
    add_second_organisation(db_copy)
    return db_copy


def test_the_organisation_in_the_link_is_matched_and_an_unknown_one_is_noticed():
    names = ["Ånge kommun", "Testkommun"]
    assert organisation_from_params({"organisation": ["testkommun"]}, names) == ("Testkommun", None)
    assert organisation_from_params({}, names) == (None, None)
    found, notice = organisation_from_params({"organisation": ["Atlantis<b>"]}, names)
    assert found is None and notice == "Organisationen »Atlantisb« finns inte i uppgifterna; visar Ånge kommun i stället."
    chosen = Filters(organisation="Testkommun", period="2023-T2")
    assert to_query_params(chosen, "2023-T2", "Ånge kommun") == {"organisation": "Testkommun"}
    assert to_query_params(Filters(organisation="Ånge kommun"), None, "Ånge kommun") == {}


def test_one_organisation_shows_no_organisation_filter(app):
    at = app.run()
    assert not at.exception
    assert not [s for s in at.sidebar.selectbox if s.label == "Organisation"]
    assert not [h for h in at.subheader if h.value == "Jämförelse mellan organisationer"]


def test_the_organisation_filter_round_trips_through_the_link_and_pages_keep_to_it(app, two_organisations):
    at = app.run()
    assert not at.exception
    [choice] = [s for s in at.sidebar.selectbox if s.label == "Organisation"]
    assert choice.options == ["Testkommun", "Ånge kommun"] or choice.options == ["Ånge kommun", "Testkommun"]
    default = choice.value
    assert at.subheader[0].value == (T2_SENTENCE if default == "Ånge kommun" else
                                     "Av de totalt 21 målen kommunstyrelsen antagit är 21 mål Uppfyllt eller Delvis "
                                     "uppfyllt och 0 mål Ej uppfyllt eller Knappt uppfyllt.")
    choice.set_value("Testkommun").run()
    assert not at.exception
    assert at.subheader[0].value.startswith("Av de totalt 21 målen kommunstyrelsen antagit är 21 mål Uppfyllt")
    if default != "Testkommun":
        assert at.query_params["organisation"] == ["Testkommun"]
    # Activities: Testkommun's 57, not both organisations' 114.
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aktiviteter"] == "57"
    comparison = next(t.value for t in at.table if "Organisation" in t.value.columns)
    assert comparison[["Organisation", "Totalt"]].to_dict("records") == [
        {"Organisation": "Testkommun", "Totalt": 21}, {"Organisation": "Ånge kommun", "Totalt": 21}]
    assert comparison["Uppfyllt eller delvis"].tolist() == ["100\u00a0%", "33\u00a0%"]


def test_many_organisations_are_compared_on_request_and_then_in_a_scrollable_grid(app, two_organisations,
                                                                                  monkeypatch):
    # As if there were more organisations than an HTML table holds well (290, say): here two
    # are "many" when the limit is one.
    from tertial import webapp

    monkeypatch.setattr(webapp, "HTML_TABLE_MAX_ROWS", 1)
    at = app.run()
    assert not at.exception
    assert [h for h in at.subheader if h.value == "Jämförelse mellan organisationer"]
    assert not [t for t in at.table if "Organisation" in t.value.columns]
    [switch] = [t for t in at.toggle if t.label == "Visa alla 2 organisationer"]
    switch.set_value(True).run()
    assert not at.exception
    assert not [t for t in at.table if "Organisation" in t.value.columns]  # not as an HTML table
    grid = next(d.value for d in at.dataframe if "Organisation" in d.value.columns)
    assert sorted(grid["Organisation"].to_list()) == ["Testkommun", "Ånge kommun"]


def test_a_link_names_the_organisation(app, two_organisations):
    app.query_params["organisation"] = "testkommun"
    at = app.run()
    assert not at.exception
    assert at.subheader[0].value.startswith("Av de totalt 21 målen kommunstyrelsen antagit är 21 mål Uppfyllt")
    app.query_params["organisation"] = "Atlantis"
    at = app.run()
    assert "Organisationen »Atlantis« finns inte i uppgifterna" in " ".join(i.value for i in at.info)


def test_the_comparison_table_puts_the_highest_share_first():
    rows = pl.DataFrame({
        "organisation": ["A", "A", "B", "B"], "grade": ["Uppfyllt", "Ej uppfyllt", "Uppfyllt", "Ej uppfyllt"],
        "grade_rank": [1, 4, 1, 4], "goal_count": [1, 3, 2, 0],
    })
    table = organisation_comparison_table(rows)
    assert table["Organisation"].to_list() == ["B", "A"]
    assert table["Totalt"].to_list() == [2, 4]
    assert table["Uppfyllt eller delvis"].to_list() == ["100\u00a0%", "25\u00a0%"]


def test_imports_go_to_the_organisation_the_report_names_and_keep_to_its_goals(db):
    from test_import import t3_2023_report

    from dbfiles import rows
    from tertial.importing import ImportRefused, commit_import, plan_import

    add_second_organisation(db)
    testkommun_before = rows(db, "SELECT * FROM goal_assessments WHERE organisation = 'Testkommun' ORDER BY ALL")
    plan = plan_import(t3_2023_report(), "t3_2023.txt", db_path=db)
    assert (plan.organisation, plan.unit) == ("Ånge kommun", "Kommunförvaltningen")
    commit_import(plan, actor="anna", db_path=db)
    # The T3 goals are Ånge's own goals of T2, one identity each; Testkommun is untouched.
    assert rows(db, """SELECT count(DISTINCT t3.goal_id) FROM goal_assessments t3 JOIN goal_assessments t2 USING (goal_id)
                       WHERE t3.period = '2023-T3' AND t2.period = '2023-T2'""") == [(36,)]
    assert rows(db, "SELECT DISTINCT organisation FROM goal_assessments WHERE period = '2023-T3'") == [("Ånge kommun",)]
    assert rows(db, "SELECT * FROM goal_assessments WHERE organisation = 'Testkommun' ORDER BY ALL") == testkommun_before
    unnamed = t3_2023_report().replace("Ånge kommun".encode(), "vår kommun".encode())
    with pytest.raises(ImportRefused, match="databasen har flera"):
        plan_import(unnamed, "t3_2023_b.txt", db_path=db)
    chosen = plan_import(unnamed, "t3_2023_b.txt", db_path=db, organisation="testkommun")
    assert chosen.organisation == "Testkommun" and chosen.replaces is None
    atlantis = plan_import(unnamed, "t3_2023_b.txt", db_path=db, organisation="Atlantis")
    assert atlantis.new_organisation == "Atlantis"  # added only when confirmed (tests/test_new_organisation.py)
    with pytest.raises(ImportRefused, match="organisationen »Atlantis« finns inte i databasen"):
        commit_import(atlantis, actor="anna", db_path=db)


def test_rapporter_lists_the_chosen_organisations_reports_only(app, two_organisations):
    at = app.switch_page("pages/reports.py").run()
    assert not at.exception
    [choice] = [s for s in at.sidebar.selectbox if s.label == "Organisation"]
    choice.set_value("Testkommun").run()
    assert not at.exception
    listed = at.table[0].value if at.table else at.dataframe[0].value
    # Testkommun's copies of Ånge's five reports, not both organisations' ten.
    assert len(listed) == 5
    [report_choice] = [s for s in at.selectbox if s.label == "Rapport"]
    assert len(report_choice.options) == 5

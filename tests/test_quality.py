"""Datakvalitet: the registry of checks (every rule has a query, a title, an explanation
and tests), what each rule finds in Ånge kommun's five bundled reports (read by hand in
data/raw; line numbers refer to those files), nothing for a clean small report of
another organisation in the same database, each rule's problem planted in a report made
to have them all, and the page through AppTest."""

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tertial import QUERIES_DIR, quality
from tertial.db import ENV_DB_PATH, connect
from tertial.export import export_file_name
from tertial.importing import commit_import, plan_import
from tertial.queries import query_parameters, run_query

PAGE = "pages/data_quality.py"
ANGE = "Ånge kommun"
T2_2023 = "001_2318b0fccc3d977e.txt"
T1_2024 = "002_b08c0454ff5f1aaf.txt"

# What each rule finds in the bundled reports: (period, goal number – or title, for the
# 2024 goals the Stab report lists without numbers –, activity, report file, line).
BUNDLED = {
    "goals_without_activities": [
        # 001: "Ingen aktivitet är planerad eller påbörjad" (rad 214, 234).
        ("2023-T2", "2.10.1", None, T2_2023, 210),
        ("2023-T2", "2.11.1", None, T2_2023, 229),
        # 001: "För detta kommunfullmäktigemål har inte kommunstyrelsens antagit något utvecklingsmål" (rad 297).
        ("2023-T2", "2.13", None, T2_2023, 295),
        # 002's last chapter lists every KS goal of 2024; the Stab unit's activities serve none of these seven.
        ("2024-T1", "I kommunen ska erbjudas fler utbildningsplatser inom eftergymnasial utbildning.", None, T1_2024, 665),
        ("2024-T1", "Skapa ett ökat utbud av aktiviteter för äldre i våra verksamheter.", None, T1_2024, 671),
        ("2024-T1", "Verka för ett ökat utbud av anpassad kollektivtrafik via projekt Formas.", None, T1_2024, 673),
        ("2024-T1", "Påbörja byggprocesser för minst 30 nya bostäder under året.", None, T1_2024, 683),
        ("2024-T1", "Öka antalet anslutna fastigheter med fiberanslutning med minst 50 st.", None, T1_2024, 685),
        ("2024-T1", "Identifiera minst 100 Ha ny industrimark.", None, T1_2024, 687),
        ("2024-T1", "Antalet arbetstillfällen, räknat som heltid, ska öka.", None, T1_2024, 691),
        # Not 2023-T1: its reports (000, 004) list no activities at all. Not the other KF goals of
        # 001: their KS goals carry the activities (KF 2.10's 2.10.2 has three, rad 223–225).
    ],
    "kf_goals_without_ks_goals": [
        ("2023-T2", "2.13", None, T2_2023, 295),
        # Not 000's fifteen KF goals (that report has no KS goals) nor 002's "Sjukfrånvaron ska
        # minska" (2024's goal areas hold KS goals directly).
    ],
    "end_before_start": [],  # 001 prints no start dates; every 002 start date precedes its end date
    "end_dates_differ_between_goals": [
        # 001: 1000+ Näringslivsutvecklare ends 2024-10-31 under 2.4.1 and 2.9.1, 2024-12-31 under 2.7.1.
        ("2023-T2", "2.4.1", "1000+ Näringslivsutvecklare", T2_2023, 123),
        ("2023-T2", "2.7.1", "1000+ Näringslivsutvecklare", T2_2023, 171),
        ("2023-T2", "2.9.1", "1000+ Näringslivsutvecklare", T2_2023, 206),
    ],
    "status_contradicts_dates": [
        # 002, as of 2024-04-30: Ej påbörjad 120, 120, 60 and 113 days after the start date;
        # Pågående enligt plan 30 days after the end date 2024-03-31.
        ("2024-T1", "1.3", 'Under året ha ett tema med "Arbetsplatsen som hälsofrämjande miljö" på ett APT under året '
                           "för alla avdelningar.", T1_2024, 190),
        ("2024-T1", "1.5", "Avtalssamverkan", T1_2024, 248),
        ("2024-T1", "1.7", "Att utforma och bilda ett Samskapanderåd", T1_2024, 296),
        ("2024-T1", "1.12", "Underteckna den regionala Strategin för jämställdhet", T1_2024, 543),
        ("2024-T1", "1.13", "Genomföra minst tre marknadsföringsinsatser på nya platser/medier för att stimulera till "
                            "inflyttning", T1_2024, 579),
        # Not 002's "Genomföra temadagar" (Ej påbörjad 8 days after 2024-04-22) nor 001's "Ta fram en
        # metod för att genomföra medborgardialog" (Ej påbörjad, no start date, 10 days after its end
        # date 2023-08-21): within the 30 days. Not 001's Övningskolor/förskolor: med avvikelse.
    ],
    "grade_contradicts_text": [
        # 001 rad 319: "### ◆ Knappt uppfyllt", rad 321: "Målet bedöms därför som Delvis uppfyllt."
        ("2023-T2", "2.15.1", None, T2_2023, 319),
    ],
    "end_date_moved_on_plan": [],  # no activity of 001 (2023-T2) comes back in 002 (2024-T1)
}

# Storvik kommun's T2 2023 report (tests/fixtures/reports) and a T3 made from it: clean.
STORVIK = Path(__file__).parent / "fixtures" / "reports" / "storvik_kommun_t2_2023.txt"
T3 = {"tertialrapport 2 2023": "tertialrapport 3 2023"}
CLEAN_T3 = T3 | {
    # Done, rather than on plan two months after its end date 2023-10-31.
    "Revidera planerna mot kränkande behandling\t▶ Pågående enligt plan":
        "Revidera planerna mot kränkande behandling\t✓ Avslutad enligt plan",
    # Started, rather than not started four months after its start date 2023-09-01.
    "Elevhälsans närvaroteam\t■ Ej påbörjad": "Elevhälsans närvaroteam\t▶ Pågående enligt plan",
    # An end date moved with a deviation: no finding (and Läslyft, med avvikelse, is long past its end).
    "Fiberutbyggnad Västra Storvik\t▶ Pågående med avvikelse\t2023-03-01\t2024-06-30":
        "Fiberutbyggnad Västra Storvik\t▶ Pågående med avvikelse\t2023-03-01\t2024-09-30",
}
# "Norrvik kommun": the same T2, and a T3 with one problem for each rule.
NORRVIK = {"Storvik": "Norrvik"}
PROBLEM_T3 = T3 | {
    # A KF goal without KS goals (so without activities, too).
    "## 3 Fokusområde Trygg uppväxt": "### 2.3 Ett rikt kulturliv i hela kommunen\n\nKommunstyrelsen har inte antagit "
                                      "något utvecklingsmål för målet.\n\n## 3 Fokusområde Trygg uppväxt",
    # A goal without activities.
    "Aktiviteter\tStatus\tStartdatum\tSlutdatum\tKommentar\nRevidera planerna mot kränkande behandling\t▶ Pågående "
    "enligt plan\t2023-08-14\t2023-10-31\t\n": "Inga aktiviteter är planerade.\n",
    # An end date before the start date.
    "Markanvisning Norrbyn\t✓ Avslutad enligt plan\t2023-01-15\t2023-05-31":
        "Markanvisning Norrbyn\t✓ Avslutad enligt plan\t2023-06-15\t2023-05-31",
    # Bostadsförsörjningsprogram under 2.1.2 too, ending later than under 2.1.1 (and later than in T2).
    "Information till byalagen\t✓ Avslutad enligt plan\t2023-02-01\t2023-04-30\t":
        "Information till byalagen\t✓ Avslutad enligt plan\t2023-02-01\t2023-04-30\t\n"
        "Bostadsförsörjningsprogram\t▶ Pågående enligt plan\t2023-02-01\t2024-03-31\t",
    # The prose says another grade than the heading ◆ Knappt uppfyllt.
    "Rankingen sjönk två placeringar.": "Rankingen sjönk två placeringar. Målet bedöms därför som delvis uppfyllt.",
    # An end date moved half a year, still on plan.
    "Företagslots\t▶ Pågående enligt plan\t2023-01-01\t2023-12-31":
        "Företagslots\t▶ Pågående enligt plan\t2023-01-01\t2024-06-30",
    # Elevhälsans närvaroteam stays Ej påbörjad, now 121 days after its start date 2023-09-01.
}
NORRVIK_T3 = "norrvik_t3_2023.txt"
PLANTED = {
    "goals_without_activities": [
        ("2023-T3", "2.3", None, NORRVIK_T3, 49),
        ("2023-T3", "3.1.2", None, NORRVIK_T3, 71),
    ],
    "kf_goals_without_ks_goals": [("2023-T3", "2.3", None, NORRVIK_T3, 49)],
    "end_before_start": [("2023-T3", "2.1.1", "Markanvisning Norrbyn", NORRVIK_T3, 23)],
    "end_dates_differ_between_goals": [
        ("2023-T3", "2.1.1", "Bostadsförsörjningsprogram", NORRVIK_T3, 24),
        ("2023-T3", "2.1.2", "Bostadsförsörjningsprogram", NORRVIK_T3, 35),
    ],
    "status_contradicts_dates": [("2023-T3", "3.1.1", "Elevhälsans närvaroteam", NORRVIK_T3, 68)],
    "grade_contradicts_text": [("2023-T3", "2.2.1", None, NORRVIK_T3, 41)],
    "end_date_moved_on_plan": [
        # Compared with its T2 end date under 2.1.1 (it did not serve 2.1.2 then): 2023-12-15.
        ("2023-T3", "2.1.2", "Bostadsförsörjningsprogram", NORRVIK_T3, 35),
        ("2023-T3", "2.2.1", "Företagslots", NORRVIK_T3, 46),
    ],
}


def report(**replacements: str) -> bytes:
    text = STORVIK.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text.encode("utf-8")


def findings(rows, rule) -> list[tuple]:
    return [
        (row["period"], row["goal_code"] or row["goal_title"], row.get("activity_title"), row["report_file"],
         row["source_line"])
        for row in rows.iter_rows(named=True)
    ]


def run(con, rule, organisation=ANGE, period=None, focus_area=None, **bound):
    params = {"organisation": organisation, **rule.parameters(period, focus_area), **bound}
    return run_query(con, rule.query, params)


@pytest.fixture(scope="module")
def quality_db(bundled_db, tmp_path_factory) -> Path:
    """The bundled database with two more organisations: Storvik kommun (T2 and a clean T3)
    and Norrvik kommun (the same T2 and a T3 with every rule's problem)."""
    path = tmp_path_factory.mktemp("quality") / "tertial.duckdb"
    shutil.copy(bundled_db, path)
    for organisation, file_name, data in [
        ("Storvik kommun", "storvik_t2_2023.txt", report()),
        ("Storvik kommun", "storvik_t3_2023.txt", report(**CLEAN_T3)),
        ("Norrvik kommun", "norrvik_t2_2023.txt", report(**NORRVIK)),
        ("Norrvik kommun", NORRVIK_T3, report(**PROBLEM_T3).decode("utf-8").replace("Storvik", "Norrvik").encode()),
    ]:
        plan = plan_import(data, file_name, db_path=path)
        assert plan.organisation == organisation or plan.new_organisation == organisation
        commit_import(plan, actor="test", db_path=path, new_organisation=organisation)
    return path


@pytest.fixture
def quality_con(quality_db):
    con = connect(quality_db, read_only=True)
    yield con
    con.close()


# --- The registry ------------------------------------------------------------------------


def test_every_rule_has_a_query_a_title_an_explanation_and_tests():
    keys = [rule.key for rule in quality.RULES]
    assert len(set(keys)) == len(keys) == 7
    assert set(BUNDLED) == set(PLANTED) == set(keys), "every rule needs its bundled findings and a planted problem"
    for rule in quality.RULES:
        path = QUERIES_DIR / f"{rule.query}.sql"
        assert path.is_file(), rule.query
        assert path.read_text(encoding="utf-8").startswith("-- Datakvalitet, rule"), rule.query
        # Every rule keeps to one organisation and can be narrowed to a tertial and a focus area.
        assert query_parameters(rule.query) == {"organisation", "period", "focus_area", *rule.bound}
        assert rule.title and rule.label and rule.counted and len(rule.why) > 80
        assert len(rule.label) <= 26, "the count's label must fit its box"
        assert quality.rule(rule.key) is rule
    assert export_file_name(quality.rule("goals_without_activities").export_name, ["", "2024-T1"], "csv") == (
        "tertial_datakvalitet-mal-utan-aktiviteter_2024-t1.csv")
    assert any(str(quality.GRACE_DAYS) in rule.why for rule in quality.RULES)


# --- Ånge's bundled reports --------------------------------------------------------------


@pytest.mark.parametrize("rule", quality.RULES, ids=lambda rule: rule.key)
def test_what_each_rule_finds_in_the_bundled_reports(bundled_con, rule):
    assert findings(run(bundled_con, rule), rule) == BUNDLED[rule.key]


def goal_keys(con) -> dict[int, str]:
    return dict(con.execute("SELECT goal_id, goal_key FROM goal_keys").fetchall())


def test_the_counts(bundled_con):
    found = quality.find(bundled_con, ANGE)
    assert quality.counts(found) == {key: len(rows) for key, rows in BUNDLED.items()}
    assert list(quality.counts(found).values()) == [10, 1, 0, 3, 5, 1, 0]


def test_each_finding_in_a_sentence_with_its_file_line_and_goal(bundled_con):
    found = quality.find(bundled_con, ANGE)
    keys = goal_keys(bundled_con)
    tables = {rule.key: quality.findings_table(rule, found[rule.key], keys) for rule in quality.RULES}

    same = tables["end_dates_differ_between_goals"]
    assert same.columns[:9] == ["Period", "Målnummer", "Länk", "Aktivitet", "Fynd", "Mål", "Rapportfil", "Rad", "Status"]
    assert same["Fynd"].to_list() == [
        "Slutdatum 2024-10-31 under det här målet, men 2024-12-31 under 2.7.1 (rad 171) och 2024-10-31 under 2.9.1 "
        "(rad 206) i samma rapport.",
        "Slutdatum 2024-12-31 under det här målet, men 2024-10-31 under 2.4.1 (rad 123) och 2024-10-31 under 2.9.1 "
        "(rad 206) i samma rapport.",
        "Slutdatum 2024-10-31 under det här målet, men 2024-10-31 under 2.4.1 (rad 123) och 2024-12-31 under 2.7.1 "
        "(rad 171) i samma rapport.",
    ]
    assert same["Status"].to_list() == ["▶ Pågående enligt plan"] * 3

    without = tables["goals_without_activities"].row(2, named=True)
    assert (without["Målnummer"], without["Fynd"]) == ("2.13", "KF-målet har inga KS-mål och inga aktiviteter i 2023-T2.")
    assert tables["goals_without_activities"]["Fynd"][0] == "Inga aktiviteter redovisas under målet i 2023-T2."

    status = {row["Aktivitet"]: row for row in tables["status_contradicts_dates"].iter_rows(named=True)}
    assert status["Att utforma och bilda ett Samskapanderåd"]["Fynd"] == (
        "»Pågående enligt plan« 30 dagar efter slutdatum 2024-03-31, per rapportens datum 2024-04-30.")
    assert status["Avtalssamverkan"]["Fynd"] == (
        "»Ej påbörjad« 120 dagar efter startdatum 2024-01-01, per rapportens datum 2024-04-30.")
    assert status["Avtalssamverkan"]["Dagar efter datumet"] == 120

    grade = tables["grade_contradicts_text"].row(0, named=True)
    assert grade["Fynd"] == ("Texten bedömer målet 2.15.1 som Delvis uppfyllt, rubriken som Knappt uppfyllt; rubriken "
                             "gäller som bedömning.")
    assert (grade["Bedömning enligt rubriken"], grade["Radens text"]) == ("◆ Knappt uppfyllt", "### ◆ Knappt uppfyllt")
    assert (grade["Rapportfil"], grade["Rad"]) == (T2_2023, 319)


def test_a_finding_links_to_its_goal_on_mal(bundled_con):
    catalogue = run_query(bundled_con, "goal_catalogue", {"organisation": ANGE})
    goal_2_15_1 = catalogue.filter(catalogue["goal_code"] == "2.15.1")["goal_key"].item()
    assert goal_2_15_1.startswith("ks-2023-")
    rule = quality.rule("grade_contradicts_text")
    table = quality.findings_table(rule, run(bundled_con, rule), goal_keys(bundled_con))
    assert table[quality.LINK_COLUMN].to_list() == [f"mal?mal={goal_2_15_1}&period=2023-T2"]
    # With several organisations, the link names the organisation (it opens a new session).
    table = quality.findings_table(rule, run(bundled_con, rule), goal_keys(bundled_con), "Ånge kommun")
    assert table[quality.LINK_COLUMN].to_list() == [f"mal?mal={goal_2_15_1}&period=2023-T2&organisation=%C3%85nge+kommun"]
    # Every finding of every rule has its goal.
    for rule in quality.RULES:
        assert run(bundled_con, rule)["goal_id"].null_count() == 0


def test_a_tertial_and_a_focus_area_narrow_the_findings(bundled_con):
    without = quality.rule("goals_without_activities")
    assert [f[1] for f in findings(run(bundled_con, without, period="2023-T2"), without)] == ["2.10.1", "2.11.1", "2.13"]
    assert run(bundled_con, without, period="2023-T1").is_empty()
    # Hållbar hälsa: 2.10.1 and 2.11.1, and the 2024 goal for the elderly the crosswalk places there.
    health = findings(run(bundled_con, without, focus_area="Hållbar hälsa"), without)
    assert [f[1][:20] for f in health] == ["2.10.1", "2.11.1", "Skapa ett ökat utbud"]
    status = quality.rule("status_contradicts_dates")
    assert run(bundled_con, status, period="2023-T2").is_empty()
    # The activity's entries under the focus area's goals; its other goals still named in the sentence.
    same = quality.rule("end_dates_differ_between_goals")
    rows = run(bundled_con, same, focus_area="Hållbar kompetens")
    assert rows["goal_code"].to_list() == ["2.4.1", "2.9.1"]
    assert "2024-12-31 under 2.7.1" in quality.findings_table(same, rows, goal_keys(bundled_con))["Fynd"][0]


def test_the_grace_days_decide_how_late_a_status_contradicts_its_dates(bundled_con):
    status = quality.rule("status_contradicts_dates")
    assert quality.GRACE_DAYS == 30
    assert "Att utforma och bilda ett Samskapanderåd" not in run(bundled_con, status, grace_days=31)["activity_title"]
    eight = run(bundled_con, status, grace_days=8)
    assert {"Genomföra temadagar", "Ta fram en metod för att genomföra medborgardialog"} <= set(eight["activity_title"])
    method = eight.filter(eight["activity_title"] == "Ta fram en metod för att genomföra medborgardialog").row(0, named=True)
    # No start date printed: its end date (2023-08-21) passed 10 days before 2023-08-31.
    assert (method["passed_date"], method["days_past"], method["source_line"]) == ("slutdatum", 10, 111)


@pytest.mark.parametrize(
    ("raw", "expected", "notice"),
    [
        (None, "alla", None),
        ([], "alla", None),
        (["alla"], "alla", None),
        (["2024-t1"], "2024-T1", None),
        (["2031-T9"], "alla", "Tertialen »2031-T9« finns inte i uppgifterna; visar alla tertialer."),
        (["<b>x</b>"], "alla", "Tertialen »bx/b« finns inte i uppgifterna; visar alla tertialer."),
    ],
)
def test_the_tertial_a_link_names(raw, expected, notice):
    assert quality.period_from_link(raw, ["2024-T3", "2024-T1", "2023-T2", "2023-T1"]) == (expected, notice)
    assert quality.chosen_period(expected) == (None if expected == "alla" else expected)


# --- Other organisations: a clean report, and one with every problem ----------------------


def test_a_clean_report_gives_nothing_for_any_rule(quality_con):
    found = quality.find(quality_con, "Storvik kommun")
    assert quality.counts(found) == {rule.key: 0 for rule in quality.RULES}
    # Both of its tertials were read, with activities under every goal.
    assert run_query(quality_con, "periods", {"organisation": "Storvik kommun"})["period"].to_list() == [
        "2023-T3", "2023-T2"]


@pytest.mark.parametrize("rule", quality.RULES, ids=lambda rule: rule.key)
def test_each_rule_finds_its_planted_problem_and_keeps_to_its_organisation(quality_con, rule):
    assert findings(run(quality_con, rule, organisation="Norrvik kommun"), rule) == PLANTED[rule.key]
    assert findings(run(quality_con, rule), rule) == BUNDLED[rule.key]  # Ånge's, as without the others
    assert run(quality_con, rule, organisation="Norrvik kommun", period="2023-T2").is_empty()


def test_the_planted_problems_in_sentences(quality_con):
    found = quality.find(quality_con, "Norrvik kommun")
    sentences = {rule.key: quality.findings_table(rule, found[rule.key], goal_keys(quality_con))["Fynd"].to_list() for rule in quality.RULES}
    assert sentences["end_before_start"] == ["Slutdatum 2023-05-31 ligger 15 dagar före startdatum 2023-06-15."]
    assert sentences["end_date_moved_on_plan"][1] == (
        "Slutdatum 2023-12-31 i 2023-T2 (norrvik_t2_2023.txt, rad 45), nu 2024-06-30: 182 dagar senare, men status "
        "»Pågående enligt plan«.")
    assert sentences["goals_without_activities"] == [
        "KF-målet har inga KS-mål och inga aktiviteter i 2023-T3.", "Inga aktiviteter redovisas under målet i 2023-T3."]
    assert sentences["grade_contradicts_text"] == [
        "Texten bedömer målet 2.2.1 som Delvis uppfyllt, rubriken som Knappt uppfyllt; rubriken gäller som bedömning."]


# --- The page ------------------------------------------------------------------------------


@pytest.fixture
def app(app):
    """The app, opened on the Datakvalitet page."""
    app.switch_page(PAGE)
    return app


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def link_tables(at):
    return [frame.value for frame in at.dataframe if quality.LINK_COLUMN in frame.value.columns]


def test_the_page_shows_the_counts_and_every_finding_with_its_link(app):
    at = app.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Datakvalitet"
    assert metrics(at) == {
        "Mål utan aktiviteter": "10", "KF-mål utan KS-mål": "1", "Slutdatum före start": "0",
        "Olika slutdatum per mål": "3", "Status som motsäger datum": "5", "Rubrik som motsäger text": "1",
        "Flyttat men »enligt plan«": "0",
    }
    assert [s.value for s in at.subheader] == [f"{rule.title} ({len(BUNDLED[rule.key])})" for rule in quality.RULES]
    assert at.sidebar.selectbox[-1].value == "alla"
    tables = link_tables(at)
    assert [len(table) for table in tables] == [10, 1, 3, 5, 1]  # the rules with findings, in order
    assert tables[0][["Målnummer", "Rapportfil", "Rad"]].values.tolist()[:3] == [
        ["2.10.1", T2_2023, 210], ["2.11.1", T2_2023, 229], ["2.13", T2_2023, 295]]
    assert "Ånge kommun, alla tertialer" in at.caption[0].value


def test_a_finding_opens_its_goal_on_mal(app):
    at = app.run()
    [grade_table] = [t for t in link_tables(at) if "Bedömning enligt rubriken" in t.columns]
    link = urlsplit(grade_table[quality.LINK_COLUMN][0])
    assert link.path == "mal"
    at.switch_page("pages/goals.py")
    for key, [value] in parse_qs(link.query).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    assert at.main.header[0].value.startswith("2\\.15\\.1 Kommunen upplevs som attraktiv")  # the page opens on the goal


def test_one_tertial_from_the_link_and_a_focus_area(app):
    app.query_params["tertial"] = "2024-T1"
    at = app.run()
    assert not at.exception, at.exception
    assert at.sidebar.selectbox[-1].value == "2024-T1"
    assert list(metrics(at).values()) == ["7", "0", "0", "0", "5", "0", "0"]
    at.sidebar.selectbox[0].select("Hållbar gemenskap").run()  # the shared focus-area filter
    assert list(metrics(at).values()) == ["0", "0", "0", "0", "2", "0", "0"]  # 1.7 and 1.13 (flyttnetto)
    assert at.query_params["fokusomrade"] == "Hållbar gemenskap" and at.query_params["tertial"] == "2024-T1"
    at.sidebar.selectbox[-1].select("alla").run()
    assert "tertial" not in at.query_params
    assert metrics(at)["Olika slutdatum per mål"] == "1"  # 1000+ under 2.7.1, a goal of Hållbar gemenskap


def test_an_unknown_tertial_in_the_link_gives_a_notice_and_every_tertial(app):
    app.query_params["tertial"] = "2031-T9"
    at = app.run()
    assert not at.exception
    assert any("2031-T9" in info.value and "visar alla tertialer" in info.value for info in at.info)
    assert metrics(at)["Mål utan aktiviteter"] == "10"


def test_the_page_keeps_to_the_organisation_shown(app, quality_db, monkeypatch):
    monkeypatch.setenv(ENV_DB_PATH, str(quality_db))
    app.query_params["organisation"] = "Storvik kommun"
    at = app.run()
    assert not at.exception, at.exception
    assert set(metrics(at).values()) == {"0"}
    assert not link_tables(at) and sum(m.value == "*Inga fynd.*" for m in at.markdown) == 7

    at.query_params["organisation"] = "Norrvik kommun"
    at.run()
    assert list(metrics(at).values()) == [str(len(PLANTED[rule.key])) for rule in quality.RULES]
    # Links open a new session: they name the organisation, which is not the default one.
    links = [link for table in link_tables(at) for link in table[quality.LINK_COLUMN]]
    assert links and all(parse_qs(urlsplit(link).query)["organisation"] == ["Norrvik kommun"] for link in links)

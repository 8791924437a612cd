"""The reader on small fixtures, one per quirk that real reports have (DESIGN.md)."""

from datetime import date
from pathlib import Path

import pytest

from tertial.model import ReportReadError
from tertial.reader import read_report, table_header

FIXTURES = Path(__file__).parent / "fixtures" / "reports"


def read_fixture(name: str, **options):
    return read_report((FIXTURES / name).read_text(encoding="utf-8"), name, **options)


def goal(report, code):
    [found] = [g for g in report.goals if g.code == code]
    return found


def activities_of(report, code):
    index = report.goals.index(goal(report, code))
    return [a for a in report.activities if a.goal == index]


def test_markdown_and_plain_numbered_headings_form_one_goal_chain():
    report = read_fixture("markdown_and_plain_headings.txt")
    assert [g.code for g in report.goals] == ["2.1", "2.1.1", "2.1.2", "2.2", "2.3", "2.3.1"]
    # "## 2.1.2" is markdown level 2 but numbered under 2.1: the number decides the chain.
    assert report.goals[goal(report, "2.1.2").parent].code == "2.1"
    assert report.goals[goal(report, "2.1.1").parent].code == "2.1"
    assert {g.code: g.level for g in report.goals} == {
        "2.1": "KF", "2.1.1": "KS", "2.1.2": "KS", "2.2": "KF", "2.3": "KF", "2.3.1": "KS",
    }
    assert goal(report, "2.1.1").title == "Kommunen upplevs som attraktiv. Minst tre besöksmål förbättras under året."
    assert report.title == "Rapport målavstämning tertial 2"


def test_kf_goal_without_ks_goal_is_kept_as_a_goal_with_its_text():
    report = read_fixture("markdown_and_plain_headings.txt")
    kf = goal(report, "2.2")
    assert kf.level == "KF" and kf.grade is None
    assert "inte antagit något utvecklingsmål" in kf.comment
    assert not [g for g in report.goals if g.parent == report.goals.index(kf)]


def test_a_number_inside_prose_is_not_a_heading():
    report = read_fixture("markdown_and_plain_headings.txt")
    assert "2.1 miljoner kronor" in goal(report, "2.3.1").comment
    assert [s.heading for s in report.sections] == ["1 Inledning", "2 Redovisning av målarbete", "3 Sammanfattning"]


def test_plain_headings_wrapped_over_lines_under_focus_areas():
    report = read_fixture("plain_wrapped_headings_under_focus_areas.txt", goal_level="KF")
    assert [(a.kind, a.name) for a in report.areas] == [("fokusområde", "Hållbar vardag"), ("fokusområde", "Hållbar natur")]
    assert report.areas[0].text.startswith("Vi har en levande landsbygd")
    assert [(g.code, g.area, g.level) for g in report.goals] == [
        ("1.1.1", "Hållbar vardag", "KF"), ("1.1.2", "Hållbar vardag", "KF"), ("1.2.1", "Hållbar natur", "KF"),
    ]
    assert goal(report, "1.1.1").title == (
        "Fortsatt utveckling av ett rikt och tillgängligt fritids- och kulturliv präglat av mångfald, "
        "detta genom utökad samverkan med civilsamhället"
    )
    # A heading starting after a stray space, with no blank line before it.
    assert goal(report, "1.1.2").title.endswith("på orter i kommunen där det finns behov")
    assert goal(report, "1.1.2").comment == "Pågående arbete."
    assert goal(report, "1.2.1").title == "Öka takten i kommunens miljö- och klimatarbete, en strategi för området ska tas fram"
    assert all(g.grade is None for g in report.goals)


def test_a_goal_title_in_large_print_wrapped_after_a_short_line_is_read_whole():
    # A PDF's text layer line by line: goal titles printed larger than the text wrap
    # after fewer letters than a line of text; the rest goes on in lower case. Two goals
    # that begin alike are two goals, each with its grade.
    text = (
        "2.11 Arbeta för en utveckling av kommunens jämställdhetsarbete\n"
        "2.11.4 Kvinnor och män, flickor och pojkar, ska ha samma\n"
        "möjligheter och villkor när det gäller utbildning.\n"
        "Delvis uppfyllt\n"
        "Målet bedöms som Delvis uppfyllt.\n"
        "2.11.5 Kvinnor och män, flickor och pojkar, ska ha samma\n"
        "förutsättning för en god hälsa\n"
        "Knappt uppfyllt\n"
        "Målet bedöms som Knappt uppfyllt.\n"
    )
    report = read_report(text, "textlager.pdf")
    assert [(g.code, g.title, g.grade) for g in report.goals if g.code != "2.11"] == [
        ("2.11.4", "Kvinnor och män, flickor och pojkar, ska ha samma möjligheter och villkor när det gäller "
                   "utbildning.", "Delvis uppfyllt"),
        ("2.11.5", "Kvinnor och män, flickor och pojkar, ska ha samma förutsättning för en god hälsa",
         "Knappt uppfyllt"),
    ]


def test_grades_as_symbols_or_words_in_any_case():
    report = read_fixture("grade_spellings.txt")
    assert {g.code: g.grade for g in report.goals if g.level == "KS"} == {
        "2.1.1": "Uppfyllt",
        "2.1.2": "Delvis uppfyllt",
        "2.1.3": "Knappt uppfyllt",
        "2.1.4": "Ej uppfyllt",
        "2.1.5": "Ej uppfyllt",  # the symbol alone
        "2.1.6": "Ej uppfyllt",  # a plain paragraph with a trailing dot
    }
    assert goal(report, "2.1.6").comment == "Ingen aktivitet är påbörjad."
    assert goal(report, "2.1").grade is None


def test_grade_heading_wins_over_prose_and_the_disagreement_is_noted():
    report = read_fixture("grade_heading_disagrees_with_prose.txt")
    assert goal(report, "2.15.1").grade == "Knappt uppfyllt"
    [note] = [n for n in report.notes if n.kind == "avvikelse"]
    assert note.line == 7 and "Delvis uppfyllt" in note.message


def test_table_rows_across_a_page_break_with_html_and_symbols():
    report = read_fixture("activity_table_page_break_and_html.txt")
    rows = {a.title: a for a in activities_of(report, "2.5.1")}
    assert list(rows) == [
        "Dialog i Dynamiska inköpssystem", "Dialog med Bue Gård", "Övningskolor/förskolor",
        "Genomföra medborgardialoger", "LSS yrkesresan", "Projekt Ångemodellen Unga",
    ]
    dis = rows["Dialog i Dynamiska inköpssystem"]
    assert dis.status == "Ej påbörjad" and dis.end_date == date(2023, 12, 31) and dis.start_date is None
    # The continuation row after the repeated header joins the sentence it continues.
    assert "workshops där kommuner och lokala livsmedelsproducenter kan mötas." in dis.comment
    assert "Workshop: 12 oktober i Sundsvall." in dis.comment
    assert "Läs mer om DIS (https://example.org/dis/)" in dis.comment
    assert "<" not in dis.comment and "&amp;" not in rows["Genomföra medborgardialoger"].comment
    assert rows["Genomföra medborgardialoger"].comment == "Ett tiotal dialoger & workshops."
    assert rows["Genomföra medborgardialoger"].status == "Pågående enligt plan"
    assert rows["Dialog med Bue Gård"].status == "Avslutad enligt plan"
    assert rows["Övningskolor/förskolor"].status == "Pågående med avvikelse"
    assert rows["Övningskolor/förskolor"].status_as_printed == "Pågående med avvikelser"
    assert rows["LSS yrkesresan"].status == "Vänteläge" and rows["LSS yrkesresan"].comment == ""
    assert rows["Projekt Ångemodellen Unga"].title_as_printed == "Projekt Ångemodellen Unga *"
    # Text after the table still belongs to the goal.
    assert goal(report, "2.5.1").comment.endswith("* Detta mål har samma aktivitet som föregående mål.")


def test_activity_blocks_between_page_headers_and_footers():
    report = read_fixture("activity_blocks_with_page_furniture.txt")
    by_title = {a.title: a for a in report.activities}
    assert list(by_title) == [
        "Genomföra temadagar",
        "Utveckla chefsstöd för systematiskt arbetsmiljöarbete och friskfaktorer",
        "Skapa Storytelling med temat friskvårdsbidrag",
        'Under året ha ett tema med "Arbetsplatsen som hälsofrämjande miljö" på ett APT under året för alla avdelningar.',
    ]
    temadagar = by_title["Genomföra temadagar"]
    assert (temadagar.start_date, temadagar.end_date, temadagar.status) == (date(2024, 4, 22), date(2024, 5, 31), "Ej påbörjad")
    assert temadagar.responsible_unit is None and temadagar.comment == ""
    chefsstod = by_title["Utveckla chefsstöd för systematiskt arbetsmiljöarbete och friskfaktorer"]
    assert chefsstod.responsible_unit == "HR och Kommunikation"
    assert chefsstod.description == "Utveckla chefsstödet genom kompetenshöjning."
    assert chefsstod.comment.endswith("för att föra dialog kring att minska sjukskrivningstalen.")
    for activity in report.activities:
        for text in (activity.comment, activity.description, activity.title):
            assert "Sida" not in text and "Uppsiktsrapport" not in text and "Stab" not in text
    furniture = {n.line_text for n in report.notes if n.kind == "sidhuvud/sidfot"}
    assert furniture == {"Sida 8 av 11", "Sida 10 av 11", "Uppsiktsrapport till kommunstyrelsen", "Stab"}


def test_goal_register_gives_areas_and_keeps_goals_without_activities():
    report = read_fixture("activity_blocks_with_page_furniture.txt")
    assert [(g.code, g.title, g.area, g.level) for g in report.goals] == [
        ("1.1", "Sjukfrånvaron ska minska", "God ekonomisk hushållning", "KF"),
        ("1.2", "Andelen anställda som nyttjar friskvårdsbidraget ska öka.", "Vuxna", "KS"),
        (None, "Arbetslösheten i kommunen ska minska.", "Vuxna", "KS"),
        (None, "Ungdomsarbetslösheten i kommunen ska minska.", "Barn och Unga", "KS"),
    ]
    # A numbered heading that is neither in the register nor has activities is text.
    assert "1.3 Rapportering och uppföljning" in [s.heading for s in report.sections]
    assert [(a.kind, a.name) for a in report.areas] == [
        ("målområde", "Vuxna"), ("målområde", "Barn och Unga"), ("verksamhetsmål", "God ekonomisk hushållning"),
    ]


def test_same_activity_under_two_goals_with_different_end_dates():
    report = read_fixture("same_activity_under_two_goals.txt")
    näringsliv = [a for a in report.activities if a.title.lower() == "1000+ näringslivsutvecklare"]
    assert [(report.goals[a.goal].code, a.end_date) for a in näringsliv] == [
        ("2.4.1", date(2024, 10, 31)), ("2.7.1", date(2024, 12, 31)),
    ]
    assert activities_of(report, "2.10.1") == []
    assert goal(report, "2.10.1").grade == "Ej uppfyllt"


def test_memo_without_goals_keeps_its_sections_and_focus_area_texts():
    report = read_fixture("memo_without_goals.txt")
    assert report.goals == [] and report.activities == []
    headings = [s.heading for s in report.sections]
    assert headings == [None, "Förslag till beslut", "Legendförteckning"]
    assert "Godkänna redovisning av måluppföljning per tertial 3 2024." in report.sections[1].text
    assert [(a.name, a.text) for a in report.areas] == [
        ("Hållbar vardag", "Ärendet har ingen bärighet på hållbar vardag."),
        ("Hållbar kompetens", "De mål som kommunen ska uppfylla är en viktig aspekt i kommunens fortsatta förvaltning."),
    ]


def test_running_page_header_and_form_residue_are_not_content():
    report = read_fixture("unit_report_with_running_header.txt")
    texts = "\n".join(s.text for s in report.sections)
    assert "Olof Bäckman" not in texts and "Klicka eller tryck" not in texts and "Ja Nej" not in texts
    section_3 = next(s for s in report.sections if s.heading and s.heading.startswith("3 "))
    assert section_3.heading.endswith("förhåller sig till visionen")
    # The paragraph torn by the page header is whole again.
    assert "Projektledaren är ute i verksamheterna för att få kunskap" in section_3.text
    kinds = {(n.line, n.kind) for n in report.notes}
    assert {(3, "sidhuvud/sidfot"), (4, "sidhuvud/sidfot"), (16, "formulärrest"), (18, "formulärrest")} <= kinds


def test_unknown_status_is_an_error_naming_file_and_line():
    text = "## 2 R\n\n## 2.1 Mål\n\n2.1.1 Delmål\n\n### ● Uppfyllt\n\nVerksamhetens aktiviteter\tStatus\tSlutdatum\tKommentar\nA\t Klar typ\t2023-12-31\t\n"
    with pytest.raises(ReportReadError) as raised:
        read_report(text, "rapport.txt")
    [problem] = raised.value.problems
    assert (problem.source, problem.line) == ("rapport.txt", 10)
    assert "Okänd status »Klar typ«" in str(raised.value) and "rapport.txt, rad 10" in str(raised.value)


def test_unknown_grade_and_bad_date_are_errors_with_lines():
    text = (
        "## 2 R\n\n## 2.1 Mål\n\n2.1.1 Delmål\n\n### Nästan uppfyllt\n\n"
        "Verksamhetens aktiviteter\tStatus\tSlutdatum\tKommentar\nA\t Ej påbörjad\t2023-13-45\t\n"
    )
    with pytest.raises(ReportReadError) as raised:
        read_report(text, "rapport.txt")
    assert [(p.line, p.message.split(".")[0]) for p in raised.value.problems] == [
        (7, "Okänd bedömning"),
        (10, "Slutdatum »2023-13-45« är inget datum (väntat ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller månad och år)"),
    ]


def test_symbol_contradicting_words_is_an_error():
    text = "## 2 R\n\n## 2.1 Mål\n\n2.1.1 Delmål\n\n### ● Ej uppfyllt\n"
    with pytest.raises(ReportReadError, match=r"rad 7: Symbolen ● betyder Uppfyllt men texten säger Ej uppfyllt"):
        read_report(text, "rapport.txt")


def test_a_status_outside_the_vocabulary_can_be_mapped_only_explicitly():
    text = (FIXTURES / "activity_blocks_with_page_furniture.txt").read_text().replace(" Pågående enligt plan ", " Pågående ")
    with pytest.raises(ReportReadError, match="Okänd status »Pågående«"):
        read_report(text, "b.txt")
    report = read_report(text, "b.txt", status_aliases={"Pågående": "Pågående enligt plan"})
    activity = report.activities[1]
    assert (activity.status, activity.status_as_printed) == ("Pågående enligt plan", "Pågående")
    status_line = text.split("\n").index(" Pågående ") + 1
    assert [n.kind for n in report.notes if n.line == status_line] == ["tolkning"]


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("Verksamhetens aktiviteter\tStatus\tSlutdatum\tKommentar", ["title", "status", "end_date", "comment"]),
        (" Verksamhetens aktiviteter Startdatum Slutdatum ", ["title", "start_date", "end_date"]),
        ("Aktivitet\tAnsvarig enhet\tStatus", ["title", "unit", "status"]),
        ("Verksamhetens aktiviteter har gått bra", None),
        ("Status\tKommentar", None),
        ("Läge\tÅtgärd\tSlutdatum (ÅÅÅÅ-MM-DD)\tAnsvarig enhet", ["status", "title", "end_date", "unit"]),
        ("Aktivitet\tAnsvar\tStart\tKlart:\tAnalys", ["title", "unit", "start_date", "end_date", "comment"]),
        (" Status Aktivitet Klart ", ["status", "title", "end_date"]),
        ("Aktivitet\tAktiviteter\tStatus", None),  # two activity columns: no header
        ("Status och kommentar", None),
    ],
)
def test_table_header_recognition(line, fields):
    assert table_header(line) == fields


def test_activity_tables_found_by_their_header_words_in_any_column_order():
    # Read by hand off the fixture: goal 1.1 has three activities under the header
    # Aktivitet/Ansvar/Start/Klart/Läge/Analys, goal 1.2 two under
    # Läge/Åtgärd/Slutdatum/Ansvarig enhet/Kommentar/Analys (status first, two comment columns).
    report = read_fixture("activity_tables_other_headers_and_order.txt")
    first = activities_of(report, "1.1")
    assert [(a.title, a.responsible_unit, a.status) for a in first] == [
        ("Sommarlovsprogram för 13–15 år", "Fritidsenheten", "Pågående enligt plan"),
        ("Ny fritidsgård i Norrby", "Fastighet", "Pågående med avvikelse"),
        ("Föreningsbidrag till unga ledare", "Kultur och fritid", "Ej påbörjad"),
    ]
    assert first[1].comment == "Bygglovet dröjde. Kompletterande bygglov sökt."  # a continuation row
    second = activities_of(report, "1.2")
    assert [(a.title, a.status, a.end_date, a.responsible_unit) for a in second] == [
        ("Läxhjälp på biblioteket", "Avslutad enligt plan", date(2024, 6, 15), "Bibliotek"),
        ("Digitala läromedel i åk 4–6", "Vänteläge", date(2024, 12, 20), "Grundskola"),
    ]
    assert second[0].comment == "Fyra kvällar i veckan. Mycket uppskattat."  # Kommentar and Analys, one text


def test_a_month_or_no_date_in_a_date_cell_is_read_and_noted():
    report = read_fixture("activity_tables_other_headers_and_order.txt")
    programme, house, grants = activities_of(report, "1.1")
    assert (programme.start_date, programme.end_date) == (date(2024, 5, 1), date(2024, 8, 31))
    assert house.end_date == date(2024, 12, 31)  # "december 2024": the month's last day
    assert grants.end_date is None  # "Löpande"
    noted = {n.line: n.message for n in report.notes if n.kind == "tolkning"}
    assert noted == {
        12: "Startdatum »2024-05« är en månad; läst som 2024-05-01 (månadens första dag).",
        13: "Slutdatum »december 2024« är en månad; läst som 2024-12-31 (månadens sista dag).",
        15: "Slutdatum »Löpande« är inget datum; aktiviteten har inget slutdatum.",
    }


def test_grades_as_labelled_lines_and_as_colours_of_the_documents_own_legend():
    # Read by hand off the fixture: its legend says Grönt = uppfyllt, Gult = delvis
    # uppfyllt, Rött = inte uppfyllt; 1.1 Gult, 1.2 "Bedömning: Delvis uppfyllt",
    # 2.1 "Bedömning: Målet är uppfyllt.", 2.2 rött, 2.3 Gult.
    report = read_fixture("grades_as_labelled_lines_and_colours.txt")
    assert [(g.code, g.grade) for g in report.goals] == [
        ("1.1", "Delvis uppfyllt"), ("1.2", "Delvis uppfyllt"), ("2.1", "Uppfyllt"),
        ("2.2", "Ej uppfyllt"), ("2.3", "Delvis uppfyllt"),
    ]
    assert goal(report, "2.1").grade_as_printed == "Bedömning: Målet är uppfyllt."
    # A colour is never a grade by itself: each is noted with the legend line it came from.
    colour_notes = [(n.line, n.message) for n in report.notes if n.message.startswith("Färgen")]
    assert colour_notes == [
        (12, "Färgen »Gult« läst som Delvis uppfyllt enligt dokumentets teckenförklaring (rad 5)."),
        (32, "Färgen »rött« läst som Ej uppfyllt enligt dokumentets teckenförklaring (rad 6)."),
        (38, "Färgen »Gult« läst som Delvis uppfyllt enligt dokumentets teckenförklaring (rad 5)."),
    ]
    # The same labelled line under two goals is content, not a running page header.
    assert not [n for n in report.notes if n.kind == "sidhuvud/sidfot"]
    # The analysis under 2.3 says "uppfyllt" for some; the grade line decides, and it is noted.
    assert [n.line for n in report.notes if n.kind == "avvikelse"] == [38]


def test_grades_as_symbols_of_the_documents_own_legend():
    # Symbols beyond the reports' four (● ▲ ◆ ■), explained by the document: smileys here.
    text = (
        "Utfallssymbolerna ska tolkas enligt följande:\n😊 = Delmålet bedöms bli uppfyllt under året.\n"
        "😐 = Delmålet bedöms bli delvis uppfyllt.\n☹️ = Delmålet bedöms inte bli uppfyllt.\n\n"
        "## Målområde Trygghet\n\nNämndmål\tBedömning\tKommentar\n1.1 Färre inbrott\t😊\tBra.\n"
        "1.2 Säkrare skolvägar\t☹️\tFörsenat.\n\n1.3 Fler vuxna ute på kvällarna\n\nBedömning: 😐\n"
    )
    report = read_report(text, "rapport.txt")
    assert [(g.code, g.grade) for g in report.goals] == [
        ("1.1", "Uppfyllt"), ("1.2", "Ej uppfyllt"), ("1.3", "Delvis uppfyllt")]
    assert [n.message for n in report.notes if n.message.startswith("Symbolen")][0] == (
        "Symbolen »😊« läst som Uppfyllt enligt dokumentets teckenförklaring (rad 2).")
    with pytest.raises(ReportReadError, match="är en symbol som dokumentet inte förklarar"):
        read_report("## Målområde Trygghet\n\n1.1 Färre inbrott\n\nBedömning: 😊\n", "rapport.txt")


def test_a_status_broken_over_two_lines_of_a_narrow_column_is_read_and_noted():
    # A PDF's narrow status column breaks "Vänteläge" as "Vänteläg" / "e"; its text gives two words.
    text = ("## 1 Målområde Tillväxt\n\n1.1 Fler företag.\n\nBedömning: Uppfyllt\n\n"
            "Aktivitet\tStatus\nMarkanvisning\tVänteläg e\nNäringslivsdag\tPågåend e enligt plan\n")
    report = read_report(text, "rapport.pdf")
    assert [(a.status, a.status_as_printed) for a in report.activities] == [
        ("Vänteläge", "Vänteläg e"), ("Pågående enligt plan", "Pågåend e enligt plan")]
    assert [n.message for n in report.notes if n.line == 8] == [
        "Statusen »Vänteläg e« läst som »Vänteläge«: ett ord avbrutet över två rader i en smal tabellkolumn."]
    with pytest.raises(ReportReadError, match="Okänd status »Vänta e«"):
        read_report(text.replace("Vänteläg e", "Vänta e"), "rapport.pdf")  # only the words themselves


def test_a_colour_grade_without_a_legend_is_an_error_never_a_guess():
    text = "## 1 Mål\n\n1.1 Fler företag.\n\nMåluppfyllelse: Grönt\n"
    with pytest.raises(ReportReadError) as raised:
        read_report(text, "rapport.txt")
    [problem] = raised.value.problems
    assert problem.line == 5 and "är en färg som dokumentet inte förklarar" in problem.message


def test_a_sentence_about_a_grade_is_not_a_grade_line():
    text = ("## 1 Målområde Tillväxt\n\n1.1 Fler företag.\n\nMålet är uppfyllt enligt de flesta bedömare.\n\n"
            "Bedömningen är svår att göra.\n")
    report = read_report(text, "rapport.txt")
    assert report.goals[0].grade is None


def test_goal_levels_written_as_words_beside_the_number_or_over_a_group():
    # Read by hand off the fixture: area 1 has KF-mål 1.1 with Nämndmål 1.1.1 (Uppfyllt)
    # and 1.1.2 (Knappt uppfyllt); area 2 has "Kommunfullmäktiges mål" over Mål 2.1,
    # "Kommunstyrelsens mål" over Mål 2.1.1 (Ej uppfyllt), then KF 2.2 and KS 2.2.1
    # (Delvis uppfyllt). One activity under each of 1.1.1, 1.1.2 and 2.1.1.
    report = read_fixture("goal_levels_as_words.txt")
    assert [(g.code, g.level, g.grade) for g in report.goals] == [
        ("1.1", "KF", None), ("1.1.1", "KS", "Uppfyllt"), ("1.1.2", "KS", "Knappt uppfyllt"),
        ("2.1", "KF", None), ("2.1.1", "KS", "Ej uppfyllt"),
        ("2.2", "KF", None), ("2.2.1", "KS", "Delvis uppfyllt"),
    ]
    parents = {g.code: report.goals[g.parent].code for g in report.goals if g.parent is not None}
    assert parents == {"1.1.1": "1.1", "1.1.2": "1.1", "2.1.1": "2.1", "2.2.1": "2.2"}
    # "Målområde 2: Ett rikt liv hela livet": the area without its number.
    assert [a.name for a in report.areas] == ["Trygg uppväxt", "Ett rikt liv hela livet"]
    assert {g.code: g.area for g in report.goals}["2.2.1"] == "Ett rikt liv hela livet"
    assert goal(report, "2.1").title == "Invånarna ska ha tillgång till kultur i hela kommunen"
    assert [(a.title, a.status) for a in activities_of(report, "2.1.1")] == [("Rekrytera bibliotekarie", "Ej påbörjad")]


def test_goals_numbered_anew_under_each_unnumbered_area_heading():
    text = (
        "## Målområde Trygg uppväxt\n\n1.1 Alla barn ska ha en god start.\n\nBedömning: Uppfyllt\n\n"
        "## Målområde Livskvalitet\n\n2.1 Invånarna ska trivas.\n\nBedömning: Ej uppfyllt\n\n"
        "Under perioden har 2.1 miljoner kronor använts.\n"
    )
    report = read_report(text, "rapport.txt")
    assert [(g.code, g.area, g.grade) for g in report.goals] == [
        ("1.1", "Trygg uppväxt", "Uppfyllt"), ("2.1", "Livskvalitet", "Ej uppfyllt"),
    ]
    assert "2.1 miljoner kronor" in report.goals[1].comment  # prose, not a heading


def test_a_report_that_yields_nothing_says_what_looked_like_goals_and_tables():
    # Two numbered headings with text under them, but no grade, no known table and no
    # area above them; a table whose header names no activity column (Uppgift, Vem, När).
    report = read_fixture("goal_like_headings_nothing_placed.txt")
    assert (len(report.goals), len(report.activities)) == (0, 0)
    assert [(n.line, n.message.split(":")[0]) for n in report.unplaced] == [
        (7, "Rubriken »1.1 Alla barn ska ha en god start« ser ut som ett mål men lästes inte som ett"),
        (11, "En tabell på raderna 11–13 lästes inte som aktiviteter"),
        (15, "Rubriken »1.2 Fler ska simma« ser ut som ett mål men lästes inte som ett"),
    ]
    assert "ingen kolumn anger aktivitetens namn" in report.unplaced[1].message
    assert "»Uppgift | Vem | När | Hur går det«" in report.unplaced[1].message
    assert report.unplaced_summary().startswith("VARNING: rapporten gav varken mål eller aktiviteter, men 3 ställen")


def test_a_report_that_reads_or_has_nothing_goal_like_has_nothing_unplaced():
    assert read_fixture("goal_levels_as_words.txt").unplaced == []
    assert read_fixture("memo_without_goals.txt").unplaced == []  # a memo: no goals, and nothing like one


def test_goals_as_rows_of_a_table_with_their_grade_in_a_cell():
    # Read by hand off the fixture: legend Grön/Gul/Röd; area Attraktiv kommun has a
    # Nämndmål table (1.1 Gul, 1.2 Grön, 1.3 "Målet är inte uppfyllt"); area Hållbar
    # organisation a table with Nr and Nivå columns (2.1 KF Delvis uppfyllt, 2.2 KS not graded).
    report = read_fixture("goal_table_with_grade_cells.txt")
    assert [(g.code, g.level, g.grade, g.area) for g in report.goals] == [
        ("1.1", "KS", "Delvis uppfyllt", "Attraktiv kommun"),
        ("1.2", "KS", "Uppfyllt", "Attraktiv kommun"),
        ("1.3", "KS", "Ej uppfyllt", "Attraktiv kommun"),
        ("2.1", "KF", "Delvis uppfyllt", "Hållbar organisation"),
        ("2.2", "KS", None, "Hållbar organisation"),
    ]
    assert goal(report, "1.1").title == "Befolkningen ska öka"
    assert goal(report, "1.1").comment == "Ökningen är 40 personer, målet 100."
    assert goal(report, "2.1").comment == "Korttidsfrånvaron har minskat."
    assert goal(report, "1.1").grade_as_printed == "Gul"
    # The table is the goals, not text of the area, and nothing is left unplaced.
    assert "Befolkningen" not in report.areas[0].text
    assert report.unplaced == []


def test_a_status_line_is_found_without_blank_lines_around_it():
    # PDF text often has no paragraph gaps: the block still reads.
    text = (
        "## 1 R\n\n1.1 Sjukfrånvaron ska minska\n\nVerksamhetens aktiviteter Startdatum Slutdatum\n\n"
        "Genomföra temadagar\n2024-04-22 2024-05-31\nWorkshops med alla chefer.\n Pågående enligt plan\n"
        "Planeringen pågår.\n"
    )
    [activity] = read_report(text, "pdf.txt").activities
    assert (activity.status, activity.description, activity.comment) == (
        "Pågående enligt plan", "Workshops med alla chefer.", "Planeringen pågår."
    )


def test_an_activity_header_with_text_but_no_activity_is_an_error_not_a_silent_loss():
    text = (
        "## 2 R\n\n## 2.1 Mål\n\n2.1.1 Delmål\n\n### ● Uppfyllt\n\n"
        "Verksamhetens aktiviteter Status Slutdatum Kommentar\nUtbildningsinsats inom SKUA\nPågående enligt plan\n2023-12-21\n"
    )
    with pytest.raises(ReportReadError, match=r"rad 10: Aktivitetstabellen kunde inte läsas"):
        read_report(text, "platt.txt")


def test_tertial_read_prints_what_was_not_placed_with_its_lines():
    import subprocess
    import sys

    from tertial import PROJECT_ROOT

    process = subprocess.run(
        [sys.executable, "-m", "tertial", "read", str(FIXTURES / "goal_like_headings_nothing_placed.txt")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )
    lines = process.stdout.splitlines()
    assert "mål 0 (bedömda 0), aktiviteter 0" in lines[1]
    warning = next(i for i, line in enumerate(lines) if line.startswith("VARNING: rapporten gav varken mål eller aktiviteter"))
    assert [line.split(":")[0] for line in lines[warning + 1:]] == ["  rad 7", "  rad 11", "  rad 15"]


def test_a_line_longer_than_any_reports_is_refused_with_its_number():
    # A damaged file (or one line of everything): refused before the line-by-line patterns
    # run on it, with where and why.
    from tertial.reader import MAX_LINE_CHARS

    text = "# Rapport\n\n## 1.1 Mål\n\n" + "Mål " * 50_000 + "\n"
    with pytest.raises(ReportReadError) as refused:
        read_report(text, "rapport.txt")
    [problem] = refused.value.problems
    assert problem.line == 5 and "raden har 200\u00a0000 tecken" in problem.message
    assert f"{MAX_LINE_CHARS:,}".replace(",", "\u00a0") in problem.message
    read_report("# Rapport\n\n" + "x" * MAX_LINE_CHARS + "\n", "rapport.txt")  # the longest line allowed


@pytest.mark.parametrize(("line", "text"), [
    ("## 2.1 Mål", "2.1 Mål"), ("## 2.1 Mål ##", "2.1 Mål"), ("#   Rubrik   #  ", "Rubrik"), ("####### sju", None),
    ("#rubrik", None), ("Mål", None), ("# " + " " * 100_000 + "x", "x"), ("## C#", "C"),
])
def test_a_markdown_heading_is_its_text_without_the_marks(line, text):
    from tertial.reader import markdown_heading

    assert markdown_heading(line) == text


def test_a_goal_table_after_an_activity_table_is_named_as_one_and_never_read_as_activities():
    text = (
        "# Uppföljning tertial 2 2024\n\n"
        "## 1.1 Fler ska gå vidare till studier eller arbete\n\n"
        "### Delvis uppfyllt\n\n"
        "Analys av målet.\n\n"
        "Aktivitet\tStatus\tSlutdatum\n"
        "Studiebesök på gymnasiet\tPågående enligt plan\t2024-12-31\n\n"
        "Mål\tBedömning\n"
        "1.1.1 Fler elever ska vara behöriga\tUppfyllt\n"
        "1.1.2 Färre avhopp\tDelvis uppfyllt\n\n"
        "## 1.2 Nästa mål\n\n"
        "Text.\n"
    )
    report = read_report(text, "maltabell.txt")
    assert [a.title for a in report.activities] == ["Studiebesök på gymnasiet"]
    [note] = [n for n in report.notes if "måltabell" in n.message]
    assert note.line == 12 and note.kind == "ej placerad"
    assert "Mål | Bedömning, 2 rader" in note.message and "1.1" in note.message
    assert "Fler elever ska vara behöriga" not in report.goals[0].comment


# -- lines a PDF's page width wrapped elsewhere than the text export --------------------------------


INTRODUCTION_2024 = [
    "# 1 Redovisning av arbete för de politiska målen",
    "",
    "Verksamheterna ska även planera och genomföra aktiviteter som direkt kopplar till kommunfullmäktiges",
    "verksamhetsmål för god ekonomisk hushållning.",
    "",
    "## 1.1 Arbetslösheten i kommunen ska minska.",
    "",
    "Verksamhetens aktiviteter Startdatum Slutdatum",
    "",
]
REGISTER_2024 = [
    "",
    "## 1.2 Avgränsning",
    "",
    "I denna rapport redovisas inte aktiviteter inom ramen för enhetens löpande förvaltningsansvar.",
    "",
    "# 2 Kommunstyrelsens mål",
    "",
    "### Mål inom målområde Vuxna",
    "",
    "• Arbetslösheten i kommunen ska minska.",
    "• I kommunen ska erbjudas fler utbildningsplatser inom eftergymnasial utbildning.",
    "",
    "### Verksamhetsmål för god ekonomisk hushållning",
    "",
    "• Sjukfrånvaron ska minska.",
]


def read_2024(activity_lines: list[str]):
    return read_report("\n".join(INTRODUCTION_2024 + activity_lines + REGISTER_2024), "stab.pdf")


def test_a_sentence_wrapped_onto_verksamhetsmal_for_is_no_area_heading():
    # "... kopplar till kommunfullmäktiges" / "verksamhetsmål för god ekonomisk
    # hushållning." is one sentence the page width broke; read as an area heading it made
    # every goal after it that area's, and "1.2 Avgränsning" a goal.
    report = read_2024(["Erbjuda 5 långtidsarbetslösa nya anställningar 2024-01-01 2024-12-31", "",
                        "Pågående enligt plan"])
    assert [(g.code, g.title, g.area) for g in report.goals] == [
        ("1.1", "Arbetslösheten i kommunen ska minska.", "Vuxna"),
        (None, "I kommunen ska erbjudas fler utbildningsplatser inom eftergymnasial utbildning.", "Vuxna"),
        (None, "Sjukfrånvaron ska minska.", "God ekonomisk hushållning"),
    ]
    assert [(a.name, a.kind) for a in report.areas] == [
        ("Vuxna", "målområde"), ("God ekonomisk hushållning", "verksamhetsmål")]


def test_a_title_beside_its_dates_takes_its_wrapped_rest_and_the_unit_under_it():
    # A card or a table without rules printed by pdfmake: the title and the dates on one
    # line, the title wrapped in its column under them, then the unit; one title broken
    # after a slash. Two activities share the wrapped rest of their titles and their text:
    # those lines recur, yet they are no page's header.
    report = read_2024([
        "Erbjuda 5 långtidsarbetslösa nya anställningar inom ramen för 2024-01-01 2024-12-31",
        "arbetsmarknadspolitiska åtgärder",
        "",
        "För att minska arbetslösheten bland den gruppen",
        "",
        "Pågående enligt plan",
        "",
        "Erbjuda 5 nyanlända anställning inom ramen för 2024-03-01 2024-12-19",
        "arbetsmarknadspolitiska åtgärder",
        "",
        "För att minska arbetslösheten bland den gruppen",
        "",
        "Pågående enligt plan",
        "",
        "Genomföra tre marknadsföringsinsatser på nya platser/ 2024-01-08 2024-12-22",
        "medier för att stimulera till inflyttning",
        "• Arbetsmarknad",
        "",
        "Med den utveckling som sker blir det viktigt att synas.",
        "",
        "● Ej påbörjad",
        "",
        "Fortsätta samarbetet med skolan 2023-04-03 2025-06-30",
        "",
        "• Arbetsmarknad",
        "",
        "● Pågående enligt plan",
        "",
        "Ordna två föreläsningar 2024-02-01 2024-10-31",
        "",
        "• om kost",
        "• om återhämtning",
        "",
        "Avslutad enligt plan",
    ])
    assert [(a.title, a.responsible_unit, a.description, a.status) for a in report.activities] == [
        ("Erbjuda 5 långtidsarbetslösa nya anställningar inom ramen för arbetsmarknadspolitiska åtgärder", None,
         "För att minska arbetslösheten bland den gruppen", "Pågående enligt plan"),
        ("Erbjuda 5 nyanlända anställning inom ramen för arbetsmarknadspolitiska åtgärder", None,
         "För att minska arbetslösheten bland den gruppen", "Pågående enligt plan"),
        ("Genomföra tre marknadsföringsinsatser på nya platser/medier för att stimulera till inflyttning",
         "Arbetsmarknad", "Med den utveckling som sker blir det viktigt att synas.", "Ej påbörjad"),
        ("Fortsätta samarbetet med skolan", "Arbetsmarknad", "", "Pågående enligt plan"),
        ("Ordna två föreläsningar", None, "• om kost • om återhämtning", "Avslutad enligt plan"),
    ]
    assert not [note for note in report.notes if note.kind == "sidhuvud/sidfot"]

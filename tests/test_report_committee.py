"""The tertial report as the committee's document: the decision part, the deviations, the
change since the previous tertial, the report's own words and counts that agree, checked
against what a person reads in the bundled reports (data/raw/00x_…, cited by line) and,
for the decision's wording, Ånge's own decision memo (seed 003).

The documents are built without chart images (draw=None): each chart then stands as its
data table, so the figures' counts can be read and compared with the tables'.
"""

from __future__ import annotations

import io
from datetime import date

import docx
import pdfplumber
import pytest

from tertial import PROJECT_ROOT
from tertial.cli import main
from tertial.db import connect
from tertial.report import ReportError, ReportRequest, build_report, write_docx
from tertial.report.case import CaseDetails, CaseError, parse_case_date, proposal_points
from tertial.report.model import Marked, Paragraph, Table, plain
from tertial.periods import parse_period
from tertial.visual import OVERDUE_COLOUR

RAW = PROJECT_ROOT / "data" / "raw"
T2_2023 = "001_2318b0fccc3d977e.txt"
T1_2024 = "002_b08c0454ff5f1aaf.txt"
MEMO_2024 = "003_4e7665d6ff629a7e.txt"
MADE_ON = date(2023, 9, 15)


def raw_line(file_name: str, number: int) -> str:
    return (RAW / file_name).read_text(encoding="utf-8").splitlines()[number - 1].strip()


def make(bundled_db, period: str, **options):
    with connect(bundled_db, read_only=True) as con:
        return build_report(con, ReportRequest(period, **options), database_name=bundled_db.name, made_on=MADE_ON,
                            draw=None)


@pytest.fixture(scope="module")
def t2(bundled_db):
    return make(bundled_db, "2023-T2")


@pytest.fixture(scope="module")
def t1_2024(bundled_db):
    return make(bundled_db, "2024-T1")


def section(document, heading: str, *, front: bool = False):
    return next(part for part in (document.front if front else document.sections) if part.heading.startswith(heading))


def texts(part) -> list[str]:
    return [plain(block.text) for block in part.blocks if isinstance(block, Paragraph)]


def tables(part) -> list[Table]:
    return [block for block in part.blocks if isinstance(block, Table)]


def activity_rows(document) -> int:
    """Rows of every goal's activity table."""
    return sum(len(table.rows) for part in document.sections if part.level == 2
               for table in tables(part) if table.columns[0] == "Aktivitet")


def status_chart_total(document) -> int:
    """Figure 3's count, read from its data table (the charts stand as tables here)."""
    summary = section(document, "Sammanfattning")
    status = next(table for table in tables(summary) if table.columns == ("Status", "Antal aktiviteter"))
    return sum(int(row[1]) for row in status.rows)


# -- the decision part --------------------------------------------------------------------------


def test_the_decision_part_comes_first_in_anges_own_wording(t2):
    headings = [part.heading for part in t2.front]
    assert headings == ["Uppföljning av kommunstyrelsens mål, tertial 2 2023", "Förslag till beslut",
                        "Ärendet i korthet", "Målen och deras bedömning"]
    proposal = texts(section(t2, "Förslag till beslut", front=True))
    # Seed 003, rad 6–10: "Kommunförvaltningen föreslår … besluta att / 1. Godkänna redovisning av
    # måluppföljning per tertial 3 2024." – the same words for this tertial.
    assert proposal == ["Kommunförvaltningen föreslår kommunstyrelsen besluta att",
                        "1. Godkänna redovisning av måluppföljning per tertial 2 2023."]
    memo_point = raw_line(MEMO_2024, 10)
    assert memo_point == proposal_points(CaseDetails(), parse_period("2024-T3"))[0]
    details = dict(tables(section(t2, "Uppföljning av", front=True))[0].rows)
    assert details == {"Diarienummer": "–", "Datum": "2023-09-15", "Handläggare": "–",
                       "Beslutande organ": "Kommunstyrelsen"}
    brief = texts(section(t2, "Ärendet i korthet", front=True))
    assert brief[1] == ("Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt och "
                        "14 mål Ej uppfyllt eller Knappt uppfyllt.")  # 001 rad 333 says the same
    assert "31 augusti 2023" in brief[0]


def test_the_goals_table_lists_every_goal_with_its_grade(t2):
    table = tables(section(t2, "Målen och deras bedömning", front=True))[0]
    assert len(table.rows) == 21 == t2.goal_count
    by_code = {row[0]: row for row in table.rows}
    # 001 rad 301–303: "2.14.1 Brukarna inom LSS …" graded ◆ Knappt uppfyllt.
    assert by_code["2.14.1"][1] == "Brukarna inom LSS ska uppleva en god kvalitet"
    assert str(by_code["2.14.1"][3]) == "◆ Knappt uppfyllt"
    assert str(by_code["2.3.1"][3]) == "● Uppfyllt"  # rad 104
    grades = [str(row[3]).split(" ", 1)[1] for row in table.rows]
    assert (grades.count("Uppfyllt"), grades.count("Delvis uppfyllt"), grades.count("Knappt uppfyllt"),
            grades.count("Ej uppfyllt")) == (2, 5, 9, 5)


def test_case_details_given_on_the_command_line_reach_both_formats(bundled_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    word, pdf = tmp_path / "t2.docx", tmp_path / "t2.pdf"
    code = main(["rapport", "--period", "2023-T2", "--db", str(bundled_db), "--diarienummer", "KS 2023/412",
                 "--datum", "2023-09-20", "--handlaggare", "Anna Berg", "--beslutande", "Koncern- och finansutskottet",
                 "--forslag", "Godkänna redovisningen.\n2. Lägga rapporten till handlingarna.",
                 "--out", str(word), "--out", str(pdf)])
    _, err = capsys.readouterr()
    assert code == 0, err
    text = [p.text for p in docx.Document(str(word)).paragraphs]
    cells = [cell.text for table in docx.Document(str(word)).tables for row in table.rows for cell in row.cells]
    assert {"KS 2023/412", "2023-09-20", "Anna Berg", "Koncern- och finansutskottet"} <= set(cells)
    assert "Kommunförvaltningen föreslår koncern- och finansutskottet besluta att" in text
    # One point per line, numbered once even where the user numbered it.
    assert "1. Godkänna redovisningen." in text and "2. Lägga rapporten till handlingarna." in text
    with pdfplumber.open(pdf) as document:
        first_pages = " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages[:3])
    assert "KS 2023/412" in first_pages and "Anna Berg" in first_pages
    assert "Kommunförvaltningen föreslår koncern- och finansutskottet besluta att" in first_pages


@pytest.mark.parametrize(("arguments", "message"), [
    (["--datum", "20 sept"], "Datumet »20 sept« går inte att läsa; skriv det som ÅÅÅÅ-MM-DD"),
    (["--diarienummer", "x" * 200], "Diarienummer är 200 tecken; högst 120"),
    (["--handlaggare", "Anna\x07Berg"], "Handläggare innehåller ett tecken som inte kan skrivas ut (U+0007)"),
])
def test_case_details_that_cannot_be_printed_are_refused_in_swedish(bundled_db, tmp_path, capsys, arguments,
                                                                    message):
    target = tmp_path / "t2.pdf"
    code = main(["rapport", "--period", "2023-T2", "--db", str(bundled_db), *arguments, "--out", str(target)])
    _, err = capsys.readouterr()
    assert code != 0 and message in err and "Traceback" not in err
    assert not target.exists()


def test_case_details_are_checked_where_the_page_hands_them_over():
    with pytest.raises(CaseError, match="Förslag till beslut är 2001 tecken"):
        CaseDetails(proposal="a" * 2001).checked()
    assert CaseDetails(diarienummer="  ", handlaggare=" Anna ").checked() == CaseDetails(handlaggare="Anna")
    assert parse_case_date(" 2024-01-31 ") == date(2024, 1, 31) and parse_case_date("") is None


def test_a_bad_case_detail_is_a_report_error(bundled_db):
    with connect(bundled_db, read_only=True) as con, pytest.raises(ReportError, match="Beslutande organ"):
        build_report(con, ReportRequest("2023-T2", case=CaseDetails(decided_by="x" * 500)), database_name="x",
                     draw=None)


# -- deviations ---------------------------------------------------------------------------------


def by_column(table: Table) -> dict[str, dict]:
    """activity title → {column: cell}."""
    return {row[0]: dict(zip(table.columns, row)) for row in table.rows}


def test_the_deviations_of_2023_t2_are_listed_with_goal_unit_and_days(t2):
    part = section(t2, "Avvikelser")
    rows = by_column(tables(part)[0])
    # 001 rad 111: ended 2023-08-21, ■ Ej påbörjad, 10 days before the as-of date 31 August.
    assert raw_line(T2_2023, 111).startswith("Ta fram en metod för att genomföra medborgardialog\t■ Ej påbörjad\t2023-08-21")
    overdue = rows["Ta fram en metod för att genomföra medborgardialog"]
    assert overdue["Mål"] == "2.3.1" and str(overdue["Status"]).startswith("■ Ej påbörjad")
    assert overdue["Slutdatum"] == "2023-08-21"
    late = overdue["Försenad"]
    assert isinstance(late, Marked) and str(late) == "⏰ 10 dagar" and late.colour == OVERDUE_COLOUR
    # Rad 308: LSS yrkesresan ⏸ Vänteläge; rad 50: Övningskolor/förskolor "Pågående med avvikelser".
    assert str(rows["LSS yrkesresan"]["Status"]) == "⏸ Vänteläge" and rows["LSS yrkesresan"]["Mål"] == "2.14.1"
    assert str(rows["Övningskolor/förskolor"]["Status"]) == "▶! Pågående med avvikelse"
    assert set(rows) == {"Ta fram en metod för att genomföra medborgardialog", "LSS yrkesresan",
                         "Övningskolor/förskolor"}
    assert texts(part)[0] == ("3 av de 57 aktiviteterna avviker från planen: 1 är försenad, 1 rapporteras med "
                              "avvikelse och 1 står i vänteläge. En aktivitet kan avvika på flera sätt.")
    # 001 has no unit column (rad 47): the deviation table leaves it out too.
    assert tables(part)[0].columns == ("Aktivitet", "Mål", "Status", "Slutdatum", "Försenad")


def test_the_deviations_of_2024_t1_name_the_overdue_council_activity_and_its_unit(t1_2024):
    table = tables(section(t1_2024, "Avvikelser"))[0]
    rows = by_column(table)
    # 002 rad 296–300: "Att utforma och bilda ett Samskapanderåd", Fritid Kultur Turism, Pågående enligt
    # plan, ending 2024-03-31 – a month before the as-of date 30 April 2024.
    assert raw_line(T1_2024, 296) == "Att utforma och bilda ett Samskapanderåd"
    council = rows["Att utforma och bilda ett Samskapanderåd"]
    assert (council["Mål"], council["Ansvarig enhet"], council["Slutdatum"], str(council["Försenad"])) == (
        "1.7", "Fritid Kultur Turism", "2024-03-31", "⏰ 30 dagar")
    assert len(rows) == 7
    # Every row is a deviation for a reason the table shows.
    for row in rows.values():
        status = str(row["Status"])
        assert row["Försenad"] or "avvikelse" in status or "Vänteläge" in status or "startdatum" in status


# -- since the previous tertial -----------------------------------------------------------------


def test_since_the_previous_tertial_says_why_there_is_no_comparison(t2, t1_2024):
    # 2023-T1 (000) lists only the council's 15 goals, ungraded: the 21 KS goals are new in T2.
    earlier = section(t2, "Sedan förra tertialen")
    assert earlier.heading == "Sedan förra tertialen (2023-T1)"
    assert texts(earlier)[0] == ("2023-T1 redovisade inget av de här målen, så ingen bedömning kan jämföras med förra "
                                 "tertialen: alla 21 mål är nya i 2023-T2.")
    # 2024 follows a new goal model (målområden): its goals are other goals.
    later = texts(section(t1_2024, "Sedan förra tertialen"))
    assert later[0].startswith("2023-T2 följer 2023 års målmodell och 2024-T1 2024 års.")
    assert "57 från 2023-T2 redovisas inte längre" in later[1]


# -- the report's own words ---------------------------------------------------------------------


def test_the_reports_own_introduction_and_closing_words_are_kept(t2):
    introduction = section(t2, "Förvaltningens inledning")
    assert [part.heading for part in t2.sections if part.level == 2][:1] == ["Inledning"]  # 001 rad 5: "1 Inledning"
    opening = next(part for part in t2.sections if part.heading == "Inledning")
    assert texts(opening)[0].startswith("Kommunfullmäktige har antagit ett antal mål för 2023.")
    assert texts(opening)[-1] == f"Ur {T2_2023}, rad 5."
    assert introduction.level == 1
    closing = section(t2, "Förvaltningens sammanfattande analys")
    summary = t2.sections[t2.sections.index(closing) + 1]
    assert summary.heading == "Sammanfattning"  # 001 rad 329: "3 Sammanfattning"
    assert any("Det kvarstår fyra månader av året" in text for text in texts(summary))  # rad 333
    # The closing words come after the last focus area, before the appendix.
    headings = [part.heading for part in t2.sections]
    assert headings.index("Hållbar natur") < headings.index("Förvaltningens sammanfattande analys") < headings.index(
        "Bilaga: Källor")


# -- counts that agree --------------------------------------------------------------------------


def test_t2_2023_counts_the_same_goals_and_activities_everywhere(t2):
    # 001 presents 36 goals (15 KF, 21 KS) and 57 activity rows under the KS goals.
    assert "21 av rapportens 36 mål (de kommunstyrelsen antagit) med 57 aktiviteter" in t2.cover.sources
    assert t2.goal_count == 21 == len([part for part in t2.sections if part.level == 2 and part.heading[0].isdigit()])
    assert activity_rows(t2) == 57 == status_chart_total(t2)
    shares = next(table for table in tables(section(t2, "Sammanfattning")) if table.columns[-1] == "Andel")
    assert sum(int(row[2].split("\u00a0")[0]) for row in shares.rows) == 100


def test_t1_2024_names_the_council_goal_it_leaves_out_and_does_not_count_its_activities(t1_2024):
    # 002 presents 20 goals: 19 KS goals and, first (rad 53) and in the closing list under
    # "Verksamhetsmål för god ekonomisk hushållning" (rad 697), the council's "Sjukfrånvaron ska minska"
    # with 2 activities of its own.
    assert raw_line(T1_2024, 53) == "1.1 Sjukfrånvaron ska minska"
    assert raw_line(T1_2024, 697) == "• Sjukfrånvaron ska minska."
    assert "19 av rapportens 20 mål (de kommunstyrelsen antagit) med 32 aktiviteter" in t1_2024.cover.sources
    about = texts(section(t1_2024, "Om rapporten"))
    assert any(text.startswith("Perioden redovisar också kommunfullmäktiges mål 1.1 Sjukfrånvaron ska minska "
                               "(2 aktiviteter)") and "räknas inte i rapportens mål, aktiviteter, avvikelser eller "
               "diagram" in text for text in about)
    assert t1_2024.goal_count == 19
    assert activity_rows(t1_2024) == 32 == status_chart_total(t1_2024)
    goals_table = tables(section(t1_2024, "Målen och deras bedömning", front=True))[0]
    assert len(goals_table.rows) == 19
    assert not any(row[1].startswith("Sjukfrånvaron") for row in goals_table.rows)


def test_sources_go_to_an_appendix_and_each_goal_keeps_a_short_reference(t2):
    appendix = section(t2, "Bilaga: Källor")
    rows = tables(appendix)[0].rows
    assert len(rows) == 21
    numbered = {row[1].split(" ")[0]: row for row in rows}
    # 001 rad 301: "2.14.1 Brukarna inom LSS ska uppleva en god kvalitet"; its grade on rad 303.
    assert raw_line(T2_2023, 301).startswith("2.14.1 Brukarna inom LSS")
    lss = numbered["2.14.1"]
    assert lss[2] == T2_2023 and lss[3].startswith("301")
    goal = next(part for part in t2.sections if part.heading.startswith("2.14.1 "))
    assert texts(goal)[-1] == f"Källa {lss[0]} i bilagan."
    assert not any("Källa:" in text or ".txt" in text for part in t2.sections if part.level == 2
                   and part.heading[0].isdigit() for text in texts(part))


def test_the_crosswalk_caveat_is_said_once(t1_2024):
    every_text = [text for part in t1_2024.sections for text in texts(part)]
    assert sum("korsreferensen i data/crosswalk.csv" in text for text in every_text) == 1
    goal = next(part for part in t1_2024.sections if part.heading.startswith("Att utforma") is False
                and part.level == 2 and any(text.startswith("Målområde: ") for text in texts(part)))
    assert goal is not None


def test_a_focus_area_report_counts_only_its_area(bundled_db):
    health = make(bundled_db, "2024-T1", focus_area="Hållbar hälsa")
    # In the crosswalk, Hållbar hälsa holds 6 of 2024-T1's KS goals and the council's "Sjukfrånvaron".
    assert health.goal_count == 6
    assert activity_rows(health) == status_chart_total(health)
    table = tables(section(health, "Målen och deras bedömning", front=True))[0]
    assert len(table.rows) == 6 and {row[2] for row in table.rows} == {"Hållbar hälsa"}
    word = docx.Document(io.BytesIO(write_docx(health)))
    assert any("Sjukfrånvaron ska minska" in p.text and "räknas inte här" in p.text for p in word.paragraphs)


# -- the page ---------------------------------------------------------------------------------------


def test_the_page_takes_the_case_details_into_the_report(app, tmp_path, monkeypatch, offered_downloads):
    from tertial.webapp import forget_reports

    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))  # quick: the charts as tables
    offered = offered_downloads
    forget_reports()
    at = app.run()
    at.switch_page("pages/tertial_report.py").run()
    # The proposal's field shows the default wording it stands for when left empty.
    proposal = next(area for area in at.text_area if area.label == "Förslag till beslut")
    assert proposal.proto.placeholder == "Godkänna redovisning av måluppföljning per tertial 2 2023."
    next(field for field in at.text_input if field.label == "Diarienummer").input("KS 2023/412").run()
    next(field for field in at.text_input if field.label == "Handläggare").input("Anna Berg").run()
    next(button for button in at.button if button.label == "Skapa tertialrapport").click().run()
    assert not at.exception
    word = docx.Document(io.BytesIO(offered["tertialrapport-ange-kommun-2023-T2.docx"]))
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert {"KS 2023/412", "Anna Berg", "Kommunstyrelsen"} <= cells
    # Another proposal is another report: made anew, one point per line.
    proposal = next(area for area in at.text_area if area.label == "Förslag till beslut")
    proposal.input("Godkänna redovisningen\nLägga rapporten till handlingarna").run()
    assert not at.get("download_button")  # not made yet for these details
    next(button for button in at.button if button.label == "Skapa tertialrapport").click().run()
    text = [p.text for p in docx.Document(io.BytesIO(offered["tertialrapport-ange-kommun-2023-T2.docx"])).paragraphs]
    assert "1. Godkänna redovisningen" in text and "2. Lägga rapporten till handlingarna" in text
    forget_reports()


def test_an_activity_keeps_the_mark_a_footnote_under_its_goal_refers_to(t2):
    # 001 rad 266: "Projekt Ångemodellen Unga *", and rad 268 under the table: "\\* Detta mål har samma
    # aktivitet planerad som för föregående utvecklingsmål, 2.11.2 …".
    assert raw_line(T2_2023, 266).startswith("Projekt Ångemodellen Unga *\t")
    goal = next(part for part in t2.sections if part.heading.startswith("2.11.4 "))
    titles = [row[0] for table in tables(goal) for row in table.rows]
    assert titles == ["Resursskola", "Projekt Ångemodellen Unga *"]
    assert any(text.startswith("* Detta mål har samma aktivitet planerad") for text in texts(goal))

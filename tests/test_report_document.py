"""The tertial report as Word and PDF, made from the database built from the bundled
reports, checked against what a person reads in the T2 2023 report
(data/raw/001_2318b0fccc3d977e.txt, cited by line below) and against the database.

Each document is made once per module: the charts are drawn by one Chromium start for
the whole T2 2023 report, and both files come from that one document. The PDF's pages
are kept as PNG in test-artifacts/report-pages/ for a person to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import time
from datetime import date

import docx
import pdfplumber
import pypdfium2
import pytest
from docx.oxml.ns import qn

from tertial import PROJECT_ROOT
from tertial.cli import main
from tertial.db import connect
from tertial.report import ReportError, ReportRequest, build_report, write_docx, write_pdf, writer_for
from tertial.report import symbol_font
from tertial.report.chart_images import unavailable_reason
from tertial.report.document import Selection, activity_table
from tertial.visual import OVERDUE_COLOUR, grade_label

T2_FILE = "001_2318b0fccc3d977e.txt"
SENTENCE = (
    "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt "
    "och 14 mål Ej uppfyllt eller Knappt uppfyllt."
)
HEALTH_SENTENCE = (
    "Inom Hållbar hälsa: av de totalt 9 målen kommunstyrelsen antagit är 3 mål Uppfyllt eller "
    "Delvis uppfyllt och 6 mål Ej uppfyllt eller Knappt uppfyllt."
)
FOCUS_AREAS = ["Hållbar vardag", "Hållbar hälsa", "Hållbar gemenskap", "Hållbar kompetens", "Hållbar natur"]
MADE_ON = date(2023, 9, 15)
PAGES_DIR = PROJECT_ROOT / "test-artifacts" / "report-pages"
GOAL_HEADING = re.compile(r"^(\d+(?:\.\d+)+) ")


# -- what the database says (plain SQL on the public views, not the report's own queries) --------


@pytest.fixture(scope="module")
def t2_goals(bundled_db) -> dict[str, tuple[str, str | None]]:
    """goal code → (title, grade) of T2 2023's KS goals."""
    with connect(bundled_db, read_only=True) as con:
        rows = con.execute(
            "SELECT goal_code, goal_title, grade FROM goal_assessments "
            "WHERE organisation = 'Ånge kommun' AND period = '2023-T2' AND goal_level = 'KS'"
        ).fetchall()
    return {code: (title, grade) for code, title, grade in rows}


@pytest.fixture(scope="module")
def t2_activity_counts(bundled_db) -> dict[str, int]:
    with connect(bundled_db, read_only=True) as con:
        rows = con.execute(
            "SELECT goal_code, count(*) FROM activity_statuses "
            "WHERE organisation = 'Ånge kommun' AND period = '2023-T2' AND goal_level = 'KS' GROUP BY goal_code"
        ).fetchall()
    return dict(rows)


# -- the documents, each made once -----------------------------------------------------------------


@pytest.fixture(scope="module")
def t2_document(bundled_db):
    with connect(bundled_db, read_only=True) as con:
        started = time.perf_counter()
        document = build_report(con, ReportRequest("2023-T2"), database_name=bundled_db.name, made_on=MADE_ON)
        print(f"T2 2023 report document with charts: {time.perf_counter() - started:.1f} s")
    return document


@pytest.fixture(scope="module")
def t2_docx(t2_document):
    return docx.Document(io.BytesIO(write_docx(t2_document)))


@pytest.fixture(scope="module")
def t2_pdf(t2_document) -> bytes:
    return write_pdf(t2_document)


@pytest.fixture(scope="module")
def t2_pdf_pages(t2_pdf) -> list[str]:
    """Each page's text, whitespace as single spaces (a wrapped sentence reads whole)."""
    with pdfplumber.open(io.BytesIO(t2_pdf)) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


@pytest.fixture(scope="module")
def health_docx(bundled_db):
    # No charts drawn (draw=None): this document is about which goals a focus area keeps.
    with connect(bundled_db, read_only=True) as con:
        document = build_report(con, ReportRequest("2023-T2", focus_area="Hållbar hälsa"),
                                database_name=bundled_db.name, made_on=MADE_ON, draw=None)
    return document, docx.Document(io.BytesIO(write_docx(document)))


# -- reading a Word file as a person does: headings, what follows each ------------------------------


def blocks(document) -> list:
    """Paragraphs and tables in reading order."""
    return list(document.iter_inner_content())


def goal_blocks(document) -> dict[str, list]:
    """goal code → the paragraphs and tables under its Heading 2, up to the next heading."""
    goals: dict[str, list] = {}
    current = None
    for block in blocks(document):
        style = getattr(getattr(block, "style", None), "name", "") if hasattr(block, "text") else ""
        if style.startswith("Heading"):
            match = GOAL_HEADING.match(block.text)
            current = match.group(1) if style == "Heading 2" and match else None
            if current:
                goals[current] = [block]
        elif current:
            goals[current].append(block)
    return goals


def is_table(block) -> bool:
    return hasattr(block, "rows")


def paragraphs_text(document) -> list[str]:
    return [block.text for block in blocks(document) if not is_table(block)]


# -- Word --------------------------------------------------------------------------------------------


def test_word_has_every_ks_goal_of_t2_2023_as_a_heading_with_its_number(t2_docx, t2_goals):
    headings = [p.text for p in t2_docx.paragraphs if p.style.name == "Heading 2" and GOAL_HEADING.match(p.text)]
    # 001 grades 21 KS goals, 2.1.1 (rad 17) … 2.15.1 (rad 317).
    assert len(headings) == len(t2_goals) == 21
    assert sorted(headings) == sorted(f"{code} {title}" for code, (title, _) in t2_goals.items())
    assert "2.14.1 Brukarna inom LSS ska uppleva en god kvalitet" in headings  # rad 301
    # Grouped by focus area, each a Heading 1 in the vision's order (000: 1.1 vardag … 1.5 natur).
    areas = [p.text for p in t2_docx.paragraphs if p.style.name == "Heading 1" and p.text in FOCUS_AREAS]
    assert areas == FOCUS_AREAS
    # KF goal 2.13 has no KS goal (rad 295–297): said under its focus area, not a goal heading.
    assert not any(h.startswith("2.13 ") for h in headings)
    assert any(p.text.startswith("Kommunfullmäktiges mål 2.13 Arbeta för att det byggs seniorboenden")
               and "har inget utvecklingsmål från kommunstyrelsen" in p.text for p in t2_docx.paragraphs)


def test_word_gives_each_goal_its_grade_with_symbol_as_the_database_has_it(t2_docx, t2_goals):
    goals = goal_blocks(t2_docx)
    grades = {code: next(b.text for b in content if not is_table(b) and b.style.name == "Tertial bedömning")
              for code, content in goals.items()}
    assert grades == {code: grade_label(grade) for code, (_, grade) in t2_goals.items()}
    assert grades["2.15.1"] == "◆ Knappt uppfyllt"  # rad 319 (the prose below says Delvis: the heading counts)
    assert grades["2.3.1"] == "● Uppfyllt"  # rad 104
    assert grades["2.2.1"] == "■ Ej uppfyllt"  # rad 82 "#### ■ Ej Uppfyllt"


def test_word_has_each_goals_analysis_and_its_activity_table(t2_docx, t2_activity_counts, t2_goals):
    goals = goal_blocks(t2_docx)
    rows = {code: sum(len(b.rows) - 1 for b in content if is_table(b)) for code, content in goals.items()}
    assert rows == {code: t2_activity_counts.get(code, 0) for code in t2_goals}
    assert rows["2.14.1"] == 6  # rad 308–313
    assert rows["2.1.1"] == 10  # rad 48–57
    table = next(b for b in goals["2.14.1"] if is_table(b))
    # 001's tables have no Startdatum or Ansvarig enhet (rad 47: "Verksamhetens aktiviteter, Status,
    # Slutdatum, Kommentar"): columns empty in the whole report are left out, the comment gets the room.
    assert [cell.text for cell in table.rows[0].cells] == ["Aktivitet", "Status", "Slutdatum", "Kommentar"]
    first = [cell.text for cell in table.rows[1].cells]
    assert first[:3] == ["LSS yrkesresan", "⏸ Vänteläge", "2023-12-31"]  # rad 308
    text = " ".join(b.text for b in goals["2.14.1"] if not is_table(b))
    assert "men då ingen är avslutad bedöms målet som Knappt uppfyllt" in text  # rad 305
    # The one overdue activity of the period (rad 111, ended 2023-08-21, Ej påbörjad) is marked.
    overdue = next(b for b in goals["2.3.1"] if is_table(b)).rows[2].cells
    assert overdue[0].text == "Ta fram en metod för att genomföra medborgardialog"
    assert overdue[1].text == "■ Ej påbörjad"
    assert overdue[2].text == "⏰ 2023-08-21\n10 dagar sen"  # 21 to 31 August, 001's as-of date


def test_word_has_the_committee_sentence_cover_contents_legend_and_footer(t2_docx):
    text = paragraphs_text(t2_docx)
    assert SENTENCE in text
    assert {"Ånge kommun", "Tertialuppföljning", "Tertial 2 2023 (2023-T2)", "Skapad 15 september 2023"} <= set(text)
    assert "Sammanställd av Tertial ur de inlästa rapporterna." in text
    assert any(line.startswith("Sammanställd ur databasen ") for line in text)  # the sources appendix
    body = t2_docx.element.body
    instructions = " ".join(node.text for node in body.iter(qn("w:instrText")))
    assert "PAGEREF _Toc" in instructions and "TOC" not in instructions.replace("_Toc", "")
    # The contents is written out with its page numbers: Word is not asked to update fields.
    assert t2_docx.settings.element.find(qn("w:updateFields")) is None
    legend = [cell.text for table in t2_docx.tables if table.rows[0].cells[-1].text == "Anmärkning"
              for row in table.rows for cell in row.cells[:1]]
    assert {"● Uppfyllt", "▲ Delvis uppfyllt", "◆ Knappt uppfyllt", "■ Ej uppfyllt", "○ Ej bedömd",
            "▶ Pågående enligt plan", "▶! Pågående med avvikelse", "⏸ Vänteläge", "✓ Avslutad enligt plan"} <= set(legend)
    footer = t2_docx.sections[0].footer._element
    fields = [field.get(qn("w:instr")) for field in footer.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "Sida" in footer.xml
    assert t2_docx.core_properties.language == "sv-SE"


def test_word_has_the_three_charts_as_images_when_chromium_draws(t2_docx, t2_document):
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"no browser for the charts here: {reason}")
    assert t2_document.charts_as_images and t2_document.chart_note is None
    shapes = t2_docx.inline_shapes
    assert len(shapes) == 3  # Översikt's grade, focus-area and status charts
    descriptions = [shape._inline.docPr.get("descr") for shape in shapes]
    # The text alternative carries the figures: 001's KS goals are 2 ●, 5 ▲, 9 ◆, 5 ■.
    assert "Uppfyllt 2, Delvis uppfyllt 5, Knappt uppfyllt 9, Ej uppfyllt 5" in descriptions[0]
    captions = [p.text for p in t2_docx.paragraphs if p.text.startswith("Figur ")]
    assert [c.split(",")[0] for c in captions] == [
        "Figur 1. Målen efter bedömning", "Figur 2. Målen per fokusområde", "Figur 3. Aktiviteterna efter status"]


def test_a_focus_area_narrows_the_report_to_its_goals(health_docx, t2_goals):
    document, word = health_docx
    # Hållbar hälsa (000: KF 1.2.1–1.2.4) = 001's 2.6, 2.10, 2.11, 2.14.
    expected = {"2.6.1", "2.10.1", "2.10.2", "2.11.1", "2.11.2", "2.11.3", "2.11.4", "2.11.5", "2.14.1"}
    assert set(goal_blocks(word)) == expected
    text = paragraphs_text(word)
    assert HEALTH_SENTENCE in text
    assert "Fokusområde: Hållbar hälsa" in text
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1" and p.text in FOCUS_AREAS] == [
        "Hållbar hälsa"]
    assert document.file_stem == "tertialrapport-ange-kommun-2023-T2-hallbar-halsa"


# -- PDF --------------------------------------------------------------------------------------------


def test_pdf_pages_render_and_none_is_blank(t2_pdf, t2_document):
    shutil.rmtree(PAGES_DIR, ignore_errors=True)
    PAGES_DIR.mkdir(parents=True)
    pdf = pypdfium2.PdfDocument(t2_pdf)
    try:
        count = len(pdf)
        # Cover, contents, then at least one page each for Om rapporten, Sammanfattning and the
        # five focus areas.
        assert count > 2 + 1 + 1 + len(FOCUS_AREAS)
        for index in range(count):
            page = pdf[index].render(scale=1.5).to_pil()
            page.save(PAGES_DIR / f"page-{index + 1:02}.png")
            image = page.convert("L")
            width, height = image.size
            body = image.crop((0, 0, width, int(height * 0.88)))  # above the footer
            ink = sum(body.histogram()[:128]) / (body.width * body.height)
            assert ink > 0.001, f"page {index + 1} has nothing above its footer"
    finally:
        pdf.close()


def test_pdf_text_has_the_sentence_page_numbers_contents_and_symbols(t2_pdf_pages):
    pages = t2_pdf_pages
    count = len(pages)
    whole = " ".join(pages)
    assert SENTENCE in whole
    for number, text in enumerate(pages, start=1):
        assert f"Sida {number} av {count}" in text
    # The contents follows the cover and the decision part.
    contents = " ".join(page for page in pages if page.startswith("Innehåll") or "Innehåll" in page[:60])
    assert contents.startswith("Innehåll")
    for area in FOCUS_AREAS:
        listed = re.search(rf"{area} (\d+)", contents)
        assert listed, f"{area} missing from the contents"
        # The page the contents gives is the page the focus area's chapter opens on.
        assert pages[int(listed.group(1)) - 1].startswith(area)
    # The grades' and statuses' marks are text, in the bundled DejaVu Sans and its fallback.
    for mark in ("● Uppfyllt", "▲ Delvis uppfyllt", "◆ Knappt uppfyllt", "■ Ej uppfyllt", "▶ Pågående", "⏸ Vänteläge",
                 "⏰ Försenad"):
        assert mark in whole, mark
    assert "LSS yrkesresan ⏸ Vänteläge 2023-12-31" in whole  # rad 308


# -- without Chromium -------------------------------------------------------------------------------


def test_without_chromium_the_report_carries_the_charts_tables_and_says_why(bundled_db, tmp_path, monkeypatch):
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv("BROWSER_PATH", str(missing))
    with connect(bundled_db, read_only=True) as con:
        document = build_report(con, ReportRequest("2023-T2"), database_name=bundled_db.name, made_on=MADE_ON)
    assert not document.charts_as_images
    assert document.chart_note.startswith("Diagrammen kunde inte ritas som bilder: webbläsaren ")
    assert str(missing) in document.chart_note and "finns inte" in document.chart_note
    word = docx.Document(io.BytesIO(write_docx(document)))
    assert len(word.inline_shapes) == 0
    text = paragraphs_text(word)
    assert document.chart_note in text
    assert [line.split(",")[0] for line in text if line.startswith("Tabell ")] == [
        "Tabell 1. Målen efter bedömning", "Tabell 2. Målen per fokusområde", "Tabell 3. Aktiviteterna efter status"]
    grades = next(t for t in word.tables if t.rows[0].cells[0].text == "Bedömning" and len(t.rows[0].cells) == 3)
    # 001's KS goals: 2 ●, 5 ▲, 9 ◆, 5 ■ (see test_queries), as Översikt's table under its chart.
    assert {row.cells[0].text: row.cells[1].text for row in grades.rows[1:]} == {
        "● Uppfyllt": "2", "▲ Delvis uppfyllt": "5", "◆ Knappt uppfyllt": "9", "■ Ej uppfyllt": "5", "○ Ej bedömd": "0"}
    with pdfplumber.open(io.BytesIO(write_pdf(document))) as pdf:
        whole = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    # The PDF breaks long words (the browser's path) at the end of a line, with a hyphen.
    def squashed(text: str) -> str:
        return re.sub(r"[\s-]", "", text)

    assert squashed(document.chart_note) in squashed(whole)
    assert SENTENCE in whole


# -- the command line -------------------------------------------------------------------------------


def test_the_command_line_writes_both_formats(bundled_db, tmp_path, monkeypatch, capsys):
    # Without a browser, to keep it quick: the charts' drawing is tested above.
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    word, pdf = tmp_path / "rapport.docx", tmp_path / "rapport.pdf"
    code = main(["rapport", "--period", "2023-T2", "--fokusomrade", "Hållbar natur", "--db", str(bundled_db),
                 "--out", str(word), "--out", str(pdf)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Hållbar natur, 3 mål" in out  # 2.2.1, 2.2.2, 2.5.1
    assert "Diagrammen kunde inte ritas som bilder" in err
    headings = [p.text for p in docx.Document(str(word)).paragraphs
                if p.style.name == "Heading 2" and GOAL_HEADING.match(p.text)]
    assert [h.split()[0] for h in headings] == ["2.2.1", "2.2.2", "2.5.1"]
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("arguments", "message", "exit_code"),
    [
        (["--period", "2031-T3"], "Perioden »2031-T3« har ingen inläst rapport för Ånge kommun", 1),
        (["--period", "2023-T9"], "»2023-T9« är ingen period; skriv ÅÅÅÅ-Tn", 1),
        (["--period", "2023-T2", "--fokusomrade", "Hälsa"], "Fokusområdet »Hälsa« finns inte för Ånge kommun", 1),
        (["--period", "2023-T2", "--organisation", "Sundsvall"], "Organisationen »Sundsvall« finns inte", 1),
        (["--period", "2023-T2", "--malniva", "XY"], "Målnivån »XY« finns inte", 1),
    ],
)
def test_the_command_line_refuses_what_the_data_does_not_have(bundled_db, tmp_path, capsys, arguments, message,
                                                              exit_code):
    target = tmp_path / "rapport.pdf"
    code = main(["rapport", *arguments, "--db", str(bundled_db), "--out", str(target)])
    _, err = capsys.readouterr()
    assert code == exit_code
    assert message in err
    assert "Traceback" not in err
    assert not target.exists()


def test_the_command_line_refuses_an_unknown_file_format_before_any_work(bundled_db, tmp_path, capsys):
    code = main(["rapport", "--period", "2023-T2", "--db", str(bundled_db), "--out", str(tmp_path / "rapport.odt")])
    _, err = capsys.readouterr()
    assert code == 2
    assert "Filformatet ».odt« kan inte skrivas; välj .docx (Word) eller .pdf." in err


# -- the app ----------------------------------------------------------------------------------------


def test_rapporter_makes_the_tertial_report_for_download(app, tmp_path, monkeypatch, offered_downloads):
    # Without a browser, to keep it quick; the app shows why the charts are tables.
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    offered = offered_downloads
    at = app.run()
    # Översikt leads to the report page, which starts from Översikt's period.
    assert any(link.proto.page == "tertialrapport" for link in at.get("page_link"))
    at.switch_page("pages/tertial_report.py").run()
    assert not at.exception
    assert at.title[0].value == "Tertialrapport"
    assert at.selectbox(key="report_period").value == "2023-T2"  # the sidebar's period
    assert not at.get("download_button")
    next(button for button in at.button if button.label == "Skapa tertialrapport").click().run()
    assert not at.exception
    assert [button.proto.label for button in at.get("download_button")] == ["Ladda ner Word", "Ladda ner PDF"]
    assert set(offered) == {"tertialrapport-ange-kommun-2023-T2.docx", "tertialrapport-ange-kommun-2023-T2.pdf"}
    assert offered["tertialrapport-ange-kommun-2023-T2.pdf"].startswith(b"%PDF")
    assert any("Diagrammen kunde inte ritas som bilder" in warning.value for warning in at.warning)
    # Another period offers its own levels, the default first as on Översikt: 2023-T1 has KF goals only.
    at.selectbox(key="report_period").select("2023-T1").run()
    assert not at.exception
    assert at.selectbox(key="report_goal_level").value == "KF"
    assert not at.get("download_button")  # a report not made yet


# -- pure parts -------------------------------------------------------------------------------------


def test_file_names_say_organisation_period_focus_area_and_a_chosen_level():
    assert Selection("Ånge kommun", "2023-T2", None, "KS", True).file_stem() == "tertialrapport-ange-kommun-2023-T2"
    assert Selection("Ånge kommun", "2023-T2", "Hållbar hälsa", "KF", False).file_stem() == (
        "tertialrapport-ange-kommun-2023-T2-hallbar-halsa-kf")


def test_only_docx_and_pdf_are_written():
    assert writer_for(".DOCX") is write_docx and writer_for(".pdf") is write_pdf
    with pytest.raises(ReportError, match="».txt«"):
        writer_for(".txt")


def test_an_overdue_activity_is_marked_in_red_at_its_end_date():
    row = dict(activity_title="A", status="Pågående enligt plan", overdue=True, days_overdue=10, start_date=None,
               end_date=date(2023, 8, 21), responsible_unit=None, comment=None)
    table = activity_table([row, {**row, "overdue": False, "days_overdue": None}])
    assert [str(cells[1]) for cells in table.rows] == ["▶ Pågående enligt plan", "▶ Pågående enligt plan"]
    overdue, on_time = table.rows[0][3], table.rows[1][3]
    assert str(overdue) == "⏰ 2023-08-21\n10 dagar sen" and overdue.colour == OVERDUE_COLOUR
    assert on_time == "2023-08-21" and table.rows[0][2] == ""
    # Asked for the columns a report uses, the rest are left out and the comment takes their room.
    narrow = activity_table([row], ("title_as_printed", "status", "end_date", "comment"))
    assert narrow.columns == ("Aktivitet", "Status", "Slutdatum", "Kommentar")
    assert sum(narrow.widths) == sum(table.widths) and narrow.widths[-1] > table.widths[-1]


def test_the_symbol_font_has_the_two_marks_dejavu_lacks():
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(symbol_font.font_bytes()))
    cmap = font.getBestCmap()
    assert {ord("⏸"), ord("⏰")} <= set(cmap)
    glyphs = font["glyf"]
    assert all(glyphs[cmap[code]].numberOfContours > 0 for code in (ord("⏸"), ord("⏰")))
    dejavu = TTFont(PROJECT_ROOT / "tertial" / "fonts" / "DejaVuSans.ttf").getBestCmap()
    assert ord("⏸") not in dejavu and all(ord(mark) in dejavu for mark in "●▲◆■○✓▶")


@pytest.mark.skipif(not shutil.which("false"), reason="no false(1) to stand in for a broken browser")
def test_a_browser_that_does_not_start_gives_the_tables_and_its_reason(bundled_db, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", shutil.which("false"))
    with connect(bundled_db, read_only=True) as con:
        document = build_report(con, ReportRequest("2023-T2", focus_area="Hållbar natur"),
                                database_name=bundled_db.name, made_on=MADE_ON)
    assert not document.charts_as_images
    assert f"webbläsaren {shutil.which('false')} kunde inte rita diagrammen" in document.chart_note
    assert "choreo_get_chrome" not in document.chart_note  # the library's download advice is not passed on


def test_the_reports_queries_give_goals_by_focus_area_with_their_kf_goal_and_activities(bundled_con):
    from tertial.queries import run_query

    params = dict(organisation="Ånge kommun", period="2023-T2", goal_level="KS", focus_area=None)
    goals = run_query(bundled_con, "report_goals", params)
    assert goals.height == 21
    # Focus areas in the vision's order (000: 1.1 vardag …), goals in 001's order within each.
    assert goals["vision_focus_area"].unique(maintain_order=True).to_list() == FOCUS_AREAS
    assert goals.filter(goals["vision_focus_area"] == "Hållbar vardag")["goal_code"].to_list() == ["2.8.1", "2.15.1"]
    first = goals.row(0, named=True)
    assert (first["parent_goal_code"], first["source_line"], first["grade_line"]) == ("2.8", 179, 181)  # rad 177–181
    activities = run_query(bundled_con, "report_activities", params)
    lss = activities.filter(activities["goal_code"] == "2.14.1")
    assert lss["source_line"].to_list() == list(range(308, 314))  # rad 308–313
    assert lss["status"].to_list()[0] == "Vänteläge"
    assert activities.height == 57  # every activity row of 001's T2 tables

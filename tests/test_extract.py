"""Text out of uploaded report files (tertial.extract), checked against the reader.

Word and PDF files are made here, from the bundled reports' text, with python-docx
(tests/documents.py) and fpdf2; nothing binary is checked in. How PDF layouts (tables,
wrapped cells, page breaks) read is in test_pdf_reading.py.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from documents import WORD_PAGE_HEADER, word_document
from tertial.extract import (
    ExtractError,
    ExtractedText,
    detect_organisation,
    detect_period,
    extract_text,
)
from tertial.model import ReportReadError
from tertial.reader import read_report

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
T1_2023 = "000_4224aef9546bb394.txt"
T2_2023 = "001_2318b0fccc3d977e.txt"
STAB_2024 = "002_b08c0454ff5f1aaf.txt"
T3_2024 = "003_4e7665d6ff629a7e.txt"
UNIT_2023 = "004_e1862fdd44dda98a.txt"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
NO_TEXT = "PDF-filen innehåller ingen text (skannad bild?) – ladda upp en textbaserad PDF eller Word-filen."

needs_dejavu = pytest.mark.skipif(
    not DEJAVU.exists(),
    reason=f"{DEJAVU} saknas (Debian-paketet fonts-dejavu-core); PDF med svensk text kan inte skapas",
)


def raw(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    return " ".join(text.split())


# -- making Word files ------------------------------------------------------------------------

# The report's text as a real Word file (tests/documents.py); test_import uses this name.
docx_from_report_text = word_document


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary(report):
    """Goals and activities as a person compares them. Whitespace in comments is
    collapsed: Word, PDF and text differ in line breaks and runs of spaces only."""
    goals = [(g.code, g.title, g.level, g.grade, squeeze(g.comment)) for g in report.goals]
    activities = [
        (report.goals[a.goal].code, a.title, a.status, a.end_date, squeeze(a.comment)) for a in report.activities
    ]
    return goals, activities


# -- making PDF files -----------------------------------------------------------------------------


def pdf_from_report_text(text: str) -> tuple[bytes, int]:
    """A PDF with the report's lines (as the PDF text export has them), a blank line's
    worth of space between paragraphs and a page footer "Sida n av m"; and its page count."""
    from fpdf import FPDF

    class Report(FPDF):
        def footer(self):
            self.set_y(-15)
            self.set_font("DejaVu", size=8)
            self.cell(0, 10, f"Sida {self.page_no()} av {{nb}}", align="C")

    pdf = Report(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=10)
    pdf.set_auto_page_break(True, 25)
    pdf.add_page()
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 5, line.strip(), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(5)
    return bytes(pdf.output()), pdf.page_no()


def image_only_pdf() -> bytes:
    """A 'scanned' page: a picture of text, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (800, 400), "white")
    draw = ImageDraw.Draw(picture)
    for row in range(8):
        draw.text((20, 20 + 45 * row), "Rapport malavstamning tertial 2 2023", fill="black")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=190)
    return bytes(pdf.output())


# ==== Word =========================================================================================


def test_docx_of_the_t2_2023_report_reads_like_its_text():
    text = raw(T2_2023)
    extracted = extract_text(docx_from_report_text(text), "Rapport T2 2023.docx")
    assert isinstance(extracted, ExtractedText)
    assert (extracted.kind, extracted.encoding, extracted.pages) == ("docx", None, None)

    from_docx = read_report(extracted.text, "Rapport T2 2023.docx")
    from_text = read_report(text, T2_2023)
    graded_ks = [g for g in from_docx.goals if g.level == "KS" and g.grade]
    assert len(graded_ks) == 21
    assert len(from_docx.activities) == 57
    assert [(g.code, g.grade) for g in graded_ks] == [
        (g.code, g.grade) for g in from_text.goals if g.level == "KS" and g.grade
    ]
    # Same goals, grades and analyses; same activities with titles, statuses, end dates, comments.
    assert summary(from_docx) == summary(from_text)
    assert from_docx.title == from_text.title == "Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023"


def test_docx_tables_come_out_in_place_as_tab_separated_rows_and_headings_as_markdown():
    extracted = extract_text(docx_from_report_text(raw(T2_2023)), "r.docx")
    lines = extracted.text.split("\n")
    header = "Verksamhetens aktiviteter\tStatus\tSlutdatum\tKommentar"
    first_table = lines.index(header)
    assert lines[first_table + 1] == (
        "Utbildningsinsats inom SKUA\tPågående enligt plan\t2023-12-21\t"
        "Pågående enligt plan. Ny personal utbildas fr.o.m. höstterminen 2023."
    )
    # The table sits between the analysis before it and the next goal's heading after it.
    assert lines.index("2022/2023: 82%") < first_table < lines.index("## 2.1.2 Öka attraktiviteten och kvalitén på Bobergsgymnasiet")
    # A row whose title cell is empty (a comment continued after a page break) keeps its
    # columns; a cell of several paragraphs keeps them apart as HTML paragraphs, as the
    # text export writes them, and other HTML the export left in a cell is the text Word shows.
    assert any(line.startswith("\t\t\t<p>livsmedelsproducenter kan mötas") for line in lines)
    assert 'varandras verksamheter.</p><p>Ett exempel är "Workshop offentlig upphandling"' in extracted.text
    assert lines.count(header) == sum(1 for line in raw(T2_2023).split("\n") if line == header)
    assert "#### ▲ Delvis uppfyllt." in lines
    assert "# Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023" in lines
    # Page header and footer ("Sida n av m") are not body text.
    assert WORD_PAGE_HEADER not in extracted.text and "Sida " not in extracted.text
    # Paragraphs are separated by one blank line, never more.
    assert "\n\n\n" not in extracted.text


def _number_headings(document) -> None:
    """Word's multilevel heading numbering: 1 / 1.1 / 1.1.1 on Heading 1–3, the way Word
    stores it (numbering.xml plus numPr on the heading styles)."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="Heading{n + 1}"/><w:lvlText w:val="{".".join(f"%{k + 1}" for k in range(n + 1))}"/></w:lvl>'
        for n in range(3)
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level in (1, 2, 3):
        ppr = document.styles[f"Heading {level}"].element.get_or_add_pPr()
        ilvl = f'<w:ilvl w:val="{level - 1}"/>' if level > 1 else ""  # level 1 found by pStyle
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}>{ilvl}<w:numId w:val="90"/></w:numPr>'))


def _symbol_grade(paragraph, *, sym: bool, words: str) -> None:
    """A grade mark as Word often stores it: a Wingdings character, not a Unicode one."""
    if sym:  # ■ as <w:sym w:font="Wingdings" w:char="F06E"/>
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="Wingdings" w:char="F06E"/></w:r>'))
    else:  # ● as the letter "l" in the Wingdings font
        run = paragraph.add_run("l")
        run.font.name = "Wingdings"
    paragraph.add_run(words)


def test_docx_automatic_numbering_symbol_fonts_and_lists_reach_the_reader():
    document = Document()
    _number_headings(document)
    document.add_heading("Inledning", level=1)
    document.add_paragraph("Rapporten redovisar kommunstyrelsens mål.")
    document.add_heading("Redovisning av målarbete", level=1)
    document.add_heading("Öka takten i arbetet med attraktiv kommun och prioriterade besöksmål", level=2)
    document.add_heading("Minst tre besöksmål förbättras under året.", level=3)
    _symbol_grade(document.add_heading("", level=4), sym=False, words=" Uppfyllt")
    document.add_paragraph("Tre besöksmål har fått nya ramper och skyltar.")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate([
        ("Verksamhetens aktiviteter", "Status", "Slutdatum", "Kommentar"),
        ("Ramp vid Haverö Strömmar", "Avslutad enligt plan", "2023-06-30", "Klar."),
        ("Skyltning Getberget", "Pågående med avvikelse", "2023-09-30", "Försenad leverans."),
    ]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Besöksmålen marknadsförs tillsammans med näringslivet.", level=3)
    _symbol_grade(document.add_heading("", level=4), sym=True, words=" Ej uppfyllt")
    document.add_paragraph("Arbetet har inte startat.")
    document.add_paragraph("Getberget", style="List Bullet")
    document.add_paragraph("Haverö Strömmar", style="List Bullet")
    document.add_heading("Sammanfattning", level=1)

    extracted = extract_text(save(document), "numrerad.docx")
    lines = extracted.text.split("\n")
    assert "# 1 Inledning" in lines
    assert "# 2 Redovisning av målarbete" in lines
    assert "## 2.1 Öka takten i arbetet med attraktiv kommun och prioriterade besöksmål" in lines
    assert "### 2.1.1 Minst tre besöksmål förbättras under året." in lines
    assert "### 2.1.2 Besöksmålen marknadsförs tillsammans med näringslivet." in lines
    assert "#### ● Uppfyllt" in lines and "#### ■ Ej uppfyllt" in lines
    assert "• Getberget" in lines and "• Haverö Strömmar" in lines
    assert "# 3 Sammanfattning" in lines

    report = read_report(extracted.text, "numrerad.docx")
    assert [(g.code, g.level, g.grade) for g in report.goals] == [
        ("2.1", "KF", None), ("2.1.1", "KS", "Uppfyllt"), ("2.1.2", "KS", "Ej uppfyllt"),
    ]
    assert [(a.title, a.status, a.end_date) for a in report.activities] == [
        ("Ramp vid Haverö Strömmar", "Avslutad enligt plan", date(2023, 6, 30)),
        ("Skyltning Getberget", "Pågående med avvikelse", date(2023, 9, 30)),
    ]


def test_docx_leaves_out_deleted_and_hidden_text_and_the_table_of_contents():
    document = Document()
    toc = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("2.1 Fortsätta ett målmedvetet arbete\t5", style=toc)
    document.add_paragraph("2.2 Öka takten i kommunens miljö- och klimatarbete\t7", style=toc)
    document.element.body.insert(0, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Innehåll</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>1 Inledning</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>2</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    ))
    paragraph = document.add_paragraph("Målet är ")
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="A" w:date="2023-09-01T00:00:00Z">'
        "<w:r><w:delText>inte </w:delText></w:r></w:del>"
    ))
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="A" w:date="2023-09-01T00:00:00Z">'
        "<w:r><w:t>delvis </w:t></w:r></w:ins>"
    ))
    paragraph.add_run("uppfyllt.")
    hidden = paragraph.add_run(" Dold anteckning.")
    hidden.font.hidden = True
    merged = document.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Sammanslagen"
    merged.cell(0, 2).text = "Sista"
    merged.cell(1, 0).text = "a"
    merged.cell(1, 1).text = "b"
    merged.cell(1, 2).text = "c"

    extracted = extract_text(save(document), "ändringar.docx")
    assert extracted.text.split("\n")[0] == "Målet är delvis uppfyllt."
    assert "inte" not in extracted.text and "Dold" not in extracted.text
    assert "Fortsätta ett målmedvetet" not in extracted.text and "Inledning" not in extracted.text
    # A merged cell keeps the columns of the cells after it in place.
    assert "Sammanslagen\t\tSista" in extracted.text.split("\n")
    assert "a\tb\tc" in extracted.text.split("\n")
    assert any("spårade ändringar" in note for note in extracted.notes)
    assert any("Innehållsförteckningen (4 rader)" in note for note in extracted.notes)


def _goal_with_table(document, rows, *, title: str = "Sjukfrånvaron ska minska"):
    """A goal heading and its activity table, each cell's paragraphs as given (a string
    is one paragraph); returns the table."""
    document.add_heading("Redovisning av arbete för de politiska målen", level=1)
    document.add_heading(f"1.1 {title}", level=2)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            paragraphs = [value] if isinstance(value, str) else value
            cell = table.cell(r, c)
            cell.text = paragraphs[0] if paragraphs else ""
            for paragraph in paragraphs[1:]:
                cell.add_paragraph(paragraph)
    return table


def test_docx_cell_merged_down_over_rows_gives_its_value_to_each_row():
    """A unit cell merged down (w:vMerge) over the activities it is responsible for is
    read in each of those rows, as a person reads the table."""
    document = Document()
    table = _goal_with_table(document, [
        ("Status", "Åtgärd", "Slutdatum", "Ansvarig enhet"),
        ("Pågående enligt plan", "Lovskola i matematik", "2024-08-16", "Grundskola"),
        ("Avslutad enligt plan", "Läsombud på alla skolor", "2024-06-14", ""),
        ("Ej påbörjad", "Fler lärare i svenska", "2024-12-31", ""),
        ("Vänteläge", "Ny avdelning på Björkbacken", "2024-10-31", "Förskola"),
    ])
    table.cell(1, 3).merge(table.cell(3, 3))

    extracted = extract_text(save(document), "sammanslagen.docx")
    lines = extracted.text.split("\n")
    assert "Avslutad enligt plan\tLäsombud på alla skolor\t2024-06-14\tGrundskola" in lines
    assert "Ej påbörjad\tFler lärare i svenska\t2024-12-31\tGrundskola" in lines
    report = read_report(extracted.text, "sammanslagen.docx")
    assert [(a.title, a.responsible_unit) for a in report.activities] == [
        ("Lovskola i matematik", "Grundskola"),
        ("Läsombud på alla skolor", "Grundskola"),
        ("Fler lärare i svenska", "Grundskola"),
        ("Ny avdelning på Björkbacken", "Förskola"),
    ]


def test_docx_activity_cell_of_several_paragraphs_reads_as_the_text_export_block():
    """The 2024 layout as a Word table: the dates in their columns, and the activity's
    title, unit, description, status and comment as paragraphs of one cell."""
    document = Document()
    _goal_with_table(document, [
        ("Verksamhetens aktiviteter", "Startdatum", "Slutdatum"),
        (["Genomföra temadagar", "Hålla workshops med alla chefer i omgångar.", "Ej påbörjad"],
         "2024-04-22", "2024-05-31"),
        (["Utveckla chefsstöd för arbetsmiljöarbete", "• HR och Kommunikation",
          "Utveckla chefsstödet genom kompetenshöjning.", "Pågående enligt plan",
          "Planering pågår för en temadag.", "Kostnad < 5 tkr & lokal bokad."],
         "2024-01-01", "2024-08-31"),
    ])

    extracted = extract_text(save(document), "block.docx")
    assert ("<p>Genomföra temadagar</p><p>Hålla workshops med alla chefer i omgångar.</p><p>Ej påbörjad</p>"
            "\t2024-04-22\t2024-05-31") in extracted.text.split("\n")
    report = read_report(extracted.text, "block.docx")
    assert [(a.title, a.responsible_unit, a.start_date, a.end_date, a.status, a.description, a.comment)
            for a in report.activities] == [
        ("Genomföra temadagar", None, date(2024, 4, 22), date(2024, 5, 31), "Ej påbörjad",
         "Hålla workshops med alla chefer i omgångar.", ""),
        ("Utveckla chefsstöd för arbetsmiljöarbete", "HR och Kommunikation", date(2024, 1, 1), date(2024, 8, 31),
         "Pågående enligt plan", "Utveckla chefsstödet genom kompetenshöjning.",
         "Planering pågår för en temadag.\n\nKostnad < 5 tkr & lokal bokad."),
    ]


def test_docx_row_merged_across_the_table_goes_on_with_the_activity_above():
    """A row of title, unit and dates, then a row merged across the table for the
    activity's description, status and comment: one activity, as a person reads it."""
    document = Document()
    table = _goal_with_table(document, [
        ("Verksamhetens aktiviteter", "Startdatum", "Slutdatum"),
        (["Skapa Storytelling med temat friskvårdsbidrag", "• HR och Kommunikation"], "2024-02-29", "2024-08-31"),
        (["Låta minst fyra medarbetare berätta om hur hälsan har påverkats.", "Pågående med avvikelse",
          "Aktiviteten startar i mars."], "", ""),
        ("Öka nivån på friskvårdsbidraget", "2024-01-01", "2024-12-31"),
        (["För att förbättra hälsan.", "Avslutad enligt plan"], "", ""),
    ])
    for row in (2, 4):
        table.cell(row, 0).merge(table.cell(row, 2))

    extracted = extract_text(save(document), "sammanslagen_rad.docx")
    report = read_report(extracted.text, "sammanslagen_rad.docx")
    assert [(a.title, a.responsible_unit, a.end_date, a.status, a.description, a.comment)
            for a in report.activities] == [
        ("Skapa Storytelling med temat friskvårdsbidrag", "HR och Kommunikation", date(2024, 8, 31),
         "Pågående med avvikelse", "Låta minst fyra medarbetare berätta om hur hälsan har påverkats.",
         "Aktiviteten startar i mars."),
        ("Öka nivån på friskvårdsbidraget", None, date(2024, 12, 31), "Avslutad enligt plan",
         "För att förbättra hälsan.", ""),
    ]


def test_docx_activity_cell_without_a_status_is_still_refused_with_its_line():
    document = Document()
    _goal_with_table(document, [
        ("Verksamhetens aktiviteter", "Startdatum", "Slutdatum"),
        (["Genomföra temadagar", "Hålla workshops med alla chefer."], "2024-04-22", "2024-05-31"),
    ])
    text = extract_text(save(document), "utan_status.docx").text
    with pytest.raises(ReportReadError) as error:
        read_report(text, "utan_status.docx")
    [problem] = error.value.problems
    assert problem.line == text.split("\n").index(next(line for line in text.split("\n")
                                                        if line.startswith("<p>Genomföra temadagar"))) + 1
    assert "Aktiviteten »Genomföra temadagar« saknar status." in problem.message


def test_docx_cells_of_several_paragraphs_in_a_table_with_a_status_column_are_values_and_texts():
    """Where the status has a column, a cell's paragraphs are one value (a title or a
    status on two lines) or one text (a comment in paragraphs)."""
    document = Document()
    _goal_with_table(document, [
        ("Verksamhetens aktiviteter", "Status", "Slutdatum", "Kommentar"),
        (["Utbildningsinsats", "inom SKUA"], ["Pågående", "enligt plan"], "2023-12-21",
         ["Ny personal utbildas.", "Uppföljning sker i december."]),
        ("Lovskola", "Ej påbörjad", "2024-08-15", "Startar i sommar."),
    ])
    report = read_report(extract_text(save(document), "stycken.docx").text, "stycken.docx")
    assert [(a.title, a.status, a.end_date, a.comment) for a in report.activities] == [
        ("Utbildningsinsats inom SKUA", "Pågående enligt plan", date(2023, 12, 21),
         "Ny personal utbildas.\nUppföljning sker i december."),
        ("Lovskola", "Ej påbörjad", date(2024, 8, 15), "Startar i sommar."),
    ]


def test_docx_goal_table_cells_of_several_paragraphs_are_one_goal_one_grade_and_a_comment():
    document = Document()
    document.add_heading("Målområde Trygghet", level=2)
    table = document.add_table(rows=2, cols=3)
    for c, value in enumerate(("Nämndmål", "Bedömning", "Kommentar")):
        table.cell(0, c).text = value
    for c, paragraphs in enumerate((["1.1 Färre inbrott", "i bostadsområdena"], ["▲", "Delvis uppfyllt"],
                                    ["Grannsamverkan har startat.", "Polisen & kommunen < 5 möten."])):
        table.cell(1, c).text = paragraphs[0]
        table.cell(1, c).add_paragraph(paragraphs[1])
    report = read_report(extract_text(save(document), "måltabell.docx").text, "måltabell.docx")
    assert [(g.code, g.title, g.grade, g.comment) for g in report.goals] == [
        ("1.1", "Färre inbrott i bostadsområdena", "Delvis uppfyllt",
         "Grannsamverkan har startat.\nPolisen & kommunen < 5 möten."),
    ]


def test_docx_other_table_with_cells_of_several_paragraphs_is_plain_text_in_its_section():
    document = Document()
    document.add_heading("Inledning", level=1)
    document.add_paragraph("Nyckeltalen för perioden.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nyckeltal", "Värde"
    table.cell(1, 0).text = "Sjukfrånvaro"
    table.cell(1, 0).add_paragraph("totalt & långa")
    table.cell(1, 1).text = "7,9 %"
    report = read_report(extract_text(save(document), "nyckeltal.docx").text, "nyckeltal.docx")
    [section] = [s for s in report.sections if s.heading == "Inledning"]
    assert "Sjukfrånvaro totalt & långa 7,9 %" in section.text
    assert "<p>" not in section.text


def test_docx_cover_table_cell_of_several_paragraphs_still_states_the_period():
    document = Document()
    cover = document.add_table(rows=1, cols=2)
    cover.cell(0, 0).text = "Ånge kommun"
    cover.cell(0, 1).text = "Tertialrapport 2"
    cover.cell(0, 1).add_paragraph("2024")
    document.add_paragraph("Rapporten redovisar kommunstyrelsens mål.")
    hint = detect_period(extract_text(save(document), "omslag.docx").text)
    assert (hint.period, hint.as_of) == ("2024-T2", date(2024, 8, 31))


def test_a_file_that_is_no_docx_is_refused_in_swedish():
    with pytest.raises(ExtractError) as error:
        extract_text(b"Detta \xe4r ingen Word-fil alls.", "rapport.docx")
    assert str(error.value) == (
        "rapport.docx: filen är ingen giltig Word-fil (.docx); den är skadad eller av en annan typ."
    )
    assert error.value.file_name == "rapport.docx"

    whole = docx_from_report_text(raw(T3_2024))
    with pytest.raises(ExtractError, match=r"^halv\.docx: filen är ingen giltig Word-fil"):
        extract_text(whole[: len(whole) // 2], "halv.docx")

    # A valid zip whose main document is broken XML.
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(whole)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else data)
    with pytest.raises(ExtractError, match=r"^trasig\.docx: Word-filen är skadad och kan inte läsas \("):
        extract_text(broken.getvalue(), "trasig.docx")

    excel = io.BytesIO()
    with zipfile.ZipFile(excel, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ExtractError, match=r"Det är en Excel-fil\.$"):
        extract_text(excel.getvalue(), "tabell.docx")

    with pytest.raises(ExtractError, match=r"äldre Word-fil \(\.doc\) eller en lösenordsskyddad Word-fil"):
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "gammal.docx")


def test_a_docx_without_text_is_empty():
    document = Document()
    document.add_paragraph("")
    document.sections[0].footer.paragraphs[0].text = "Bara en sidfot"
    with pytest.raises(ExtractError, match=r"^tom\.docx: Filen är tom"):
        extract_text(save(document), "tom.docx")


# ==== PDF ==========================================================================================


@needs_dejavu
def test_pdf_of_the_t1_2023_report_has_its_text_and_its_15_goals():
    text = raw(T1_2023)
    data, page_count = pdf_from_report_text(text)
    extracted = extract_text(data, "Måluppfyllelse T1 2023.pdf")
    assert (extracted.kind, extracted.pages, extracted.encoding) == ("pdf", page_count, None)
    assert page_count > 1
    # The footer on every page is furniture, left out as the Word path leaves it out.
    assert extracted.notes == [f"Sidhuvud och sidfot (»Sida 1 av {page_count}«) på {page_count} sidor är inte med i texten."]
    assert "Sida " not in extracted.text
    assert "Under första tertialet 2023 har bredbandsnätet inte blivit större" in squeeze(extracted.text)
    assert "Det lokala utbudet för kultur och nöjesliv är väldigt lågt." in extracted.text
    # Paragraph gaps on the page become blank lines, as in the text export.
    assert "\nKommentar\n\nDet lokala utbudet" in extracted.text
    assert "\n\n\n" not in extracted.text and "  " not in extracted.text

    from_pdf = read_report(extracted.text, "t1.pdf", goal_level="KF")
    from_text = read_report(text, T1_2023, goal_level="KF")
    assert len(from_pdf.goals) == 15
    assert [(g.code, g.title, g.level, g.area) for g in from_pdf.goals] == [
        (g.code, g.title, g.level, g.area) for g in from_text.goals
    ]


@needs_dejavu
def test_pdf_of_the_unit_report_keeps_its_period_statement():
    data, _ = pdf_from_report_text(raw(UNIT_2023))
    extracted = extract_text(data, "verksamhetsrapport.pdf")
    assert "Rapporten avser perioden 2023-01-01 – 2023-05-31" in extracted.text.split("\n")
    hint = detect_period(extracted.text)
    assert (hint.period, hint.as_of, hint.start) == ("2023-T2", date(2023, 5, 31), date(2023, 1, 1))


def test_a_pdf_without_a_text_layer_is_refused():
    with pytest.raises(ExtractError) as error:
        extract_text(image_only_pdf(), "skannad.pdf")
    assert str(error.value) == f"skannad.pdf: {NO_TEXT}"

    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    blank.add_page()
    with pytest.raises(ExtractError, match=re.escape(NO_TEXT)):
        extract_text(bytes(blank.output()), "tom.pdf")


@needs_dejavu
def test_a_pdf_with_one_page_without_text_says_which():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, squeeze(raw(T3_2024))[:1500])
    pdf.add_page()
    extracted = extract_text(bytes(pdf.output()), "blandad.pdf")
    assert extracted.pages == 2
    assert extracted.notes == ["Sidan 2 har ingen text (bild eller tom sida?)."]
    assert "Uppföljning av kommunstyrelsens mål, tertial 3 2024" in squeeze(extracted.text)


@needs_dejavu
def test_a_pdf_activity_table_with_rules_is_read_row_by_row():
    """A table drawn with rules (fpdf2's table) comes out as the Word path gives it:
    tab-separated rows under the header, read by the reader like any table."""
    from fpdf import FPDF

    lines = raw(T2_2023).split("\n")
    header = lines.index("Verksamhetens aktiviteter\tStatus\tSlutdatum\tKommentar")
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.add_font("DejaVu", "B", str(DEJAVU.with_name("DejaVuSans-Bold.ttf")))
    pdf.set_font("DejaVu", size=8)
    pdf.add_page()
    pdf.multi_cell(0, 5, "2.1.1 Andelen elever i åk 9 som är behöriga till gymnasiet når rikssnittet.")
    pdf.ln(3)
    pdf.multi_cell(0, 5, "▲ Delvis uppfyllt.")
    pdf.ln(3)
    with pdf.table(col_widths=(50, 30, 20, 90)) as table:
        for line in lines[header:header + 4]:
            row = table.row()
            for cell in line.split("\t"):
                row.cell(cell.strip())
    extracted = extract_text(bytes(pdf.output()), "tabell.pdf")
    assert extracted.notes == []
    text_lines = extracted.text.split("\n")
    at = text_lines.index("Verksamhetens aktiviteter\tStatus\tSlutdatum\tKommentar")
    assert text_lines[at + 1: at + 4] == [line.replace("\t ", "\t") for line in lines[header + 1:header + 4]]

    report = read_report(extracted.text, "tabell.pdf")
    assert [(a.title, a.status, a.end_date) for a in report.activities] == [
        ("Utbildningsinsats inom SKUA", "Pågående enligt plan", date(2023, 12, 21)),
        ("Utbilda all personal inom NPF via SPSM", "Pågående enligt plan", date(2023, 12, 21)),
        ("Övningskolor/förskolor", "Pågående med avvikelse", date(2024, 2, 29)),
    ]


@needs_dejavu
def test_a_pdf_table_flattened_to_text_is_refused_with_the_line():
    """A table printed as plain lines (no rules, the column names run on like a sentence)
    cannot be placed: the notes advise the Word file, the reader names the line."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for line in ("2.1.1 Andelen elever i åk 9 som är behöriga till gymnasiet når rikssnittet.", "",
                 "▲ Delvis uppfyllt.", "",
                 "Verksamhetens aktiviteter Status Slutdatum Kommentar",
                 "Utbildningsinsats inom SKUA Pågående enligt plan 2023-12-21 Ny personal utbildas.",
                 "Resursskola Pågående enligt plan 2023-08-31 Uppstartad fr.o.m. höstterminen 2023."):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    extracted = extract_text(bytes(pdf.output()), "platt.pdf")
    assert "Verksamhetens aktiviteter Status Slutdatum Kommentar" in extracted.text.split("\n")
    assert extracted.notes == [
        "Sidan 1 har en aktivitetstabell utan linjer eller kolumner att läsa den efter; aktiviteterna kan "
        "inte läsas säkert – ladda hellre upp Word-filen."
    ]
    with pytest.raises(ReportReadError, match="Aktivitetstabellen kunde inte läsas") as error:
        read_report(extracted.text, "platt.pdf")
    [problem] = error.value.problems
    assert problem.line_text.startswith("Utbildningsinsats inom SKUA Pågående enligt plan 2023-12-21")


@needs_dejavu
def test_a_pdf_table_of_contents_is_left_out():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in ("Innehåll", "1 Inledning ........................ 2",
                 "2.1 Fortsätta ett målmedvetet arbete . . . . . . . 5"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 6, "1 Inledning\n\n" + squeeze(raw(T3_2024))[:600])
    extracted = extract_text(bytes(pdf.output()), "med_innehåll.pdf")
    lines = extracted.text.split("\n")
    assert lines[0] == "Innehåll" and lines.count("1 Inledning") == 1
    assert not any("....." in line or ". . ." in line for line in lines)
    assert extracted.notes == ["Innehållsförteckningen (2 rader med sidnummer) är inte med i texten."]


@needs_dejavu
def test_encrypted_pdfs():
    from fpdf import FPDF

    def encrypted(user_password: str) -> bytes:
        pdf = FPDF()
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.set_font("DejaVu", size=11)
        pdf.set_encryption(owner_password="ägare", user_password=user_password)
        pdf.add_page()
        pdf.multi_cell(0, 6, squeeze(raw(T3_2024))[:800])
        return bytes(pdf.output())

    with pytest.raises(ExtractError) as error:
        extract_text(encrypted("hemligt"), "låst.pdf")
    assert str(error.value) == "låst.pdf: PDF-filen är lösenordsskyddad. Ladda upp en kopia utan lösenord."

    readable = extract_text(encrypted(""), "skyddad.pdf")
    assert "Kommunförvaltningen föreslår" in squeeze(readable.text)
    assert any("krypterad" in note for note in readable.notes)


def test_broken_pdfs_are_refused_in_swedish():
    with pytest.raises(ExtractError, match=r"^fel\.pdf: filen är ingen giltig PDF-fil"):
        extract_text(b"Detta \xe4r en textfil med fel fil\xe4ndelse.", "fel.pdf")
    with pytest.raises(ExtractError, match=r"^trasig\.pdf: PDF-filen är skadad och kan inte läsas \(\w+: "):
        extract_text(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF", "trasig.pdf")


@needs_dejavu
def test_a_truncated_pdf_is_refused():
    data, _ = pdf_from_report_text(raw(T3_2024))
    with pytest.raises(ExtractError, match=r"^avbruten\.pdf: PDF-filen är skadad och kan inte läsas \("):
        extract_text(data[: len(data) * 2 // 3], "avbruten.pdf")


# ==== plain text ===================================================================================


def test_utf8_text_is_read_as_it_is_and_line_ends_become_lf():
    text = raw(T3_2024)
    plain = extract_text(text.encode("utf-8"), "t3.txt")
    assert (plain.text, plain.kind, plain.encoding, plain.pages, plain.notes) == (text, "text", "utf-8", None, [])
    with_bom = extract_text(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"), "t3.md")
    assert with_bom.text == text
    assert "\r" not in with_bom.text and not with_bom.text.startswith("\ufeff")
    assert extract_text(b"rad ett\rrad tv\xc3\xa5\r", "mac.txt").text == "rad ett\nrad två\n"


def test_windows_1252_text_is_converted_with_a_note():
    text = raw(T1_2023)
    extracted = extract_text(text.encode("cp1252"), "Måluppfyllelse.txt")
    assert extracted.text == text
    assert extracted.encoding == "cp1252"
    assert extracted.notes == ["Texten var kodad som Windows-1252 och har konverterats."]
    assert len(read_report(extracted.text, "cp1252.txt", goal_level="KF").goals) == 15


def test_text_that_is_neither_utf8_nor_swedish_windows_1252_says_where():
    with pytest.raises(ExtractError) as error:
        extract_text(b"Rad ett\nRad tv\x81 och tre\n", "konstig.txt")
    assert str(error.value) == (
        "konstig.txt, rad 2: texten är inte UTF-8 (ogiltig byte 0x81 vid byte 14) och inte heller "
        "svensk text i Windows-1252. Spara filen som UTF-8 och ladda upp den igen."
    )
    assert (error.value.line, error.value.byte) == (2, 14)
    # Decodable as Windows-1252, but nothing Swedish in it: not guessed.
    with pytest.raises(ExtractError, match=r"^engelsk\.txt, rad 1: texten är inte UTF-8"):
        extract_text(b"Trademark \x99 only", "engelsk.txt")


def test_utf16_text_is_converted():
    text = raw(T3_2024)
    little = extract_text(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "t3.txt")
    assert (little.text, little.encoding) == (text, "utf-16-le")
    assert little.notes == ["Texten var kodad som UTF-16 och har konverterats."]
    big = extract_text(codecs.BOM_UTF16_BE + text.replace("\n", "\r\n").encode("utf-16-be"), "t3.txt")
    assert (big.text, big.encoding) == (text, "utf-16-be")
    no_bom = extract_text(text.encode("utf-16-le"), "t3.txt")
    assert (no_bom.text, no_bom.encoding) == (text, "utf-16-le")
    assert "utan byte-ordningsmärke" in no_bom.notes[0]


def test_symbol_font_characters_in_the_private_use_area_become_their_marks():
    # Word's PDF export leaves Wingdings ● and Symbol's bullet as U+F06C and U+F0B7.
    extracted = extract_text("\uf06c Uppfyllt\n\uf0b7 HR och Kommunikation\n\uf06e Ej uppfyllt\n".encode(), "pua.txt")
    assert extracted.text == "● Uppfyllt\n• HR och Kommunikation\n■ Ej uppfyllt\n"


def test_double_encoded_utf8_is_repaired():
    text = "Ånge kommun: målen är delvis uppfyllda.\n"
    garbled = text.encode("utf-8").decode("cp1252").encode("utf-8")
    extracted = extract_text(garbled, "dubbel.txt")
    assert extracted.text == text
    assert extracted.notes == ["Texten var dubbelkodad (UTF-8 sparad som Windows-1252) och har rättats."]


def test_binary_files_are_refused():
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(picture, format="PNG")
    message = "bild.txt: filen ser ut att vara en binärfil, inte text. Ladda upp rapporten som .txt, .md, .docx eller .pdf."
    with pytest.raises(ExtractError) as error:
        extract_text(picture.getvalue(), "bild.txt")
    assert str(error.value) == message
    # No NUL bytes, but control characters everywhere.
    with pytest.raises(ExtractError, match="ser ut att vara en binärfil"):
        extract_text(bytes(range(1, 32)) * 20 + "Ånge".encode() * 20, "styr.txt")
    # A stray control character in real text is dropped, not fatal.
    tolerated = extract_text("Rapport\x07 tertial 2 2023\n".encode(), "ok.txt")
    assert tolerated.text == "Rapport tertial 2 2023\n"
    assert tolerated.notes == ["1 osynliga styrtecken togs bort ur texten."]


def test_content_decides_over_a_wrong_extension():
    extracted = extract_text(docx_from_report_text(raw(T3_2024)), "tjänsteskrivelse.txt")
    assert extracted.kind == "docx"
    assert extracted.notes[0] == "Filen heter .txt men är en Word-fil (.docx) och har lästs som en sådan."
    assert "Uppföljning av kommunstyrelsens mål, tertial 3 2024" in extracted.text


# ==== size, emptiness, types ==========================================================================


@pytest.mark.parametrize("name", ["tom.txt", "tom.md", "tom.docx", "tom.pdf"])
def test_empty_files(name):
    with pytest.raises(ExtractError) as error:
        extract_text(b"", name)
    assert str(error.value) == f"{name}: Filen är tom."


def test_files_with_only_whitespace_are_empty():
    with pytest.raises(ExtractError, match=r"^blank\.txt: Filen är tom"):
        extract_text(b"  \r\n\t\n", "blank.txt")
    with pytest.raises(ExtractError, match=r"^blank16\.txt: Filen är tom"):
        extract_text(codecs.BOM_UTF16_LE + "   \n\u00a0\n".encode("utf-16-le"), "blank16.txt")


def test_files_over_the_size_limit_are_refused_with_the_limit_in_mb():
    one_mb = 1024 * 1024
    with pytest.raises(ExtractError) as error:
        extract_text(b"a" * (one_mb + 1), "stor.txt", max_bytes=one_mb)
    assert str(error.value) == "stor.txt: filen är för stor (1 MB, 1\u00a0048\u00a0577 byte). Största tillåtna storlek är 1 MB."
    with pytest.raises(ExtractError, match=r"Största tillåtna storlek är 0,5 MB\.$"):
        extract_text(b"a" * (one_mb // 2 + 1), "stor.pdf", max_bytes=one_mb // 2)
    with pytest.raises(ExtractError, match=r"^jättestor\.docx: filen är för stor \(20 MB.*Största tillåtna storlek är 20 MB\.$"):
        extract_text(b"\x00" * (20 * one_mb + 1), "jättestor.docx")
    assert extract_text(b"a" * 100, "lagom.txt", max_bytes=100).text == "a" * 100


@pytest.mark.parametrize("name, shown", [
    ("budget.xls", "filtypen .xls"),
    ("diagram.PNG", "filtypen .png"),
    ("rapport", "en fil utan filändelse"),
])
def test_unknown_file_types_list_the_accepted_ones(name, shown):
    with pytest.raises(ExtractError) as error:
        extract_text(b"whatever", name)
    assert str(error.value) == f"{name}: {shown} kan inte läsas. Tillåtna filtyper är .txt, .md, .docx, .pdf."


def test_old_word_files_get_a_hint():
    with pytest.raises(ExtractError, match=r"Spara Word-filen som \.docx och ladda upp den igen\.$"):
        extract_text(b"\xd0\xcf\x11\xe0", "rapport.doc")


def test_upper_case_extensions_are_accepted():
    assert extract_text("Tertial 1 2024\n".encode(), "RAPPORT.TXT").kind == "text"


# ==== what the document says about itself ===============================================================


def test_detect_period_on_the_bundled_reports():
    assert detect_period(raw(T1_2023)) is None  # "Under första tertialet 2023 …" is no statement of period
    assert detect_period(raw(STAB_2024)) is None

    t2 = detect_period(raw(T2_2023))
    assert (t2.period, t2.start, t2.as_of, t2.line, t2.note) == ("2023-T2", date(2023, 5, 1), date(2023, 8, 31), 3, None)
    assert t2.evidence == "Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023"
    # "perioden oktober-december 2023" in an activity's comment is not the report's period.
    assert t2.conflicts == ()

    t3 = detect_period(raw(T3_2024))
    assert (t3.period, t3.start, t3.as_of, t3.line, t3.note, t3.conflicts) == (
        "2024-T3", date(2024, 9, 1), date(2024, 12, 31), 4, None, ()
    )
    assert t3.evidence == "Uppföljning av kommunstyrelsens mål, tertial 3 2024"

    unit = detect_period(raw(UNIT_2023))
    assert (unit.period, unit.start, unit.as_of, unit.line, unit.conflicts) == (
        "2023-T2", date(2023, 1, 1), date(2023, 5, 31), 10, ()
    )
    assert unit.evidence == "Rapporten avser perioden 2023-01-01 – 2023-05-31"
    assert unit.note == (
        "Perioden 2023-01-01 – 2023-05-31 är ingen hel tertial; slutdatumet ligger i tertial 2 2023, som föreslås."
    )


def test_a_range_that_is_no_whole_tertial_allows_each_tertial_it_overlaps():
    unit = detect_period(raw(UNIT_2023))  # 2023-01-01 – 2023-05-31; a person chose 2023-T1
    assert not unit.exact
    assert [unit.consistent_with(p) for p in ("2022-T3", "2023-T1", "2023-T2", "2023-T3")] == [False, True, True, False]
    t2 = detect_period(raw(T2_2023))  # "tertiälrapport 2 2023" names one tertial
    assert t2.exact
    assert [t2.consistent_with(p) for p in ("2023-T1", "2023-T2", "2023-T3")] == [False, True, False]


def test_detect_period_reads_the_t3_report_body_statement_too():
    # Without its title, 003 still says its period in the body.
    body = "\n".join(line for line in raw(T3_2024).split("\n") if "tertial 3" not in line)
    hint = detect_period(body)
    assert (hint.period, hint.start, hint.as_of, hint.note) == ("2024-T3", date(2024, 9, 1), date(2024, 12, 31), None)
    assert "perioden 1 september till 31 december 2024" in hint.evidence


@pytest.mark.parametrize("text, period, as_of", [
    ("tertialrapport 2 2023", "2023-T2", date(2023, 8, 31)),
    ("Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023", "2023-T2", date(2023, 8, 31)),
    ("tertial 3 2024", "2024-T3", date(2024, 12, 31)),
    ("Tertial 1 2024", "2024-T1", date(2024, 4, 30)),
    ("Tertialrapport 2, 2023", "2023-T2", date(2023, 8, 31)),
    ("Uppföljning T3 2023", "2023-T3", date(2023, 12, 31)),
    ("perioden 2023-01-01 – 2023-05-31", "2023-T2", date(2023, 5, 31)),
    ("perioden 2024-01-01 - 2024-04-30", "2024-T1", date(2024, 4, 30)),
    ("perioden 1 september till 31 december 2024", "2024-T3", date(2024, 12, 31)),
    ("Rapporten avser perioden januari–april 2024", "2024-T1", date(2024, 4, 30)),
    ("Redovisningen avser andra tertialet 2023", "2023-T2", date(2023, 8, 31)),
])
def test_detect_period_on_statements(text, period, as_of):
    hint = detect_period(f"\n{text}\n")
    assert (hint.period, hint.as_of, hint.line, hint.evidence) == (period, as_of, 2, text)


JAN_AUG_2024 = "Perioden 2024-01-01 – 2024-08-31 är ingen hel tertial; slutdatumet ligger i tertial 2 2024, som föreslås."


# How other municipalities state the period (issue 9), each as a title line: the period,
# its first day where stated, the day it is as of, and the note where it is no whole tertial.
@pytest.mark.parametrize("text, period, start, as_of, note", [
    # A date range.
    ("Uppföljningsperiod: 2024-05-01 – 2024-08-31", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("Uppföljningsperiod: 2024-05-01 - 2024-08-31", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("Uppföljningsperiod: 2024-05-01 — 2024-08-31", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("Uppföljningsperiod: 2024-05-01 till 2024-08-31", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("Uppföljningsperiod: 2024-01-01 – 2024-08-31", "2024-T2", date(2024, 1, 1), date(2024, 8, 31), JAN_AUG_2024),
    # The tertial by number.
    ("Tertial 2 2024", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("T2 2024", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("Tertial 2, 2024", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("2024 T2", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("Tertialrapport 2 2024", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    # Months: the end month decides the tertial.
    ("jan–aug 2024", "2024-T2", date(2024, 1, 1), date(2024, 8, 31), JAN_AUG_2024),
    ("januari–augusti 2024", "2024-T2", date(2024, 1, 1), date(2024, 8, 31), JAN_AUG_2024),
    ("maj–augusti 2024", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
    ("Delårsrapport januari–augusti 2024", "2024-T2", date(2024, 1, 1), date(2024, 8, 31), JAN_AUG_2024),
    # As of a day: the tertial the day falls in.
    ("Delårsrapport per 31 augusti 2024", "2024-T2", None, date(2024, 8, 31), None),
    ("per den 30 april 2024", "2024-T1", None, date(2024, 4, 30), None),
    ("Uppföljning per 2024-08-31", "2024-T2", None, date(2024, 8, 31), None),
    ("Delårsrapport per 31 juli 2024", "2024-T2", None, date(2024, 7, 31),
     "Rapporten gäller per 2024-07-31, som inte är sista dagen i en tertial; dagen ligger i tertial 2 2024, som föreslås."),
    # A "per" before a range starts the range, not a day of its own.
    ("Uppföljning per 2024-05-01 – 2024-08-31", "2024-T2", date(2024, 5, 1), date(2024, 8, 31), None),
])
def test_detect_period_as_other_municipalities_state_it(text, period, start, as_of, note):
    hint = detect_period(f"Kommunstyrelsen\n{text}\n")
    assert (hint.period, hint.start, hint.as_of, hint.note) == (period, start, as_of, note)
    assert (hint.line, hint.evidence, hint.conflicts, hint.exact) == (2, text, (), note is None)


@pytest.mark.parametrize("text, period, as_of", [
    ("Uppföljningsperiod: 2024-05-01 – 2024-08-31", "2024-T2", date(2024, 8, 31)),
    ("Rapporten avser perioden jan–aug 2024.", "2024-T2", date(2024, 8, 31)),
    ("Tertialuppföljningen omfattar perioden maj–augusti 2024.", "2024-T2", date(2024, 8, 31)),
    ("Delårsrapporten avser läget per den 31 augusti 2024.", "2024-T2", date(2024, 8, 31)),
    ("Uppföljning per 2024-04-30 av kommunstyrelsens mål.", "2024-T1", date(2024, 4, 30)),
])
def test_detect_period_in_the_body_where_the_line_says_it_is_the_reports(text, period, as_of):
    filler = "\n".join(f"Stycke {n} om arbetet." for n in range(12))
    hint = detect_period(f"{filler}\n{text}\n")
    assert (hint.period, hint.as_of, hint.line, hint.evidence) == (period, as_of, 13, text)


def test_a_table_row_among_the_title_lines_needs_its_date_introduced():
    # An activity's dates in a table near the top are the activity's; a cover table's
    # "Period" field is the report's.
    assert detect_period("Verksamhetsrapport\nAktivitet\tTid\nProjekt\t2024-01-01 – 2024-06-30\n") is None
    assert detect_period("Verksamhetsrapport\nAktivitet\tKlar\nProjekt\tper 2024-06-30\n") is None
    assert detect_period("Verksamhetsrapport\nAvser\tUppföljning per 2024-06-30\n").as_of == date(2024, 6, 30)
    hint = detect_period("Verksamhetsrapport\nPeriod\t2024-05-01 – 2024-08-31\n")
    assert (hint.period, hint.line, hint.note) == ("2024-T2", 2, None)


@pytest.mark.parametrize("text", [
    "",
    "Eftersom vi bara befinner oss i tertial 1 nu så är majoriteten av aktiviteterna inte klara.",
    "Ett nytt Medborgarlöfte har tecknats med Polisen för perioden 2023-2024.",
    "Rapporten avser perioden 2023-02-30 – 2023-04-30",  # no such day
    "Rapporten avser perioden 2023-08-31 – 2023-05-01",  # ends before it starts
    "Verksamhetens aktiviteter\tStatus\tSlutdatum\nProjekt\tPågående enligt plan\tperioden 2023-01-01 – 2023-04-30",
    # Dates in the body that do not say they are the report's period.
    "Per den 31 mars 2024 beslutades att projektet skulle fortsätta.",
    "Aktiviteten ska vara klar per 2024-08-31.",
    "Arbetet pågick jan–aug 2024 och fortsätter under hösten.",
    "I delårsrapport januari–augusti 2023 redovisades samma mål.",  # another report, and no "avser"/"perioden"
    "Rapporten beskriver målen för mandatperioden 2023-01-01 – 2026-12-31.",  # a period, not the report's
    "Projekt\tPågående enligt plan\tUppföljning per 2024-08-31",
    "Uppföljning per 2024-02-30",  # no such day
])
def test_detect_period_finds_nothing_where_nothing_is_said(text):
    body = "\n".join(f"Inledande text nummer {n}." for n in range(12))
    assert detect_period(body + "\n" + text) is None


@pytest.mark.parametrize("text, period, evidence", [
    # A title that the page width broke (a PDF, a narrow Word page).
    ("Rapport målavstämning kommunstyrelsen tertiälrapport\n2 2023\n", "2023-T2",
     "Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023"),
    ("# Uppföljning av kommunstyrelsens mål, tertial\n3 2024\n", "2024-T3", "Uppföljning av kommunstyrelsens mål, tertial 3 2024"),
    # A statement of the period broken inside its date range.
    ("Inledning\nRapporten avser perioden 2023-01-01 –\n2023-05-31 och verksamhetens arbete.\n", "2023-T2",
     "Rapporten avser perioden 2023-01-01 – 2023-05-31 och verksamhetens arbete."),
])
def test_detect_period_reads_a_statement_broken_over_two_lines(text, period, evidence):
    hint = detect_period(text)
    assert (hint.period, hint.evidence, hint.conflicts) == (period, evidence, ())
    assert hint.line == (2 if text.startswith("Inledning") else 1)  # the line the statement begins on


def test_detect_period_joins_no_lines_that_end_a_sentence_or_start_a_heading():
    filler = "\n".join(f"Stycke {n} om arbetet." for n in range(12))
    assert detect_period(filler + "\nVi är i tertial 1.\n2024 blir ett bra år.\n") is None
    assert detect_period(filler + "\n## Inledning tertial 2\n## 2023 års arbete\n") is None
    assert detect_period(filler + "\nProjekt\tPågående enligt plan\ttertial 2\n2023\n") is None


def test_detect_period_prefers_the_title_and_reports_conflicts():
    filler = [f"Stycke {n} om arbetet under året." for n in range(12)]
    text = "\n".join(
        ["# Uppföljning tertial 3 2023", *filler,
         "Den här rapporten avser perioden 2023-01-01 – 2023-04-30.",
         "## Bilaga: tertialrapport 3 2023"]
    )
    hint = detect_period(text)
    assert (hint.period, hint.line) == ("2023-T3", 1)
    assert [(c.period, c.line) for c in hint.conflicts] == [("2023-T1", 14)]

    # A heading deep in the document is a title line and goes before body statements.
    text = "\n".join([*filler, "Redovisningen avser perioden 1 januari – 30 april 2023.", "## Tertialrapport 2 2023"])
    hint = detect_period(text)
    assert (hint.period, hint.line) == ("2023-T2", 14)
    assert [c.period for c in hint.conflicts] == ["2023-T1"]


def test_detect_period_ignores_ordinals_in_the_body_but_not_in_the_title():
    filler = "\n".join(f"Stycke {n}." for n in range(12))
    assert detect_period(filler + "\nUnder första tertialet 2023 har bredbandsnätet inte blivit större.") is None
    assert detect_period("Uppföljning av första tertialet 2023\n" + filler).period == "2023-T1"


def test_detect_organisation():
    for name in (T1_2023, T2_2023, STAB_2024, T3_2024, UNIT_2023):
        assert detect_organisation(raw(name)) == "Ånge kommun", name
    assert detect_organisation("Sundsvalls kommun och Ånge kommun. Alla Ånge kommuns verksamheter.") == "Ånge kommun"
    assert detect_organisation("Sundsvalls kommun bjöd in. I Ånge kommun.") == "Sundsvalls kommun"  # tie: first
    assert detect_organisation("Samarbete med Upplands Väsby kommun.") == "Upplands Väsby kommun"
    assert detect_organisation("ÅNGE KOMMUN\nKommunstyrelsen") == "Ånge kommun"
    # A name the line width parted from "kommun" (PDF text keeps the lines).
    assert detect_organisation("Uppföljning för Ånge\nkommun, tertial 2.\nÅnge\nkommuns mål.") == "Ånge kommun"
    assert detect_organisation("Den kommun som vill växa. Varje kommun har ett ansvar.") is None
    assert detect_organisation("Kommunen och kommunstyrelsen har beslutat.") is None
    assert detect_organisation("") is None

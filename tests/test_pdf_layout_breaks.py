"""PDF layouts of other tools around page breaks, wrapped titles and running headers
(tertial.pdf_layout through tertial.extract), each drawn here as the tool prints it, and
read to what a person reads off the pages:

- LibreOffice prints a table's header row as a frame of its own, shaded boxes behind its
  names, the body's frame beginning where the header's ends; a row split by a page break
  goes on under the header repeated, the columns set a few points apart on the new page;
- a table's header alone at a page's foot, the table with its header beginning the next;
- a numbered goal title wrapped at the right margin, its first line short;
- a goal table without rules (Nr | KF-mål | Bedömning | Kommentar), its cells wrapped;
- a one-page report whose small-print table rows outweigh its paragraphs, with a running
  header in smaller print still;
- an activity table whose statuses stand in a row of one cell under each activity.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from tertial.extract import extract_text
from tertial.pdf_layout import Line, PageText, Table, Word, compose, join_line_break
from tertial.reader import read_report

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_dejavu = pytest.mark.skipif(not DEJAVU.exists(), reason=f"{DEJAVU} saknas (Debian-paketet fonts-dejavu-core)")

HEADER = ["Aktivitet", "Ansvarig enhet", "Slutdatum", "Status", "Kommentar"]
LINE = 4.2  # mm from one line of a cell to the next
PAD = 1.5


def new_pdf(size: float = 9):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=size)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    return pdf


def grid(pdf, top: float, edges: list[float], rows: list[list[list[str]]], *, heights: list[float] | None = None,
         shaded: bool = False) -> float:
    """A ruled table's rows (each a list of cells, each a list of lines) from top: a rule
    round every cell; shaded, a filled box inside each cell (LibreOffice's header
    background). Returns the bottom."""
    y = top
    pdf.line(edges[0], y, edges[-1], y)
    for index, row in enumerate(rows):
        height = heights[index] if heights else max(len(cell) for cell in row) * LINE + 2 * PAD
        for column, cell in enumerate(row):
            if shaded:
                pdf.set_fill_color(220, 228, 240)
                pdf.rect(edges[column] + 0.6, y + 0.6, edges[column + 1] - edges[column] - 1.2, height - 1.2, style="F")
            for k, text in enumerate(cell):
                pdf.text(edges[column] + PAD, y + PAD + (k + 1) * LINE - 1.0, text)
        y += height
        pdf.line(edges[0], y, edges[-1], y)
    for x in edges:
        pdf.line(x, top, x, y)
    return y


def libreoffice_table(pdf, top: float, edges: list[float], rows, **options) -> float:
    """The header row in a frame of its own with shaded boxes, the body's frame under it."""
    below = grid(pdf, top, edges, [[[name] for name in HEADER]], shaded=True)
    return grid(pdf, below, edges, rows, **options)


@needs_dejavu
def test_a_row_split_where_libreoffice_repeats_the_header_row_is_joined_to_its_row():
    pdf = new_pdf()
    pdf.text(20, 30, "3.2 Verka för ett ökat utbud av anpassad kollektivtrafik via projekt Formas.")
    pdf.text(20, 38, "Bedömning: ■ Ej uppfyllt")
    edges = [20, 62, 100, 125, 160, 190]
    first = [
        [["Starta träffpunkt för", "seniorer"], ["Fritid Kultur", "Turism"], ["2024-12-31"], ["Ej påbörjad"],
         ["Startar i september."]],
        # The row the page break splits: its title and comment go on on the next page.
        [["Delta i projekt"], ["Samhällsbyggnad"], ["2024-06-30"], ["Vänteläge"], ["Väntar på"]],
    ]
    libreoffice_table(pdf, 45, edges, first, heights=[2 * LINE + 2 * PAD, 280 - 45 - 2 * (LINE + 2 * PAD) - 2 * LINE - 2 * PAD])
    pdf.add_page()
    # The next page sets the columns anew, a few points apart.
    moved = [20, 62, 100, 127, 163, 190]
    below = libreoffice_table(pdf, 12, moved, [
        [["Formas om anpassad", "kollektivtrafik"], [], [], [], ["besked från", "Formas."]],
        [["Lovskola"], ["Utbildning"], ["2024-08-15"], ["Avslutad enligt plan"], []],
    ])
    pdf.text(20, below + 10, "3.3 Nästa mål.")
    data = bytes(pdf.output())
    with pdfplumber.open(io.BytesIO(data)) as document:
        assert len(document.pages) == 2 and document.pages[1].extract_words()[0]["text"] == "Aktivitet", \
            "the fixture must repeat the header at the top of the next page"
    text = extract_text(data, "libreoffice.pdf").text
    report = read_report(text, "libreoffice.pdf")
    assert [(a.title, a.responsible_unit, a.end_date.isoformat(), a.status, " ".join(a.comment.split()))
            for a in report.activities] == [
        ("Starta träffpunkt för seniorer", "Fritid Kultur Turism", "2024-12-31", "Ej påbörjad", "Startar i september."),
        ("Delta i projekt Formas om anpassad kollektivtrafik", "Samhällsbyggnad", "2024-06-30", "Vänteläge",
         "Väntar på besked från Formas."),
        ("Lovskola", "Utbildning", "2024-08-15", "Avslutad enligt plan", ""),
    ]
    # One table: its header written once per page, never inside a row.
    assert not any("Aktivitet" in line and "Samhällsbyggnad" in line for line in text.split("\n"))


@needs_dejavu
def test_a_header_row_alone_at_the_foot_of_a_page_goes_with_its_table():
    pdf = new_pdf()
    pdf.text(20, 30, "Mål 2.1 Verksamheterna ska hålla sina budgetramar")
    pdf.text(20, 38, "Måluppfyllelse: Ej uppfyllt")
    pdf.text(20, 46, "Socialtjänsten prognostiserar ett underskott på 12 miljoner kronor.")
    columns = [20, 70, 130, 160]
    names = ["Status", "Åtgärd", "Slutdatum", "Ansvarig enhet"]

    def header(y: float) -> None:
        for x, name in zip(columns, names):
            pdf.text(x, y, name)

    header(270)  # the rows did not fit under it: the table begins on the next page
    pdf.add_page()
    header(20)
    pdf.text(columns[0], 27, "Pågående med avvikelse")
    for x, value in zip(columns[1:], ["Åtgärdsplan för placeringar", "2024-10-31", "Socialtjänst"]):
        pdf.text(x, 27, value)
    pdf.text(columns[0], 33, "Ej påbörjad")
    for x, value in zip(columns[1:], ["Översyn av bemanningen", "2024-12-31", "Äldreomsorg"]):
        pdf.text(x, 33, value)
    result = extract_text(bytes(pdf.output()), "fot.pdf")
    report = read_report(result.text, "fot.pdf")
    assert [(a.title, a.status, a.end_date.isoformat(), a.responsible_unit) for a in report.activities] == [
        ("Åtgärdsplan för placeringar", "Pågående med avvikelse", "2024-10-31", "Socialtjänst"),
        ("Översyn av bemanningen", "Ej påbörjad", "2024-12-31", "Äldreomsorg"),
    ]
    assert not any("aktivitetstabell utan linjer" in note for note in result.notes)


@needs_dejavu
def test_a_numbered_title_wrapped_at_the_margin_is_one_title():
    pdf = new_pdf(size=12)
    pdf.set_xy(20, 20)
    first = "1.3.2 Öka takten i arbetet mot en serviceinriktad"
    width = pdf.get_string_width(first) + 3  # "myndighetsförvaltning" does not fit after it
    paragraph = ("Arbetet med att öka servicenivån i myndighetsutövningen pågår i alla förvaltningar och följs upp "
                 "varje månad av ledningsgruppen tillsammans med näringslivsenheten.")
    for text in (first + " myndighetsförvaltning", "Kommentar", paragraph,
                 "1.3.3 Andelen behöriga elever når rikssnittet under 2023–2024. (År 2022 var andelen 79,2.)",
                 "▲ Delvis uppfyllt.", "Riktade insatser har pågått under läsåret."):
        pdf.set_x(20)
        pdf.multi_cell(width, 6, text, align="J" if text == paragraph else "L")
        pdf.ln(4)
    data = bytes(pdf.output())
    with pdfplumber.open(io.BytesIO(data)) as document:
        lines = document.pages[0].extract_text().split("\n")
    assert lines[0] == first and len(first) < 50, "the fixture must wrap the title after a short first line"
    report = read_report(extract_text(data, "rubrik.pdf").text, "rubrik.pdf")
    assert [(g.code, g.title, g.grade) for g in report.goals] == [
        ("1.3.2", "Öka takten i arbetet mot en serviceinriktad myndighetsförvaltning", None),
        ("1.3.3", "Andelen behöriga elever når rikssnittet under 2023–2024. (År 2022 var andelen 79,2.)",
         "Delvis uppfyllt"),
    ]
    assert " ".join(report.goals[0].comment.split()) == paragraph


@needs_dejavu
def test_a_goal_table_without_rules_is_read_by_its_columns():
    pdf = new_pdf(size=11)
    pdf.set_font("DejaVu", size=15)
    pdf.text(20, 20, "2 Kommunfullmäktiges mål")
    pdf.set_font("DejaVu", size=11)
    columns = [20, 34, 95, 125]
    for x, name in zip(columns, ["Nr", "KF-mål", "Bedömning", "Kommentar"]):
        pdf.text(x, 30, name)
    pdf.line(20, 32, 190, 32)
    rows = [
        ["2.1", ["Västerby ska ha en god", "livsmiljö för alla åldrar"], ["Delvis", "uppfyllt"],
         ["Nöjdheten ökar, men", "inte bland unga."]],
        ["2.2", ["Kommunens ekonomi ska", "vara i balans"], ["Uppfyllt"], ["Överskott om 8", "miljoner kronor."]],
    ]
    y = 37.0
    for code, *cells in rows:
        pdf.text(columns[0], y, code)
        for x, cell in zip(columns[1:], cells):
            for k, text in enumerate(cell):
                pdf.text(x, y + k * 4.9, text)
        y += 2 * 4.9 + 1.2  # rows set hardly further apart than their lines
    pdf.set_font("DejaVu", size=15)
    pdf.text(20, y + 8, "3 Kommunstyrelsens mål")
    pdf.set_font("DejaVu", size=11)
    pdf.text(20, y + 18, "Rapporten följer upp kommunfullmäktiges och kommunstyrelsens mål för perioden.")
    text = extract_text(bytes(pdf.output()), "måltabell.pdf").text
    report = read_report(text, "måltabell.pdf")
    assert [(g.code, g.title, g.level, g.grade, g.comment) for g in report.goals] == [
        ("2.1", "Västerby ska ha en god livsmiljö för alla åldrar", "KF", "Delvis uppfyllt",
         "Nöjdheten ökar, men inte bland unga."),
        ("2.2", "Kommunens ekonomi ska vara i balans", "KF", "Uppfyllt", "Överskott om 8 miljoner kronor."),
    ]


@needs_dejavu
def test_a_running_header_in_small_print_is_left_out_where_table_rows_outweigh_the_text():
    pdf = new_pdf(size=8)
    pdf.text(20, 10, "Västerby kommun")
    pdf.text(160, 10, "Tertialrapport T2 2024")
    pdf.set_font("DejaVu", size=18)
    pdf.text(20, 28, "Västerby kommun – Tertialrapport T2 2024")
    pdf.set_font("DejaVu", size=13)
    pdf.text(20, 40, "3.1 Handläggningstiden för bygglov ska vara högst sex veckor")
    pdf.set_font("DejaVu", size=10.5)
    pdf.text(20, 48, "● Uppfyllt")
    pdf.text(20, 55, "Medianen för perioden var fyra veckor.")
    # Key figures in small print, its cells far apart: more letters than the text.
    pdf.set_font("DejaVu", size=8.5)
    for n in range(12):
        y = 65 + 5 * n
        pdf.text(20, y, f"Nyckeltal {n + 1} för handläggningen av bygglov i kommunen")
        pdf.text(120, y, f"{n + 3} veckor")
        pdf.text(150, y, "Uppgift från verksamhetssystemet")
    text = extract_text(bytes(pdf.output()), "sidhuvud.pdf").text
    report = read_report(text, "sidhuvud.pdf")
    assert report.title == "Västerby kommun – Tertialrapport T2 2024"
    assert [(g.code, g.grade) for g in report.goals] == [("3.1", "Uppfyllt")]
    assert "Medianen för perioden var fyra veckor." in report.goals[0].comment


def activity_block_table(pdf, top: float, edges: list[float], rows, *, foot: float | None = None) -> float:
    """A ruled table whose rows are an activity's title row (title and unit, start,
    end) and a row of one cell over all columns (description, status, comment); a cell
    is a list of lines, "" a paragraph's gap. foot: the last row runs to it (a page break
    splits it). Returns the bottom."""
    y = top
    pdf.line(edges[0], y, edges[-1], y)
    for index, row in enumerate(rows):
        cells = row if isinstance(row[0], list) else [row]
        height = max(len(cell) for cell in cells) * LINE + 2 * PAD
        if foot is not None and index + 1 == len(rows):
            height = foot - y
        for column, cell in enumerate(cells):
            for k, text in enumerate(cell):
                if text:
                    pdf.text(edges[column] + PAD, y + PAD + (k + 1) * LINE - 1.0, text)
        for x in (edges if len(cells) > 1 else [edges[0], edges[-1]]):
            pdf.line(x, y, x, y + height)
        y += height
        pdf.line(edges[0], y, edges[-1], y)
    return y


@needs_dejavu
def test_a_table_with_each_status_in_a_row_under_its_activity_reads_as_activity_blocks():
    # Verksamhetens aktiviteter | Startdatum | Slutdatum: an activity's status stands with
    # its description and comment in a row of one cell under it; the page break splits
    # such a row between the status and the comment, and the header is repeated.
    pdf = new_pdf()
    pdf.text(20, 30, "1.1 Sjukfrånvaron ska minska")
    edges = [20, 110, 150, 190]
    header = [["Verksamhetens aktiviteter"], ["Startdatum"], ["Slutdatum"]]
    activity_block_table(pdf, 36, edges, [
        header,
        [["Genomföra temadagar"], ["2024-04-22"], ["2024-05-31"]],
        ["Hålla workshops med alla chefer i omgångar för att föra dialog", "kring sjuktalen.", "",
         "Ej påbörjad"],
        [["Utveckla chefsstöd för systematiskt", "arbetsmiljöarbete", "", "• HR och Kommunikation"],
         ["2024-01-01"], ["2024-08-31"]],
        ["Utveckla chefsstödet genom kompetenshöjning.", "", "Pågående enligt plan"],
    ], foot=280)
    pdf.add_page()
    activity_block_table(pdf, 12, edges, [
        header,
        ["Planering pågår för att bjuda in till temadag för alla chefer."],
        [["Öka nivån på friskvårdsbidraget", "", "• HR och Kommunikation"], ["2024-01-01"], ["2024-12-31"]],
        ["För att förbättra hälsan.", "", "Avslutad enligt plan"],
    ])
    report = read_report(extract_text(bytes(pdf.output()), "block.pdf").text, "block.pdf")
    assert [(a.title, a.responsible_unit, a.start_date.isoformat(), a.end_date.isoformat(), a.status,
             " ".join(a.description.split()), " ".join(a.comment.split())) for a in report.activities] == [
        ("Genomföra temadagar", None, "2024-04-22", "2024-05-31", "Ej påbörjad",
         "Hålla workshops med alla chefer i omgångar för att föra dialog kring sjuktalen.", ""),
        ("Utveckla chefsstöd för systematiskt arbetsmiljöarbete", "HR och Kommunikation", "2024-01-01",
         "2024-08-31", "Pågående enligt plan", "Utveckla chefsstödet genom kompetenshöjning.",
         "Planering pågår för att bjuda in till temadag för alla chefer."),
        ("Öka nivån på friskvårdsbidraget", "HR och Kommunikation", "2024-01-01", "2024-12-31",
         "Avslutad enligt plan", "För att förbättra hälsan.", ""),
    ]


def test_a_header_row_beginning_a_page_is_never_a_split_rows_rest():
    # The table the page before ended with has no header of its own (its rows were
    # printed apart from it); the next page's table begins with the header repeated,
    # then the rest of the split row.
    def word(text: str, x: float, top: float) -> Word:
        return Word(text=text, x0=x, x1=x + 6 * len(text), top=top, bottom=top + 10, size=10)

    header = ["Verksamhetens aktiviteter", "Status", "Slutdatum", "Kommentar"]
    title = Line([word("2.7.1", 50, 40), word("Kontaktcenter", 90, 40)])
    before = Table(rows=[["Inrätta kontaktcenter", "Pågående enligt plan", "2025-01-01", "Nästa steg är"]],
                   columns=[50, 200, 280, 340], top=700, bottom=800, ruled=True)
    after = Table(rows=[header, ["", "", "", "att ta fram ett projektdirektiv."]],
                  columns=[50, 200, 280, 340], top=60, bottom=120, ruled=True, header=header)
    text = compose([PageText(1, 842, [title, before], 100), PageText(2, 842, [after], 100)]).text
    assert "Inrätta kontaktcenter\tPågående enligt plan\t2025-01-01\tNästa steg är att ta fram ett projektdirektiv." \
        in text.split("\n")
    assert "Status Status" not in text and "aktiviteter Verksamhetens" not in text


def test_a_grade_set_close_under_a_title_that_fills_its_line_is_not_part_of_the_title():
    def line(text: str, top: float, right: float | None = None) -> Line:
        words, x = [], 50.0
        for piece in text.split():
            words.append(Word(text=piece, x0=x, x1=x + 5.5 * len(piece), top=top, bottom=top + 10, size=10))
            x += 5.5 * len(piece) + 3
        if right is not None:  # a justified line: its last word ends at the margin
            shift = right - words[-1].x1
            words[-1].x0, words[-1].x1 = words[-1].x0 + shift, right
        return Line(words)

    blocks = [
        line("Kommunstyrelsen följer upp målen varje tertial och redovisar dem här.", 40, right=500),
        line("1.1.1 Andelen elever som är behöriga till gymnasiet ska öka", 70, right=498),
        line("● Uppfyllt", 83),
        line("Resultaten har förbättrats under året.", 110),
    ]
    text = compose([PageText(1, 842, blocks, 200)]).text
    assert "1.1.1 Andelen elever som är behöriga till gymnasiet ska öka" in text.split("\n")
    report = read_report(text, "betyg.pdf")
    assert [(g.code, g.title, g.grade) for g in report.goals] == [
        ("1.1.1", "Andelen elever som är behöriga till gymnasiet ska öka", "Uppfyllt")]


@pytest.mark.parametrize("before, after, joined", [
    ("Ett 60-", "tal personer", "Ett 60-tal personer"),
    ("en 3-", "årig plan", "en 3-årig plan"),
    ("under 60-", "och 70-talet", "under 60- och 70-talet"),
])
def test_a_word_compounded_with_a_number_keeps_its_hyphen_over_a_line_break(before, after, joined):
    assert join_line_break(before, after) == joined

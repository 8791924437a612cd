"""PDF reports read by their layout (tertial.pdf_layout through tertial.extract).

First the bundled reports with goals as the documents municipalities produce
(tests/documents.py: Word, Word printed to PDF by LibreOffice, a web page printed by
Chromium): each must read to the goals and activities its text export reads to. Then
one small PDF per quirk of real reports, each made here, asserting the rows a person
reads off it.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from documents import CHROMIUM, LAYOUTS, RAW, cached_html_pdf, document
from tertial import MANIFEST_PATH
from tertial.extract import detect_period, extract_text
from tertial.pdf_layout import Line, PageText, Table, Word, compose, join_line_break
from tertial.reader import read_report

MANIFEST = {entry["file"]: entry for entry in tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))["report"]}
WITH_GOALS = ("000_4224aef9546bb394.txt", "001_2318b0fccc3d977e.txt", "002_b08c0454ff5f1aaf.txt")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} saknas (Debian-paketet chromium)")
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="soffice saknas (Debian-paketet libreoffice-writer-nogui)"
)
needs_dejavu = pytest.mark.skipif(not DEJAVU.exists(), reason=f"{DEJAVU} saknas (Debian-paketet fonts-dejavu-core)")
LAYOUT_NEEDS = {"word": [], "word-pdf": [needs_libreoffice], "html-pdf": [needs_chromium]}


def normalised(value):
    """A text with its whitespace collapsed (every run of spaces, tabs and line breaks one
    space, none at the ends), and nothing else changed. Word and PDF lay a paragraph out
    on other lines than the text export, and join with a space what the export keeps on
    separate lines (HTML <p> in a cell, a comment continued after a page break, the
    paragraphs of a double-spaced export); the words, their spelling and their order
    must be the same."""
    return " ".join(value.split()) if isinstance(value, str) else value


def goals_and_activities(report):
    goals = [tuple(map(normalised, (g.code, g.title, g.level, g.grade, g.comment))) for g in report.goals]
    activities = [
        tuple(map(normalised, (report.goals[a.goal].code, a.title, a.status, a.start_date, a.end_date,
                               a.responsible_unit, a.description, a.comment)))
        for a in report.activities
    ]
    return goals, activities


def read_as_in_the_manifest(text: str, name: str, report: str):
    entry = MANIFEST[report]
    return read_report(text, name, goal_level=entry["goal_level"], status_aliases=entry.get("status_aliases", {}))


@cache
def extracted(report: str, layout: str):
    data, name = document(report, layout)
    return extract_text(data, name), name


# ==== the bundled reports in every layout ===============================================================


@pytest.mark.parametrize("report", WITH_GOALS)
@pytest.mark.parametrize("layout", [pytest.param(layout, marks=LAYOUT_NEEDS[layout]) for layout in LAYOUTS])
def test_each_layout_reads_to_the_goals_and_activities_of_the_text_export(report, layout):
    text = (RAW / report).read_text(encoding="utf-8")
    expected = goals_and_activities(read_as_in_the_manifest(text, report, report))
    result, name = extracted(report, layout)
    assert goals_and_activities(read_as_in_the_manifest(result.text, name, report)) == expected


@pytest.mark.parametrize("layout", [pytest.param(layout, marks=LAYOUT_NEEDS[layout]) for layout in LAYOUTS])
def test_the_period_is_found_in_the_title_in_every_layout(layout):
    report = "001_2318b0fccc3d977e.txt"  # "Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023"
    result, _ = extracted(report, layout)
    hint = detect_period(result.text)
    assert (hint.period, hint.conflicts) == (MANIFEST[report]["period"], ())
    assert hint.evidence == "Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023"


@needs_chromium
def test_the_browser_layout_wraps_dates_and_splits_rows_over_pages():
    """The quirks the comparison above must survive are really in the document."""
    data, _ = document("001_2318b0fccc3d977e.txt", "html-pdf")
    pages = words_by_page(data)
    assert sum(w["text"] == "2023-12-" for page in pages for w in page) >= 10
    # Rows go on over page breaks, the header repeated on the next page.
    assert sum(body_words(page)[:2] == ["Verksamhetens", "Status"] for page in pages) >= 5


@needs_chromium
def test_running_headers_are_left_out_and_said_in_a_note():
    result, _ = extracted("001_2318b0fccc3d977e.txt", "html-pdf")
    assert "file://" not in result.text
    assert not re.search(r"^\d+/\d+/\d+, \d+:\d+", result.text, re.MULTILINE)  # Chromium's date and time
    assert not re.search(r"^\d+/\d+$", result.text, re.MULTILINE)  # its page numbers
    [note] = result.notes
    assert note.startswith("Sidhuvud och sidfot (") and note.endswith(f"på {result.pages} sidor är inte med i texten.")
    assert "»file:///" in note


@needs_libreoffice
def test_progress_is_told_after_every_page():
    data, name = document("000_4224aef9546bb394.txt", "word-pdf")
    told = []
    result = extract_text(data, name, progress=lambda done, total: told.append((done, total)))
    assert told == [(n, result.pages) for n in range(1, result.pages + 1)]
    told.clear()
    extract_text(b"Tertial 1 2024\n", "t.txt", progress=lambda done, total: told.append((done, total)))
    assert told == [(1, 1)]


# ==== one quirk per PDF ===================================================================================

GOAL = (
    "<p>2.1.1 Andelen elever i åk 9 som är behöriga till gymnasiet ska öka.</p>\n"
    "<p>▲ Delvis uppfyllt.</p>\n"
)
HEADER = ("Verksamhetens aktiviteter", "Status", "Slutdatum", "Kommentar")
STATUSES = ("Pågående enligt plan", "Avslutad enligt plan", "Pågående med avvikelse", "Ej påbörjad", "Vänteläge")


def html_page(body: str, *, css: str = "", title: str = "Uppsiktsrapport till kommunstyrelsen") -> str:
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>"
        "@page { size: A4; margin: 20mm 16mm; }"
        'body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.3; }'
        "p { margin: 0 0 7pt 0; }"
        "table { border-collapse: collapse; width: 100%; }"
        "th, td { border: 1px solid #333; padding: 3px 5px; vertical-align: top; text-align: left; }"
        "th { font-size: 9pt; } td { font-size: 10.5pt; }"
        f"{css}</style></head><body>\n{body}\n</body></html>"
    )


def activity_rows(count: int) -> list[tuple[str, str, str, str]]:
    """Activities as a person reads them off the table: title, status, end date, comment;
    titles and comments long enough to wrap in their cells."""
    return [
        (f"Aktivitet {n} för fler behöriga elever genom riktade insatser",
         STATUSES[n % len(STATUSES)], f"2023-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
         f"Kommentar till aktivitet {n}: arbetet följs upp varje månad av rektorerna tillsammans med förvaltningen.")
        for n in range(1, count + 1)
    ]


def html_table(rows, *, repeated_header: bool = True, date_width: int = 92) -> str:
    head = "<tr>" + "".join(f"<th>{name}</th>" for name in HEADER) + "</tr>"
    body = "".join(
        f"<tr><td>{title}</td><td>{status}</td><td>{end.replace('-', '-<wbr>')}</td><td>{comment}</td></tr>\n"
        for title, status, end, comment in rows
    )
    columns = f'<colgroup><col style="width:150px"><col style="width:110px"><col style="width:{date_width}px"><col></colgroup>'
    if repeated_header:
        return f"<table>{columns}<thead>{head}</thead><tbody>\n{body}</tbody></table>"
    return f"<table>{columns}<tbody>{head}\n{body}</tbody></table>"


def read_activities(text: str, name: str = "fixture.pdf"):
    report = read_report(text, name)
    return [(a.title, a.status, a.end_date.isoformat() if a.end_date else None, normalised(a.comment))
            for a in report.activities]


def words_by_page(data: bytes) -> list[list[dict]]:
    """Each page's words in reading order (line by line, left to right)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"])) for page in pdf.pages]


def body_words(words: list[dict]) -> list[str]:
    """A page's words below Chromium's running header."""
    return [w["text"] for w in words if w["top"] > 40]


@needs_chromium
def test_a_date_wrapped_inside_its_cell_is_one_date():
    rows = activity_rows(3)
    data = cached_html_pdf(html_page(GOAL + html_table(rows), css="td { font-size: 11pt; }"))
    [words] = words_by_page(data)
    broken = [w for w in words if w["text"] == "2023-02-"]
    assert broken and any(w["text"] == "02" and abs(w["x0"] - broken[0]["x0"]) < 1 and w["top"] > broken[0]["top"]
                          for w in words), "the fixture must print the date over two lines"
    text = extract_text(data, "datum.pdf").text
    assert "\t".join(rows[0]) in text.split("\n")
    assert read_activities(text) == [tuple(row) for row in rows]


@needs_chromium
def test_a_table_over_a_page_break_with_its_header_repeated_is_one_table():
    rows = activity_rows(40)
    data = cached_html_pdf(html_page(GOAL + html_table(rows, repeated_header=True)))
    pages = words_by_page(data)
    assert len(pages) >= 2
    assert body_words(pages[1])[:2] == ["Verksamhetens", "Status"], "the fixture must repeat the header"
    assert read_activities(extract_text(data, "upprepad.pdf").text) == [tuple(row) for row in rows]


@needs_chromium
def test_a_table_over_a_page_break_without_a_repeated_header_is_one_table():
    rows = activity_rows(40)
    data = cached_html_pdf(html_page(GOAL + html_table(rows, repeated_header=False)))
    pages = words_by_page(data)
    assert len(pages) >= 2
    assert "Status" not in body_words(pages[1]), "the fixture must not repeat the header"
    text = extract_text(data, "utan_rubrik.pdf").text
    assert read_activities(text) == [tuple(row) for row in rows]
    # The continuation is written as the same table: its header again, rows after.
    lines = text.split("\n")
    assert lines.count("\t".join(HEADER)) == len(pages)


def draw_split_table(pdf, widths: list[float], parts: list[tuple[list[list[list[str]]], bool, bool]]) -> None:
    """A ruled table over pages as Word and Chromium print a row that a page break
    splits: each part (rows, each a list of cell lines; whether a header row comes first;
    whether a rule closes the part at the page break) on a page of its own."""
    line_height, padding, left, page_foot = 4.5, 1.5, 20.0, 272.0
    for number, (rows, with_header, closed) in enumerate(parts):
        if number:
            pdf.add_page()
        top = 25.0 if number else 60.0
        if with_header:
            rows = [[[name] for name in HEADER]] + rows
        edges = [left]
        for width in widths:
            edges.append(edges[-1] + width)
        y = top
        pdf.line(left, y, edges[-1], y)
        for index, row in enumerate(rows):
            height = max(len(cell) for cell in row) * line_height + 2 * padding
            if index + 1 == len(rows) and number + 1 < len(parts):
                height = page_foot - y  # the row the page break splits fills the page to its foot
            for column, cell in enumerate(row):
                for k, text in enumerate(cell):
                    pdf.text(edges[column] + padding, y + padding + (k + 1) * line_height - 1.2, text)
            y += height
            if index + 1 < len(rows) or closed:
                pdf.line(left, y, edges[-1], y)
        for x in edges:
            pdf.line(x, top, x, y)
        pdf.set_xy(left, 280)
        pdf.cell(0, 5, f"Sida {number + 1} av {len(parts)}", align="C")


@needs_dejavu
def test_a_row_split_by_a_page_break_is_joined_to_its_row():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=9)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.text(20, 40, "2.1.1 Andelen elever i åk 9 som är behöriga till gymnasiet ska öka.")
    pdf.text(20, 50, "▲ Delvis uppfyllt.")
    draw_split_table(pdf, [50, 30, 22, 68], [
        # Page 1 ends inside the second row; a rule closes it (as Word prints it).
        ([[["Utbildningsinsats inom SKUA"], ["Pågående enligt", "plan"], ["2023-12-21"], ["Ny personal utbildas."]],
          [["Utbilda all personal inom NPF"], ["Pågående enligt"], ["2023-12-"], ["Ny personal utbildas"]]], True, True),
        # Page 2: the rest of that row (title, status and date go on), no header; it ends
        # inside the fourth row, the column rules running on to the break (as Chromium).
        ([[["via SPSM"], ["plan"], ["21"], ["från höstterminen 2023."]],
          [["Resursskola"], ["Avslutad enligt", "plan"], ["2023-08-31"], ["Startad."]],
          [["Mental hälsa tillsammans", "med skolan"], ["Pågående med", "avvikelse"], ["2024-06-30"],
           ["Arbetet har försenats av", "sjukskrivningar och"]]], False, False),
        # Page 3: the header again, then the row's comment goes on with its first cells empty.
        ([[[], [], [], ["vakanser under våren."]],
          [["Lovskola"], ["Ej påbörjad"], ["2024-08-15"], []]], True, True),
    ])
    text = extract_text(bytes(pdf.output()), "delad_rad.pdf").text
    assert read_activities(text) == [
        ("Utbildningsinsats inom SKUA", "Pågående enligt plan", "2023-12-21", "Ny personal utbildas."),
        ("Utbilda all personal inom NPF via SPSM", "Pågående enligt plan", "2023-12-21",
         "Ny personal utbildas från höstterminen 2023."),
        ("Resursskola", "Avslutad enligt plan", "2023-08-31", "Startad."),
        ("Mental hälsa tillsammans med skolan", "Pågående med avvikelse", "2024-06-30",
         "Arbetet har försenats av sjukskrivningar och vakanser under våren."),
        ("Lovskola", "Ej påbörjad", "2024-08-15", ""),
    ]


@needs_chromium
def test_a_table_without_rules_is_read_by_its_aligned_columns():
    rows = activity_rows(4)
    css = "th, td { border: none; padding: 4px 10px 4px 0; } th { font-weight: bold; }"
    data = cached_html_pdf(html_page(GOAL + html_table(rows, date_width=110) + "<p>Nästa stycke efter tabellen.</p>", css=css))
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert not pdf.pages[0].rects and not pdf.pages[0].lines, "the fixture must have no rules"
    text = extract_text(data, "utan_linjer.pdf").text
    lines = text.split("\n")
    assert "\t".join(HEADER) in lines
    assert ["\t".join(row) for row in rows] == [line for line in lines if line.startswith("Aktivitet ")]
    assert read_activities(text) == [tuple(row) for row in rows]
    assert "Nästa stycke efter tabellen." in lines


@needs_chromium
def test_a_word_hyphenated_at_the_line_end_is_joined():
    body = (
        GOAL.replace("<p>▲", '<p class="wide">▲')
        + '<p class="narrow">Arbetet med att stärka skolornas gemensamma utveck&shy;lingsarbete '
        "fortsätter under hösten, tillsammans med förvaltningens miljö- och klimat&shy;arbete "
        "och med de nya kvalitets&shy;rutinerna.</p>"
    )
    data = cached_html_pdf(html_page(body, css="p.narrow { width: 250px; hyphens: manual; }"))
    [words] = words_by_page(data)
    assert any(w["text"].endswith(("‐", "-")) and w["text"][:-1].isalpha() for w in words), \
        "the fixture must hyphenate a word at a line end"
    report = read_report(extract_text(data, "avstavning.pdf").text, "avstavning.pdf")
    assert report.goals[0].comment == (
        "Arbetet med att stärka skolornas gemensamma utvecklingsarbete fortsätter under hösten, tillsammans "
        "med förvaltningens miljö- och klimatarbete och med de nya kvalitetsrutinerna."
    )


@needs_chromium
def test_a_title_wrapped_onto_two_lines_keeps_its_period():
    body = "<h1>Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023</h1>\n<h2>1 Inledning</h2>\n" \
           "<p>Kommunfullmäktige har antagit ett antal mål för 2023.</p>"
    data = cached_html_pdf(html_page(body, css="h1 { font-size: 15pt; } h2 { font-size: 13pt; }"))
    [words] = words_by_page(data)
    title_words = [w for w in words if w["text"] in ("tertiälrapport", "2023")]
    assert title_words[1]["top"] > title_words[0]["bottom"], "the fixture must wrap the period onto a line of its own"
    text = extract_text(data, "titel.pdf").text
    assert text.split("\n")[0] == "# Rapport målavstämning kommunstyrelsen tertiälrapport 2 2023"
    hint = detect_period(text)
    assert (hint.period, hint.as_of, hint.line) == ("2023-T2", date(2023, 8, 31), 1)


@needs_chromium
def test_running_header_and_footer_break_neither_a_paragraph_nor_a_table():
    sentence = ("Arbetet med att höja behörigheten pågår i alla skolor och följs upp av rektorerna varje månad. ")
    paragraph = sentence * 34 + "Det gemensamma arbetet slutar här."
    rows = activity_rows(12)
    data = cached_html_pdf(html_page(GOAL + f"<p>{paragraph}</p>" + html_table(rows, repeated_header=False)))
    pages = words_by_page(data)
    assert len(pages) >= 2
    assert [w["text"] for w in pages[0][:4]][-3:] == ["Uppsiktsrapport", "till", "kommunstyrelsen"] or any(
        w["text"] == "Uppsiktsrapport" and w["top"] < 30 for w in pages[0]), "the fixture must have Chromium's header"
    result = extract_text(data, "sidhuvud.pdf")
    assert "Uppsiktsrapport" not in result.text and "file://" not in result.text
    assert f"1/{len(pages)}" not in result.text
    report = read_report(result.text, "sidhuvud.pdf")
    assert report.goals[0].comment == paragraph.strip()
    assert read_activities(result.text) == [tuple(row) for row in rows]


# ==== the line-end rule ========================================================================================


@pytest.mark.parametrize("before, after, joined", [
    ("gemensamma utveck-", "lingsarbete", "gemensamma utvecklingsarbete"),
    ("kvalitets\u2010", "rutinerna", "kvalitetsrutinerna"),  # Chromium's hyphen at a soft hyphen
    ("Slutdatum 2023-12-", "21", "Slutdatum 2023-12-21"),
    ("under 2023–", "2024", "under 2023–2024"),
    ("Övningskolor/", "förskolor", "Övningskolor/förskolor"),
    ("https://torsta.se/dis-", "dynamiskt-inkopssystem/", "https://torsta.se/dis-dynamiskt-inkopssystem/"),
    ("Fiberutbyggnad Kvarngatan-", "Dysjön", "Fiberutbyggnad Kvarngatan-Dysjön"),
    ("kommunens miljö-", "och klimatarbete", "kommunens miljö- och klimatarbete"),
    ("visst för-", "och/eller efterarbete", "visst för- och/eller efterarbete"),
    ("så som NPF-", "utbildning", "så som NPF- utbildning"),  # as the text export of 000 reads
    ("Pågående enligt", "plan", "Pågående enligt plan"),
    # Two whole words with a printed hyphen (the word list has both, not the two as one).
    ("perioden oktober-", "december 2023", "perioden oktober-december 2023"),
    ("arbetsmiljö-", "arbetet", "arbetsmiljöarbetet"),
])
def test_what_a_line_break_joins(before, after, joined):
    assert join_line_break(before, after) == joined


@pytest.mark.parametrize("before, after, joined", [
    # In a table cell the break is the layout's alone (a text export has the cell on one
    # line): an abbreviation's compound is read as Swedish writes it, hyphen and no space.
    ("I dialog med BUE-", "gård kan tyvärr", "I dialog med BUE-gård kan tyvärr"),
    ("Nytt IT-", "stöd", "Nytt IT-stöd"),
    ("(LSS-", "boende)", "(LSS-boende)"),
    ("NPF-", "och IT-stöd", "NPF- och IT-stöd"),  # a conjunction after the hyphen: printed
    ("kommunens miljö-", "och klimatarbete", "kommunens miljö- och klimatarbete"),
    ("gemensamma utveck-", "lingsarbete", "gemensamma utvecklingsarbete"),  # no abbreviation
    ("A-", "lag", "A- lag"),  # one capital is no abbreviation
])
def test_what_a_line_break_inside_a_table_cell_joins(before, after, joined):
    assert join_line_break(before, after, cell=True) == joined
    # Running text: the export breaks where the document did, and reads a space there.
    if before.endswith("BUE-"):
        assert join_line_break(before, after) == "I dialog med BUE- gård kan tyvärr"


def test_an_abbreviations_compound_a_narrow_cell_broke_reads_as_written():
    """Node's docx package made 001's report as a Word file with autofit columns,
    printed by LibreOffice: a comment cell breaks "BUE-gård" after its hyphen."""
    path = Path(__file__).parent / "fixtures" / "corpus" / "node-docx" / "001_2318b0fccc3d977e.autofit-pdf.pdf"
    text = extract_text(path.read_bytes(), path.name).text
    [row] = [line for line in text.split("\n") if line.startswith("Dilalog med Bue Gård\t")]
    assert "I dialog med BUE- gård etableras" in row  # printed so mid-line, as the text has it
    assert "via DIS. BUE-gård kan tyvärr" in row


@needs_chromium
def test_two_tables_printed_back_to_back_with_other_columns_are_two_tables():
    # Under one goal, a second table follows the first with no gap and other column
    # widths (as in a report printed from a web page): the rules touch, and the two
    # must not become one grid with every row empty in the other's columns.
    first, second = activity_rows(2), activity_rows(4)[2:]
    narrow = '<colgroup><col style="width:110px"><col style="width:150px"><col style="width:80px"><col></colgroup>'
    body = GOAL + html_table(first) + re.sub(r"<colgroup>.*?</colgroup>", narrow, html_table(second))
    data = cached_html_pdf(html_page(body, css="table { margin: 0; }"))
    text = extract_text(data, "rygg.pdf").text
    assert "\t".join(HEADER) in text.split("\n")
    assert not any("\t\t" in line and line.split("\t")[0] in (row[0] for row in first + second)
                   for line in text.split("\n")), "no row may carry the other table's empty columns"
    assert read_activities(text) == [tuple(row) for row in first + second]


FLATTENED_BLOCKS = [
    "1.1 Sjukfrånvaron ska minska",
    "Verksamhetens aktiviteter Startdatum Slutdatum",
    "Genomföra temadagar 2024-04-22 2024-05-31",
    "Hålla workshops med alla chefer i omgångar för att föra dialog kring sjuktalen. Kommer ledas",
    "av verksamhetsutvecklare,",
    "Ej påbörjad",
    "Utveckla chefsstöd för systematiskt arbetsmiljöarbete och",
    "friskfaktorer",
    "• HR och Kommunikation",
    "2024-01-01 2024-08-31",
    "Utveckla chefsstödet genom kompetenshöjning.",
    "Pågående enligt plan",
    "Planering pågår för att bjuda in till temadag.",
    "Öka nivån på friskvårdsbidraget",
    "• HR och Kommunikation",
    "2024-01-01 2024-12-31",
    "För att förbättra hälsan.",
    "Avslutad enligt plan",
]
FLATTENED_ACTIVITIES = [
    ("Genomföra temadagar", "Ej påbörjad", "2024-05-31", None),
    ("Utveckla chefsstöd för systematiskt arbetsmiljöarbete och friskfaktorer", "Pågående enligt plan",
     "2024-08-31", "HR och Kommunikation"),
    ("Öka nivån på friskvårdsbidraget", "Avslutad enligt plan", "2024-12-31", "HR och Kommunikation"),
]


INTRODUCTION = [f"Stycke {n} av inledningen, som beskriver rapportens syfte." for n in range(1, 13)]


def block_activities(text: str):
    report = read_report(text, "block.pdf")
    return [(a.title, a.status, a.end_date.isoformat(), a.responsible_unit) for a in report.activities]


@needs_chromium
def test_a_flattened_pdf_of_activity_blocks_reads_without_paragraph_gaps():
    # Seed 002 is a flattened PDF: every line evenly spaced, no gap between paragraphs,
    # so where a title begins must be told from the lines themselves.
    lines = [*INTRODUCTION, *FLATTENED_BLOCKS]
    page = html_page("".join(f"<div>{html.escape(line)}</div>\n" for line in lines),
                     css="div { margin: 0; line-height: 1.6; }")
    text = extract_text(cached_html_pdf(page), "platt.pdf").text
    assert "" not in [line.strip() for line in text.strip().split("\n")], "the fixture must have no paragraph gaps"
    assert block_activities(text) == FLATTENED_ACTIVITIES


def test_activity_blocks_read_alike_with_no_blank_line_and_with_one_after_every_line():
    # A Word file written line by line has a blank line after every line; a flattened
    # PDF has none. Either way a wrapped title is one title.
    lines = ["# Uppsiktsrapport", *INTRODUCTION, *FLATTENED_BLOCKS]
    assert block_activities("\n".join(lines)) == FLATTENED_ACTIVITIES
    assert block_activities("\n\n".join(lines)) == FLATTENED_ACTIVITIES


MERGED_HEADER = ("Aktivitet", "Ansvarig enhet", "Status", "Slutdatum")


def draw_merged_table(pdf, top: float, widths: list[float], rows: list[list[list[str] | None]], *,
                      page_foot: float | None = None, closed: bool = True) -> float:
    """A ruled table as a word processor prints a cell merged down over rows: None for
    a cell the merged cell above covers, no rule across the merged cell between its
    rows, and its text halfway down it (Word's centred cell). page_foot: the last row
    is split there by a page break. Returns the table's bottom."""
    line_height, padding, left = 4.5, 1.5, 20.0
    edges = [left]
    for width in widths:
        edges.append(edges[-1] + width)
    heights = [max(len(cell or []) for cell in row) * line_height + 2 * padding for row in rows]
    if page_foot is not None:
        heights[-1] = page_foot - top - sum(heights[:-1])
    tops = [top + sum(heights[:index]) for index in range(len(rows))]
    bottom = tops[-1] + heights[-1]
    pdf.line(left, top, edges[-1], top)
    for index, row in enumerate(rows):
        for column, cell in enumerate(row):
            if cell is None:
                continue
            span = 1
            while index + span < len(rows) and rows[index + span][column] is None:
                span += 1
            cell_bottom = tops[index + span - 1] + heights[index + span - 1]
            text_top = tops[index] + (cell_bottom - tops[index] - len(cell) * line_height) / 2 if span > 1 \
                else tops[index] + padding
            for k, text in enumerate(cell):
                pdf.text(edges[column] + padding, text_top + (k + 1) * line_height - 1.2, text)
            if index + span < len(rows) or closed:
                pdf.line(edges[column], cell_bottom, edges[column + 1], cell_bottom)
    for x in edges:
        pdf.line(x, top, x, bottom)
    return bottom


def merged_pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=9)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.text(20, 40, "1.1 Fler unga ska ha en meningsfull fritid.")
    pdf.text(20, 50, "▲ Delvis uppfyllt.")
    return pdf


def merged_activities(text: str):
    return [(a.title, a.responsible_unit, a.status, a.end_date.isoformat()) for a in read_report(text, "m.pdf").activities]


@needs_dejavu
def test_a_cell_merged_down_over_rows_is_read_in_each_row_it_spans():
    """The unit cell merged down over three activities, its name halfway down: each row
    is its own activity (the rules of the other columns part them) with that unit."""
    pdf = merged_pdf()
    draw_merged_table(pdf, 60, [55, 35, 45, 25], [
        [[name] for name in MERGED_HEADER],
        [["Att utforma och bilda ett", "Samskapanderåd"], ["Fritid"], ["Pågående med", "avvikelse"], ["2024-03-31"]],
        [["En utbildning för", "fritidsledare"], None, ["Avslutad enligt plan"], ["2024-04-30"]],
        [["Införa närvaro av", "fritidsledare på skolan"], None, ["Pågående enligt plan"], ["2024-11-30"]],
        [["Skapa ett aktivitetshus"], ["Stab"], ["Vänteläge"], ["2024-05-31"]],
    ])
    text = extract_text(bytes(pdf.output()), "sammanslagen.pdf").text
    assert "En utbildning för fritidsledare\tFritid\tAvslutad enligt plan\t2024-04-30" in text.split("\n")
    assert merged_activities(text) == [
        ("Att utforma och bilda ett Samskapanderåd", "Fritid", "Pågående med avvikelse", "2024-03-31"),
        ("En utbildning för fritidsledare", "Fritid", "Avslutad enligt plan", "2024-04-30"),
        ("Införa närvaro av fritidsledare på skolan", "Fritid", "Pågående enligt plan", "2024-11-30"),
        ("Skapa ett aktivitetshus", "Stab", "Vänteläge", "2024-05-31"),
    ]


@needs_dejavu
def test_a_merged_cell_and_a_row_split_by_a_page_break_are_joined_on_both_pages():
    """A page break splits a row whose unit cell is merged down over the rows after it,
    and the narrow date columns break their names in the header ("Slutda" / "tum"): the
    row is joined, and the unit's two parts are its value in every row it spans."""
    pdf = merged_pdf()
    header = [["Aktivitet"], ["Ansvarig", "enhet"], ["Status"], ["Slutda", "tum"]]
    widths = [55, 22, 45, 16]
    draw_merged_table(pdf, 60, widths, [
        header,
        [["Lovskola i matematik"], ["Grundskola"], ["Ej påbörjad"], ["2024-", "08-16"]],
        [["Genomföra två"], ["HR och"], ["Avslutad"], ["2024-"]],
    ], page_foot=272.0, closed=False)
    pdf.add_page()
    draw_merged_table(pdf, 25, widths, [
        header,
        [["föreläsningar om kost"], ["Kommunik", "ation"], ["enligt plan"], ["10-31"]],
        [["Skapa utbildning kring", "det svåra samtalet"], None, ["Avslutad enligt plan"], ["2024-", "08-31"]],
        [["Ta fram en plan"], None, ["Pågående enligt plan"], ["2024-", "11-30"]],
    ])
    text = extract_text(bytes(pdf.output()), "sidbrytning.pdf").text
    assert merged_activities(text) == [
        ("Lovskola i matematik", "Grundskola", "Ej påbörjad", "2024-08-16"),
        ("Genomföra två föreläsningar om kost", "HR och Kommunikation", "Avslutad enligt plan", "2024-10-31"),
        ("Skapa utbildning kring det svåra samtalet", "HR och Kommunikation", "Avslutad enligt plan", "2024-08-31"),
        ("Ta fram en plan", "HR och Kommunikation", "Pågående enligt plan", "2024-11-30"),
    ]


# ==== lists, cards and page breaks drawn by other tools =======================================================


def fpdf_document():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=10)
    pdf.set_auto_page_break(False)
    return pdf


def bullet(pdf, x: float, y: float, *, colour=(0, 0, 0), size: float = 1.1, square: bool = False) -> None:
    """A list bullet drawn as a filled shape just left of a line's text at (x, y)
    (baseline), as Chromium and pdfmake draw one: no character in the text layer."""
    pdf.set_fill_color(*colour)
    left, top = x - size - 2.0, y - 1.2 - size / 2
    if square:
        pdf.rect(left, top, size, size, style="F")
    else:
        pdf.ellipse(left, top, size, size, style="F")


@needs_dejavu
def test_a_list_whose_bullets_are_drawn_as_shapes_reads_as_a_list():
    # The register of goals at the end of seed 002, printed by Chromium and pdfmake: the
    # bullets are dots drawn beside each line, the text layer has none. A person reads a
    # list, and the goals listed only there are goals of their area. A coloured dot before
    # a status is a sign, no bullet; a dot inside a line of text is no bullet either.
    pdf = fpdf_document()
    pdf.add_page()
    lines = [
        (20, 30, "1 Redovisning av arbetet", None),
        (20, 40, "1.1 Sjukfrånvaron ska minska", None),
        (20, 50, "Verksamhetens aktiviteter Startdatum Slutdatum", None),
        (20, 60, "Genomföra temadagar 2024-04-22 2024-05-31", None),
        (20, 70, "Hålla workshops med alla chefer.", None),
        (26, 80, "Ej påbörjad", (200, 40, 40)),
        (20, 95, "2 Kommunstyrelsens mål", None),
        (20, 105, "Mål inom målområde Vuxna", None),
        (26, 115, "Arbetslösheten i kommunen ska minska.", (0, 0, 0)),
        (26, 122, "Andelen anställda som nyttjar friskvårdsbidraget ska öka.", (0, 0, 0)),
        (20, 135, "Verksamhetsmål för god ekonomisk hushållning", None),
        (26, 145, "Sjukfrånvaron ska minska.", (90, 90, 90)),
    ]
    for x, y, text, mark in lines:
        pdf.text(x, y, text)
        if mark is not None:
            bullet(pdf, x, y, colour=mark, square=mark == (90, 90, 90))
    sentence = "Arbetet följs upp varje tertial"
    pdf.text(20, 160, sentence)
    after = 20 + pdf.get_string_width(sentence) + 1.2 + 1.1 + 2.0
    bullet(pdf, after, 160)  # a dot between two words of a sentence, as far from both as a space
    pdf.text(after, 160, "av förvaltningen.")
    text = extract_text(bytes(pdf.output()), "punktlista.pdf").text
    lines_read = [line.strip() for line in text.split("\n")]
    assert "• Arbetslösheten i kommunen ska minska." in lines_read
    assert "• Andelen anställda som nyttjar friskvårdsbidraget ska öka." in lines_read
    assert "• Sjukfrånvaron ska minska." in lines_read
    assert "Ej påbörjad" in lines_read
    assert "Arbetet följs upp varje tertial av förvaltningen." in lines_read
    report = read_report(text, "punktlista.pdf")
    assert [(g.code, g.title, g.area) for g in report.goals] == [
        ("1.1", "Sjukfrånvaron ska minska", "God ekonomisk hushållning"),
        (None, "Arbetslösheten i kommunen ska minska.", "Vuxna"),
        (None, "Andelen anställda som nyttjar friskvårdsbidraget ska öka.", "Vuxna"),
    ]
    assert [(a.title, a.status, a.responsible_unit) for a in report.activities] == [
        ("Genomföra temadagar", "Ej påbörjad", None)]


def card(pdf, top: float, title: str, dates: tuple[str, str], unit: str, text: str, status: str) -> float:
    """An activity as a bordered card (seed 002's cards layout): a title bar with the dates
    at its right and the unit under the title, the text, the status after a dot. Returns
    where the card ends."""
    pdf.set_draw_color(180, 200, 190)
    pdf.rect(20, top, 170, 34)
    pdf.text(23, top + 6, title)
    pdf.text(140, top + 6, dates[0])
    pdf.text(165, top + 6, dates[1])
    pdf.text(23, top + 11, f"• {unit}")
    pdf.text(23, top + 20, text)
    bullet(pdf, 27, top + 28, colour=(40, 130, 60), size=2.2)
    pdf.text(27, top + 28, status)
    return top + 38


@needs_dejavu
def test_activity_cards_keep_the_dates_that_open_each_page():
    # Each page opens with a card whose dates stand where a running header's date would,
    # in the top margin of every page; they change from page to page, so they are the
    # card's, while the title and page number that recur are the page's. The activity
    # table's header, printed small with its names far apart, stays too.
    pdf = fpdf_document()
    titles = ["Skapa Storytelling med temat friskvårdsbidrag", "Öka nivån på friskvårdsbidraget",
              "Skapa utbildning kring Rehabiliteringsprocessen", "Ta fram en kompetensförsörjningsplan",
              "Erbjuda individuellt stöd för långtidsarbetslösa", "Upprätta avtal med föreningar",
              "Att utforma och bilda ett Samskapanderåd", "Öppna ny badplats i Alby"]
    dates = [("2024-02-29", "2024-08-31"), ("2024-01-01", "2024-12-31"), ("2024-02-01", "2024-04-30"),
             ("2024-01-01", "2024-11-30"), ("2024-01-01", "2024-12-31"), ("2024-01-01", "2024-10-31"),
             ("2024-01-01", "2024-03-31"), ("2024-01-01", "2024-06-30")]
    statuses = ["Pågående med avvikelse", "Avslutad enligt plan"] * 4
    pages = len(titles) // 2
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=8)
        pdf.text(20, 10, "Uppsiktsrapport till kommunstyrelsen")
        pdf.text(180, 10, "Stab")
        pdf.text(175, 287, f"Sida {number} av {pages}")
        pdf.set_font("DejaVu", size=10)
        top = 16
        if number == 1:
            pdf.text(20, 25, "1.1 Andelen anställda som nyttjar friskvårdsbidraget ska öka.")
            pdf.set_font("DejaVu", size=7)
            pdf.text(20, 33, "VERKSAMHETENS AKTIVITETER")
            pdf.text(140, 33, "STARTDATUM")
            pdf.text(165, 33, "SLUTDATUM")
            pdf.set_font("DejaVu", size=10)
            top = 36
        for k in (2 * number - 2, 2 * number - 1):
            top = card(pdf, top, titles[k], dates[k], "HR och Kommunikation", "Arbetet följs upp varje månad.",
                       statuses[k])
    result = extract_text(bytes(pdf.output()), "kort.pdf")
    assert "VERKSAMHETENS AKTIVITETER STARTDATUM SLUTDATUM" in result.text.split("\n")
    assert "Uppsiktsrapport" not in result.text and "Sida 2 av 4" not in result.text
    report = read_report(result.text, "kort.pdf")
    assert [(a.title, a.start_date.isoformat(), a.end_date.isoformat(), a.responsible_unit, a.status)
            for a in report.activities] == [
        (title, *dates[k], "HR och Kommunikation", statuses[k]) for k, title in enumerate(titles)]


@needs_dejavu
def test_a_capital_after_a_page_break_begins_anew_unless_the_line_before_goes_on():
    # An activity's title wrapped at the foot of a page, its text at the top of the next
    # (seed 002 printed flat): "samt digitalisering" / "För att öka ..." are two
    # paragraphs, while "i samarbete med" / "Ångemodellen ..." is one sentence going on.
    pdf = fpdf_document()
    pages = [
        ["1.1 Ungdomsarbetslösheten i kommunen ska minska.", "",
         "Verksamhetens aktiviteter Startdatum Slutdatum", "",
         "Fortsätta samarbetet med socialtjänsten 2023-04-03 2025-06-30", "",
         "Pågående enligt plan", "", "Arbetet sker i samarbete med"],
        ["Ångemodellen Unga och skolorna.", "",
         "Erbjuda alla deltagare kompetenshöjande aktiviteter 2023-04-03 2025-06-30",
         "inom hälsa och arbetsliv samt digitalisering"],
        ["För att öka möjligheterna till arbete.", "", "Pågående enligt plan"],
    ]
    for lines in pages:
        pdf.add_page()
        top = 280 - 6 * len(lines) if lines is not pages[-1] else 30
        for k, line in enumerate(lines):
            pdf.text(20, top + 6 * k, line)
    text = extract_text(bytes(pdf.output()), "sidbrytning.pdf").text
    report = read_report(text, "sidbrytning.pdf")
    assert [(a.title, a.description, a.status, a.comment) for a in report.activities] == [
        ("Fortsätta samarbetet med socialtjänsten", "", "Pågående enligt plan",
         "Arbetet sker i samarbete med Ångemodellen Unga och skolorna."),
        ("Erbjuda alla deltagare kompetenshöjande aktiviteter inom hälsa och arbetsliv samt digitalisering",
         "För att öka möjligheterna till arbete.", "Pågående enligt plan", ""),
    ]


@needs_dejavu
def test_a_header_row_left_alone_at_the_foot_of_a_page_is_read_once_with_its_table():
    # pdfmake breaks a table without rules after its header row: the header stands alone
    # at the foot of page 1, the rows come on page 2 under the header again. A person
    # reads one table; the header left behind is no table of its own.
    pdf = fpdf_document()
    columns = (20, 90, 190, 230)
    header = ("Status", "Åtgärd", "Slutdatum", "Ansvarig enhet")
    rows = [("Pågående med avvikelse", "Åtgärdsplan för placeringskostnader", "2024-10-31", "Socialtjänst"),
            ("Ej påbörjad", "Översyn av bemanningen i hemtjänsten", "2024-12-31", "Äldreomsorg")]

    def table_row(y: float, cells) -> None:
        for x, cell in zip(columns, cells):
            pdf.text(x, y, cell)

    for number in (1, 2):
        pdf.add_page(orientation="L")
        pdf.set_font("DejaVu", size=7)
        pdf.text(15, 8, "Norrdals kommun")
        pdf.text(260, 200, f"Sida {number} av 2")
        pdf.set_font("DejaVu", size=9)
        if number == 1:
            for k, line in enumerate(["Rött = målet är inte uppfyllt", "",
                                      "Målområde: Hållbar ekonomi", "Mål 2.1 Verksamheterna ska hålla sina budgetramar",
                                      "Måluppfyllelse: Rött", "Socialtjänsten prognostiserar ett underskott."]):
                pdf.text(20, 136 + 7 * k, line)
            table_row(185, header)
        else:
            table_row(20, header)
            for k, row in enumerate(rows):
                table_row(27 + 6 * k, row)
    result = extract_text(bytes(pdf.output()), "fot.pdf")
    lines = result.text.split("\n")
    assert lines.count("\t".join(header)) == 1 and "Status Åtgärd Slutdatum Ansvarig enhet" not in lines
    assert ["\t".join(row) for row in rows] == lines[lines.index("\t".join(header)) + 1:][:2]
    assert not any("utan linjer" in note for note in result.notes)
    report = read_report(result.text, "fot.pdf")
    assert [(a.title, a.status, a.end_date.isoformat(), a.responsible_unit) for a in report.activities] == [
        (title, status, end, unit) for status, title, end, unit in rows]


# ==== a merged cell over a page break ==========================================================================

MERGE_HEADER = ["Aktivitet", "Ansvarig enhet", "Startdatum", "Slutdatum", "Status", "Kommentar"]
MERGE_COLUMNS = [60.0, 193.0, 265.0, 317.0, 369.0, 436.0]


def _activity(title: str, unit: str) -> list[str]:
    return [title, unit, "2024-01-01", "2024-06-30", "Pågående enligt plan", "Enligt plan."]


def _page(number: int, *blocks) -> PageText:
    return PageText(number, 842.0, list(blocks), 500)


def _table(rows: list[list[str]], merged: list | None = None) -> Table:
    """A ruled activity table; a cell merged down over its last rows runs on to its foot,
    as _grid_table finds it (Table.carried)."""
    carried = {column: spanned[-1][column] for column, spanned in merged or [] if spanned[-1] is rows[-1]}
    return Table([list(MERGE_HEADER), *rows], list(MERGE_COLUMNS), 500.0, 777.0, True, header=list(MERGE_HEADER),
                 merged_down=merged or [], carried=carried)


def _rows_and_notes(pages: list[PageText]) -> tuple[list[list[str]], list[int]]:
    composed = compose(pages)
    rows = [line.split("\t") for line in composed.text.split("\n") if "\t" in line]
    return [row for row in rows if row != MERGE_HEADER], [line for line, _ in composed.carried_cells]


def test_a_cell_merged_down_on_to_the_next_page_is_read_on_in_the_continued_tables_first_rows():
    """The unit "Stab" merged down over the last two rows of a page and on over the
    break: the next page prints the rest of the merge as an empty cell in the continued
    table's first row. A person reads "Stab" there; a note says so on its line."""
    plan, course = _activity("Ta fram en plan", "Stab"), _activity("Genomföra en kurs", "Stab")
    routine, follow_up, last = _activity("Skapa en rutin", ""), _activity("Följa upp", "HR"), _activity("Avsluta", "")
    rows, notes = _rows_and_notes([_page(1, _table([plan, course], merged=[(1, [plan, course])])),
                                   _page(2, _table([routine, follow_up, last]))])
    assert [(row[0], row[1]) for row in rows] == [("Ta fram en plan", "Stab"), ("Genomföra en kurs", "Stab"),
                                                  ("Skapa en rutin", "Stab"), ("Följa upp", "HR"),
                                                  ("Avsluta", "")]  # under a filled cell: no merge going on
    assert len(notes) == 1
    # The break splits the last row of the merge too: its rest is joined to it, and the
    # merge goes on in the row after it.
    plan, course = _activity("Ta fram en plan", "Stab"), _activity("Genomföra en", "Stab")
    rest = ["", "", "", "", "", "Pågår."]
    rows, notes = _rows_and_notes([_page(1, _table([plan, course], merged=[(1, [plan, course])])),
                                   _page(2, _table([rest, _activity("Skapa en rutin", "")]))])
    assert [(row[0], row[1]) for row in rows] == [("Ta fram en plan", "Stab"), ("Genomföra en", "Stab"),
                                                  ("Skapa en rutin", "Stab")]
    assert rows[1][5] == "Enligt plan. Pågår." and len(notes) == 1
    # The same pages without the merge: an empty cell under a filled one is read as empty.
    rows, notes = _rows_and_notes([_page(1, _table([_activity("Ta fram en plan", "Stab"),
                                                    _activity("Genomföra en kurs", "Stab")])),
                                   _page(2, _table([_activity("Skapa en rutin", "")]))])
    assert rows[-1][:2] == ["Skapa en rutin", ""] and notes == []
    # A line of text after the table on the previous page: the table ends there, and the
    # next page's table is another one.
    merged = [_activity("Ta fram en plan", "Stab"), _activity("Genomföra en kurs", "Stab")]
    after_table = Line([Word("Text", 60.0, 90.0, 785.0, 795.0, 10.0), Word("efter", 92.0, 120.0, 785.0, 795.0, 10.0)])
    rows, notes = _rows_and_notes([_page(1, _table(merged, merged=[(1, merged)]), after_table),
                                   _page(2, _table([_activity("Skapa en rutin", "")]))])
    assert rows[-1][:2] == ["Skapa en rutin", ""] and notes == []


def test_a_merge_the_previous_page_cannot_show_is_read_on_where_the_document_merges_that_column():
    """The merge's first row alone on the previous page shows no merge. The document's
    other tables merge the unit column down and leave it empty nowhere else: the empty
    cell at the top of the next page is the merge going on (LibreOffice's print of
    Ånge's report with merged units, goal 5.1)."""
    a, b = _activity("Skapa en rutin", "Stab"), _activity("Följa upp rutinen", "Stab")
    elsewhere = _page(1, _table([a, b], merged=[(1, [a, b])]), _table([_activity("X", "HR")]))
    before = _page(2, _table([_activity("Genomföra temadagar", "HR")]))
    after = _page(3, _table([_activity("Utveckla chefsstöd", "")]))
    rows, notes = _rows_and_notes([elsewhere, before, after])
    assert rows[-1][:2] == ["Utveckla chefsstöd", "HR"] and len(notes) == 1
    # A document that leaves the column empty in a row elsewhere: an empty cell is its
    # own, also at the top of a page.
    gap = _page(4, _table([_activity("Y", "Stab"), _activity("Z", "")]))
    rows, notes = _rows_and_notes([elsewhere, gap, before, _page(5, _table([_activity("Utveckla chefsstöd", "")]))])
    assert rows[-1][:2] == ["Utveckla chefsstöd", ""] and notes == []
    # A document that merges no cell down: nothing read on.
    rows, notes = _rows_and_notes([before, _page(3, _table([_activity("Utveckla chefsstöd", "")]))])
    assert rows[-1][:2] == ["Utveckla chefsstöd", ""] and notes == []


def test_ange_merged_units_printed_by_libreoffice_read_goal_5_1s_unit_over_the_page_break():
    from tertial.split_words import add_join_notes

    path = Path(__file__).parent / "fixtures" / "corpus" / "node-docx" / "ange_ks_t2_2024.merged-units-pdf.pdf"
    extracted = extract_text(path.read_bytes(), path.name)
    report = read_report(extracted.text, path.name)
    add_join_notes(report, extracted)
    by_title = {activity.title: activity for activity in report.activities}
    assert by_title["Genomföra temadagar"].responsible_unit == "HR och Kommunikation"
    assert by_title["Utveckla chefsstöd för systematiskt arbetsmiljöarbete och friskfaktorer"].responsible_unit == \
        "HR och Kommunikation"
    notes = [note for note in report.notes if note.kind == "tolkning" and "sidbrytningen" in note.message]
    assert len(notes) == 1 and notes[0].line_text.startswith("Utveckla chefsstöd")
    assert sum(1 for activity in report.activities if not activity.responsible_unit) == 0
    # The three words the narrow unit and title columns broke are read whole.
    titles = set(by_title)
    assert "Ta fram en kompetensförsörjningsplan" in titles
    assert "Förstärka kommunrepresentanters ambassadörskap" in titles
    assert by_title["Delta i projekt Formas om anpassad kollektivtrafik"].responsible_unit == "Samhällsbyggnad"

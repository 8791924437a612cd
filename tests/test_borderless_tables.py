"""Activity tables a person reads off a PDF that draws them with light rules, no rules or
shaded (zebra) rows, as other tools than Word print them (tertial.pdf_layout).

Each PDF is a small web page printed here by Chromium with its own CSS, or, where no
browser prints the quirk on demand (a header row left alone at the foot of a page), the
words placed by hand on pages as pdf_layout reads them. The assertions are the rows a
person reads: titles, statuses, dates, units.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from documents import CHROMIUM, cached_html_pdf
from tertial.extract import extract_text
from tertial.pdf_layout import Line, PageText, Word, compose, join_line_break
from tertial.reader import read_report

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} saknas (Debian-paketet chromium)")

GOAL = "<p>2.1.1 Andelen elever i åk 9 som är behöriga till gymnasiet ska öka.</p>\n<p>▲ Delvis uppfyllt.</p>\n"
STATUSES = ("Pågående enligt plan", "Avslutad enligt plan", "Pågående med avvikelse", "Ej påbörjad", "Vänteläge")
UNITS = ("Fritid Kultur Turism", "Grundskola", "Socialtjänst", "Arbetsmarknad")

# No cell borders: the header row shaded cell by cell, a rule under it, every other row
# shaded; the shading is drawn as filled boxes, the rule as a thin one.
ZEBRA_CSS = (
    "table { border-collapse: collapse; width: 100%; }"
    "th, td { border: none; padding: 4px 5px; vertical-align: top; text-align: left; font-size: 9pt; }"
    "th { background: #2f4858; color: white; border-bottom: 1.5px solid #222; }"
    "tbody tr:nth-child(even) td { background: #e8eef4; }"
)
# Light rules between the rows only, no shading.
LIGHT_RULES_CSS = (
    "table { border-collapse: collapse; width: 100%; }"
    "th, td { border: none; border-bottom: 0.6px solid #bbb; padding: 4px 5px; vertical-align: top;"
    " text-align: left; font-size: 8.5pt; }"
)


def page(body: str, css: str) -> str:
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Tertialrapport</title><style>'
        "@page { size: A4; margin: 20mm 16mm; }"
        'body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.3; }'
        "p { margin: 0 0 7pt 0; }"
        f"{css}</style></head><body>\n{body}\n</body></html>"
    )


def rows_with_units(count: int) -> list[tuple[str, str, str, str, str]]:
    """(title, unit, start, end, status) of activities, titles long enough to wrap."""
    return [(f"Aktivitet {n} för fler behöriga elever genom riktade insatser", UNITS[n % len(UNITS)],
             f"2024-{n % 6 + 1:02d}-01", f"2024-{n % 6 + 7:02d}-{n % 28 + 1:02d}", STATUSES[n % len(STATUSES)])
            for n in range(1, count + 1)]


def table(header: list[str], rows: list[tuple], widths: list[str] | None = None) -> str:
    columns = "".join(f'<col style="width:{w}">' for w in widths) if widths else ""
    head = "<tr>" + "".join(f"<th>{name}</th>" for name in header) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows)
    return f"<table><colgroup>{columns}</colgroup><thead>{head}</thead><tbody>\n{body}</tbody></table>"


def read(data: bytes, name: str = "tabell.pdf"):
    return read_report(extract_text(data, name).text, name)


def activities_with_units(report) -> list[tuple]:
    return [(a.title, a.responsible_unit, a.start_date.isoformat(), a.end_date.isoformat(), a.status)
            for a in report.activities]


@needs_chromium
def test_a_zebra_table_with_a_shaded_header_and_no_rules_reads_every_row_over_pages():
    rows = rows_with_units(40)  # three pages: the header row is repeated at the top of each
    header = ["Aktivitet", "Ansvarig enhet", "Startdatum", "Slutdatum", "Status"]
    data = cached_html_pdf(page(GOAL + table(header, [(t, u, s, e, st) for t, u, s, e, st in rows]), ZEBRA_CSS))
    report = read(data)
    assert report.goals[0].grade == "Delvis uppfyllt"
    assert activities_with_units(report) == rows


@needs_chromium
def test_a_header_name_over_two_lines_beside_names_of_one_is_one_name():
    # "Ansvarig enhet" wraps in its narrow cell; the one-line names beside it are
    # centred in the row's height, so "Ansvarig" stands above them and "enhet" below.
    rows = rows_with_units(3)
    header = ["Aktivitet", "Ansvarig enhet", "Startdatum", "Slutdatum", "Status"]
    css = LIGHT_RULES_CSS + "th { vertical-align: middle; }"
    data = cached_html_pdf(page(GOAL + table(header, rows, ["34%", "14%", "15%", "15%", "22%"]), css))
    text = extract_text(data, "enhet.pdf").text
    assert "Aktivitet\tAnsvarig enhet\tStartdatum\tSlutdatum\tStatus" in text
    assert activities_with_units(read(data)) == rows


# Every cell framed.
GRID_CSS = (
    "table { border-collapse: collapse; width: 100%; }"
    "th, td { border: 0.75px solid #444; padding: 3px 4px; vertical-align: top; text-align: left; font-size: 8.5pt; }"
)


@needs_chromium
@pytest.mark.parametrize("css", [LIGHT_RULES_CSS, GRID_CSS], ids=["light-rules", "grid"])
def test_a_header_name_a_narrow_column_breaks_mid_word_is_read_whole(css):
    # "Slutdatum" does not fit its column and breaks without a hyphen: "Slutdatu" / "m".
    rows = [(title, status, end) for title, _, _, end, status in rows_with_units(3)]
    css += "th { word-break: break-all; }"
    data = cached_html_pdf(page(GOAL + table(["Aktivitet", "Status", "Slutdatum"], rows, ["60%", "30%", "44pt"]), css))
    text = extract_text(data, "smal.pdf").text
    assert "Aktivitet\tStatus\tSlutdatum" in text
    assert [(a.title, a.status, a.end_date.isoformat()) for a in read(data).activities] == rows


@needs_chromium
def test_a_comment_of_two_paragraphs_in_a_table_without_rules_stays_in_its_row():
    comment = ("<p>Möte med Länsstyrelsen under våren.</p>"
               "<p>Länsstyrelsen ordnar mötesplatser där kommuner och producenter möts.</p>")
    rows = [("Dialog om inköp", "Ej påbörjad", "2023-12-31", comment),
            ("Nya bidragsnormer", "Pågående enligt plan", "2023-10-17", "Arbetet är påbörjat.")]
    css = LIGHT_RULES_CSS + "td p { margin: 0 0 6pt 0; }"
    data = cached_html_pdf(page(GOAL + table(["Aktivitet", "Status", "Slutdatum", "Kommentar"], rows), css))
    report = read(data)
    assert [(a.title, a.status, a.end_date.isoformat()) for a in report.activities] == [row[:3] for row in rows]
    assert " ".join(report.activities[0].comment.split()) == (
        "Möte med Länsstyrelsen under våren. Länsstyrelsen ordnar mötesplatser där kommuner och producenter möts.")


@needs_chromium
def test_a_goal_table_without_rules_gives_its_goals_their_grades():
    goals = [("2.1", "Västerby ska ha en god livsmiljö för alla åldrar", "Delvis uppfyllt", "Nöjdheten ökar."),
             ("2.2", "Kommunens ekonomi ska vara i balans", "Uppfyllt", "Överskott om 8 miljoner kronor.")]
    body = ("<h1>Västerby kommun – Tertialrapport T2 2024</h1><h2>2 Kommunfullmäktiges mål</h2>"
            + table(["Nr", "KF-mål", "Bedömning", "Kommentar"], goals, ["8%", "46%", "18%", "28%"]))
    report = read(cached_html_pdf(page(body, LIGHT_RULES_CSS)))
    assert [(g.code, g.title, g.grade) for g in report.goals] == [goal[:3] for goal in goals]


def test_goal_rows_set_without_a_gap_between_them_are_told_by_their_numbers():
    # A goal table without rules whose rows follow at the line spacing: a new number in
    # the "Nr" column begins a row; the grade wrapped in its cell ("Delvis" / "uppfyllt")
    # does not.
    columns = (72.0, 118.0, 300.0, 380.0)
    lines = [
        line(100, (72, "2 Kommunfullmäktiges mål"), size=14.0),
        line(130, *zip(columns, ("Nr", "KF-mål", "Bedömning", "Kommentar")), size=12.0),
        line(148, *zip(columns, ("2.1", "Västerby ska ha en god", "Delvis", "Nöjdheten ökar,")), size=12.0),
        line(162, *zip(columns[1:], ("livsmiljö för alla", "uppfyllt", "men inte bland unga.")), size=12.0),
        line(176, *zip(columns, ("2.2", "Kommunens ekonomi ska", "Uppfyllt", "Överskott om 8")), size=12.0),
        line(190, *zip(columns[1:], ("vara i balans", "", "miljoner kronor.")), size=12.0),
    ]
    text = compose([PageText(1, 842.0, lines, letters=200)]).text
    report = read_report(text, "måltabell.pdf")
    assert [(g.code, g.title, g.grade) for g in report.goals if g.code != "2"] == [
        ("2.1", "Västerby ska ha en god livsmiljö för alla", "Delvis uppfyllt"),
        ("2.2", "Kommunens ekonomi ska vara i balans", "Uppfyllt"),
    ]


# -- words placed by hand -------------------------------------------------------------------------

SIZE = 8.5


def line(top: float, *cells: tuple[float, str], size: float = SIZE) -> Line:
    """A line of words at the given x positions (each cell's words a space apart)."""
    words = []
    for x, text in cells:
        for piece in text.split():
            width = 0.5 * size * len(piece)
            words.append(Word(piece, x, x + width, top, top + size, size))
            x += width + 0.28 * size
    return Line(words)


COLUMNS = (50.0, 190.0, 330.0, 420.0)
HEADER_CELLS = ("Status", "Åtgärd", "Slutdatum", "Ansvarig enhet")


def test_a_header_row_left_alone_at_the_foot_of_a_page_goes_with_its_rows_on_the_next():
    # pdfmake leaves the header row at a page's foot and prints it again over the rows.
    body = 9.5
    first = PageText(1, 842.0, [
        line(100, (50, "Mål 2.1 Verksamheterna ska hålla sina budgetramar"), size=body),
        line(120, (50, "Bedömning: Ej uppfyllt"), size=body),
        line(140, (50, "Socialtjänsten prognostiserar ett underskott på 12 miljoner kronor."), size=body),
        line(780, *zip(COLUMNS, HEADER_CELLS)),
    ], letters=200)
    second = PageText(2, 842.0, [
        line(60, *zip(COLUMNS, HEADER_CELLS)),
        line(80, *zip(COLUMNS, ("Pågående med avvikelse", "Åtgärdsplan för placeringar", "2024-10-31", "Socialtjänst"))),
        line(100, *zip(COLUMNS, ("Ej påbörjad", "Översyn av bemanningen", "2024-12-31", "Äldreomsorg"))),
        line(120, (50, "Mål 2.2 Kommunens ekonomi ska vara i balans"), size=body),
        line(140, (50, "Bedömning: Uppfyllt"), size=body),
    ], letters=200)
    report = read_report(compose([first, second]).text, "sidfot.pdf")
    assert [(a.title, a.status, a.end_date.isoformat(), a.responsible_unit) for a in report.activities] == [
        ("Åtgärdsplan för placeringar", "Pågående med avvikelse", "2024-10-31", "Socialtjänst"),
        ("Översyn av bemanningen", "Ej påbörjad", "2024-12-31", "Äldreomsorg"),
    ]
    assert [report.goals[a.goal].code for a in report.activities] == ["2.1", "2.1"]


def test_a_title_a_line_break_cut_after_a_dash_goes_on_to_its_grade():
    # "… under 2023–" / "2024. (År 2022 …)": the title ends where the page's line ends,
    # not at the "2024." the cut word brought up, and the grade under it is its grade.
    body = 9.5
    lines = [
        line(100, (50, "2.1.1 Andelen elever i åk 9 som är behöriga till gymnasiet når rikssnittet under 2023–"), size=body),
        line(112, (50, "2024. (År 2022 var andelen behöriga elever 79,2 procent.)"), size=body),
        line(136, (50, "▲ Delvis uppfyllt."), size=body),
        line(160, (50, "Riktade insatser har pågått under läsåret."), size=body),
    ]
    text = compose([PageText(1, 842.0, lines, letters=200)]).text
    [goal] = read_report(text, "rubrik.pdf").goals
    assert goal.grade == "Delvis uppfyllt"
    assert goal.title.startswith("Andelen elever") and "2023–2024. (År 2022" in goal.title


def test_a_date_broken_before_its_hyphen_is_one_date():
    assert join_line_break("2024-01", "-31") == "2024-01-31"
    assert join_line_break("Fritid Kultur", "-31") == "Fritid Kultur -31"


def test_a_number_and_its_word_broken_at_the_hyphen_are_one_word():
    assert join_line_break("Ett 60-", "tal personer") == "Ett 60-tal personer"
    assert join_line_break("en 3-", "årig plan") == "en 3-årig plan"
    assert join_line_break("under 10-", "och 20-talet") == "under 10- och 20-talet"


def framed(top: float, rows: list[list[str | None]], widths=(140.0, 80.0, 34.0, 200.0), pitch: float = 11.0,
           merged: dict[tuple[int, int], int] | None = None):
    """A table framed cell by cell as pdfplumber gives it (each cell's box), with its
    words: each cell's text in lines split at "/", each row as high as its most lines.
    merged: (row, column) → rows a cell is merged down over; the rows under it have None
    in that column (no cell of their own)."""
    merged = merged or {}
    heights = [pitch * max(len(cell.split("/")) for cell in row if cell is not None) + 6 for row in rows]
    tops = [top + sum(heights[:number]) for number in range(len(rows))]
    boxes, words = [], []
    for number, row in enumerate(rows):
        x, cells = 50.0, []
        for column, (width, cell) in enumerate(zip(widths, row)):
            if cell is not None:
                span = merged.get((number, column), 1)
                y = tops[number]
                cells.append((x, y, x + width, y + sum(heights[number:number + span])))
                for index, text in enumerate(cell.split("/")):
                    words.extend(line(y + 3 + index * pitch, (x + 3, text)).words if text else [])
            x += width
        boxes.append(cells)
    return boxes, words


def test_a_framed_header_whose_name_a_narrow_column_broke_is_known_over_a_page_break():
    # "Slutdatum" breaks as "Slutda" / "tum" in its narrow framed cell, on each page the
    # table runs over; the row the page break split ("▶ Pågående" / "enligt plan",
    # "2023-" / "12-31") is one activity, its date one date.
    from tertial.pdf_layout import _grid_table

    header = ["Verksamhetens/aktiviteter", "Status", "Slutda/tum", "Kommentar"]
    first_rows = [header, ["LSS yrkesresan", "Vänteläge", "2023-/12-31", "Förberedelser pågår."],
                  ["Ny gruppbostad Ånge", "Pågående", "2023-", "Arbete fortgår med att planera för"]]
    second_rows = [header, ["", "enligt plan", "12-31", "ny verksamhet, nya lokaler."],
                   ["Bemanningsekonomi", "Pågående enligt/plan", "2023-/12-31", "Dialog har ägt rum."]]
    goal = [line(100, (50, "2.14.1 Brukarna inom LSS ska uppleva en god kvalitet"), size=9.5),
            line(120, (50, "◆ Knappt uppfyllt"), size=9.5)]
    pages = []
    for number, (blocks, rows) in enumerate([(goal, first_rows), ([], second_rows)], start=1):
        boxes, words = framed(700 if number == 1 else 60, rows)
        table = _grid_table(boxes, words, set())
        assert table.header == ["Verksamhetens aktiviteter", "Status", "Slutdatum", "Kommentar"]
        pages.append(PageText(number, 842.0, [*blocks, table], letters=200))
    report = read_report(compose(pages).text, "rutnät.pdf")
    assert [(a.title, a.status, a.end_date.isoformat()) for a in report.activities] == [
        ("LSS yrkesresan", "Vänteläge", "2023-12-31"),
        ("Ny gruppbostad Ånge", "Pågående enligt plan", "2023-12-31"),
        ("Bemanningsekonomi", "Pågående enligt plan", "2023-12-31"),
    ]


def test_a_unit_cell_merged_down_over_rows_is_each_rows_unit_also_over_a_page_break():
    # Word merges the unit cell of activities that share a unit; printed, the merged
    # cell is one box beside several rows. A person reads the unit on each of them, also
    # on the next page, where the merged cell and its text go on ("HR och" /
    # "Kommunikation").
    from tertial.pdf_layout import _grid_table

    header = ["Aktivitet", "Ansvarig/enhet", "Slutdatum", "Status"]
    widths = (160.0, 90.0, 70.0, 110.0)
    first_rows = [header,
                  ["Bilda ett ungdomsråd", "Fritid Kultur/Turism", "2024-03-31", "Pågående med/avvikelse"],
                  ["Utbilda fritidsledare", None, "2024-04-30", "Avslutad enligt/plan"],
                  ["Genomföra två/föreläsningar", "HR och", "2024-", "Avslutad"]]
    second_rows = [header,
                   ["", "Kommunikation", "10-31", "enligt plan"],
                   ["Skapa utbildning om/samtal", None, "2024-08-31", "Avslutad enligt/plan"],
                   ["Ta fram en plan", "Arbetsmarknad", "2024-11-30", "Pågående enligt/plan"]]
    goal = [line(100, (50, "2.1 Medarbetarna ska ha en god arbetsmiljö"), size=9.5),
            line(120, (50, "Bedömning: Uppfyllt"), size=9.5)]
    pages = []
    for number, (blocks, rows, merged) in enumerate([(goal, first_rows, {(1, 1): 2}),
                                                     ([], second_rows, {(1, 1): 2})], start=1):
        boxes, words = framed(650 if number == 1 else 60, rows, widths, merged=merged)
        pages.append(PageText(number, 842.0, [*blocks, _grid_table(boxes, words, set())], letters=200))
    report = read_report(compose(pages).text, "sammanslagen.pdf")
    assert [(a.title, a.responsible_unit, a.end_date.isoformat(), a.status) for a in report.activities] == [
        ("Bilda ett ungdomsråd", "Fritid Kultur Turism", "2024-03-31", "Pågående med avvikelse"),
        ("Utbilda fritidsledare", "Fritid Kultur Turism", "2024-04-30", "Avslutad enligt plan"),
        ("Genomföra två föreläsningar", "HR och Kommunikation", "2024-10-31", "Avslutad enligt plan"),
        ("Skapa utbildning om samtal", "HR och Kommunikation", "2024-08-31", "Avslutad enligt plan"),
        ("Ta fram en plan", "Arbetsmarknad", "2024-11-30", "Pågående enligt plan"),
    ]


def test_a_running_header_in_small_print_is_left_out_beside_tables_in_smaller_print():
    # The tables' small print has more letters than the paragraphs; measured without
    # them, the body text is larger than the running header ("Västerby kommun" far from
    # "Tertialrapport T2 2024"), which is no text of the report.
    columns = (54.0, 200.0, 300.0, 380.0, 440.0)
    rows = [line(214 + 18 * n, *zip(columns, (f"Aktivitet {n} för bygglov", "Avslutad enligt plan",
                                              "2024-01-08", "2024-04-30", "I drift sedan maj."))) for n in range(1, 9)]
    lines = [
        line(27, (50, "Västerby kommun"), (473, "Tertialrapport T2 2024"), size=8.0),
        line(74, (50, "Västerby kommun – Tertialrapport T2 2024"), size=18.0),
        line(112, (50, "3.1 Handläggningstiden för bygglov ska vara högst sex veckor"), size=14.0),
        line(140, (50, "● Uppfyllt"), size=10.5),
        line(160, (50, "Medianen för perioden var fyra veckor."), size=10.5),
        line(195, *zip(columns, ("Aktivitet", "Status", "Start", "Slut", "Kommentar"))),
        *rows,
    ]
    result = compose([PageText(1, 842.0, lines, letters=400)])
    assert result.text.startswith("# Västerby kommun – Tertialrapport T2 2024\n")
    assert (1, "Tertialrapport T2 2024") in result.running_lines
    report = read_report(result.text, "sidhuvud.pdf")
    assert report.title == "Västerby kommun – Tertialrapport T2 2024"
    assert len(report.activities) == 8 and report.goals[0].grade == "Uppfyllt"


# -- a Word document's table without rules, printed by LibreOffice (pandoc's .docx) ---------------

# Columns as LibreOffice prints a four-column activity table a pandoc .docx makes: rows
# 17.6 pt apart at 12 pt (a cell's padding), lines in a cell 14 pt apart.
WORD_COLUMNS = (72.0, 211.0, 290.0, 359.0)
WORD_HEADER = ("Aktivitet", "Status", "Slutdatum", "Kommentar")


def word_row(top: float, *cells: tuple[str, ...], pitch: float = 14.0) -> list[Line]:
    """A row's lines: each cell's lines given as a tuple, column by column."""
    count = max(len(cell) for cell in cells)
    lines = []
    for number in range(count):
        parts = [(x, cell[number]) for x, cell in zip(WORD_COLUMNS, cells) if number < len(cell) and cell[number]]
        lines.append(line(top + number * pitch, *parts, size=12.0))
    return lines


def word_goal(top: float) -> list[Line]:
    return [line(top, (72, "2.1.1 Andelen elever som är behöriga till gymnasiet ska öka."), size=12.0),
            line(top + 23, (72, "Delvis uppfyllt."), size=12.0)]


def test_a_status_whose_symbol_stands_alone_on_its_first_line_begins_a_row():
    # A status column too narrow for "▶ Pågående" puts the symbol on a line of its own
    # ("▶" / "Pågående" / "enligt plan", "■ Ej" / "påbörjad"); the rows stand closer than
    # half a line apart. The symbol and the date ("2023-12-" / "31") begin a row; the
    # status's words under the symbol are its status, no new row.
    lines = [
        *word_goal(60),
        line(120, *zip(WORD_COLUMNS, WORD_HEADER), size=12.0),
        *word_row(138, ("Rekryterings och", "kompetensplan"), ("✓ Avslutad", "enligt plan"), ("2023-03-", "31"), ()),
        *word_row(169.6, ("Fortsatt arbete med", "mental träning"), ("▶", "Pågående", "enligt plan"),
                  ("2023-12-", "31"), ("Pågående enligt plan.", "All personal har gått", "igenom utbildningen.")),
        *word_row(229.2, ("Föreläsning",), ("■ Ej", "påbörjad"), ("2023-12-", "31"), ()),
        line(290, (72, "Målet bedöms som delvis uppfyllt."), size=12.0),
    ]
    report = read_report(compose([PageText(1, 842.0, lines, letters=400)]).text, "symbol.pdf")
    assert [(a.title, a.status, a.end_date.isoformat()) for a in report.activities] == [
        ("Rekryterings och kompetensplan", "Avslutad enligt plan", "2023-03-31"),
        ("Fortsatt arbete med mental träning", "Pågående enligt plan", "2023-12-31"),
        ("Föreläsning", "Ej påbörjad", "2023-12-31"),
    ]
    assert " ".join(report.activities[1].comment.split()) == (
        "Pågående enligt plan. All personal har gått igenom utbildningen.")


def test_a_comment_paragraph_a_little_more_than_a_line_further_down_stays_in_its_row():
    # A Word style's space after a paragraph sets a cell's next paragraph a line's
    # height and a little more under the one before: it goes on the row, over a page
    # break too, where the next page repeats the header.
    first = PageText(1, 842.0, [
        *word_goal(60),
        line(120, *zip(WORD_COLUMNS, WORD_HEADER), size=12.0),
        *word_row(138, ("Löpande hitta och", "utföra arbeten"), ("Pågående", "enligt plan"),
                  ("2023-12-", "31"), ("Inom området händer", "många aktiviteter.")),
        line(176.1, (359, "Workshop 4 - Stockholm:"), size=12.0),
        line(190.1, (359, "Hur vänder vi på"), size=12.0),
        line(214.2, (359, "Open Space - Skapa"), size=12.0),
        line(228.2, (359, "idéer tillsammans: En"), size=12.0),
    ], letters=400)
    second = PageText(2, 842.0, [
        line(60, *zip(WORD_COLUMNS, WORD_HEADER), size=12.0),
        line(78, (359, "kväll med föräldrar."), size=12.0),
        line(102.1, (359, "Nominering: Ånges arbete"), size=12.0),
        line(116.1, (359, "med barn och unga."), size=12.0),
        *word_row(133.7, ("Utföra 6", "medborgardialoger"), ("Avslutad", "enligt plan"), ("2023-08-", "31"), ()),
        line(190, (72, "Målet bedöms som delvis uppfyllt."), size=12.0),
    ], letters=400)
    report = read_report(compose([first, second]).text, "stycken.pdf")
    assert [(a.title, a.status, a.end_date.isoformat()) for a in report.activities] == [
        ("Löpande hitta och utföra arbeten", "Pågående enligt plan", "2023-12-31"),
        ("Utföra 6 medborgardialoger", "Avslutad enligt plan", "2023-08-31"),
    ]
    assert " ".join(report.activities[0].comment.split()) == (
        "Inom området händer många aktiviteter. Workshop 4 - Stockholm: Hur vänder vi på Open Space - Skapa "
        "idéer tillsammans: En kväll med föräldrar. Nominering: Ånges arbete med barn och unga.")


def test_rows_a_page_break_split_are_joined_where_the_status_or_dates_stand_on_one_page():
    # The break parts "Prioriterade" (its symbol and the date's first half at the foot)
    # from "rekryterings- och …" (the status's words and "31" at the top of the next
    # page); and, on the next break, the title's last line and the comment's from the
    # row's status and dates, the next row following a cell's padding further down.
    pages = [
        PageText(1, 842.0, [
            *word_goal(60),
            line(120, *zip(WORD_COLUMNS, WORD_HEADER), size=12.0),
            *word_row(138, ("Resursskola",), ("Pågående", "enligt plan"), ("2023-08-", "31"), ("Uppstartad.",)),
            *word_row(770, ("Prioriterade",), ("▶",), ("2023-12-",), ("Pågående enligt plan.",)),
        ], letters=400),
        PageText(2, 842.0, [
            line(60, *zip(WORD_COLUMNS, WORD_HEADER), size=12.0),
            *word_row(78, ("rekryterings- och", "kompetensinsatser"), ("Pågående", "enligt plan"), ("31",),
                      ("Kartläggning av", "kompetenser.")),
            *word_row(770, ("Samarbete med", "skolan och"), ("Pågående", "enligt plan"), ("2026-12-", "31"),
                      ("Arbetet fortgår", "enligt plan och")),
        ], letters=400),
        PageText(3, 842.0, [
            line(60, *zip(WORD_COLUMNS, WORD_HEADER), size=12.0),
            *word_row(78, ("socialtjänsten",), (), (), ("överenskommelse.", "Pågående.")),
            *word_row(109.6, ("Mental hälsa",), ("Ej påbörjad",), ("2023-12-", "31"), ()),
            line(160, (72, "Målet bedöms som delvis uppfyllt."), size=12.0),
        ], letters=400),
    ]
    report = read_report(compose(pages).text, "sidbrytning.pdf")
    assert [(a.title, a.status, a.end_date.isoformat()) for a in report.activities] == [
        ("Resursskola", "Pågående enligt plan", "2023-08-31"),
        ("Prioriterade rekryterings- och kompetensinsatser", "Pågående enligt plan", "2023-12-31"),
        ("Samarbete med skolan och socialtjänsten", "Pågående enligt plan", "2026-12-31"),
        ("Mental hälsa", "Ej påbörjad", "2023-12-31"),
    ]


def test_running_text_under_a_table_is_no_row_where_no_word_runs_across_a_column_start():
    # A note under a table without rules, in the body's size: by chance none of its
    # words stands across a column's start, but what falls in the status and date
    # columns ("planerad som för", "föregående") is neither, so it is no row.
    body = 9.5
    note = line(300, (50, "* Detta mål har samma aktivitet planerad som för föregående utvecklingsmål, "
                          "2.11.2 Kommunen ska ha en samtyckeskultur"), size=body)
    starts = {word.text: word.x0 for word in note.words}
    columns = (50.0, starts["planerad"], starts["föregående"], starts["utvecklingsmål,"])
    lines = [
        line(100, (50, "2.11.4 Kvinnor och män ska ha samma möjligheter till utbildning."), size=body),
        line(120, (50, "Delvis uppfyllt"), size=body),
        line(150, *zip(columns, ("Aktiviteter", "Status", "Slutdatum", "Kommentar"))),
        line(168, *zip(columns, ("Resursskola", "Pågående", "2023-08", "Resursskolan är en"))),
        line(179, *zip(columns[1:], ("enligt plan", "-31", "grundskola."))),
        note,
        line(313, (50, "och respekt."), size=body),
    ]
    report = read_report(compose([PageText(1, 842.0, lines, letters=400)]).text, "not.pdf")
    assert [(a.title, a.status, a.end_date.isoformat()) for a in report.activities] == [
        ("Resursskola", "Pågående enligt plan", "2023-08-31")]
    assert "Detta mål har samma aktivitet planerad som för" in report.goals[0].comment


def test_a_status_word_a_page_break_cut_goes_on_its_row_not_the_next():
    # "Pågåen" / "de med" / "avvikels" at the foot of a page, "e" at the top of the next
    # beside the rest of the title; the next row, a cell's padding further down, begins
    # its own dates (its status, "Pågåen" / "de enligt" / "plan", broken too).
    pages = [
        PageText(1, 842.0, [
            *word_goal(60),
            line(120, *zip(WORD_COLUMNS, WORD_HEADER), size=12.0),
            *word_row(742, ("Genomföra minst", "tre kampanjer"), ("Pågåen", "de med", "avvikels"),
                      ("2024-12-", "22"), ("En av tre", "kampanjer är")),
        ], letters=400),
        PageText(2, 842.0, [
            line(60, *zip(WORD_COLUMNS, WORD_HEADER), size=12.0),
            *word_row(78, ("på nya platser", "för inflyttning"), ("e",), (), ("genomförd.",)),
            *word_row(109.6, ("Utveckla folkets", "hus"), ("Pågåen", "de enligt", "plan"), ("2024-10-", "31"),
                      ("Utredningen", "pågår.")),
            line(170, (72, "Målet bedöms som delvis uppfyllt."), size=12.0),
        ], letters=400),
    ]
    report = read_report(compose(pages).text, "avvikelse.pdf")
    assert [(a.title, a.status, a.end_date.isoformat()) for a in report.activities] == [
        ("Genomföra minst tre kampanjer på nya platser för inflyttning", "Pågående med avvikelse", "2024-12-22"),
        ("Utveckla folkets hus", "Pågående enligt plan", "2024-10-31"),
    ]


@needs_chromium
def test_a_plain_html_table_with_cells_in_the_middle_of_their_rows_reads_every_row():
    # No table styling at all: cells without borders or padding, set in the middle of
    # their row's height, justified serif text. A row's first line is often its longest
    # cell's alone (the comment, over the status, over the title beside the date), and
    # the header's names stand a word space apart ("Slutdatum Kommentar", "Verksamhetens"
    # / "aktiviteter" beside "Status").
    css = "body { font-family: 'DejaVu Serif', serif; line-height: 1.45; text-align: justify; }"
    rows = [
        ("Utbildningsinsats inom SKUA", "Pågående enligt plan", "2023-12-21",
         "Pågående enligt plan. Ny personal utbildas från och med höstterminen 2023 i alla skolor."),
        ("Övningsskolor och förskolor", "Pågående med avvikelse", "2024-02-29",
         "Aktivitet utifrån kompetensförsörjningsplanen. Starten för västra förskoleområdet är "
         "försenad till september 2023 på grund av rekryteringsläget."),
        ("Ta fram en metod för att genomföra medborgardialog", "■ Ej påbörjad", "2023-08-21", ""),
        ("Resursskola", "Avslutad enligt plan", "2023-08-31",
         "Uppstartad från och med höstterminen 2023, totalt sju elever i verksamheten från start."),
    ]
    header = ["Verksamhetens aktiviteter", "Status", "Slutdatum", "Kommentar"]
    data = cached_html_pdf(page(GOAL + table(header, rows, ["22%", "12%", "12%", "54%"]), css))
    report = read(data)
    assert [(a.title, a.status, a.end_date.isoformat()) for a in report.activities] == [
        (title, status.lstrip("■ "), end) for title, status, end, _ in rows]
    assert [" ".join(a.comment.split()) for a in report.activities] == [row[3] for row in rows]

"""Make the corpus of report documents made by other tools than Tertial's own.

The reader (tertial/) and the project's own test documents (tests/documents.py) are
written by the same hands; a reader fitted to one generator can pass every test and still
fail on the first file a municipality sends. This script makes each report with tools that
share no code with either, the way office software and follow-up systems make them:

- pandoc (Debian): pandoc markdown with grid tables -> .docx;
- LibreOffice (headless): an office-style HTML page -> .docx and -> PDF;
- Chromium (headless --print-to-pdf): HTML with other CSS than a bordered table;
- Node's `docx` package (scripts/corpus/make_docx.js): Word files with autofit tables,
  merged cells, symbol-font grade marks, list-numbered headings, soft breaks and tabs;
- pdfmake (scripts/corpus/make_pdf.js): a PDF drawn directly, as a follow-up system's
  export is, with no ruling lines or only light ones.

Each report's text export is read here by a small converter of its own (read_export) into
blocks: headings, paragraphs, bullet lists, tables (cells hold paragraphs of runs: the
HTML inside cells shows as plain text, bold and links) and, for the 2024 block layout,
activity blocks. Every writer works from those blocks, and every document made is checked
to hold every word of its text (words_missing), so a document that lost content never
enters the corpus.

Run:  .venv/bin/python scripts/make_corpus.py            (everything)
      .venv/bin/python scripts/make_corpus.py --only 001  (documents whose name holds 001)
Needs pandoc, libreoffice, chromium, pdftotext and `npm ci` in scripts/corpus (the script
runs it). The documents are committed under tests/fixtures/corpus/ with manifest.json, so
tests need none of these tools.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import tomllib
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
NODE_DIR = ROOT / "scripts" / "corpus"
CHROMIUM = "/usr/bin/chromium"
BUNDLED_MANIFEST = ROOT / "data" / "manifest.toml"


# -- the inputs: one row per report; add a report here ---------------------------------------
#
# source: the text export; kind: "ange" (one of Ånge's bundled reports: imported over the
# bundled database, options from data/manifest.toml) or "other" (a report whose figures a
# person wrote down by hand next to it, NAME.expected.json); layout: "tabs" (headings,
# paragraphs, tab-separated tables) or "blocks" (the 2024 layout: each activity a block of
# lines, no table); header, footer: the running page header and footer its documents print.


@dataclass(frozen=True)
class Input:
    source: str
    kind: str
    layout: str
    header: str
    footer_title: str


INPUTS = [
    Input("data/raw/000_4224aef9546bb394.txt", "ange", "tabs", "Ånge kommun", "Måluppfyllelse 2023"),
    Input("data/raw/001_2318b0fccc3d977e.txt", "ange", "tabs", "Ånge kommun – Kommunstyrelsen",
          "Tertialrapport 2 2023"),
    Input("data/raw/002_b08c0454ff5f1aaf.txt", "ange", "blocks", "Uppsiktsrapport till kommunstyrelsen", "Stab"),
    Input("tests/fixtures/municipalities/granaker_tertialuppfoljning.txt", "other", "tabs", "Granåkers kommun",
          "Tertialuppföljning 2"),
    Input("tests/fixtures/municipalities/norrdal_delarsrapport.txt", "other", "tabs", "Norrdals kommun",
          "Delårsrapport"),
    Input("tests/fixtures/municipalities/vasterby_tertialrapport.txt", "other", "tabs", "Västerby kommun",
          "Tertialrapport T2 2024"),
    # The hand-written graded report in the 2024 goal model; taken when it is there.
    Input("tests/fixtures/graded_2024/*.txt", "other", "auto", "Kommunstyrelsen", "Uppföljning 2024"),
]


# -- a report as blocks ------------------------------------------------------------------------


@dataclass
class Run:
    text: str
    bold: bool = False
    link: str | None = None
    colour: str | None = None  # a status symbol the report printed in colour


@dataclass
class Para:
    """A paragraph: runs, with soft line breaks ("\\n" in a run) where the report broke a
    line that was no wrap."""
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Heading:
    level: int
    text: str
    kind: str = "heading"  # "heading", or "grade" for a grade line the report set as a heading
    type: str = "heading"


@dataclass
class Paragraph:
    para: Para
    kind: str = "body"  # "body", "title" (the report's title), "label" (a short line such as "Kommentar")
    type: str = "paragraph"


@dataclass
class Bullets:
    items: list[str]
    type: str = "bullets"


@dataclass
class Table:
    header: list[str]
    rows: list[list[list[Para]]]  # row -> cell -> paragraphs
    role: str  # "activities" or "goals"
    # Indexes of rows before which the text export shows a page break (its header repeated
    # and the row's first cells empty): the row continued on the next page.
    continued_at: list[int] = field(default_factory=list)
    type: str = "table"


@dataclass
class Activity:
    title: str
    unit: str | None
    start: str
    end: str
    description: list[Para]
    status: str
    comment: list[Para]


@dataclass
class ActivityBlocks:
    """The 2024 layout: a header line (Verksamhetens aktiviteter, Startdatum, Slutdatum)
    over blocks of title, unit, dates, description, status and status comment."""
    header: list[str]
    activities: list[Activity]
    page_break_before: list[int] = field(default_factory=list)
    type: str = "activity_blocks"


Block = Heading | Paragraph | Bullets | Table | ActivityBlocks


# -- reading a text export ----------------------------------------------------------------------

STATUSES = ("Avslutad enligt plan", "Avslutad med avvikelse", "Pågående enligt plan", "Pågående med avvikelse",
            "Pågående med avvikelser", "Vänteläge", "Ej påbörjad", "Pågående")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+[A-ZÅÄÖ0-9\"»]")
_BULLET = re.compile(r"^\s*[•·▪]\s*(.*?)\s*$")
_DATE_PAIR = re.compile(r"^(.*?)\s*(\d{4}-\d{2}-\d{2})\s+(\d{4}-\d{2}-\d{2})\s*$")
_PAGE_FOOTER = re.compile(r"^\s*Sida \d+ av \d+\s*$")
_GRADE_WORDS = re.compile(r"^[●▲◆■]?\s*(Uppfyllt|Delvis uppfyllt|Knappt uppfyllt|Ej uppfyllt)\.?$", re.IGNORECASE)
# Longest line a wrapped paragraph of the export reaches; a shorter line ends where the
# report broke it.
WRAP_FRACTION = 0.72


def unescape_markdown(text: str) -> str:
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)


def inline_runs(text: str) -> list[Run]:
    """Runs of a markdown line: **bold** marked, escapes undone."""
    runs = []
    for index, piece in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        if piece:
            runs.append(Run(unescape_markdown(piece), bold=index % 2 == 1))
    return runs or [Run("")]


def cell_paragraphs(cell: str) -> list[Para]:
    """A table cell of the export as paragraphs: the HTML it holds (<p>, <b>, <a>, a
    coloured <span>) shown as a reader of the document sees it."""
    cell = cell.strip()
    if not cell:
        return []
    pieces = [piece for piece in re.split(r"</?p\b[^>]*>|<br\s*/?>", cell, flags=re.IGNORECASE)]
    paragraphs = []
    for piece in pieces:
        if not piece.strip():
            continue
        runs: list[Run] = []
        bold = False
        link = None
        colour = None
        for token in re.split(r"(<[^>]+>)", piece):
            if not token:
                continue
            if token.startswith("<"):
                tag = token.lower()
                if tag.startswith("<b") or tag.startswith("<strong"):
                    bold = True
                elif tag.startswith("</b") or tag.startswith("</strong"):
                    bold = False
                elif tag.startswith("<a "):
                    link = html.unescape(re.search(r'href="([^"]*)"', token).group(1))
                elif tag.startswith("</a"):
                    link = None
                elif tag.startswith("<span"):
                    found = re.search(r"color:\s*([a-z#0-9]+)", token)
                    colour = found.group(1) if found else None
                elif tag.startswith("</span"):
                    colour = None
                continue
            runs.append(Run(html.unescape(token), bold=bold, link=link, colour=colour))
        # Words the export ran together across tags keep their own spacing; the paragraph
        # is trimmed as a cell shows it.
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
        paragraphs.append(Para([run for run in runs if run.text]))
    return paragraphs


def _is_blank(line: str) -> bool:
    return not line.strip()


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip() and "\t" not in line)
    # Exports wrap at 90 characters or more; a short report's lines never reach that.
    return max(lengths[int(len(lengths) * 0.95)] if lengths else 0, 90)


def _wraps(line: str, width: int) -> bool:
    return len(line.rstrip()) >= WRAP_FRACTION * width


def _join_wrapped(lines: list[str], width: int) -> Para:
    """Lines of one paragraph: a line that filled the export's width flows on into the
    next; a shorter one ended where the report broke it (a soft line break)."""
    text = ""
    for index, line in enumerate(lines):
        piece = re.sub(r"\s+", " ", line.strip())
        if index == 0:
            text = piece
        elif _wraps(lines[index - 1], width) or piece[:1].islower():
            text += " " + piece
        else:
            text += "\n" + piece
    return Para(inline_runs(text))


def _append_cells(row: list[list[Para]], more: list[list[Para]]) -> None:
    """A row's text that the export carried on into a row with empty first cells: a
    sentence cut at the break flows on in its paragraph, as the report printed it."""
    for cell, extra in zip(row, more):
        if not extra:
            continue
        if cell and not re.search(r"[.!?:]$", cell[-1].text) and extra[0].text[:1].islower():
            cell[-1].runs.append(Run(" "))
            cell[-1].runs.extend(extra[0].runs)
            extra = extra[1:]
        cell.extend(extra)


def _table_from(rows: list[str], join_rows: bool = True) -> Table:
    header = [cell.strip() for cell in rows[0].split("\t")]
    body: list[list[list[Para]]] = []
    continued = []
    for row in rows[1:]:
        cells = row.split("\t")
        cells += [""] * (len(header) - len(cells))
        paragraphs = [cell_paragraphs(cell) for cell in cells[: len(header)]]
        if join_rows and body and not paragraphs[0]:
            _append_cells(body[-1], paragraphs)
            continued.append(len(body) - 1)
        else:
            body.append(paragraphs)
    role = "goals" if any(word in " ".join(header) for word in ("Bedömning", "KF-mål", "Mål\t")) else "activities"
    return Table(header, body, role, continued_at=continued)


def _continues(previous: Block | None, table: Table) -> bool:
    """The export's page break inside a table: the header printed again and the first row
    with its first cell empty, continuing the row before the break."""
    return (isinstance(previous, Table) and previous.header == table.header and bool(table.rows)
            and not any(table.rows[0][:2]))


def read_tabs(text: str, *, join_rows: bool = True) -> list[Block]:
    """A text export with headings (markdown or numbered lines), paragraphs and
    tab-separated tables under a header line. Where the export marks its headings (#), a
    numbered line without the mark was a paragraph in the report and stays one.
    join_rows=False keeps the rows as the export printed them (a row that a page break
    cut continues in a row with empty first cells, under the header printed again), for
    the documents that print them that way."""
    lines = text.splitlines()
    marked_headings = any(_MARKDOWN_HEADING.match(line) for line in lines)
    width = _typical_width(lines)
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_blank(line):
            index += 1
            continue
        if "\t" in line:
            start = index
            while index < len(lines) and "\t" in lines[index]:
                index += 1
            table = _table_from(lines[start:index], join_rows)
            previous = blocks[-1] if blocks else None
            if join_rows and _continues(previous, table):
                first, *rest = table.rows
                _append_cells(previous.rows[-1], first)
                previous.continued_at.append(len(previous.rows) - 1)
                previous.rows.extend(rest)
            else:
                blocks.append(table)
            continue
        heading = _MARKDOWN_HEADING.match(line)
        if heading:
            words = unescape_markdown(heading.group(2).replace("**", "")).strip()
            kind = "grade" if _GRADE_WORDS.match(words) else "heading"
            blocks.append(Heading(len(heading.group(1)), words, kind))
            index += 1
            continue
        bullet = _BULLET.match(line)
        if bullet:
            items = []
            while index < len(lines) and _BULLET.match(lines[index]):
                item = [_BULLET.match(lines[index]).group(1)]
                index += 1
                while (index < len(lines) and not _is_blank(lines[index]) and not _BULLET.match(lines[index])
                       and lines[index].strip()[:1].islower()):
                    item.append(lines[index].strip())
                    index += 1
                items.append(" ".join(item))
            blocks.append(Bullets(items))
            continue
        # A paragraph: lines up to a blank line, a table, a heading, a numbered line after a
        # line that did not wrap, or a short line followed by another short line.
        start = index
        index += 1
        heading_lines = bool(_NUMBERED.match(line)) and not marked_headings
        while index < len(lines):
            nxt, before = lines[index], lines[index - 1].rstrip()
            if _is_blank(nxt) or "\t" in nxt or _MARKDOWN_HEADING.match(nxt) or _BULLET.match(nxt):
                break
            lower = nxt.strip()[:1].islower()
            finished = bool(re.search(r"[.!?:]$", before))
            if _NUMBERED.match(nxt) and (finished or not _wraps(before, width)):
                break
            if heading_lines:
                # A numbered heading wraps at its larger type's shorter width.
                if not (lower or (len(before) >= 55 and not finished)):
                    break
            elif not (lower or _wraps(before, width)):
                break
            index += 1
        chunk = lines[start:index]
        numbered = _NUMBERED.match(chunk[0])
        paragraph = _join_wrapped(chunk, width)
        if heading_lines and len(chunk[0].strip()) < 200:
            depth = numbered.group(1).count(".") + 1
            words = " ".join(re.sub(r"\s+", " ", piece.strip()) for piece in chunk)
            blocks.append(Heading(min(depth, 4), unescape_markdown(words.replace("**", ""))))
        else:
            kind = "label" if len(paragraph.text) < 40 and not paragraph.text.endswith(".") else "body"
            blocks.append(Paragraph(paragraph, kind))
    _mark_title(blocks)
    return blocks


def _mark_title(blocks: list[Block]) -> None:
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph):
        first.kind = "title"


# -- the 2024 block layout --------------------------------------------------------------------


@dataclass
class _Group:
    """Lines of the export between blank lines, page furniture left out."""
    lines: list[str]
    page_break_before: bool = False

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)


ACTIVITIES_MARK = "<activities>"


def _status_of(group: _Group) -> str | None:
    text = group.text.strip()
    return text if text in STATUSES else None


def _is_heading_group(group: _Group) -> bool:
    first = group.lines[0]
    return bool(_NUMBERED.match(first)) and not _DATE_PAIR.match(first) and len(first.strip()) < 110


def _flows_on(last: _Group, line: str, page_break: bool, width: int) -> bool:
    """Whether a line after a blank line (or a page break) still belongs to the group
    before it: a paragraph a page break cut, a goal heading or a line that wrapped."""
    stripped = line.strip()
    if last.lines == [ACTIVITIES_MARK] or not stripped[:1].islower() or _DATE_PAIR.match(line):
        return False
    # A line that ends without a full stop and a next one in lower case: one sentence,
    # whether a page break, a wrapped heading or the export's double spacing parted them.
    return not re.search(r"[.!?:]$", last.lines[-1].strip())


def _page_groups(lines: list[str], header_words: str) -> list[_Group]:
    """Blank-separated groups of lines without the page furniture: the footer (Sida n av
    m), the running header's two lines after it, and the activity header a page break
    repeats. The header right under a goal heading stays, as a group [ACTIVITIES_MARK]."""
    width = _typical_width(lines)
    groups: list[_Group] = []
    current: _Group | None = None
    page_break = False
    after_footer = 0
    for line in lines:
        stripped = line.strip()
        if _PAGE_FOOTER.match(line):
            current, after_footer, page_break = None, 2, True
            continue
        if after_footer and stripped:
            after_footer -= 1
            continue
        if stripped == header_words:
            current = None
            if groups and _is_heading_group(groups[-1]):
                groups.append(_Group([ACTIVITIES_MARK]))
            else:
                page_break = True
            continue
        if not stripped:
            current = None
            continue
        if current is not None and _NUMBERED.match(line) and re.search(r"[.!?:]\s*$", current.lines[-1]):
            current = None  # a numbered heading right under a finished sentence starts anew
        if current is None:
            if groups and _flows_on(groups[-1], line, page_break, width):
                current = groups[-1]
            else:
                current = _Group([], page_break_before=page_break)
                groups.append(current)
            page_break = False
        current.lines.append(line)
    return groups


def read_blocks(text: str) -> list[Block]:
    """The 2024 layout (seed 002): chapters and goals as numbered lines; under a goal, a
    header line and each activity as lines of title, • unit, start and end date,
    description, status and status comment; a closing chapter of goal lists."""
    lines = text.splitlines()
    width = _typical_width(lines)
    header_words = next(line.strip() for line in lines if line.strip().startswith("Verksamhetens aktiviteter"))
    header = ["Verksamhetens aktiviteter", "Startdatum", "Slutdatum"]
    groups = _page_groups(lines, header_words)
    blocks: list[Block] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        first = group.lines[0]
        if group.lines == [ACTIVITIES_MARK]:
            end = index + 1
            while end < len(groups) and not _is_heading_group(groups[end]):
                end += 1
            blocks.append(_activity_blocks(groups[index + 1:end], header, width))
            index = end
        elif _is_heading_group(group):
            number = _NUMBERED.match(first).group(1)
            blocks.append(Heading(number.count(".") + 1, group.text.strip()))
            index += 1
        elif first.strip().startswith(("Mål inom målområde", "Verksamhetsmål för")):
            blocks.append(Heading(3, group.text.strip()))
            index += 1
        elif _BULLET.match(first):
            items: list[str] = []
            while index < len(groups) and _BULLET.match(groups[index].lines[0]):
                for line in groups[index].lines:
                    bullet = _BULLET.match(line)
                    if bullet:
                        items.append(bullet.group(1))
                    else:
                        items[-1] += " " + line.strip()
                index += 1
            blocks.append(Bullets(items))
        else:
            blocks.append(Paragraph(_join_wrapped(group.lines, width)))
            index += 1
    return blocks


def _activity_blocks(groups: list[_Group], header: list[str], width: int) -> ActivityBlocks:
    dated = [index for index, group in enumerate(groups) if any(_DATE_PAIR.match(line) for line in group.lines)]
    activities: list[Activity] = []
    page_breaks: list[int] = []
    starts = []
    for position, date_index in enumerate(dated):
        group = groups[date_index]
        date_line = next(line for line in group.lines if _DATE_PAIR.match(line))
        leading, start, end = _DATE_PAIR.match(date_line).groups()
        title_start = date_index
        unit = None
        if leading.strip():
            title = " ".join([line.strip() for line in group.lines if line is not date_line] + [leading.strip()])
        else:
            before = date_index - 1
            if _BULLET.match(groups[before].lines[0]):
                unit = _BULLET.match(groups[before].lines[0]).group(1)
                before -= 1
            title = " ".join(line.strip() for line in groups[before].lines)
            title_start = before
        starts.append(title_start)
        if groups[title_start].page_break_before:
            page_breaks.append(len(activities))
        activities.append(Activity(title, unit, start, end, [], "", []))
    for position, activity in enumerate(activities):
        first = dated[position] + 1
        last = starts[position + 1] if position + 1 < len(starts) else len(groups)
        status_at = next((i for i in range(first, last) if _status_of(groups[i])), None)
        if status_at is None:
            raise ValueError(f"no status for the activity »{activity.title}«")
        activity.status = _status_of(groups[status_at])
        activity.description = [_join_wrapped(g.lines, width) for g in groups[first:status_at]]
        activity.comment = [_join_wrapped(g.lines, width) for g in groups[status_at + 1:last]]
    return ActivityBlocks(header, activities, page_breaks)


def read_export(path: Path, layout: str, *, join_rows: bool = True) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    if layout == "auto":
        layout = "tabs" if "\t" in text or not any(_DATE_PAIR.match(line) for line in text.splitlines()) else "blocks"
    return read_blocks(text) if layout == "blocks" else read_tabs(text, join_rows=join_rows)


# -- every word kept -------------------------------------------------------------------------

# Words only: the symbols (● ▲ ◆ ■ ✓ ▶ ⏸) are drawn as shapes by some makers, as
# follow-up systems draw them; the words beside them say the same.
_WORD = re.compile(r"\w+")


def word_counts(text: str) -> Counter:
    return Counter(_WORD.findall(text))


def export_words(text: str) -> Counter:
    """The words a reader of the report reads in its text export, table headers left out
    (a document prints a table's header once, or on every page, where the export repeats
    it at its page breaks): HTML tags and markdown marks are no words; page furniture
    (footer, running header) is the page's, not the report's."""
    kept = []
    lines = text.splitlines()
    skip = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _PAGE_FOOTER.match(line):
            skip = 2
            continue
        if skip and stripped:
            skip -= 1
            continue
        if stripped.startswith("Verksamhetens aktiviteter") and "\t" not in line:
            continue
        if "\t" in line and (index == 0 or "\t" not in lines[index - 1]):
            continue
        kept.append(line)
    joined = re.sub(r"<[^>]+>", " ", "\n".join(kept))
    return word_counts(html.unescape(joined))


def blocks_text(blocks: list[Block], *, headers: bool = True) -> str:
    """Every word of the blocks, in reading order; with headers=False without the
    tables' header rows."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Paragraph):
            out.append(block.para.text)
        elif isinstance(block, Bullets):
            out.extend(block.items)
        elif isinstance(block, Table):
            out.append(" ".join(block.header) if headers else "")
            for row in block.rows:
                out.extend(p.text for cell in row for p in cell)
        elif isinstance(block, ActivityBlocks):
            out.append(" ".join(block.header) if headers else "")
            for activity in block.activities:
                out += [activity.title, activity.unit or "", activity.start, activity.end]
                out += [p.text for p in activity.description] + [activity.status] + [p.text for p in activity.comment]
    return "\n".join(out)


def words_missing(expected: Counter, document_text: str, broken: set[str] = frozenset()) -> list[str]:
    """Words of the report the document lacks. broken: words a narrow column broke over
    two or three lines (»Hemtjäns« / »t«), joined again; such a word is there."""
    found = word_counts(document_text)
    squeezed = re.sub(r"[\s\u00ad]+", "", document_text)
    missing = []
    for word, count in (expected - found).items():
        if word not in squeezed and word not in broken:
            missing.append(f"{word}×{count}")
    return sorted(missing)


def broken_words(pdf: Path) -> set[str]:
    """Words a PDF shows broken at a column's edge: a word box and the one that starts
    the next line at the same left edge, joined (and a third, for a very narrow column)."""
    page = run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"]).stdout.decode("utf-8")
    boxes = []
    for page_number, page_xml in enumerate(page.split("<page ")):
        for x0, y0, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page_xml):
            boxes.append((page_number, float(x0), float(y0), float(y1), html.unescape(word)))

    def below(box):
        page_number, x0, y0, y1, _ = box
        height = y1 - y0
        return [other for other in boxes if other[0] == page_number and abs(other[1] - x0) < 2.5
                and 0 < other[2] - y0 < 1.8 * height]

    joined = set()
    for box in boxes:
        for second in below(box):
            joined.update(_WORD.findall(box[4] + second[4]))
            for third in below(second):
                joined.update(_WORD.findall(box[4] + second[4] + third[4]))
    return joined


# -- HTML (for Chromium and LibreOffice) ------------------------------------------------------

STATUS_COLOURS = {
    "Avslutad enligt plan": "#2e7d32", "Avslutad med avvikelse": "#8d6e00", "Pågående enligt plan": "#1565c0",
    "Pågående med avvikelse": "#e65100", "Pågående med avvikelser": "#e65100", "Vänteläge": "#616161",
    "Ej påbörjad": "#c62828", "Pågående": "#1565c0",
}
GRADE_COLOURS = {"●": "#2e7d32", "▲": "#9e9d24", "◆": "#ef6c00", "■": "#c62828"}


@dataclass
class HtmlStyle:
    """How a writer lays out the blocks as a web page."""
    css: str
    table_attrs: str = ""
    widths: dict[int, list[int]] = field(default_factory=dict)  # columns -> widths in percent
    thead: bool = True  # header rows in <thead>: a browser repeats them on every page
    blocks_mode: str = "rows"  # the 2024 activity blocks: rows, spanned, flat or cards
    grade_mode: str = "heading"  # a grade line set as a heading, or "badge": a coloured mark and its words
    status_marks: bool = False  # a coloured dot before each status, as follow-up systems print
    colour_words: bool = False  # a grade given as a colour word (Gult) printed on its colour


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def html_runs(para: Para) -> str:
    out = []
    for run in para.runs:
        text = _e(run.text).replace("\n", "<br>")
        if run.bold:
            text = f"<b>{text}</b>"
        if run.colour:
            text = f'<span style="color:{run.colour}">{text}</span>'
        if run.link:
            text = f'<a href="{html.escape(run.link)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _status_html(text: str, style: HtmlStyle) -> str:
    plain = text.lstrip("✓▶■⏸ ")
    if style.status_marks and plain in STATUS_COLOURS:
        return f'<span class="mark" style="color:{STATUS_COLOURS[plain]}">&#9679;</span>&nbsp;{_e(text)}'
    return _e(text)


def _cell_html(cell: list[Para], header: str, style: HtmlStyle) -> str:
    if header.strip() in ("Status", "Läge") and len(cell) == 1 and len(cell[0].runs) == 1:
        return _status_html(cell[0].text, style)
    if len(cell) == 1:
        return html_runs(cell[0])
    return "".join(f"<p>{html_runs(p)}</p>" for p in cell)


def _colgroup(columns: int, style: HtmlStyle) -> str:
    widths = style.widths.get(columns)
    if not widths:
        return ""
    return "<colgroup>" + "".join(f'<col width="{w}%" style="width:{w}%">' for w in widths) + "</colgroup>"


def table_html(table: Table, style: HtmlStyle) -> str:
    head = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in table.header) + "</tr>"
    body = []
    for row in table.rows:
        cells = "".join(f"<td>{_cell_html(cell, table.header[i], style)}</td>" for i, cell in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    head = f"<thead>{head}</thead>" if style.thead else head
    return (f'<table class="{table.role}" {style.table_attrs}>{_colgroup(len(table.header), style)}'
            f'{head}<tbody>{"".join(body)}</tbody></table>')


def _activity_parts(activity: Activity, style: HtmlStyle) -> tuple[str, str]:
    """A block's title (with its unit) and its body: description, status, comment."""
    title = f'<p class="activity-title"><b>{_e(activity.title)}</b></p>'
    if activity.unit:
        title += f'<p class="unit">• {_e(activity.unit)}</p>'
    body = "".join(f"<p>{html_runs(p)}</p>" for p in activity.description)
    body += f'<p class="status">{_status_html(activity.status, style)}</p>'
    body += "".join(f"<p>{html_runs(p)}</p>" for p in activity.comment)
    return title, body


def activity_blocks_html(blocks: ActivityBlocks, style: HtmlStyle) -> str:
    first, start, end = (_e(h) for h in blocks.header)
    mode = style.blocks_mode
    if mode in ("rows", "spanned"):
        head = f"<tr><th>{first}</th><th>{start}</th><th>{end}</th></tr>"
        head = f"<thead>{head}</thead>" if style.thead else head
        rows = []
        for activity in blocks.activities:
            title, body = _activity_parts(activity, style)
            dates = f'<td class="date">{activity.start}</td><td class="date">{activity.end}</td>'
            if mode == "rows":
                rows.append(f"<tr><td>{title}{body}</td>{dates}</tr>")
            else:
                rows.append(f'<tr class="title-row"><td>{title}</td>{dates}</tr>'
                            f'<tr class="body-row"><td colspan="3">{body}</td></tr>')
        return (f'<table class="activities" {style.table_attrs}>{_colgroup(3, style)}{head}'
                f'<tbody>{"".join(rows)}</tbody></table>')
    out = [f'<div class="block-header"><span>{first}</span><span>{start}</span><span>{end}</span></div>']
    for activity in blocks.activities:
        title, body = _activity_parts(activity, style)
        dates = f'<span class="dates"><span>{activity.start}</span> <span>{activity.end}</span></span>'
        out.append(f'<div class="activity"><div class="activity-head"><div>{title}</div>{dates}</div>'
                   f'<div class="activity-body">{body}</div></div>')
    return "".join(out)


def grade_html(heading: Heading, style: HtmlStyle) -> str:
    level = min(heading.level, 6)
    if style.grade_mode == "badge":
        mark, _, words = heading.text.partition(" ") if heading.text[:1] in GRADE_COLOURS else ("", "", heading.text)
        colour = GRADE_COLOURS.get(mark, "#555")
        shown = f'<span class="grade-mark" style="color:{colour}">{mark}</span> ' if mark else ""
        return f'<p class="grade">{shown}<b>{_e(words)}</b></p>'
    return f"<h{level}>{_e(heading.text)}</h{level}>"


def html_document(blocks: list[Block], title: str, style: HtmlStyle) -> str:
    body = []
    for block in blocks:
        if isinstance(block, Heading):
            if block.kind == "grade":
                body.append(grade_html(block, style))
            else:
                level = min(block.level, 6)
                body.append(f"<h{level}>{_e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            css_class = f' class="{block.kind}"' if block.kind != "body" else ""
            shown = html_runs(block.para)
            colour = re.search(r": (Grönt|Gult|Rött)$", block.para.text)
            if style.colour_words and colour:
                word = colour.group(1)
                shown = shown[: -len(word)] + (f'<span class="colour" style="background:{COLOUR_WORDS[word]}">'
                                               f"{word}</span>")
            body.append(f"<p{css_class}>{shown}</p>")
        elif isinstance(block, Bullets):
            body.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Table):
            if block.rows and not any(block.rows[0][:2]):
                # The export's page break inside a table: printed the same way.
                body.append('<div class="page-break" style="break-before: page"></div>')
            body.append(table_html(block, style))
        elif isinstance(block, ActivityBlocks):
            body.append(activity_blocks_html(block, style))
    return (f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{style.css}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


# -- the tools -------------------------------------------------------------------------------

WORK = Path(tempfile.gettempdir()) / "tertial-corpus-work"
# Reproducible dates inside the documents (pandoc and LibreOffice honour it).
ENVIRONMENT = dict(os.environ, SOURCE_DATE_EPOCH="1725148800", TZ="Europe/Stockholm")
FONT_DIR = NODE_DIR / "node_modules" / "@fontsource" / "carlito" / "files"


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, check=True, capture_output=True, timeout=600, env=ENVIRONMENT, **options)
    except subprocess.CalledProcessError as error:
        raise RuntimeError(f"{command[0]} failed: {error.stderr.decode(errors='replace')[-2000:]}") from None


def carlito_css() -> str:
    """Carlito (metric-compatible with Word's Calibri), loaded by the page itself so that
    no font is installed on the machine for it."""
    faces = []
    for weight in (400, 700):
        for slant in ("normal", "italic"):
            font = FONT_DIR / f"carlito-latin-{weight}-{slant}.woff2"
            faces.append(f"@font-face {{ font-family: 'Carlito'; font-weight: {weight}; font-style: {slant}; "
                         f"src: url('{font.as_uri()}') format('woff2'); }}")
    return "\n".join(faces)


def chromium_pdf(page: str, out: Path) -> None:
    source = WORK / f"{out.stem}.html"
    source.write_text(page, encoding="utf-8")
    profile = WORK / "chromium-profile"
    run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         "--allow-file-access-from-files", f"--user-data-dir={profile}", f"--print-to-pdf={out}", source.as_uri()])


def libreoffice_convert(source: Path, target: str, out: Path, *, infilter: str | None = None) -> None:
    """soffice --convert-to with a profile of its own, so that it never meets another
    LibreOffice the machine runs."""
    profile = WORK / "libreoffice-profile"
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    outdir = WORK / "libreoffice-out"
    outdir.mkdir(parents=True, exist_ok=True)
    done = run(command + ["--convert-to", target, "--outdir", str(outdir), str(source)])
    made = outdir / f"{source.stem}.{out.suffix[1:]}"
    if not made.exists():  # soffice says so on standard error and exits 0
        raise RuntimeError(f"LibreOffice made no {made.name}: {done.stderr.decode(errors='replace')}")
    shutil.move(made, out)


def pandoc_docx(markdown: str, out: Path, *, options: list[str]) -> None:
    source = WORK / f"{out.stem}.md"
    source.write_text(markdown, encoding="utf-8")
    run(["pandoc", "-f", "markdown-smart", "-t", "docx", *options, "-o", str(out), str(source)])


def node_maker(script: str, model: dict, out: Path) -> None:
    source = WORK / f"{out.stem}.json"
    source.write_text(json.dumps(model, ensure_ascii=False, indent=1), encoding="utf-8")
    run(["node", str(NODE_DIR / script), str(source), str(out)], cwd=NODE_DIR)


# -- pandoc markdown ---------------------------------------------------------------------------

_ASCII_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def md_escape(text: str) -> str:
    """Every ASCII punctuation mark escaped: pandoc reads each as itself, never as
    emphasis, a list, a table border or a link."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)


def md_runs(para: Para) -> list[str]:
    """A paragraph as markdown lines (a soft line break ends a line with a backslash)."""
    text = ""
    for run in para.runs:
        if run.link and run.text.strip() == run.link:
            piece = f"<{run.link}>"
        else:
            piece = md_escape(run.text)
            if run.link:
                piece = f"[{piece}]({run.link})"
        if run.bold and piece.strip():
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", piece, re.S).groups()
            piece = f"{lead}**{core}**{trail}"
        text += piece
    return [line.strip() for line in text.split("\n")]


def _wrapped(paragraphs: list[list[str]], width: int) -> list[str]:
    lines: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            lines.append("")
        for number, line in enumerate(paragraph):
            hard_break = number < len(paragraph) - 1
            wrapped = textwrap.wrap(line, width - (2 if hard_break else 0), break_long_words=False,
                                    break_on_hyphens=False) or [""]
            if hard_break:
                wrapped[-1] += " \\"
            lines.extend(wrapped)
    return lines


def grid_table(header: list[str], rows: list[list[list[list[str]]]], widths: list[int]) -> str:
    """A pandoc grid table; a cell is paragraphs of markdown lines. A column is widened to
    its longest word, so that no word is cut."""
    longest = [max([len(word) for cell in [[[h]]] + [row[i] for row in rows]
                    for paragraph in cell for line in paragraph for word in line.split()] + [3])
               for i, h in enumerate(header)]
    widths = [max(w, l + 3) for w, l in zip(widths, longest)]

    def border(char: str) -> str:
        return "+" + "+".join(char * (w + 2) for w in widths) + "+"

    def row_lines(cells: list[list[list[str]]]) -> list[str]:
        wrapped = [_wrapped(cell, w) for cell, w in zip(cells, widths)]
        height = max(len(lines) for lines in wrapped)
        out = []
        for n in range(height):
            parts = [(lines[n] if n < len(lines) else "").ljust(w) for lines, w in zip(wrapped, widths)]
            out.append("| " + " | ".join(parts) + " |")
        return out

    out = [border("-")]
    out += row_lines([[[md_escape(h)]] for h in header])
    out.append(border("="))
    for cells in rows:
        out += row_lines(cells)
        out.append(border("-"))
    return "\n".join(out)


def markdown_document(blocks: list[Block], widths: dict[int, list[int]]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * min(block.level, 6) + " " + md_escape(block.text))
        elif isinstance(block, Paragraph):
            out.append(" \\\n".join(md_runs(block.para)))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {md_escape(item)}" for item in block.items))
        elif isinstance(block, Table):
            columns = len(block.header)
            rows = [[[md_runs(p) for p in cell] for cell in row] for row in block.rows]
            out.append(grid_table(block.header, rows, widths.get(columns, [100 // columns] * columns)))
        elif isinstance(block, ActivityBlocks):
            rows = []
            for activity in block.activities:
                first = [[f"**{md_escape(activity.title)}**"]]
                if activity.unit:
                    first.append([md_escape(f"• {activity.unit}")])
                first += [md_runs(p) for p in activity.description]
                first.append([md_escape(activity.status)])
                first += [md_runs(p) for p in activity.comment]
                rows.append([first, [[md_escape(activity.start)]], [[md_escape(activity.end)]]])
            out.append(grid_table(block.header, rows, widths.get(3, [70, 12, 12])))
    return "\n\n".join(out) + "\n"


# -- JSON for the Node makers ------------------------------------------------------------------


def list_numbered(blocks: list[Block]) -> dict[int, int]:
    """Headings whose numbers Word's list numbering gives as printed: block index -> list
    level. Empty when one heading's number would come out otherwise (the report skips or
    repeats a number), so that a document never shows a number the report does not."""
    counters = [0] * 9
    levels: dict[int, int] = {}
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading) or block.kind == "grade":
            continue
        number = re.match(r"^\s*(\d+(?:\.\d+)*)\.?\s", block.text)
        if not number:
            continue
        parts = number.group(1).split(".")
        level = len(parts) - 1
        counters[level] += 1
        counters[level + 1:] = [0] * (8 - level)
        if [str(n) for n in counters[:level + 1]] != parts:
            return {}
        levels[index] = level
    return levels


def node_model(blocks: list[Block], source: Input, title: str, options: dict, widths: dict[int, list[int]]) -> dict:
    numbered = list_numbered(blocks) if options.get("numbered_headings") else {}
    made = []
    for index, block in enumerate(blocks):
        entry = asdict(block)
        if index in numbered:
            entry["number_level"] = numbered[index]
        made.append(entry)
    return {"title": title, "header": source.header, "footer_title": source.footer_title, "options": options,
            "widths": {str(columns): w for columns, w in widths.items()}, "blocks": made}


# -- the looks: CSS and options per variant ----------------------------------------------------


def page_css(source: Input, *, size: str = "A4", font: str = "sans-serif", margins: str = "22mm 18mm 20mm 18mm") -> str:
    """Page size, margins and a running header and footer drawn by the browser (CSS page
    margin boxes), as a report printed from an intranet page shows them."""
    return (f'@page {{ size: {size}; margin: {margins};'
            f' @top-left {{ content: "{source.header}"; font: 8.5pt {font}; color: #555; }}'
            f' @top-right {{ content: "{source.footer_title}"; font: 8.5pt {font}; color: #555; }}'
            f' @bottom-right {{ content: "Sida " counter(page) " av " counter(pages); font: 8.5pt {font}; }} }}\n')


CSS_BORDERLESS = """
body { font-family: Carlito, sans-serif; font-size: 11pt; line-height: 1.3; }
h1 { font-size: 20pt; color: #1f4e79; } h2 { font-size: 15pt; color: #1f4e79; }
h3 { font-size: 12.5pt; } h4 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; font-size: 9.5pt; }
th { text-align: left; border-bottom: 1.5pt solid #1f4e79; padding: 3pt 5pt; }
td { padding: 3pt 5pt; vertical-align: top; }
tbody tr:nth-child(even) { background: #eef3f8; }
td p { margin: 0 0 3pt; }
"""

CSS_LANDSCAPE_NARROW = """
body { font-family: 'DejaVu Serif', serif; font-size: 9pt; line-height: 1.25; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; } h3, h4 { font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 4pt 0 10pt; font-size: 8pt; }
th, td { border-top: 0.5pt solid #999; border-bottom: 0.5pt solid #999; padding: 2pt 3pt; vertical-align: top;
         text-align: left; overflow-wrap: anywhere; }
th { background: #f0f0f0; }
td p { margin: 0 0 2pt; }
"""

CSS_AS_EXPORTED = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.3; }
h1 { font-size: 17pt; } h2 { font-size: 13pt; border-bottom: 1pt solid #888; } h3, h4 { font-size: 10.5pt; }
p.grade { font-size: 10.5pt; margin: 6pt 0; } .grade-mark { font-size: 12pt; }
table { border-collapse: separate; border-spacing: 0; width: 100%; margin: 6pt 0 10pt; font-size: 8.5pt; }
th { background: #34495e; color: white; text-align: left; padding: 4pt; }
td { border-bottom: 0.5pt solid #ccc; padding: 4pt; vertical-align: top; }
tr { break-inside: auto; }
td p { margin: 0 0 3pt; }
"""

CSS_SERIF_JUSTIFIED = """
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.45; text-align: justify; }
h1 { font-size: 18pt; text-align: left; color: #7b1f1f; }
h2 { font-size: 14pt; text-align: left; color: #7b1f1f; border-left: 4pt solid #7b1f1f; padding-left: 6pt; }
h3 { font-size: 11pt; text-align: left; margin-bottom: 2pt; }
p.label { font-weight: bold; font-style: italic; margin: 2pt 0; }
"""

CSS_FLAT = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; line-height: 1.35; }
h1 { font-size: 15pt; } h2 { font-size: 11.5pt; margin: 14pt 0 4pt; }
.block-header, .activity-head { display: flex; gap: 8pt; }
.block-header { font-weight: bold; margin: 4pt 0; }
.block-header span:first-child, .activity-head > div:first-child { flex: 1; }
.block-header span:not(:first-child) { width: 62pt; }
.dates { display: flex; gap: 8pt; } .dates span { width: 62pt; }
.activity { margin: 0 0 8pt; } .activity p { margin: 0 0 3pt; }
.activity-title { font-weight: normal; } .activity-title b { font-weight: normal; }
.unit { margin-left: 8pt; }
"""

CSS_CARDS = """
body { font-family: Carlito, sans-serif; font-size: 10.5pt; line-height: 1.3; }
h1 { font-size: 18pt; color: #00573f; } h2 { font-size: 13pt; color: #00573f; margin-top: 16pt; }
.block-header { display: flex; font-size: 8.5pt; color: #666; text-transform: uppercase; letter-spacing: 0.5pt;
                border-bottom: 1pt solid #00573f; margin-bottom: 6pt; }
.block-header span:first-child { flex: 1; } .block-header span:not(:first-child) { width: 70pt; }
.activity { border: 0.75pt solid #b7c9c0; border-radius: 4pt; margin: 0 0 8pt; break-inside: avoid; }
.activity-head { display: flex; background: #e8f1ec; padding: 4pt 6pt; }
.activity-head > div:first-child { flex: 1; } .activity-head p { margin: 0; }
.dates { display: flex; } .dates span { width: 70pt; }
.activity-body { padding: 4pt 8pt; } .activity-body p { margin: 0 0 4pt; }
.status { display: inline-block; border-radius: 8pt; padding: 1pt 7pt; background: #eef; }
.unit { color: #555; font-size: 9.5pt; }
"""

CSS_TRAFFIC_LIGHTS = """
body { font-family: Carlito, sans-serif; font-size: 11pt; line-height: 1.35; }
p.title { font-size: 22pt; font-weight: bold; letter-spacing: 1pt; margin-bottom: 2pt; }
p.label { margin: 2pt 0; }
.colour { padding: 0 6pt; border-radius: 3pt; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 14pt; font-size: 10pt; }
th { text-align: left; background: #ddd; padding: 3pt 5pt; }
td { border-bottom: 0.5pt dotted #888; padding: 3pt 5pt; vertical-align: top; }
"""

CSS_OFFICE = """
body { font-family: 'DejaVu Sans'; font-size: 10pt; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; } h3 { font-size: 11pt; } h4 { font-size: 10pt; }
th { background: #d9e2f3; text-align: left; }
td, th { vertical-align: top; }
"""

OFFICE_TABLE = 'border="1" cellspacing="0" cellpadding="4" width="100%"'
COLOUR_WORDS = {"Grönt": "#a5d6a7", "Gult": "#fff59d", "Rött": "#ef9a9a"}

WIDTHS = {
    "001_2318b0fccc3d977e": {4: [30, 17, 11, 42]},
    "002_b08c0454ff5f1aaf": {3: [70, 15, 15]},
    "granaker_tertialuppfoljning": {6: [26, 14, 11, 11, 14, 24]},
    "norrdal_delarsrapport": {4: [24, 34, 14, 28]},
    "vasterby_tertialrapport": {4: [8, 40, 18, 34], 5: [30, 18, 12, 12, 28]},
    "ange_ks_t2_2024": {6: [28, 15, 11, 11, 14, 21]},
}
# Narrow columns as a landscape print squeezes them: the status, date and unit columns
# hold a word or two per line, and long words break inside the column.
NARROW_WIDTHS = {
    "001_2318b0fccc3d977e": {4: [22, 9, 7, 62]},
    "granaker_tertialuppfoljning": {6: [32, 6, 8, 8, 9, 37]},
}


@dataclass(frozen=True)
class Variant:
    toolchain: str
    name: str
    inputs: tuple[str, ...]  # stems of the inputs it is made for
    ext: str
    description: str
    options: dict = field(default_factory=dict, hash=False)


# The inputs by short name: Ånge's three reports with goals, the three other municipalities'
# reports and the hand-written graded 2024 report.
S000, S001, S002 = "000_4224aef9546bb394", "001_2318b0fccc3d977e", "002_b08c0454ff5f1aaf"
GRANAKER, NORRDAL, VASTERBY = "granaker_tertialuppfoljning", "norrdal_delarsrapport", "vasterby_tertialrapport"
ANGE_2024 = "ange_ks_t2_2024"

VARIANTS = [
    # Chromium: web pages printed to PDF, with other CSS than a plain bordered table.
    Variant("chromium", "borderless", (S001, GRANAKER, NORRDAL, VASTERBY, ANGE_2024), "pdf",
            "no cell borders: a rule under the header row and zebra-striped rows; Carlito (Calibri's metrics); "
            "header repeated on every page; running header and 'Sida n av m' footer"),
    Variant("chromium", "landscape-narrow", (S001, GRANAKER, NORRDAL, ANGE_2024), "pdf",
            "A4 landscape, DejaVu Serif 8 pt, fixed narrow status, date and unit columns: words wrap in the cells "
            "and a long word breaks mid-word at the column edge; only horizontal rules"),
    Variant("chromium", "as-exported", (S001, GRANAKER, VASTERBY, ANGE_2024), "pdf",
            "tables cut where the text export shows a page break: a new page, the header again and the rest of "
            "the row under empty first cells; grades as a coloured mark and bold words, a coloured dot before "
            "each status, rows allowed to split across pages", {"join_rows": False}),
    Variant("chromium", "serif-justified", (S000, S001), "pdf",
            "DejaVu Serif, justified paragraphs (stretched word spaces), coloured headings with a side rule"),
    Variant("chromium", "flat", (S002,), "pdf",
            "no table at all: the header words and each activity's title and dates on one line laid out with "
            "flexbox, then unit, description, status and comment as lines, as a flattened PDF reads"),
    Variant("chromium", "cards", (S002,), "pdf",
            "each activity a bordered card: title bar with the dates at its right, the status as a pill"),
    Variant("chromium", "traffic-lights", (GRANAKER, NORRDAL, VASTERBY), "pdf",
            "the colour words of the grades on their colour; dotted row rules; Carlito"),
    # LibreOffice: an office-style HTML page (bordered tables, column widths) opened in Writer.
    Variant("libreoffice", "html-docx", (S000, S001, S002, GRANAKER, NORRDAL, VASTERBY, ANGE_2024),
            "docx", "HTML with bordered tables and column widths, opened in LibreOffice Writer and saved as Word; "
            "the 2024 layout as a table of one row per activity (title, unit, text, status and comment in the "
            "first cell)"),
    Variant("libreoffice", "html-pdf", (S000, S001, S002, GRANAKER, NORRDAL, VASTERBY, ANGE_2024),
            "pdf", "the same HTML printed to PDF by LibreOffice Writer; the 2024 layout as a title row with the "
            "dates and a row spanning the table for the activity's text", {"blocks_mode": "spanned"}),
    # pandoc: pandoc markdown with grid tables, converted to Word.
    Variant("pandoc", "grid-docx", (S000, S001, S002, GRANAKER, NORRDAL, VASTERBY, ANGE_2024),
            "docx", "pandoc markdown (grid tables, several paragraphs in a cell) to .docx with pandoc's default "
            "styles: tables without borders, headings as Heading styles"),
    Variant("pandoc", "docx-pdf", (S000, S001, GRANAKER, NORRDAL, VASTERBY, ANGE_2024), "pdf",
            "pandoc's .docx printed to PDF by LibreOffice"),
    # Node's docx package: Word files as office software writes them.
    Variant("node-docx", "numbered", (S000,), "docx",
            "heading numbers (1.1, 1.1.1) from Word's list numbering, not in the heading text",
            {"numbered_headings": True, "autofit": True}),
    Variant("node-docx", "autofit-symbols", (S001, GRANAKER, VASTERBY, ANGE_2024), "docx",
            "autofit tables with the header row repeated, grade marks in Wingdings/Wingdings 3 (Insert Symbol), "
            "a cell's paragraphs as soft line breaks, a tab after bold labels, status cells shaded by status",
            {"autofit": True, "symbol_font": True, "cell_breaks": "soft", "label_tabs": True, "status_fill": True}),
    Variant("node-docx", "autofit-pdf", (S001, NORRDAL, VASTERBY, ANGE_2024), "pdf",
            "an autofit Word file (status cells shaded) printed to PDF by LibreOffice",
            {"autofit": True, "status_fill": True, "via": "libreoffice"}),
    Variant("node-docx", "merged", (S002,), "docx",
            "the 2024 layout as a table: a row of title (and unit), start and end date per activity, and a row "
            "merged across the table for its description, status and comment; horizontal rules only",
            {"autofit": True, "borders": "horizontal"}),
    Variant("node-docx", "merged-units", (GRANAKER, NORRDAL, VASTERBY, ANGE_2024),
            "docx", "the unit cell merged down over rows that share a unit, grade marks in Word's symbol fonts, "
            "list-numbered headings where the numbers allow, a tab after bold labels",
            {"autofit": True, "merge_units": True, "symbol_font": True, "label_tabs": True,
             "numbered_headings": True}),
    Variant("node-docx", "merged-units-pdf", (GRANAKER, NORRDAL, ANGE_2024), "pdf",
            "the merged-unit Word file (without symbol fonts) printed to PDF by LibreOffice",
            {"autofit": True, "merge_units": True, "numbered_headings": True, "via": "libreoffice"}),
    # pdfmake: a PDF drawn directly, as a follow-up system exports one.
    Variant("pdfmake", "system", (S000, S001, S002, GRANAKER, ANGE_2024), "pdf",
            "drawn by pdfmake: light horizontal lines, header row repeated, status and grade symbols drawn as "
            "coloured shapes (no character), DejaVu Sans",
            {"status_marks": True, "grade_marks": True}),
    Variant("pdfmake", "zebra", (S001, NORRDAL, VASTERBY, ANGE_2024), "pdf",
            "drawn by pdfmake in Carlito: zebra rows with no lines but under the header, statuses as coloured "
            "icons and coloured words",
            {"status_marks": True, "grade_marks": True, "table_layout": "zebra", "font": "Carlito", "size": 10.5}),
    Variant("pdfmake", "landscape", (S001, GRANAKER, NORRDAL, VASTERBY, ANGE_2024), "pdf",
            "drawn by pdfmake on A4 landscape, tables with no lines at all, colour words and grades with a "
            "coloured mark",
            {"status_marks": True, "grade_marks": True, "table_layout": "none", "landscape": True}),
]


# -- making the documents ----------------------------------------------------------------------


def html_style(variant: Variant, source: Input, stem: str) -> HtmlStyle:
    widths = WIDTHS.get(stem, {})
    carlito = carlito_css()
    looks = {
        "borderless": lambda: HtmlStyle(carlito + page_css(source, font="Carlito") + CSS_BORDERLESS, widths=widths),
        "landscape-narrow": lambda: HtmlStyle(
            page_css(source, size="A4 landscape", font="'DejaVu Serif'", margins="15mm 14mm 15mm 14mm")
            + CSS_LANDSCAPE_NARROW, widths=NARROW_WIDTHS.get(stem, widths)),
        "as-exported": lambda: HtmlStyle(page_css(source) + CSS_AS_EXPORTED, widths=widths, grade_mode="badge",
                                         status_marks=True),
        "serif-justified": lambda: HtmlStyle(page_css(source, font="'DejaVu Serif'") + CSS_SERIF_JUSTIFIED),
        "flat": lambda: HtmlStyle(page_css(source) + CSS_FLAT, blocks_mode="flat"),
        "cards": lambda: HtmlStyle(carlito + page_css(source, font="Carlito") + CSS_CARDS, blocks_mode="cards",
                                   status_marks=True),
        "traffic-lights": lambda: HtmlStyle(carlito + page_css(source, font="Carlito") + CSS_TRAFFIC_LIGHTS,
                                            widths=widths, colour_words=True, status_marks=True),
    }
    if variant.toolchain == "libreoffice":
        return HtmlStyle(CSS_OFFICE, table_attrs=OFFICE_TABLE, widths=widths,
                         blocks_mode=variant.options.get("blocks_mode", "rows"))
    return looks[variant.name]()


def tool_versions() -> dict[str, str]:
    def first_line(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "not found"

    def package(name: str) -> str:
        found = NODE_DIR / "node_modules" / name / "package.json"
        return f"{name} {json.loads(found.read_text())['version']}" if found.exists() else f"{name} not installed"

    return {
        "pandoc": first_line(["pandoc", "--version"]),
        "libreoffice": first_line(["soffice", "--version"]),
        "chromium": first_line([CHROMIUM, "--version"]),
        "node": "node " + first_line(["node", "--version"]),
        "docx": package("docx"),
        "pdfmake": package("pdfmake"),
        "pdftotext": subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.splitlines()[0],
    }


def chain_of(variant: Variant, versions: dict[str, str]) -> list[str]:
    chains = {
        "chromium": ["chromium"],
        "libreoffice": ["libreoffice"],
        "pandoc": ["pandoc"] + (["libreoffice"] if variant.ext == "pdf" else []),
        "node-docx": ["node", "docx"] + (["libreoffice"] if variant.options.get("via") == "libreoffice" else []),
        "pdfmake": ["node", "pdfmake"],
    }
    return [versions[tool] for tool in chains[variant.toolchain]]


FIXED_DATE = "20240901120000"  # the documents' creation date, so that making them again changes no byte


def settle_pdf(path: Path) -> None:
    """The PDF's creation dates and file identifier set to fixed values of the same
    length (the cross-reference offsets stay right), so that the same input makes the same
    bytes again."""
    data = path.read_bytes()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s?\(D:)\d{14}", lambda m: m.group(1) + FIXED_DATE.encode(), data)
    seed = hashlib.sha256(path.name.encode()).hexdigest()
    data = re.sub(rb"(/ID\s?\[\s?)<([0-9a-fA-F]+)>\s?<([0-9a-fA-F]+)>",
                  lambda m: m.group(1) + b"<" + seed[: len(m.group(2))].encode() + b"> <"
                  + seed[: len(m.group(3))].encode() + b">", data)
    # LibreOffice's checksum of the file as it wrote it (the dates included).
    data = re.sub(rb"(/DocChecksum\s?/)([0-9A-F]+)", lambda m: m.group(1) + seed[: len(m.group(2))].upper().encode(),
                  data)
    path.write_bytes(data)


def settle_docx(path: Path) -> None:
    """The Word file's dates (zip entries, created and modified) set to a fixed day."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-09-01T12:00:00Z", data)
            settled = zipfile.ZipInfo(info.filename, date_time=(2024, 9, 1, 12, 0, 0))
            settled.compress_type = zipfile.ZIP_DEFLATED
            settled.external_attr = info.external_attr
            archive.writestr(settled, data)


def docx_text(data: bytes) -> str:
    """The words of a Word file as Word shows them (the text of w:t, a line for each tab,
    break and paragraph); list numbers and symbol-font characters are not words."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [name for name in archive.namelist()
                 if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)]
        texts = []
        for name in parts:
            xml = archive.read(name).decode("utf-8")
            # Tabs, breaks and paragraph ends part words; a line break stands for each.
            xml = re.sub(r"<w:(tab|br|cr)\b[^>]*/>|</w:p>", "\n", xml)
            pieces = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|(\n)", xml)
            texts.append(html.unescape("".join(text or newline for text, newline in pieces)))
    return "\n".join(texts)


def document_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return run(["pdftotext", "-enc", "UTF-8", str(path), "-"]).stdout.decode("utf-8")
    return docx_text(path.read_bytes())


def make_document(variant: Variant, source: Input, path: Path, out: Path) -> list[Block]:
    """Makes one document; returns the blocks it was made from."""
    stem = path.stem
    blocks = read_export(path, source.layout, join_rows=variant.options.get("join_rows", True))
    text = path.read_text(encoding="utf-8")
    lost = export_words(text) - word_counts(blocks_text(blocks, headers=False))
    if lost:  # the converter itself dropped words: no document is made from it
        raise RuntimeError(f"{path.name}: reading the export lost words: {dict(lost)}")
    title = next((b.text for b in blocks if isinstance(b, Heading)), path.stem)
    widths = WIDTHS.get(stem, {})
    if variant.toolchain == "chromium":
        chromium_pdf(html_document(blocks, title, html_style(variant, source, stem)), out)
    elif variant.toolchain == "libreoffice":
        page = WORK / f"{out.stem}.html"
        page.write_text(html_document(blocks, title, html_style(variant, source, stem)), encoding="utf-8")
        target = "docx:MS Word 2007 XML" if variant.ext == "docx" else "pdf:writer_pdf_Export"
        libreoffice_convert(page, target, out, infilter="HTML (StarWriter)")
    elif variant.toolchain == "pandoc":
        word = out if variant.ext == "docx" else WORK / f"{out.stem}.docx"
        pandoc_docx(markdown_document(blocks, widths), word, options=["--metadata", f"title-meta={title}"])
        if variant.ext == "pdf":
            libreoffice_convert(word, "pdf:writer_pdf_Export", out)
    elif variant.toolchain == "node-docx":
        word = out if variant.ext == "docx" else WORK / f"{out.stem}.docx"
        node_maker("make_docx.js", node_model(blocks, source, title, variant.options, widths), word)
        if variant.ext == "pdf":
            libreoffice_convert(word, "pdf:writer_pdf_Export", out)
    elif variant.toolchain == "pdfmake":
        node_maker("make_pdf.js", node_model(blocks, source, title, variant.options, widths), out)
    else:
        raise ValueError(variant.toolchain)
    return blocks


def expected_words(text: str, blocks: list[Block], variant: Variant) -> Counter:
    expected = export_words(text)
    if variant.options.get("numbered_headings"):
        for index in list_numbered(blocks):
            expected -= word_counts(re.match(r"^\s*(\d+(?:\.\d+)*)", blocks[index].text).group(1))
    return expected


def bundled_options(file_name: str) -> dict:
    """What Ånge's bundled report is imported with (data/manifest.toml)."""
    entry = next(r for r in tomllib.loads(BUNDLED_MANIFEST.read_text(encoding="utf-8"))["report"]
                 if r["file"] == file_name)
    return {"period": entry["period"], "as_of": entry["as_of"].isoformat(), "goal_level": entry["goal_level"],
            "body": entry["body"], "unit": entry.get("unit"), "title": entry["title"]}


def inputs_found() -> list[tuple[Input, Path]]:
    found = []
    for source in INPUTS:
        for path in sorted(ROOT.glob(source.source)):
            found.append((source, path))
    return found


def ensure_node_packages() -> None:
    if not (NODE_DIR / "node_modules" / "docx").exists():
        run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="make only the documents whose path holds this text")
    args = parser.parse_args(argv)
    ensure_node_packages()
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    versions = tool_versions()
    manifest_path = CORPUS / "manifest.json"
    kept = {}
    if args.only and manifest_path.exists():
        kept = {entry["document"]: entry for entry in json.loads(manifest_path.read_text())["documents"]}
    entries: dict[str, dict] = {}
    failures = []
    for variant in VARIANTS:
        for source, path in inputs_found():
            if path.stem not in variant.inputs:
                continue
            relative = f"{variant.toolchain}/{path.stem}.{variant.name}.{variant.ext}"
            if args.only and args.only not in relative:
                if relative in kept:
                    entries[relative] = kept[relative]
                continue
            out = CORPUS / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            blocks = make_document(variant, source, path, out)
            settle_pdf(out) if out.suffix == ".pdf" else settle_docx(out)
            missing = words_missing(expected_words(path.read_text(encoding="utf-8"), blocks, variant),
                                    document_text(out), broken_words(out) if out.suffix == ".pdf" else set())
            if missing:
                failures.append(f"{relative}: words missing: {', '.join(missing[:20])}")
            entry = {
                "document": relative,
                "source": path.relative_to(ROOT).as_posix(),
                "kind": source.kind,
                "toolchain": variant.toolchain,
                "variant": variant.name,
                "format": variant.ext,
                "made_with": chain_of(variant, versions),
                "how": variant.description,
                "options": {k: v for k, v in variant.options.items()},
                "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
                "bytes": out.stat().st_size,
            }
            if source.kind == "ange":
                entry["import"] = bundled_options(path.name)
            else:
                entry["expected"] = path.with_suffix(".expected.json").relative_to(ROOT).as_posix()
            entries[relative] = entry
            print(f"{relative}  {out.stat().st_size // 1024} KB", flush=True)
    documents = [entries[key] for key in sorted(entries)]
    manifest = {
        "about": "Documents made from the reports' text exports by tools that share no code with Tertial "
                 "(scripts/make_corpus.py). kind 'ange': one of Ånge's bundled reports, to import over the "
                 "bundled database with the options under 'import'; kind 'other': a report whose figures a "
                 "person wrote down in the file named by 'expected'.",
        "tools": versions,
        "documents": documents,
    }
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for failure in failures:
        print("FAILED:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The Rapporter page's link to one report and one of its lines (?rapport=<file>&rad=<line>),
and a stored report's text line by line, numbered as the reader numbered it (the lines
every "rad" in the dashboard refers to).

Pure functions and a bounded cache of the lines read; no Streamlit. The search page (Sök)
links its report-text hits here.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import polars as pl

from tertial.extract import ExtractError, extract_text
from tertial.filters import URL_KEYS, first_value, shown
from tertial.text import html_to_text, normalise_document

REPORT_PAGE = "rapporter"  # the Rapporter page's url_path in app.py
URL_REPORT = "rapport"
URL_LINE = "rad"
# Lines shown around a linked line, before and after it.
CONTEXT_LINES = 2


def line_anchor(line: int) -> str:
    """The heading anchor of a linked line on Rapporter: the browser scrolls to it."""
    return f"rad-{line}"


def report_link(report_file: str, line: int | None = None, organisation: str | None = None) -> str:
    """The link to a report on Rapporter, relative to the app: rapporter?rapport=<file>&rad=<line>.
    organisation: named when the database holds several (a link opened in a new tab
    starts a new session, with the default organisation)."""
    params: dict[str, object] = {URL_REPORT: report_file}
    if line is not None:
        params[URL_LINE] = line
    if organisation:
        params[URL_KEYS["organisation"]] = organisation
    anchor = f"#{line_anchor(line)}" if line is not None else ""
    return f"{REPORT_PAGE}?{urlencode(params)}{anchor}"


def parse_report_param(raw: str | Sequence[str] | None, file_names: Sequence[str]) -> tuple[str | None, str | None]:
    """The report a link names by its file name (any case) and, when it names one the
    organisation does not have, a Swedish notice quoting only the harmless part."""
    value = first_value(raw)
    if value is None:
        return None, None
    by_case = {name.casefold(): name for name in file_names}
    found = by_case.get(value.casefold())
    if found is not None:
        return found, None
    return None, f"Rapporten »{shown(value)}« i länken finns inte bland organisationens rapporter. Välj en rapport i listan."


def parse_line_param(raw: str | Sequence[str] | None, line_count: int) -> tuple[int | None, str | None]:
    """The line a link names (1 … line_count) and a notice when it names none of them."""
    value = first_value(raw)
    if value is None:
        return None, None
    if value.isascii() and value.isdigit() and 1 <= int(value) <= line_count:
        return int(value), None
    return None, f"Raden »{shown(value)}« i länken finns inte i rapporten, som har {line_count} rader."


# A stored file's lines by its name and content hash: the text, not the bytes (a PDF's
# bytes are many times its text), for as many reports as an organisation has in years.
_LINES: OrderedDict[tuple[str, str], tuple[str, ...]] = OrderedDict()
_LINES_KEPT = 256
_LINES_LOCK = threading.Lock()


def report_lines(file_name: str, content: bytes) -> tuple[str, ...]:
    """A stored report's text as the reader numbered it: line n is item n - 1. The same
    extraction as the build and an import (a Word file's or a PDF's text too); empty when
    the file cannot be read any more (the reader read it once, so this is not expected).
    Kept by content, so a new data version reads only the files that changed: a PDF's
    layout takes a second or so to rebuild."""
    key = (file_name, hashlib.sha256(content).hexdigest())
    with _LINES_LOCK:
        if key in _LINES:
            _LINES.move_to_end(key)
            return _LINES[key]
    try:
        lines = tuple(normalise_document(extract_text(bytes(content), file_name).text).split("\n"))
    except ExtractError:
        lines = ()
    with _LINES_LOCK:
        _LINES[key] = lines
        while len(_LINES) > _LINES_KEPT:
            _LINES.popitem(last=False)
    return lines


def forget_report_lines() -> None:
    """Empty the cache of report lines (benchmarks, to measure a first reading)."""
    with _LINES_LOCK:
        _LINES.clear()


@dataclass(frozen=True)
class LinkedLine:
    """A linked line with the lines around it: (number, text) each."""

    line: int
    context: tuple[tuple[int, str], ...]

    @property
    def text(self) -> str:
        return dict(self.context).get(self.line, "")


def linked_line(lines: Sequence[str], line: int, around: int = CONTEXT_LINES) -> LinkedLine:
    first, last = max(1, line - around), min(len(lines), line + around)
    return LinkedLine(line, tuple((number, readable_line(lines[number - 1])) for number in range(first, last + 1)))


def readable_line(text: str) -> str:
    """A line as a person reads it: a table row whose cells hold several paragraphs (the
    text export and the Word path write them as <p>…</p>) with each cell's paragraphs
    parted by " / ", not as markup; any other line as it stands."""
    if "<p>" not in text:
        return text
    return "\t".join(" / ".join(part for part in html_to_text(cell).split("\n") if part) for cell in text.split("\t"))


def linked_line_of(stored: pl.DataFrame, line: int) -> LinkedLine:
    """The linked line and its neighbours, from the rows of queries/report_file.sql (the
    report's file name and bytes); no lines when the file is missing or unreadable."""
    if stored.is_empty():
        return LinkedLine(line, ())
    lines = report_lines(stored["file_name"][0], bytes(stored["content"][0]))
    return linked_line(lines, line) if lines else LinkedLine(line, ())


def section_of_line(section_lines: Sequence[int], line: int) -> int | None:
    """Which section (index into section_lines, the sections' heading lines in document
    order) a line stands in: the last one that starts at or before it; None before the first."""
    found = None
    for index, start in enumerate(section_lines):
        if start <= line:
            found = index
    return found


def report_params(report_file: str | None, default_file: str | None, line: int | None) -> dict[str, str]:
    """The page's own keys as the link should hold them: the report unless it is the
    default (first) one, and the line only with the report it belongs to."""
    params: dict[str, str] = {}
    if report_file and (report_file != default_file or line is not None):
        params[URL_REPORT] = report_file
    if report_file and line is not None:
        params[URL_LINE] = str(line)
    return params

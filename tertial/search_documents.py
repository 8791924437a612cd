"""What the search page (Sök) searches and where each hit leads: the documents of one
organisation from queries/search_corpus.sql – goal titles, analyses, activity titles,
activity comments and the reports' narrative text – with their weights, and the hits
of a query with their snippets and links.

Report text is searched by paragraph (as the reader joined a paragraph's lines, also
across a page break), and each hit names the report line its first marked word stands
on: the lines come from the stored file (report_view.report_lines), numbered as the
reader numbered them, so "rad 46" is line 46 of the file a person opens.

Pure functions over query rows; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from tertial import search
from tertial.goal_view import goal_link
from tertial.report_view import report_lines, report_link
from tertial.text import shortened
from tertial.visual import escape_markdown

GOAL, ANALYSIS, ACTIVITY, COMMENT, REPORT_TEXT = "Mål", "Analys", "Aktivitet", "Kommentar", "Rapporttext"
KINDS = (GOAL, ANALYSIS, ACTIVITY, COMMENT, REPORT_TEXT)
# A title says what a goal or an activity is in a few words; a word in it weighs more
# than the same word somewhere in a page of analysis.
KIND_WEIGHTS = {GOAL: 2.0, ACTIVITY: 2.0, ANALYSIS: 1.0, COMMENT: 1.0, REPORT_TEXT: 1.0}
# The newest period's documents score this much more (×1.2), the oldest period's nothing,
# the periods between in proportion: what a report says now comes before what it said.
RECENCY_BOOST = 0.2
# Hits shown at most; the page says how many there are in all.
MAX_HITS = 50


@dataclass(frozen=True)
class Document:
    """One searchable text and what a hit on it shows and links to."""

    kind: str
    period: str
    text: str
    report_file: str
    line: int  # its line in the report (a goal's heading, a section's heading, a paragraph's first line)
    goal_key: str | None = None
    goal_code: str | None = None
    goal_title: str | None = None
    activity_title: str | None = None
    heading: str | None = None  # the report section of a report text
    # Report text: (offset in text, report line) where each line of the paragraph begins.
    line_starts: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int | None) -> int:
        """The report line that the text at offset stands on."""
        line = self.line
        for start, number in self.line_starts:
            if offset is None or start > offset:
                break
            line = number
        return line


@dataclass(frozen=True)
class Corpus:
    """An organisation's documents and their index, made once per data version."""

    documents: tuple[Document, ...]
    index: search.Index
    periods: tuple[str, ...]  # newest first

    def in_period(self, period: str) -> frozenset[int]:
        return frozenset(i for i, document in enumerate(self.documents) if document.period == period)


# --- the documents ---------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()]


def _line_starts(paragraphs: Sequence[tuple[str, list[search.Token]]], lines: Sequence[str], first: int,
                 last: int, skipped: frozenset[int]) -> list[list[tuple[int, int]]]:
    """For each paragraph of a section (heading first), where its lines of the report file
    begin: walking the file's lines first … last - 1 in order, a line belongs to the first
    paragraph, at or after the one reached so far, whose words continue with the line's
    words. A line found in none (a goal's heading between sections, a table row) is
    passed over; page furniture the reader skipped is never matched."""
    starts: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    at_paragraph, at_token = 0, 0
    for number in range(first, min(last, len(lines) + 1)):
        if number in skipped:
            continue
        words = search.terms_of(lines[number - 1])
        if not words:
            continue
        for p in range(at_paragraph, len(paragraphs)):
            tokens = paragraphs[p][1]
            begin = at_token if p == at_paragraph else 0
            position = _find_run(tokens, words, begin)
            if position is not None:
                starts[p].append((tokens[position].start, number))
                at_paragraph, at_token = p, position + len(words)
                break
    return starts


def _find_run(tokens: Sequence[search.Token], words: Sequence[str], begin: int) -> int | None:
    """The first index at or after begin where tokens spell words, one by one."""
    first = words[0]
    for i in range(begin, len(tokens) - len(words) + 1):
        if tokens[i].term == first and all(tokens[i + k].term == words[k] for k in range(1, len(words))):
            return i
    return None


def _report_text_documents(blocks: pl.DataFrame, files: Mapping[str, tuple[bytes, frozenset[int]]]
                           ) -> list[Document]:
    """One document per paragraph of every narrative section and area text (heading
    paragraphs included), with the report lines its text stands on."""
    documents: list[Document] = []
    for (report_file,), rows in blocks.sort("report_file", "source_line").group_by("report_file", maintain_order=True):
        content, skipped = files.get(report_file, (b"", frozenset()))
        lines = report_lines(report_file, content) if content else ()
        rows = rows.to_dicts()
        for i, row in enumerate(rows):
            # A section's lines end where the next section begins (goals may stand between).
            end = rows[i + 1]["source_line"] if i + 1 < len(rows) else len(lines) + 1
            paragraphs = [(text, search.tokenize(text)) for text in _paragraphs(row["text"])]
            starts = _line_starts(paragraphs, lines, row["source_line"], end, skipped) if lines else [[]] * len(paragraphs)
            for (text, _), line_starts in zip(paragraphs, starts):
                documents.append(Document(
                    kind=REPORT_TEXT, period=row["period"], text=text, report_file=report_file,
                    line=line_starts[0][1] if line_starts else row["source_line"],
                    heading=row["heading"], line_starts=tuple(line_starts),
                ))
    return documents


def build_corpus(rows: pl.DataFrame, report_files: pl.DataFrame) -> Corpus:
    """The corpus of one organisation. rows: queries/search_corpus.sql; report_files:
    queries/search_report_files.sql (the files of the reports with narrative text)."""
    files = {row["report_file"]: (bytes(row["content"]), frozenset(row["skipped_lines"] or ()))
             for row in report_files.iter_rows(named=True)}
    documents: list[Document] = []
    structured = rows.filter(pl.col("kind") != REPORT_TEXT)
    for row in structured.iter_rows(named=True):
        documents.append(Document(
            kind=row["kind"], period=row["period"], text=row["text"], report_file=row["report_file"],
            line=row["source_line"], goal_key=row["goal_key"], goal_code=row["goal_code"],
            goal_title=row["goal_title"], activity_title=row["activity_title"],
        ))
    documents.extend(_report_text_documents(rows.filter(pl.col("kind") == REPORT_TEXT), files))
    periods = tuple(sorted({document.period for document in documents}, reverse=True))
    rank = {period: i for i, period in enumerate(periods)}
    span = max(len(periods) - 1, 1)

    def weight(document: Document) -> float:
        recency = 1 + RECENCY_BOOST * (len(periods) - 1 - rank[document.period]) / span
        return KIND_WEIGHTS[document.kind] * recency

    # Newest period first, then by kind as KINDS lists them: equal scores keep this order.
    kind_order = {kind: i for i, kind in enumerate(KINDS)}
    documents.sort(key=lambda d: (rank[d.period], kind_order[d.kind]))
    index = search.build_index([document.text for document in documents], [weight(d) for d in documents])
    return Corpus(documents=tuple(documents), index=index, periods=periods)


# --- a query's hits ----------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float
    snippet: str  # Markdown: the matched words in bold, everything else escaped
    line: int  # the report line of the first marked word (report text), else the document's


@dataclass(frozen=True)
class Result:
    terms: tuple[str, ...]
    total: int
    hits: tuple[Hit, ...]


def run_search(corpus: Corpus, query: str, period: str | None = None, limit: int = MAX_HITS) -> Result:
    """The best `limit` hits of a query (all of its words, as word beginnings) and how
    many there are in all; period: only that period's documents."""
    terms = tuple(search.query_terms(query))
    allowed = corpus.in_period(period) if period else None
    ranked = search.search(corpus.index, terms, allowed)
    hits = []
    for found in ranked[:limit]:
        document = corpus.documents[found.document]
        shown = search.snippet(document.text, terms)
        hits.append(Hit(document, found.score, shown.markdown, document.line_at(shown.first_mark)))
    return Result(terms, len(ranked), tuple(hits))


def hit_link(hit: Hit, organisation: str | None = None) -> str:
    """Where a hit leads, relative to the app. A goal, its analysis, an activity and its
    comment: the goal's own view on Mål in the hit's period, which lists the goal's
    activities with their status and comment in every period (Aktiviteter lists one
    period's activities and has no filter to one activity). Report text: the report on
    Rapporter, at the line. organisation: named when the database holds several."""
    document = hit.document
    if document.kind != REPORT_TEXT and document.goal_key:
        return goal_link(document.goal_key, document.period, organisation)
    return report_link(document.report_file, hit.line, organisation)


# --- how a hit reads -------------------------------------------------------------------

# Long goal titles are cut in a hit's heading; the snippet shows the matched words.
HEADING_TITLE_CHARS = 110


def _short(text: str | None, limit: int = HEADING_TITLE_CHARS) -> str:
    return shortened(text, limit)


def _goal_named(document: Document) -> str:
    code = f"{document.goal_code} " if document.goal_code else ""
    return f"{code}{_short(document.goal_title)}"


def hit_heading(hit: Hit) -> str:
    """A hit's first line as Markdown, every text of the data escaped: its kind (bold),
    period, and the goal (number and title) it belongs to, or for report text the file,
    line and section. A goal's or an activity's own title is the snippet, not repeated."""
    document = hit.document
    parts = [f"**{document.kind}**", document.period]
    if document.kind == GOAL:
        parts.append(f"mål {document.goal_code}" if document.goal_code else "mål utan nummer")
    elif document.kind in (ANALYSIS, ACTIVITY):
        parts.append(f"mål {_goal_named(document)}")
    elif document.kind == COMMENT:
        parts.append(f"aktiviteten {_short(document.activity_title, 80)} under mål {_goal_named(document)}")
    else:
        parts.append(f"{document.report_file}, rad {hit.line}")
        if document.heading:
            parts.append(f"avsnittet {_short(document.heading, 80)}")
    return " · ".join([parts[0], *(escape_markdown(part) for part in parts[1:])])


def link_label(hit: Hit) -> str:
    """The words of a hit's link (plain text; the page escapes it)."""
    document = hit.document
    if document.kind == REPORT_TEXT or not document.goal_key:
        return f"Öppna rapporten på rad {hit.line}"
    if document.kind in (ACTIVITY, COMMENT):
        return "Öppna målet med aktiviteten"
    return "Öppna målet"


def hits_sentence(result: Result, shown_query: str, period: str | None = None) -> str:
    """How many hits, and how many are shown. shown_query: the query as safe to quote."""
    where = f" i {period}" if period else ""
    if result.total == 1:
        return f"1 träff för »{shown_query}«{where}."
    shown = len(result.hits)
    rest = f" De {shown} bästa visas." if shown < result.total else ""
    return f"{result.total} träffar för »{shown_query}«{where}.{rest}"

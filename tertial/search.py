"""Full-text search over short Swedish texts: folding, tokens, an inverted index, ranked
hits and snippets with the matched words marked. Pure functions and plain data; what is
searched (goals, analyses, activities, report text) is tertial.search_documents' job.

- Folding: case, and accents as a keyboard without å, ä, ö writes them: "Överturingen",
  "ÖVERTURINGEN" and "overturingen" are one word, and so are "kvalitén" and "kvaliten".
  The text and the query are folded alike, so "hälsa" also finds "halsa".
- A query is words; every word must occur in a text (AND), as the beginning of one of its
  words ("besöksm" finds "besöksmål"). Quotes and other signs are not words: a quoted
  phrase is its words, in any order.
- Ranking: BM25 over folded tokens, a prefix counting as the set of words it begins, a
  whole-word match a little above a longer word; multiplied by the document's weight
  (titles above long text, the newest period above older ones, as the caller decides);
  equal scores keep the caller's order of the documents.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from tertial.visual import escape_markdown

# Letters NFKD does not take apart into a base letter and a mark.
_SPECIAL_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "œ": "oe"})
# A word: letters and digits. Punctuation, dashes and quotes separate words; an underscore
# is no letter in a report's text (and markdown's emphasis besides).
_WORD = re.compile(r"[^\W_]+")

# BM25's usual constants: how fast repeated words stop counting, how much length counts.
K1 = 1.2
B = 0.75
# A word the query's word only begins counts this much of a whole-word match: "hälsa"
# ranks a text saying "hälsa" a little above one saying only "hälsans".
PREFIX_WEIGHT = 0.8
# Bounds on what a query may ask, so a pasted page of text cannot make a search slow.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
# Snippet length in characters around the matched words.
SNIPPET_CHARS = 240


def fold(text: str) -> str:
    """Text as the index compares it: lower case, no accents, å/ä/ö as a/a/o, é as e.

    >>> fold("ÖVERTURINGEN Hållbar hälsa, kvalitén")
    'overturingen hallbar halsa, kvaliten'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_SPECIAL_LETTERS)


class Token(NamedTuple):
    """A word of a text: its folded form and where it stands in the text as given. (A
    tuple: a hit's snippet makes hundreds, and a frozen dataclass is slow to make.)"""

    term: str
    start: int
    end: int


# A report's words repeat: folding each distinct word once is most of building an index.
_fold_word = functools.lru_cache(maxsize=100_000)(fold)


def tokenize(text: str) -> list[Token]:
    """The words of a text, folded, with their places in the text (for marking them).

    The text is read in its composed form (NFC, as the reader stores reports; the places
    are places in that form): a decomposed "ö" (o and a combining mark) would otherwise
    split its word in two."""
    text = unicodedata.normalize("NFC", text)
    return [Token(folded, m.start(), m.end()) for m in _WORD.finditer(text) if (folded := _fold_word(m.group()))]


def terms_of(text: str) -> list[str]:
    """The folded words of a text (tokenize without the places)."""
    return [folded for word in _WORD.findall(unicodedata.normalize("NFC", text)) if (folded := _fold_word(word))]


def query_terms(query: str) -> list[str]:
    """The query's words, folded, each once, in the order typed; at most
    MAX_QUERY_TERMS words of the first MAX_QUERY_CHARS characters."""
    seen: list[str] = []
    for term in terms_of(query[:MAX_QUERY_CHARS]):
        if term not in seen:
            seen.append(term)
    return seen[:MAX_QUERY_TERMS]


def quoted_query(query: str, limit: int = 60) -> str:
    """The query as the words it searches for, spelt as typed, for a message to quote:
    no sign of it is shown, so no markup either ("<b>fet</b> hälsa" → "b fet b hälsa" is
    what is searched, and says so)."""
    text = unicodedata.normalize("NFC", query[:MAX_QUERY_CHARS])
    words = " ".join(text[token.start:token.end] for token in tokenize(text))
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


@dataclass
class Index:
    """An inverted index over folded words: for each word, the documents holding it and
    how often. Built once per corpus (build_index) and only read afterwards, so it may
    be shared between sessions and threads."""

    lengths: list[int]
    weights: list[float]
    vocabulary: list[str]  # sorted, for prefix ranges
    postings: dict[str, tuple[tuple[int, int], ...]]  # word → ((document, count), ...)
    average_length: float
    # A prefix's matching documents, worked out once: typing "b", "be", "bes" … asks the
    # same short prefixes again and again. Read-mostly; a lost race only repeats work.
    _prefix_cache: dict[str, dict[int, float]] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.lengths)


def build_index(texts: Sequence[str], weights: Sequence[float] | None = None) -> Index:
    """The index of the texts, document i being texts[i]. weights: a factor per document
    on its score (default 1)."""
    weights = list(weights) if weights is not None else [1.0] * len(texts)
    if len(weights) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(weights)} weights")
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = []
    for document, text in enumerate(texts):
        counts: dict[str, int] = defaultdict(int)
        terms = terms_of(text)
        for term in terms:
            counts[term] += 1
        for term, count in counts.items():
            postings[term].append((document, count))
        lengths.append(len(terms))
    average = sum(lengths) / len(lengths) if lengths else 0.0
    return Index(lengths=lengths, weights=weights, vocabulary=sorted(postings),
                 postings={term: tuple(rows) for term, rows in postings.items()}, average_length=average or 1.0)


def _prefix_matches(index: Index, prefix: str) -> dict[int, float]:
    """document → how often it holds a word beginning with prefix (a whole-word match
    counting 1, a longer word PREFIX_WEIGHT)."""
    cached = index._prefix_cache.get(prefix)
    if cached is not None:
        return cached
    found: dict[int, float] = defaultdict(float)
    first = bisect.bisect_left(index.vocabulary, prefix)
    for term in index.vocabulary[first:]:
        if not term.startswith(prefix):
            break
        weight = 1.0 if term == prefix else PREFIX_WEIGHT
        for document, count in index.postings[term]:
            found[document] += count * weight
    found = dict(found)
    if len(index._prefix_cache) > 4096:  # bounded: a long session's every prefix
        index._prefix_cache.clear()
    index._prefix_cache[prefix] = found
    return found


@dataclass(frozen=True)
class Ranked:
    document: int
    score: float


def search(index: Index, terms: Sequence[str], allowed: Iterable[int] | None = None) -> list[Ranked]:
    """Every document holding all terms (as word beginnings), best first; equal scores
    in document order. terms: query_terms(query). allowed: only these documents (a
    period chosen, say); None for all."""
    if not terms or not index.size:
        return []
    matches = [_prefix_matches(index, term) for term in terms]
    # Intersect starting with the rarest term: the one-letter prefix of a long query
    # matches most documents and should be looked up, not walked.
    order = sorted(range(len(terms)), key=lambda i: len(matches[i]))
    candidates = set(matches[order[0]])
    for i in order[1:]:
        candidates.intersection_update(matches[i])
        if not candidates:
            return []
    if allowed is not None:
        candidates.intersection_update(allowed)
    total = index.size
    idf = [math.log(1 + (total - len(m) + 0.5) / (len(m) + 0.5)) for m in matches]
    ranked = []
    for document in candidates:
        norm = K1 * (1 - B + B * index.lengths[document] / index.average_length)
        score = 0.0
        for i, found in enumerate(matches):
            frequency = found[document]
            score += idf[i] * frequency * (K1 + 1) / (frequency + norm)
        ranked.append(Ranked(document, score * index.weights[document]))
    # Scores rounded so that float noise does not decide between equal documents.
    ranked.sort(key=lambda hit: (-round(hit.score, 9), hit.document))
    return ranked


def matched_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, query term) of every word of text that a query term begins, in text
    order; a word begun by several terms is given to the longest."""
    ordered = tuple(sorted(terms, key=len, reverse=True))
    spans = []
    for term, start, end in tokenize(text):
        if term.startswith(ordered):  # the common case, no match, in one call
            spans.append((start, end, next(t for t in ordered if term.startswith(t))))
    return spans


def _window(text: str, spans: Sequence[tuple[int, int, str]], width: int) -> tuple[int, int]:
    """The stretch of text, about width characters, that shows the most different query
    terms (the earliest such stretch), starting a little before its first match."""
    if len(text) <= width:
        return 0, len(text)
    best = (0, 0)
    lead = width // 5
    for i, (start, _, _) in enumerate(spans):
        shown = {term for s, e, term in spans[i:] if e <= start + width - lead}
        if len(shown) > best[0]:
            best = (len(shown), i)
    first = spans[best[1]][0] if spans else 0
    start = max(0, first - lead)
    end = min(len(text), start + width)
    start = max(0, end - width)
    # Cut at spaces, not inside words.
    if start > 0:
        space = text.find(" ", start, first if spans else start + lead)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, end - 30), end)
        end = space if space != -1 else end
    return start, end


def _plain(text: str) -> str:
    """A piece of text for one line of Markdown: whitespace (line breaks too) as one space,
    every sign that Markdown or Streamlit would read escaped."""
    return escape_markdown(re.sub(r"\s+", " ", text))


@dataclass(frozen=True)
class Snippet:
    markdown: str
    first_mark: int | None  # where in the text the first marked word starts; None: none shown


def snippet(text: str, terms: Sequence[str], width: int = SNIPPET_CHARS) -> Snippet:
    """Markdown for the part of text around the matched words, the matched words in bold,
    everything else escaped (never markup of the text's own); "…" where text is cut."""
    text = unicodedata.normalize("NFC", text)
    spans = matched_spans(text, terms)
    start, end = _window(text, spans, width)
    pieces = ["…" if start > 0 else ""]
    at, first_mark = start, None
    for span_start, span_end, _ in spans:
        if span_start < start or span_end > end:
            continue
        first_mark = span_start if first_mark is None else first_mark
        pieces.append(_plain(text[at:span_start]))
        pieces.append(f"**{_plain(text[span_start:span_end])}**")
        at = span_end
    pieces.append(_plain(text[at:end]))
    pieces.append("…" if end < len(text) else "")
    return Snippet("".join(pieces).strip(), first_mark)

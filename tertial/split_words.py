"""Words a narrow table column broke mid-word without a hyphen, joined again by vocabulary.

A word processor that prints a table with a narrow column breaks a word that does not
fit the column anywhere, without a hyphen: "Hemtjänst Öster" prints as "Hemtjäns" /
"t Öster", "Rehabiliteringsprocessen" as "Rehabiliteringsproces" / "sen". Nothing on the
page tells such a break from an ordinary wrap at a space (measured: the same distance
from the column's edge), so the words decide. At a line break inside a table cell where
the line before ends in a word A and the next begins with a word B, A and B are read as
one word AB when AB is a known word and A alone is not (case aside): "Hemtjäns" + "t"
is "Hemtjänst", while "för" / "att" and "in" / "till" stay apart, since "för" and "in"
are words of their own.

Known words come from three places:
- a Swedish word list from a maintained package: Debian's wswedish
  (/usr/share/dict/swedish, 121 000 inflected words; TERTIAL_WORD_LIST names another
  file), read once per process;
- Tertial's own words for statuses and grades (tertial.vocabulary);
- the organisation's own vocabulary: the words of the titles, units, areas and status
  words of its earlier reports in the database (queries/split_word_vocabulary.sql).
A word made of two known words, each at least three letters, optionally with a linking
s between them, is known too: the list has "hem" and "tjänst" but not "hemtjänst"; so is
a known word with a genitive s ("respektives").
Without the word list, the organisation's vocabulary and Tertial's words alone decide,
and a note says the list is missing.

The organisation is known only once the text is read (the import finds it in the text,
or the user names it), so joining is done in two steps: extraction (tertial.extract)
finds the breaks in table cells, joins what the word list knows and keeps the rest as
candidates (ExtractedText.split_words); the import (tertial.importing) joins the
candidates its organisation's vocabulary knows. Every join is a reading note of kind
'tolkning' on its line.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tertial.model import Note
from tertial.vocabulary import GRADES, NOT_GRADED, STATUSES

DEFAULT_WORD_LIST = Path("/usr/share/dict/swedish")
WORD_LIST_ENV = "TERTIAL_WORD_LIST"
# Each part of a compound word has at least this many letters ("hem" + "tjänst").
MIN_PART = 3
# A word broken over more lines than this is left as printed.
MAX_PIECES = 4

_LETTERS = re.compile(r"[^\W\d_]+")
_TRAILING_WORD = re.compile(r"([^\W\d_]+)$")
_LEADING_WORD = re.compile(r"([^\W\d_]+)")  # matched at a position: no ^

WORD_LIST_SOURCE = "ordlista"
ORGANISATION_SOURCE = "organisationens tidigare rapporter"
TERTIAL_SOURCE = "Tertials statusord"

MISSING_WORD_LIST_NOTE = (
    "Den svenska ordlistan ({path}, Debian-paketet wswedish) saknas: ord som en smal tabellkolumn bröt mitt i "
    "fogas ihop bara efter organisationens tidigare rapporter och Tertials statusord."
)


@dataclass(frozen=True)
class SplitWord:
    """A line break inside a table cell between a word A and a word B: the text has them
    as "A B", the space at (line, column)."""

    line: int  # 1-based line of the text
    column: int  # index in that line of the space that stands for the line break
    first: str  # A, as printed
    rest: str  # B, as printed


@dataclass(frozen=True)
class WordJoin:
    """The pieces of one word as a narrow column printed them, on lines of their own
    ("Hemtjäns" / "t", or "Personala" / "vdelninge" / "n"), read as the one word; and
    the source that knows the word."""

    line: int
    pieces: tuple[str, ...]
    source: str

    @property
    def word(self) -> str:
        return "".join(self.pieces)

    def message(self) -> str:
        return (f"»{' '.join(self.pieces)}« lästes som »{self.word}« "
                f"(ord brutet av en smal kolumn; {self.source})")


# -- known words -------------------------------------------------------------------------------


def word_list_path() -> Path:
    return Path(os.environ.get(WORD_LIST_ENV) or DEFAULT_WORD_LIST)


def word_list(path: Path | None = None) -> frozenset[str] | None:
    """The Swedish word list in lower case, or None where it is missing. Read once per
    path and process (60 ms for wswedish's 121 000 words)."""
    return _read_word_list(str(path or word_list_path()))


@lru_cache(maxsize=4)
def _read_word_list(path: str) -> frozenset[str] | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # wswedish is ISO-8859-1
    return frozenset(text.lower().split())


def words_of(texts: Iterable[str | None]) -> frozenset[str]:
    """The words (runs of letters) of texts, in lower case."""
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(word.lower() for word in _LETTERS.findall(text))
    return frozenset(found)


TERTIAL_WORDS = words_of((*STATUSES, *GRADES, NOT_GRADED))


class Lexicon:
    """Known words from several sources (each a set of lower-case words with its name)."""

    def __init__(self, *sources: tuple[str, frozenset[str] | set[str]]):
        self.sources = [(name, words) for name, words in sources if words]

    def listed(self, word: str) -> str | None:
        """The source that lists the word as it stands, or None."""
        word = word.lower()
        for name, words in self.sources:
            if word in words:
                return name
        return None

    def known(self, word: str) -> str | None:
        """Why a word is known: the source listing it, or the two known words it is made of
        ("hem + tjänst"), either with a genitive s ("respektives"); None for an unknown
        word."""
        found = self.listed(word) or self.compound(word)
        if found is None and len(word) > MIN_PART and word[-1] in "sS":
            stem = word[:-1].lower()
            if self.listed(stem):
                return f"{stem} + s"
            found = self.compound(stem)
            return found and f"{found} + s"
        return found

    def compound(self, word: str) -> str | None:
        """Two known words, each at least MIN_PART letters, optionally with a linking s:
        "hem + tjänst", "rehabilitering + s + processen"."""
        word = word.lower()
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if not self.listed(head):
                continue
            if self.listed(tail):
                return f"{head} + {tail}"
            if tail[0] == "s" and len(tail) > MIN_PART and self.listed(tail[1:]):
                return f"{head} + s + {tail[1:]}"
        return None


def base_lexicon(word_list_words: frozenset[str] | None) -> Lexicon:
    return Lexicon((WORD_LIST_SOURCE, word_list_words or frozenset()), (TERTIAL_SOURCE, TERTIAL_WORDS))


# -- the rule ----------------------------------------------------------------------------------


# The one-letter words of Swedish: a line that begins with one of these may be a word.
_ONE_LETTER_WORDS = {"i", "å", "ö"}


def join_reason(pieces: Sequence[str], lexicon: Lexicon) -> str | None:
    """Why the pieces a line break in a table cell parted (A, B, and any more pieces that
    are each a whole line of the cell) are one word, as the source that knows it; None
    where they are separate words.

    The word must be known and A alone not. The rest goes on in lower case, as the rest
    of a word does (or all is in capitals: "HEMTJÄNS" / "T"). Two cases where A is a
    word too are still one word: the rest is a lone letter that is no word of its own
    ("Genomför" / "t"), and A is known only as made of two words while a list or the
    organisation's reports have the whole ("Utbildningsport" / "alen").
    """
    first, rest = pieces[0], pieces[1:]
    if not first or not rest or not all(rest):
        return None
    if not all(piece[0].islower() or (first.isupper() and piece.isupper()) for piece in rest):
        return None
    whole = "".join(pieces)
    if lexicon.known(first):
        lone_letter = len(rest) == 1 and len(rest[0]) == 1 and rest[0].lower() not in _ONE_LETTER_WORDS
        compound_only = lexicon.listed(first) is None and lexicon.listed(whole) is not None
        if not ((lone_letter or compound_only) and lexicon.listed(whole)):
            return None
    reason = lexicon.known(whole)
    if reason is None:
        return None
    if reason in (WORD_LIST_SOURCE, ORGANISATION_SOURCE, TERTIAL_SOURCE):
        return reason
    return f"sammansatt av kända ord: {reason}"


def split_word_at(line: str, column: int) -> tuple[str, str] | None:
    """The words A and B around the space at line[column], or None where the space does
    not stand between two words (a digit, a sign or nothing on either side)."""
    if not 0 < column < len(line) - 1 or line[column] != " ":
        return None
    before = _TRAILING_WORD.search(line, 0, column)
    after = _LEADING_WORD.match(line, column + 1)
    if before is None or after is None:
        return None
    start, end = before.start(), after.end()
    if (start > 0 and line[start - 1].isdigit()) or (end < len(line) and line[end].isdigit()):
        return None
    return before.group(1), after.group(1)


def candidates(text: str, breaks: Iterable[tuple[int, int]]) -> list[SplitWord]:
    """The breaks (line, column of the space) that stand between two words."""
    lines = text.split("\n")
    found = []
    for line, column in sorted(set(breaks)):
        if 1 <= line <= len(lines):
            words = split_word_at(lines[line - 1], column)
            if words:
                found.append(SplitWord(line, column, *words))
    return found


def join_split_words(text: str, splits: list[SplitWord],
                     lexicon: Lexicon) -> tuple[str, list[WordJoin], list[SplitWord]]:
    """The text with the split words the lexicon knows joined; the joins, and the splits
    left (their columns moved for the joins before them on their line).

    A word broken over more than two lines ("Personala" / "vdelninge" / "n") is its
    pieces where each middle piece is a whole line of the cell: a break whose A and B
    are no word goes on with the next break right after B, up to MAX_PIECES pieces.
    """
    if not splits:
        return text, [], []
    lines = text.split("\n")
    joins: list[WordJoin] = []
    left: list[SplitWord] = []
    by_line: dict[int, list[SplitWord]] = {}
    for split in splits:
        by_line.setdefault(split.line, []).append(split)
    for number, on_line in by_line.items():
        line = lines[number - 1]
        ordered = sorted(on_line, key=lambda s: s.column)
        shift = 0  # spaces taken out of the line so far
        index = 0
        while index < len(ordered):
            column = ordered[index].column - shift
            words = split_word_at(line, column)
            index += 1
            if words is None:
                continue  # the text there is no longer as found
            pieces, columns = list(words), [column]
            reason = join_reason(pieces, lexicon)
            following = index
            while reason is None and following < len(ordered) and len(pieces) < MAX_PIECES:
                after = ordered[following].column - shift
                more = split_word_at(line, after)
                if after != columns[-1] + 1 + len(pieces[-1]) or more is None or more[0] != pieces[-1]:
                    break  # the last piece is not a whole line of the cell
                pieces.append(more[1])
                columns.append(after)
                following += 1
                reason = join_reason(pieces, lexicon)
            if reason is None:
                left.append(SplitWord(number, column, *words))
                continue
            for space in reversed(columns):
                line = line[:space] + line[space + 1:]
            shift += len(columns)
            index = following
            joins.append(WordJoin(number, tuple(pieces), reason))
        lines[number - 1] = line
    return "\n".join(lines), joins, left


def join_notes(joins: Iterable[WordJoin], text: str) -> list[Note]:
    """Each join as a reading note on its line."""
    lines = text.split("\n")
    return [Note(join.line, "tolkning", join.message(),
                 (lines[join.line - 1].strip() or None) if join.line <= len(lines) else None)
            for join in joins]


def add_join_notes(report, extracted) -> None:
    """The joins made in reading the extracted text, as notes of the report read from it,
    in line order with its other notes."""
    notes = join_notes(getattr(extracted, "word_joins", ()), extracted.text)
    if notes:
        report.notes.extend(notes)
        report.notes.sort(key=lambda note: note.line)


# -- the two steps -----------------------------------------------------------------------------


def join_with_word_list(text: str,
                        breaks: Iterable[tuple[int, int]]) -> tuple[str, list[WordJoin], list[SplitWord], list[str]]:
    """Extraction's step: the breaks in table cells (line, column) that stand between two
    words, those the word list (and Tertial's status words) join joined. Returns the text,
    the joins, the candidates left for the organisation's vocabulary, and notes."""
    splits = candidates(text, breaks)
    if not splits:
        return text, [], [], []
    words = word_list()
    notes = [] if words is not None else [MISSING_WORD_LIST_NOTE.format(path=word_list_path())]
    text, joins, left = join_split_words(text, splits, base_lexicon(words))
    return text, joins, left, notes


def organisation_vocabulary(con, organisation_id: int | None) -> frozenset[str]:
    """The words of an organisation's earlier reports: the titles of its goals and
    activities, its units and areas, its status words (as printed and decided)."""
    if organisation_id is None:
        return frozenset()
    from tertial.queries import run_query

    texts = run_query(con, "split_word_vocabulary", {"organisation_id": organisation_id})
    return words_of(texts.get_column("text").to_list()) if texts.height else frozenset()


def join_with_vocabulary(extracted, vocabulary: frozenset[str]):
    """The import's step: the extracted text with the candidates the organisation's
    vocabulary joins joined (a new ExtractedText; the given one is unchanged)."""
    if not extracted.split_words or not vocabulary:
        return extracted
    lexicon = Lexicon((WORD_LIST_SOURCE, word_list() or frozenset()), (TERTIAL_SOURCE, TERTIAL_WORDS),
                      (ORGANISATION_SOURCE, vocabulary))
    text, joins, left = join_split_words(extracted.text, extracted.split_words, lexicon)
    if not joins:
        return extracted
    return dataclasses.replace(extracted, text=text, split_words=left, word_joins=[*extracted.word_joins, *joins])

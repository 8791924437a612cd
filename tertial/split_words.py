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
s between them, is known too: the list has "hem" and "tjänst" but not "hemtjänst"; a
first word ending in -e drops it before the linking s ("samhälle" + "byggnad" is
"samhällsbyggnad"); the first of the two may itself be two known words where a linking s
marks the seam after them ("kompetens" + "försörjning" + s + "insatser"); so is a known
word with a genitive s ("respektives").
Where A is a word too, AB is still one word when B cannot stand as a word there (see
join_reason): a lone letter, a linking s with a word ("kompetensförsörjning" / "splan"),
or an ending that makes the last part of a compound A an inflected form
("kommunrepresentant" / "ers"), but never a function word ("personalrum" / "men").
Without the word list, the organisation's vocabulary and Tertial's words alone decide,
and a note says the list is missing.
Where the page shows more (SplitWord.full: A was its line's only word and filled the
cell to its edge, as a word broken for being wider than the cell does), a looser rule
joins too (full_line_reason): the whole made of known words one of which the break cuts
("medarbetarsamtalsmall" / "en": medarbetar(e) + samtals + mallen). The page alone never
decides: in the corpus's tables such full lines come before ordinary wraps as often
("Ansvarig" / "enhet").

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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tertial import spelling
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
DOCUMENT_SOURCE = "dokumentets egen text"
SPELLING_SOURCE = "stavningsordlistan"

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
    full: bool = False  # A was its line's one word and filled the cell to its edge (tertial.pdf_layout)


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
    """Known words from several sources (each a set of lower-case words with its name),
    and a Swedish speller (tertial.spelling), asked for only where the sources leave a
    break undecided: loading it takes a second and a half."""

    def __init__(self, *sources: tuple[str, frozenset[str] | set[str]],
                 speller: Callable[[], spelling.Speller | None] | None = None):
        self.sources = [(name, words) for name, words in sources if words]
        self._speller = speller

    def speller(self) -> spelling.Speller | None:
        return self._speller() if self._speller else None

    def ask_speller_about(self, lines: Iterable[Sequence[SplitWord]]) -> None:
        """Ask the speller, in one run, about every piece and every whole the rule may ask
        about (tertial.spelling: a run per question would cost a tenth of a second
        each): the pieces of each break the listed words leave open, and the words
        they make, over up to MAX_PIECES breaks in a row."""
        words: set[str] = set()
        for on_line in lines:
            ordered = sorted(on_line, key=lambda split: split.column)
            for start, split in enumerate(ordered):
                pieces, column = [split.first, split.rest], split.column
                for following in ordered[start + 1:]:
                    if len(pieces) >= MAX_PIECES or following.column != column + 1 + len(pieces[-1]):
                        break
                    pieces.append(following.rest)
                    column = following.column
                if all(self.listed(piece) or piece.lower() in _FUNCTION_WORDS for piece in pieces[:2]):
                    if not _before_a_linking_s(pieces[:2]):
                        continue
                words.update(pieces)
                words.update("".join(pieces[:end]) for end in range(2, len(pieces) + 1))
        if words and (speller := self.speller()) is not None:
            speller.check(words)

    def inflected(self, word: str) -> str | None:
        """A source that lists the word in a definite or plural form ("samskapanderåd"
        where the document prints "Samskapanderådet"): the source and the form."""
        low = word.lower()
        for ending in _INFLECTIONS:
            source = self.listed(low + ending)
            if source:
                return f"{source}: {low + ending}"
        return None

    def stands_alone(self, piece: str) -> bool:
        """Whether a piece may be a word of its own: listed, a function word, or (three
        letters or more) spelled right; the speller's one- and two-letter words are
        letters and abbreviations ("d", "et"), no words a line of a cell begins with."""
        low = piece.lower()
        if self.listed(low) or low in _FUNCTION_WORDS or low in _ONE_LETTER_WORDS:
            return True
        if len(low) <= 2:
            return False
        speller = self.speller()
        return speller is None or speller.accepts(piece)

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
        "hem + tjänst", "rehabilitering + s + processen", and a first word ending in -e
        that drops it before the linking s, as Swedish compounds do: "samhäll(e) + s +
        byggnad" (samhälle, samhällsbyggnad), "arbet(e) + s + plats"."""
        for start, head in self.compound_cuts(word):
            return f"{head} + {word[start:].lower()}"
        return None

    def compound_cuts(self, word: str, *, parts: int = 3) -> Iterable[tuple[int, str]]:
        """Each way the word is a compound of known words: where its last part begins,
        and its first part as the reason shows it ("hem", "utbildning + s", "samhäll(e) +
        s"); shortest first part first. The first part may itself be two known words
        joined by a linking s ("kompetens + försörjning + s" in
        "kompetensförsörjningsinsatser"), so up to three parts."""
        word = word.lower()
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            whole_tail = bool(self.listed(tail))
            linked = tail[0] == "s" and len(tail) > MIN_PART and bool(self.listed(tail[1:]))
            if not (whole_tail or linked):
                continue  # the last part is looked up first: it is rarely a word
            if self.listed(head):
                if whole_tail:
                    yield cut, head
                if linked:
                    yield cut + 1, f"{head} + s"
            elif linked and self.listed(head + "e"):
                yield cut + 1, f"{head}(e) + s"
            elif linked and parts > 2:
                # A compound before the linking s: only there, where Swedish marks the
                # seam, and only of two listed words.
                for start, first in self.compound_cuts(head, parts=2):
                    yield cut + 1, f"{first} + {head[start:]} + s"
                    break


def base_lexicon(word_list_words: frozenset[str] | None, document: frozenset[str] = frozenset(),
                 speller: Callable[[], spelling.Speller | None] | None = spelling.speller) -> Lexicon:
    return Lexicon((WORD_LIST_SOURCE, word_list_words or frozenset()), (TERTIAL_SOURCE, TERTIAL_WORDS),
                   (DOCUMENT_SOURCE, document), speller=speller)


def document_words(text: str, splits: Iterable[SplitWord]) -> frozenset[str]:
    """The words a document prints whole (lower case): every word of its text but the two
    at a line break in a cell, which may be a word's halves; where the piece before the
    break is a word of its own that no compound begins with ("i", "och", "för"), the
    line broke between words and the word after it is whole. A word a column broke in
    one place is often printed whole in another ("medarbetarsamtals" / "mallen" in a
    title, "medarbetarsamtalsmallen" in the comment beside it); the word list may not
    know it, the document does."""
    halves: dict[int, set[tuple[int, int]]] = {}  # line → (start, end) of the words left out
    for split in splits:
        parts = halves.setdefault(split.line, set())
        parts.add((split.column - len(split.first), split.column))
        if split.first.lower() not in _FUNCTION_WORDS and split.first.lower() not in _ONE_LETTER_WORDS:
            parts.add((split.column + 1, split.column + 1 + len(split.rest)))
    found: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        left_out = halves.get(number, set())
        found.update(match.group().lower() for match in _LETTERS.finditer(line) if match.span() not in left_out)
    return frozenset(found)


# -- the rule ----------------------------------------------------------------------------------


# Definite and plural endings: a word the document or the organisation prints only in
# such a form is known in its base form too.
_INFLECTIONS = ("en", "et", "n", "t", "na", "er", "ar", "or", "arna", "erna", "orna")
# The one-letter words of Swedish: a line that begins with one of these may be a word.
_ONE_LETTER_WORDS = {"i", "å", "ö"}
# Swedish function words (articles, pronouns, conjunctions, prepositions, auxiliaries and
# the commonest adverbs): they follow any noun in running text, so a line beginning with
# one is read as a word of its own even where the noun's last part with it spells an
# inflected form ("personalrum" / "men" is no "personalrummen", "hemtjänst" / "en" no
# "hemtjänsten"). Grammar, not any report's words.
_FUNCTION_WORDS = frozenset("""
    en ett den det de dem denna detta dessa jag du han hon vi ni er mig dig sig oss min din sin
    vår ert mitt ditt sitt sina mina dina våra era hans hennes dess deras man någon något några
    ingen inget inga alla allt varje vilken vilket vilka vem vad som och eller men samt att om när
    då så än eftersom medan fast utan både varken i på av för till från med vid under över efter
    före mot genom inom utom hos bland kring åt sedan sen mellan enligt per trots via ur inte ej
    ens också även nu här där redan bara ju väl nog mer mest ännu alltid aldrig ofta igen dock
    snart är var har hade ska skall skulle kan kunde får fick blir blev bli vara ha måste bör
    borde vill ville
""".split())


def join_reason(pieces: Sequence[str], lexicon: Lexicon) -> str | None:
    """Why the pieces a line break in a table cell parted (A, B, and any more pieces that
    are each a whole line of the cell) are one word, as the source that knows it; None
    where they are separate words.

    The word must be known and A alone not. The rest goes on in lower case, as the rest
    of a word does (or all is in capitals: "HEMTJÄNS" / "T"). Where A is a word too, the
    pieces are still one word when the rest cannot stand as a word of its own there:
    - a lone letter that is no word ("Genomför" / "t"), the whole listed;
    - A is known only as made of two words while a list or the organisation's reports
      have the whole ("Utbildningsport" / "alen");
    - the rest is a linking s and a known word, and no word itself
      ("kompetensförsörjning" / "splan": kompetensförsörjning + s + plan);
    - A is known only as made of two words, and its last part with the rest is a listed
      word, an inflected form of that part, while the rest is no function word that may
      follow a noun ("kommunrepresentant" / "ers": kommun + representanters; not
      "personalrum" / "men").
    """
    first, rest = pieces[0], pieces[1:]
    if not first or not rest or not all(rest):
        return None
    if not all(piece[0].islower() or (first.isupper() and piece.isupper()) for piece in rest):
        return None
    return _vocabulary_reason(pieces, lexicon) or _spelling_reason(pieces, lexicon)


def _vocabulary_reason(pieces: Sequence[str], lexicon: Lexicon) -> str | None:
    """join_reason by the listed words alone."""
    first, rest = pieces[0], pieces[1:]
    whole = "".join(pieces)
    if lexicon.known(first):
        return _word_and_more_reason(first, "".join(rest), whole, lexicon)
    reason = lexicon.known(whole)
    if reason is None:
        return lexicon.inflected(whole)
    if reason in (WORD_LIST_SOURCE, ORGANISATION_SOURCE, TERTIAL_SOURCE, DOCUMENT_SOURCE):
        return reason
    return f"sammansatt av kända ord: {reason}"


def _spelling_reason(pieces: Sequence[str], lexicon: Lexicon) -> str | None:
    """join_reason by the speller, where the listed words leave the break undecided:
    the whole is spelled right and one of the pieces cannot be a word of its own
    ("Kontaktmannas" / "kap", "Kommun" / "ikation", "friskvårdsbidrag" / "et"). Where
    both pieces may be words ("för" / "arbetet", "Enhetschefernas" / "roll") they stay
    apart, even though the speller spells most such pairs right as compounds too. A
    word broken over more lines begins with a piece that is no word: after a word
    ("egen" / "handlingspl" / "an") the line broke between words, and the next break
    is the word's own."""
    if all(lexicon.stands_alone(piece) for piece in pieces):
        if not _before_a_linking_s(pieces):
            return None
    elif len(pieces) > 2 and lexicon.stands_alone(pieces[0]):
        return None
    speller = lexicon.speller()
    if speller is None or not speller.accepts("".join(pieces)):
        return None
    return SPELLING_SOURCE


# Swedish nouns with these endings take a linking s in every compound
# ("marknadsföringsinsatser", "arbetsmarknadspolitiska", "kommunikationsplan").
_S_LINKED_ENDINGS = ("ing", "het", "else", "tion", "sion", "nad", "skap", "dom", "itet", "ism")


def _before_a_linking_s(pieces: Sequence[str]) -> bool:
    """Whether two words are a compound's halves parted at its linking s: the first such
    a noun with an s ("arbetsmarknads" / "politiska", "marknadsförings" / "insatser").
    Such a noun's genitive without an article before another word is rare in writing and
    a compound common: none of the bundled reports' spaces between words is one (the
    one pair that looks so, "Rekryterings" / "och", has a function word after it)."""
    if len(pieces) != 2:
        return False
    first, rest = pieces[0].lower(), pieces[1].lower()
    return (first.endswith("s") and first[:-1].endswith(_S_LINKED_ENDINGS)
            and rest not in _FUNCTION_WORDS and rest not in _ONE_LETTER_WORDS)


def _word_and_more_reason(first: str, rest: str, whole: str, lexicon: Lexicon) -> str | None:
    """join_reason where the first piece is a word itself: the cases where the rest cannot
    stand as a word of its own."""
    listed_whole = lexicon.listed(whole)
    lone_letter = len(rest) == 1 and rest.lower() not in _ONE_LETTER_WORDS
    compound_only = lexicon.listed(first) is None
    if listed_whole and (lone_letter or compound_only):
        return listed_whole
    low = rest.lower()
    if low[0] == "s" and len(low) > MIN_PART and lexicon.listed(low[1:]) and not lexicon.known(low):
        return f"sammansatt av kända ord: {first.lower()} + s + {low[1:]}"
    if compound_only and low not in _FUNCTION_WORDS and low not in _ONE_LETTER_WORDS:
        for start, head in lexicon.compound_cuts(first):
            last = first[start:].lower() + low
            if lexicon.listed(last):
                return f"sammansatt av kända ord: {head} + {last}"
    return None


def full_line_reason(pieces: Sequence[str], lexicon: Lexicon) -> str | None:
    """Why A / B are one word where the page shows A was its line's only word and filled
    the cell to its right edge (SplitWord.full): there a layout engine broke a word too
    wide for the cell, or wrapped before a word that did not fit, and the words decide
    which. A must be no listed word (a listed word that fills a line is as likely
    wrapped: "Ansvarig" / "enhet"), and the whole listed, or made of up to three known
    words (a linking s between them; one before another may drop its -e) of which one
    runs over the break, with at least FULL_LINE_HEAD letters of it on the line:
    "medarbetar(e) + samtals + mallen" from "medarbetarsamtalsmall" / "en". Where the
    words' seam is the break itself the pieces may be two words ("Kontaktmannas" /
    "kap" reads as "Enhetschefernas" / "roll" does), and they are left. Measured on
    the bundled reports: none of their 7 733 spaces between words passes this, while
    more than half of the places a column can break their long words do."""
    if len(pieces) != 2:
        return None
    first, rest = pieces
    if len(first) < MIN_PART or not rest or not (rest[0].islower() or (first.isupper() and rest.isupper())):
        return None
    if lexicon.listed(first):
        return None
    whole = first + rest
    listed = lexicon.listed(whole)
    if listed:
        return f"raden var full; {listed}"
    parts = _parts_over(whole.lower(), len(first), lexicon)
    return parts and f"raden var full; sammansatt av kända ord: {' + '.join(parts)}"


# Of the part a full line's break cuts, at least this many letters stand on the line: a
# short one ("mål" / "för", "en" / "är") is as likely a word's end before a new word.
FULL_LINE_HEAD = 4
_FULL_LINE_PARTS = 3


def _parts_over(word: str, cut: int, lexicon: Lexicon) -> list[str] | None:
    """The word as at most _FULL_LINE_PARTS known words of at least FULL_LINE_HEAD
    letters, with no seam at cut (see full_line_reason), fewest parts first; None where
    there is none. Dynamic programming over the word's ends: n² look-ups for n letters,
    done only at the breaks the page marks."""
    best: list[list[str] | None] = [None] * (len(word) + 1)  # best[i]: word[:i] as parts
    best[0] = []
    for end in range(FULL_LINE_HEAD, len(word) + 1):
        if end == cut:
            continue
        last = end == len(word)
        for start in range(0, end - FULL_LINE_HEAD + 1):
            before = best[start]
            if before is None or start == cut or (start < cut < end and cut - start < FULL_LINE_HEAD):
                continue
            part = word[start:end]
            if lexicon.listed(part):
                shown = part
            elif not last and lexicon.listed(part + "e"):
                shown = f"{part}(e)"  # "medarbetar(e)": a compound drops the -e
            else:
                continue
            found = [*before, shown]
            if len([p for p in found if p != "s"]) > _FULL_LINE_PARTS:
                continue
            if best[end] is None or len(found) < len(best[end]):
                best[end] = found
            if not last and end + 1 < len(word) and word[end] == "s" and cut not in (end, end + 1):
                linked = [*found, "s"]  # a linking s: the next part begins after it
                if best[end + 1] is None or len(linked) < len(best[end + 1]):
                    best[end + 1] = linked
    return best[len(word)]


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


def candidates(text: str, breaks: Iterable[tuple[int, int]],
               full: Iterable[tuple[int, int]] = ()) -> list[SplitWord]:
    """The breaks (line, column of the space) that stand between two words; those in full
    after a line one word filled (SplitWord.full)."""
    lines = text.split("\n")
    filled = set(full)
    found = []
    for line, column in sorted(set(breaks)):
        if 1 <= line <= len(lines):
            words = split_word_at(lines[line - 1], column)
            if words:
                found.append(SplitWord(line, column, *words, full=(line, column) in filled))
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
    lexicon.ask_speller_about(by_line.values())
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
            full = ordered[index - 1].full
            if reason is None and full:
                reason = full_line_reason(pieces, lexicon)
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
                left.append(SplitWord(number, column, *words, full=full))
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
    notes += getattr(extracted, "layout_notes", ())  # the layout reading's own (tertial.pdf_layout)
    if notes:
        report.notes.extend(notes)
        report.notes.sort(key=lambda note: note.line)


# -- the two steps -----------------------------------------------------------------------------


def join_with_word_list(text: str, breaks: Iterable[tuple[int, int]], full: Iterable[tuple[int, int]] = ()
                        ) -> tuple[str, list[WordJoin], list[SplitWord], list[str]]:
    """Extraction's step: the breaks in table cells (line, column) that stand between two
    words, those the word list (and Tertial's status words) join joined. Returns the text,
    the joins, the candidates left for the organisation's vocabulary, and notes."""
    splits = candidates(text, breaks, full)
    if not splits:
        return text, [], [], []
    words = word_list()
    notes = [] if words is not None else [MISSING_WORD_LIST_NOTE.format(path=word_list_path())]
    if not spelling.available():
        notes.append(spelling.MISSING_DICTIONARY_NOTE.format(path=spelling.dictionary_path()))
    text, joins, left = join_split_words(text, splits, base_lexicon(words, document_words(text, splits)))
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

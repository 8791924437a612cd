"""Words a narrow table column broke mid-word without a hyphen, joined by vocabulary
(tertial.split_words): the rule on hand-made fixtures, the rule over every space of the
bundled reports (none may be joined), Granåker's report printed from Word by LibreOffice,
an Ånge report whose broken unit only the organisation's earlier reports know (a real
DuckDB file), and reading without the word list."""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from documents import RAW, blocks_of, pdf_from_word, word_document
from documents import Heading as DocHeading
from documents import Paragraph as DocParagraph
from tertial import spelling
from tertial.extract import extract_text
from tertial.importing import plan_import
from tertial.split_words import (DOCUMENT_SOURCE, MISSING_WORD_LIST_NOTE, ORGANISATION_SOURCE, SPELLING_SOURCE,
                                 TERTIAL_SOURCE, WORD_LIST_ENV, WORD_LIST_SOURCE, Lexicon, base_lexicon, candidates, document_words,
                                 join_reason, join_split_words, split_word_at, word_list)

FIXTURES = Path(__file__).parent / "fixtures"
GRANAKER = FIXTURES / "municipalities" / "granaker_tertialuppfoljning.txt"

needs_word_list = pytest.mark.skipif(word_list() is None,
                                     reason="/usr/share/dict/swedish saknas (Debian-paketet wswedish; scripts/test.sh)")
needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                       reason="soffice saknas (Debian-paketet libreoffice-writer-nogui)")

# A small word list, as a fixture: the rule, not the package's words.
WORDS = frozenset("""hem tjänst rehabiliteringsprocessen processen process rehabilitering för att in till intill
öster sen och miljö personal avdelningen respektive regelverk mark""".split())


def lexicon(*more: tuple[str, frozenset[str]]) -> Lexicon:
    return Lexicon((WORD_LIST_SOURCE, WORDS), *more)


# -- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("pieces", "reason"), [
    (("Hemtjäns", "t"), "sammansatt av kända ord: hem + tjänst"),  # "hemtjänst" is no listed word
    (("Rehabiliteringsproces", "sen"), WORD_LIST_SOURCE),
    (("Personala", "vdelninge", "n"), "sammansatt av kända ord: personal + avdelningen"),
    (("HEMTJÄNS", "T"), "sammansatt av kända ord: hem + tjänst"),
    (("för", "att"), None),  # "för" is a word: an ordinary wrap
    (("in", "till"), None),  # "intill" is a word, but so is "in"
    (("Hemtjänst", "Öster"), None),
    (("Hemtjäns", "T"), None),  # the rest of a word goes on in lower case
    (("respektives", "regelverk"), None),  # a known word with a genitive s is a word
    (("Rehabiliteringsproces", "sent"), None),  # no known word
    (("Hemtjäns", ""), None),
])
def test_two_pieces_are_one_word_when_the_word_is_known_and_its_first_piece_is_not(pieces, reason):
    assert join_reason(pieces, lexicon()) == reason


@pytest.mark.parametrize(("pieces", "reason"), [
    # The first piece a word too, and still one word: a lone letter that is no word ...
    (("Genomför", "t"), WORD_LIST_SOURCE),
    (("Arbetet", "i"), None),  # "i" is a word
    # ... and a first piece known only as made of two words, while the whole is listed
    # or in the organisation's reports.
    (("Utbildningsport", "alen"), ORGANISATION_SOURCE),
    (("Hemtjänst", "en"), None),  # "hemtjänsten" is listed nowhere: two words
    (("Hem", "tjänst"), None),  # "hem" is listed itself: an ordinary wrap
])
def test_a_first_piece_that_is_a_word_too_is_joined_only_where_the_rest_cannot_be_a_word(pieces, reason):
    words = lexicon((WORD_LIST_SOURCE, frozenset({"genomför", "genomfört", "arbetet", "i", "utbildning", "port", "en"})),
                    (ORGANISATION_SOURCE, frozenset({"utbildningsportalen"})))
    assert join_reason(pieces, words) == reason


def test_a_word_of_two_known_words_each_of_three_letters_or_more_is_known():
    words = lexicon()
    assert words.known("hemtjänst") == "hem + tjänst"
    assert words.known("Rehabiliteringsprocess") == "rehabilitering + s + process"  # a linking s
    assert words.known("respektives") == "respektive + s"  # a genitive s
    assert words.known("markhem") == "mark + hem"
    assert Lexicon((WORD_LIST_SOURCE, frozenset({"av", "en", "sen"}))).known("avsen") is None  # "av": too short
    assert words.known("hemtjäns") is None
    assert words.known("till") == WORD_LIST_SOURCE


# Words of their own for the rules below, as the word list has them.
MORE = frozenset("""kompetens försörjning plan kommun representant representanter representanters ers
samhälle byggnad arbete plats personal rum rummen men hem tjänst tjänsten en splittra""".split())


@pytest.mark.parametrize(("word", "reason"), [
    ("samhällsbyggnad", "samhäll(e) + s + byggnad"),  # samhälle drops its -e before the s
    ("arbetsplats", "arbet(e) + s + plats"),
    ("samhällbyggnad", None),  # the -e goes only before a linking s
    ("samhällsb", None),
])
def test_a_first_word_ending_in_e_drops_it_before_a_linking_s(word, reason):
    assert Lexicon((WORD_LIST_SOURCE, MORE)).known(word) == reason


@pytest.mark.parametrize(("word", "reason"), [
    # A compound of two words before a linking s, and a word after it: three parts.
    ("kompetensförsörjningsinsatser", "kompetens + försörjning + s + insatser"),
    ("kompetensförsörjningsplan", "kompetens + försörjning + s + plan"),
    ("kompetensförsörjninginsatser", None),  # no linking s: no seam to read three parts at
    ("kompetensförsörjningsinsatsr", None),  # the last part no word
    ("kompetenskommunförsörjningsplan", None),  # no more than three parts
])
def test_a_compound_of_two_words_before_a_linking_s_is_a_first_part(word, reason):
    assert Lexicon((WORD_LIST_SOURCE, MORE | {"insatser"})).known(word) == reason


@pytest.mark.parametrize(("pieces", "reason"), [
    # Only "samhällsbyggnad" is a word: the first piece none.
    (("Samhällsb", "yggnad"), "sammansatt av kända ord: samhäll(e) + s + byggnad"),
    # The first piece is a word (kompetens + försörjning), the rest a linking s and a
    # word but no word itself.
    (("kompetensförsörjning", "splan"), "sammansatt av kända ord: kompetensförsörjning + s + plan"),
    (("kompetensförsörjning", "plan"), None),  # two words: "plan" is one
    (("kompetens", "splittra"), None),  # "splittra" is a word of its own
    # The first piece is a compound word only (kommun + representant), the rest makes its
    # last part a listed inflected form.
    (("kommunrepresentant", "ers"), "sammansatt av kända ord: kommun + representanters"),
    (("Kommunrepresentant", "er"), None),  # "representanter" is listed, but "er" is a pronoun
    (("personalrum", "men"), None),  # "rummen" is listed, but "men" is a conjunction
    (("Hemtjänst", "en"), None),  # "tjänsten" is listed, but "en" is an article
    (("kommun", "ers"), None),  # "kommun" is listed itself: an ordinary wrap
    (("kommunrepresentant", "erna"), None),  # "representanterna" is not listed
])
def test_a_rest_that_cannot_stand_as_a_word_joins_a_first_piece_that_is_a_word(pieces, reason):
    assert join_reason(pieces, Lexicon((WORD_LIST_SOURCE, MORE))) == reason


@needs_word_list
@pytest.mark.parametrize(("pieces", "joined"), [
    (("kompetensförsörjning", "splan"), True),
    (("kommunrepresentant", "ers"), True),
    (("Samhällsb", "yggnad"), True),
    (("utbildningsanor", "dnarna"), True),
    (("kompetensförsörjningsi", "nsatser"), True),  # kompetens + försörjning + s + insatser
    (("personalrum", "men"), False),
    (("Hemtjänst", "en"), False),
    (("Hemtjänst", "ens"), False),
    (("kommunrepresentant", "och"), False),
    (("arbetsmiljö", "och"), False),
    (("samhälls", "byggnad"), True),  # "samhälls" alone is no word
])
def test_the_new_rules_with_the_swedish_word_list(pieces, joined):
    assert bool(join_reason(pieces, base_lexicon(word_list()))) == joined


def test_the_organisations_words_make_a_join_the_word_list_does_not():
    assert join_reason(("Bobergsgymn", "asiet"), lexicon()) is None
    own = (ORGANISATION_SOURCE, frozenset({"bobergsgymnasiet"}))
    assert join_reason(("Bobergsgymn", "asiet"), lexicon(own)) == ORGANISATION_SOURCE
    # The organisation's words tell a word too: a unit named "Bobergs" is no piece.
    assert join_reason(("Bobergs", "gymnasiet"), lexicon((ORGANISATION_SOURCE, frozenset({"bobergs"})))) is None


def test_a_break_stands_between_two_words_or_is_no_candidate():
    line = "Plan 2023\tHemtjäns t Öster\t(Hemtjäns t)\t2023 mars\tmiljö- och\tanalys .\tx 12"
    breaks = [(1, m.start()) for m in re.finditer(" ", line)]
    found = candidates(line, breaks)
    assert [(s.first, s.rest) for s in found] == [("Hemtjäns", "t"), ("t", "Öster"), ("Hemtjäns", "t")]
    assert split_word_at("2023 mars", 4) is None  # a digit before
    assert split_word_at("miljö- och", 6) is None  # a hyphen: join_line_break's
    assert split_word_at("analys .", 6) is None
    assert split_word_at("x 12", 1) is None
    assert split_word_at("A1b c", 3) is None  # a digit in the word before


def test_joins_in_a_text_keep_their_lines_and_the_breaks_left_move_with_them():
    rows = ["Aktivitet\tAnsvar\tKommentar",
            "Rekrytera till Öster\tHemtjäns t Öster\tPersonala vdelninge n för att",
            "Skapa en utbildning\tRehabiliteringsproces sen\tin till"]
    text = "\n".join(rows) + "\n"
    breaks = [(number, m.start()) for number, row in enumerate(rows, start=1) for m in re.finditer(" ", row)]
    joined, joins, left = join_split_words(text, candidates(text, breaks), lexicon())
    assert joined.split("\n")[1:3] == ["Rekrytera till Öster\tHemtjänst Öster\tPersonalavdelningen för att",
                                       "Skapa en utbildning\tRehabiliteringsprocessen\tin till"]
    assert [(j.line, j.message()) for j in joins] == [
        (2, "»Hemtjäns t« lästes som »Hemtjänst« "
            "(ord brutet av en smal kolumn; sammansatt av kända ord: hem + tjänst)"),
        (2, "»Personala vdelninge n« lästes som »Personalavdelningen« "
            "(ord brutet av en smal kolumn; sammansatt av kända ord: personal + avdelningen)"),
        (3, "»Rehabiliteringsproces sen« lästes som »Rehabiliteringsprocessen« "
            "(ord brutet av en smal kolumn; ordlista)"),
    ]
    # Every break left still points at its two words in the joined text.
    lines = joined.split("\n")
    assert left and all(split_word_at(lines[s.line - 1], s.column) == (s.first, s.rest) for s in left)
    assert ("för", "att") in [(s.first, s.rest) for s in left] and ("in", "till") in [(s.first, s.rest) for s in left]
    # A second step with more words (the organisation's) joins what the first left, at
    # the places it left, also left of a join the first made.
    again, more, still = join_split_words(joined, left, lexicon((ORGANISATION_SOURCE, frozenset({"skapaen"}))))
    assert again.split("\n")[2] == "Skapaen utbildning\tRehabiliteringsprocessen\tin till"
    assert [(j.line, j.word, j.source) for j in more] == [(3, "Skapaen", ORGANISATION_SOURCE)]
    lines = again.split("\n")
    assert len(still) == len(left) - 1
    assert all(split_word_at(lines[s.line - 1], s.column) == (s.first, s.rest) for s in still)


# -- the rule on real text -----------------------------------------------------------------------


def _texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(RAW.glob("*.txt"))] + [
        path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "municipalities").glob("*.txt"))]


@needs_word_list
def test_no_space_between_two_words_of_the_bundled_reports_would_be_joined():
    """Every space between two words of the reports could be an ordinary wrap in a
    narrow column: none of them (7 700) may be read as a broken word."""
    words = base_lexicon(word_list())
    pairs = [pair for text in _texts() for line in text.split("\n")
             for pair in re.findall(r"(?=(?:^|[^\w])([^\W\d_]+) ([^\W\d_]+))", line)]
    assert len(pairs) > 7000
    assert [pair for pair in pairs if join_reason(pair, words)] == []


@needs_word_list
def test_the_documents_own_words_join_no_space_between_two_of_its_words():
    """The same with each report's own words as a source too: what it prints elsewhere
    (document_words leaves the two words at the break out)."""
    listed = word_list()
    joined = []
    for text in _texts():
        counts = Counter(word.lower() for word in re.findall(r"[^\W\d_]+", text))
        for line in text.split("\n"):
            for pair in re.findall(r"(?=(?:^|[^\w])([^\W\d_]+) ([^\W\d_]+))", line):
                here = Counter(word.lower() for word in pair)
                elsewhere = frozenset(word for word, count in counts.items() if count > here[word])
                lexicon = base_lexicon(listed, elsewhere)
                if join_reason(pair, lexicon):
                    joined.append(pair)
    assert joined == []


def test_a_word_the_document_prints_whole_elsewhere_is_joined_where_a_column_broke_it():
    # The comment's word comes right after a line break of its own cell, after "i": a
    # word of its own, so the line broke between words there and the word is whole.
    text = "Inarbete i medarbetarsamtals mallen\tPågående enligt plan\tin frågor i medarbetarsamtalsmallen.\n"
    at = len("Inarbete i medarbetarsamtals")
    splits = candidates(text, [(1, at), (1, text.index(" medarbetarsamtalsmallen."))])
    words = document_words(text, splits)
    assert "medarbetarsamtalsmallen" in words and not {"medarbetarsamtals", "mallen"} & words
    joined, joins, _ = join_split_words(text, splits, Lexicon((DOCUMENT_SOURCE, words)))
    assert joined == text.replace("medarbetarsamtals mallen", "medarbetarsamtalsmallen")
    assert [(j.line, j.word) for j in joins] == [(1, "medarbetarsamtalsmallen")]
    assert DOCUMENT_SOURCE in joins[0].source  # the note names the document as the word's source
    # A broken word copied into several rows (a merged cell) is printed whole nowhere.
    merged = "Kost\tHR och Kommunik ation\nPlan\tHR och Kommunik ation\n"
    merged_splits = candidates(merged, [(1, len("Kost\tHR och Kommunik")), (2, len("Plan\tHR och Kommunik"))])
    assert not {"kommunik", "ation"} & document_words(merged, merged_splits)
    # Printed nowhere else whole: left as it stands.
    alone = "Inarbete i medarbetarsamtals mallen\tPågående enligt plan\n"
    alone_splits = candidates(alone, [(1, at)])
    lexicon = Lexicon((DOCUMENT_SOURCE, document_words(alone, alone_splits)))
    kept, none, _ = join_split_words(alone, alone_splits, lexicon)
    assert kept == alone and none == []


@needs_word_list
def test_most_places_a_column_can_break_a_word_of_the_reports_are_joined():
    """The other side: the reports' words of six letters or more broken at every place.
    Where the first piece is a word itself ("kommun" / "en") the rule must leave it."""
    found = {word for text in _texts() for word in re.findall(r"[^\W\d_]{6,}", text)}
    breaks = [(word[:cut], word[cut:]) for word in found for cut in range(1, len(word))]
    lists_only = base_lexicon(word_list(), speller=None)
    by_lists = sum(1 for pieces in breaks if join_reason(pieces, lists_only))
    assert by_lists / len(breaks) > 0.6  # 69.2 % measured
    if spelling.available():
        speller = spelling.speller()
        speller.check({piece for pieces in breaks for piece in pieces} | found)  # one run
        lexicon = base_lexicon(word_list())
        with_speller = sum(1 for pieces in breaks if join_reason(pieces, lexicon))
        assert with_speller / len(breaks) > 0.8  # 88.5 % measured


@needs_word_list
def test_the_word_list_is_read_once_per_process():
    # Its reading time is the benchmark's (scripts/benchmark.py), not a test's.
    from tertial import split_words

    split_words._read_word_list.cache_clear()
    words = word_list()
    assert len(words) > 100_000 and {"tjänst", "processen", "rehabiliteringsprocessen"} <= words
    assert word_list() is words and split_words._read_word_list.cache_info().hits == 1


# -- the speller ---------------------------------------------------------------------------------


needs_speller = pytest.mark.skipif(not spelling.available(),
                                   reason="/usr/share/hunspell/sv_SE saknas (Debian-paketet hunspell-sv-se; scripts/test.sh)")


@needs_word_list
@needs_speller
@pytest.mark.parametrize(("pieces", "reason"), [
    # A piece that cannot be a word of its own, and a whole the speller spells right; no
    # list has these words.
    (("Kontaktmannas", "kap"), SPELLING_SOURCE),  # "kontaktmannas" is no word
    (("Kommun", "ikation"), SPELLING_SOURCE),  # "ikation" is none
    (("kärnverksam", "heterna"), SPELLING_SOURCE),
    (("föreläsningar", "na"), SPELLING_SOURCE),
    # A noun that takes a linking s in every compound, parted at it.
    (("arbetsmarknads", "politiska"), SPELLING_SOURCE),
    (("marknadsförings", "insatser"), SPELLING_SOURCE),
    # Two words each, which the speller would also spell right as one.
    (("Enhetschefernas", "roll"), None),  # a definite genitive
    (("för", "arbetet"), None),
    (("intern", "utbildning"), None),
    (("Rekryterings", "och"), None),  # a function word after the s
    (("Ånge", "kommun"), None),  # a name: the rest goes on in capitals or not at all
    (("Kommun", "ikatio"), None),  # spelled wrong whole
    # A word broken over three lines begins with a piece that is no word.
    (("egen", "handlingspl", "an"), None),
])
def test_the_speller_joins_where_a_piece_cannot_be_a_word(pieces, reason):
    assert join_reason(pieces, base_lexicon(word_list())) == reason


@needs_word_list
@needs_speller
def test_the_speller_joins_a_word_the_document_prints_as_its_first_piece_too():
    # Ånge's T2 2024 report has "kommunens friskvårdsbidrag" in a goal's title: the
    # document's words make "friskvårdsbidrag" a word, so the lists leave "et" to the
    # speller, which has "et" only as a form of "ed", no word a cell's line begins with.
    printed = base_lexicon(word_list(), frozenset({"friskvårdsbidrag"}))
    assert join_reason(("friskvårdsbidrag", "et"), printed) == SPELLING_SOURCE


@needs_word_list
@needs_speller
def test_the_speller_is_asked_only_about_breaks_the_lists_leave_undecided():
    asked = []
    lexicon = base_lexicon(word_list(), speller=lambda: asked.append(1) or spelling.speller())
    assert join_reason(("för", "arbetet"), lexicon) is None  # both listed
    assert join_reason(("Rehabiliteringsproces", "sen"), lexicon) == WORD_LIST_SOURCE
    assert asked == []
    assert join_reason(("Kommun", "ikation"), lexicon) == SPELLING_SOURCE and asked


class CountingSpeller(spelling.Speller):
    def __init__(self):
        super().__init__(spelling.speller()._command)
        self.runs: list[set[str]] = []

    def check(self, words):
        new = {form for word in words for form in (word, word.lower()) if form not in self._answers}
        if new:
            self.runs.append(new)
        super().check(words)


@needs_word_list
@needs_speller
def test_a_text_asks_the_speller_about_all_its_breaks_in_one_run():
    rows = ["Aktivitet\tAnsvarig enhet", "Genomföra två föreläsningar\tHR och Kommun ikation",
            "Skapa utbildning\tHR och Kommun ikation", "Öka nivån på friskvårdsbidrag et\tHR",
            "Utveckla Kontaktmannas kap i systemet\tStab", "Ta fram en plan för arbetet\tStab"]
    text = "\n".join(rows) + "\n"
    breaks = [(number, m.start()) for number, row in enumerate(rows, start=1) for m in re.finditer(" ", row)]
    counting = CountingSpeller()
    lexicon = base_lexicon(word_list(), frozenset({"friskvårdsbidrag"}), speller=lambda: counting)
    joined, joins, _ = join_split_words(text, candidates(text, breaks), lexicon)
    assert [j.word for j in joins] == ["Kommunikation", "Kommunikation", "friskvårdsbidraget", "Kontaktmannaskap"]
    assert len(counting.runs) == 1 and {"kommunikation", "kontaktmannaskap"} <= counting.runs[0]
    assert "för arbetet" in joined  # both listed: never asked about
    assert not {"förarbetet", "arbetet"} & counting.runs[0]


def test_a_speller_that_cannot_run_spells_nothing_right():
    for command in (["false"], ["/ingen/sådan/hunspell"]):
        speller = spelling.Speller(command)
        assert speller.accepts("kommunikation") is False
        lexicon = Lexicon((WORD_LIST_SOURCE, WORDS), speller=lambda: speller)
        assert join_reason(("Kommun", "ikation"), lexicon) is None


def test_a_word_the_document_prints_in_a_definite_form_is_known_in_its_base_form():
    document = (DOCUMENT_SOURCE, frozenset({"samskapanderådet"}))
    assert join_reason(("Samskapanderå", "d"), lexicon(document)) == f"{DOCUMENT_SOURCE}: samskapanderådet"
    assert join_reason(("Samskapander", "åd"), lexicon(document)) == f"{DOCUMENT_SOURCE}: samskapanderådet"
    assert join_reason(("Samskapanderå", "d"), lexicon()) is None


@needs_word_list
@needs_speller
def test_no_space_between_two_words_of_the_bundled_reports_would_be_joined_by_the_speller():
    """The speller spells most pairs of words right as one ("förarbetet", "internutbildning"):
    of the reports' 7 700 spaces between words, none may be read as a broken word."""
    words = base_lexicon(word_list())
    pairs = {pair for text in _texts() for line in text.split("\n")
             for pair in re.findall(r"(?=(?:^|[^\w])([^\W\d_]+) ([^\W\d_]+))", line)}
    speller = spelling.speller()
    speller.check({word for pair in pairs for word in (*pair, "".join(pair))})  # one run
    spelled_whole = [pair for pair in pairs if pair[1][0].islower() and speller.accepts("".join(pair))]
    assert len(spelled_whole) > 150  # the rule has something to refuse
    assert [pair for pair in spelled_whole if join_reason(pair, words)] == []


# -- documents ---------------------------------------------------------------------------------


@needs_word_list
@needs_libreoffice
def test_granakers_narrow_unit_column_printed_by_libreoffice_reads_its_words_whole(capsys, tmp_path):
    from tertial.cli import main

    data = pdf_from_word(word_document(GRANAKER.read_text(encoding="utf-8")))
    extracted = extract_text(data, "granaker.pdf")
    rows = [line.split("\t") for line in extracted.text.split("\n") if "\t" in line]
    units = [row[1] for row in rows if row[1].startswith(("Hem", "Mark"))]
    assert units == ["Hemtjänst Öster", "Mark och exploatering"]
    assert "Vänteläge" in [row[4] for row in rows]
    assert any("mark- och" in row[5] for row in rows)  # a printed hyphen stays
    joins = {join.word: join for join in extracted.word_joins}
    assert set(joins) >= {"Hemtjänst", "exploatering", "Vänteläge"}
    line = joins["Hemtjänst"].line
    assert "Hemtjänst Öster" in extracted.text.split("\n")[line - 1]
    assert joins["Vänteläge"].source == TERTIAL_SOURCE
    # `python -m tertial read` lists each join as a note on its line.
    path = tmp_path / "granaker.pdf"
    path.write_bytes(data)
    assert main(["read", str(path)]) == 0
    printed = capsys.readouterr().out
    assert (f"rad {line}: [tolkning] »Hemtjäns t« lästes som »Hemtjänst« (ord brutet av en smal kolumn; "
            "sammansatt av kända ord: hem + tjänst)") in printed


# Ånge's report of T3 2023 as a Word file with a narrow unit column: the school's name
# "Bobergsgymnasiet" (in no word list; in goal 2.1.2 of Ånge's T2 2023 report) breaks.
ANGE_T3 = """# Ånge kommun
## Tertialuppföljning 3 2023 – kommunstyrelsen

Uppföljningsperiod: 2023-09-01 – 2023-12-31

## Målområde 1: Utbildning

### KF-mål 1.1 Fler elever ska bli behöriga till gymnasiet

#### Nämndmål 1.1.1 Fler niondeklassare ska söka till gymnasiet i kommunen

**Bedömning:** Delvis uppfyllt

Söktrycket har ökat något.

Aktivitet	Ansvar	Start	Klart	Läge	Analys
Öppet hus för niondeklassare	Bobergsgymnasiet	2023-09-01	2023-11-30	Avslutad enligt plan	Genomfört i november.
Studiebesök hos företag	Personalavdelningen	2023-09-01	2023-12-31	Pågående enligt plan	
"""
ANGE_WIDTHS_CM = [5.0, 2.0, 2.2, 2.2, 2.6, 2.0]


def narrow_word_pdf(text: str, widths_cm: list[float]) -> bytes:
    """The report as a Word file whose tables have the given column widths, printed to
    PDF by LibreOffice (tests/documents.py's converter)."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    for block in blocks_of(text):
        if isinstance(block, DocHeading):
            document.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, DocParagraph):
            document.add_paragraph("\n".join(block.lines))
        else:
            table = document.add_table(rows=0, cols=len(widths_cm))
            table.style = "Table Grid"
            table.autofit = False
            for column, width in zip(table.columns, widths_cm):
                column.width = Cm(width)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, width, paragraphs in zip(cells, widths_cm, row):
                    cell.width = Cm(width)
                    cell.paragraphs[0].add_run(" ".join(paragraphs)).font.size = Pt(9)
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return pdf_from_word(buffer.getvalue())


@needs_word_list
@needs_libreoffice
def test_a_word_only_the_organisations_earlier_reports_know_is_joined_at_the_import(db):
    assert "bobergsgymnasiet" not in word_list()
    data = narrow_word_pdf(ANGE_T3, ANGE_WIDTHS_CM)
    # Extraction knows no organisation: the word list alone leaves the school's name broken.
    extracted = extract_text(data, "ange_t3.pdf")
    units = [line.split("\t")[1] for line in extracted.text.split("\n") if line.startswith("Öppet hus")]
    assert len(units) == 1 and units[0] != "Bobergsgymnasiet" and units[0].replace(" ", "") == "Bobergsgymnasiet"
    assert "Bobergsgymnasiet" in [split.first + split.rest for split in extracted.split_words]
    # The import finds Ånge in the text; Ånge's T2 2023 report, in the database, has the word.
    plan = plan_import(data, "ange_t3.pdf", db_path=db)
    assert plan.organisation == "Ånge kommun"
    by_title = {activity.title: activity for activity in plan.report.activities}
    assert by_title["Öppet hus för niondeklassare"].responsible_unit == "Bobergsgymnasiet"
    assert by_title["Studiebesök hos företag"].responsible_unit == "Personalavdelningen"  # the word list's
    notes = [note for note in plan.report.notes if note.kind == "tolkning" and "smal kolumn" in note.message]
    school = [note for note in notes if "»Bobergsgymnasiet«" in note.message]
    assert len(school) == 1 and school[0].message.endswith("(ord brutet av en smal kolumn; "
                                                           "organisationens tidigare rapporter)")
    assert "Bobergsgymnasiet" in school[0].line_text
    # Another municipality's report, new to the database, has no earlier reports: the
    # name stays as printed.
    other = plan_import(narrow_word_pdf(ANGE_T3.replace("Ånge kommun", "Nyby kommun"), ANGE_WIDTHS_CM), "nyby_t3.pdf",
                        db_path=db)
    assert other.new_organisation == "Nyby kommun"
    assert {a.title: a for a in other.report.activities}["Öppet hus för niondeklassare"].responsible_unit == units[0]


@needs_libreoffice
def test_without_the_word_list_the_organisations_words_join_and_a_note_says_the_list_is_missing(db, tmp_path,
                                                                                              monkeypatch):
    missing = tmp_path / "swedish"
    monkeypatch.setenv(WORD_LIST_ENV, str(missing))
    monkeypatch.setenv(spelling.DICTIONARY_ENV, str(tmp_path / "sv_SE"))
    assert word_list() is None and spelling.speller() is None
    granaker = extract_text(pdf_from_word(word_document(GRANAKER.read_text(encoding="utf-8"))), "granaker.pdf")
    assert MISSING_WORD_LIST_NOTE.format(path=missing) in granaker.notes
    assert spelling.MISSING_DICTIONARY_NOTE.format(path=tmp_path / "sv_SE") in granaker.notes
    assert "Mark och exploater ing" in granaker.text  # only the list knows "exploatering"
    assert "\tVänteläge\t" in granaker.text  # Tertial's own status words still join
    plan = plan_import(narrow_word_pdf(ANGE_T3, ANGE_WIDTHS_CM), "ange_t3.pdf", db_path=db)
    assert MISSING_WORD_LIST_NOTE.format(path=missing) in plan.notes
    assert {a.title: a for a in plan.report.activities}["Öppet hus för niondeklassare"].responsible_unit == \
        "Bobergsgymnasiet"


def test_a_text_file_has_no_breaks_to_join():
    extracted = extract_text(GRANAKER.read_bytes(), GRANAKER.name)
    assert extracted.split_words == [] and extracted.word_joins == []


@needs_word_list
@needs_libreoffice
def test_a_report_brought_back_by_undo_reads_its_words_as_it_was_loaded(db):
    """A replaced report comes back by reading its file again: the organisation's words
    join what they joined when it was loaded, and the notes say so again."""
    from dbfiles import rows
    from tertial.importing import commit_import, undo

    loaded = commit_import(plan_import(narrow_word_pdf(ANGE_T3, ANGE_WIDTHS_CM), "ange_t3.pdf", db_path=db),
                           actor="anna", db_path=db)
    unit = "SELECT responsible_unit FROM activity_reports JOIN activities USING (activity_id) " \
           "WHERE report_id = ? AND title = 'Öppet hus för niondeklassare'"
    note = "SELECT count(*) FROM reading_notes WHERE report_id = ? AND message LIKE '%»Bobergsgymnasiet«%'"
    assert rows(db, unit, loaded.report_id) == [("Bobergsgymnasiet",)]
    assert rows(db, note, loaded.report_id) == [(1,)]
    corrected = ANGE_T3.replace("2023-11-30\tAvslutad enligt plan", "2023-11-30\tAvslutad med avvikelse")
    plan = plan_import(corrected.encode("utf-8"), "ange_t3.txt", db_path=db)
    assert plan.replaces and plan.replaces["file_name"] == "ange_t3.pdf"
    replaced = commit_import(plan, actor="bertil", db_path=db, confirm_replace=True)
    restored = undo(replaced.audit_id, actor="cecilia", db_path=db).report_id
    assert rows(db, unit, restored) == [("Bobergsgymnasiet",)]
    assert rows(db, note, restored) == [(1,)]

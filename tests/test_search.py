"""Sök: folding and tokens, the index and its ranking, snippets, the documents of the
bundled reports with the files and lines a person finds the words on, every hit's link,
the page through AppTest, and hostile queries. No timings here: scripts/benchmark_search.py
measures, and runs once at a tiny count at the end of this file.

Where a test names a line, it is the line of the file in data/raw/ as an editor shows it
(1-based), which is how the reader numbers them."""

import io
import re
import sys
from contextlib import redirect_stdout
from urllib.parse import parse_qs, urlsplit

import pytest

from tertial import PROJECT_ROOT, RAW_DIR, search
from tertial.queries import run_query
from tertial.report_view import (
    LinkedLine, linked_line, parse_line_param, parse_report_param, report_link, report_lines, report_params,
    section_of_line,
)
from tertial.search_documents import (
    build_corpus, hit_heading, hit_link, hits_sentence, link_label, run_search,
)

T1_2023 = "000_4224aef9546bb394.txt"
T2_2023 = "001_2318b0fccc3d977e.txt"
T1_2024 = "002_b08c0454ff5f1aaf.txt"
T3_2024 = "003_4e7665d6ff629a7e.txt"
UNIT_2023 = "004_e1862fdd44dda98a.txt"


def raw_line(file_name: str, line: int) -> str:
    return (RAW_DIR / file_name).read_text(encoding="utf-8").split("\n")[line - 1]


# --- folding and tokens ------------------------------------------------------------------


def test_folding_drops_case_and_accents_as_a_keyboard_without_swedish_letters_writes_them():
    assert search.fold("ÖVERTURINGEN") == search.fold("Överturingen") == search.fold("overturingen") == "overturingen"
    assert search.fold("Hållbar hälsa") == "hallbar halsa"
    assert search.fold("kvalitén Kvalitén") == "kvaliten kvaliten"
    assert search.fold("Ærø Straße Łódź") == "aero strasse lodz"
    # A decomposed ö (o + combining diaeresis), as some keyboards and file systems send it.
    assert search.fold("fo\u0308rsenad") == "forsenad"


def test_tokens_are_folded_words_with_their_places_in_the_text():
    text = "Åk.9 – e-avrop 2023-05-17: \"Samskapa framtiden\" (SKUA)_x"
    tokens = search.tokenize(text)
    assert [t.term for t in tokens] == ["ak", "9", "e", "avrop", "2023", "05", "17", "samskapa", "framtiden", "skua", "x"]
    assert [text[t.start:t.end] for t in tokens][:4] == ["Åk", "9", "e", "avrop"]
    # A decomposed letter does not split its word: the text is read composed.
    assert search.terms_of("fo\u0308rsenad") == ["forsenad"]


def test_a_query_is_its_words_once_each_without_quotes_or_signs_and_bounded():
    assert search.query_terms('"Hållbar hälsa" hållbar') == ["hallbar", "halsa"]
    assert search.query_terms("'; DROP TABLE goals; --") == ["drop", "table", "goals"]
    assert search.query_terms("**  <>  --") == []
    assert search.query_terms(" ".join(f"ord{i}" for i in range(30))) == [f"ord{i}" for i in range(12)]
    assert search.query_terms("x" * 1000) == ["x" * search.MAX_QUERY_CHARS]
    assert search.quoted_query("<b>Fet</b> **hälsa** [x](y)") == "b Fet b hälsa x y"
    assert search.quoted_query("ord " * 40).endswith("…") and len(search.quoted_query("ord " * 40)) == 60


# --- the index -----------------------------------------------------------------------------


TEXTS = [
    "Hälsans betydelse",                          # 0: a longer word than "hälsa"
    "Hållbar hälsa",                              # 1: both words, whole
    "Hållbar vardag och god hälsa för alla",      # 2: both words, longer text
    "Hållbar natur",                              # 3: one word only
    "Hållbar hälsa",                              # 4: the same as 1
    "Hälsa betydelse",                            # 5: as 0, with the whole word
]


def test_every_word_must_begin_a_word_of_the_text():
    index = search.build_index(TEXTS)
    assert {hit.document for hit in search.search(index, ["hallbar", "halsa"])} == {1, 2, 4}
    assert {hit.document for hit in search.search(index, ["hals"])} == {0, 1, 2, 4, 5}  # "hälsans" begins with it
    assert search.search(index, ["alsa"]) == []  # inside a word is no match
    assert search.search(index, ["hallbar", "skog"]) == []
    assert search.search(index, []) == []


def test_ranking_prefers_whole_words_short_texts_and_weight_and_keeps_order_on_ties():
    index = search.build_index(TEXTS)
    ranked = [hit.document for hit in search.search(index, ["halsa"])]
    # The whole word in a two-word text first (1, 4 and 5 score alike and keep document
    # order), then "hälsans" in a two-word text (0), then "hälsa" among seven words (2).
    assert ranked == [1, 4, 5, 0, 2]
    weighted = search.build_index(TEXTS, [1, 1, 1, 1, 3, 1])
    assert [hit.document for hit in search.search(weighted, ["halsa"])][0] == 4
    assert [hit.document for hit in search.search(index, ["halsa"], allowed={0, 2})] == [0, 2]


def test_a_snippet_marks_the_matched_words_and_escapes_everything_else():
    text = "Se *viktigt* <b>försenad</b> [länk](javascript:x) $5 # rubrik_ett\n\nny rad"
    shown = search.snippet(text, search.query_terms("FORSENAD rubrik"))
    assert shown.markdown == (
        r"Se \*viktigt\* \<b\>**försenad**\</b\> \[länk\]\(javascript:x\) \$5 \# **rubrik**\_ett ny rad"
    )
    assert shown.first_mark == text.index("försenad")
    # Outside the bold marks, no Markdown sign is left unescaped.
    assert not re.search(r"(?<!\\)[*_\[\]<>$#`]", shown.markdown.replace("**", ""))


def test_a_long_text_is_cut_around_the_best_stretch_with_ellipses():
    text = "början " * 60 + "mitten hållbar hälsa här " + "slutet " * 60
    shown = search.snippet(text, ["halsa", "hallbar"])
    assert shown.markdown.startswith("…") and shown.markdown.endswith("…")
    assert "**hållbar** **hälsa**" in shown.markdown
    assert len(shown.markdown) < search.SNIPPET_CHARS + 40


# --- the bundled reports ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(bundled_db):
    from tertial.db import connect

    con = connect(bundled_db, read_only=True)
    try:
        params = {"organisation": "Ånge kommun"}
        return build_corpus(run_query(con, "search_corpus", params), run_query(con, "search_report_files", params))
    finally:
        con.close()


def found(corpus, query, period=None):
    """(kind, file, line) of every hit, best first."""
    return [(hit.document.kind, hit.document.report_file, hit.line) for hit in run_search(corpus, query, period).hits]


def test_the_corpus_holds_every_kind_of_text_of_the_organisation(corpus):
    kinds = {kind: sum(d.kind == kind for d in corpus.documents) for kind in ("Mål", "Analys", "Aktivitet", "Kommentar")}
    # Goals once each (56), analyses per report (37 of 71 goal rows have one), activities
    # once per goal (91 rows, none of them under one goal in two reports).
    assert kinds == {"Mål": 56, "Analys": 37, "Aktivitet": 91, "Kommentar": 68}
    report_text = {d.report_file for d in corpus.documents if d.kind == "Rapporttext"}
    assert report_text == {T1_2023, T2_2023, T1_2024, T3_2024, UNIT_2023}
    assert corpus.periods == ("2024-T3", "2024-T1", "2023-T2", "2023-T1")


@pytest.mark.parametrize("query", ["försenad", "forsenad", "FÖRSENAD", "Forsenad", "fo\u0308rsenad"])
def test_forsenad_in_any_case_and_spelling_finds_the_two_places_the_reports_say_it(corpus, query):
    # 001 rad 50: Övningskolor/förskolor … "Starten för västra förskoleområdet försenad."
    # 003 rad 46: "… faktorer som resursbrist, försenade processer och sjukfrånvaro."
    assert "försenad." in raw_line(T2_2023, 50) and "försenade processer" in raw_line(T3_2024, 46)
    assert found(corpus, query) == [("Kommentar", T2_2023, 50), ("Rapporttext", T3_2024, 46)]


@pytest.mark.parametrize("query", ["ÖVERTURINGEN", "overturingen", "Överturingen", "överturingen"])
def test_overturingen_finds_the_activity_title_above_its_comment(corpus, query):
    # 002 rad 466: the activity "Öppna ny badplats i Överturingen" under 1.9; rad 473 its
    # description "Öppna 1 ny badplats i Överturingen om vattenkvalitén är godkänd."
    assert raw_line(T1_2024, 466).strip() == "Öppna ny badplats i Överturingen"
    assert raw_line(T1_2024, 473).startswith("Öppna 1 ny badplats i Överturingen om vattenkvalitén")
    result = run_search(corpus, query)
    assert [(h.document.kind, h.document.goal_code, h.document.period) for h in result.hits] == [
        ("Aktivitet", "1.9", "2024-T1"), ("Kommentar", "1.9", "2024-T1")]
    assert result.hits[0].score > result.hits[1].score  # a title hit ranks above a comment hit


@pytest.mark.parametrize("query", ["hallbar halsa", "Hållbar hälsa", "HÅLLBAR HÄLSA", "hallbar hälsa"])
def test_hallbar_halsa_finds_the_report_text_newest_first(corpus, query):
    # 003 rad 69 "Fokusområde Hållbar hälsa" and rad 70 "Ärendet har ingen bärighet på hållbar
    # hälsa." (2024-T3); 000 rad 45 "1.2 Fokusområde Hållbar hälsa" (2023-T1); 004 rad 33, a
    # paragraph that began on rad 26 and goes on after a page break: "… fokusområden; Hållbar
    # vardag, Hållbar hälsa, …" (2023-T1).
    assert "Hållbar hälsa" in raw_line(T3_2024, 69) and "hållbar hälsa" in raw_line(T3_2024, 70)
    assert "Hållbar hälsa" in raw_line(T1_2023, 45) and "Hållbar hälsa" in raw_line(UNIT_2023, 33)
    assert found(corpus, query) == [
        ("Rapporttext", T3_2024, 69), ("Rapporttext", T3_2024, 70),
        ("Rapporttext", T1_2023, 45), ("Rapporttext", UNIT_2023, 33),
    ]
    # The same heading in 2024-T3 ranks above 2023-T1's: the newest period's boost.
    scores = {hit.line: hit.score for hit in run_search(corpus, query).hits}
    assert scores[69] > scores[45]


def test_the_querys_own_swedish_letters_match_plain_ones_in_the_text(corpus):
    # 002 rad 452: "Öppna ny badplats i Alby"; 000 rad 38: "… ett sommarcafé …".
    assert found(corpus, "Ålby") == found(corpus, "alby") != []
    assert ("Aktivitet", T1_2024, 452) in found(corpus, "Ålby")
    assert found(corpus, "sommarcafe") == found(corpus, "sommarcafé") == [("Analys", T1_2023, 32)]


def test_a_word_finds_longer_words_it_begins(corpus):
    # 001 rad 315 (KF 2.15 "… prioriterade besöksmål"), rad 317 (KS 2.15.1 "… välvårdade
    # besöksmål"), rad 324 (the activity "… upprusta besöksmål") and 000 rad 37, the analysis
    # of KF 1.1.3 ("På de prioriterade besöksmålen …", read with its goal's grade line, 32).
    assert "besöksmålen" in raw_line(T1_2023, 37)
    hits = run_search(corpus, "besöksm").hits
    assert [(h.document.kind, h.document.goal_code, h.line) for h in hits] == [
        ("Mål", "2.15.1", 317), ("Aktivitet", "2.15.1", 324), ("Mål", "2.15", 315), ("Analys", "1.1.3", 32)]
    assert "**besöksmålen**" in hits[-1].snippet
    assert {h.document.goal_code for h in run_search(corpus, "besöksmål").hits} == {"2.15.1", "2.15", "1.1.3"}
    assert run_search(corpus, "öksmål").total == 0  # the inside of a word is no beginning


def test_several_words_must_all_be_in_one_text(corpus):
    # 002: two activities "Öppna ny badplats i Alby" (rad 452) and "… i Överturingen" (rad
    # 466); only their descriptions say "vattenkvalitén" too.
    assert found(corpus, "badplats") == [
        ("Aktivitet", T1_2024, 452), ("Aktivitet", T1_2024, 466),  # equal scores: the report's order
        ("Kommentar", T1_2024, 466), ("Kommentar", T1_2024, 452)]
    assert found(corpus, "badplats vattenkvalitén") == [("Kommentar", T1_2024, 466), ("Kommentar", T1_2024, 452)]
    assert found(corpus, "vattenkvalitén badplats") == found(corpus, "badplats vattenkvalitén")
    assert found(corpus, "badplats Getberget") == []


def test_a_title_ranks_above_the_same_word_in_a_comment(corpus):
    # 002: KS goal 1.3 "… hälsofrämjande arbetsplatser." (rad 112), its activity "… som
    # hälsofrämjande miljö …" (rad 190) and that activity's comment.
    hits = run_search(corpus, "hälsofrämjande").hits
    assert [(h.document.kind, h.document.goal_code) for h in hits] == [
        ("Mål", "1.3"), ("Aktivitet", "1.3"), ("Kommentar", "1.3")]


def test_a_period_keeps_to_its_documents(corpus):
    assert found(corpus, "hallbar halsa", period="2023-T1") == [
        ("Rapporttext", T1_2023, 45), ("Rapporttext", UNIT_2023, 33)]
    assert found(corpus, "hallbar halsa", period="2023-T2") == []


def test_a_report_text_hit_names_the_line_its_word_stands_on(corpus):
    # 003's paragraph "Flera aktiviteter …" begins on rad 45; "sjukfrånvaro" is on rad 46 and
    # "föreningssamarbete" on rad 49. 004's paragraph from rad 26 reaches "Kordelia" on rad 33,
    # after the page header the reader skipped (rad 29–31).
    assert "Kordelia" in raw_line(UNIT_2023, 33) and "föreningssamarbete" in raw_line(T3_2024, 49)
    assert found(corpus, "föreningssamarbete") == [("Rapporttext", T3_2024, 49)]
    assert found(corpus, "Kordelia") == [("Rapporttext", UNIT_2023, 33)]


def test_hits_read_with_kind_period_goal_and_escaped_text(corpus):
    result = run_search(corpus, "Överturingen")
    activity, comment = result.hits
    assert hit_heading(activity) == (
        r"**Aktivitet** · 2024\-T1 · mål 1\.9 Utveckla 3 nya platser för utomhusaktiviteter\.")
    assert hit_heading(comment).startswith(r"**Kommentar** · 2024\-T1 · aktiviteten Öppna ny badplats i Överturingen")
    assert activity.snippet == "Öppna ny badplats i **Överturingen**"
    text_hit = run_search(corpus, "Kordelia").hits[0]
    assert hit_heading(text_hit).startswith(r"**Rapporttext** · 2023\-T1 · 004\_e1862fdd44dda98a\.txt, rad 33 · avsnittet 3 ")
    assert link_label(text_hit) == "Öppna rapporten på rad 33"
    assert hits_sentence(result, "Överturingen") == "2 träffar för »Överturingen«."
    assert hits_sentence(run_search(corpus, "a", limit=50), "a").endswith("De 50 bästa visas.")


def test_every_hit_links_to_its_goal_or_report_line(corpus, bundled_db):
    import duckdb

    with duckdb.connect(str(bundled_db), read_only=True) as con:
        keys = dict(con.execute("SELECT g.title, k.goal_key FROM goal_keys k JOIN goals g USING (goal_id)").fetchall())
    activity, comment = run_search(corpus, "Överturingen").hits
    goal_1_9 = keys["Utveckla 3 nya platser för utomhusaktiviteter."]
    assert hit_link(activity) == hit_link(comment) == f"mal?mal={goal_1_9}&period=2024-T1"
    assert hit_link(activity, "Ånge kommun") == f"mal?mal={goal_1_9}&period=2024-T1&organisation=%C3%85nge+kommun"
    [text_hit] = run_search(corpus, "Kordelia").hits
    assert hit_link(text_hit) == f"rapporter?rapport={UNIT_2023}&rad=33#rad-33"
    for query in ("a", "hallbar halsa", "besöksm", "försenad"):
        for hit in run_search(corpus, query).hits:
            link = hit_link(hit)
            assert link.startswith("mal?mal=" if hit.document.kind != "Rapporttext" else "rapporter?rapport=")


# --- the report page's link --------------------------------------------------------------------


def test_a_report_link_names_the_file_and_line_and_hostile_values_are_noticed():
    assert report_link("a b.pdf", 7, "Storvik kommun") == "rapporter?rapport=a+b.pdf&rad=7&organisation=Storvik+kommun#rad-7"
    assert report_link("x.txt") == "rapporter?rapport=x.txt"
    files = [T1_2023, UNIT_2023]
    assert parse_report_param([UNIT_2023.upper()], files) == (UNIT_2023, None)
    assert parse_report_param(None, files) == (None, None)
    file, notice = parse_report_param(["<script>x</script>.txt"], files)
    assert file is None and "<" not in notice and "finns inte" in notice
    assert parse_line_param(["46"], 83) == (46, None)
    for hostile in ("0", "84", "-1", "4e1", "٤٦", "46; DROP", "<b>"):
        line, notice = parse_line_param([hostile], 83)
        assert line is None and "har 83 rader" in notice and "<" not in notice
    assert report_params(T1_2023, T1_2023, None) == {}
    assert report_params(T1_2023, T1_2023, 5) == {"rapport": T1_2023, "rad": "5"}
    assert section_of_line([1, 6, 13, 18, 53], 46) == 3 and section_of_line([5, 13], 2) is None


def test_a_stored_report_is_numbered_as_the_reader_numbered_it(bundled_db):
    import duckdb

    with duckdb.connect(str(bundled_db), read_only=True) as con:
        [(name, content)] = con.execute("SELECT file_name, content FROM report_files WHERE file_name = ?",
                                        [T3_2024]).fetchall()
    lines = report_lines(name, bytes(content))
    assert lines[46 - 1] == raw_line(T3_2024, 46)
    assert linked_line(lines, 46) == LinkedLine(46, tuple((n, raw_line(T3_2024, n)) for n in range(44, 49)))
    assert linked_line(lines, 1).context[0][0] == 1 and linked_line(lines, len(lines)).context[-1][0] == len(lines)


def test_a_linked_table_row_with_cell_paragraphs_reads_as_text_not_markup():
    # A Word cell of two paragraphs comes as <p>…</p> in the text (as the text export
    # writes it); the line shown under a link reads as the document does.
    lines = ["Aktivitet\tStatus", "<p>Genomföra temadagar</p><p>HR &amp; Kommunikation</p>\tPågående enligt plan"]
    assert linked_line(lines, 2).text == "Genomföra temadagar / HR & Kommunikation\tPågående enligt plan"
    assert linked_line(lines, 1).text == "Aktivitet\tStatus"


# --- the pages ----------------------------------------------------------------------------------


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def search_page(app, query: str | None = None):
    at = app.run()
    at.switch_page("pages/search.py")
    if query is not None:
        at.query_params["q"] = query
    return at.run()


def test_the_search_page_is_registered_after_oversikt(app):
    text = (PROJECT_ROOT / "app.py").read_text(encoding="utf-8")
    assert text.index('"pages/overview.py"') < text.index('"pages/search.py"') < text.index('"pages/goals.py"')
    assert 'url_path="sok"' in text


def test_the_page_searches_the_query_in_the_link(app):
    at = search_page(app, "hallbar halsa")
    assert not at.exception
    assert at.title[0].value == "Sök"
    assert at.text_input[0].value == "hallbar halsa"
    markdown = texts(at.markdown)
    assert markdown[0] == "4 träffar för »hallbar halsa«."
    assert markdown[1].startswith(r"**Rapporttext** · 2024\-T3 · 003\_4e7665d6ff629a7e\.txt, rad 69")
    assert "**Hållbar** **hälsa**" in markdown[1]
    assert f"(rapporter?rapport={T3_2024}&rad=69#rad-69)" in markdown[1]


def test_typing_searches_and_writes_the_query_to_the_link(app):
    at = search_page(app)
    assert not at.exception
    assert at.text_input[0].value == ""
    assert any(value.startswith("Skriv ett eller flera ord") for value in texts(at.info))
    at.text_input[0].input("försenad").run()
    assert at.query_params["q"] == "försenad"
    assert texts(at.markdown)[0] == "2 träffar för »försenad«."
    at.selectbox(key="sok_tertial").select("2024-T3").run()
    assert at.query_params["tertial"] == "2024-T3"
    assert texts(at.markdown)[0] == "1 träff för »försenad« i 2024-T3."
    at.text_input[0].input("").run()
    assert "q" not in at.query_params


def test_nothing_found_and_no_words_say_so(app):
    at = search_page(app, "zyxvåt")
    assert texts(at.info) == ["Inga träffar för »zyxvåt«. Alla ord måste finnas i samma text: pröva färre ord, "
                              "början av ett ord eller alla perioder."]
    at = search_page(app, "!!! ??")
    assert texts(at.info) == ["Sökningen innehåller inga ord att söka efter. Skriv bokstäver eller siffror."]
    # A message quotes the words searched for, not the signs around them.
    at = search_page(app, "<script>**fet** hälsa")
    assert texts(at.info)[0].startswith("Inga träffar för »script fet hälsa«.")


@pytest.mark.parametrize("hostile", [
    "'; DROP TABLE goals; --",
    "**fet** _kursiv_ [länk](javascript:alert(1))",
    "<script>alert(1)</script> <img src=x onerror=alert(1)>",
    "$x^2$ :red[varning] :material/home: \\",
    "%00\u202e\u0000 hälsa",
    "ö" * 5000,
])
def test_hostile_queries_give_no_error_and_no_markup(app, hostile):
    at = search_page(app, hostile)
    assert not at.exception
    shown = " ".join(texts(at.markdown) + texts(at.info) + texts(at.caption))
    for markup in ("<script", "<img", "](javascript", "[länk]", "**fet**", "$x", ":red[", ":material/home:", "\u202e"):
        assert markup not in shown
    assert len(at.text_input[0].value) <= search.MAX_QUERY_CHARS


def test_a_period_in_the_link_is_searched_and_an_unknown_one_noticed(app):
    at = app.run()
    at.switch_page("pages/search.py")
    at.query_params["q"] = "hallbar halsa"
    at.query_params["tertial"] = "2023-t1"  # any case
    at.run()
    assert texts(at.markdown)[0] == "2 träffar för »hallbar halsa« i 2023-T1."
    at = app.run()
    at.switch_page("pages/search.py")
    at.query_params["q"] = "hallbar halsa"
    at.query_params["tertial"] = "<b>2031-T9</b>"
    at.run()
    assert not at.exception
    assert texts(at.info) == ["Perioden »b2031-T9/b« i länken finns inte i uppgifterna; söker i alla perioder."]
    assert texts(at.markdown)[0] == "4 träffar för »hallbar halsa«."


def test_a_goal_hit_opens_its_goal(app, corpus):
    link = hit_link(run_search(corpus, "Överturingen").hits[0])
    at = app.run()
    at.switch_page("pages/goals.py")
    for key, values in parse_qs(urlsplit(link).query).items():
        at.query_params[key] = values[0]
    at.run()
    assert not at.exception
    assert urlsplit(link).path == "mal"
    # The goal's own view, at the top of the page: its heading as the page escapes it.
    assert at.main.header[0].value == r"1\.9 Utveckla 3 nya platser för utomhusaktiviteter\. \(KS\)"
    assert at.query_params["period"] == "2024-T1"


def test_a_report_text_hit_opens_the_report_at_its_line(app, corpus):
    link = hit_link(run_search(corpus, "försenad").hits[1])
    assert urlsplit(link).fragment == "rad-46"
    at = app.run()
    at.switch_page("pages/reports.py")
    for key, values in parse_qs(urlsplit(link).query).items():
        at.query_params[key] = values[0]
    at.run()
    assert not at.exception
    assert at.header[0].value == "Uppföljning av kommunstyrelsens mål, tertial 3 2024"
    assert at.subheader[0].value == "Rad 46"
    [context] = [m.value for m in at.markdown if "\u2003" in m.value]
    assert r"**46\u2003berodde på faktorer som resursbrist, försenade processer".replace(r"\u2003", "\u2003") in context
    assert any("avsnittet »Förvaltningens övervägande« \\(rad 18\\)" in c.value for c in at.caption)
    assert any("här står rad 46 från länken" in c.value for c in at.caption)
    # Choosing another report drops the line, which belongs to the linked one.
    at.selectbox(key="report_choice").select_index(0).run()
    assert "rad" not in at.query_params and not [s for s in at.subheader if s.value == "Rad 46"]


def test_a_report_link_with_a_hostile_line_is_noticed(app):
    at = app.run()
    at.switch_page("pages/reports.py")
    at.query_params["rapport"] = T3_2024
    at.query_params["rad"] = "<b>9999</b>"
    at.run()
    assert not at.exception
    assert at.header[0].value == "Uppföljning av kommunstyrelsens mål, tertial 3 2024"
    assert any(info.value.startswith("Raden »b9999/b« i länken finns inte") for info in at.info)


def test_the_search_keeps_to_the_organisation_chosen(app, two_organisations):
    at = search_page(app, "Överturingen")
    [choice] = [s for s in at.sidebar.selectbox if s.label == "Organisation"]
    choice.set_value("Testkommun").run()
    assert not at.exception
    markdown = texts(at.markdown)
    assert markdown[0] == "2 träffar för »Överturingen«."
    # Testkommun's goals have keys of their own, and the link names the organisation.
    assert all("organisation=Testkommun" in m for m in markdown[1:3])
    # Its copies of the reports carry no narrative text (tests/dbfiles.py copies no sections).
    at.text_input[0].input("hallbar halsa").run()
    assert any(value.startswith("Inga träffar för »hallbar halsa«") for value in texts(at.info))
    choice = next(s for s in at.sidebar.selectbox if s.label == "Organisation")
    choice.set_value("Ånge kommun").run()
    assert texts(at.markdown)[0] == "4 träffar för »hallbar halsa«."


@pytest.fixture
def two_organisations(db_copy):
    sys.path.insert(0, str(PROJECT_ROOT / "tests"))
    from dbfiles import add_second_organisation

    add_second_organisation(db_copy)
    return db_copy


# --- the benchmark ------------------------------------------------------------------------------


def test_the_search_benchmark_runs_every_query(bundled_db):
    sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
    import benchmark_search

    output = io.StringIO()
    with redirect_stdout(output):
        assert benchmark_search.main(["--runs", "1", "--db", str(bundled_db)]) == 0
    printed = output.getvalue()
    assert "| query | hits | median ms | p95 ms |" in printed
    rows = [line for line in printed.splitlines() if line.startswith("| ") and not line.startswith("| query")]
    assert [row.split(" | ")[0][2:] for row in rows] == benchmark_search.QUERIES
    assert "| försenad | 2 |" in printed and "| hallbar halsa | 4 |" in printed
    assert "Index: the two queries" in printed

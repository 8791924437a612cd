"""A word a narrow table column broke where it filled the line (tertial.pdf_layout marks
the break, tertial.split_words.full_line_reason joins it): read whole only where the page
shows the line full to the cell's edge."""

from __future__ import annotations

import pytest

from test_pdf_reading import draw_split_table, fpdf_document, needs_dejavu, read_activities
from test_split_words import needs_word_list
from tertial.extract import extract_text
from tertial.split_words import base_lexicon, full_line_reason, word_list

PADDING = 1.5  # mm between a cell's rule and its text, as draw_split_table draws it


def _comment_read(lines: list[str], room: float) -> tuple[str, list]:
    """An activity table whose comment column is as wide as its first line and padding,
    and room; the comment as read and the joins made."""
    pdf = fpdf_document()
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    pdf.text(20, 40, "1.1 Medarbetarna ska trivas.")
    width = pdf.get_string_width(lines[0]) + 2 * PADDING + room
    draw_split_table(pdf, [50, 30, 22, width],
                     [([[["Utveckla mallen"], ["Pågående enligt", "plan"], ["2024-12-31"], lines]], True, True)])
    extracted = extract_text(bytes(pdf.output()), "smal.pdf")
    return read_activities(extracted.text)[0][3], extracted.word_joins


@needs_dejavu
@needs_word_list
def test_a_long_word_broken_where_it_filled_the_cell_reads_whole():
    # The first line fills the narrow column to its edge: a layout engine broke the word
    # there because it was wider than the column.
    comment, joins = _comment_read(["medarbetarsamtalsmall", "en för uppföljning"], 0.3)
    assert comment == "medarbetarsamtalsmallen för uppföljning"
    assert [join.message() for join in joins] == [
        "»medarbetarsamtalsmall en« lästes som »medarbetarsamtalsmallen« (ord brutet av en smal kolumn; "
        "raden var full; sammansatt av kända ord: medarbetar(e) + samtals + mallen)"]


@needs_dejavu
@needs_word_list
def test_a_line_that_ends_short_of_the_cells_edge_keeps_its_words_apart():
    # The same words in a column with room for more on the first line: "en" would have
    # fit there, so the line broke where the writer broke it, and a person reads two words.
    comment, joins = _comment_read(["medarbetarsamtalsmall", "en för uppföljning"], 12)
    assert comment == "medarbetarsamtalsmall en för uppföljning"
    assert joins == []


@pytest.mark.parametrize(("pieces", "joined"), [
    (("medarbetarsamtalsmall", "en"), True),  # mallen runs over the break, "mall" on the line
    (("Ansvarig", "enhet"), False),  # a listed word fills a line as often as it is wrapped
    (("Kontaktmannas", "kap"), False),  # the seam is the break: as two words as "Enhetschefernas roll"
    (("Pågående", "enligt"), False),  # no word
    (("verksamhetsmål", "för"), False),  # "målför": too little of the cut part on the line
])
@needs_word_list
def test_what_a_full_line_joins(pieces, joined):
    assert bool(full_line_reason(pieces, base_lexicon(word_list()))) is joined


@needs_word_list
def test_no_space_between_two_words_of_the_bundled_reports_would_be_joined_after_a_full_line():
    """Even were every line of the reports full, none of their spaces between words
    (7 700) is read as a broken word."""
    import re

    from test_split_words import _texts

    words = base_lexicon(word_list())
    pairs = [pair for text in _texts() for line in text.split("\n")
             for pair in re.findall(r"(?=(?:^|[^\w])([^\W\d_]+) ([^\W\d_]+))", line)]
    assert len(pairs) > 7000
    assert [pair for pair in pairs if full_line_reason(pair, words)] == []

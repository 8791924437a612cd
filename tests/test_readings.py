"""Choosing among a file's readings (tertial.readings): the first that places every line
is kept and named; two that succeed but disagree are reported, never merged."""

import pytest

from tertial.extract import PDF_LAYOUT_READING, PDF_TEXT_LAYER_READING, ExtractedText, Reading
from tertial.model import ReportReadError
from tertial.readings import read_extracted

GOOD = """# Uppföljning tertial 2 2023

## 2.1 Öka attraktiviteten i skolan

### ▲ Delvis uppfyllt

Analys av målet.

Verksamhetens aktiviteter\tStatus\tSlutdatum\tKommentar
Rekrytera lärare\tPågående enligt plan\t2023-12-31\tPågår.
Ny läroplan\tAvslutad enligt plan\t2023-06-30\t
"""
# The same report with its table run together (as a layout reading that went wrong).
RUN_TOGETHER = GOOD.replace("Rekrytera lärare\tPågående enligt plan\t2023-12-31\tPågår.\n",
                            "Rekrytera lärare\t\tPågående enligt plan\t2023-12-31\t\tPågår.\n")
# The same report reading one activity differently (another status).
OTHER_STATUS = GOOD.replace("Ny läroplan\tAvslutad enligt plan", "Ny läroplan\tPågående med avvikelse")


def pdf(first: str, text_layer: str) -> ExtractedText:
    return ExtractedText(text=first, kind="pdf", reading_label=PDF_LAYOUT_READING, line_pages=[1] * 20,
                         alternatives=[Reading(PDF_TEXT_LAYER_READING, text_layer, [2] * 20)])


def test_the_layout_reading_is_kept_when_it_places_every_line():
    chosen = read_extracted(pdf(GOOD, GOOD), "r.pdf")
    assert chosen.label == PDF_LAYOUT_READING
    assert [a.title for a in chosen.report.activities] == ["Rekrytera lärare", "Ny läroplan"]
    assert chosen.notes == [] and chosen.disagreement == []


def test_the_text_layer_is_kept_when_the_layout_reading_leaves_errors_and_the_preview_says_so():
    chosen = read_extracted(pdf(RUN_TOGETHER, GOOD), "r.pdf")
    assert chosen.label == PDF_TEXT_LAYER_READING
    assert chosen.extracted.text == GOOD and chosen.extracted.page_of(1) == 2  # its own lines and pages
    assert [a.status for a in chosen.report.activities] == ["Pågående enligt plan", "Avslutad enligt plan"]
    [note] = chosen.notes
    assert note.startswith(f"Läsningen efter {PDF_LAYOUT_READING} gav ")
    assert f"läsningen efter {PDF_TEXT_LAYER_READING} placerade varje rad utan fel och används" in note


def test_two_readings_that_both_succeed_but_disagree_are_reported_not_merged():
    chosen = read_extracted(pdf(GOOD, OTHER_STATUS), "r.pdf")
    assert chosen.label == PDF_LAYOUT_READING
    assert chosen.other_label == PDF_TEXT_LAYER_READING
    assert [a.status for a in chosen.report.activities] == ["Pågående enligt plan", "Avslutad enligt plan"]
    assert any("Avslutad enligt plan" in line and "bara i den använda" in line for line in chosen.disagreement)
    assert any("Pågående med avvikelse" in line and "bara i den andra" in line for line in chosen.disagreement)


def test_when_no_reading_succeeds_the_first_readings_errors_are_raised_with_pages():
    with pytest.raises(ReportReadError) as raised:
        read_extracted(pdf(RUN_TOGETHER, RUN_TOGETHER), "r.pdf")
    assert raised.value.problems and all(problem.page == 1 for problem in raised.value.problems)


def test_a_reading_that_finds_no_goal_does_not_count_as_success():
    chosen_or_error = pytest.raises(ReportReadError)
    with chosen_or_error:
        read_extracted(pdf(RUN_TOGETHER, "Bara löptext utan mål.\n"), "r.pdf")


def test_a_file_with_one_reading_names_none():
    chosen = read_extracted(ExtractedText(text=GOOD, kind="text"), "r.txt")
    assert chosen.label is None and chosen.notes == []

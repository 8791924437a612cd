"""Three small, complete reports from (fictional) municipalities, each in a layout of its
own, read to what a person reads off them. The expected figures stand next to each report
(NAME.expected.json), written by hand from the report's text, not from the reader."""

import json
from pathlib import Path

import pytest

from report_figures import written_figure_differences
from tertial.reader import read_report

FOLDER = Path(__file__).parent / "fixtures" / "municipalities"
REPORTS = sorted(path for path in FOLDER.glob("*.txt"))


def test_three_clearly_different_layouts_are_covered():
    assert [path.stem for path in REPORTS] == ["granaker_tertialuppfoljning", "norrdal_delarsrapport",
                                               "vasterby_tertialrapport"]


@pytest.mark.parametrize("path", REPORTS, ids=lambda path: path.stem)
def test_a_municipalitys_report_reads_to_what_a_person_reads_off_it(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert written_figure_differences(text, read_report(text, path.name), expected) == []



@pytest.mark.parametrize("path", REPORTS, ids=lambda path: path.stem)
def test_the_same_report_as_a_word_file_reads_to_the_same_figures(path):
    # As the municipality would send it: the Word file (tests/documents.py makes it).
    from documents import word_document
    from tertial.extract import extract_text

    text = path.read_text(encoding="utf-8")
    read = read_report(extract_text(word_document(text), f"{path.stem}.docx").text, f"{path.stem}.docx")
    expected = read_report(text, path.name)
    assert [(g.code, g.level, g.grade, g.area) for g in read.goals] == [
        (g.code, g.level, g.grade, g.area) for g in expected.goals]
    assert [(a.goal, a.title, a.status, a.start_date, a.end_date, a.responsible_unit) for a in read.activities] == [
        (a.goal, a.title, a.status, a.start_date, a.end_date, a.responsible_unit) for a in expected.activities]


@pytest.mark.parametrize("layout", ["word-pdf", "html-pdf"])
@pytest.mark.parametrize("path", REPORTS, ids=lambda path: path.stem)
def test_the_same_report_as_a_pdf_reads_to_the_same_figures(path, layout):
    # Printed from Word (LibreOffice) and from a web page (Chromium). Granåker's narrow
    # unit column, printed from Word, breaks "Hemtjänst" and "exploatering" mid-word
    # without a hyphen ("Hemtjäns" / "t Öster"); the word list joins them again
    # (tertial.split_words).
    from documents import pdf_from_html, pdf_from_word, word_document
    from tertial.extract import extract_text

    text = path.read_text(encoding="utf-8")
    data = pdf_from_word(word_document(text)) if layout == "word-pdf" else pdf_from_html(text)
    read = read_report(extract_text(data, f"{path.stem}.pdf").text, f"{path.stem}.pdf")
    expected = read_report(text, path.name)
    assert [(g.code, g.level, g.grade, g.area) for g in read.goals] == [
        (g.code, g.level, g.grade, g.area) for g in expected.goals]
    assert [(a.goal, a.title, a.status, a.start_date, a.end_date, a.responsible_unit) for a in read.activities] == [
        (a.goal, a.title, a.status, a.start_date, a.end_date, a.responsible_unit) for a in expected.activities]

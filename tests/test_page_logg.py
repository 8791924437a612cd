"""The Ändringslogg page through Streamlit's AppTest: everyone reads the audit log, newest
first; the build is in it, and an import made on the Importera page shows with the
editor's name, its file, hash and what it did."""

import re

import polars as pl

from tertial.auth import ENV_PASSWORD
from tests.test_page_importera import preview_and_save, sign_in, t3_2023_report

PAGE = "pages/audit_log.py"
COLUMNS = ["Nr", "Tidpunkt", "Vem", "Vad", "Rapportfil", "Innehållshash", "Sammanfattning", "Ångrad av"]




def log_table(at) -> pl.DataFrame:
    [table] = [pl.from_pandas(frame.value) for frame in at.dataframe if "Nr" in frame.value.columns]
    return table


def test_a_viewer_reads_the_log_with_the_build_entry_and_can_download_it(app, db_copy, monkeypatch):
    monkeypatch.delenv(ENV_PASSWORD, raising=False)  # no editors at all: the log is still readable
    at = app.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Ändringslogg"
    table = log_table(at)
    assert table.columns == COLUMNS
    assert table.select("Nr", "Vem", "Vad").rows() == [(1, "system", "bygge")]
    assert {b.label for b in at.get("download_button")} >= {"Ladda ner CSV", "Ladda ner Excel"}
    assert [e.label for e in at.expander][0].startswith("Nr 1 · ") and "Bygge" in at.expander[0].label
    assert len(at.get("file_uploader")) == 0 and not [b for b in at.button if b.label == "Ångra"]


def test_an_import_shows_newest_first_with_the_editors_name_and_its_undo(app, db_copy, monkeypatch):
    monkeypatch.setenv(ENV_PASSWORD, "hemligt")
    at = sign_in(app.switch_page("pages/import_reports.py").run(), name="Bertil Berg")
    at = preview_and_save(at, "t3_2023.txt", t3_2023_report())
    assert not at.exception, at.exception

    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    table = log_table(at)
    assert table.select("Nr", "Vem", "Vad", "Rapportfil").rows() == [
        (2, "Bertil Berg", "import", "t3_2023.txt"),
        (1, "system", "bygge", ""),  # no file: an empty cell
    ]
    newest = table.row(0, named=True)
    assert re.fullmatch(r"[0-9a-f]{12}", newest["Innehållshash"])
    assert newest["Sammanfattning"].startswith("Läste in t3_2023.txt: 2023-T3")
    assert newest["Ångrad av"] is None
    detail = at.expander[0]
    assert detail.label.startswith("Nr 2 · ") and "Bertil Berg · Inläsning · t3_2023.txt" in detail.label
    assert '"period": "2023-T3"' in detail.json[1].value and '"graded_goals": 21' in detail.json[1].value

    at.switch_page("pages/import_reports.py").run()
    at.button(key="undo_button").click()
    at.run()
    at.switch_page(PAGE).run()
    table = log_table(at)
    assert table.select("Nr", "Vem", "Vad").rows()[0] == (3, "Bertil Berg", "ångra")
    assert table.filter(pl.col("Nr") == 2)["Ångrad av"].to_list() == [3]

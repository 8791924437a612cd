"""Never a silent zero when loading: a report that yields no goals or no activities while
parts of it look like goals or activity tables is loaded only after the user confirms
that those parts are something else (issue 9). The document is Ånge's kind of name and
period around a body the reader cannot place (tests/fixtures/reports/goal_like_headings_nothing_placed.txt)."""

from pathlib import Path

import pytest

from dbfiles import digest, rows
from tertial.cli import main
from tertial.importing import ImportRefused, commit_import, plan_import
from test_page_importera import confirm_then_save, open_as_editor, preview, texts

FIXTURE = Path(__file__).parent / "fixtures" / "reports" / "goal_like_headings_nothing_placed.txt"


def unplaced_report() -> bytes:
    text = FIXTURE.read_text(encoding="utf-8")
    return text.replace("Storvik kommun", "Ånge kommun").replace("Tertialrapport 2 2024", "Tertialrapport 3 2023").encode()


def test_the_import_is_refused_until_the_unplaced_parts_are_confirmed(db):
    before = digest(db)
    plan = plan_import(unplaced_report(), "t3_oklar.txt", db_path=db)
    assert [note.line for note in plan.report.unplaced] == [7, 11, 15]
    assert plan.summary().endswith("mål 0 (bedömda 0), aktiviteter 0, textavsnitt 4, ej placerade rader 3")
    with pytest.raises(ImportRefused) as refused:
        commit_import(plan, actor="test", db_path=db)
    message = str(refused.value)
    assert message.startswith("t3_oklar.txt: VARNING: rapporten gav varken mål eller aktiviteter, men 3 ställen")
    assert "Rad 11: En tabell på raderna 11–13 lästes inte som aktiviteter" in message
    assert "--accept-unplaced" in message and message.endswith("Inget har ändrats.")
    assert digest(db) == before
    result = commit_import(plan, actor="test", db_path=db, accept_unplaced=True)
    assert result.action == "import"
    assert rows(db, "SELECT count(*) FROM reports WHERE file_name = 't3_oklar.txt'") == [(1,)]


def test_the_command_line_shows_the_unplaced_parts_and_needs_accept_unplaced(db, tmp_path, capsys):
    path = tmp_path / "t3_oklar.txt"
    path.write_bytes(unplaced_report())
    before = digest(db)
    assert main(["import", str(path), "--db", str(db), "--user", "test"]) == 1
    out, err = capsys.readouterr()
    assert "VARNING: rapporten gav varken mål eller aktiviteter" in out
    assert "    rad 7: Rubriken »1.1 Alla barn ska ha en god start« ser ut som ett mål" in out
    assert "--accept-unplaced" in err and digest(db) == before
    assert main(["import", str(path), "--db", str(db), "--user", "test", "--accept-unplaced"]) == 0
    assert rows(db, "SELECT count(*) FROM reports WHERE file_name = 't3_oklar.txt'") == [(1,)]


def test_the_preview_lists_the_unplaced_parts_and_saving_waits_for_the_confirmation(app, db_copy, monkeypatch):
    at = open_as_editor(app, monkeypatch)
    at = preview(at, "t3_oklar.txt", unplaced_report())
    assert not at.exception, at.exception
    assert "VARNING: rapporten gav varken mål eller aktiviteter, men 3 ställen" in texts(at.warning)
    at = confirm_then_save(at, "import_accept_unplaced", db_copy)
    assert not at.exception, at.exception
    assert rows(db_copy, "SELECT count(*) FROM reports WHERE file_name = 't3_oklar.txt'") == [(1,)]

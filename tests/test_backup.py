"""Backup and restore (tertial.backup, python -m tertial backup / restore): a round trip
gives the same rows in every table, the same public views and the same audit log; a
damaged, partial or misdirected restore changes nothing."""

import csv
import json
import subprocess
import sys

import pytest

from dbfiles import add_second_organisation, digest, every_row, rows
from tertial import PROJECT_ROOT, RAW_DIR
from tertial.backup import MANIFEST, BackupError, backup, read_manifest, restore


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tertial", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=300)


def test_a_round_trip_gives_back_every_row_view_and_the_audit_log(db, tmp_path):
    add_second_organisation(db)  # two organisations, and an entry in the audit log from a write
    before = every_row(db)
    assert len(before["organisations"]) == 2 and before["audit_log"]
    result = run_cli("backup", str(tmp_path / "kopia"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("5 rapportfiler.")  # Ånge's five original files

    result = run_cli("restore", str(tmp_path / "kopia"), "--db", str(tmp_path / "aterstalld.duckdb"))
    assert result.returncode == 0, result.stderr
    restored = tmp_path / "aterstalld.duckdb"
    assert every_row(restored) == before
    for view in ("goal_assessments", "activity_statuses", "goal_assessments_computed", "activity_statuses_computed"):
        assert rows(restored, f"SELECT * FROM {view} ORDER BY ALL") == rows(db, f"SELECT * FROM {view} ORDER BY ALL")
    # What the committee reads first is what it was: 7 of T2 2023's 21 KS goals fulfilled or partly.
    assert rows(restored, """SELECT count(*) FILTER (WHERE grade IN ('Uppfyllt', 'Delvis uppfyllt')), count(*)
                             FROM goal_assessments WHERE organisation = 'Ånge kommun' AND period = '2023-T2'
                             AND goal_level = 'KS'""") == [(7, 21)]


def test_the_backup_holds_the_original_reports_and_readable_csv(db, tmp_path):
    summary = backup(db, tmp_path / "kopia")
    folder = summary.folder
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    originals = {entry["file_name"]: (folder / entry["path"]).read_bytes() for entry in manifest["report_files"]}
    # Each original file, byte for byte, as delivered in data/raw.
    assert originals == {path.name: path.read_bytes() for path in RAW_DIR.iterdir() if path.name in originals}
    assert len(originals) == 5
    with open(folder / manifest["tables"]["goal_reports"]["csv"], encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == manifest["tables"]["goal_reports"]["rows"] == 71  # 15 + 36 + 20 goal rows in 000–002
    # The report files' bytes are in Parquet and as files, not in their CSV.
    with open(folder / manifest["tables"]["report_files"]["csv"], encoding="utf-8", newline="") as handle:
        assert "content" not in next(csv.reader(handle))


def test_a_damaged_or_partial_backup_is_refused_and_nothing_is_written(db, tmp_path):
    folder = backup(db, tmp_path / "kopia").folder
    target = tmp_path / "ny.duckdb"
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))

    damaged = folder / manifest["tables"]["goals"]["parquet"]
    original = damaged.read_bytes()
    damaged.write_bytes(original[:100] + bytes([original[100] ^ 0xFF]) + original[101:])
    with pytest.raises(BackupError, match=r"goals\.parquet är skadad"):
        restore(folder, target)
    assert not target.exists()
    damaged.write_bytes(original)

    report = folder / manifest["report_files"][0]["path"]
    report.unlink()
    with pytest.raises(BackupError, match="saknas i säkerhetskopian"):
        restore(folder, target)
    assert not target.exists()

    (folder / MANIFEST).unlink()  # as a backup killed before it finished would look
    result = run_cli("restore", str(folder), "--db", str(target))
    assert result.returncode == 1 and "ingen hel säkerhetskopia" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


def test_a_restore_never_overwrites_and_a_backup_never_writes_into_an_existing_folder(db, tmp_path):
    folder = backup(db, tmp_path / "kopia").folder
    before = digest(db)
    with pytest.raises(BackupError, match="finns redan"):
        restore(folder, db)
    assert digest(db) == before
    with pytest.raises(BackupError, match="finns redan"):
        backup(db, folder)
    assert read_manifest(folder)["tables"]  # the first backup is untouched
    with pytest.raises(BackupError, match="finns inte"):
        backup(tmp_path / "saknas.duckdb", tmp_path / "annan")
    assert not (tmp_path / "annan").exists()


def test_a_backup_from_a_newer_tertial_is_refused(db, tmp_path):
    folder = backup(db, tmp_path / "kopia").folder
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["migrations"].append("999_from_the_future.sql")
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BackupError, match="nyare Tertial"):
        restore(folder, tmp_path / "ny.duckdb")
    assert not (tmp_path / "ny.duckdb").exists()


def test_the_csv_copy_neutralises_formulas_and_the_restore_keeps_the_exact_text(db, tmp_path):
    from tertial.corrections import correct_comment

    [(report_file, goal, activity)] = rows(db, """SELECT r.file_name, ar.goal_id, ar.activity_id FROM activity_reports ar
                                                   JOIN reports r USING (report_id) ORDER BY ALL LIMIT 1""")
    formula = '=HYPERLINK("http://example.com","klicka")'
    correct_comment(db, organisation="Ånge kommun", report_file=report_file, goal_id=goal, activity_id=activity,
                    comment=formula, actor="test")
    folder = backup(db, tmp_path / "kopia").folder
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    with open(folder / manifest["tables"]["activity_reports"]["csv"], encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + formula in cells and formula not in cells
    restore(folder, tmp_path / "ny.duckdb")
    assert rows(tmp_path / "ny.duckdb", "SELECT count(*) FROM activity_reports WHERE comment = ?", formula) == [(1,)]

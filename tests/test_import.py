"""Loading reports one by one: preview and difference, all-or-nothing commit, the same
file again, a corrected version, undo, the audit log, and safety under use (a reader
holding the file, a writer killed half-way, two writers at once)."""

import dataclasses
import os
import subprocess
import sys
import time

import duckdb
import pytest

from tertial import PROJECT_ROOT, RAW_DIR
from tertial.importing import ImportRefused, commit_import, plan_import, undo
from tertial.integrity import broken_references
from tertial.store import FAILPOINT_PAUSE_BEFORE_COMMIT, StoreError
from dbfiles import digest, rows

T2_2023 = RAW_DIR / "001_2318b0fccc3d977e.txt"


def t3_2023_report() -> bytes:
    """A T3 2023 report as staff would write it from the T2 one: new title, one grade up,
    one activity finished, one end date moved, one activity dropped and one added."""
    text = T2_2023.read_text(encoding="utf-8")
    text = text.replace("tertiälrapport 2 2023", "tertialrapport 3 2023")
    text = text.replace("### ◆ Knappt uppfyllt\n\nArbete bedrivs enligt plan. Målet bedöms därför som Delvis uppfyllt.",
                        "### ● Uppfyllt\n\nArbete bedrivs enligt plan. Målet bedöms därför som Uppfyllt.")
    text = text.replace("Ta fram en metod för att genomföra medborgardialog\t■ Ej påbörjad\t2023-08-21",
                        "Ta fram en metod för att genomföra medborgardialog\t✓ Avslutad enligt plan\t2023-08-21")
    text = text.replace("Fiberutbyggnad Visslandsdalen\t Pågående enligt plan\t2023-11-30",
                        "Fiberutbyggnad Visslandsdalen\t Pågående enligt plan\t2024-03-31")
    text = text.replace("Fiberförstärkning Kvarngatan\t Pågående enligt plan\t2023-10-31\t\n", "")
    text = text.replace("Mental hälsa tillsammans med skolan\t▶ Pågående enligt plan\t2023-12-31\t\n",
                        "Mental hälsa tillsammans med skolan\t▶ Pågående enligt plan\t2023-12-31\t\n"
                        "Föräldrakväll om skolnärvaro\t Ej påbörjad\t2024-02-28\t\n")
    assert text.count("tertialrapport 3 2023") == 1
    return text.encode("utf-8")








def test_one_goal_listed_twice_under_its_kf_goal_is_refused_with_both_lines(db):
    """A report that lists a KS goal twice under one KF goal, the second time under another
    number and in other case and spacing (a paste gone wrong): two goals by one title
    would share one link and nobody could tell them apart, so the preview already refuses
    and says where; nothing is written. Found by the fuzzed reports (tests/test_fuzz.py)."""
    heading = "## 2.2.2 Skapa en strategi för kommunens miljö- och klimat"
    text = t3_2023_report().decode("utf-8")
    assert text.count(heading) == 1
    again = "## 2.2.3 skapa en strategi för  kommunens miljö- och klimat\n\n### ■ Ej Uppfyllt\n\n"
    text = text.replace("## 2.3 Utveckla nya", again + "## 2.3 Utveckla nya", 1)
    lines = text.split("\n")
    first, second = lines.index(heading) + 1, lines.index(again.split("\n")[0]) + 1
    before = digest(db)
    with pytest.raises(ImportRefused) as refused:
        plan_import(text.encode("utf-8"), "t3_2023.txt", db_path=db)
    assert (f"t3_2023.txt, rad {first} och {second}: målet »Skapa en strategi för kommunens miljö- och klimat« "
            "står två gånger under samma KF-mål.") in str(refused.value)
    assert digest(db) == before


STAB_2024 = RAW_DIR / "002_b08c0454ff5f1aaf.txt"
AREA_HEADING = "Verksamhetsmål för god ekonomisk hushållning \n\n"


def stab_report_with_one_area_twice() -> tuple[str, int, int]:
    """Seed 002 with its area "Verksamhetsmål för god ekonomisk hushållning" headed twice,
    each time with text under it (a PDF once read a wrapped sentence so): the text and
    the lines of the two headings."""
    text = STAB_2024.read_text(encoding="utf-8")
    assert text.count(AREA_HEADING) == 1
    text = text.replace("1.1 Sjukfrånvaron ska minska \n", AREA_HEADING
                        + "Kommunfullmäktige har antagit ett verksamhetsmål för 2024. \n\n1.1 Sjukfrånvaron ska minska \n", 1)
    text = text.replace(AREA_HEADING + "• Sjukfrånvaron", AREA_HEADING + "Målet följs upp i årsredovisningen. \n\n"
                        "• Sjukfrånvaron", 1)
    lines = [line.strip() for line in text.split("\n")]
    first = lines.index(AREA_HEADING.strip()) + 1
    return text, first, lines.index(AREA_HEADING.strip(), first) + 1


def test_one_areas_text_under_two_headings_is_refused_with_both_lines(db):
    """A report has one text per area; two headings of one area, each with text under it,
    gave DuckDB's raw "duplicate key" when committed. The preview refuses, in Swedish,
    saying which area and where; nothing is written."""
    text, first, second = stab_report_with_one_area_twice()
    before = digest(db)
    with pytest.raises(ImportRefused) as refused:
        plan_import(text.encode("utf-8"), "stab.txt", db_path=db, period="2024-T2")
    assert (f"stab.txt, rad {first} och {second}: området »God ekonomisk hushållning« står två gånger med text "
            "under; ett område har en text per rapport.") in str(refused.value)
    assert str(refused.value).startswith("Rapporten kan inte läsas in; inget har ändrats.")
    assert digest(db) == before


def test_committing_one_areas_text_twice_is_refused_and_changes_nothing(db):
    """Had the preview let it through (a plan read before the check), committing it is
    refused the same way, before anything is written: no duplicate key from the database."""
    plan = plan_import(STAB_2024.read_bytes() + b"\n", "stab.txt", db_path=db, period="2024-T2")
    [area] = [a for a in plan.report.areas if a.name == "God ekonomisk hushållning"]
    plan.report.areas += [dataclasses.replace(area, line=area.line + 1, text="Följs upp i årsredovisningen."),
                          dataclasses.replace(area, line=area.line + 2, text="Och i delårsrapporten.")]
    before = digest(db)
    with pytest.raises(ImportRefused) as refused:
        commit_import(plan, actor="anna", db_path=db)
    assert (f"stab.txt, rad {area.line + 1} och {area.line + 2}: området »God ekonomisk hushållning« står två "
            "gånger med text under") in str(refused.value)
    assert digest(db) == before


def test_preview_reads_the_period_from_the_document_and_shows_the_difference(db):
    before = digest(db)
    plan = plan_import(t3_2023_report(), "t3_2023.txt", db_path=db)
    assert digest(db) == before  # a preview writes nothing
    assert plan.period.key == "2023-T3" and str(plan.as_of) == "2023-12-31"
    assert "rad 3" in plan.period_note
    assert plan.report.goals_graded() == 21
    diff = plan.diff
    assert diff.baseline == "perioden 2023-T2 (001_2318b0fccc3d977e.txt)"
    # The slot: the same body and unit as the T2 report it follows, found by its content.
    assert (plan.body, plan.unit, plan.replaces) == ("Kommunstyrelsen", "Kommunförvaltningen", None)
    assert diff.grade_changes == [(
        "2.15.1 Kommunen upplevs som attraktiv och har välvårdade besöksmål. Under 2023 förbättras standarden "
        "kring minst tre av kommunens prioriterade besöksmål.", "Knappt uppfyllt", "Uppfyllt",
    )]
    assert diff.status_changes == [("Ta fram en metod för att genomföra medborgardialog", "Ej påbörjad", "Avslutad enligt plan")]
    assert [(t, str(a), str(b)) for t, a, b in diff.moved_end_dates] == [("Fiberutbyggnad Visslandsdalen", "2023-11-30", "2024-03-31")]
    assert diff.removed_activities == ["Fiberförstärkning Kvarngatan"]
    assert diff.new_activities == ["Föräldrakväll om skolnärvaro"]
    assert diff.new_goals == [] and diff.removed_goals == []


def test_commit_loads_everything_and_records_who_when_what(db):
    plan = plan_import(t3_2023_report(), "t3_2023.txt", db_path=db)
    result = commit_import(plan, actor="anna.controller", db_path=db)
    assert result.action == "import"
    assert rows(db, "SELECT count(*), count(grade) FROM goal_assessments WHERE period = '2023-T3' AND goal_level = 'KS'") == [(21, 21)]
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '2.15.1'") == [("Uppfyllt",)]
    assert rows(db, "SELECT count(*) FROM activity_statuses WHERE period = '2023-T3'") == [(57,)]
    [(actor, action, file_name, sha, summary)] = rows(
        db, "SELECT actor, action, report_file, content_sha256, summary FROM audit_log WHERE audit_id = ?", result.audit_id
    )
    assert (actor, action, file_name, sha) == ("anna.controller", "import", "t3_2023.txt", plan.sha256)
    assert summary.startswith("Läste in t3_2023.txt: 2023-T3")
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == []
    # The goals are the same goals as in T2: one identity, two periods.
    assert rows(db, "SELECT count(DISTINCT goal_id) FROM goal_assessments WHERE goal_code = '2.15.1'") == [(1,)]


def test_the_same_file_again_changes_nothing(db):
    commit_import(plan_import(t3_2023_report(), "t3_2023.txt", db_path=db), actor="anna", db_path=db)
    before = digest(db)
    again = plan_import(t3_2023_report(), "annat_namn.txt", db_path=db)
    assert again.already_loaded == "t3_2023.txt"
    result = commit_import(again, actor="anna", db_path=db)
    assert result.action == "oförändrad" and digest(db) == before
    bundled = plan_import(T2_2023.read_bytes(), "kopia.txt", db_path=db)
    assert bundled.already_loaded == T2_2023.name


def test_a_corrected_version_replaces_only_when_confirmed_and_can_be_undone(db):
    first = commit_import(plan_import(t3_2023_report(), "t3_2023.txt", db_path=db), actor="anna", db_path=db)
    corrected = t3_2023_report().replace("### ● Uppfyllt\n\nArbete bedrivs".encode(), "### ▲ Delvis uppfyllt\n\nArbete bedrivs".encode())
    plan = plan_import(corrected, "t3_2023.txt", db_path=db)
    assert plan.replaces["file_name"] == "t3_2023.txt"
    assert plan.diff.baseline == "den inlästa rapporten t3_2023.txt (Rapport målavstämning kommunstyrelsen tertialrapport 3 2023)"
    assert [(before, after) for _, before, after in plan.diff.grade_changes] == [("Uppfyllt", "Delvis uppfyllt")]
    before = digest(db)
    with pytest.raises(ImportRefused, match="ersätter den gamla först när du bekräftar ersättningen"):
        commit_import(plan, actor="anna", db_path=db)
    assert digest(db) == before
    replaced = commit_import(plan, actor="bertil", db_path=db, confirm_replace=True)
    assert replaced.action == "ersättning"
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '2.15.1'") == [("Delvis uppfyllt",)]
    assert rows(db, "SELECT count(*) FROM reports WHERE file_name = 't3_2023.txt'") == [(1,)]

    started = time.perf_counter()
    undone = undo(replaced.audit_id, actor="cecilia", db_path=db)
    undo_seconds = time.perf_counter() - started
    assert undone.action == "ångra" and undo_seconds < 30
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '2.15.1'") == [("Uppfyllt",)]
    undo(first.audit_id, actor="cecilia", db_path=db)
    assert rows(db, "SELECT count(*) FROM goal_assessments WHERE period = '2023-T3'") == [(0,)]
    log = rows(db, "SELECT audit_id, actor, action, undoes, undone_by FROM audit_log ORDER BY audit_id")
    assert [(actor, action) for _, actor, action, _, _ in log] == [
        ("system", "bygge"), ("anna", "import"), ("bertil", "ersättning"), ("cecilia", "ångra"), ("cecilia", "ångra"),
    ]
    assert log[2][4] == log[3][0] and log[3][3] == log[2][0]  # the replacement and its undo point at each other
    with pytest.raises(StoreError, match="redan ångrad"):
        undo(replaced.audit_id, actor="cecilia", db_path=db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == []


@pytest.mark.parametrize(
    ("data", "name", "options", "message"),
    [
        (b"", "tom.txt", {}, "tom"),
        (t3_2023_report(), "t3.txt", {"period": "2024-T1"}, "perioden 2024-T1 motsäger dokumentet, som på rad 3 anger 2023-T3"),
        (T2_2023.read_bytes().replace("tertiälrapport 2 2023".encode(), b"rapport"), "utan_period.txt", {}, "anger inte vilken tertial"),
        (t3_2023_report().replace("Ej påbörjad\t2024-02-28".encode(), "Klart typ\t2024-02-28".encode()), "t3.txt", {},
         "Okänd status »Klart typ«"),
        (t3_2023_report().replace("Ånge kommun".encode(), "Bräcke kommun".encode()), "bracke.txt",
         {"organisation": "Ånge kommun"}, "rapporten gäller Bräcke kommun, inte Ånge kommun"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_changes(db, data, name, options, message):
    before = digest(db)
    with pytest.raises(ImportRefused) as refused:
        plan_import(data, name, db_path=db, **options)
    assert message in str(refused.value) and name in str(refused.value)
    assert digest(db) == before


def test_another_municipalitys_report_is_loaded_only_when_its_organisation_is_confirmed(db):
    # It used to be refused outright; now it is a new organisation (tests/test_new_organisation.py).
    before = digest(db)
    plan = plan_import(t3_2023_report().replace("Ånge kommun".encode(), "Bräcke kommun".encode()), "bracke.txt",
                       db_path=db)
    assert plan.new_organisation == "Bräcke kommun" and plan.replaces is None
    with pytest.raises(ImportRefused, match="bracke.txt: organisationen »Bräcke kommun« finns inte i databasen"):
        commit_import(plan, actor="anna", db_path=db)
    assert digest(db) == before


def test_a_period_the_document_allows_is_accepted(db):
    # 004 covers 2023-01-01 – 2023-05-31: no whole tertial, so T1 (the manifest's choice) is
    # as consistent with it as T2.
    unit_report = RAW_DIR / "004_e1862fdd44dda98a.txt"
    plan = plan_import(unit_report.read_bytes(), "004_kopia.txt", db_path=db, period="2023-T1", as_of=None)
    assert plan.already_loaded == unit_report.name
    assert (plan.period.key, str(plan.as_of)) == ("2023-T1", "2023-05-31")


def cli(*args, env=None, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "tertial", *map(str, args)], cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs,
    )


def test_a_writer_killed_half_way_leaves_the_database_as_it_was(db, tmp_path):
    report = tmp_path / "t3_2023.txt"
    report.write_bytes(t3_2023_report())
    before = digest(db)
    writer = cli("import", report, "--db", db, env={FAILPOINT_PAUSE_BEFORE_COMMIT: "60"})
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(f".{db.name}.*.tmp")):  # the copy being written
        assert time.monotonic() < deadline and writer.poll() is None, writer.communicate()
        time.sleep(0.05)
    time.sleep(0.5)  # inside the transaction, rows inserted, not committed
    writer.kill()
    writer.wait()
    assert digest(db) == before
    assert rows(db, "SELECT count(*) FROM reports WHERE file_name = 't3_2023.txt'") == [(0,)]
    # The next writer clears the leftover copy and succeeds.
    finished = cli("import", report, "--db", db)
    out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err
    assert list(tmp_path.glob(f".{db.name}.*.tmp")) == []
    assert rows(db, "SELECT count(*) FROM reports WHERE file_name = 't3_2023.txt'") == [(1,)]


def test_two_imports_at_once_are_serialised_and_neither_is_lost_while_a_reader_holds_the_file(db, tmp_path):
    first, second = tmp_path / "t3_2023.txt", tmp_path / "t3_2023_ovrigt.txt"
    first.write_bytes(t3_2023_report())
    second.write_bytes(t3_2023_report().replace(b"tertialrapport 3 2023", b"tertialrapport 3 2023 (korrigerad bilaga)"))
    reader = duckdb.connect(str(db), read_only=True)  # a dashboard browsing meanwhile
    try:
        seen_before = reader.execute("SELECT count(*) FROM reports").fetchone()[0]
        # Two units' reports for one period: two slots, two reports.
        writers = [cli("import", path, "--db", db, "--unit", unit, env={FAILPOINT_PAUSE_BEFORE_COMMIT: "1"})
                   for path, unit in ((first, "Kommunförvaltningen"), (second, "Socialtjänsten"))]
        results = [writer.communicate(timeout=180) for writer in writers]
        assert [writer.returncode for writer in writers] == [0, 0], results
        # The reader still sees the version it opened, whole.
        assert reader.execute("SELECT count(*) FROM reports").fetchone()[0] == seen_before
    finally:
        reader.close()
    assert rows(db, "SELECT file_name FROM reports WHERE period_key = '2023-T3' ORDER BY file_name") == [
        ("t3_2023.txt",), ("t3_2023_ovrigt.txt",),
    ]
    assert rows(db, "SELECT count(*) FROM audit_log WHERE action = 'import'") == [(2,)]


def test_the_command_line_previews_commits_and_undoes(db, tmp_path):
    report = tmp_path / "t3_2023.txt"
    report.write_bytes(t3_2023_report())
    preview = cli("import", report, "--db", db, "--dry-run")
    out, err = preview.communicate(timeout=120)
    assert preview.returncode == 0, err
    assert "~ bedömning 2.15.1" in out and "Knappt uppfyllt → Uppfyllt" in out and "inget sparades" in out
    loaded = cli("import", report, "--db", db, "--user", "anna")
    out, err = loaded.communicate(timeout=120)
    assert loaded.returncode == 0 and "Läste in t3_2023.txt (ändring 2)" in out, err
    log = cli("log", "--db", db)
    out, _ = log.communicate(timeout=60)
    assert "anna" in out and "import" in out
    undone = cli("undo", "2", "--db", db, "--user", "anna")
    out, err = undone.communicate(timeout=120)
    assert undone.returncode == 0 and "Ångrade ändring 2" in out, err


def test_word_and_pdf_reports_are_imported_like_text(db):
    from test_extract import DEJAVU, docx_from_report_text, pdf_from_report_text

    word = plan_import(docx_from_report_text(t3_2023_report().decode("utf-8")), "t3_2023.docx", db_path=db)
    assert (word.file_kind, word.period.key, word.report.goals_graded(), len(word.report.activities)) == ("docx", "2023-T3", 21, 57)
    assert commit_import(word, actor="anna", db_path=db).action == "import"
    assert rows(db, "SELECT grade FROM goal_assessments WHERE period = '2023-T3' AND goal_code = '2.15.1'") == [("Uppfyllt",)]
    if not DEJAVU.exists():
        pytest.skip("fonts-dejavu-core is missing (scripts/test.sh installs it)")
    pdf, _ = pdf_from_report_text((RAW_DIR / "000_4224aef9546bb394.txt").read_text(encoding="utf-8"))
    plan = plan_import(pdf, "t1_2024_kf.pdf", db_path=db, period="2024-T2", goal_level="KF")
    assert (plan.file_kind, len(plan.report.goals)) == ("pdf", 15)
    goals_before = rows(db, "SELECT count(*) FROM goals")
    commit_import(plan, actor="anna", db_path=db)
    assert rows(db, "SELECT count(*) FROM goal_assessments WHERE period = '2024-T2' AND goal_level = 'KF'") == [(15,)]
    assert rows(db, "SELECT count(*) FROM goals")[0][0] == goals_before[0][0] + 15  # 2024's model: new goals


def test_a_rebuild_does_not_silently_throw_imports_away(db):
    from tertial.build import BuildError, build_database

    commit_import(plan_import(t3_2023_report(), "t3_2023.txt", db_path=db), actor="anna", db_path=db)
    before = digest(db)
    with pytest.raises(BuildError, match=r"ändring 2 \(import t3_2023.txt\).*--force"):
        build_database(db)
    assert digest(db) == before
    build_database(db, force=True)
    assert rows(db, "SELECT count(*) FROM reports WHERE file_name = 't3_2023.txt'") == [(0,)]


def test_a_reader_in_the_same_process_sees_the_new_version_after_a_write(db):
    # DuckDB gives a process that reopens a path it holds open the database it opened
    # before; tertial.db.connect attaches the file instead, so it reads it as it is now.
    from tertial.db import connect

    browsing = connect(db)
    try:
        commit_import(plan_import(t3_2023_report(), "t3_2023.txt", db_path=db), actor="anna", db_path=db)
        with connect(db) as fresh:
            assert fresh.execute("SELECT count(*) FROM reports WHERE period_key = '2023-T3'").fetchone() == (1,)
        assert browsing.execute("SELECT count(*) FROM reports WHERE period_key = '2023-T3'").fetchone() == (0,)
    finally:
        browsing.close()


def zip_of_a_later_version(docx: bytes) -> bytes:
    """A Word file whose zip entries claim a format version this Python cannot open, as
    files from some archivers do: zipfile raises NotImplementedError, not BadZipFile."""
    data = bytearray(docx)
    for signature, offset in ((b"PK\x03\x04", 4), (b"PK\x01\x02", 6)):
        position = data.find(signature)
        while position >= 0:
            data[position + offset:position + offset + 2] = (99).to_bytes(2, "little")
            position = data.find(signature, position + 4)
    return bytes(data)


def damaged_files() -> list[tuple[str, bytes, str]]:
    from test_extract import docx_from_report_text, pdf_from_report_text

    docx = docx_from_report_text(t3_2023_report().decode("utf-8"))
    pdf, _ = pdf_from_report_text((RAW_DIR / "000_4224aef9546bb394.txt").read_text(encoding="utf-8"))
    return [
        ("t3_2023.docx", zip_of_a_later_version(docx), "ingen giltig Word-fil"),
        ("t3_2023.docx", docx[: len(docx) // 2], "ingen giltig Word-fil"),
        ("t3_2023.docx", docx[:300] + b"\x00" * 300 + docx[600:], "Word-filen är skadad"),
        ("t1.pdf", pdf[: len(pdf) // 3], "PDF-filen"),
        ("t1.pdf", pdf[:40] + bytes(range(256)) * 8, "PDF-filen"),
        ("t3_2023.txt", b"\x00\x01\x02\x03binary\xff\xfe" * 200, "binärfil"),
        ("t3_2023.txt", "Rapport tertialrapport 3 2023\n".encode("utf-8") + b"\x81\x8d\x8f\x90\x9d" * 3, "inte UTF-8"),
    ]


def test_damaged_files_of_every_format_get_a_swedish_message_and_change_nothing(db, tmp_path):
    before = digest(db)
    for name, data, message in damaged_files():
        with pytest.raises(ImportRefused) as refused:
            plan_import(data, name, db_path=db)
        assert message in str(refused.value) and name in str(refused.value), (name, str(refused.value))
        assert digest(db) == before
    # The command line, for both read and import: the message, exit 1, no traceback.
    name, data, message = damaged_files()[0]
    path = tmp_path / name
    path.write_bytes(data)
    for command in (("read", path), ("import", path, "--db", db)):
        process = cli(*command)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 1 and message in err and "Traceback" not in err + out, (command, err)
    assert digest(db) == before

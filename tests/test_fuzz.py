"""Mangled copies of the bundled reports, in every format, fed to the reader, the text
extraction and the importer (hypothesis): each input gives a read or a clear message
(ReportReadError, ExtractError, ImportRefused), never another exception, never a
partial write.

TERTIAL_FUZZ_SCALE multiplies the examples of every test (1 in the suite: about 2,000
inputs in a few minutes; the README's command runs ten times as many)."""

import io
import os
import random
import zipfile

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbfiles import digest, rows
from documents import pdf_from_html, word_document
from tertial import RAW_DIR
from tertial.extract import ExtractError, extract_text
from tertial.importing import ImportRefused, commit_import, plan_import
from tertial.integrity import broken_references
from tertial.model import ReportReadError
from tertial.reader import read_report
from tertial.store import StoreError

SCALE = float(os.environ.get("TERTIAL_FUZZ_SCALE", "1"))


def fuzz(examples: int):
    """hypothesis settings for a test of about this many examples (times SCALE); no
    example database in the project, no deadline (the machines are shared). The suite's
    five minutes per test, times SCALE: ten times the examples take ten times as long."""
    limits = settings(max_examples=max(1, int(examples * SCALE)), deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                             HealthCheck.data_too_large, HealthCheck.large_base_example])
    return lambda test: pytest.mark.timeout(int(300 * max(SCALE, 1)))(limits(test))
REPORTS = sorted(path.name for path in RAW_DIR.glob("*.txt"))
TEXTS = {name: (RAW_DIR / name).read_text(encoding="utf-8") for name in REPORTS}
# What the reports print that a mangling may alter: statuses, grades and their marks.
WORDS = ["Pågående enligt plan", "Pågående med avvikelse", "Avslutad enligt plan", "Ej påbörjad", "Vänteläge",
         "Uppfyllt", "Delvis uppfyllt", "Knappt uppfyllt", "Ej uppfyllt", "●", "▲", "◆", "■", "✓", "▶", "⏸", "\t"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252", "latin-1", "mac_roman"]


# --- manglings of a report's text ------------------------------------------------------------

def _lines(text: str) -> list[str]:
    return text.split("\n")


MANGLINGS = {
    "truncate": lambda text, r: text[: r.randrange(len(text) + 1)],
    "shuffle": lambda text, r: "\n".join(r.sample(_lines(text), len(_lines(text)))),
    "shuffle_some": lambda text, r: _shuffle_window(text, r),
    "double": lambda text, r: _at_line(text, r, lambda line: [line, line]),
    "drop": lambda text, r: _at_line(text, r, lambda line: []),
    "drop_cell": lambda text, r: _at_line(text, r, lambda line: ["\t".join(_without_one(line.split("\t"), r))]),
    "alter_word": lambda text, r: text.replace(r.choice(WORDS), r.choice(WORDS + ["", "??", "Klart"]), r.randint(1, 5)),
    "bad_date": lambda text, r: _bad_date(text, r),
    "random_unicode": lambda text, r: _insert(text, r, "".join(_character(r) for _ in range(r.randint(1, 40)))),
    "control_characters": lambda text, r: _insert(text, r, "".join(chr(r.randrange(0, 32)) for _ in range(r.randint(1, 20)))),
    "huge_line": lambda text, r: _insert(text, r, r.choice(["x", "Mål ", "1.1 ", "\t"]) * r.randint(10_000, 200_000)),
    "deep_html": lambda text, r: _insert(text, r, "<div>" * r.randint(100, 5000) + "Uppfyllt" + "</div>" * r.randint(0, 50)),
    "nothing_but_markup": lambda text, r: "# " + "\n# ".join(_lines(text)[: r.randint(0, 40)]),
    "line_endings": lambda text, r: text.replace("\n", r.choice(["\r\n", "\r", "\u2028", "\x0b", ""])),
}


def _character(r: random.Random) -> str:
    """Any character a file can hold: not a lone surrogate, which no encoding writes."""
    code = r.randrange(1, 0x2FFFF)
    return chr(code + 0x800 if 0xD800 <= code <= 0xDFFF else code)


def _shuffle_window(text: str, r: random.Random) -> str:
    lines = _lines(text)
    start = r.randrange(len(lines))
    window = lines[start:start + r.randint(2, 30)]
    r.shuffle(window)
    return "\n".join(lines[:start] + window + lines[start + len(window):])


def _at_line(text: str, r: random.Random, change) -> str:
    lines = _lines(text)
    index = r.randrange(len(lines))
    return "\n".join(lines[:index] + change(lines[index]) + lines[index + 1:])


def _without_one(cells: list[str], r: random.Random) -> list[str]:
    if len(cells) > 1:
        del cells[r.randrange(len(cells))]
    return cells


def _bad_date(text: str, r: random.Random) -> str:
    bad = r.choice(["2023-13-45", "2023-02-30", "0000-00-00", "9999-99-99", "31/12/2023", "2023-1-1", "igår",
                    "2023-12-", "-2023-12-31", "20231231", "2023–12–31", "99999-01-01"])
    return text.replace("2023-12-31", bad, r.randint(1, 3)).replace("2024-12-31", bad, r.randint(0, 2))


def _insert(text: str, r: random.Random, piece: str) -> str:
    at = r.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


@st.composite
def mangled_texts(draw) -> tuple[str, str]:
    """(a bundled report's text after one to four manglings, what was done)."""
    name = draw(st.sampled_from(REPORTS))
    steps = draw(st.lists(st.sampled_from(sorted(MANGLINGS)), min_size=1, max_size=4))
    r = random.Random(draw(st.integers(0, 2**32)))
    text = TEXTS[name]
    for step in steps:
        text = MANGLINGS[step](text, r)
    return text, f"{name}: {', '.join(steps)}"


@st.composite
def mangled_files(draw) -> tuple[bytes, str, str]:
    """(file bytes, file name, what was done): a mangled text in some encoding, or a
    damaged Word or PDF file, or random bytes under a report's name."""
    kind = draw(st.sampled_from(["text", "text", "docx", "pdf", "random"]))
    r = random.Random(draw(st.integers(0, 2**32)))
    if kind == "text":
        text, done = draw(mangled_texts())
        encoding = draw(st.sampled_from(ENCODINGS))
        return text.encode(encoding, errors="replace"), "rapport.txt", f"{done} as {encoding}"
    if kind == "random":
        data = r.randbytes(r.randint(0, 20_000))
        suffix = draw(st.sampled_from([".txt", ".md", ".docx", ".pdf"]))
        return data, f"slump{suffix}", f"{len(data)} random bytes as {suffix}"
    name = draw(st.sampled_from(REPORTS[:3]))
    damage = draw(st.sampled_from(["truncate", "flip", "zero_block", "zip_member", "zip_version"]))
    original = WORD_FILES[name] if kind == "docx" else PDF_FILES[name]
    return _damaged(original, damage, kind, r), f"rapport.{kind}", f"{name} as {kind}, {damage}"


def _damaged(data: bytes, damage: str, kind: str, r: random.Random) -> bytes:
    if damage == "truncate":
        return data[: r.randrange(len(data))]
    if damage == "flip":
        damaged = bytearray(data)
        for _ in range(r.randint(1, 50)):
            damaged[r.randrange(len(damaged))] ^= 1 << r.randrange(8)
        return bytes(damaged)
    if damage == "zero_block":
        at = r.randrange(len(data))
        return data[:at] + bytes(r.randint(1, 4096)) + data[at + 1:]
    if kind == "pdf" or damage == "zip_member":
        if kind == "pdf":  # an object's stream cut short
            at = data.find(b"stream", r.randrange(len(data)))
            return data if at < 0 else data[:at + 8] + data[at + 8 + r.randint(1, 2000):]
        # Word: the document's XML cut, nested or replaced, the rest of the package intact.
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as package:
            for item in source.infolist():
                content = source.read(item)
                if item.filename == "word/document.xml":
                    content = r.choice([content[: r.randrange(len(content))], b"<w:document>" * 10_000,
                                        content.replace(b"<w:t>", b"<w:t><w:t>"), b"", b"\xff\xfe not xml"])
                package.writestr(item, content)
        return out.getvalue()
    # Word: a member that claims a zip version or compression method nobody supports.
    damaged = bytearray(data)
    at = damaged.find(b"PK\x01\x02")
    if at >= 0:
        damaged[at + (6 if r.random() < 0.5 else 10)] = 99
    return bytes(damaged)


WORD_FILES: dict[str, bytes] = {}
PDF_FILES: dict[str, bytes] = {}


@pytest.fixture(scope="module", autouse=True)
def documents():
    """The first three bundled reports as Word and as PDF, made once (tests/documents.py)."""
    for name in REPORTS[:3]:
        WORD_FILES[name] = word_document(TEXTS[name])
        PDF_FILES[name] = pdf_from_html(TEXTS[name])


# --- the properties ----------------------------------------------------------------------------

@fuzz(1200)
@given(mangled_texts())
def test_the_reader_reads_or_says_which_lines_it_cannot_read(case):
    text, done = case
    try:
        report = read_report(text, "rapport.txt")
    except ReportReadError as error:
        assert error.problems, done  # it says which lines
        assert all(problem.line >= 1 for problem in error.problems), done
        return
    for goal in report.goals:
        assert goal.line >= 1 and goal.title.strip(), done


@fuzz(500)
@given(mangled_files())
def test_text_extraction_reads_or_gives_a_swedish_message(case):
    data, name, done = case
    try:
        extracted = extract_text(data, name)
    except ExtractError as error:
        message = str(error)
        assert message.startswith(name) or name in message, (done, message)
        assert "Traceback" not in message
        return
    assert isinstance(extracted.text, str), done


@fuzz(200)
@given(mangled_files())
def test_planning_an_import_reads_or_refuses_and_writes_nothing(db, case):
    data, name, done = case
    before = digest(db)
    try:
        plan = plan_import(data, name, db_path=db, period="2023-T3")
    except ImportRefused as error:
        assert str(error).strip(), done
    else:
        assert plan.file_name == name, done
    assert digest(db) == before, done


@fuzz(30)
@given(mangled_texts())
def test_loading_a_mangled_report_is_all_or_nothing(db, case):
    text, done = case
    before = digest(db)
    counted = rows(db, "SELECT count(*) FROM reports")
    try:
        plan = plan_import(text.encode("utf-8"), "t3.txt", db_path=db, period="2023-T3",
                           organisation="Ånge kommun")
        result = commit_import(plan, actor="fuzz", db_path=db, accept_unplaced=True, confirm_replace=True)
    except (ImportRefused, StoreError) as error:
        assert str(error).strip(), done
        assert digest(db) == before, done  # refused: not a byte written
        return
    with duckdb.connect(str(db), read_only=True) as con:
        assert broken_references(con) == [], done
    if result.action != "oförändrad":
        # The whole report, every goal and activity row that was read, in one report.
        [(report_id,)] = rows(db, "SELECT report_id FROM reports WHERE content_sha256 = ?", plan.sha256)
        assert rows(db, "SELECT count(*) FROM goal_reports WHERE report_id = ?", report_id) == [
            (len(plan.report.goals),)], done
        assert rows(db, "SELECT count(*) FROM activity_reports WHERE report_id = ?", report_id) == [
            (len(plan.report.activities),)], done
    else:
        assert digest(db) == before and rows(db, "SELECT count(*) FROM reports") == counted, done

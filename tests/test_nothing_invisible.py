"""Every line of every bundled report ends up somewhere a person can see it: in a goal,
an activity, a section of text, an area's text, or a reading note that says why not."""

import re
import tomllib

import pytest

from tertial import MANIFEST_PATH, RAW_DIR
from tertial.reader import read_report, table_header
from tertial.text import collapse_spaces, html_to_text, strip_markdown

MANIFEST = tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
# Lines that only carry structure: labels and markdown-only lines.
STRUCTURE_ONLY = {"kommentar", "#", ""}


def words(text: str) -> str:
    return re.sub(r"[^\wåäöÅÄÖ]+", " ", text).lower().strip()


@pytest.mark.parametrize("entry", MANIFEST["report"], ids=lambda e: e["file"])
def test_every_line_is_placed_or_noted(entry):
    text = (RAW_DIR / entry["file"]).read_text(encoding="utf-8")
    report = read_report(text, entry["file"], goal_level=entry["goal_level"], status_aliases=entry.get("status_aliases", {}))
    noted = {note.line for note in report.notes}
    shown = [report.title]
    shown += [f"{a.heading_as_printed} {a.text}" for a in report.areas]
    shown += [f"{g.code or ''} {g.title} {g.grade_as_printed or ''} {g.comment}" for g in report.goals]
    shown += [
        f"{a.title_as_printed} {a.start_date or ''} {a.end_date or ''} {a.responsible_unit or ''} "
        f"{a.description} {a.status_as_printed} {a.comment}"
        for a in report.activities
    ]
    shown += [f"{s.heading or ''} {s.text}" for s in report.sections]
    visible = words(" ".join(shown))
    missing = []
    for number, line in enumerate(text.split("\n"), start=1):
        if number in noted or table_header(line) is not None:
            continue
        # Table cells and dates are stored in fields of their own: check each part.
        for part in re.split(r"\t|(\d{4}-\d{2}-\d{2})", line):
            plain = words(html_to_text(strip_markdown(collapse_spaces(part or ""))))
            if plain not in STRUCTURE_ONLY and plain not in visible:
                missing.append((number, part.strip()[:60]))
    assert missing == []

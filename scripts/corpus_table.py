"""Print the README's table of the corpus: each document made by another tool, what it
reads to, and whether its rows equal its text version's.

It runs the checks of tests/test_corpus.py (the same functions) on a copy of a database
built from the bundled reports:
- Ånge's documents and the shared ones: imported over the bundled database they must be
  recognised as the loaded report and change nothing, and loaded in place of their text
  export they must give the same goal and activity view rows;
- the other reports' documents: read, they must give the figures written down by hand
  beside the text, with no line left unplaced.
"Rows equal" is yes only when every check holds; otherwise the first problem is shown.

Run:  .venv/bin/python scripts/corpus_table.py [--only TEXT]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import test_corpus as checks  # noqa: E402  (the tests' own checks, from tests/)
from tertial.build import build_database  # noqa: E402


def cell(text: str, limit: int = 160) -> str:
    """A message as one table cell: one line, no column bars, long ones cut."""
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="only the documents whose path holds this text")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tertial-corpus-table-"))
    try:
        bundled = work / "bundled.duckdb"
        build_database(bundled)
        text_rows = checks.text_view_rows(bundled)

        def fresh() -> Path:
            copy = work / "copy.duckdb"
            shutil.copy(bundled, copy)
            return copy

        cases = []
        for entry in checks.DOCUMENTS:
            cases.append((entry["document"], entry["toolchain"], entry))
        if checks.SHARED.is_dir():
            for name in sorted(checks.SHARED_DOCUMENTS):
                cases.append((f"../shared/documents/{name}", "made elsewhere", name))
        print("| document | toolchain | goals | graded | activities | rows equal the text version's |")
        print("|---|---|---|---|---|---|")
        equal = 0
        shown = 0
        for label, toolchain, case in cases:
            if args.only and args.only not in label:
                continue
            shown += 1
            if isinstance(case, dict) and case["kind"] == "other":
                reading = checks.against_the_written_figures(checks.CORPUS / case["document"], ROOT / case["expected"])
                problems = reading.problems
            else:
                if isinstance(case, dict):
                    path, text_file, options = checks.CORPUS / case["document"], *checks._ange_case(case)[1:]
                else:
                    text_file, extra = checks.SHARED_DOCUMENTS[case]
                    path = checks.SHARED / case
                    options = checks.plan_options(text_file, period=extra["period"]) if extra else {}
                reading = checks.over_the_bundled_database(path, text_file, options, fresh())
                in_place = checks.in_place_of_the_text(path, text_file, options, fresh(), text_rows)
                problems = reading.problems + in_place.problems
            counts = [str(n) if n is not None else "–" for n in (reading.goals, reading.graded, reading.activities)]
            # The file's name starts the reader's messages; the row names it already.
            name = Path(label).name
            first = problems[0].replace(f"Rapporten {name} ", "").replace(f"{name}, ", "") if problems else ""
            verdict = "yes" if not problems else f"no: {cell(first)}"
            equal += not problems
            print(f"| `{label}` | {toolchain} | {' | '.join(counts)} | {verdict} |", flush=True)
        print(f"\n{equal} of {shown} documents read to the same rows as their text version.")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed and memory of reading and building, measured on the bundled reports.

Run: .venv/bin/python scripts/benchmark.py [--repeat N]
     .venv/bin/python scripts/benchmark.py --only report [--repeat N]   (the tertial report only)
Targets (for a 2-core machine): each report read in under 0.5 s, the whole build in
under 5 s, an import or an undo in under 5 s, a page's queries in under 0.2 s each, peak memory under 500 MB,
the tertial report of 2023-T2 in both formats (charts drawn) in at most 4 s.
Timings are medians over the repeats; the machine is shared, so expect noise: the report's
part gives the load average before and after, and writes bench/results/report-<time>.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tertial import MANIFEST_PATH, RAW_DIR  # noqa: E402
from tertial.build import build_database  # noqa: E402
from tertial.db import connect  # noqa: E402
from tertial.importing import commit_import, plan_import, remove_report, undo  # noqa: E402
from tertial.quality import GRACE_DAYS  # noqa: E402
from tertial.queries import query_names, query_parameters, run_query  # noqa: E402
from tertial.store import new_version  # noqa: E402
from tertial.reader import read_report  # noqa: E402
from tertial import spelling  # noqa: E402
from tertial.split_words import _read_word_list  # noqa: E402

# A realistic value for every parameter a named query binds (the busiest period).
SAMPLE_PARAMETERS = {
    "period": "2023-T2", "focus_area": None, "goal_level": "KS", "unit": None,
    "report_id": 2, "on_date": date(2023, 12, 31), "goal_id": 16, "report_ids": [2], "organisation_id": 1,
    "organisation_ids": [1],
    "body": "Kommunstyrelsen", "organisation": "Ånge kommun", "shared_area": None, "grace_days": GRACE_DAYS,
    "from_period": "2023-T1", "to_period": "2023-T2", "first_year": None,
}
TARGETS = {"read": 0.5, "build": 5.0, "query": 0.2, "import": 5.0, "peak_mb": 500, "report": 4.0}
RESULTS = Path(__file__).resolve().parent.parent / "bench" / "results"


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def import_documents(manifest: dict, repeat: int) -> list[str]:
    """Each bundled report with goals as Word, Word printed to PDF and a browser's HTML
    print (tests/documents.py), read and imported in place of its text export: seconds,
    pages, and whether the view rows equal the text build's."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from documents import LAYOUTS, document, pdf_from_html
    from report_figures import ACTIVITY_ROWS, GOAL_ROWS, READ_OFF

    failures = []
    print("each report as Word and PDF, imported in place of its text export (median of the repeats, and the")
    print("first, which reads the word list and loads the speller as a fresh process does):")
    print(f"  {'report':28} {'layout':15} {'pages':>5} {'goals':>5} {'activities':>10} {'equal rows':>10} {'import':>8}"
          f" {'first':>10}")
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "built.duckdb"
        build_database(built)
        with connect(built) as con:
            expected = (con.execute(GOAL_ROWS).fetchall(), con.execute(ACTIVITY_ROWS).fetchall())
        entries = {entry["file"]: entry for entry in manifest["report"]}
        # The T2 report printed in a larger type: the 20-page PDF of the target.
        t2 = "001_2318b0fccc3d977e.txt"
        long_print = (pdf_from_html((RAW_DIR / t2).read_text(encoding="utf-8"), body_pt=12), "rapport-20-sidor.pdf")
        cases = [(report, layout, document(report, layout)) for report in READ_OFF for layout in LAYOUTS]
        cases.append((t2, "html-pdf 12pt", long_print))
        # The documents made outside the project (../shared/documents/README.md says which
        # report each one holds).
        shared = Path(__file__).resolve().parent.parent.parent / "shared" / "documents"
        for file, report in (("t2-2023.pdf", t2), ("stab-2024.pdf", "002_b08c0454ff5f1aaf.txt"),
                             ("stab-2024.docx", "002_b08c0454ff5f1aaf.txt")):
            if (shared / file).exists():
                cases.append((report, file, ((shared / file).read_bytes(), file)))
        for report, layout, (data, name) in cases:
            entry = entries[report]
            times, equal, plan = [], None, None
            # The first import of each case is as a fresh server process's first: the
            # word list and the speller are read again (once per process after that).
            _read_word_list.cache_clear()
            spelling._speller.cache_clear()
            for _ in range(repeat):
                db_path = Path(folder) / "import.duckdb"
                shutil.copy(built, db_path)
                with new_version(db_path) as con:
                    [(report_id,)] = con.execute("SELECT report_id FROM reports WHERE file_name = ?", [report]).fetchall()
                    remove_report(con, report_id)
                started = time.perf_counter()
                plan = plan_import(data, name, db_path=db_path, period=entry["period"], as_of=entry["as_of"],
                                   goal_level=entry["goal_level"], body=entry["body"], unit=entry.get("unit"),
                                   title=entry["title"])
                commit_import(plan, actor="benchmark", db_path=db_path)
                times.append(time.perf_counter() - started)
                with connect(db_path) as con:
                    equal = (con.execute(GOAL_ROWS).fetchall(), con.execute(ACTIVITY_ROWS).fetchall()) == expected
            seconds = statistics.median(times)
            pages = _pages(data, name)
            print(f"  {report:28} {layout:15} {pages or '':>5} {len(plan.report.goals):>5} "
                  f"{len(plan.report.activities):>10} {'ja' if equal else 'NEJ':>10} {seconds * 1000:6.0f}ms"
                  f" {times[0] * 1000:8.0f}ms")
            if max(times) > TARGETS["import"] or not equal:
                failures.append(f"{layout} {report}")
    return failures


def report_timings(db_path: Path, repeat: int) -> list[str]:
    """The tertial report of 2023-T2 as Word and PDF with its three charts: the command's
    own count (python -m tertial rapport, a fresh process each time, as a user runs it),
    make_report in this process, and its parts one by one (the queries, the browser's
    start and the figures, each writer without charts); medians over the repeats."""
    from tertial.report import ReportRequest, build_report, make_report, render_pdf, write_docx
    from tertial.report.chart_images import ChartDrawer, unavailable_reason

    failures = []
    request = ReportRequest("2023-T2")
    load_before = os.getloadavg()
    reason = unavailable_reason()
    print("the tertial report of 2023-T2, Word and PDF" + (f" (no charts: {reason})" if reason else ", three charts")
          + f"; load average {load_before[0]:.2f} before:")
    command, wall = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "tertial", "rapport", "--db", str(db_path), "--period", "2023-T2",
                 "--out", str(Path(folder) / "r.pdf"), "--out", str(Path(folder) / "r.docx")],
                capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, check=True)
            wall.append(time.perf_counter() - started)
            command.append(float(re.search(r" på ([\d.]+) s:", done.stdout).group(1)))
    parts: dict[str, list[float]] = {"make_report": [], "queries (build_report, no charts)": [],
                                     "browser start": [], "three figures": [], "pdf (no charts)": [],
                                     "docx (no charts)": []}
    with connect(db_path, read_only=True) as con:
        for _ in range(repeat):
            started = time.perf_counter()
            made = make_report(con, request, database_name=db_path.name)
            parts["make_report"].append(time.perf_counter() - started)
            started = time.perf_counter()
            plain = build_report(con, request, database_name=db_path.name, draw=None)
            parts["queries (build_report, no charts)"].append(time.perf_counter() - started)
            started = time.perf_counter()
            render_pdf(plain)
            parts["pdf (no charts)"].append(time.perf_counter() - started)
            started = time.perf_counter()
            write_docx(plain)
            parts["docx (no charts)"].append(time.perf_counter() - started)
            if not reason:
                figures = []

                def keep(drawn, figures=figures):
                    figures.extend(drawn)  # the report's figures, kept; no images (the report takes its tables)
                    return []

                build_report(con, request, database_name=db_path.name, draw=keep)
                started = time.perf_counter()
                with ChartDrawer() as drawer:
                    drawer._opened.result()  # noqa: SLF001 - the start alone, measured
                    parts["browser start"].append(time.perf_counter() - started)
                    started = time.perf_counter()
                    [png.result() for png in drawer.draw(figures)]
                    parts["three figures"].append(time.perf_counter() - started)
    load_after = os.getloadavg()
    rows = [("python -m tertial rapport, its own count", command),
            ("  the same, the whole process (imports, browser shut)", wall)]
    rows += [(name, values) for name, values in parts.items() if values]
    for name, values in rows:
        print(f"  {name:52} {statistics.median(values) * 1000:7.0f}ms  (min {min(values) * 1000:.0f}, "
              f"max {max(values) * 1000:.0f})" + (f" {TARGETS['report'] * 1000:6.0f}ms"
                                                  if name.startswith("python") else ""))
    print(f"  load average after: {load_after[0]:.2f}; {made.files['.pdf'][:4].decode()} "
          f"{len(made.files['.pdf']) // 1024} kB, docx {len(made.files['.docx']) // 1024} kB")
    if statistics.median(command) > TARGETS["report"]:
        failures.append("report 2023-T2")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent).stdout.strip() or "unknown"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {"machine": machine, "measured": datetime.now().isoformat(timespec="seconds"), "commit": commit,
                "targets": {"report_s": TARGETS["report"]}, "repeat": repeat, "charts": not reason,
                "load_average_before": load_before, "load_average_after": load_after,
                "results": {name: {"median_s": statistics.median(values), "min_s": min(values), "max_s": max(values),
                                   "runs_s": values} for name, values in rows}}
    (RESULTS / f"report-{stamp}.json").write_text(json.dumps(document, indent=1), encoding="utf-8")
    lines = [f"Code: commit {commit}.", "",
             f"Measured {datetime.now():%Y-%m-%d %H:%M} on {machine}; load average {load_before[0]:.2f} before, "
             f"{load_after[0]:.2f} after (the 1-minute average; the runs' own Chromium and Python count in it: "
             "nothing else ran).", "",
             f"The tertial report of 2023-T2 as Word and PDF{'' if not reason else ' (no charts: ' + reason + ')'}, "
             f"{repeat} runs (scripts/benchmark.py --only report). Target: the command's own count ≤ "
             f"{TARGETS['report']:.0f} s.", "", "| what | median s | min s | max s |", "|---|---|---|---|"]
    lines += [f"| {name.strip()} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |"
              for name, values in rows]
    (RESULTS / f"report-{stamp}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"  written: bench/results/report-{stamp}.json and .md")
    return failures


def _pages(data: bytes, name: str) -> int | None:
    if not name.endswith(".pdf"):
        return None
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("report",), help="measure only this part")
    args = parser.parse_args()
    manifest = tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    failures = []
    if args.only == "report":
        with tempfile.TemporaryDirectory() as folder:
            db_path = Path(folder) / "bench.duckdb"
            build_database(db_path)
            failures += report_timings(db_path, args.repeat)
        print("all targets met" if not failures else f"targets missed: {', '.join(failures)}")
        return 1 if failures else 0
    print(f"{'what':45} {'median':>9} {'target':>8}")
    for entry in manifest["report"]:
        text = (RAW_DIR / entry["file"]).read_text(encoding="utf-8")
        seconds = median_seconds(
            lambda: read_report(text, entry["file"], goal_level=entry["goal_level"],
                                status_aliases=entry.get("status_aliases", {})),
            args.repeat,
        )
        print(f"read {entry['file']:40} {seconds * 1000:7.1f}ms {TARGETS['read'] * 1000:6.0f}ms")
        if seconds > TARGETS["read"]:
            failures.append(f"read {entry['file']}")
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.duckdb"
        seconds = median_seconds(lambda: build_database(db_path), args.repeat)
        print(f"{'build (5 reports, new file)':45} {seconds * 1000:7.1f}ms {TARGETS['build'] * 1000:6.0f}ms")
        if seconds > TARGETS["build"]:
            failures.append("build")
        con = connect(db_path)
        for view in ("goal_assessments", "activity_statuses"):
            seconds = median_seconds(lambda: con.execute(f"SELECT * FROM {view}").fetchall(), args.repeat)
            print(f"{'select * from ' + view:45} {seconds * 1000:7.1f}ms {TARGETS['query'] * 1000:6.0f}ms")
            if seconds > TARGETS["query"]:
                failures.append(view)
        for name in query_names():
            wanted = query_parameters(name)
            if not wanted <= set(SAMPLE_PARAMETERS):
                print(f"query {name:39} skipped: no sample for {sorted(wanted - set(SAMPLE_PARAMETERS))}")
                continue
            params = {key: SAMPLE_PARAMETERS[key] for key in wanted}
            seconds = median_seconds(lambda: run_query(con, name, params), args.repeat)
            print(f"query {name:39} {seconds * 1000:7.1f}ms {TARGETS['query'] * 1000:6.0f}ms")
            if seconds > TARGETS["query"]:
                failures.append(f"query {name}")
        con.close()
        failures += report_timings(db_path, args.repeat)
    print("import of each bundled report into a database holding the other four, then undo:")
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "built.duckdb"
        build_database(built)
        for entry in manifest["report"]:
            db_path = Path(folder) / "import.duckdb"
            shutil.copy(built, db_path)
            with new_version(db_path) as con:
                [(report_id,)] = con.execute("SELECT report_id FROM reports WHERE file_name = ?", [entry["file"]]).fetchall()
                remove_report(con, report_id)
            data = (RAW_DIR / entry["file"]).read_bytes()
            started = time.perf_counter()
            plan = plan_import(data, entry["file"], db_path=db_path, period=entry["period"], as_of=entry["as_of"],
                               goal_level=entry["goal_level"], body=entry["body"], unit=entry.get("unit"))
            result = commit_import(plan, actor="benchmark", db_path=db_path)
            imported = time.perf_counter() - started
            started = time.perf_counter()
            undo(result.audit_id, actor="benchmark", db_path=db_path)
            undone = time.perf_counter() - started
            print(f"  {entry['file']:40} import {imported * 1000:6.0f}ms   undo {undone * 1000:6.0f}ms")
            if imported > TARGETS["import"] or undone > TARGETS["import"]:
                failures.append(f"import/undo {entry['file']}")
    failures += import_documents(manifest, args.repeat)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory (max RSS)':45} {peak_mb:7.1f}MB {TARGETS['peak_mb']:6.0f}MB")
    if peak_mb > TARGETS["peak_mb"]:
        failures.append("memory")
    print("all targets met" if not failures else f"targets missed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

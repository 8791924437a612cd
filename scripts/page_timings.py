"""How long each page of app.py takes to run on the server, measured with Streamlit's AppTest.

Run: .venv/bin/python scripts/page_timings.py [--db PATH] [--runs 7] [--json PATH]

Without --db, the bundled reports in data/raw are built into a temporary database first
(tertial.build.build_database). Every page in pages/ is opened through app.py's
navigation (`AppTest.switch_page`) with no link parameters, as a visitor opens it from the
menu; the editor pages render read-only because TERTIAL_EDITOR_PASSWORD is unset here.

What is measured, for each page, in milliseconds of wall-clock time around `AppTest.run()`
(the script run on Streamlit's script thread plus AppTest's handling of the elements it
sends: the server side of a rerun, without the network and the browser):

- first run: st.cache_data and st.cache_resource are cleared, then a fresh AppTest runs
  the page once. That is a page's first run after the database changed (all query results
  and the connection are keyed by the data version, so a new version starts cold), in a
  process that has already imported streamlit and the app's modules: before measuring,
  every page is run once unmeasured so that no page pays Python's module imports, which a
  server pays once at start, not per visit; likewise the fresh AppTest is handed the
  custom-component registry found in that first pass (AppTest otherwise scans every
  installed package's metadata on a new instance's first run, ~200 ms, where a server does
  it once at start). Repeated `runs` times, each with cleared caches and a new AppTest.
  Likewise the runs share one compiled-script cache, as a server's runtime keeps one (it
  compiles app.py and a page once, until the file changes); AppTest otherwise makes a new
  cache, and parses and compiles both files again, on every run.
- warm run: the same AppTest as the last first run, run again without changing a widget
  (a rerun with every cache filled and the session's state kept), `runs` times.

Each page gets the median and the 95th percentile (nearest rank: with 7 runs, the slowest)
of both, and the median CPU time of this process over the same runs (all its threads:
the script thread, DuckDB's and AppTest's). Wall-clock time is the target's measure; CPU
time leaves out the time the process waited for a core while other processes ran, so a
CPU time well below the wall-clock time means a busy machine rather than a slow page.
Targets (issue "Speed and scale", 2-core machine, bundled data): warm run median at most
100 ms, first run median at most 300 ms.

measure_pages(db_path, runs) is importable, for benchmarks on bigger databases.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from tertial.db import ENV_DB_PATH  # noqa: E402

APP = PROJECT_ROOT / "app.py"
PAGES_DIR = PROJECT_ROOT / "pages"
EDITOR_PASSWORD = "TERTIAL_EDITOR_PASSWORD"
WARM_TARGET_MS = 100
FIRST_TARGET_MS = 300
TIMEOUT_S = 120


def page_paths() -> list[str]:
    """Every page of the app as AppTest.switch_page wants it: 'pages/x.py'."""
    return [f"{PAGES_DIR.name}/{path.name}" for path in sorted(PAGES_DIR.glob("*.py"))]


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@contextmanager
def _environment(db_path: Path) -> Iterator[None]:
    """The app on db_path, read-only for editors; the environment restored afterwards."""
    saved = {name: os.environ.get(name) for name in (ENV_DB_PATH, EDITOR_PASSWORD)}
    os.environ[ENV_DB_PATH] = str(db_path)
    os.environ.pop(EDITOR_PASSWORD, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _between_runs() -> Iterator[None]:
    """Quiet: outside a script run Streamlit warns that it has no runtime or script context
    at every cache clear and new AppTest. No page runs meanwhile, so nothing else is lost."""
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def _clear_caches() -> None:
    import streamlit as st

    from tertial.webapp import forget_query_results

    with _between_runs():
        st.cache_data.clear()
        st.cache_resource.clear()
        forget_query_results()


def _timed_run(at) -> tuple[float, float, object]:
    """(wall-clock ms, process CPU ms, the AppTest) of one run."""
    started, cpu_started = time.perf_counter(), time.process_time()
    at.run()
    elapsed_ms = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - cpu_started) * 1000
    if at.exception:
        raise RuntimeError(f"{at.exception[0].message}\n{''.join(at.exception[0].stack_trace)}")
    return elapsed_ms, cpu_ms, at


# Streamlit's custom-component registry, discovered once per process as a server does at
# start. A fresh AppTest otherwise scans the metadata of every installed package on its
# first run (about 200 ms here), which is the test harness's cost, not the page's.
_component_registry = None


def _fresh_app(page: str):
    from streamlit.testing.v1 import AppTest

    with _between_runs():
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
        if _component_registry is not None and hasattr(at, "_bidi_component_manager"):
            at._bidi_component_manager = _component_registry
        return at.switch_page(page)


def _keep_component_registry(at) -> None:
    global _component_registry
    _component_registry = getattr(at, "_bidi_component_manager", None)


@contextmanager
def _one_script_cache() -> Iterator[None]:
    """Every AppTest run in the block uses one ScriptCache, as a server does."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    modules = (app_test, local_script_runner)
    saved = [module.ScriptCache for module in modules]
    for module in modules:
        module.ScriptCache = lambda: shared
    try:
        yield
    finally:
        for module, original in zip(modules, saved):
            module.ScriptCache = original


def measure_page(page: str, runs: int) -> dict:
    """One page's first and warm runs (see the module's docstring), in milliseconds."""
    first, warm, first_cpu, warm_cpu = [], [], [], []
    at = None
    for _ in range(runs):
        _clear_caches()
        elapsed, cpu, at = _timed_run(_fresh_app(page))
        first.append(elapsed)
        first_cpu.append(cpu)
    for _ in range(runs):
        elapsed, cpu, at = _timed_run(at)
        warm.append(elapsed)
        warm_cpu.append(cpu)
    return {
        "page": page,
        "first_median_ms": statistics.median(first),
        "first_p95_ms": percentile(first, 0.95),
        "warm_median_ms": statistics.median(warm),
        "warm_p95_ms": percentile(warm, 0.95),
        "first_cpu_median_ms": statistics.median(first_cpu),
        "warm_cpu_median_ms": statistics.median(warm_cpu),
        "first_runs_ms": first,
        "warm_runs_ms": warm,
    }


def measure_pages(db_path: str | os.PathLike, runs: int = 7, pages: Sequence[str] | None = None) -> list[dict]:
    """Each page's timings on the database at db_path: one dict per page with page,
    first_median_ms, first_p95_ms, warm_median_ms, warm_p95_ms, first_cpu_median_ms,
    warm_cpu_median_ms and the single runs (first_runs_ms, warm_runs_ms).
    pages: 'pages/x.py' paths, default all. Raises RuntimeError when a page fails."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    pages = list(pages or page_paths())
    with _environment(Path(db_path)), _one_script_cache():
        for page in pages:  # imports and one-time set-up, paid by a server once, not measured
            _clear_caches()
            *_, at = _timed_run(_fresh_app(page))
            _keep_component_registry(at)
        results = [measure_page(page, runs) for page in pages]
        _clear_caches()
    return results


def markdown_table(results: Sequence[dict]) -> str:
    lines = [
        "| page | warm median | warm p95 | first median | first p95 | warm CPU | first CPU | targets met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        met = result["warm_median_ms"] <= WARM_TARGET_MS and result["first_median_ms"] <= FIRST_TARGET_MS
        lines.append(
            f"| {Path(result['page']).stem} | {result['warm_median_ms']:.0f} ms | {result['warm_p95_ms']:.0f} ms "
            f"| {result['first_median_ms']:.0f} ms | {result['first_p95_ms']:.0f} ms "
            f"| {result['warm_cpu_median_ms']:.0f} ms | {result['first_cpu_median_ms']:.0f} ms | {'yes' if met else 'NO'} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the database to measure on (default: build the bundled one)")
    parser.add_argument("--runs", type=int, default=7, help="runs per page and kind (default 7)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--page", action="append", help="only this page (pages/x.py); may be repeated")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db
        if db_path is None:
            from tertial.build import build_database

            db_path = Path(folder) / "tertial.duckdb"
            build_database(db_path)
        results = measure_pages(db_path, args.runs, args.page)
    print(f"Server-side run time per page, median and p95 of {args.runs} runs (database: {args.db or 'bundled'})")
    print()
    print(markdown_table(results))
    if args.json:
        args.json.write_text(
            json.dumps({"database": str(args.db or "bundled"), "runs": args.runs, "pages": results}, indent=2),
            encoding="utf-8",
        )
    met = all(r["warm_median_ms"] <= WARM_TARGET_MS and r["first_median_ms"] <= FIRST_TARGET_MS for r in results)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

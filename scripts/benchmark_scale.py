"""Speed and memory at scale: the bundled data, then synthetic databases of 1, 29 and 290
organisations × 10 years (python -m tertial synth), measured the same way at each scale.

Run: .venv/bin/python scripts/benchmark_scale.py [--scales 1,29,290] [--years 10] [--runs 7] [--browser]
     .venv/bin/python scripts/benchmark_scale.py --writes --scales 290 --runs 5   (the writes only)

For each scale it reports:
- the database: generation (or build) time, file size, rows in the two public views;
- every named query: p50 and p95 over the runs, with the default organisation and its
  newest graded period;
- every page's whole server-side run through AppTest, first and warm, p50 and p95
  (scripts/page_timings.py, run in a child process whose peak memory is the app
  process's peak memory);
- the writes: a report into an empty slot (a new organisation) and into the default
  organisation's filled slot (a replacement), and each one's undo;
- the dashboard's main aggregations (goals per grade, activities per status with overdue,
  the committee's counts; per organisation and period) in DuckDB on the file, read as
  the dashboard reads (tertial.queries.frame_of), and in memory with pandas and with
  polars from the same rows, as the comparison, over three scopes: one organisation's
  period (what Översikt, Mål and Aktiviteter ask), one period's every organisation (what
  Översikt's comparison asks) and every organisation and period;
- with --browser: filter click → repainted page in Chromium (scripts/benchmark_browser.py),
  at the bundled scale and at the largest.
It writes bench/results/scale-<time>.json and .md, and bench/results/latest.{json,md}.
Targets (issue "Speed and scale", 2-core machine): bundled build ≤ 2 s; at the largest
scale every page ≤ 300 ms warm p95, the aggregations in DuckDB ≥ 5× faster than pandas
and no slower than polars, the app process ≤ 600 MB; filter → repaint ≤ 1 s p95; an import,
a replacement and an undo ≤ 2 s each.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import duckdb  # noqa: E402
import polars as pl  # noqa: E402

from tertial import RAW_DIR  # noqa: E402
from tertial.build import build_database  # noqa: E402
from tertial.db import connect  # noqa: E402
from tertial.quality import GRACE_DAYS  # noqa: E402
from tertial.queries import frame_of, parameters_of, query_names, query_parameters, run_query  # noqa: E402

from page_timings import percentile  # noqa: E402

RESULTS = PROJECT_ROOT / "bench" / "results"
WRITE_TARGET_S = 2.0  # an import, a replacement or an undo at 290 × 10 (issue 21)
TARGETS = {"bundled_build_s": 2.0, "page_warm_p95_ms": 300, "duckdb_vs_pandas": 5.0, "app_peak_mb": 600,
           "repaint_p95_s": 1.0}


REPAINT_CLICKS = 20


def timed(action, runs: int) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 0.95)}


def make_database(organisations: int | None, years: int, folder: Path) -> tuple[Path, float]:
    """The bundled database (organisations None) or a synthetic one; seconds it took."""
    started = time.perf_counter()
    if organisations is None:
        path = folder / "bundled.duckdb"
        build_database(path)
    else:
        path = folder / f"synth-{organisations}x{years}.duckdb"
        subprocess.run(
            [sys.executable, "-m", "tertial", "synth", "--organisations", str(organisations), "--years", str(years),
             "--db", str(path), "--seed", "1"],
            cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL,
        )
    return path, time.perf_counter() - started


def sample_parameters(con) -> dict:
    """The default organisation and its newest period with graded goals."""
    organisation = run_query(con, "organisations", {})["organisation"][0]
    periods = run_query(con, "periods", {"organisation": organisation})
    period = periods.filter(pl.col("is_default"))["period"][0]
    # Förändringar's pair: that period and the one before it with a report (newest first).
    keys = periods["period"].to_list()
    earlier = keys[keys.index(period) + 1] if keys.index(period) + 1 < len(keys) else period
    return {
        "organisation": organisation, "period": period, "focus_area": None, "goal_level": None, "unit": None,
        "first_year": None,
        "report_id": 1, "on_date": datetime(2024, 12, 31).date(), "report_ids": [1], "organisation_id": 1,
        "organisation_ids": [1],
        "body": "Kommunstyrelsen", "shared_area": None, "from_period": earlier, "to_period": period,
        "grace_days": GRACE_DAYS, "model_year": int(period[:4]), "except_report_id": None,
    }


def query_times(path: Path, runs: int) -> dict:
    with connect(path) as con:
        params = sample_parameters(con)
        results = {}
        for name in query_names():
            wanted = {key: params[key] for key in query_parameters(name)}
            results[name] = timed(lambda: run_query(con, name, wanted), runs)
    return results


def page_times(path: Path, runs: int) -> tuple[list[dict], float]:
    """Every page through AppTest in a child process; that child's own peak memory in MB
    (os.wait4 gives one child's usage; RUSAGE_CHILDREN would include the generator's)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        # It exits 1 when a page misses its bundled-data target: the figures are what matter here.
        child = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "scripts" / "page_timings.py"), "--db", str(path),
                                  "--runs", str(runs), "--json", out.name], cwd=PROJECT_ROOT,
                                 stdout=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        child.returncode = 0  # reaped by wait4
        figures = json.loads(Path(out.name).read_text(encoding="utf-8"))
    return figures["pages"], usage.ru_maxrss / 1024


WRITES = ("import", "import_undo", "replace", "undo")


def import_and_undo(path: Path, rounds: int = 1) -> dict:
    """The writes a user makes, each timed from reading the report to the new version of
    the file in place, rounds times: a report into an empty slot (a new organisation,
    `import`) and its undo, and a report into the default organisation's filled main slot
    (a replacement, `import --replace`) and its undo. Each undo leaves the file as it was,
    so every round, and what is measured after, sees the database as made. Median and
    slowest of each. (Results up to 2026-12-07 timed the replacement and its undo only,
    as import_ms and undo_ms.)"""
    from tertial.importing import commit_import, plan_import, undo

    text = (RAW_DIR / "001_2318b0fccc3d977e.txt").read_text(encoding="utf-8")
    with connect(path) as con:
        organisation = run_query(con, "organisations", {})["organisation"][0]
    times: dict[str, list[float]] = {write: [] for write in WRITES}
    actions = {}

    def timed_write(write, action):
        started = time.perf_counter()
        result = action()
        times[write].append((time.perf_counter() - started) * 1000)
        return result

    for _ in range(rounds):
        for write, document, name, replace in (("import", "Benchmarkkommun", "Benchmarkkommun", False),
                                               ("replace", "vår kommun", organisation, True)):
            data = text.replace("Ånge kommun", document).encode("utf-8")

            def load():
                plan = plan_import(data, "tertialrapport.txt", db_path=path, organisation=name)
                return commit_import(plan, actor="benchmark", db_path=path, confirm_replace=replace,
                                     new_organisation=name if plan.new_organisation else None)

            result = timed_write(write, load)
            actions[write] = result.action
            timed_write("undo" if replace else "import_undo",
                        lambda: undo(result.audit_id, actor="benchmark", db_path=path))
    figures = {f"{write}_ms": statistics.median(values) for write, values in times.items()}
    figures |= {f"{write}_max_ms": max(values) for write, values in times.items()}
    return figures | {"rounds": rounds, "action": actions["replace"], "import_action": actions["import"]}


# The dashboard's main aggregations, three ways over the same rows: the public tables'
# rows, in DuckDB from the file, and in memory as pandas and polars frames (what a
# dashboard without a database would hold). Three scopes: what a page asks (one
# organisation's period), what Översikt's comparison of organisations asks (one period,
# every organisation), and everything (every organisation and period).
AGGREGATIONS_SQL = {
    "goals per grade": """
        SELECT organisation, period, coalesce(grade, 'Ej bedömd') AS grade, count(*) AS goals
        FROM goal_assessments WHERE {scope} GROUP BY ALL""",
    "activities per status": """
        SELECT organisation, period, status, count(*) AS activities, count(*) FILTER (WHERE overdue) AS overdue
        FROM activity_statuses WHERE {scope} GROUP BY ALL""",
    "committee counts": """
        SELECT organisation, period, count(*) AS total,
               count(*) FILTER (WHERE grade IN ('Uppfyllt', 'Delvis uppfyllt')) AS fulfilled
        FROM goal_assessments WHERE goal_level = 'KS' AND {scope} GROUP BY ALL""",
}
SCOPES = {"page": "organisation = $organisation AND period = $period", "period": "period = $period",
          "national": "true"}
FULFILLED = ["Uppfyllt", "Delvis uppfyllt"]


def _pandas_ways(goals, activities, chosen):
    def pandas_goals():
        g = chosen(goals)
        return g.assign(grade=g["grade"].fillna("Ej bedömd")).groupby(["organisation", "period", "grade"]).size()

    def pandas_activities():
        return chosen(activities).groupby(["organisation", "period", "status"]).agg(
            activities=("status", "size"), overdue=("overdue", "sum"))

    def pandas_committee():
        g = chosen(goals)
        ks = g[g["goal_level"] == "KS"]
        return ks.assign(fulfilled=ks["grade"].isin(FULFILLED)).groupby(["organisation", "period"]).agg(
            total=("grade", "size"), fulfilled=("fulfilled", "sum"))

    return {"goals per grade": pandas_goals, "activities per status": pandas_activities,
            "committee counts": pandas_committee}


def _polars_ways(goals, activities, chosen):
    def polars_goals():
        return chosen(goals).with_columns(pl.col("grade").fill_null("Ej bedömd")).group_by(
            "organisation", "period", "grade").len()

    def polars_activities():
        return chosen(activities).group_by("organisation", "period", "status").agg(
            pl.len().alias("activities"), pl.col("overdue").sum())

    def polars_committee():
        return chosen(goals).filter(pl.col("goal_level") == "KS").group_by("organisation", "period").agg(
            pl.len().alias("total"), pl.col("grade").is_in(FULFILLED).sum().alias("fulfilled"))

    return {"goals per grade": polars_goals, "activities per status": polars_activities,
            "committee counts": polars_committee}


def _rows(result) -> list[tuple]:
    """Sorted plain tuples of a DuckDB, pandas or polars result, to check they agree."""
    if hasattr(result, "iter_rows"):
        rows = result.iter_rows()
    else:
        rows = result.reset_index().itertuples(index=False)
    return sorted(tuple(int(v) if hasattr(v, "item") else v for v in row) for row in rows)


def aggregations(path: Path, runs: int) -> dict:
    """{scope: {aggregation: {"duckdb"|"pandas"|"polars": timings}}} for the two scopes."""
    with connect(path) as con:
        goals_pl = con.sql("SELECT organisation, period, grade, goal_level FROM goal_assessments").pl()
        activities_pl = con.sql("SELECT organisation, period, status, overdue FROM activity_statuses").pl()
        params = sample_parameters(con)
    organisation, period = params["organisation"], params["period"]
    goals_pd, activities_pd = goals_pl.to_pandas(), activities_pl.to_pandas()
    chosen = {
        "page": (lambda f: f[(f["organisation"] == organisation) & (f["period"] == period)],
                 lambda f: f.filter((pl.col("organisation") == organisation) & (pl.col("period") == period))),
        "period": (lambda f: f[f["period"] == period], lambda f: f.filter(pl.col("period") == period)),
        "national": (lambda f: f, lambda f: f),
    }
    results = {}
    for scope, condition in SCOPES.items():
        values = {"organisation": organisation, "period": period}
        bound = {name: values[name] for name in parameters_of(condition)}
        pandas_ways = _pandas_ways(goals_pd, activities_pd, chosen[scope][0])
        polars_ways = _polars_ways(goals_pl, activities_pl, chosen[scope][1])
        results[scope] = {}
        with connect(path) as con:
            for name, sql in AGGREGATIONS_SQL.items():
                sql = sql.format(scope=condition)
                # The three ways must agree, or the comparison compares different work.
                in_duckdb = _rows(frame_of(con, sql, bound))
                if not in_duckdb or not in_duckdb == _rows(pandas_ways[name]()) == _rows(polars_ways[name]()):
                    raise AssertionError(f"{name} ({scope}): DuckDB, pandas and polars disagree")
                results[scope][name] = {"duckdb": timed(lambda: frame_of(con, sql, bound), runs)}
        for name in AGGREGATIONS_SQL:
            results[scope][name]["pandas"] = timed(pandas_ways[name], runs)
            results[scope][name]["polars"] = timed(polars_ways[name], runs)
    return results


def row_counts(path: Path) -> dict:
    with connect(path) as con:
        [(goals, activities, reports, organisations)] = con.execute(
            "SELECT (SELECT count(*) FROM goal_assessments), (SELECT count(*) FROM activity_statuses), "
            "(SELECT count(*) FROM reports), (SELECT count(*) FROM organisations)").fetchall()
    return {"goal_rows": goals, "activity_rows": activities, "reports": reports, "organisations": organisations,
            "file_mb": path.stat().st_size / 1024 / 1024}


def measure_scale(label: str, organisations: int | None, years: int, runs: int, folder: Path, browser: bool) -> dict:
    path, seconds = make_database(organisations, years, folder)
    print(f"[{label}] database in {seconds:.1f} s", file=sys.stderr)
    result = {"scale": label, "make_s": seconds, **row_counts(path)}
    result["queries"] = query_times(path, runs)
    result["pages"], result["app_peak_mb"] = page_times(path, runs)
    result["import"] = import_and_undo(path, rounds=min(runs, 3))
    result["aggregations"] = aggregations(path, runs)
    if browser:
        from benchmark_browser import measure_repaint

        # 20 clicks per page: with 7, the 95th percentile (nearest rank) is the slowest click.
        repaint = measure_repaint(path, rounds=REPAINT_CLICKS)
        result["repaint"] = {what: {"p50_ms": statistics.median(t) * 1000, "p95_ms": percentile(t, 0.95) * 1000}
                             for what, t in repaint.items()}
    return result


def markdown(results: list[dict], machine: str) -> str:
    lines = [f"Measured {datetime.now():%Y-%m-%d %H:%M} on {machine}.", ""]
    lines += [f"Bundled build: {results[0].get('build_s', 0):.2f} s (median of 3).", ""]
    lines += ["| scale | organisations | reports | goal rows | activity rows | file MB | made in s | app peak MB | import ms | replace ms | undo ms |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['scale']} | {r['organisations']} | {r['reports']} | {r['goal_rows']} | {r['activity_rows']} | "
                     f"{r['file_mb']:.1f} | {r['make_s']:.1f} | {r['app_peak_mb']:.0f} | {r['import']['import_ms']:.0f} | "
                     f"{r['import']['replace_ms']:.0f} | {r['import']['undo_ms']:.0f} |")
    lines += ["", "Pages (AppTest, ms: first p50 / p95, warm p50 / p95):", ""]
    lines += ["| page | " + " | ".join(r["scale"] for r in results) + " |", "|---|" + "---|" * len(results)]
    pages = [p["page"] for p in results[0]["pages"]]
    for page in pages:
        cells = []
        for r in results:
            p = next(x for x in r["pages"] if x["page"] == page)
            cells.append(f"{p['first_median_ms']:.0f} / {p['first_p95_ms']:.0f}, "
                         f"{p['warm_median_ms']:.0f} / {p['warm_p95_ms']:.0f}")
        lines.append(f"| {Path(page).stem} | " + " | ".join(cells) + " |")
    lines += ["", "Slowest named queries (p95 ms):", ""]
    lines += ["| query | " + " | ".join(r["scale"] for r in results) + " |", "|---|" + "---|" * len(results)]
    slowest = sorted(results[-1]["queries"], key=lambda n: -results[-1]["queries"][n]["p95_ms"])[:8]
    for name in slowest:
        lines.append(f"| {name} | " + " | ".join(f"{r['queries'][name]['p95_ms']:.1f}" for r in results) + " |")
    for scope, heading in (("page", "one organisation's period, as Översikt, Mål and Aktiviteter ask"),
                           ("period", "one period's every organisation, as Översikt's comparison asks"),
                           ("national", "every organisation and period")):
        lines += ["", f"Aggregations over {heading} (p50 ms: DuckDB / pandas / polars; DuckDB's speed-up on pandas):", ""]
        lines += ["| aggregation | " + " | ".join(r["scale"] for r in results) + " |", "|---|" + "---|" * len(results)]
        for name in AGGREGATIONS_SQL:
            cells = []
            for r in results:
                ways = r["aggregations"][scope][name]
                duck, pandas, polars = (ways[w]["p50_ms"] for w in ("duckdb", "pandas", "polars"))
                cells.append(f"{duck:.1f} / {pandas:.1f} / {polars:.1f} ({pandas / duck:.1f}×)")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if any("repaint" in r for r in results):
        lines += ["", "Chromium, filter click → repainted page (p50 / p95 ms):", ""]
        for r in results:
            for what, figures in r.get("repaint", {}).items():
                lines.append(f"- {r['scale']}, {what}: {figures['p50_ms']:.0f} / {figures['p95_ms']:.0f}")
    return "\n".join(lines) + "\n"


def writes_markdown(results: list[dict], machine: str) -> str:
    lines = [f"Measured {datetime.now():%Y-%m-%d %H:%M} on {machine}.", "",
             f"Writes only (--writes), {results[0]['import']['rounds']} rounds: median / slowest ms, each from "
             "reading the report to the new version of the file in place.", "",
             "| scale | organisations | goal rows | activity rows | file MB | made in s | import | its undo | "
             "replace | its undo |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        w = r["import"]
        cells = " | ".join(f"{w[f'{write}_ms']:.0f} / {w[f'{write}_max_ms']:.0f}"
                           for write in ("import", "import_undo", "replace", "undo"))
        lines.append(f"| {r['scale']} | {r['organisations']} | {r['goal_rows']} | {r['activity_rows']} | "
                     f"{r['file_mb']:.1f} | {r['make_s']:.1f} | {cells} |")
    return "\n".join(lines) + "\n"


def measure_writes(label: str, organisations: int | None, years: int, runs: int, folder: Path) -> dict:
    path, seconds = make_database(organisations, years, folder)
    print(f"[{label}] database in {seconds:.1f} s", file=sys.stderr)
    return {"scale": label, "make_s": seconds, **row_counts(path), "import": import_and_undo(path, rounds=runs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,29,290", help="organisations per synthetic database (comma-separated)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--browser", action="store_true", help="also filter → repaint in Chromium")
    parser.add_argument("--writes", action="store_true",
                        help="only make each database and time its writes (import, replacement, undo), "
                             "--runs rounds; to writes-<time>.{json,md}, latest.* untouched")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    if args.writes:
        return _writes_only(args, machine)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        bundled_build = [make_database(None, 0, Path(folder))[1] for _ in range(3)]
        results.append(measure_scale("Ånge (bundled)", None, 0, args.runs, Path(folder), args.browser))
        results[0]["build_s"] = statistics.median(bundled_build)
        scales = [int(n) for n in args.scales.split(",") if n.strip()]
        for number, organisations in enumerate(scales):
            browser = args.browser and number == len(scales) - 1
            results.append(measure_scale(f"{organisations} × {args.years}", organisations, args.years, args.runs,
                                         Path(folder), browser))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    document = {"machine": machine, "measured": datetime.now().isoformat(timespec="seconds"), "targets": TARGETS,
                "results": results}
    text = markdown(results, machine)
    for name in (f"scale-{stamp}", "latest"):
        (args.out / f"{name}.json").write_text(json.dumps(document, indent=1, default=str), encoding="utf-8")
        (args.out / f"{name}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def _writes_only(args: argparse.Namespace, machine: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        # The bundled data first: the process's first import also loads the speller.
        results = [measure_writes("Ånge (bundled)", None, 0, args.runs, Path(folder))]
        for organisations in (int(n) for n in args.scales.split(",") if n.strip()):
            results.append(measure_writes(f"{organisations} × {args.years}", organisations, args.years, args.runs,
                                          Path(folder)))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    document = {"machine": machine, "measured": datetime.now().isoformat(timespec="seconds"),
                "targets": {"write_s": WRITE_TARGET_S}, "results": results}
    text = writes_markdown(results, machine)
    (args.out / f"writes-{stamp}.json").write_text(json.dumps(document, indent=1, default=str), encoding="utf-8")
    (args.out / f"writes-{stamp}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

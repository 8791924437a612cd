"""Several people at once: N Chromium sessions use one Streamlit server for a while, as
committee members do before a meeting; how long their page views take (p50/p95), and
how much server CPU a page view costs.

Run: .venv/bin/python scripts/load_sessions.py [--db PATH] [--sessions 10] [--seconds 45] [--writes [--hold S]]

Each session opens the dashboard once (a full page load: "open"), then moves around in
it as a reader does, without reloading: it clicks the next page in the sidebar
(Översikt every other time, between Mål, Aktiviteter and Trender: "page") and then picks
another period in the sidebar on Översikt, the next focus area elsewhere ("filter"). A page view is the time from the click event to the painted
result of the run it started (scripts/benchmark_browser.py); an opening is the time to
the first finished run. The server's CPU time (user + system, from /proc) over the
whole load, divided by the clicks' page views, is its CPU per page view. The browsers
run on the same machine and take CPU too, so page times here are an upper bound for a
real server. Traffic goes to 127.0.0.1 only, and the run stops by itself.

With --writes, an editor at the command line changes the data all the while: loads a T3
2023 report, replaces it with a corrected one, undoes the replacement and the load, over
and over (tertial import / import --replace / undo, each a new version of the file),
holding each state --hold seconds so that sessions get to see it.
Every session counts the errors it sees after each click (a Streamlit exception box, a
traceback); a reader must never see one. A session picks T3 2023 whenever it picks a
period and T3 2023 is there, so sessions see it come and go; and no reader may see half
a load: every
Översikt view a session sees (its scope line, the committee's sentence and the grade
table's counts, drawn by one run from several queries) must be one that a whole state of
the data gives: before the editor's load, after it, or after its replacement. Those views
are worked out beforehand from copies of the file in each state, by the same queries.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import threading
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from benchmark_browser import (  # noqa: E402
    CHROMIUM_ARGS, REPAINT_WATCH, REPAINTS_SO_FAR, focus_areas_of, streamlit_server, wait_for_repaint_async,
)
from page_timings import percentile  # noqa: E402

# Every other page view is Översikt, whose figures each session checks (see above).
PAGES = ["Översikt", "Mål", "Översikt", "Aktiviteter", "Översikt", "Trender"]
# The period the editor loads and undoes: sessions pick it whenever it is there.
CHANGING_PERIOD = "(2023-T3)"


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its threads, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


async def open_dashboard(browser, url: str, views: dict[str, list[float]]):
    context = await browser.new_context(viewport={"width": 1400, "height": 1600}, locale="sv-SE")
    page = await context.new_page()
    # Twenty browsers opening at once on two cores: a page may take a minute to load.
    page.set_default_timeout(180_000)
    await page.add_init_script(REPAINT_WATCH)
    started = time.perf_counter()
    await page.goto(url, timeout=180_000)
    await page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
    views["open"].append(time.perf_counter() - started)
    return page


ERRORS_SHOWN = "[data-testid='stException'], [data-testid='stAlertContentError']"


async def errors_on(page, where: str, errors: list[str]) -> None:
    """Any error the page shows now: an exception box, an error message, a traceback."""
    shown = page.locator(ERRORS_SHOWN)
    for index in range(await shown.count()):
        errors.append(f"{where}: {(await shown.nth(index).inner_text())[:200]}")
    if "Traceback (most recent call last)" in await page.inner_text("body"):
        errors.append(f"{where}: traceback")


# What identifies an Översikt view: its scope line (goal level, period, focus area; none
# when the selection has no goals), the committee's sentence, and the grade table's rows.
OverviewView = tuple[str | None, str, tuple[tuple[str, ...], ...] | None]

# The grade table is the one headed Bedömning (the focus-area table below it is headed
# Fokusområde).
GRADE_TABLE = """const gradeTable = (main) => [...main.querySelectorAll("[data-testid='stTable'] table")].find(
    (table) => (table.querySelector("thead th, thead td")?.innerText ?? "").trim() === "Bedömning");"""

OVERVIEW_AS_SHOWN = """() => {
  %s
  const main = document.querySelector("[data-testid='stMain']");
  const scope = main.querySelector("[data-testid='stMarkdown'] p:has(> strong)");
  const table = gradeTable(main);
  const rows = table ? [...table.querySelectorAll("tbody tr")].map(
      (row) => [...row.cells].map((cell) => cell.innerText.trim())) : null;
  const sentence = main.querySelector("h3");
  return [scope ? scope.innerText.trim() : null, sentence ? sentence.innerText.trim() : "", rows];
}""" % GRADE_TABLE

# Streamlit draws a table with code it loads on first use: under load the table may come
# some seconds after the run has finished. A view with goals is read once its grade table
# is there (a view without goals has neither scope line nor table).
OVERVIEW_DRAWN = """() => {
  %s
  const main = document.querySelector("[data-testid='stMain']");
  const table = gradeTable(main);
  return !main.querySelector("[data-testid='stMarkdown'] p:has(> strong)")
      || (!!table && !!table.querySelector("tbody tr"));
}""" % GRADE_TABLE


async def overview_as_shown(page) -> OverviewView:
    try:
        await page.wait_for_function(OVERVIEW_DRAWN, polling=100, timeout=60_000)
    except Exception:  # noqa: BLE001 - read as it is: a missing table is then reported
        pass
    scope, sentence, rows = await page.evaluate(OVERVIEW_AS_SHOWN)
    return scope, sentence, tuple(tuple(row) for row in rows) if rows is not None else None


def overview_views(db_path: Path, areas: list[str]) -> set[OverviewView]:
    """Every Översikt view the file gives, for each period, goal level and focus area a
    session can pick (areas, or all), made as pages/overview.py makes it."""
    from tertial.charts import grade_table
    from tertial.db import connect
    from tertial.queries import run_query
    from tertial.sentence import CommitteeCounts, committee_sentence
    from tertial.visual import goal_level_label
    from tertial.webapp import period_label

    views: set[OverviewView] = set()
    with connect(db_path) as con:
        organisation = run_query(con, "organisations", {})["organisation"][0]
        for period in run_query(con, "periods", {"organisation": organisation})["period"].to_list():
            levels = run_query(con, "goal_levels", {"organisation": organisation, "period": period})
            for level in levels["goal_level"].to_list() or [None]:
                for area in [None, *areas]:
                    selection = {"organisation": organisation, "period": period, "focus_area": area,
                                 "goal_level": level}
                    counts = CommitteeCounts.from_row(run_query(con, "committee_counts", selection).row(0, named=True),
                                                      period=period, focus_area=area)
                    if not counts.total:
                        views.add((None, committee_sentence(counts), None))
                        continue
                    scope = f"{goal_level_label(counts.goal_level)} – {period_label(period)}" + (f", {area}" if area else "")
                    table = grade_table(run_query(con, "grade_distribution", selection))
                    rows = tuple(tuple(str(value) for value in row) for row in table.rows())
                    views.add((scope, committee_sentence(counts), rows))
    return views


def views_of_every_state(db_path: Path, areas: list[str], reports: tuple[Path, Path]) -> set[OverviewView]:
    """The Översikt views of each whole state the editor leaves the file in: as it is,
    with the T3 report loaded, with it replaced by the corrected one (undoing returns to
    these), each worked out on a copy."""
    first, corrected = reports
    views = overview_views(db_path, areas)
    periods = [set(_periods(db_path))]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "state.duckdb"
        shutil.copyfile(db_path, copy)
        for args in ((str(first),), (str(corrected), "--replace")):
            done = tertial_command(copy, "import", *args)
            if done.returncode:
                raise RuntimeError(f"tertial import {args[0]}: {done.stderr.strip()[:300]}")
            views |= overview_views(copy, areas)
            periods.append(set(_periods(copy)))
    # A session that chose a period one state has (T3 2023, loaded) and another lacks (undone)
    # is told so at its next run ("För 2023-T3 finns ingen rapport inläst."): a whole state too.
    from tertial.sentence import CommitteeCounts, committee_sentence

    for period in set.union(*periods) - set.intersection(*periods):
        gone = CommitteeCounts(period=period, goal_level=None, total=0, fulfilled=0, not_fulfilled=0, not_graded=0,
                               period_report_count=0)
        views.add((None, committee_sentence(gone), None))
    return views


def _periods(db_path: Path) -> list[str]:
    from tertial.db import connect
    from tertial.queries import run_query

    with connect(db_path, read_only=True) as con:
        organisation = run_query(con, "organisations", {})["organisation"][0]
        return run_query(con, "periods", {"organisation": organisation})["period"].to_list()


async def pick(page, filter_name: str, option: str | None = None, step: int = 0) -> str:
    """Opens a sidebar filter and picks an option: the one named, or the step-th other
    than the one chosen (the options may change while the editor loads and undoes)."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=filter_name)
    current = await box.get_by_role("combobox").input_value()
    await box.click()
    if option is None:
        await page.get_by_role("option").first.wait_for()
        names = [name.strip() for name in await page.get_by_role("option").all_inner_texts()]
        others = [name for name in names if name != current]
        changing = [name for name in others if name.endswith(CHANGING_PERIOD)]
        option = changing[0] if changing else others[step % len(others)]
    await page.get_by_role("option", name=option, exact=True).click()
    return option


async def move_around(page, areas: list[str], deadline: float, number: int, views: dict[str, list[float]],
                      errors: list[str], overviews: list[OverviewView]) -> None:
    step = focus_picks = number
    while time.monotonic() < deadline:
        before = await page.evaluate(REPAINTS_SO_FAR)
        name = PAGES[(step + 1) % len(PAGES)]
        await page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=name, exact=True).click()
        views["page"].append(await wait_for_repaint_async(page, before))
        await errors_on(page, name, errors)
        if name == "Översikt":
            overviews.append(await overview_as_shown(page))
        before = await page.evaluate(REPAINTS_SO_FAR)
        # On Översikt another period (T3 2023 when it is there), elsewhere the next focus
        # area, which Översikt then shows too.
        if name == "Översikt":
            picked = await pick(page, "Period", step=step)
        else:
            picked = await pick(page, "Fokusområde", areas[focus_picks % len(areas)])
            focus_picks += 1
        views["filter"].append(await wait_for_repaint_async(page, before))
        await errors_on(page, f"{name}, {picked}", errors)
        if name == "Översikt":
            overviews.append(await overview_as_shown(page))
        step += 1


def writer_reports(folder: Path) -> tuple[Path, Path]:
    """A T3 2023 report made from T2's (001), and a corrected version of it."""
    text = (PROJECT_ROOT / "data" / "raw" / "001_2318b0fccc3d977e.txt").read_text(encoding="utf-8")
    text = text.replace("tertiälrapport 2 2023", "tertialrapport 3 2023")
    first, corrected = folder / "t3_2023.txt", folder / "t3_2023_rattad.txt"
    first.write_text(text, encoding="utf-8")
    corrected.write_text(text.replace("### ◆ Knappt uppfyllt", "### ▲ Delvis uppfyllt", 1), encoding="utf-8")
    return first, corrected


def tertial_command(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tertial", *args, "--db", str(db_path)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False)


class Editor(threading.Thread):
    """Loads, replaces and undoes a report at the command line until told to stop."""

    def __init__(self, db_path: Path, folder: Path, hold: float = 0):
        super().__init__(daemon=True)
        self.db_path, self.reports, self.hold = db_path, writer_reports(folder), hold
        self.stop, self.done, self.failed = threading.Event(), [], []

    def _tertial(self, *args: str) -> str:
        result = tertial_command(self.db_path, *args)
        if result.returncode:
            self.failed.append(f"{' '.join(args[:2])}: {result.stderr.strip()[:200]}")
            return ""
        self.done.append(args[0] if args[0] != "import" or "--replace" not in args else "replace")
        return result.stdout

    def run(self) -> None:
        first, corrected = self.reports
        while not self.stop.is_set():
            changes = []
            for args in ((str(first),), (str(corrected), "--replace")):
                found = re.search(r"ändring (\d+)", self._tertial("import", *args))
                if found:
                    changes.append(found.group(1))
                self.stop.wait(self.hold)
            for change in reversed(changes):
                self._tertial("undo", change)
                self.stop.wait(self.hold)


async def load(url: str, areas: list[str], sessions: int, seconds: float, server_pid: int,
               editor: Editor | None = None) -> dict:
    """Every session opens the dashboard, then all move around for `seconds` (while the
    editor, if any, changes the data): the views' times, the errors the sessions saw, and
    the server's CPU seconds in each phase, and the Översikt views the sessions saw."""
    from playwright.async_api import async_playwright

    views: dict[str, list[float]] = {"open": [], "page": [], "filter": []}
    errors: list[str] = []
    overviews: list[OverviewView] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        started = cpu_seconds(server_pid)
        pages = await asyncio.gather(*(open_dashboard(browser, url, views) for _ in range(sessions)))
        opened = cpu_seconds(server_pid)
        deadline = time.monotonic() + seconds
        if editor is not None:
            editor.start()
        await asyncio.gather(*(move_around(page, areas, deadline, n, views, errors, overviews) for n, page in enumerate(pages)))
        moved = cpu_seconds(server_pid)
        if editor is not None:
            editor.stop.set()
            await asyncio.to_thread(editor.join)
        await browser.close()
    return {"views": views, "errors": errors, "overviews": overviews, "open_cpu_s": opened - started,
            "click_cpu_s": moved - opened}


def measure_load(db_path: Path, sessions: int, seconds: float, writes: bool = False, hold: float = 0) -> dict:
    # Three focus areas in turn (two in one session would alternate between two cached views).
    areas = focus_areas_of(db_path, 3)
    editor = Editor(db_path, Path(tempfile.mkdtemp()), hold) if writes else None
    whole_states = views_of_every_state(db_path, areas, editor.reports) if editor else overview_views(db_path, areas)
    with streamlit_server(db_path) as (url, server):
        asyncio.run(load(url, areas, 1, 10, server.pid))  # imports, one round of caches: not measured
        measured = asyncio.run(load(url, areas, sessions, seconds, server.pid, editor))
    views = measured["views"]
    clicks = views["page"] + views["filter"]
    result = {"sessions": sessions, "seconds": seconds, "page_views": len(clicks), "openings": len(views["open"]),
              "server_cpu_per_view_s": measured["click_cpu_s"] / max(len(clicks), 1),
              "server_cpu_per_opening_s": measured["open_cpu_s"] / max(len(views["open"]), 1),
              "errors_seen": measured["errors"],
              "overviews_seen": len(measured["overviews"]),
              "overviews_of_t3_2023": sum("2023-T3" in (view[0] or view[1]) for view in measured["overviews"]),
              "overviews_not_of_a_whole_state": [view for view in measured["overviews"] if view not in whole_states],
              "writes": {kind: editor.done.count(kind) for kind in ("import", "replace", "undo")} if editor else {},
              "writes_failed": editor.failed if editor else []}
    for kind, times in {**views, "all clicks": clicks}.items():
        if times:
            result[kind] = {"count": len(times), "p50_ms": statistics.median(times) * 1000,
                            "p95_ms": percentile(times, 0.95) * 1000}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the database (default: build the bundled one)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--writes", action="store_true", help="load, replace and undo a report all the while")
    parser.add_argument("--hold", type=float, default=0,
                        help="seconds each state of the data stays before the editor's next write (default 0)")
    args = parser.parse_args(argv)
    db_path = args.db
    if db_path is None:
        from tertial.build import build_database

        db_path = Path(tempfile.mkdtemp()) / "load.duckdb"
        build_database(db_path)
    result = measure_load(db_path, args.sessions, args.seconds, args.writes, args.hold)
    print(f"{result['sessions']} sessions, {result['seconds']:.0f} s: server CPU "
          f"{result['server_cpu_per_view_s'] * 1000:.0f} ms per page view ({result['page_views']} clicks), "
          f"{result['server_cpu_per_opening_s'] * 1000:.0f} ms per opening ({result['openings']})")
    for kind in ("open", "page", "filter", "all clicks"):
        if kind in result:
            print(f"  {kind}: {result[kind]['count']}, p50 {result[kind]['p50_ms']:.0f} ms, "
                  f"p95 {result[kind]['p95_ms']:.0f} ms")
    if args.writes:
        print(f"  writes meanwhile: {result['writes']}, failed: {len(result['writes_failed'])}")
    print(f"  errors the sessions saw: {len(result['errors_seen'])}")
    print(f"  Översikt views checked: {result['overviews_seen']} ({result['overviews_of_t3_2023']} of T3 2023), "
          f"not of one whole state of the data: {len(result['overviews_not_of_a_whole_state'])}")
    for view in result["overviews_not_of_a_whole_state"][:5]:
        print(f"    {view}")
    for error in result["errors_seen"][:10] + result["writes_failed"][:10]:
        print(f"    {error}")
    return 1 if result["errors_seen"] or result["writes_failed"] or result["overviews_not_of_a_whole_state"] else 0


if __name__ == "__main__":
    sys.exit(main())

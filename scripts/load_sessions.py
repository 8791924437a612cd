"""Several people at once: N Chromium sessions move between the pages and periods of one
Streamlit server for a while; how long each page view takes (p50/p95), and how much
server CPU a page view costs.

Run: .venv/bin/python scripts/load_sessions.py [--db PATH] [--sessions 10] [--seconds 45]

Each session opens a page (Översikt, Mål, Aktiviteter, Trender in turn) with a period
from the database in the link and waits until Streamlit has finished the run; a page view
is that time. The server's CPU time (user + system, from /proc) over the whole load,
divided by the page views, is its CPU per page view. The browsers run on the same
machine and take CPU too, so page times here are an upper bound for a real server.
Traffic goes to 127.0.0.1 only, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from benchmark_browser import CHROMIUM_ARGS, streamlit_server  # noqa: E402

PAGES = ["", "mal", "aktiviteter", "trender"]


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its threads, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def periods_of(db_path: Path) -> list[str]:
    from tertial.db import connect
    from tertial.queries import run_query

    with connect(db_path) as con:
        organisation = run_query(con, "organisations", {})["organisation"][0]
        return run_query(con, "periods", {"organisation": organisation})["period"].to_list()[:4]


async def session(browser, url: str, periods: list[str], deadline: float, number: int, views: list[float]) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1600}, locale="sv-SE")
    page = await context.new_page()
    step = number
    while time.monotonic() < deadline:
        path = PAGES[step % len(PAGES)]
        period = periods[(step // len(PAGES)) % len(periods)]
        started = time.perf_counter()
        await page.goto(f"{url}/{path}?period={period}")
        await page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
        views.append(time.perf_counter() - started)
        step += 1
    await context.close()


async def load(url: str, periods: list[str], sessions: int, seconds: float) -> list[float]:
    from playwright.async_api import async_playwright

    views: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(session(browser, url, periods, deadline, n, views) for n in range(sessions)))
        await browser.close()
    return views


def measure_load(db_path: Path, sessions: int, seconds: float) -> dict:
    with streamlit_server(db_path) as (url, server):
        periods = periods_of(db_path)
        asyncio.run(load(url, periods, 1, 8))  # warm the caches and imports, not measured
        before = cpu_seconds(server.pid)
        views = asyncio.run(load(url, periods, sessions, seconds))
        cpu = cpu_seconds(server.pid) - before
    ordered = sorted(views)
    return {
        "sessions": sessions, "seconds": seconds, "page_views": len(views),
        "server_cpu_s": cpu, "server_cpu_per_view_s": cpu / max(len(views), 1),
        "view_p50_ms": statistics.median(views) * 1000 if views else None,
        "view_p95_ms": ordered[max(0, round(0.95 * len(ordered) + 0.5) - 1)] * 1000 if views else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the database (default: build the bundled one)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=45)
    args = parser.parse_args(argv)
    db_path = args.db
    if db_path is None:
        from tertial.build import build_database

        db_path = Path(tempfile.mkdtemp()) / "load.duckdb"
        build_database(db_path)
    result = measure_load(db_path, args.sessions, args.seconds)
    print(f"{result['sessions']} sessions, {result['seconds']:.0f} s: {result['page_views']} page views, "
          f"p50 {result['view_p50_ms']:.0f} ms, p95 {result['view_p95_ms']:.0f} ms; server CPU "
          f"{result['server_cpu_s']:.1f} s = {result['server_cpu_per_view_s'] * 1000:.0f} ms per page view")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The app server's own cost per page view, and how many readers one process holds,
measured with readers that speak Streamlit's websocket protocol instead of a browser.

On this 2-core machine a Chromium per reader takes the cores the server needs, so the
server's CPU per view measured with browsers (scripts/load_sessions.py) includes what
the browsers cost it; in use, readers' browsers run on their own computers. Each reader
here does what the browser's side of the protocol does: it asks for a run of a page
(BackMsg rerun_script, with the page and the changed widget), reads the server's
messages until the run's script_finished, and then asks for the next view. Readers
open the dashboard, then move in turn to the next page and to another focus area, as
load_sessions' readers do; the default database is the bundled one.

Run: .venv/bin/python scripts/server_load.py [--readers 1,5,20] [--seconds 30] [--db PATH]
Reports, for each number of readers: server CPU per page view, page views per second,
and the p50 / p95 of a view's time from the request to its script_finished.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmark_browser import focus_areas_of, streamlit_server  # noqa: E402
from load_sessions import PAGES, cpu_seconds  # noqa: E402
from page_timings import percentile  # noqa: E402

FOCUS_AREA_LABEL = "Fokusområde"


class Reader:
    """One reader's connection: the app's pages by name, the focus-area widget of the
    page last shown, and the page's link (query string) as the app last set it."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.pages: dict[str, str] = {}  # page name → page_script_hash
        self.page_hash = ""
        self.focus_area_widget: str | None = None
        self.query_string = ""

    async def view(self, page: str | None = None, focus_area: str | None = None) -> float:
        """Ask for a run (another page, or another focus area on this one) and wait for
        it to finish: the seconds it took."""
        message = BackMsg()
        state = message.rerun_script
        if page is not None:
            # As the browser does: another page starts without the last one's link.
            self.page_hash, self.query_string = self.pages[page], ""
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        if focus_area is not None:
            if self.focus_area_widget is None:
                raise RuntimeError("the page shows no focus-area choice")
            widget = state.widget_states.widgets.add()
            widget.id = self.focus_area_widget
            widget.string_value = focus_area
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        while True:
            reply = ForwardMsg.FromString(await self.socket.recv())
            kind = reply.WhichOneof("type")
            if kind == "navigation":
                self.pages = {page.page_name: page.page_script_hash for page in reply.navigation.app_pages}
                self.page_hash = reply.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = reply.page_info_changed.query_string
            elif (kind == "delta" and reply.delta.WhichOneof("type") == "new_element"
                  and reply.delta.new_element.WhichOneof("type") == "selectbox"
                  and reply.delta.new_element.selectbox.label == FOCUS_AREA_LABEL):
                self.focus_area_widget = reply.delta.new_element.selectbox.id
            elif kind == "script_finished" and reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return time.perf_counter() - started


async def reader_session(url: str, areas: list[str], number: int, deadline: float, times: dict) -> None:
    async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None) as socket:
        reader = Reader(socket)
        times["open"].append(await reader.view())
        step = number
        while True:  # at least one round, however short the time
            times["page"].append(await reader.view(page=PAGES[(step + 1) % len(PAGES)]))
            area = areas[step % len(areas)]
            times["filter"].append(await reader.view(focus_area=area))
            # The app keeps the chosen focus area in the link, so the run answered the choice.
            if urlencode({"fokusomrade": area}) not in reader.query_string:
                raise AssertionError(f"the view after choosing {area!r} has the link ?{reader.query_string}")
            step += 1
            if time.monotonic() >= deadline:
                return


async def load(url: str, areas: list[str], readers: int, seconds: float, server_pid: int) -> dict:
    times: dict[str, list[float]] = {"open": [], "page": [], "filter": []}
    started_cpu = cpu_seconds(server_pid)
    started = time.monotonic()
    await asyncio.gather(*(reader_session(url, areas, n, started + seconds, times) for n in range(readers)))
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(server_pid) - started_cpu
    views = times["page"] + times["filter"]
    return {
        "readers": readers, "seconds": elapsed, "page_views": len(views), "openings": len(times["open"]),
        # An opening is a view too, of the default page; the CPU is shared out over all of them.
        "server_cpu_per_view_ms": cpu / (len(views) + len(times["open"])) * 1000,
        "views_per_second": (len(views) + len(times["open"])) / elapsed,
        "view_p50_ms": statistics.median(views) * 1000, "view_p95_ms": percentile(views, 0.95) * 1000,
    }


def measure(db_path: Path, reader_counts: list[int], seconds: float, warm_up_seconds: float = 10) -> list[dict]:
    # Three focus areas in turn, as load_sessions does.
    areas = focus_areas_of(db_path, 3)
    results = []
    with streamlit_server(db_path) as (url, server):
        # Imports and the caches' first fill: not counted.
        asyncio.run(load(url, areas, 1, warm_up_seconds, server.pid))
        for readers in reader_counts:
            results.append(asyncio.run(load(url, areas, readers, seconds, server.pid)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the database (default: build the bundled one)")
    parser.add_argument("--readers", default="1,5,20", help="numbers of concurrent readers, comma-separated")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    db_path = args.db
    if db_path is None:
        from tertial.build import build_database

        db_path = Path(tempfile.mkdtemp()) / "server-load.duckdb"
        build_database(db_path)
    results = measure(db_path, [int(n) for n in args.readers.split(",")], args.seconds)
    for r in results:
        print(f"{r['readers']:3d} readers, {r['seconds']:.0f} s: {r['page_views'] + r['openings']} views, "
              f"{r['views_per_second']:.1f} per second; server CPU {r['server_cpu_per_view_ms']:.0f} ms per view; "
              f"view p50 {r['view_p50_ms']:.0f} ms, p95 {r['view_p95_ms']:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

Through the deployment: --processes 1,2,4 starts, for each number, that many app
processes on one database file behind nginx with TLS, as deploy/ ships them
(scripts/deployment.py), and the readers go through the proxy (wss://), each with the
routing cookie nginx gives it at its first request, as a browser's. The server's CPU is
then the sum over every app process (nginx's is reported apart), and the results say how
nginx spread the readers over the processes. --url points the readers at a running
server or proxy instead (its CPU measured only with --pids, on this machine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import ssl
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
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


def _unverified_tls() -> ssl.SSLContext:
    """TLS that takes the deployment's self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def reader_session(url: str, areas: list[str], number: int, deadline: float, times: dict,
                         cookie: str | None = None) -> None:
    secure = url.startswith("https:")
    async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, proxy=None, ssl=_unverified_tls() if secure else None,
                                  additional_headers={"Cookie": cookie} if cookie else None) as socket:
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


def total_cpu_seconds(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy (not idle), from /proc/stat."""
    user, nice, system, idle, iowait, irq, softirq, steal = (
        int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


async def load(url: str, areas: list[str], readers: int, seconds: float, server_pid: int | list[int] | None,
               cookies: list[str | None] | None = None, other_pids: list[int] | None = None) -> dict:
    """readers readers for seconds; the CPU of server_pid (or the sum over several app
    processes), and of other_pids apart (nginx). cookies: each reader's Cookie header."""
    server_pids = [server_pid] if isinstance(server_pid, int) else list(server_pid or [])
    cookies = cookies or [None] * readers
    times: dict[str, list[float]] = {"open": [], "page": [], "filter": []}
    started_cpu = [cpu_seconds(pid) for pid in server_pids]
    started_other = total_cpu_seconds(other_pids or [])
    started_own, started_machine = cpu_seconds(os.getpid()), machine_busy_seconds()
    started = time.monotonic()
    await asyncio.gather(*(reader_session(url, areas, n, started + seconds, times, cookies[n]) for n in range(readers)))
    elapsed = time.monotonic() - started
    per_process = [cpu_seconds(pid) - before for pid, before in zip(server_pids, started_cpu)]
    own, machine = cpu_seconds(os.getpid()) - started_own, machine_busy_seconds() - started_machine
    proxy = total_cpu_seconds(other_pids or []) - started_other
    views = times["page"] + times["filter"]
    every_view = len(views) + len(times["open"])
    result = {
        "readers": readers, "seconds": elapsed, "page_views": len(views), "openings": len(times["open"]),
        # An opening is a view too, of the default page; the CPU is shared out over all of them.
        "server_cpu_per_view_ms": sum(per_process) / every_view * 1000 if server_pids else None,
        "views_per_second": every_view / elapsed,
        "view_p50_ms": statistics.median(views) * 1000, "view_p95_ms": percentile(views, 0.95) * 1000,
    }
    if len(server_pids) > 1:
        result["server_cpu_seconds_per_process"] = per_process
    if other_pids:
        result["proxy_cpu_per_view_ms"] = proxy / every_view * 1000
    # The readers run on this machine too (this process); and whatever else runs on it
    # meanwhile takes the same cores: the machine's busy CPU less the server's, the
    # proxy's and the readers', as a share of all its cores' time.
    result["readers_cpu_per_view_ms"] = own / every_view * 1000
    if server_pids:
        result["other_work_share"] = max(0.0, machine - sum(per_process) - proxy - own) / (elapsed * os.cpu_count())
    return result


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


def route_cookies(deployment, readers: int) -> list[str]:
    """The routing cookie nginx gives each of `readers` browsers at its first request."""
    from deployment import ROUTE_COOKIE, request

    cookies = []
    for _ in range(readers):
        _, headers, _ = request("GET", f"{deployment.url}/")
        [cookie] = [value.split(";")[0] for value in headers["set-cookie"] if value.startswith(f"{ROUTE_COOKIE}=")]
        cookies.append(cookie)
    return cookies


def readers_per_process(deployment, cookies: list[str]) -> dict[str, int]:
    """How nginx spread the readers: each reader's websocket, by the process that served
    it (from nginx's access log, which has a websocket's line once it has closed)."""
    from deployment import access_log_entries

    routes = {cookie.split("=", 1)[1] for cookie in cookies}
    deadline = time.monotonic() + 10
    while True:
        served = {entry["route"]: entry["upstream"] for entry in access_log_entries(deployment.proxy.access_log)
                  if entry["path"].startswith("/_stcore/stream") and entry["route"] in routes}
        if len(served) == len(routes) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    counts = {app.address: 0 for app in deployment.apps}
    for upstream in served.values():
        counts[upstream.split(", ")[-1]] = counts.get(upstream.split(", ")[-1], 0) + 1
    return counts


def measure_deployment(db_path: Path, process_counts: list[int], readers: int, seconds: float,
                       warm_up_seconds: float = 10, nginx_workers: int | str = 1, repeat: int = 1) -> list[dict]:
    """For each number of app processes: a deployment as deploy/ ships it (nginx with TLS
    in front, scripts/deployment.py), each process warmed up by a reader of its own, then
    `readers` readers through the proxy, each routed by the cookie nginx gave it. With
    repeat, the numbers in turn, `repeat` times over (a row per run)."""
    from deployment import ROUTE_COOKIE, local_deployment

    areas = focus_areas_of(db_path, 3)
    results = []
    for run, count in ((run, count) for run in range(1, repeat + 1) for count in process_counts):
        with local_deployment(db_path, count, nginx_workers=nginx_workers) as deployment:
            app_pids = deployment.app_pids()
            warm = [f"{ROUTE_COOKIE}={route}" for route in deployment.routes().values()]
            asyncio.run(load(deployment.url, areas, len(warm), warm_up_seconds, app_pids, warm))
            cookies = route_cookies(deployment, readers)
            result = asyncio.run(load(deployment.url, areas, readers, seconds, app_pids, cookies,
                                      other_pids=deployment.proxy.pids()))
            result["processes"], result["run"] = count, run
            result["readers_per_process"] = readers_per_process(deployment, cookies)
            results.append(result)
    return results


def _markdown(results: list[dict], note: str) -> str:
    lines = [
        "# Server load through the proxy", "", note, "",
        "Median over the runs of each number of app processes:", "",
        "| app processes | readers | views per second | app CPU per view | view p50 / p95 |",
        "|---|---|---|---|---|",
    ]
    for count in sorted({r["processes"] for r in results}):
        rows = [r for r in results if r["processes"] == count]

        def median(key: str) -> float:
            return statistics.median(r[key] for r in rows)

        lines.append(f"| {count} | {rows[0]['readers']} | {median('views_per_second'):.1f} "
                     f"| **{median('server_cpu_per_view_ms'):.0f} ms** "
                     f"| {median('view_p50_ms'):.0f} / {median('view_p95_ms'):.0f} ms |")
    lines += [
        "", "Every run:", "",
        "| run | app processes | readers per process | views per second | app CPU per view | nginx CPU per view "
        "| the readers' CPU per view | view p50 / p95 | other work on the machine |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        spread = " / ".join(str(n) for n in r["readers_per_process"].values())
        lines.append(f"| {r['run']} | {r['processes']} | {spread} | {r['views_per_second']:.1f} "
                     f"| **{r['server_cpu_per_view_ms']:.0f} ms** | {r['proxy_cpu_per_view_ms']:.1f} ms "
                     f"| {r['readers_cpu_per_view_ms']:.1f} ms "
                     f"| {r['view_p50_ms']:.0f} / {r['view_p95_ms']:.0f} ms | {r['other_work_share']:.0%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the database (default: build the bundled one)")
    parser.add_argument("--readers", default=None,
                        help="numbers of concurrent readers, comma-separated (default 1,5,20; with --processes 20)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--processes", help="numbers of app processes behind nginx, comma-separated (e.g. 1,2,4)")
    parser.add_argument("--nginx-workers", default="1", help="nginx's worker_processes with --processes (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="with --processes: run every number this many times")
    parser.add_argument("--url", help="a running server or proxy to load instead of starting one")
    parser.add_argument("--pids", help="with --url: the app processes' ids on this machine, to measure their CPU")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--markdown", type=Path, help="with --processes: also write a markdown table here")
    args = parser.parse_args(argv)
    if args.url and args.db is None:
        parser.error("--url needs --db: the server's database or a copy, for the names of its focus areas")
    db_path = args.db
    if db_path is None:
        from tertial.build import build_database

        db_path = Path(tempfile.mkdtemp()) / "server-load.duckdb"
        build_database(db_path)
    if args.processes:
        [readers] = [int(n) for n in (args.readers or "20").split(",")]
        results = measure_deployment(db_path, [int(n) for n in args.processes.split(",")], readers, args.seconds,
                                     nginx_workers=args.nginx_workers, repeat=args.repeat)
    elif args.url:
        areas = focus_areas_of(db_path, 3)
        pids = [int(pid) for pid in args.pids.split(",")] if args.pids else None
        results = [asyncio.run(load(args.url.rstrip("/"), areas, int(n), args.seconds, pids))
                   for n in (args.readers or "1,5,20").split(",")]
    else:
        results = measure(db_path, [int(n) for n in (args.readers or "1,5,20").split(",")], args.seconds)
    for r in results:
        cpu = "not measured" if r["server_cpu_per_view_ms"] is None else f"{r['server_cpu_per_view_ms']:.0f} ms per view"
        where = (f"run {r['run']}, {r['processes']} app process{'es' if r['processes'] != 1 else ''}, "
                 if "processes" in r else "")
        print(f"{where}{r['readers']:3d} readers, {r['seconds']:.0f} s: {r['page_views'] + r['openings']} views, "
              f"{r['views_per_second']:.1f} per second; server CPU {cpu}"
              + (f" (nginx {r['proxy_cpu_per_view_ms']:.1f} ms)" if "proxy_cpu_per_view_ms" in r else "")
              + f"; view p50 {r['view_p50_ms']:.0f} ms, p95 {r['view_p95_ms']:.0f} ms"
              + (f"; readers per process {r['readers_per_process']}" if "readers_per_process" in r else "")
              + f"; the readers' own CPU {r['readers_cpu_per_view_ms']:.0f} ms per view"
              + (f"; other work {r['other_work_share']:.0%} of the machine" if "other_work_share" in r else ""))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.markdown and args.processes:
        note = (f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, "
                f"{args.seconds:.0f} s per run, `scripts/server_load.py --processes {args.processes} --readers "
                f"{readers} --repeat {args.repeat}`: readers that speak Streamlit's websocket protocol, through nginx "
                "with TLS, each opening the dashboard and then moving to the next page and another focus area in "
                "turn, without pausing. A view's CPU is the app processes' CPU over the run shared out over every "
                "view; the readers and nginx run on the same cores.")
        args.markdown.write_text(_markdown(results, note), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

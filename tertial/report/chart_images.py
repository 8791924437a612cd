"""Plotly figures as PNG images, drawn by kaleido in a headless Chromium.

kaleido 1.x drives a Chrome or Chromium it finds through choreographer: the path in
$BROWSER_PATH when that is set, else a browser on PATH or in the usual places
(/usr/bin/chromium, Debian's package, which scripts/run.sh installs). Nothing is ever
downloaded: kaleido's own Chrome download is never called. The browser is started once
for all the figures of one report (one page, one tab, figure after figure): starting it
costs seconds (about 2.4 s on a 2-core server), each figure about 0.3 s. More tabs draw no
faster there: each tab loads plotly.js, which costs more than it saves.

ChartDrawer starts the browser at once, in a thread of its own, so the report's queries and
the PDF's layout go on while it starts; draw() hands back PendingPng, whose size is known
from the figure's layout before the picture is drawn, and whose bytes come later.

When no browser can be found or started, ChartImageError says why in Swedish, and the
report carries each chart's data table instead (tertial/report/document.py).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BROWSER_PATH_VARIABLE = "BROWSER_PATH"  # choreographer's own setting, honoured as it does
# A figure is drawn at this width in CSS pixels and scale times as many image pixels: crisp
# at 17 cm in print (1600 pixels ≈ 240 dpi).
FIGURE_WIDTH = 700
FIGURE_SCALE = 2
# Generous: a cold start of Chromium on a slow server takes a few seconds, a figure less
# than one. A browser that hangs must not hang the report.
TIMEOUT_SECONDS = 60


class ChartImageError(RuntimeError):
    """The charts could not be drawn as images; the message says why, in Swedish."""


def browser_path() -> str | None:
    """The browser kaleido would use: $BROWSER_PATH when set (even when it names nothing,
    so the user sees their own setting in the message), else what choreographer finds
    on PATH or in the usual places (its downloaded copy only if one already exists)."""
    configured = os.environ.get(BROWSER_PATH_VARIABLE)
    if configured:
        return configured
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return None
    return Chromium.find_browser(skip_local=False)


def unavailable_reason() -> str | None:
    """Why charts cannot be drawn as images here, or None when they may be."""
    if importlib.util.find_spec("kaleido") is None:
        return "paketet kaleido är inte installerat (pip install -r requirements.txt)"
    path = browser_path()
    if path is None:
        return ("ingen Chromium eller Chrome hittades på datorn (installera Debian-paketet chromium, "
                "som scripts/run.sh gör, eller ange webbläsaren i miljövariabeln BROWSER_PATH)")
    if not Path(path).is_file():
        return f"webbläsaren {path} som BROWSER_PATH anger finns inte"
    if not os.access(path, os.X_OK):
        return f"webbläsaren {path} går inte att köra"
    return None


@dataclass(frozen=True, eq=False)
class PendingPng:
    """A figure's PNG being drawn: its size in pixels now, its bytes from result()."""

    width_px: int
    height_px: int
    _future: concurrent.futures.Future
    _describe: Any  # error → ChartImageError, with the browser's path in the message

    def result(self) -> bytes:
        """The PNG's bytes, waiting for the browser; ChartImageError says why it failed."""
        try:
            return self._future.result(timeout=TIMEOUT_SECONDS + 15)
        except ChartImageError:
            raise
        except BaseException as error:  # noqa: BLE001 - told as a ChartImageError
            raise self._describe(error) from None

    def done(self) -> bool:
        return self._future.done()


def figure_size(spec: dict, width: int = FIGURE_WIDTH, scale: float = FIGURE_SCALE) -> tuple[int, int] | None:
    """(width, height) in pixels the PNG of a figure will have: kaleido draws it width CSS
    pixels wide and as high as its layout says, scale times over. None without a height."""
    height = (spec.get("layout") or {}).get("height")
    if not height:
        return None
    return round(width * scale), round(height * scale)


def for_print(figure: Any) -> dict:
    """The figure as a report prints it: without its title, which the caption under it
    says (with the period and the goal level), and as much less high as the title took, so
    the charts of the summary fit one page at a readable size."""
    spec = figure.to_dict() if hasattr(figure, "to_dict") else dict(figure)
    layout = dict(spec.get("layout") or {})
    if not layout.get("title"):
        return spec
    margin = dict(layout.get("margin") or {})
    top = margin.get("t", 100)  # plotly's default top margin
    untitled_top = 20  # as tertial.charts gives a figure without a title
    layout.pop("title", None)
    if top > untitled_top and layout.get("height"):
        layout["height"] = layout["height"] - (top - untitled_top)
        margin["t"] = untitled_top
        layout["margin"] = margin
    return {**spec, "layout": layout}


class ChartDrawer:
    """One browser for one report's figures, started when the drawer is made.

    draw(figures) returns a PendingPng per figure at once; the figures are drawn in order
    as soon as the browser is up. close() shuts the browser (always call it; the drawer is
    a context manager). When the charts cannot be drawn here at all (no kaleido, no
    browser), nothing is started and draw() raises ChartImageError with the reason."""

    def __init__(self, *, width: int = FIGURE_WIDTH, scale: float = FIGURE_SCALE, timeout: float = TIMEOUT_SECONDS):
        self.width, self.scale, self.timeout = width, scale, timeout
        self.reason = unavailable_reason()
        self.path = None if self.reason else browser_path()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._opened: concurrent.futures.Future | None = None
        self._thread: threading.Thread | None = None
        self._turn: asyncio.Lock | None = None  # made on the drawer's loop, in _open
        if self.reason:
            return
        # A thread of its own with its own event loop: the caller (a Streamlit script
        # thread, a test) may already run one, and its work goes on while the browser starts.
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tertial-chart-images", daemon=True)
        self._thread.start()
        self._opened = asyncio.run_coroutine_threadsafe(self._open(), self._loop)

    async def _open(self):
        import kaleido

        class Kaleido(kaleido.Kaleido):
            async def _return_kaleido_tab(self, tab) -> None:
                # kaleido reloads the tab (plotly.js again) after every figure, to keep
                # unrelated callers' figures apart; one report's figures need no such
                # isolation (the same bytes without it), and the reload took 0.2 s a figure.
                await self.tabs_ready.put(tab)

        # mathjax=False: its default is a CDN, and no Tertial chart has formulas. plotly.js
        # comes from the installed plotly package, so nothing is fetched from the network.
        browser = Kaleido(n=1, path=self.path, mathjax=False, timeout=self.timeout)
        await asyncio.wait_for(browser.__aenter__(), self.timeout)
        self._turn = asyncio.Lock()
        return browser

    async def _draw(self, spec: dict) -> bytes:
        browser = await asyncio.wrap_future(self._opened)
        async with self._turn:  # one tab: figure after figure, in order
            return await asyncio.wait_for(
                browser.calc_fig(spec, opts=dict(format="png", width=self.width, scale=self.scale)), self.timeout)

    def _error(self, error: BaseException) -> ChartImageError:
        path = self.path
        if isinstance(error, (asyncio.TimeoutError, TimeoutError, concurrent.futures.TimeoutError)):
            return ChartImageError(f"webbläsaren {path} ritade inte diagrammen inom {self.timeout:.0f} sekunder")
        # choreographer's errors carry advice on downloading Chrome after the reason; the
        # reason is what the reader needs (that advice is not ours to give).
        reason = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
        return ChartImageError(f"webbläsaren {path} kunde inte rita diagrammen ({type(error).__name__}: {reason})")

    def draw(self, figures: Sequence[Any]) -> list[PendingPng]:
        """A PendingPng per figure, in order, drawn in the background."""
        if self.reason:
            raise ChartImageError(self.reason)
        # The figures as plain dicts: a figure object is read on another thread below.
        specs = [figure.to_dict() if hasattr(figure, "to_dict") else figure for figure in figures]
        pending = []
        for spec in specs:
            future = asyncio.run_coroutine_threadsafe(self._draw(spec), self._loop)
            size = figure_size(spec, self.width, self.scale)
            if size is None:  # a figure without a set height: its size is known once drawn
                from tertial.report.document import png_size

                size = png_size(future.result(self.timeout + 15))
            pending.append(PendingPng(size[0], size[1], future, self._error))
        return pending

    def close(self) -> None:
        """Shut the browser and its thread (waits for drawings under way)."""
        if self._loop is None:
            return
        loop, self._loop = self._loop, None

        async def shut() -> None:
            try:
                browser = await asyncio.wrap_future(self._opened)
            except BaseException:  # noqa: BLE001 - it never started: nothing to shut
                return
            await browser.__aexit__(None, None, None)

        try:
            asyncio.run_coroutine_threadsafe(shut(), loop).result(self.timeout)
        except BaseException:  # noqa: BLE001 - closing must not hide the report's own outcome
            pass
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(15)
        if not self._thread.is_alive():
            loop.close()

    def __enter__(self) -> "ChartDrawer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def render_pngs(figures: Sequence[Any], *, width: int = FIGURE_WIDTH, scale: float = FIGURE_SCALE,
                timeout: float = TIMEOUT_SECONDS) -> list[bytes]:
    """Each figure as PNG bytes, in order, from one browser session.

    A figure's height is its own layout height. Raises ChartImageError with the reason
    when the browser is missing, does not start, or does not finish within timeout."""
    if not figures:
        return []
    with ChartDrawer(width=width, scale=scale, timeout=timeout) as drawer:
        return [png.result() for png in drawer.draw(figures)]

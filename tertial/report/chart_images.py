"""Plotly figures as PNG images, drawn by kaleido in a headless Chromium.

kaleido 1.x drives a Chrome or Chromium it finds through choreographer: the path in
$BROWSER_PATH when that is set, else a browser on PATH or in the usual places
(/usr/bin/chromium, Debian's package, which scripts/run.sh installs). Nothing is ever
downloaded: kaleido's own Chrome download is never called. The browser is started once
for all the figures of one report (one page, one tab, figure after figure): starting it
costs seconds, each figure a fraction of one.

When no browser can be found or started, ChartImageError says why in Swedish, and the
report carries each chart's data table instead (tertial/report/document.py).
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import threading
from collections.abc import Sequence
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


def render_pngs(figures: Sequence[Any], *, width: int = FIGURE_WIDTH, scale: float = FIGURE_SCALE,
                timeout: float = TIMEOUT_SECONDS) -> list[bytes]:
    """Each figure as PNG bytes, in order, from one browser session.

    A figure's height is its own layout height. Raises ChartImageError with the reason
    when the browser is missing, does not start, or does not finish within timeout."""
    if not figures:
        return []
    reason = unavailable_reason()
    if reason:
        raise ChartImageError(reason)
    path = browser_path()
    # The figures as plain dicts: a figure object is read on another thread below.
    specs = [figure.to_dict() if hasattr(figure, "to_dict") else figure for figure in figures]
    options = dict(format="png", width=width, scale=scale)
    result: dict[str, Any] = {}

    async def draw_all() -> list[bytes]:
        import kaleido

        # mathjax=False: its default is a CDN, and no Tertial chart has formulas. plotly.js
        # comes from the installed plotly package, so nothing is fetched from the network.
        async with kaleido.Kaleido(n=1, path=path, mathjax=False, timeout=timeout) as browser:
            return [await browser.calc_fig(spec, opts=options) for spec in specs]

    def run() -> None:
        # A thread of its own with its own event loop: the caller (a Streamlit script
        # thread, a test) may already run one.
        try:
            result["images"] = asyncio.run(asyncio.wait_for(draw_all(), timeout))
        except BaseException as error:  # noqa: BLE001 - handed to the caller below
            result["error"] = error

    worker = threading.Thread(target=run, name="tertial-chart-images", daemon=True)
    worker.start()
    worker.join(timeout + 15)  # wait_for cancels first; this only guards against a stuck close
    if worker.is_alive():
        raise ChartImageError(f"webbläsaren {path} ritade inte diagrammen inom {timeout:.0f} sekunder")
    error = result.get("error")
    if isinstance(error, (asyncio.TimeoutError, TimeoutError)):
        raise ChartImageError(f"webbläsaren {path} ritade inte diagrammen inom {timeout:.0f} sekunder")
    if error is not None:
        # choreographer's errors carry advice on downloading Chrome after the reason; the
        # reason is what the reader needs (that advice is not ours to give).
        reason = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
        raise ChartImageError(f"webbläsaren {path} kunde inte rita diagrammen ({type(error).__name__}: {reason})")
    return result["images"]

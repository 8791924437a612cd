"""Every page audited for WCAG 2.1 AA as a person gets it: Streamlit serves the app on
the bundled database, Chromium renders each page, axe-core checks it.

Swedish public bodies must meet WCAG 2.1 AA. axe-core (from the package
axe-playwright-python) runs the rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa on every
page of app.py: the six that everyone reads (and one goal's own view on Mål), Importera as
a viewer sees it (the sign-in form), and Importera and Rättelser (both its tabs) as a
signed-in editor does. A page is audited once its script has finished and its charts are
drawn, at 1366 px wide (the most common laptop screen) and as tall as the page: Streamlit
scrolls the page inside its main column, and axe skips the text that box clips, so at a
screen's height it would only check what is above the fold.

axe leaves the charts' SVG text as "incomplete" (it cannot tell what is behind an SVG text),
so the charts get a check of their own, the same rule as axe's color-contrast: every piece
of chart text that holds a letter or digit is measured against what is drawn behind it
(read from the pixels with the text hidden), 4.5:1 or 3:1 for large text. A run of bare
symbols (the grades' ● ▲ ◆ ■ beside their names) is not text of its own.

A serious or critical violation fails the test, which prints each one's rule, impact,
target and summary, so a regression says what broke and where.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from dataclasses import dataclass

import pytest

from test_browser import CHROMIUM, CHROMIUM_ARGS, _serve
from tertial.auth import ENV_PASSWORD

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed; scripts/test.sh installs it")
sync_api = pytest.importorskip("playwright.sync_api")
# Pinned in requirements-dev.txt, so a missing package is an error here, not a skip.
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
WIDTH, HEIGHT = 1366, 768
PASSWORD = "hemligt"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    charts: bool = False
    editor: bool = False
    tabs: tuple[str, ...] = ()  # further tabs to open and audit in turn


PAGES = [
    Page("Översikt", "/", charts=True),
    Page("Sök, med träffar", "/sok?q=hallbar+halsa"),  # hits with marked words and links
    Page("Mål, ett mål", "/mal?mal={goal}", charts=True),  # the goal list and one goal's view
    Page("Aktiviteter", "/aktiviteter", charts=True),
    Page("Trender", "/trender", charts=True),
    Page("Förändringar", "/forandringar"),
    Page("Rapporter", "/rapporter"),
    Page("Tertialrapport", "/tertialrapport"),
    Page("Rapporter, en rad", "/rapporter?rapport=003_4e7665d6ff629a7e.txt&rad=46"),  # Sök's link to a line
    Page("Datakvalitet", "/datakvalitet"),
    Page("Ändringslogg", "/logg"),
    Page("Importera, läsare", "/importera"),  # the sign-in form
    Page("Rättelser, redigerare", "/rattelser", editor=True, tabs=("Enstaka rättelse",)),
    Page("Importera, redigerare", "/importera", editor=True),
]


@pytest.fixture(scope="module")
def a11y_server(bundled_db, tmp_path_factory):
    """One Streamlit server for every page, on a copy of the bundled database, with
    editing enabled by the shared password (TERTIAL_EDITOR_PASSWORD)."""
    copy = tmp_path_factory.mktemp("a11y") / "tertial.duckdb"
    shutil.copy(bundled_db, copy)
    yield from _serve(copy, {ENV_PASSWORD: PASSWORD})


@pytest.fixture(scope="module")
def browser_page():
    """One Chromium tab for every page: Streamlit's scripts and fonts load once."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="sv-SE").new_page()
        finally:
            browser.close()


@pytest.fixture(scope="module")
def goal_key(bundled_db) -> str:
    """Goal 2.1.1 of T2 2023: graded, with activities, in several reports."""
    import duckdb

    with duckdb.connect(str(bundled_db), read_only=True) as con:
        [(goal,)] = con.execute(
            "SELECT DISTINCT k.goal_key FROM goal_assessments a JOIN goal_keys k USING (goal_id) "
            "WHERE a.period = '2023-T2' AND a.goal_code = '2.1.1'"
        ).fetchall()
    return goal


@pytest.mark.parametrize("page_spec", PAGES, ids=[page.name for page in PAGES])
def test_the_page_has_no_serious_or_critical_wcag_violations(page_spec, a11y_server, browser_page, goal_key):
    page = browser_page
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(a11y_server + page_spec.path.format(goal=goal_key))
    _wait_for_run(page)
    if page_spec.editor:
        _sign_in(page)
    views = [(page_spec.name, _audit(page, page_spec.charts))]
    for tab in page_spec.tabs:
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(300)
        views.append((f"{page_spec.name}, fliken {tab}", _audit(page, page_spec.charts)))

    failing = [(view, violation) for view, violations in views for violation in violations
               if violation["impact"] in FAILING_IMPACTS]
    if failing:
        pytest.fail("\n".join(_report(view, violation) for view, violation in failing), pytrace=False)


# --- driving the page --------------------------------------------------------------------


def _wait_for_run(page) -> None:
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)


def _sign_in(page) -> None:
    page.get_by_label("Ditt namn (för ändringsloggen)").fill("Tillgänglighetstest")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_text("Inloggad som redigerare").wait_for(timeout=120_000)
    _wait_for_run(page)


def _show_whole_page(page, charts: bool) -> None:
    """Wait for the charts, then make the viewport as tall as the page (main column and
    sidebar), so that nothing is clipped by Streamlit's scrolling main column."""
    if charts:
        page.wait_for_function(
            "() => { const charts = document.querySelectorAll('[data-testid=stPlotlyChart]');"
            " return charts.length > 0 && [...charts].every(c => c.querySelector('.js-plotly-plot .main-svg')); }",
            timeout=90_000,
        )
    for _ in range(3):  # a taller viewport can let the page grow a little
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebarContent]')]"
            ".map(e => e.scrollHeight))"
        )
        if height <= page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": WIDTH, "height": height})
        page.wait_for_timeout(200)
    page.wait_for_timeout(200)  # plotly and Streamlit settle after the last resize


def _audit(page, charts: bool) -> list[dict]:
    """axe's violations of the WCAG A and AA rules on the page as it is, and the charts'."""
    _show_whole_page(page, charts)
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]}
    )
    return results.response["violations"] + (chart_text_violations(page) if charts else [])


def _report(view: str, violation: dict) -> str:
    lines = [f"{view}: {violation['id']} ({violation['impact']}) – {violation['help']}, "
             f"{len(violation['nodes'])} element(s)"]
    for node in violation["nodes"]:
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    {' '.join(map(str, node['target']))}\n        {summary}")
    return "\n".join(lines)


# --- the charts' text --------------------------------------------------------------------

# Each run of chart text (a text node of the SVG, so a coloured symbol in its own tspan is
# a run of its own) with its colour, size and box on the page.
CHART_TEXT_RUNS = r"""() => {
  const runs = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const title = plot.querySelector('.gtitle');
    const chart = title ? title.textContent : `diagram ${index + 1}`;
    const walker = document.createTreeWalker(plot, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data.trim();
      const element = node.parentElement;
      if (!/[\p{L}\p{N}]/u.test(text) || !element.closest('svg') || element.closest('.hoverlayer')) continue;
      const style = getComputedStyle(element);
      if (style.visibility !== 'visible' || style.display === 'none') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue;
      runs.push({chart, text, fill: style.fill, opacity: parseFloat(style.fillOpacity) * parseFloat(style.opacity),
                 size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight, 10) || 400,
                 box: [box.left, box.top, box.right, box.bottom]});
    }
  });
  return runs;
}"""
HIDE_CHART_TEXT = ".js-plotly-plot text, .js-plotly-plot tspan { visibility: hidden !important; }"


def chart_text_violations(page) -> list[dict]:
    """axe's color-contrast rule applied to the charts' SVG text, reported as axe would:
    the text's colour against each colour that covers at least a quarter of its box
    with the text hidden (the most common one where none does)."""
    from PIL import Image

    runs = page.evaluate(CHART_TEXT_RUNS)
    assert runs, "no chart text found to check: has plotly changed how it draws text?"
    hiding = page.add_style_tag(content=HIDE_CHART_TEXT)
    page.wait_for_timeout(50)
    ground = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    hiding.evaluate("style => style.remove()")
    failing = []
    for run in runs:
        left, top, right, bottom = (round(value) for value in run["box"])
        box = ground.crop((max(left, 0), max(top, 0), min(right, ground.width), min(bottom, ground.height)))
        colours = sorted(box.getcolors(box.width * box.height) or [], reverse=True)
        if not colours:
            continue
        total = sum(count for count, _ in colours)
        behind = [colour for count, colour in colours if count >= total / 4] or [colours[0][1]]
        large = run["size"] >= 24 or (run["size"] >= 18.66 and run["weight"] >= 700)
        needed = 3.0 if large else 4.5
        text = _rgb(run["fill"])
        for colour in behind:
            shown = _blend(text, run["opacity"], colour)
            ratio = contrast_ratio(shown, colour)
            if ratio < needed:
                failing.append({
                    "target": [f"diagram »{run['chart']}«", f"»{run['text']}«"],
                    "failureSummary": f"Fix any of the following: Element has insufficient color contrast of "
                                      f"{ratio:.2f} (foreground color: {_hex(shown)}, background color: "
                                      f"{_hex(colour)}, font size: {run['size']:g}px, font weight: {run['weight']}). "
                                      f"Expected contrast ratio of {needed}:1",
                })
                break
    if not failing:
        return []
    return [{"id": "chart-text-contrast", "impact": "serious",
             "help": "Chart text must have sufficient color contrast (axe's color-contrast, for SVG text)",
             "nodes": failing}]


def _rgb(css: str) -> tuple[int, int, int]:
    match = re.match(r"rgba?\((\d+),\s*(\d+),\s*(\d+)", css)
    assert match, f"a chart text colour that is no colour: {css!r}"
    return tuple(int(part) for part in match.groups())


def _blend(colour, opacity: float, ground) -> tuple[int, int, int]:
    return tuple(round(opacity * c + (1 - opacity) * g) for c, g in zip(colour, ground))


def _hex(colour) -> str:
    return "#" + "".join(f"{part:02x}" for part in colour)


def _luminance(colour) -> float:
    def linear(part: int) -> float:
        value = part / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(part) for part in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second) -> float:
    """WCAG 2.1's contrast ratio of two sRGB colours, 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_ratio_is_wcags():
    # Black on white is 21:1; #767676 is the lightest grey that passes on white, 4.54:1.
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio((0x80, 0x84, 0x95), (255, 255, 255)) < 4.5  # Streamlit's chart axis grey

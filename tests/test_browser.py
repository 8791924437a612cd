"""The app as a person gets it: Streamlit serves it, Chromium renders it.

Skipped where Chromium is missing; scripts/test.sh installs it. Screenshots go to
test-artifacts/ for a human look.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from tertial import PROJECT_ROOT, RAW_DIR
from tertial.auth import ENV_PASSWORD
from tertial.db import ENV_DB_PATH

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed; scripts/test.sh installs it")
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(bundled_db):
    """A fresh Streamlit server on the bundled database; its first request is the test's."""
    yield from _serve(bundled_db, {})


@pytest.fixture
def editor_server(db):
    """A fresh Streamlit server on a writable copy of the bundled database, with editing
    enabled by the shared password."""
    yield from _serve(db, {ENV_PASSWORD: "hemligt"})


def _serve(db_path, environment: dict, arguments: tuple[str, ...] = (), port: int | None = None):
    port = port or _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tertial.serve", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         *arguments],
        cwd=PROJECT_ROOT, env={**os.environ, ENV_DB_PATH: str(db_path), **environment},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("Streamlit did not start within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _open(url: str, screenshot: str):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2200}, locale="sv-SE")
            requested = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(url)
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            page.wait_for_selector(".js-plotly-plot, [data-testid='stTable']", timeout=90_000)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
            favicon = page.get_attribute("link[rel='shortcut icon']", "href")
            # Besides the page itself, Streamlit's files and endpoints only (favicon.png is its
            # index.html's icon until the app's is set): a page icon that is neither an emoji
            # nor a file becomes a relative URL, requested again on every rerun.
            stray = [address for address in requested if address.rstrip("/") != url.rstrip("/")
                     and not {"static", "_stcore", "media", "favicon.png"} & set(urlsplit(address).path.split("/"))]
            return page.inner_text("body"), page.inner_text("[data-testid='stSidebarNav']"), favicon, stray
        finally:
            browser.close()


def test_oversikt_in_the_browser_shows_the_sentence_charts_and_swedish_navigation(server):
    body, navigation, favicon, stray = _open(server, "oversikt.png")
    assert (
        "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt "
        "och 14 mål Ej uppfyllt eller Knappt uppfyllt." in body
    )
    assert "7 av 21 mål" in body
    assert "Översikt" in navigation and "Rapporter" in navigation
    # The tab's icon is drawn in the browser (an emoji as an inline SVG), nothing fetched.
    assert favicon.startswith("data:image/svg+xml") and stray == []


def test_a_bookmarked_page_opened_first_after_start_gets_the_apps_navigation(server):
    # Streamlit's first run after a start treats pages/ as an old automatic multipage app:
    # had a page file been named rapporter.py, it would run alone here, with no page setup
    # and a navigation of file names ("app", "overview", "reports").
    # And with page files named other than their addresses, that first run would find no
    # file for /rapporter and show "Page not found" over the right page (tertial.serve).
    body, navigation, _, stray = _open(f"{server}/rapporter", "rapporter.png")
    assert stray == []
    assert "Översikt" in navigation and "overview" not in navigation.split()
    assert "003_4e7665d6ff629a7e.txt" in body
    assert "Page not found" not in body and "does not seem to exist" not in body


def test_a_row_of_the_goal_list_opens_its_goal_at_the_top_of_mal(server):
    """One click on a row's box in Mål's list: the goal's own view, from its heading."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1200}, locale="sv-SE")
            page.goto(f"{server}/mal")
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            grid = page.locator("[data-testid='stDataFrame']").first
            grid.scroll_into_view_if_needed()
            box = grid.bounding_box()
            # The grid is drawn on a canvas: the third row's selection box, below the header
            # row (35 px a row). 001_2318b0fccc3d977e.txt lists 2.1, 2.1.1, 2.1.2 first.
            page.mouse.click(box["x"] + 14, box["y"] + 35 + 2 * 35 + 17)
            page.wait_for_url("**/mal?mal=ks-2023-*", timeout=60_000)
            page.wait_for_function(
                "() => [...document.querySelectorAll('h2')].some(h => h.innerText.startsWith('2.1.2 Öka attraktiviteten'))",
                timeout=60_000)
            page.wait_for_timeout(1500)  # the scroll to the top runs in its own frame
            heading = page.locator("h2", has_text="2.1.2 Öka attraktiviteten").first
            top = heading.bounding_box()["y"]
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "mal-row-opens-goal.png"))
            assert 0 <= top < 400, top  # in view at the top, not somewhere down the page
        finally:
            browser.close()


def _wait_for_rerun(page) -> None:
    """Until Streamlit has started and finished the rerun a click set off."""
    try:
        page.wait_for_selector("[data-test-script-state='running']", timeout=3_000)
    except sync_api.TimeoutError:
        pass  # a fast rerun may have finished before we looked
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)


def test_a_director_filters_by_focus_area_follows_the_link_and_takes_the_table_to_excel(server, bundled_db):
    """Open the app, pick a focus area, see the URL and the figures change, open another
    page through the navigation, download its CSV and check the bytes."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="sv-SE", accept_downloads=True)
            page = context.new_page()
            page.goto(server)
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            heading = page.locator("h3").first
            assert heading.inner_text().startswith("Av de totalt 21 målen kommunstyrelsen antagit är 7 mål")

            page.locator("[data-testid='stSelectbox']").filter(has_text="Fokusområde").click()
            clicked = time.perf_counter()
            page.get_by_role("option", name="Hållbar hälsa").click()
            page.wait_for_function(
                "() => document.querySelector('h3') && document.querySelector('h3').innerText.includes('Hållbar hälsa')",
                timeout=120_000,
            )
            repainted = time.perf_counter()
            _wait_for_rerun(page)
            assert "fokusomrade=H%C3%A5llbar+h%C3%A4lsa" in page.url
            assert heading.inner_text().startswith("Inom Hållbar hälsa: av de totalt 9 målen kommunstyrelsen antagit är 3 mål")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "oversikt-hallbar-halsa.png"), full_page=True)
            (ARTIFACTS / "filter-repaint-ms.txt").write_text(f"{(repainted - clicked) * 1000:.0f}\n")

            page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Aktiviteter").click()
            page.wait_for_url("**/aktiviteter**", timeout=90_000)
            _wait_for_rerun(page)
            assert "fokusomrade=H%C3%A5llbar+h%C3%A4lsa" in page.url  # the filter came along
            page.screenshot(path=str(ARTIFACTS / "aktiviteter-hallbar-halsa.png"), full_page=True)

            with page.expect_download(timeout=90_000) as download_info:
                page.get_by_role("button", name="Ladda ner CSV").first.click()
            download = download_info.value
            data = open(download.path(), "rb").read()
        finally:
            browser.close()

    assert download.suggested_filename == "tertial_aktiviteter_2023-t2_hallbar-halsa.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    import csv
    import io

    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header = lines[0]
    assert "Aktivitet" in header and "Slutdatum" in header
    import duckdb

    with duckdb.connect(str(bundled_db), read_only=True) as con:
        [(expected,)] = con.execute(
            "SELECT count(*) FROM activity_statuses WHERE period = '2023-T2' AND vision_focus_area = 'Hållbar hälsa'"
        ).fetchall()
    assert len(lines) - 1 == expected
    assert any("⏸ Vänteläge" in cell for row in lines[1:] for cell in row)  # LSS yrkesresan, 2.14.1


def test_the_benchmarks_repaint_watch_times_each_filter_click_once(server):
    """scripts/benchmark_browser.py times repaints inside the page by reading Streamlit's
    websocket messages: if a Streamlit upgrade moved script_finished, or the watch counted
    the runs a newer one cut short, the benchmark's figures would be wrong or never come."""
    sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
    from benchmark_browser import REPAINT_WATCH, REPAINTS_SO_FAR, SETTLED, wait_for_repaint

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600}, locale="sv-SE")
            page.add_init_script(REPAINT_WATCH)
            page.goto(server)
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            page.evaluate(SETTLED)
            opened = page.evaluate(REPAINTS_SO_FAR)
            assert opened >= 1  # the first run, finished and painted
            for step, area in enumerate(["Hållbar hälsa", "Hållbar natur"], start=1):
                page.locator("[data-testid='stSelectbox']").filter(has_text="Fokusområde").click()
                page.get_by_role("option", name=area, exact=True).click()
                seconds = wait_for_repaint(page, opened + step - 1)
                assert 0 < seconds < 60
                assert area in page.locator("h3").first.inner_text()  # timed until the new figures show
                page.evaluate(SETTLED)
                assert page.evaluate(REPAINTS_SO_FAR) == opened + step  # one run per click, counted once
        finally:
            browser.close()


def test_an_editor_loads_the_published_pdf_of_a_corrected_report_which_replaces_it_after_confirming(editor_server, db, tmp_path):
    """The T2 2023 report corrected (one activity started) and published as a PDF: the
    preview names the report it replaces and the one change; confirmed, Översikt still
    counts 57 activities, one fewer Ej påbörjad, never the report twice."""
    from documents import pdf_from_html

    from dbfiles import rows

    text = (RAW_DIR / "001_2318b0fccc3d977e.txt").read_text(encoding="utf-8").replace(
        "Ta fram en metod för att genomföra medborgardialog\t■ Ej påbörjad",
        "Ta fram en metod för att genomföra medborgardialog\t▶ Pågående enligt plan",
    )
    published = tmp_path / "Tertialrapport 2 2023 rättad.pdf"
    published.write_bytes(pdf_from_html(text))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2600}, locale="sv-SE")
            page.goto(f"{editor_server}/importera")
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            page.get_by_label("Ditt namn (för ändringsloggen)").fill("Anna Controller")
            page.get_by_label("Lösenord").fill("hemligt")
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_selector("input[type=file]", state="attached", timeout=120_000)
            _wait_for_rerun(page)
            page.set_input_files("input[type=file]", str(published))
            page.get_by_role("button", name="Förhandsgranska").wait_for(timeout=60_000)
            _wait_for_rerun(page)
            page.get_by_role("button", name="Förhandsgranska").click()
            page.get_by_text("Platsen är redan fylld").wait_for(timeout=120_000)
            _wait_for_rerun(page)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "importera-pdf-ersattning.png"), full_page=True)
            body = page.inner_text("body")
            assert "Rapportplats: Ånge kommun · Kommunstyrelsen · Kommunförvaltningen · 2023-T2" in body
            assert "Statusändringar (1)" in body and "Ta fram en metod för att genomföra medborgardialog" in body
            assert rows(db, "SELECT count(*) FROM reports WHERE period_key = '2023-T2'") == [(1,)]
            page.get_by_text("Ja, ersätt den inlästa rapporten").click()
            _wait_for_rerun(page)
            page.get_by_role("button", name="Ersätt i databasen").click()
            page.get_by_test_id("stAlertContentSuccess").get_by_text("Ersatte Tertialrapport 2 2023 rättad.pdf").wait_for(
                timeout=120_000)
            page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Översikt").click()
            page.get_by_text("Aktiviteterna efter status").wait_for(timeout=120_000)
            _wait_for_rerun(page)
            page.screenshot(path=str(ARTIFACTS / "oversikt-efter-pdf.png"), full_page=True)
            body = page.inner_text("body")
        finally:
            browser.close()
    assert "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål" in body
    assert rows(db, "SELECT file_name FROM reports WHERE period_key = '2023-T2'") == [("Tertialrapport 2 2023 rättad.pdf",)]
    assert rows(db, "SELECT count(*), count(*) FILTER (WHERE status = 'Ej påbörjad') FROM activity_statuses "
                    "WHERE period = '2023-T2'") == [(57, 6)]


def test_a_bar_of_oversikts_grade_chart_opens_the_goals_it_counts(server):
    """The Ej uppfyllt bar of T2 2023 (five KS goals graded ■ in 001_2318b0fccc3d977e.txt:
    2.2.1, 2.2.2, 2.10.1, 2.11.1, 2.11.2) opens Mål's list of exactly those goals."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2000}, locale="sv-SE")
            page.goto(server)
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            bars = page.locator(".js-plotly-plot").first.locator("g.point path")
            bars.first.wait_for(timeout=60_000)
            assert bars.count() == 5  # one bar per grade, best first, Ej bedömd last
            bars.nth(3).click(force=True)
            page.wait_for_url("**/mal?*bedomning=Ej+uppfyllt*", timeout=60_000)
            page.wait_for_function("() => document.body.innerText.includes('5 mål i urvalet')", timeout=60_000)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "oversikt-bar-opens-goals.png"))
            assert "Målen – Tertial 2 2023 (2023-T2), Ej uppfyllt" in page.inner_text("body")
        finally:
            browser.close()

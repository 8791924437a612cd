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

import pytest

from tertial import PROJECT_ROOT
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
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, env={**os.environ, ENV_DB_PATH: str(bundled_db)},
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
            page.goto(url)
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=60_000)
            page.wait_for_selector(".js-plotly-plot, [data-testid='stTable']", timeout=30_000)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
            return page.inner_text("body"), page.inner_text("[data-testid='stSidebarNav']")
        finally:
            browser.close()


def test_oversikt_in_the_browser_shows_the_sentence_charts_and_swedish_navigation(server):
    body, navigation = _open(server, "oversikt.png")
    assert (
        "Av de totalt 21 målen kommunstyrelsen antagit är 7 mål Uppfyllt eller Delvis uppfyllt "
        "och 14 mål Ej uppfyllt eller Knappt uppfyllt." in body
    )
    assert "7 av 21 mål" in body
    assert "Översikt" in navigation and "Rapporter" in navigation


def test_a_bookmarked_page_opened_first_after_start_gets_the_apps_navigation(server):
    # With a folder named pages/, Streamlit would run pages/rapporter.py alone here:
    # no page setup, and a navigation of file names ("app", "oversikt", "rapporter").
    body, navigation = _open(f"{server}/rapporter", "rapporter.png")
    assert "Översikt" in navigation and "oversikt" not in navigation.split()
    assert "003_4e7665d6ff629a7e.txt" in body

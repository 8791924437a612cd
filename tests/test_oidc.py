"""Sign-in through a real OpenID Connect provider, end to end, as an editor gets it.

A real provider (panva's oidc-provider, tests/oidc/provider.mjs, run by Node) and the app
under `python -m tertial.serve` with [auth] in a secrets file this module writes (the
repository's own secrets are never read: --secrets.files), and Debian's Chromium through
Playwright. Chromium fills in the provider's login form; the provider issues a signed ID
token through the authorization-code flow; Streamlit's own routes exchange the code and
set the identity cookie. Nothing of the provider or of st.user is faked.

One provider and one app server for the module; each test has a browser context of its
own (its own cookies), so each signs in itself.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tertial import PROJECT_ROOT
from tertial.auth import ENV_PASSWORD, PROVIDER_DOWN

from dbfiles import rows
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _free_port, _serve, _wait_for_rerun

PROVIDER_DIR = PROJECT_ROOT / "tests" / "oidc"
NODE = shutil.which("node") or shutil.which("nodejs")
EDITORS_GROUP = "9f0c2b1e-5a7d-4c3b-8e21-0d6f4a1b7c55"  # an Entra ID group's object id, as groups sends it
ACCOUNTS = {
    # Listed by e-mail address (written with capitals in the configuration).
    "anna.andersson@ange.se": {"password": "anna-lösen-1", "name": "Anna Andersson", "groups": []},
    # Not listed, but in the editors' group.
    "bertil.berg@ange.se": {"password": "bertil-lösen-1", "name": "Bertil Berg", "groups": [EDITORS_GROUP]},
    # Neither: may read, not edit. Her address ends like a listed one's would begin.
    "cecilia.ceder@ange.se": {"password": "cecilia-lösen-1", "name": "Cecilia Ceder",
                              "groups": ["00000000-0000-0000-0000-000000000001"]},
}

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed; scripts/test.sh installs it"),
    pytest.mark.skipif(NODE is None, reason="Node.js is not installed; scripts/test.sh installs it"),
]
sync_api = pytest.importorskip("playwright.sync_api")


def _node_major() -> int:
    out = subprocess.run([NODE, "--version"], capture_output=True, text=True, check=True).stdout
    return int(out.strip().lstrip("v").split(".")[0])


@pytest.fixture(scope="module")
def app_port() -> int:
    return _free_port()


@pytest.fixture(scope="module")
def provider(app_port, tmp_path_factory):
    """The identity provider on a free port of 127.0.0.1: its issuer URL and process."""
    if _node_major() < 20:
        pytest.skip("the test provider (oidc-provider 9) needs Node.js 20 or newer")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        # scripts/test.sh runs npm ci; a bare pytest run does it here.
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True,
                       capture_output=True, timeout=300)
    folder = tmp_path_factory.mktemp("oidc")
    client_secret = secrets.token_hex(16)
    config = folder / "provider.json"
    config.write_text(json.dumps({
        "port": 0, "client_id": "tertial-test", "client_secret": client_secret,
        "redirect_uri": f"http://127.0.0.1:{app_port}/oauth2callback", "accounts": ACCOUNTS,
    }), encoding="utf-8")
    log = open(folder / "provider.log", "w+", encoding="utf-8")
    process = subprocess.Popen([NODE, str(PROVIDER_DIR / "provider.mjs"), str(config)], cwd=PROVIDER_DIR,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        issuer = None
        while issuer is None:
            log.seek(0)
            issuer = next((line.split()[1] for line in log if line.startswith("listening ")), None)
            if issuer is None and (time.monotonic() > deadline or process.poll() is not None):
                log.seek(0)
                pytest.fail(f"the test provider did not start:\n{log.read()}")
            time.sleep(0.1)
        yield {"issuer": issuer, "client_secret": client_secret, "process": process}
    finally:
        process.send_signal(signal.SIGCONT)  # in case a test left it stopped
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def oidc_db(bundled_db, tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("oidc-db") / "tertial.duckdb"
    shutil.copy(bundled_db, copy)
    return copy


@pytest.fixture(scope="module")
def server(provider, oidc_db, app_port, tmp_path_factory):
    """The app with sign-in through the provider: Anna by her address (written in other
    case), the editors' group by its id; eight-hour sessions."""
    secrets_file = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets_file.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "tertial-test"
client_secret = "{provider['client_secret']}"
server_metadata_url = "{provider['issuer']}/.well-known/openid-configuration"

[auth.client_kwargs]
prompt = "login"

[tertial]
editors = ["Anna.Andersson@Ange.se"]
editor_claim = "groups"
editor_claim_values = ["{EDITORS_GROUP}"]
session_hours = 8
""", encoding="utf-8")
    yield from _serve(oidc_db, {ENV_PASSWORD: ""}, ("--secrets.files", str(secrets_file)), port=app_port)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="sv-SE")
    yield context.new_page()
    context.close()


def _settled(page) -> None:
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)


def sign_in(page, server, provider, email: str, start: str = "importera") -> None:
    """From a page of the app through the provider's login form and back."""
    page.goto(f"{server}/{start}")
    _settled(page)
    page.get_by_role("button", name="Logga in med kommunens konto").click()
    page.wait_for_url(f"{provider['issuer']}/interaction/**", timeout=60_000)
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(ACCOUNTS[email]["password"])
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{server}/{start}**", timeout=60_000)
    _wait_for_rerun(page)


def signins(db) -> list[dict]:
    from tertial import signin_log

    return signin_log.recent(100, db)


def test_an_editor_signs_in_through_the_provider_comes_back_to_importera_and_loads_a_report(
        page, server, provider, oidc_db, tmp_path):
    from test_page_importera import t3_2023_report

    page.goto(f"{server}/importera")
    _settled(page)
    assert page.locator("input[type=file]").count() == 0  # a viewer: no write controls
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "importera-inte-inloggad-oidc.png"))
    sign_in(page, server, provider, "anna.andersson@ange.se")
    assert page.url == f"{server}/importera"  # back where the sign-in started, not on the start page
    page.wait_for_selector("input[type=file]", state="attached", timeout=60_000)
    page.wait_for_selector("[data-testid='stDateInput'] input", timeout=30_000)
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "Inloggad som redigerare: anna.andersson@ange.se" in sidebar
    page.screenshot(path=str(ARTIFACTS / "importera-inloggad-oidc.png"), full_page=True)

    report = tmp_path / "t3_2023_oidc.txt"
    report.write_bytes(t3_2023_report())
    page.set_input_files("input[type=file]", str(report))
    page.get_by_role("button", name="Förhandsgranska").wait_for(timeout=60_000)
    _wait_for_rerun(page)
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_role("button", name="Spara i databasen").wait_for(timeout=120_000)
    _wait_for_rerun(page)
    page.get_by_role("button", name="Spara i databasen").click()
    page.get_by_test_id("stAlertContentSuccess").get_by_text("Läste in t3_2023_oidc.txt").wait_for(timeout=120_000)

    assert rows(oidc_db, "SELECT actor, action, report_file FROM audit_log WHERE report_file = 't3_2023_oidc.txt'") == [
        ("anna.andersson@ange.se", "import", "t3_2023_oidc.txt")]
    assert rows(oidc_db, "SELECT count(*) FROM goal_assessments WHERE report_file = 't3_2023_oidc.txt' AND goal_level = 'KS'") == [(21,)]
    [entry] = [e for e in signins(oidc_db) if e.get("email") == "anna.andersson@ange.se" and e["event"] == "inloggning"][:1]
    # The provider's verified identity: its issuer and its own subject, not the address.
    assert entry["method"] == "oidc" and entry["issuer"] == provider["issuer"]
    assert entry["subject"] and entry["subject"] != entry["email"] and entry["name"] == "Anna Andersson"


def test_signing_out_ends_the_session(page, server, provider, oidc_db):
    sign_in(page, server, provider, "anna.andersson@ange.se")
    page.wait_for_selector("input[type=file]", state="attached", timeout=60_000)
    visited: list[str] = []  # recorded, not awaited: the end-session page may pass before a wait begins
    page.on("framenavigated", lambda frame: visited.append(frame.url) if frame == page.main_frame else None)
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Logga ut").click()
    # Streamlit's /auth/logout deletes the identity cookie and sends the browser on to the
    # provider's end-session endpoint, which comes back to the app's start page.
    page.wait_for_url(f"{server}/", timeout=60_000)
    assert any(url.startswith(f"{provider['issuer']}/session/end") for url in visited), visited
    assert not [c for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]
    page.goto(f"{server}/importera")
    page.reload()
    _settled(page)
    page.get_by_role("button", name="Logga in med kommunens konto").wait_for(timeout=30_000)
    assert page.locator("input[type=file]").count() == 0
    assert "Inloggad som" not in page.locator("[data-testid='stSidebar']").inner_text()
    events = [e["event"] for e in signins(oidc_db) if e.get("email") == "anna.andersson@ange.se"]
    assert events[0] == "utloggning"  # the newest


def test_an_account_that_may_not_edit_is_told_why_and_can_sign_out(page, server, provider, oidc_db):
    sign_in(page, server, provider, "cecilia.ceder@ange.se")
    body = page.locator("[data-testid='stMain']")
    body.get_by_text("Du är inloggad som cecilia.ceder@ange.se, men får inte redigera").wait_for(timeout=30_000)
    text = body.inner_text()
    assert "e-postadressen finns inte bland redigerarna" in text
    assert "inget av de värden i anspråket »groups«" in text
    assert page.locator("input[type=file]").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "importera-inte-redigerare.png"), full_page=True)
    [refused] = [e for e in signins(oidc_db) if e.get("email") == "cecilia.ceder@ange.se"][:1]
    assert refused["event"] == "nekad" and "får inte redigera" in refused["reason"]
    assert refused["issuer"] == provider["issuer"]

    body.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{server}/", timeout=60_000)
    page.goto(f"{server}/importera")
    _settled(page)
    page.get_by_role("button", name="Logga in med kommunens konto").wait_for(timeout=30_000)
    assert "cecilia" not in page.locator("[data-testid='stSidebar']").inner_text()


def test_a_member_of_the_editors_group_may_edit(page, server, provider):
    sign_in(page, server, provider, "bertil.berg@ange.se", start="rattelser")
    page.get_by_role("tab", name="Enstaka rättelse").wait_for(timeout=60_000)
    assert "Inloggad som redigerare: bertil.berg@ange.se" in page.locator("[data-testid='stSidebar']").inner_text()


def test_a_provider_that_is_down_gets_a_swedish_message_in_the_app(page, server, provider):
    page.goto(f"{server}/importera")
    _settled(page)
    provider["process"].send_signal(signal.SIGSTOP)  # it accepts connections and never answers
    try:
        page.get_by_role("button", name="Logga in med kommunens konto").click()
        page.get_by_text(PROVIDER_DOWN).wait_for(timeout=30_000)
    finally:
        provider["process"].send_signal(signal.SIGCONT)
    assert page.url.startswith(f"{server}/importera")
    body = page.inner_text("body")
    assert "Authentication error" not in body and "Traceback" not in body
    assert page.locator("input[type=file]").count() == 0

"""The deployment IT installs (deploy/), run as shipped: two app processes started as
deploy/systemd/tertial@.service starts them, on one database file, behind Debian's nginx
with deploy/nginx/tertial.conf (TLS, websockets, sticky routing by a cookie nginx sets),
driven by Chromium through the proxy. scripts/deployment.py makes it from those files,
changing only the lines they mark for editing.

Skipped where nginx, openssl or Chromium is missing; scripts/test.sh installs them.
"""

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest

from dbfiles import rows
from tertial import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import deployment  # noqa: E402
import load_sessions  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
]
PASSWORD = "hemligt-i-test"
# The editor's password reaches the processes through the secrets file the unit names
# (--secrets.files), so the test also shows that the unit's secrets path is read.
SECRETS = f'[tertial]\neditor_password = "{PASSWORD}"\n'

needs_nginx = pytest.mark.skipif(not os.path.exists(deployment.NGINX) or not os.path.exists(deployment.OPENSSL),
                                 reason="nginx or openssl is not installed; scripts/test.sh installs them")
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                    reason="Chromium is not installed; scripts/test.sh installs it")


def _ready(page) -> None:
    """Until the run the last action started has finished."""
    try:
        page.wait_for_selector("[data-test-script-state='running']", timeout=2_000)
    except Exception:  # noqa: BLE001 - a fast run may be over before we look
        pass
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)


def _routed_context(browser, url: str, route: str):
    """A browser context whose requests nginx sends to one process: it carries the
    routing cookie nginx would have given it, with the value that hashes there."""
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 2000}, locale="sv-SE")
    context.add_cookies([{"name": deployment.ROUTE_COOKIE, "value": route, "url": url, "secure": True,
                          "httpOnly": True}])
    return context


@needs_nginx
@needs_chromium
def test_a_report_saved_through_one_process_is_seen_through_the_other(db, tmp_path):
    """An editor whose browser nginx routes to process A signs in, uploads the T3 2023
    report on Importera and saves it; a reader routed to process B, whose session had
    shown the reports before, sees the new report and period at its next run. nginx's
    access log shows that every websocket and upload of each browser reached its own
    process, and a stopped process's browsers are sent to the other."""
    sync_api = pytest.importorskip("playwright.sync_api")
    report, _ = load_sessions.writer_reports(tmp_path)
    with deployment.local_deployment(db, processes=2, folder=tmp_path / "deployment", secrets_text=SECRETS) as running:
        # Plain HTTP redirects to HTTPS; the health check answers through the proxy, which
        # gives a browser without one its routing cookie.
        status, headers, _ = deployment.request("GET", f"{running.proxy.http_url}/importera")
        assert status == 301 and headers["location"][0].startswith("https://")
        status, headers, body = deployment.request("GET", f"{running.url}/_stcore/health")
        assert (status, body) == (200, b"ok")
        [cookie] = [value for value in headers["set-cookie"] if value.startswith(f"{deployment.ROUTE_COOKIE}=")]
        assert {"Secure", "HttpOnly", "Path=/"} <= {part.strip() for part in cookie.split(";")}
        routes = running.routes()
        process_a, process_b = (app.address for app in running.apps)

        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                reader = _routed_context(browser, running.url, routes[process_b]).new_page()
                reader.goto(f"{running.url}/rapporter")
                _ready(reader)
                reader.get_by_text("Organisationens alla inlästa rapporter").wait_for(timeout=60_000)
                shown = reader.inner_text("[data-testid='stMain']")
                assert report.name not in shown and "Tertialer utan inläst rapport: 2023-T3, 2024-T2." in shown

                editor = _routed_context(browser, running.url, routes[process_a]).new_page()
                editor.goto(f"{running.url}/importera")
                _ready(editor)
                editor.get_by_label("Ditt namn (för ändringsloggen)").fill("Anna Controller")
                editor.get_by_label("Lösenord").fill(PASSWORD)
                editor.get_by_role("button", name="Logga in").click()
                editor.wait_for_selector("input[type=file]", state="attached", timeout=120_000)
                _ready(editor)
                editor.set_input_files("input[type=file]", str(report))
                editor.get_by_role("button", name="Förhandsgranska").wait_for(timeout=60_000)
                _ready(editor)
                editor.get_by_role("button", name="Förhandsgranska").click()
                editor.get_by_role("button", name="Spara i databasen").wait_for(timeout=120_000)
                _ready(editor)
                editor.get_by_role("button", name="Spara i databasen").click()
                editor.get_by_test_id("stAlertContentSuccess").get_by_text(report.name).wait_for(timeout=120_000)

                # The reader's session, on the other process, at its next run: Översikt opens
                # on the newest graded tertial, now T3 2023, and Rapporter lists the report.
                navigation = reader.locator("[data-testid='stSidebarNav']")
                navigation.get_by_role("link", name="Översikt", exact=True).click()
                reader.get_by_text("Tertial 3 2023 (2023-T3)").first.wait_for(timeout=120_000)
                navigation.get_by_role("link", name="Rapporter", exact=True).click()
                reader.get_by_text(report.name).first.wait_for(timeout=120_000)
                # The list can show before the rerun has redrawn the caption under it: wait for it.
                reader.get_by_text("Tertialer utan inläst rapport: 2024-T2.").wait_for(timeout=60_000)
                _ready(reader)
                assert "Tertialer utan inläst rapport: 2024-T2." in reader.inner_text("[data-testid='stMain']")
            finally:
                browser.close()
        assert rows(db, "SELECT file_name FROM reports WHERE period_key = '2023-T3'") == [(report.name,)]

        # nginx logs a websocket when it closes: the browser has gone, so shortly.
        deadline = time.monotonic() + 15
        while True:
            entries = deployment.access_log_entries(running.proxy.access_log)
            streams = {entry["route"] for entry in entries if entry["path"].startswith("/_stcore/stream")}
            if {routes[process_a], routes[process_b]} <= streams or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        for process, route in ((process_a, routes[process_a]), (process_b, routes[process_b])):
            own = [entry for entry in entries if entry["route"] == route]
            assert any(entry["path"].startswith("/_stcore/stream") for entry in own), route
            assert {entry["upstream"] for entry in own} == {process}, own
        uploads = [entry for entry in entries if entry["path"].startswith("/_stcore/upload_file/")]
        assert any(entry["method"] == "PUT" for entry in uploads), entries
        # Stored (204) in the process that holds the editor's session.
        assert {(entry["route"], entry["upstream"], entry["status"][0]) for entry in uploads} == {
            (routes[process_a], process_a, "2")}, uploads

        # A process that stops: its browsers' next requests go to the other (nginx tries
        # the next server when a connection is refused), and the health check still answers.
        running.apps[0].process.terminate()
        running.apps[0].process.wait(timeout=15)
        logged = len(deployment.access_log_entries(running.proxy.access_log))
        status, _, _ = deployment.request("GET", f"{running.url}/", cookie=f"{deployment.ROUTE_COOKIE}={routes[process_a]}")
        assert status == 200
        assert deployment.request("GET", f"{running.url}/_stcore/health")[::2] == (200, b"ok")
        deadline = time.monotonic() + 10
        while not (later := [entry for entry in deployment.access_log_entries(running.proxy.access_log)[logged:]
                             if entry["route"] == routes[process_a]]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert later and later[-1]["upstream"].split(", ")[-1] == process_b, later


def test_the_shipped_nginx_site_is_valid_and_changes_only_in_the_marked_lines(tmp_path):
    """The site file as the test runs it differs from the shipped one only in the lines
    marked EDIT and the log paths; and nginx -t accepts it (where nginx is installed)."""
    certificate, key = tmp_path / "c.pem", tmp_path / "k.pem"
    text = deployment.site_config(https_port=8443, http_port=8080, app_ports=[9001, 9002, 9003],
                                  certificate=certificate, key=key, log_dir=tmp_path)
    shipped = deployment.SITE.read_text(encoding="utf-8").splitlines()
    kept = set(text.splitlines())
    changed = [line for line in shipped if line not in kept]
    assert changed and all("EDIT" in line or "/var/log/nginx/" in line or line.lstrip().startswith("listen")
                           for line in changed), changed
    assert "hash $tertial_route consistent;" in text
    assert [line.strip() for line in text.splitlines() if line.strip().startswith("server 127.0.0.1:")] == [
        f"server 127.0.0.1:{port} max_fails=3 fail_timeout=15s;" for port in (9001, 9002, 9003)]
    if os.path.exists(deployment.NGINX) and os.path.exists(deployment.OPENSSL):
        folder = tmp_path / "nginx"
        folder.mkdir()
        certificate, key = deployment.self_signed_certificate(folder)
        site = folder / "tertial.conf"
        site.write_text(deployment.site_config(https_port=8443, http_port=8080, app_ports=[9001, 9002],
                                               certificate=certificate, key=key, log_dir=folder))
        (folder / "nginx.conf").write_text(deployment.main_config(folder, site))
        checked = subprocess.run([*deployment.nginx_command(folder, folder / "nginx.conf"), "-t"],
                                 capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr


def test_the_unit_starts_the_app_on_its_port_with_the_data_and_secrets_it_names(tmp_path):
    command = deployment.unit_command(8502, secrets=tmp_path / "secrets.toml")
    assert command.argv[:3] == [sys.executable, "-m", "tertial.serve"]
    assert " ".join(command.argv[3:]) == (f"--server.headless true --server.address 127.0.0.1 --server.port 8502 "
                                          f"--secrets.files {tmp_path / 'secrets.toml'}")
    assert command.environment["TERTIAL_DB"] == "/var/lib/tertial/tertial.duckdb"
    assert command.working_directory == str(PROJECT_ROOT)
    unit = deployment.UNIT.read_text(encoding="utf-8")
    # The data folder is the one place the process may write.
    assert "ProtectSystem=strict" in unit and "ReadWritePaths=/var/lib/tertial" in unit


def test_the_backup_script_writes_a_whole_backup_and_removes_only_old_whole_backups(db, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    old, young, foreign = backups / "2020-01-01T023000", backups / "2026-01-01T023000", backups / "2019-kopia"
    for folder in (old, young, foreign):
        folder.mkdir()
        (folder / "manifest.json").write_text("{}")
    for folder in (old, foreign):
        os.utime(folder, (time.time() - 40 * 86400,) * 2)
    os.utime(young, (time.time() - 5 * 86400,) * 2)
    done = subprocess.run(
        [str(PROJECT_ROOT / "deploy" / "backup.sh")], capture_output=True, text=True, timeout=300,
        env={**os.environ, "TERTIAL_DB": str(db), "BACKUP_DIR": str(backups), "KEEP_DAYS": "30",
             "PYTHON": sys.executable},
    )
    assert done.returncode == 0, done.stderr
    made = [folder for folder in backups.iterdir() if folder not in (old, young, foreign)]
    assert len(made) == 1 and (made[0] / "manifest.json").is_file()
    assert abs(datetime.strptime(made[0].name, "%Y-%m-%dT%H%M%S") - datetime.now()) < timedelta(minutes=5)
    assert not old.exists() and young.exists() and foreign.exists()
    # What the script wrote restores (tertial restore checks every file and row).
    restored = subprocess.run([sys.executable, "-m", "tertial", "restore", str(made[0]), "--db",
                               str(tmp_path / "restored.duckdb")], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=300)
    assert restored.returncode == 0, restored.stderr
    assert rows(tmp_path / "restored.duckdb", "SELECT count(*) FROM reports") == rows(db, "SELECT count(*) FROM reports")


def test_upgrade_gives_an_older_file_its_migrations_and_says_so(db):
    from test_upgrade import as_made_before_shared_areas

    as_made_before_shared_areas(db)

    def tertial(*args):
        return subprocess.run([sys.executable, "-m", "tertial", *args, "--db", str(db)], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=120)

    checked = tertial("upgrade", "--check")
    assert checked.returncode == 0 and "saknar 1 migrering: 009_shared_areas.sql" in checked.stdout
    upgraded = tertial("upgrade")
    assert upgraded.returncode == 0 and "Uppdaterade" in upgraded.stdout and "009_shared_areas.sql" in upgraded.stdout
    again = tertial("upgrade")
    assert again.returncode == 0 and "redan uppdaterad" in again.stdout

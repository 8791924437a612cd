"""A Tertial deployment on this machine, made from the shipped files in deploy/: app
processes started as deploy/systemd/tertial@.service starts them (its ExecStart and
Environment lines), sharing one database file, and Debian's nginx in front with
deploy/nginx/tertial.conf, TLS from a self-signed certificate made on the spot.

Only the lines the files mark for editing change (host ports, certificate, log paths,
the app processes' ports, the paths under /opt/tertial and /etc/tertial); every other
line is run as shipped, so a test through this deployment tests the shipped files.
nginx runs as the current user, with its pid, logs and temporary files in a folder of
its own, and listens on 127.0.0.1 only.

Used by tests/test_deployment.py and scripts/server_load.py --processes.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEPLOY = PROJECT_ROOT / "deploy"
UNIT = DEPLOY / "systemd" / "tertial@.service"
SITE = DEPLOY / "nginx" / "tertial.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
# The installed paths the shipped files name, and what stands for them here.
INSTALLED_PYTHON = "/opt/tertial/.venv/bin/python"
INSTALLED_CODE = "/opt/tertial"
INSTALLED_SECRETS = "/etc/tertial/secrets.toml"
ROUTE_COOKIE = "tertial_route"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the app processes, as the systemd unit starts them ---------------------------------

@dataclass(frozen=True)
class UnitCommand:
    argv: list[str]
    environment: dict[str, str]
    working_directory: str


def unit_command(port: int, *, secrets: Path, unit: Path = UNIT) -> UnitCommand:
    """The unit's ExecStart for instance `port` with its Environment= lines, the installed
    paths replaced by this checkout's (its Python, its folder, the given secrets file).
    EnvironmentFile= is optional (a leading -) and left out."""
    values: dict[str, list[str]] = {}
    for line in unit.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    [exec_start] = values["ExecStart"]
    [working_directory] = values["WorkingDirectory"]

    def local(text: str) -> str:
        text = text.replace("%i", str(port)).replace("%%", "%")
        text = text.replace(INSTALLED_PYTHON, sys.executable).replace(INSTALLED_SECRETS, str(secrets))
        return text.replace(INSTALLED_CODE, str(PROJECT_ROOT))

    environment = {}
    for assignment in values.get("Environment", []):
        for item in shlex.split(assignment):
            key, value = item.split("=", 1)
            environment[key] = local(value)
    return UnitCommand([local(part) for part in shlex.split(exec_start)], environment, local(working_directory))


@dataclass
class AppProcess:
    port: int
    process: subprocess.Popen
    address: str = field(init=False)

    def __post_init__(self) -> None:
        self.address = f"127.0.0.1:{self.port}"


def wait_until_healthy(url: str, process: subprocess.Popen | None = None, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=_unverified()) as response:
                if response.read() == b"ok":
                    return
        except (OSError, urllib.error.URLError):
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process ended with {process.returncode} before it answered")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer /_stcore/health within {seconds:.0f} s")
        time.sleep(0.3)


@contextmanager
def app_processes(db_path: Path, count: int, folder: Path, environment: dict[str, str] | None = None,
                  secrets_text: str = "") -> Iterator[list[AppProcess]]:
    """`count` app processes on 127.0.0.1, each started as tertial@PORT.service starts
    it, all on db_path; stopped (SIGTERM, as systemctl stop) on leaving."""
    folder.mkdir(parents=True, exist_ok=True)
    secrets = folder / "secrets.toml"
    secrets.write_text(secrets_text, encoding="utf-8")
    apps: list[AppProcess] = []
    try:
        for _ in range(count):
            port = free_port()
            command = unit_command(port, secrets=secrets)
            env = {**os.environ, **command.environment, "TERTIAL_DB": str(db_path), "HOME": str(folder),
                   **(environment or {})}
            log = open(folder / f"app-{port}.log", "wb")  # noqa: SIM115 - closed with the process
            process = subprocess.Popen(command.argv, cwd=command.working_directory, env=env, stdout=log,
                                       stderr=subprocess.STDOUT)
            log.close()
            apps.append(AppProcess(port, process))
        for app in apps:
            wait_until_healthy(f"http://{app.address}", app.process)
        yield apps
    finally:
        for app in apps:
            app.process.terminate()
        for app in apps:
            try:
                app.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                app.process.kill()
                app.process.wait()


# -- nginx, with the shipped site file ---------------------------------------------------

def _replace(text: str, pattern: str, replacement: str, count: int, what: str) -> str:
    result, made = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if made != count:
        raise ValueError(f"{SITE.name}: expected {count} {what}, found {made}; has the file changed shape?")
    return result


def site_config(*, https_port: int, http_port: int, app_ports: list[int], certificate: Path, key: Path,
                log_dir: Path, site: Path = SITE) -> str:
    """deploy/nginx/tertial.conf for this machine: listening on 127.0.0.1 (no IPv6), the
    given certificate, logs in log_dir, one upstream server line per app port (with the
    options of the shipped lines). Raises ValueError when a line to change is not there
    in the expected number, so the file cannot drift away from what is tested."""
    text = site.read_text(encoding="utf-8")
    text = _replace(text, r"^\s*listen \[::\]:\d+.*\n", "", 2, "IPv6 listen lines")
    text = _replace(text, r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{http_port};", 1, "HTTP listen lines")
    text = _replace(text, r"^(\s*)listen 443 ", rf"\1listen 127.0.0.1:{https_port} ", 1, "HTTPS listen lines")
    text = _replace(text, r"^(\s*ssl_certificate) \S+;", rf"\1 {certificate};", 1, "certificate lines")
    text = _replace(text, r"^(\s*ssl_certificate_key) \S+;", rf"\1 {key};", 1, "certificate key lines")
    text = _replace(text, r"/var/log/nginx/", f"{log_dir}/", 3, "log paths")
    shipped = re.findall(r"^\s*server 127\.0\.0\.1:\d+( [^;]*)?;.*$", text, flags=re.MULTILINE)
    if len(shipped) < 1:
        raise ValueError(f"{site.name}: no upstream server lines")
    options = shipped[0]
    servers = "".join(f"    server 127.0.0.1:{port}{options};\n" for port in app_ports)
    text = _replace(text, r"(?:^\s*server 127\.0\.0\.1:\d+[^\n]*\n)+", servers, 1, "blocks of upstream server lines")
    return text


def main_config(folder: Path, site_file: Path, worker_processes: int | str = 1) -> str:
    """What Debian's /etc/nginx/nginx.conf gives the site, for a user's nginx in folder."""
    user = ""
    if os.geteuid() == 0:  # root's workers would otherwise run as nobody, who cannot write folder
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    temp = "\n".join(f"    {name}_temp_path {folder / (name + '_temp')};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}
worker_processes {worker_processes};
error_log {folder / 'error.log'} warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {folder / 'access.log'};
{temp}
    include {site_file};
}}
"""


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, valid two days, and its key."""
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True, timeout=60,
    )
    return certificate, key


def nginx_command(folder: Path, config: Path) -> list[str]:
    """nginx in the foreground as the current user: prefix, error log before the
    configuration is read, and pid file all in folder (add -t to check the files)."""
    return [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config),
            "-g", f"daemon off; pid {folder / 'nginx.pid'};"]


@dataclass
class Proxy:
    url: str  # https://127.0.0.1:PORT
    http_url: str  # the plain-HTTP port, which redirects
    folder: Path
    process: subprocess.Popen

    @property
    def access_log(self) -> Path:
        return self.folder / "tertial.access.log"

    def pids(self) -> list[int]:
        """nginx's master and its workers."""
        return [self.process.pid, *children(self.process.pid)]


def children(pid: int) -> list[int]:
    """The processes whose parent is pid, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@contextmanager
def nginx_proxy(app_ports: list[int], folder: Path, worker_processes: int | str = 1) -> Iterator[Proxy]:
    folder.mkdir(parents=True, exist_ok=True)
    certificate, key = self_signed_certificate(folder)
    https_port, http_port = free_port(), free_port()
    site = folder / "tertial.conf"
    site.write_text(site_config(https_port=https_port, http_port=http_port, app_ports=app_ports,
                                certificate=certificate, key=key, log_dir=folder), encoding="utf-8")
    config = folder / "nginx.conf"
    config.write_text(main_config(folder, site, worker_processes), encoding="utf-8")
    command = nginx_command(folder, config)
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if checked.returncode:
        raise RuntimeError(f"nginx -t refused the configuration:\n{checked.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(folder / "nginx.stderr", "wb"))
    proxy = Proxy(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", folder, process)
    try:
        wait_until_healthy(proxy.url, process, seconds=20)
        yield proxy
    finally:
        process.terminate()  # nginx: SIGTERM is a fast shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- both --------------------------------------------------------------------------------

@dataclass
class Deployment:
    apps: list[AppProcess]
    proxy: Proxy

    @property
    def url(self) -> str:
        return self.proxy.url

    def app_pids(self) -> list[int]:
        return [app.process.pid for app in self.apps]

    def routes(self, tries: int = 40) -> dict[str, str]:
        """A value of the routing cookie for each app process ("127.0.0.1:PORT" → value),
        found by asking through the proxy with made-up values and reading, in nginx's
        access log, which process answered each."""
        wanted = {app.address for app in self.apps}
        found: dict[str, str] = {}
        for number in range(tries):
            value = f"probe-{number}"
            request("GET", f"{self.url}/", cookie=f"{ROUTE_COOKIE}={value}")
            for entry in access_log_entries(self.proxy.access_log):
                if entry["route"] == value and entry["upstream"] in wanted:
                    found.setdefault(entry["upstream"], value)
            if set(found) == wanted:
                return found
        raise RuntimeError(f"no routing value found for {sorted(wanted - set(found))} in {tries} tries")


@contextmanager
def local_deployment(db_path: Path, processes: int = 2, environment: dict[str, str] | None = None,
                     folder: Path | None = None, nginx_workers: int | str = 1,
                     secrets_text: str = "") -> Iterator[Deployment]:
    """`processes` app processes on db_path with nginx in front, all stopped on leaving.
    secrets_text: the secrets file the processes are given (the unit's --secrets.files)."""
    with ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tertial-deploy-")))
        apps = stack.enter_context(app_processes(db_path, processes, folder, environment, secrets_text))
        proxy = stack.enter_context(nginx_proxy([app.port for app in apps], folder / "nginx", nginx_workers))
        yield Deployment(apps, proxy)


# -- talking to it -----------------------------------------------------------------------

def _unverified() -> ssl.SSLContext:
    """TLS without checking the certificate: it is the self-signed one made above."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def request(method: str, url: str, *, cookie: str | None = None) -> tuple[int, dict[str, list[str]], bytes]:
    """One request, redirects not followed: status, headers (name in lower case → values),
    body."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=_unverified()))
    prepared = urllib.request.Request(url, method=method, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(prepared, timeout=30) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    collected: dict[str, list[str]] = {}
    for name, value in headers.items():
        collected.setdefault(name.lower(), []).append(value)
    return status, collected, body


# The shipped log format: combined, then upstream=, upstream_status=, rt= and route=.
_LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+)[^"]*" (?P<status>\d{3}) .* upstream=(?P<upstream>.*?) '
                       r'upstream_status=(?P<upstream_status>.*?) rt=(?P<seconds>\S+) route=(?P<route>\S*)$')


def access_log_entries(path: Path) -> list[dict[str, str]]:
    """Every line of nginx's access log in the shipped format, as its fields."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        found = _LOG_LINE.search(line)
        if found:
            entries.append(found.groupdict())
    return entries


if __name__ == "__main__":  # a deployment to look at by hand: python scripts/deployment.py DB [N]
    database = Path(sys.argv[1])
    with local_deployment(database, int(sys.argv[2]) if len(sys.argv) > 2 else 2) as running:
        print(f"{running.url} in front of {', '.join(app.address for app in running.apps)}; "
              f"logs in {running.proxy.folder}. Ctrl-C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass

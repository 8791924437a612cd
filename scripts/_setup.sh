# Shared by scripts/run.sh and scripts/test.sh (sourced, not run): a virtual environment
# in .venv with the pinned requirements, made from nothing but python3.

PYTHON="${PYTHON:-python3}"

# Run a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Install Debian packages (apt-get update first: a fresh machine has no package lists).
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "Needs the packages $* and this system has no apt-get; install them and run again." >&2
        return 1
    fi
    echo "Installing Debian packages: $*"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# Whether kaleido will find a browser for the report's charts: $BROWSER_PATH, or a
# Chromium or Chrome on PATH (choreographer looks for these names).
have_browser() {
    [ -n "${BROWSER_PATH:-}" ] && return 0
    local name
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$name" >/dev/null 2>&1 && return 0
    done
    return 1
}

ensure_venv() {
    if [ -x .venv/bin/python ]; then
        return 0
    fi
    echo "Creating .venv with $("$PYTHON" --version 2>&1)"
    if ! "$PYTHON" -m venv .venv; then
        # Debian's python3 comes without venv/ensurepip; that package has it.
        rm -rf .venv
        apt_install python3-venv
        "$PYTHON" -m venv .venv
    fi
}

# pip install -r FILE, skipped when FILE (and what it includes) has not changed since the
# last successful install, so that starting the app needs no network.
install_requirements() {
    local file="$1" stamp=".venv/.installed-$(basename "$1").sha256" wanted
    wanted="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    .venv/bin/python -m pip install --disable-pip-version-check --quiet -r "$file"
    echo "$wanted" >"$stamp"
}

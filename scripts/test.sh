#!/usr/bin/env bash
# Run the test suite: make .venv if missing, install requirements-dev.txt, install
# Chromium (for the browser test) and an emoji font from Debian if Chromium is missing,
# then pytest. Exits with pytest's status. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh

ensure_venv
install_requirements requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    apt_install chromium fonts-noto-color-emoji
fi
exec .venv/bin/python -m pytest "$@"

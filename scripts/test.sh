#!/usr/bin/env bash
# Run the test suite: make .venv if missing, install requirements-dev.txt, install the
# Debian packages the tests need (Chromium, LibreOffice Writer, fonts, the Swedish word
# list and spelling dictionary, nginx and openssl, Node.js and npm) when missing, install
# the test identity provider's npm packages (tests/oidc) when missing, then pytest.
# Exits with pytest's status. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh

ensure_venv
install_requirements requirements-dev.txt
# Chromium and an emoji font for the browser tests. The report documents the tests make
# (tests/documents.py): Chromium prints the HTML layout to PDF, LibreOffice Writer the
# Word layout; DejaVu Sans has every mark the reports use (● ▲ ◆ ■ ✓ ▶ •), so both print
# them as text that reads back. wswedish is the Swedish word list (/usr/share/dict/swedish)
# and hunspell with hunspell-sv-se the Swedish spell checker (/usr/share/hunspell/sv_SE) that join
# words a narrow PDF table column broke mid-word (tertial.split_words, tertial.spelling).
# nginx and openssl: tests/test_deployment.py runs deploy/nginx/tertial.conf as the test
# user, with a self-signed certificate, in front of two app processes. It needs nginx's
# program only: where installing the package here started Debian's default site as a
# service (port 80), that service is stopped and disabled again.
missing=()
for package in chromium fonts-noto-color-emoji fonts-dejavu-core libreoffice-writer-nogui wswedish hunspell hunspell-sv-se nginx openssl; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# Node.js and npm run the test-only OpenID Connect provider (tests/oidc/, panva's
# oidc-provider; it needs Node.js 20 or newer) that tests/test_oidc.py signs in through.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
    if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1 \
        && systemctl is-active --quiet nginx 2>/dev/null; then
        as_root systemctl disable --now nginx
    fi
fi
# The provider's packages, exactly as tests/oidc/package-lock.json has them, when they are
# missing or the lockfile changed since they were installed.
stamp=tests/oidc/node_modules/.installed-lock.sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(sha256sum tests/oidc/package-lock.json | cut -d' ' -f1)" ]; then
    (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error)
    sha256sum tests/oidc/package-lock.json | cut -d' ' -f1 >"$stamp"
fi
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Start Tertial: make .venv if missing, install requirements.txt, install Debian's chromium
# if it is missing (the tertial report draws its charts with it), wswedish, hunspell and
# hunspell-sv-se (the Swedish word list and spell checker the PDF reading uses),
# build the database from data/raw if it is missing (the app would also do this on first
# start), then serve.
# Extra arguments go to streamlit, e.g.: bash scripts/run.sh --server.port 8502
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh

ensure_venv
install_requirements requirements.txt
# The tertial report draws its charts as images through kaleido, which needs a Chrome or
# Chromium (never downloaded: kaleido's own download is not used). Without one the app
# still starts and the report carries the charts' tables instead, so a machine without
# apt-get, or without the right to use it, gets a warning, not a failed start.
if ! have_browser; then
    if ! apt_install chromium; then
        echo "Varning: Chromium kunde inte installeras; tertialrapporten får diagrammens tabeller i stället för bilder." >&2
        echo "Warning: Chromium could not be installed; the tertial report will carry the charts' tables instead of images." >&2
    fi
fi
# The Swedish word list and spell checker join words a narrow PDF table column broke
# mid-word ("Hemtjäns" / "t", "Kommun" / "ikation"; tertial.split_words,
# tertial.spelling). Without them an import joins them by the organisation's own words
# only, and says so.
words=()
[ -f "${TERTIAL_WORD_LIST:-/usr/share/dict/swedish}" ] || words+=(wswedish)
command -v hunspell >/dev/null 2>&1 || words+=(hunspell)
[ -f "${TERTIAL_HUNSPELL:-/usr/share/hunspell/sv_SE}.dic" ] || words+=(hunspell-sv-se)
if [ ${#words[@]} -gt 0 ]; then
    if ! apt_install "${words[@]}"; then
        echo "Varning: den svenska ordlistan eller stavningskontrollen (${words[*]}) kunde inte installeras; ord som en smal tabellkolumn bröt mitt i fogas ihop bara efter organisationens egna ord." >&2
        echo "Warning: the Swedish word list or spell checker (${words[*]}) could not be installed; words a narrow table column broke are joined by the organisation's own words only." >&2
    fi
fi
if [ ! -f "${TERTIAL_DB:-data/tertial.duckdb}" ]; then
    .venv/bin/python -m tertial build
fi
exec .venv/bin/python -m tertial.serve --server.headless true "$@"

#!/usr/bin/env bash
# Start Tertial: make .venv if missing, install requirements.txt, build the database from
# data/raw if it is missing (the app would also do this on first start), then serve.
# Extra arguments go to streamlit, e.g.: bash scripts/run.sh --server.port 8502
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh

ensure_venv
install_requirements requirements.txt
if [ ! -f "${TERTIAL_DB:-data/tertial.duckdb}" ]; then
    .venv/bin/python -m tertial build
fi
exec .venv/bin/python -m tertial.serve --server.headless true "$@"

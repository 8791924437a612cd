#!/usr/bin/env bash
# The hardening checks at their full count (the test suite runs them reduced): ten times
# the suite's fuzzed reports, 500 kills of an import, and 20 Chromium sessions browsing for
# two minutes while an editor loads, replaces and undoes a report. Needs .venv and Chromium
# (bash scripts/test.sh makes both). Exits non-zero when any check fails. The fuzz and kill
# tests stretch their time limits with their counts.
set -euo pipefail
cd "$(dirname "$0")/.."
TERTIAL_FUZZ_SCALE="${TERTIAL_FUZZ_SCALE:-10}" TERTIAL_KILLS="${TERTIAL_KILLS:-500}" \
    .venv/bin/python -m pytest -q -s -p no:cacheprovider --hypothesis-show-statistics tests/test_fuzz.py tests/test_crashes.py tests/test_backup.py \
    tests/test_roles.py tests/test_hostile_links.py tests/test_file_names.py tests/test_no_user_html.py
exec .venv/bin/python scripts/load_sessions.py --sessions "${SESSIONS:-20}" --seconds "${SECONDS_OF_LOAD:-120}" --writes --hold "${HOLD:-8}"

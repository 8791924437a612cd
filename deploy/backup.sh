#!/bin/sh
# Back up the Tertial database to a new dated folder and remove backups older than
# KEEP_DAYS days. Used by deploy/systemd/tertial-backup.service; runs by hand too:
#   sudo -u tertial env TERTIAL_DB=/var/lib/tertial/tertial.duckdb /opt/tertial/deploy/backup.sh
# Settings (environment): TERTIAL_DB (the database), BACKUP_DIR (default
# /var/backups/tertial), KEEP_DAYS (default 30; 0 keeps every backup), PYTHON (default
# the .venv beside this script). Exits non-zero when the backup fails; then nothing is
# removed.
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
backup_dir="${BACKUP_DIR:-/var/backups/tertial}"
keep_days="${KEEP_DAYS:-30}"
python="${PYTHON:-$here/.venv/bin/python}"

target="$backup_dir/$(date +%Y-%m-%dT%H%M%S)"
cd "$here"
if [ -n "${TERTIAL_DB:-}" ]; then set -- --db "$TERTIAL_DB"; else set --; fi
"$python" -m tertial backup "$target" "$@"
# Only folders named as this script names them, and only whole backups (with a manifest).
if [ "$keep_days" -gt 0 ]; then
    find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -mtime +"$keep_days" \
        -name '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]' \
        -exec test -f '{}/manifest.json' ';' -print -exec rm -rf '{}' +
fi

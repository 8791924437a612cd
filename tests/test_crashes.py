"""An import killed (SIGKILL) at random moments, again and again: after each kill the
database opens, passes the integrity check and holds exactly the state before the import
or exactly the state after it, never something in between; the next import works.

TERTIAL_KILLS sets the number of kills (50 in the suite; more from the README's command),
TERTIAL_KILL_SEED the random moments (printed, so a failure can be repeated)."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from dbfiles import every_row, rows
from test_import import t3_2023_report
from tertial import PROJECT_ROOT
from tertial.integrity import broken_references

KILLS = int(os.environ.get("TERTIAL_KILLS", "50"))
SEED = int(os.environ.get("TERTIAL_KILL_SEED", str(random.SystemRandom().randrange(1 << 30))))


def state(path) -> dict[str, list[tuple]]:
    """Every table's rows; the audit log without its times, which differ from run to run."""
    found = every_row(path, but=("audit_log",))
    found["audit_log"] = rows(path, "SELECT * EXCLUDE (changed_at) FROM audit_log ORDER BY ALL")
    return found


def start_import(report, db) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tertial", "import", str(report), "--db", str(db)],
                            cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


# The suite's five minutes per test are for 50 kills; more kills, more minutes.
@pytest.mark.timeout(300 * max(1, KILLS // 50))
def test_an_import_killed_at_random_moments_leaves_the_state_before_or_after(db, tmp_path):
    print(f"TERTIAL_KILL_SEED={SEED} TERTIAL_KILLS={KILLS}")
    chance = random.Random(SEED)
    report = tmp_path / "t3_2023.txt"
    report.write_bytes(t3_2023_report())
    pristine = tmp_path / "pristine.duckdb"
    shutil.copyfile(db, pristine)
    before = state(db)

    # The state after: the same import, not interrupted, on a copy; and how long it takes.
    reference = tmp_path / "reference" / db.name
    reference.parent.mkdir()
    shutil.copyfile(db, reference)
    started = time.monotonic()
    finished = start_import(report, reference)
    assert finished.wait(timeout=300) == 0, finished.stderr.read()
    duration = time.monotonic() - started
    after = state(reference)
    assert after != before and len(after["audit_log"]) == len(before["audit_log"]) + 1

    outcomes = {"före": 0, "efter": 0}
    for kill in range(KILLS):
        writer = start_import(report, db)
        # Anywhere from the process's start to a little past its usual end: reading,
        # waiting for the lock, copying, inserting, committing, renaming.
        time.sleep(chance.uniform(0, duration * 1.1))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        with duckdb.connect(str(db), read_only=True) as con:
            assert broken_references(con) == [], (kill, SEED)
        now = state(db)
        assert now in (before, after), f"kill {kill}: neither before nor after the import (seed {SEED})"
        outcomes["före" if now == before else "efter"] += 1
        if now == after:
            shutil.copyfile(pristine, db)  # the next kill starts from the state before again
    print(f"{KILLS} kills: {outcomes}")
    assert sum(outcomes.values()) == KILLS

    # After all that, the next import runs through, and leaves no copy behind.
    shutil.copyfile(pristine, db)
    finished = start_import(report, db)
    assert finished.wait(timeout=300) == 0, finished.stderr.read()
    assert state(db) == after
    assert list(tmp_path.glob(f".{db.name}.*.tmp*")) == []


@pytest.mark.parametrize("moment", ["copy", "commit"])
def test_a_kill_at_the_two_riskiest_moments(db, tmp_path, moment):
    """Deterministic companions of the random kills: while the copy is being written,
    and after the transaction's rows are in but before the commit (the failpoint)."""
    from tertial.store import FAILPOINT_PAUSE_BEFORE_COMMIT

    report = tmp_path / "t3_2023.txt"
    report.write_bytes(t3_2023_report())
    before = state(db)
    env = {**os.environ, **({FAILPOINT_PAUSE_BEFORE_COMMIT: "30"} if moment == "commit" else {})}
    writer = subprocess.Popen([sys.executable, "-m", "tertial", "import", str(report), "--db", str(db)],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(f".{db.name}.*.tmp")):
        assert time.monotonic() < deadline and writer.poll() is None
        time.sleep(0.01)
    if moment == "commit":
        time.sleep(1.0)  # rows inserted, waiting at the failpoint before COMMIT
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)
    assert state(db) == before

"""A FIFO or a huge file in the backups folder (issue 25, item 8): backups are read with the state
file's own checks (`storage.read_checked`: opened non-blocking, type and size from the open
descriptor, bounded read), so nothing hangs and nothing is read whole.

Each command runs in a child process with a generous deadline: before the fix the FIFO made
`profile set`, `backup restore` and the app's start-up block for ever in `open()`, so the
deadline is what turns a hang into a failure instead of a stuck suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state
from smartpick_tui.store.backups import STAMP, SUFFIX, backup_dir, list_backups

DEADLINE_S = 120  # a hang, not a slow machine: the commands take ~1 s


def smartpick(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("SMARTPICK_")}
    return subprocess.run(
        [sys.executable, "-m", "smartpick_tui", "--db", str(db), *argv],
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
        env=env,
    )


def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(specialty="internal-medicine", step2=250))
    open_state(db).close()  # an app start: one real backup
    return db


def newest_name(db: Path) -> Path:
    """A backup file name newer than any real one (so it is backup 1)."""
    later = datetime.now(UTC) + timedelta(days=1)
    return backup_dir(db) / f"{later.strftime(STAMP)}{SUFFIX}"


def plant(db: Path, kind: str) -> Path:
    path = newest_name(db)
    if kind == "fifo":
        os.mkfifo(path)
    else:  # 300 MB, sparse: no disk used, but a whole read would take 300 MB of memory
        with path.open("wb") as handle:
            handle.truncate(300 * 2**20)
    return path


@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_profile_set_and_an_app_start_do_not_hang_or_read_it(tmp_path: Path, kind: str) -> None:
    db = seeded(tmp_path)
    planted = plant(db, kind)
    done = smartpick(db, "profile", "set", "--step2", "251")
    assert done.returncode == 0, done.stderr
    start = subprocess.run(  # the TUI's open: it takes the session backup, comparing with backup 1
        [
            sys.executable,
            "-c",
            f"from smartpick_tui.store import open_state; open_state({str(db)!r}).close()",
        ],
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
    )
    assert start.returncode == 0, start.stderr
    assert planted.exists() and open_state(db, readonly=True).profile().step2 == 251


@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_restoring_it_is_refused_in_one_line_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    db = seeded(tmp_path)
    plant(db, kind)
    before = db.read_bytes()
    done = smartpick(db, "backup", "restore", "1")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "backup 1" in done.stderr, done.stderr
    assert ("not a regular file" if kind == "fifo" else "larger than 64 MB") in done.stderr
    assert db.read_bytes() == before
    measure = (  # the command's own peak, from a parent of its own (ours has other children)
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, "-m", "smartpick_tui", "--db", str(db), "backup", "restore", "1"]
    peak = subprocess.run(
        [sys.executable, "-c", measure, *command],
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
    )
    peak_kb = int(peak.stdout.strip())
    assert peak_kb < 200 * 1024, f"the command peaked at {peak_kb // 1024} MB"  # 300 MB not read


def test_backup_list_shows_it_as_a_problem(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    plant(db, "fifo")
    done = smartpick(db, "backup", "list")
    assert done.returncode == 0, done.stderr
    assert "not a regular file" in done.stdout


def test_recovery_skips_a_fifo_and_restores_the_good_backup(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    good = list_backups(db)[0].path
    plant(db, "fifo")
    db.write_bytes(b'{"profile": {"1": {"step2": 25')  # cut short
    done = smartpick(db, "profile", "show")  # read-only: refuses, says so
    assert done.returncode == 2
    done = smartpick(db, "profile", "set", "--step2", "252")  # a write repairs from the backup
    assert done.returncode == 3, done.stderr  # recovered: the command stops so the user looks first
    assert str(good) in done.stderr

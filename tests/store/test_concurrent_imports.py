"""Two CSV imports at once (two processes) both land in the imports file.

The lock's promise is tested by design, not by luck: this test holds the imports lock, starts an
import in another process, waits until that process is asking for the lock (it says so from
inside `FileLock.acquire`), writes a program of "the other session" and only then lets go. An import that read
the file before taking the lock would write it back without that program. Then two processes
import at once, released together: one import each, because filelock polls and is not fair (a
process looping rounds back to back starved the other past the lock's 10 s timeout under load,
even at 4 rounds under a load of 20)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from filelock import FileLock

from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.store.imports import imports_path, read_imports, write_imports

WORKER = """
import sys
from pathlib import Path
from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.store.imports import store_import
import time
path, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
go = Path(sys.argv[4]) if len(sys.argv) > 4 else None
while go is not None and not go.exists():  # both start importing together
    time.sleep(0.005)
for i in range(rounds):  # one import per program: read-merge-write rounds to interleave
    store_import(path, [Program(id=f"imp-{tag}-{i}", name=f"Synthetic Import {tag} {i}",
        institution=f"Synthetic Hospital {tag} {i}", city="Houston", state="TX",
        specialty="internal-medicine", track=Track.CATEGORICAL, setting=Setting.COMMUNITY,
        imported=True)])
"""
# The same import, saying on stdout when it asks for the lock (then it waits: the test holds it).
WAITING_WORKER = (
    """
import filelock
acquire = filelock.FileLock.acquire
def announced(self, *args, **kwargs):
    print("asking for the lock", flush=True)
    return acquire(self, *args, **kwargs)
filelock.FileLock.acquire = announced
"""
    + WORKER
)
WAIT_S = 60.0


def synthetic(tag: str) -> Program:
    return Program(
        id=f"imp-{tag}",
        name=f"Synthetic Import {tag}",
        institution=f"Synthetic Hospital {tag}",
        city="Houston",
        state="TX",
        specialty="internal-medicine",
        track=Track.CATEGORICAL,
        setting=Setting.COMMUNITY,
        imported=True,
    )


def test_an_import_waiting_for_the_lock_merges_what_was_written_meanwhile(tmp_path: Path) -> None:
    path = imports_path(tmp_path / "state.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_file = path.with_name(path.name + ".lock")
    with FileLock(str(lock_file)):
        worker = subprocess.Popen(
            [sys.executable, "-c", WAITING_WORKER, str(path), "waiting", "1"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert worker.stdout is not None
        assert worker.stdout.readline() == "asking for the lock\n"  # blocks until it asks
        write_imports(path, [synthetic("meanwhile")])  # another session's import, under the lock
        assert worker.poll() is None  # it cannot have finished: the lock is ours
    assert worker.wait(timeout=WAIT_S) == 0
    assert {p.id for p in read_imports(path)} == {"imp-meanwhile", "imp-waiting-0"}


def test_two_concurrent_imports_both_land(tmp_path: Path) -> None:
    path = imports_path(tmp_path / "state.json")
    go = tmp_path / "go"
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), tag, "1", str(go)]) for tag in "ab"]
    go.touch()
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    assert {p.id for p in read_imports(path)} == {"imp-a-0", "imp-b-0"}

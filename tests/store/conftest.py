"""Shared helpers for the store tests: real files in tmp_path, real worker processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import (Away, ChecklistEntry, Letter, OutreachEntry, ProgramMark,
                                         Settings)
from smartpick_tui.store import State, open_state

WORKER = Path(__file__).with_name("store_worker.py")
FIXTURES = Path(__file__).with_name("fixtures")


def worker(*args: str, **popen: object) -> subprocess.Popen[str]:
    """Start `store_worker.py` with this interpreter (stdout as text lines)."""
    return subprocess.Popen([sys.executable, str(WORKER), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)  # type: ignore[call-overload]


def fill(state: State, marks: int = 40) -> None:
    """A small but complete state: every table has something in it."""
    def change(s: State) -> None:
        s.set_profile(Profile(step2=248, ties=("CA",), research=2, name="Ana"))
        s.set_settings(Settings(theme="gruvbox"))
        for i in range(marks):
            s.set_mark(ProgramMark(f"program-{i}", apply=i % 2 == 0, notes=f"note {i}"))
        s.upsert_away(Away(program_name="Valley Medical Center", id="away-1", start="2025-07-01",
                           end="2025-07-28"))
        s.upsert_letter(Letter(writer="Dr Reyes", kind=LetterKind.AWAY_SPECIALTY, id="letter-1"))
        s.add_outreach(OutreachEntry(program_name="Valley IM", kind=EmailKind.RADAR,
                                     sent_on="2025-08-10", id="out-1"))
        s.set_checklist(ChecklistEntry("step-1", done=True, done_on="2025-06-01"))
    state.update(change)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.json"


@pytest.fixture
def filled(db: Path) -> Path:
    with open_state(db) as state:
        fill(state)
    open_state(db).close()  # an app start: takes the session backup
    return db


def listing(directory: Path) -> dict[str, bytes | None]:
    """Every path under `directory` with its bytes (None for directories)."""
    return {str(p.relative_to(directory)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(directory.rglob("*"))}


@pytest.fixture
def make_readonly() -> Iterator[Callable[[Path], None]]:
    """Make directories nobody can create files in — chmod for normal users, `chattr +i` for
    root (root ignores permission bits); skips where neither works. Undone after the test."""
    locked: list[tuple[Path, bool]] = []

    def lock(directory: Path) -> None:
        if os.geteuid() != 0:
            directory.chmod(0o500)
            locked.append((directory, False))
        elif shutil.which("chattr") and subprocess.run(["chattr", "+i", str(directory)],
                                                       capture_output=True).returncode == 0:
            locked.append((directory, True))
        else:
            pytest.skip("running as root without chattr: cannot make a read-only directory")

    yield lock
    for directory, immutable in locked:
        if immutable:
            subprocess.run(["chattr", "-i", str(directory)], check=True)
        directory.chmod(0o700)

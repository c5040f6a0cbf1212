"""Helpers the store tests import: real files in tmp_path, real worker processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import (
    Away,
    ChecklistEntry,
    Letter,
    OutreachEntry,
    ProgramMark,
    Settings,
)
from smartpick_tui.store import State

WORKER = Path(__file__).with_name("store_worker.py")
FIXTURES = Path(__file__).with_name("fixtures")


def worker(*args: str, **popen: object) -> subprocess.Popen[str]:
    """Start `store_worker.py` with this interpreter (stdout as text lines)."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )  # type: ignore[call-overload]


def fill(state: State, marks: int = 40) -> None:
    """A small but complete state: every table has something in it."""

    def change(s: State) -> None:
        s.set_profile(Profile(step2=248, ties=("CA",), research=2, name="Ana"))
        s.set_settings(Settings(theme="gruvbox"))
        for i in range(marks):
            s.set_mark(ProgramMark(f"program-{i}", apply=i % 2 == 0, notes=f"note {i}"))
        s.upsert_away(
            Away(
                program_name="Valley Medical Center",
                id="away-1",
                start="2025-07-01",
                end="2025-07-28",
            )
        )
        s.upsert_letter(Letter(writer="Dr Reyes", kind=LetterKind.AWAY_SPECIALTY, id="letter-1"))
        s.upsert_outreach(
            OutreachEntry(program_name="Valley IM", kind=EmailKind.RADAR, sent_on="2025-08-10", id="out-1")
        )
        s.set_checklist(ChecklistEntry("step-1", done=True, done_on="2025-06-01"))

    state.update(change)


def listing(directory: Path) -> dict[str, bytes | None]:
    """Every path under `directory` with its bytes (None for directories)."""
    return {
        str(p.relative_to(directory)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(directory.rglob("*"))
    }

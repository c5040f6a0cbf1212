"""Durable before visible in the Interviews tab: `kill -9` at a random 0-400 ms after t (the
thank-you toggle) or after saving a new interview, the real binary under a pty, its output
replayed through pyte (as `test_durable_profile` does). If the last frame before the kill
shows the change, it is on disk. The window is wide enough that some kills land before the
change is drawn and some after (checked: a run where the change is never shown proves nothing)."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hardening_helpers import PROFILE
from test_durable_profile import answer_sync_query, frames
from test_pty import PtyApp

from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.store import open_state

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="pty and signals as on the SSH hosts"),
    pytest.mark.serial,  # timing-sensitive: see pyproject's markers
]

RUNS = 10
KILL_WITHIN_S = 0.4


def row_of(screen: list[str], name: str) -> str | None:
    return next((row for row in screen if row.startswith(f" {name}")), None)


def one_run(tmp: Path, seed: int) -> bool:
    """One kill; whether the last frame showed the change."""
    rng = random.Random(seed)
    db = tmp / f"run{seed}" / "state.json"
    db.parent.mkdir()
    with open_state(db) as state:
        state.set_profile(replace(PROFILE, specialty="internal-medicine"))
        state.upsert_interview(Interview("Yale New Haven", id="yale", status=InterviewStatus.COMPLETED))
    toggling = seed % 2 == 0
    with PtyApp(db, db.parent) as app:
        answer_sync_query(app)
        app.wait_for("Profile")
        app.send("9")
        app.wait_for("1 of 12-15 interviews")
        time.sleep(0.3)
        if toggling:
            app.send("t")
        else:
            app.send("a")
            app.wait_for("Interview at which program?")
            app.send("Typed Program")
            app.wait_for("as typed")
            app.send("\r")
            app.wait_for("Add interview")
            time.sleep(0.2)
            app.send("\x13")  # ctrl+s
        time.sleep(rng.uniform(0.0, KILL_WITHIN_S))
        os.kill(app.pid, signal.SIGKILL)
        app.wait()
    with open_state(db, readonly=True) as state:
        on_disk = {interview.id: interview for interview in state.interviews()}
    last = frames(bytes(app.output))[-1]
    if toggling:
        row = row_of(last, "Yale New Haven")
        shown = row is not None and " yes " in row  # the screen showed the thank-you as sent
        if shown:
            assert on_disk["yale"].thank_you_sent, f"seed {seed}: shown sent, not on disk: {row!r}"
    else:
        shown = any("2 of 12-15 interviews" in line for line in last)  # shown saved
        if shown:
            assert any(i.program_name == "Typed Program" for i in on_disk.values()), f"seed {seed}"
        assert len(on_disk) <= 2  # never saved twice
    return shown


def test_kill_9_after_an_interview_change_loses_nothing_shown(tmp_path: Path) -> None:
    shown = [one_run(tmp_path, seed) for seed in range(RUNS)]
    assert any(shown), "no kill came after the change was drawn: the check never ran"

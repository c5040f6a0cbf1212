"""Durable before visible in the Interviews tab: `kill -9` at a random 0-400 ms after t (the
thank-you toggle) or after saving a new interview, the real binary under a pty, its output
replayed through pyte (as `test_durable_profile` does). If the last frame before the kill
shows the change, it is on disk. Half the runs kill at random (some land before the change is
drawn, some after); the other half kill 0-50 ms after the frame that shows the change, so the
check certainly runs (a run where the change is never shown proves nothing, and under load a
random kill could always come first). The default suite runs 4 kills; `pytest -m slow` 40."""

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

RUNS = 4
RUNS_SLOW = 40
KILL_WITHIN_S = 0.4
AFTER_DRAWN_WITHIN_S = 0.05


def row_of(screen: list[str], name: str) -> str | None:
    return next((row for row in screen if row.startswith(f" {name}")), None)


def shows_change(screen: list[str], toggling: bool) -> bool:
    """The screen shows the change as made: the thank-you as sent, or the new interview counted."""
    if toggling:
        row = row_of(screen, "Yale New Haven")
        return row is not None and " yes " in row
    return any("2 of 12-15 interviews" in line for line in screen)


def one_run(tmp: Path, seed: int) -> bool:
    """One kill; whether the last frame showed the change."""
    rng = random.Random(seed)
    db = tmp / f"run{seed}" / "state.json"
    db.parent.mkdir()
    with open_state(db) as state:
        state.set_profile(replace(PROFILE, specialty="internal-medicine"))
        state.upsert_interview(Interview("Yale New Haven", id="yale", status=InterviewStatus.COMPLETED))
    toggling = seed % 2 == 0
    after_drawn = seed // 2 % 2 == 1
    with PtyApp(db, db.parent, measured=False) as app:  # killed: no coverage data
        answer_sync_query(app)
        app.wait_for("Profile")
        app.send("9")
        app.wait_for("1 of 12-15 interviews")
        if toggling:
            app.send("t")
        else:
            app.send("a")
            app.wait_for("Interview at which program?")
            app.send("Typed Program")
            app.wait_for("as typed")
            app.send("\r")
            app.wait_for("Add interview")
            app.send("\x13")  # ctrl+s
        if after_drawn:
            app.wait_for_screen(lambda screen: shows_change(screen.display, toggling), "the change")
            time.sleep(rng.uniform(0.0, AFTER_DRAWN_WITHIN_S))
        else:
            time.sleep(rng.uniform(0.0, KILL_WITHIN_S))
        os.kill(app.pid, signal.SIGKILL)
        app.wait()
    with open_state(db, readonly=True) as state:
        on_disk = {interview.id: interview for interview in state.interviews()}
    last = frames(app)[-1]
    shown = shows_change(last, toggling)
    if after_drawn:  # the kill came after the change was drawn: the check below must run
        assert shown, f"seed {seed}: the frame showing the change is gone from the replay"
    if toggling and shown:
        assert on_disk["yale"].thank_you_sent, (
            f"seed {seed}: shown sent, not on disk: {row_of(last, 'Yale')!r}"
        )
    elif shown:
        assert any(i.program_name == "Typed Program" for i in on_disk.values()), f"seed {seed}"
    if not toggling:
        assert len(on_disk) <= 2  # never saved twice
    return shown


@pytest.mark.parametrize("seed", range(RUNS))
def test_kill_9_after_an_interview_change_loses_nothing_shown(tmp_path: Path, seed: int) -> None:
    one_run(tmp_path, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(RUNS, RUNS_SLOW))
def test_kill_9_after_an_interview_change_loses_nothing_shown_40(tmp_path: Path, seed: int) -> None:
    one_run(tmp_path, seed)

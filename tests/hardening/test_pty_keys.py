"""Typed-ahead keys in the real `smartpick` under a pty , as a fast typist or tmux
(`escape-time`) delivers them: several keys in one read.

"Esc ?" arrives as the two bytes ESC ? together: Textual 8.2 dropped the ESC and typed the "?"
into the search; "Esc j" arrived as alt+j. And the keys after a focus change ("/kern") went
to the widget focused before it. Pilot cannot send keys in one read, so this runs the binary.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from test_pty import WAIT_S, PtyApp

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="pty as on the SSH hosts"),
    pytest.mark.serial,  # timing-sensitive: see pyproject's markers
]


def test_keys_typed_ahead_go_where_the_focus_model_says(db: Path, tmp_path: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    with open_state(db) as state:
        state.set_profile(Profile(step2=250, specialty="emergency-medicine", name="Pty Student"))
    with PtyApp(db, tmp_path) as app:
        at = app.wait_for("Profile")
        app.send("2/kern")  # the tab, the search and the query in one read
        at = app.wait_for("Kern Medical Center", at)
        app.send("\x1b?")  # escape, then the help key, in one read
        at = app.wait_for("(this tab)", at)  # the help opens on the current tab's keys
        app.send("\x1b")  # close the help (alone: Textual's escape delay reads it as escape)
        at = app.wait_for("Kern Medical Center", at)
        app.send("/\x1bx")  # to the search and back: x marks the program, not the query
        # Synced on the disk, not on the toast's text: the toast is drawn over the tab bar,
        # whose tab boundaries split its text into several writes .
        deadline = time.monotonic() + WAIT_S
        while not excluded_marks(db) and time.monotonic() < deadline:
            app.read()
        app.send("\x11")  # ctrl+q
        status = app.wait()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert len(excluded_marks(db)) == 1  # the one program listed for "kern", marked from the list


def excluded_marks(db: Path) -> list[ProgramMark]:
    with open_state(db, readonly=True) as state:
        return [mark for mark in state.marks().values() if mark.exclude]

"""Typed-ahead keys in the real `smartpick` under a pty (issue item 4), as a fast typist or tmux
(`escape-time`) delivers them: several keys in one read.

"Esc ?" arrives as the two bytes ESC ? together: Textual 8.2 dropped the ESC and typed the "?"
into the search; "Esc j" arrived as alt+j. And the keys after a focus change ("/kern") went
to the widget focused before it. Pilot cannot send keys in one read, so this runs the binary.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from test_pty import PtyApp

from smartpick_tui.core.profile import Profile
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
        at = app.wait_for("Everywhere", at)
        app.send("\x1b")  # close the help (alone: Textual's escape delay reads it as escape)
        at = app.wait_for("Kern Medical Center", at)
        app.send("/\x1bx")  # to the search and back: x marks the program, not the query
        at = app.wait_for("Excluded on", at)
        app.send("\x11")  # ctrl+q
        status = app.wait()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    with open_state(db, readonly=True) as state:
        excluded = [mark for mark in state.marks().values() if mark.exclude]
    assert len(excluded) == 1  # the one program listed for "kern", marked from the list

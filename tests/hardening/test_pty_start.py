"""Keys typed as the app opens reach the first focused widget, in the real `smartpick` under a
pty (Pilot starts the app before it sends a key, so it cannot type ahead of the first frame).

A new student opens the app and presses Enter at once to choose a specialty: the Specialty
drop-down did not open and "Emerg" went nowhere. Textual first focuses the tab bar (its
`AUTO_FOCUS`), and the Profile pane took the focus only after the first frame and the first
store read, so keys read in between went to the tab bar and were lost.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from test_pty import WAIT_S, PtyApp

from smartpick_tui.store import open_state

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="pty as on the SSH hosts"),
    pytest.mark.serial,  # timing-sensitive: see pyproject's markers
]


def _saved_specialty(db: Path) -> str | None:
    if not db.exists():
        return None
    with open_state(db, readonly=True) as state:
        return state.profile().specialty


@pytest.mark.parametrize("when", ["before-the-first-frame", "with-the-first-frame"])
def test_keys_typed_as_the_app_opens_reach_the_specialty_field(db: Path, tmp_path: Path, when: str) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    with PtyApp(db, tmp_path) as app:
        if when == "before-the-first-frame":
            app.send("\r")  # in the terminal's buffer before the app reads a byte
        else:
            app.wait_for("Profile")  # the tab bar is drawn: the first frame
            app.send("\r")
        app.wait_for("Family Medicine")  # the drop-down opened (its second option)
        app.send("Emerg\r")  # type to find, choose
        deadline = time.monotonic() + WAIT_S
        while _saved_specialty(db) != "emergency-medicine" and time.monotonic() < deadline:
            app.read()
        app.send("\x11")  # ctrl+q
        app.wait()
    assert _saved_specialty(db) == "emergency-medicine"

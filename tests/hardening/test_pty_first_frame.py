"""The first frame is the whole first screen, in the real `smartpick` under a pty (issue 26):
start-up is timed to the last frame drawn, and each frame after the first redrew the screen for
something the first could have had. Two such were the tab bar's highlight under "1 Profile"
(Textual places it after the first frame) and the diagnosis's scrollbar (Textual finds it is
needed in the first layout and draws it in a later one)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyte
import pytest
from test_pty import FRAME_END, PtyApp

from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="pty as on the SSH hosts")


def first_form_frame(app: PtyApp) -> pyte.Screen:
    """The screen after the first complete frame that shows the form and the footer."""
    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)
    fed = 0
    app.wait_for("Help")  # the footer: the first frame with the form has been written
    while True:
        end = app.output.find(FRAME_END, fed)
        if end < 0:
            app.read()
            continue
        end += len(FRAME_END)
        stream.feed(bytes(app.output[fed:end]))
        fed = end
        text = "\n".join(screen.display)
        if "Step 2 CK" in text and "Help" in text:
            return screen


def test_the_first_frame_has_the_tab_highlight_and_the_scrollbar(db: Path, tmp_path: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    with open_state(db) as state:  # a diagnosis longer than the window: it scrolls
        state.set_profile(Profile(step2=248, specialty="internal-medicine", ties=("OH",)))
    with PtyApp(db, tmp_path) as app:
        app.answer_sync_query()
        screen = first_form_frame(app)
        app.send("\x11")  # ctrl+q
        app.wait()
    line = screen.buffer[1]
    assert screen.display[0].startswith(" 1 Profile")
    under_first = {line[x].fg for x in range(1, 10)}
    under_others = {line[x].fg for x in range(12, 70)}
    assert len(under_first) == 1 and under_first.isdisjoint(under_others), (under_first, under_others)
    scrollbar = {screen.buffer[y][79].bg for y in range(2, 22)}
    assert len(scrollbar) == 2, scrollbar  # its track and its thumb, in the first frame

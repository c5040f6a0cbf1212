"""The invitation paste in a real terminal: bracketed paste (what a terminal sends when the user
pastes an email over SSH) into the Interviews tab's paste screen, then the catalog picker and the
add form, on the real binary under a pty; the state file holds what the screen said it read."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from test_pty import WAIT_S, PtyApp

from smartpick_tui.core.interviews import InterviewFormat
from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="pty as on the SSH hosts"),
    pytest.mark.serial,
]

INVITATION = (
    "Subject: Interview Invitation - UTMB Internal Medicine Residency\r"
    "We are pleased to invite you to a virtual interview on Zoom.\r"
    "Available dates: 2027-01-11 and 2027-01-15.\r"
    "Please respond by 2027-01-04.\r"
)


def test_a_pasted_invitation_over_a_pty_is_read_and_saved(db: Path, tmp_path: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    with open_state(db) as state:
        state.set_profile(Profile(step2=250, specialty="internal-medicine"))
    with PtyApp(db, tmp_path) as app:
        at = app.wait_for("Profile")
        app.send("\x1b9")  # alt+9: Interviews
        at = app.wait_for("No interviews yet", at)
        app.send("p")
        at = app.wait_for("Paste the invitation email", at)
        app.send("\x1b[200~" + INVITATION + "\x1b[201~")  # bracketed paste, as terminals send it
        at = app.wait_for("respond by", at)
        app.send("\x13")  # ctrl+s: read it
        at = app.wait_for("University of Texas Medical Branch", at)
        app.send("\r")  # the picker's first hit
        at = app.wait_for("read from the invitation", at)
        app.send("\x13")  # ctrl+s: save the form
        deadline = time.monotonic() + WAIT_S
        saved = []
        while time.monotonic() < deadline and not saved:
            app.read()
            with open_state(db, readonly=True) as state:
                saved = state.interviews()
        app.send("\x11")
        app.wait()
    [interview] = saved
    assert interview.program_id == "1714140C0"
    assert interview.offered_dates == ("2027-01-11", "2027-01-15") and interview.reply_by == "2027-01-04"
    assert interview.format is InterviewFormat.VIRTUAL
    assert b"Traceback" not in bytes(app.output)

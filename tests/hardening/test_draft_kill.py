"""An edited draft survives `kill -9`: the real `smartpick` under a pty at 80x24, keys typed into
the Drafts editor, SIGKILL as soon as the terminal shows the typed text, then the state file
and a second run of the app must both have it (docs/pitfalls.md: the screen may be ahead of the disk;
the editor writes the edit before it can draw it)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from hardening_helpers import PROFILE
from test_pty import PtyApp, focused_edges

from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="pty and signals as on the SSH hosts"),
    pytest.mark.serial,  # timing-sensitive: see pyproject's markers
]

# A real program, typed in as a user's CSV import would bring it (no dependence on the catalog).
UTAH = Program(
    id="imp-utah-em",
    name="University of Utah Emergency Medicine",
    institution="University of Utah Health",
    city="Salt Lake City",
    state="UT",
    specialty="emergency-medicine",
    track=Track.CATEGORICAL,
    setting=Setting.UNIVERSITY,
    imported=True,
)
RUNS = 5


def seed(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    write_imports(imports_path(db), (UTAH,))
    with open_state(db) as state:
        state.set_profile(
            PROFILE.with_changes(name="Jane Doe", school_name="Rocky Vista University", year="fourth-year")
        )
        state.set_mark(ProgramMark(UTAH.id, apply=True))


def open_editor(app: PtyApp) -> int:
    """Drafts tab, focus moved from the kind selector to the editor; the output offset. Each
    step waits for the frame that shows the focus where it should be (never a guessed pause)."""
    app.answer_sync_query()
    at = app.wait_for("Profile")
    app.send("\x1b8")  # alt+8
    at = app.wait_for("Salt Lake City", at)  # the away request to Utah is rendered
    # the tab's first focus (the kind selector, top left) lands after its first frame
    edges = focused_edges(app.wait_for_screen(lambda s: focused_edges(s) == [(2, 0)], "the kind selector"))
    for step in ("program", "variant", "search"):
        app.send("\t")
        before = edges
        edges = focused_edges(
            app.wait_for_screen(lambda s, before=before: focused_edges(s) not in ([], before), step)
        )
    app.send("\t")  # the editor: a TextArea, drawn with its own border, so no field's edge is lit
    app.wait_for_screen(lambda s: focused_edges(s) == [], "the focus leaving the search for the editor")
    return at


def kill_app(app: PtyApp) -> int:
    with app:
        return app.kill(signal.SIGKILL)


@pytest.mark.parametrize("run", range(RUNS))
def test_a_typed_draft_edit_survives_kill_9(db: Path, tmp_path: Path, run: int) -> None:
    seed(db)
    marker = f"Zq{run}x"  # short: the terminal draws it in one piece
    app = PtyApp(db, tmp_path, measured=False)  # killed: no coverage data
    try:
        at = open_editor(app)
        app.send(marker)
        app.wait_for(marker, at)
    except BaseException:
        kill_app(app)
        raise
    status = kill_app(app)  # right after the screen showed it
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    with open_state(db, readonly=True) as state:
        [edit] = state.draft_edits().values()
    assert edit.text.startswith(marker) and "Salt Lake City" in edit.text
    assert (edit.kind, edit.program_id) == ("away-request", UTAH.id)
    # Reopened: the edit is shown, said to be an edit.
    again = PtyApp(db, tmp_path, measured=False)
    try:
        at = again.wait_for("Profile")
        again.send("\x1b8")
        at = again.wait_for(marker, at)
        again.wait_for("to reset to the template")
    finally:
        kill_app(again)
    assert not list(db.parent.glob("*.corrupt")) and not list(db.parent.glob(".state.json.*.tmp"))

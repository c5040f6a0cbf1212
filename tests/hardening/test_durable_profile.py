"""Durable before visible, attacked: `kill -9` at a random 0-50 ms after a keypress on the
Profile's Step 2 CK field or a drop-down, with the real binary under a pty: nothing the screen
showed as saved is lost.

The terminal's output is replayed through a terminal emulator (pyte), one synchronized frame at
a time, to know what the screen showed. Two promises are checked on every run:
* the last frame the terminal showed (we announce synchronized output, so a frame cut off by the
  kill is not shown): if the field looked saved (its label carries no mark), the disk has that
  value — or one the user typed after it that the screen had not drawn yet (the disk may run
  ahead of the screen, never behind it): no shown edit is lost;
* whatever is on disk is a value the user typed (or the one we started from): never a value
  the user did not enter, like the "2" of a "256" that was on screen.
The default suite runs 20 kills (issue 13: a default run of at least 20; 5 of each kind);
`pytest -m slow` runs 200 more.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hardening_helpers import PROFILE
from test_pty import WAIT_S, PtyApp

from smartpick_tui.store import open_state
from smartpick_tui.tui.panes.profile import SHORT_SITUATIONS

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="pty and signals as on the SSH hosts"),
    pytest.mark.serial,  # timing-sensitive: see pyproject's markers
]

RUNS = 20  # issue 13's bar for the default run; the typing and the drop-down runs alternate
LABEL_WIDTH = 13
SITUATION_BY_LABEL = {label: situation for situation, label in SHORT_SITUATIONS.items()}


def frames(app: PtyApp) -> list[list[str]]:
    """The screen after each complete frame the app wrote (a terminal with synchronized output
    does not show a frame whose end never came): `PtyApp.replay`, which feeds each frame once."""
    app.replay()
    return app.frames


def field(screen: list[str], label: str) -> tuple[str, str] | None:
    """(the label as drawn, with its mark; the field's text) for the row of `label`."""
    for row in screen:
        if row.startswith(label):
            return row[:LABEL_WIDTH].strip(), row[LABEL_WIDTH:38].strip(" ▼▲▌")  # ▌: the focus edge
    return None


def step2_of(text: str) -> int | None:
    return int(text) if text.isdigit() else None  # the placeholder "score, e.g. 252" is empty


def kill_after(app: PtyApp, rng: random.Random) -> None:
    time.sleep(rng.uniform(0.0, 0.05))
    os.kill(app.pid, signal.SIGKILL)
    app.wait()


def answer_sync_query(app: PtyApp) -> None:
    app.answer_sync_query()


def run_typing(app: PtyApp, rng: random.Random) -> list[str]:
    """Type 1-4 digits into an emptied field; the field's text after each key, in order."""
    answer_sync_query(app)
    at = app.wait_for("Step 2 CK 252")
    # specialty -> Step 2 CK, then ctrl+u: tab moves the focus the moment it is read
    # (`key_routing`), so the ctrl+u behind it reaches the field; apart from the digits (#6605)
    app.send("\t\x15")
    app.wait_for("score, e.g. 252", at)
    typed = [""]
    for _ in range(rng.randint(1, 4)):
        key = rng.choice("0123456789")
        app.send(key)
        typed.append(typed[-1] + key)
        if rng.random() < 0.3:  # sometimes pause long enough for the field to save
            time.sleep(rng.uniform(0.5, 0.9))
        elif rng.random() < 0.5:
            time.sleep(rng.uniform(0.0, 0.15))
    kill_after(app, rng)
    return typed


def wait_for_frame(app: PtyApp, check: Callable[[list[str]], bool], what: str) -> None:
    """Read until the last complete frame the terminal shows passes `check`."""
    deadline = time.monotonic() + WAIT_S
    seen = -1
    while time.monotonic() < deadline:
        app.read()
        if len(app.output) != seen:
            seen = len(app.output)
            shown = frames(app)
            if shown and check(shown[-1]):
                return
    raise AssertionError(f"no frame showed {what}")


def situation_row(screen: list[str]) -> str:
    return next((row for row in screen if row.startswith("Situation")), "")


def run_choosing(app: PtyApp, rng: random.Random, after_drawn: bool) -> list[str]:
    """Open the Situation drop-down and choose another entry; the kill comes 0-50 ms after the
    choice is sent or, with `after_drawn`, 0-50 ms after the screen showed the choice (so the
    promise "shown as chosen means on disk" is certainly put to the test)."""
    answer_sync_query(app)
    app.wait_for("Step 2 CK 252")
    # -> Situation, past Step 2 CK and COMLEX (tab moves the focus as it is read); enter opens it
    app.send("\t\t\t\r")
    wait_for_frame(app, lambda screen: "▲" in situation_row(screen), "the drop-down open")
    app.send("\x1b[B" * rng.randint(1, 3) + "\r")
    if after_drawn:
        initial = SHORT_SITUATIONS[PROFILE.situation]

        def chosen(screen: list[str]) -> bool:
            drawn = field(screen, "Situation")
            return "▼" in situation_row(screen) and drawn is not None and drawn[1] != initial

        wait_for_frame(app, chosen, "the new choice")
    kill_after(app, rng)
    return []


def one_run(tmp: Path, seed: int) -> None:
    rng = random.Random(seed)
    db = tmp / f"run{seed}" / "state.json"
    db.parent.mkdir()
    with open_state(db) as state:
        state.set_profile(PROFILE)
    typing = seed % 2 == 0
    after_drawn = seed % 4 == 1  # half the drop-down runs kill only once the choice is drawn
    with PtyApp(db, db.parent, measured=False) as app:  # killed: no coverage data
        typed = run_typing(app, rng) if typing else run_choosing(app, rng, after_drawn)
    with open_state(db, readonly=True) as state:
        profile = state.profile()
    shown = [
        f for f in (field(s, "Step 2 CK" if typing else "Situation") for s in frames(app)) if f is not None
    ]
    assert shown, f"seed {seed}: no frame showed the field"
    label, text = shown[-1]
    seen_states = [f for i, f in enumerate(shown) if i == 0 or f != shown[i - 1]]
    if typing:
        on_disk = profile.step2
        entered = [step2_of(text) for text in typed]  # the field's value after each key
        shown_text = "" if step2_of(text) is None else text
        if label == "Step 2 CK" and shown_text in typed:  # an entry shown as saved
            later = entered[typed.index(shown_text) :]  # it, or what was typed after it
            assert on_disk in later, f"seed {seed}: screen {text!r}, disk {on_disk}; frames {seen_states}"
        elif label == "Step 2 CK":  # the score we started from, shown before the field was emptied
            assert on_disk == PROFILE.step2 or on_disk in entered, f"seed {seed}: {seen_states}"
        assert on_disk in set(entered) | {PROFILE.step2}, (
            f"seed {seed}: disk {on_disk} never typed; frames {seen_states}"
        )
    else:
        on_disk = profile.situation
        assert label == "Situation"  # a drop-down has no unsaved state to show
        if after_drawn:  # the check below cannot be skipped: the last frame shows the choice
            assert SITUATION_BY_LABEL[text] is not PROFILE.situation, f"seed {seed}: {seen_states}"
        if SITUATION_BY_LABEL[text] is not PROFILE.situation:  # the screen shows the choice
            assert on_disk is SITUATION_BY_LABEL[text], f"seed {seed}: screen {text!r}, disk {on_disk}"
        # else the choice is on disk a frame before the screen draws it, or was never made


@pytest.mark.parametrize("seed", range(RUNS))
def test_kill_9_after_a_keypress_loses_nothing_shown(tmp_path: Path, seed: int) -> None:
    one_run(tmp_path, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(RUNS, RUNS + 200))
def test_kill_9_after_a_keypress_loses_nothing_shown_200(tmp_path: Path, seed: int) -> None:
    one_run(tmp_path, seed)

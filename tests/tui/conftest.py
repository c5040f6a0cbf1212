"""One way to build the app for tests: a real TinyDB file, a fixed profile and a fixed today."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import PROFILE, TODAY, seed

from smartpick_tui.core.profile import Profile
from smartpick_tui.tui.app import SmartPickApp


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state.json"


@pytest.fixture
def make_app(db: Path) -> Callable[..., SmartPickApp]:
    def make(profile: Profile | None = PROFILE, today: date = TODAY, seeded: bool = True) -> SmartPickApp:
        if seeded:
            seed(db, profile)
        app = SmartPickApp(db, today=lambda: today)
        app.animation_level = "none"  # the tab underline slide only slows the tests down
        return app

    return make


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's `snap_compare`, with every text cursor steady before the picture.
    A focused field's cursor blinks on a 0.5 s timer, so a picture taken more than half a second
    after the focus (a loaded machine: two snapshots failed so at a load of 15) had it off; with
    the blink stopped the cursor is drawn whatever the clock says."""

    def compare(
        app: Any, *, run_before: Callable[[Any], Awaitable[None] | None] | None = None, **kwargs: Any
    ) -> bool:
        async def steady(pilot: Any) -> None:
            if run_before is not None:
                done = run_before(pilot)
                if inspect.isawaitable(done):
                    await done
            for field in pilot.app.screen.query("Input, TextArea"):
                field.cursor_blink = False  # shows the cursor and stops its timer
            await pilot.pause()

        return snap_compare(app, run_before=steady, **kwargs)

    return compare

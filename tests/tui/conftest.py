"""One way to build the app for tests: a real TinyDB file, a fixed profile and a fixed today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

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

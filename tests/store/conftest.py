"""Fixtures for the store tests (helpers to import are in `store_helpers`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import fill

from smartpick_tui.store import open_state


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.json"


@pytest.fixture
def filled(db: Path) -> Path:
    with open_state(db) as state:
        fill(state)
    open_state(db).close()  # an app start: takes the session backup
    return db

"""`gc.freeze()` once at start-up (cli/tui.py), never from the app afterwards: a freeze makes
whatever garbage exists at that moment permanent, and the SmartPick build once called it from
a worker on every catalog change."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

import pytest
from tui_helpers import SMALL, settle

from smartpick_tui.config import DEFAULTS
from smartpick_tui.tui.app import SmartPickApp


def test_the_tui_command_freezes_once_before_the_app_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from smartpick_tui.cli.tui import run_tui

    events: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: events.append("freeze"))
    monkeypatch.setattr(SmartPickApp, "run", lambda self: events.append("run"))
    monkeypatch.setenv("SMARTPICK_DB", str(tmp_path / "state.json"))
    run_tui(argparse.Namespace(db=str(tmp_path / "state.json")), DEFAULTS, None)
    assert events == ["freeze", "run"]


async def test_building_the_list_never_freezes(make_app, monkeypatch: pytest.MonkeyPatch):
    calls: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(1))
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")  # the SmartPick tab builds the list from the catalog
        await settle(pilot)
        assert app.query_one("#smartpick").result is not None
    assert calls == []

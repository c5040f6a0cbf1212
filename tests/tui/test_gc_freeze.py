"""The terminal app starts without garbage collection and turns it on once its first screen is
up (issue 26: ~230 young-generation collections over objects that all live on, ~15% of the CPU
before the first screen): cli/tui.py collects once then, freezes what is left and collects as
usual from then on. Never a freeze from the app afterwards: a freeze makes whatever garbage
exists at that moment permanent, and the SmartPick build once called it from a worker on every
catalog change."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from tui_helpers import PROFILE, SMALL, seed, settle
from waiting import wait_until

from smartpick_tui.tui import app as app_module
from smartpick_tui.tui.app import SmartPickApp


def test_the_tui_command_collects_nothing_until_the_first_screen_then_freezes_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from smartpick_tui.cli import main

    events: list[str] = []

    def run(app: SmartPickApp) -> None:  # the app's part: its first screen, then its hook
        events.append(f"run, collecting: {gc.isenabled()}")
        assert app.after_start_up is not None
        app.after_start_up()
        events.append(f"first screen up, collecting: {gc.isenabled()}")

    monkeypatch.setattr(gc, "collect", lambda *_: events.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: events.append("freeze"))
    monkeypatch.setattr(SmartPickApp, "run", run)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    try:
        assert main(["--db", str(tmp_path / "state.json")]) == 0
    finally:
        gc.enable()
    assert events == [
        "run, collecting: False",
        "collect",
        "freeze",
        "first screen up, collecting: True",
    ]


async def past_the_hook_time(pilot: Any) -> None:
    """Until a timer of twice the hook's delay, set now, has fired: the app's clock is then past
    any start-up hook (timers fire in the order they come due), however slow the machine."""
    fired: list[bool] = []
    pilot.app.set_timer(2 * app_module.AFTER_START_UP_S, lambda: fired.append(True))
    await wait_until(pilot, lambda: fired, "a timer due after the start-up hook's")


async def test_the_start_up_hook_runs_once_after_the_first_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(app_module, "AFTER_START_UP_S", 0.2)  # (the suite's time, not the app's)
    db = tmp_path / "state.json"
    seed(db)
    calls: list[str] = []
    app = SmartPickApp(db, after_start_up=lambda: calls.append(app.query_one("#pf-step2", Input).value))
    app.animation_level = "none"
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: calls, "the start-up hook ran")
        assert calls == [str(PROFILE.step2)]  # the form was filled when it ran
        await pilot.press("2")
        await settle(pilot)
        await past_the_hook_time(pilot)
        assert calls == [str(PROFILE.step2)]  # once


async def test_the_app_alone_never_touches_the_collector(make_app, monkeypatch: pytest.MonkeyPatch):
    """Tests and embedders build the app without the hook: nothing is frozen or turned off."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(app_module, "AFTER_START_UP_S", 0.2)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await past_the_hook_time(pilot)
    assert calls == []


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

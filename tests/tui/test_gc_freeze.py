"""The terminal app starts without garbage collection and turns it on once its first screen is
up (issue 26: ~230 young-generation collections over objects that all live on, ~15% of the CPU
before the first screen): cli/tui.py collects once then, freezes what is left and collects as
usual from then on (`services.collector.start`). After that, a freeze only once a new catalog's
first list is drawn, on the UI thread and right after a collection (`keep_what_lives`): the
catalog then leaves the full passes that made one rebuild in ~4 slow (issue 26), and no garbage
becomes permanent. Never from a worker: the SmartPick build once froze on every catalog change
without collecting first."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from tui_helpers import PROFILE, SMALL, seed, settle
from waiting import wait_until

from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.services import collector
from smartpick_tui.store.imports import imports_path, write_imports
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
        collector.stop()
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
    """Tests and embedders build the app without the hook: nothing is frozen or turned off, not
    even when the Programs and SmartPick tabs load the catalog (they keep it only under the
    terminal app's policy)."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(app_module, "AFTER_START_UP_S", 0.2)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await past_the_hook_time(pilot)
        await pilot.press("2")
        programs: Any = app.query_one("#programs")
        await wait_until(pilot, lambda: programs.index is not None, "the Programs tab's catalog")
        await pilot.press("3")
        smartpick: Any = app.query_one("#smartpick")
        await wait_until(pilot, lambda: smartpick.result is not None, "the SmartPick list")
        await settle(pilot)
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


@pytest.fixture
def policy_on() -> Iterator[None]:
    """The terminal app's collector policy, for real (a real collection and freeze of this
    process), turned off again after the test."""
    collector.start()
    try:
        yield
    finally:
        collector.stop()


class _Node:
    """A container the collector tracks (a cycle of two is garbage only a collection frees)."""

    other: Any = None


def _tracked_now() -> set[int]:
    """The ids of the objects the collector's passes visit (frozen objects are not among them)."""
    return {id(o) for o in gc.get_objects()}


def test_keeping_collects_first_then_takes_what_lives_out_of_the_passes(policy_on: None) -> None:
    gc.disable()  # no collection of its own between the steps below (the policy's start enabled it)
    lives = _Node()
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    gc.collect()  # the cycle, still referenced, moves to the oldest generation
    del a, b  # now garbage there: only a full pass frees it
    assert gone() is not None and id(lives) in _tracked_now()
    collector.keep_what_lives()
    assert gone() is None  # collected, not frozen for good
    assert id(lives) not in _tracked_now()  # what lives is out of the passes
    assert gc.isenabled() is False  # keeping leaves the collector's switch alone


def test_a_kept_cycle_that_dies_later_is_freed_at_the_next_keep(policy_on: None) -> None:
    """A freeze keeps frozen cycles out of every pass: one that dies after it (an evicted search
    index and its rankings point at each other) must still be freed, by the next keep."""
    gc.disable()
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    collector.keep_what_lives()  # the cycle is alive: frozen with the rest
    assert id(a) not in _tracked_now()
    del a, b  # now cyclic garbage among the frozen objects
    gc.collect()
    assert gone() is not None  # a plain collection never sees it
    collector.keep_what_lives()
    assert gone() is None


def test_keeping_does_nothing_unless_the_app_turned_the_policy_on(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda *_: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    collector.keep_what_lives()
    assert calls == [] and not collector.policy_on()


def _imported(count: int) -> list[Program]:
    return [
        Program(
            id=f"gc-{i:03d}",
            name=f"Synthetic Program {i:03d}",
            institution=f"Synthetic Institution {i:03d}",
            city="Synthetic City",
            state=("CA", "TX", "NY", "OH")[i % 4],
            specialty=PROFILE.specialty or "",
            track=Track.CATEGORICAL,
            setting=Setting.COMMUNITY,
            positions=4 + i % 10,
            imported=True,
        )
        for i in range(count)
    ]


async def test_a_new_catalogs_first_list_takes_it_out_of_the_passes_from_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy_on: None
) -> None:
    """With the terminal app's policy: once the first list from a catalog is drawn, the catalog's
    programs are frozen (out of every full pass), by one freeze on the UI thread; a rebuild for a
    new score does not freeze again, a new specialty (new facts kept per specialty) does."""
    db = tmp_path / "state.json"
    seed(db)
    write_imports(imports_path(db), _imported(40))
    freezes: list[str] = []
    freeze = gc.freeze

    def recorded() -> None:
        freezes.append(threading.current_thread().name)
        freeze()

    monkeypatch.setattr(gc, "freeze", recorded)
    app = SmartPickApp(db)
    app.animation_level = "none"
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        pane: Any = app.query_one("#smartpick")
        await wait_until(pilot, lambda: pane.result is not None and freezes, "the first list, then a freeze")
        catalog = cached_catalog(imports_path(db))
        imported = [p for p in catalog.programs if p.id.startswith("gc-")]
        assert len(imported) == 40 and gc.is_tracked(imported[0])
        tracked = _tracked_now()
        assert not any(id(p) in tracked for p in imported)
        assert id(catalog.programs) not in tracked
        assert freezes == [threading.main_thread().name]

        first = pane.result
        app.save(lambda state: state.set_profile(PROFILE.with_changes(step2=240)))
        await wait_until(pilot, lambda: pane.result is not first, "the list rebuilt for the new score")
        await settle(pilot)
        assert len(freezes) == 1  # same catalog, same specialty: nothing new lives on

        second = pane.result
        app.save(lambda state: state.set_profile(PROFILE.with_changes(specialty="internal-medicine")))
        await wait_until(
            pilot, lambda: pane.result is not second and len(freezes) == 2, "the new specialty's list, kept"
        )
        assert freezes == [threading.main_thread().name] * 2


async def test_the_programs_tab_keeps_its_catalog_from_the_ui_thread_after_a_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy_on: None
) -> None:
    """With the terminal app's policy, the Programs tab's catalog load is kept too: collected,
    then frozen, on the UI thread, the catalog's programs out of the full passes (it used to
    freeze without collecting, and in every test that opened the tab)."""
    db = tmp_path / "state.json"
    seed(db)
    write_imports(imports_path(db), _imported(30))
    calls: list[str] = []
    collect, freeze = gc.collect, gc.freeze

    def collected(*args: Any) -> int:
        calls.append("collect")
        return collect(*args)

    def frozen() -> None:
        calls.append(f"freeze on {threading.current_thread().name}")
        freeze()

    monkeypatch.setattr(gc, "collect", collected)
    monkeypatch.setattr(gc, "freeze", frozen)
    app = SmartPickApp(db)
    app.animation_level = "none"
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2")
        pane: Any = app.query_one("#programs")
        await wait_until(pilot, lambda: pane.index is not None and calls, "the catalog, then kept")
        assert calls == ["collect", f"freeze on {threading.main_thread().name}"]
        tracked = _tracked_now()
        imported = [p for p in pane.catalog.programs if p.id.startswith("gc-")]
        assert len(imported) == 30 and not any(id(p) in tracked for p in imported)

"""The SmartPick tab in the real app (Pilot, 80x24, a real TinyDB file and imports file)."""

from __future__ import annotations

import threading
from pathlib import Path

from rich.text import Text
from textual.widgets import ContentSwitcher, DataTable, Static
from waiting import wait_until

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports
from smartpick_tui.tui.app import SmartPickApp

SMALL = (80, 24)
PROFILE = Profile(step2=252, specialty="internal-medicine", ties=("OH",))
HOSTILE = "[bold]Evil[/ [@click=app.quit]x[/] \x1b]0;PWNED\x07 Hospital"


def make_app(db: Path, profile: Profile | None = PROFILE) -> SmartPickApp:
    if profile is not None:
        with open_state(db) as state:
            state.set_profile(profile)
    app = SmartPickApp(db)
    app.animation_level = "none"
    return app


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def summary(app: SmartPickApp) -> str:
    return str(app.query_one("#sp-summary", Static).content)


def table_ids(app: SmartPickApp, table_id: str = "#sp-picks") -> list[str]:
    table = app.query_one(table_id, DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


def stored_marks(db: Path):  # type: ignore[no-untyped-def]
    with open_state(db, readonly=True) as state:
        return state.marks()


async def test_builds_accepts_pins_excludes_and_explains(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        text = summary(app)
        assert "Internal Medicine: 40 programs" in text and "estimate" in text
        assert "Match chance" in text and "+10 programs:" in text
        assert len(table_ids(app)) == 40
        assert "points of match chance" in str(app.query_one("#sp-detail", Static).content)

        await pilot.press("a")  # accept: every pick marked "apply", in one save
        await settle(pilot)
        marks = stored_marks(db)
        assert {pid for pid, m in marks.items() if m.apply} == set(table_ids(app))

        await pilot.press("down", "down")
        pinned = table_ids(app)[2]
        await pilot.press("p")
        await settle(pilot)
        assert stored_marks(db)[pinned].pinned
        table = app.query_one("#sp-picks", DataTable)
        assert "P" in str(table.get_row(pinned)[-1])

        await pilot.press("up")
        excluded = table_ids(app)[app.query_one("#sp-picks", DataTable).cursor_row]
        assert excluded != pinned
        await pilot.press("x")
        await settle(pilot)
        assert stored_marks(db)[excluded].exclude
        assert excluded not in table_ids(app) and pinned in table_ids(app)
        assert len(table_ids(app)) == 40

        await pilot.press("e")
        assert app.query_one("#sp-views", ContentSwitcher).current == "sp-explain"
        explain = str(app.query_one("#sp-explain-text", Static).content)
        assert "How is this computed" in explain and "Poisson-binomial" in explain
        await pilot.press("e", "v")
        assert app.query_one("#sp-views", ContentSwitcher).current == "sp-aways"
        assert len(table_ids(app, "#sp-aways")) == 2  # IM: 1-2 aways (§4)
        await pilot.press("a")  # on the away view: away-candidate marks
        await settle(pilot)
        aways = set(table_ids(app, "#sp-aways"))
        assert aways <= {pid for pid, m in stored_marks(db).items() if m.away_candidate}
        await pilot.press("v")
        assert app.query_one("#sp-views", ContentSwitcher).current == "sp-signals"
        assert len(table_ids(app, "#sp-signals")) == 15  # IM: 3 gold + 12 silver


async def test_rebuilds_on_profile_change_and_size_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path / "state.json")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        before = summary(app)
        await pilot.press("plus")
        await settle(pilot)
        assert len(table_ids(app)) == 45 and "your size" in summary(app)
        await pilot.press("minus", "minus")
        await settle(pilot)
        assert len(table_ids(app)) == 35
        await pilot.press("backspace")
        await settle(pilot)
        assert len(table_ids(app)) == 40
        app.save(lambda s: s.set_profile(PROFILE.with_changes(step2=236)))
        await settle(pilot)
        after = summary(app)
        assert after != before and "Match chance" in after
        app.save(lambda s: s.set_profile(PROFILE.with_changes(specialty="emergency-medicine")))
        await settle(pilot)
        assert summary(app).startswith("Emergency Medicine: 60 programs")


async def test_no_score_says_what_to_do(tmp_path: Path) -> None:
    app = make_app(tmp_path / "state.json", profile=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert "Enter your Step 2 CK" in summary(app)
        assert table_ids(app) == []


async def test_program_text_is_drawn_literally(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    hostile = Program(
        id="imp-hostile",
        name=HOSTILE,
        institution=HOSTILE,
        city="X",
        state="OH",
        specialty="internal-medicine",
        track=Track.CATEGORICAL,
        setting=Setting.COMMUNITY,
        imported=True,
    )
    write_imports(imports_path(db), [hostile])
    app = make_app(db)
    with open_state(db) as state:
        from smartpick_tui.core.trackers import ProgramMark

        state.set_mark(ProgramMark("imp-hostile", pinned=True))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.is_running  # no MarkupError, no click action ran
        row = app.query_one("#sp-picks", DataTable).get_row("imp-hostile")
        name = row[2]
        assert isinstance(name, Text)
        assert "[bold]Evil[/" in name.plain and "\x1b" not in name.plain
        assert not name.spans  # literal: no style parsed out of the text


async def test_a_stale_build_never_lands_over_a_fresh_one(tmp_path: Path, monkeypatch) -> None:
    """Step 2 CK 230 starts a slow build (held on an Event, not a sleep); 262 is typed while it
    runs. The list shown is 262's, and 230's, finished afterwards, never replaces it."""
    import smartpick_tui.tui.panes.smartpick as pane_module

    real = pane_module.run_smartpick
    held, release = threading.Event(), threading.Event()
    built: dict[int | None, object] = {}

    def run(profile: Profile, *args, **kwargs):  # type: ignore[no-untyped-def]
        if profile.step2 == 230:
            held.set()
            assert release.wait(30), "the test never released the slow build"
        result = real(profile, *args, **kwargs)
        built[profile.step2] = result
        return result

    monkeypatch.setattr(pane_module, "run_smartpick", run)
    db = tmp_path / "state.json"
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        pane = app.query_one("#smartpick")
        app.save(lambda state: state.patch_profile(step2=230))
        await wait_until(pilot, lambda: held.is_set(), "held.is_set()", workers=False)
        assert held.is_set()
        app.save(lambda state: state.patch_profile(step2=262))
        await wait_until(
            pilot,
            lambda: 262 in built and pane.result is built[262],
            "262 in built and pane.result is built[262]",
            workers=False,
        )
        assert pane.result is built[262]
        release.set()
        await settle(pilot)
        # the slow build has finished; its result was dropped
        await wait_until(pilot, lambda: 230 in built, "230 in built", workers=False)
        await settle(pilot)
        assert 230 in built and pane.result is built[262]
        assert "Building" not in summary(app)


async def test_hidden_views_show_the_newest_list_when_shown(tmp_path: Path) -> None:
    """A rebuild fills the view on screen; the away, signal and explain views are filled from
    the newest list when shown (not at each rebuild: issue 26), never left on an older one."""
    db = tmp_path / "state.json"
    app = make_app(db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        pane = app.query_one("#smartpick")
        assert table_ids(app, "#sp-aways") == [] and table_ids(app, "#sp-signals") == []  # not yet shown
        await pilot.press("v")  # aways: filled now, from the internal-medicine list
        assert table_ids(app, "#sp-aways") == [a.program.id for a in pane.result.aways]
        await pilot.press("v", "v", "v")  # signals, explain, back to the picks
        assert app.query_one("#sp-views", ContentSwitcher).current == "sp-picks"
        old_aways = table_ids(app, "#sp-aways")

        app.save(lambda s: s.set_profile(PROFILE.with_changes(specialty="emergency-medicine")))
        await settle(pilot)
        new = pane.result
        assert new.diagnosis.specialty.id == "emergency-medicine"
        assert table_ids(app) == [p.program.id for p in new.picks]
        assert table_ids(app, "#sp-aways") == old_aways  # hidden: not refilled by the rebuild
        await pilot.press("v")
        aways = [a.program.id for a in new.aways]
        assert table_ids(app, "#sp-aways") == aways and aways != old_aways
        await pilot.press("v")
        assert table_ids(app, "#sp-signals") == [s.program.id for s in new.signals.suggestions]
        await pilot.press("v")
        explain = str(app.query_one("#sp-explain-text", Static).content)
        assert "Emergency Medicine" in explain and "Internal Medicine" not in explain

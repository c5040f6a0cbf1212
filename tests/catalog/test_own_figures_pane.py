"""Your own figures on the Programs tab through the real app (Pilot): `y` opens the form, saving
writes the real TinyDB file at once, the program's class changes and says "your figure";
escape saves nothing; a bad value stays in the form with its message."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_helpers import program
from test_catalog_pane import open_programs, screen_text

from smartpick_tui.core.own_figures import OwnFigure
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import ProgramClass
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.widgets.program_list import ProgramList

HOSTILE_NOTE = "[bold]x[/] [@click=app.quit]q[/] \x1b]0;PWNED\x07 [/"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_profile(Profile(step2=252, specialty="internal-medicine"))
    write_imports(imports_path(path), [program(i, imported=True) for i in range(1, 61)])
    return path


async def highlight(pilot, text: str) -> int:  # type: ignore[no-untyped-def]
    await pilot.press("slash", *text, "enter")  # enter moves to the list
    await pilot.pause()
    key = pilot.app.query_one(ProgramList).highlighted_key
    assert key is not None
    return key


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_saving_figures_changes_the_class_and_says_whose(db: Path) -> None:
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        # an imported program the model does not class a reach (its chance is the model's)
        ours = [
            k
            for k, q in enumerate(pane.index.programs)
            if q.imported and pane.index.klass(k) is not ProgramClass.REACH
        ]
        assert ours, "every imported program is a reach: the test needs one that is not"
        key = await highlight(pilot, pane.index.programs[ours[0]].name.split()[-1])
        assert key == ours[0]
        program_id = pane.index.programs[key].id
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordForm"
        await pilot.press("tab", *"3", "ctrl+s")  # invites people like you: 3%
        await pilot.pause()
        # durable the moment the form closed: read by another opener of the real file
        with open_state(db, readonly=True) as state:
            assert state.own_figures() == {program_id: OwnFigure(program_id, invites_like_me=3.0)}
        await settle(pilot)
        assert type(app.screen).__name__ != "RecordForm"
        program_list = pane.query_one(ProgramList)
        assert program_list.highlighted_key == key  # still on the program just edited
        assert pane.index.klass(key) is ProgramClass.REACH
        assert pane.index.fits[key].p_interview == pytest.approx(0.03)
        text = screen_text(app)
        assert "your figure: 3% interview chance" in text
        assert "Your figures (y edits): invites 3% of applicants like you" in text
        assert "Y   reach" in text  # the flag column


async def test_escape_cancels_and_a_bad_value_stays_in_the_form(db: Path) -> None:
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        key = await highlight(pilot, "00007")
        before = pane.index.klass(key)
        raw = db.read_bytes()
        await pilot.press("y", *"50", "escape")
        await settle(pilot)
        assert db.read_bytes() == raw and pane.index.klass(key) is before
        await pilot.press("y", *"150", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordForm"
        assert "150 is not a percent from 0 to 100" in screen_text(app)
        assert db.read_bytes() == raw
        # fixed: a note with markup and escape sequences is stored cleaned and shown literally
        await pilot.press(*["backspace"] * 3, *"0.5")
        for _ in range(8):
            await pilot.press("tab")
        await pilot.press(*HOSTILE_NOTE, "ctrl+s")
        await settle(pilot)
        assert app.is_running and type(app.screen).__name__ != "RecordForm"
        with open_state(db, readonly=True) as state:
            (figure,) = state.own_figures().values()
        assert figure.interview_rate == 0.5 and "\x1b" not in figure.note and "[@click" in figure.note
        assert "[@click=app.quit]q[/]" in screen_text(app)


async def test_emptying_every_field_removes_the_figures(db: Path) -> None:
    with open_state(db) as state:
        state.patch_own_figure("syn-00009", step2_min=230)
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        await highlight(pilot, "00009")
        await pilot.press("y")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("tab")
        await pilot.press(*["backspace"] * 3, "ctrl+s")
        await settle(pilot)
        with open_state(db, readonly=True) as state:
            assert state.own_figures() == {}
        assert "Y " not in screen_text(app).split("\n")[6]
        assert pane.figures == {}


async def test_smartpick_picks_a_program_on_your_figure_and_explains_it(tmp_path: Path) -> None:
    from textual.widgets import DataTable, Static

    from smartpick_tui.core.catalog import load_catalog
    from smartpick_tui.core.estimates import estimate_all
    from smartpick_tui.core.programs import Tier
    from smartpick_tui.core.sponsors import closed_to_students

    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(step2=245, specialty="internal-medicine"))
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        pane = app.query_one("#smartpick")
        # a program not on the list, open to students, of an institution not on it (one pick
        # each), in the "stable floor" the list's mix always has room for (§3 tiers, estimated)
        institutions = {pick.program.institution for pick in pane.result.picks}
        im = [p for p in load_catalog(None).programs if p.specialty == "internal-medicine"]
        outside = next(
            p.id
            for p, est in zip(im, estimate_all(im), strict=True)
            if p.institution not in institutions
            and closed_to_students(p) is None
            and est.tier in (Tier.COMMUNITY, Tier.LOW_MID)
        )
        # the one write path the figures form uses
        assert app.save(lambda state: state.patch_own_figure(outside, invites_like_me=95), "saved")
        await settle(pilot)
        mine = next(pick for pick in pane.result.picks if pick.program.id == outside)
        assert mine.klass is ProgramClass.SAFETY and mine.p_interview == pytest.approx(0.95)
        assert mine.reason.startswith("your figures → 95% → safety")
        assert any("1 Internal Medicine program uses your own figures" in note for note in pane.result.notes)
        table = app.query_one("#sp-picks", DataTable)
        table.move_cursor(row=[str(row.key.value) for row in table.ordered_rows].index(outside))
        await pilot.pause()
        detail = str(app.query_one("#sp-detail", Static).content)
        assert "your figures → 95% → safety" in detail and "your figure: invites 95%" in detail
        await pilot.press("e")
        await pilot.pause()
        assert "uses your own figures" in str(app.query_one("#sp-explain-text", Static).content)

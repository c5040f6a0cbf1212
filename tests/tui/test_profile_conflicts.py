"""Two sessions, one Profile field (issue 25): the other session (here the store, as
`smartpick profile set` or a second terminal writes it) saves the same field while this one
types into it. Saving (Enter, leaving the field, quitting; a pause only marks it) asks keep
mine / keep theirs (both, for a list) in the dialog the tracker forms use, and never writes
over the other value silently. The field keeps its mark until its value is on disk.

Time is driven: the save-on-pause never comes by itself (`EDIT_PAUSE_S` set far away) except
in the test of the pause, and the disk poll runs when the test calls it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select
from tui_helpers import SMALL, label_of, settle, text_of
from waiting import wait_until

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import Situation
from smartpick_tui.store import open_state
from smartpick_tui.tui.screens.conflict import MergeConflictScreen

PAUSE = "smartpick_tui.tui.panes.profile.EDIT_PAUSE_S"


@pytest.fixture(autouse=True)
def no_pause_save(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PAUSE, 3600.0)
    monkeypatch.setattr("smartpick_tui.tui.app.DISK_POLL_S", 3600.0)


def stored(db: Path) -> Profile:
    with open_state(db, readonly=True) as state:
        return state.profile()


def elsewhere(db: Path, **changes: object) -> None:
    """Another session saves these fields (as `smartpick profile set` does)."""
    with open_state(db, backup_on_open=False) as state:
        state.patch_profile(**changes)


def asked(app) -> str:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, MergeConflictScreen), type(app.screen).__name__
    return text_of(app.screen.query_one("#confirm-question"))


def hint(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one(".dialog-hint"))


async def type_into(pilot, field_id: str, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.query_one(f"#{field_id}").focus()
    await pilot.press("end", "ctrl+u", *text)


@pytest.mark.parametrize(("choice", "kept"), [("m", 261), ("t", 259)])
async def test_enter_over_another_sessions_value_asks_and_keeps_the_choice(make_app, db, choice, kept):
    app = make_app()  # step2 252 on disk and on screen
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await type_into(pilot, "pf-step2", "261")
        elsewhere(db, step2=259)
        await pilot.press("enter")
        await settle(pilot)
        question = asked(app)
        assert "Step 2 CK: yours 261 · theirs 259" in question
        assert "b: keep both" not in hint(app)  # a score is not a list
        assert stored(db).step2 == 259  # nothing written over theirs while asking
        assert label_of(app, "step2") == "Step 2 CK !"  # not saved: marked
        await pilot.press(choice)
        await settle(pilot)
        assert not isinstance(app.screen, MergeConflictScreen)
        assert stored(db).step2 == kept
        assert app.query_one("#pf-step2").value == str(kept)
        assert label_of(app, "step2") == "Step 2 CK"
        assert "another session" not in text_of(app.query_one("#msg-step2"))
        # the base is now the value shown: the next edit merges cleanly
        await type_into(pilot, "pf-step2", "255")
        await pilot.press("enter")
        await settle(pilot)
        assert stored(db).step2 == 255


async def test_both_keeps_every_tie_of_the_two_sessions(make_app, db):
    app = make_app()  # ties CA, West
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await type_into(pilot, "pf-ties", "CA, OR")
        elsewhere(db, ties=("CA", "West", "TX"))
        await pilot.press("enter")
        await settle(pilot)
        assert "Ties: yours “CA, OR” · theirs “CA, West, TX”" in asked(app)
        assert "b: keep both" in hint(app)  # two lists: both is their union
        await pilot.press("b")
        await settle(pilot)
        assert stored(db).ties == ("CA", "West", "TX", "OR")
        assert app.query_one("#pf-ties").value == "CA, West, TX, OR"
        assert label_of(app, "ties") == "Ties"
        assert not app.query_one("#msg-ties").display  # the conflict's message went with it


async def test_leaving_the_field_asks(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await type_into(pilot, "pf-name", "Ana Mine")
        elsewhere(db, name="Bo Theirs")
        await pilot.press("tab")
        await settle(pilot)
        assert "Name: yours “Ana Mine” · theirs “Bo Theirs”" in asked(app)
        assert "b: keep both" not in hint(app)  # one line of text: mine or theirs
        await pilot.press("m")
        await settle(pilot)
        assert stored(db).name == "Ana Mine"


async def test_a_pause_marks_the_conflict_and_enter_asks(make_app, db, monkeypatch: pytest.MonkeyPatch):
    """The pause must not pop a dialog under the user's fingers (a typed `t` would answer it):
    it marks the field and says so; Enter asks."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        elsewhere(db, step2=259)  # before the poll: this session still shows 252
        monkeypatch.setattr(PAUSE, 0.05)
        await type_into(pilot, "pf-step2", "261")
        await wait_until(pilot, lambda: label_of(app, "step2") == "Step 2 CK !", "the pause met theirs")
        assert not isinstance(app.screen, MergeConflictScreen)
        message = text_of(app.query_one("#msg-step2"))
        assert "another session saved 259 here — press Enter to choose" in message
        assert stored(db).step2 == 259
        app._poll_disk()  # a poll does not put theirs over the unsaved value
        await settle(pilot)
        assert app.query_one("#pf-step2").value == "261"
        await pilot.press("enter")
        await settle(pilot)
        asked(app)
        await pilot.press("m")
        await settle(pilot)
        assert stored(db).step2 == 261


async def test_escape_leaves_mine_unsaved_and_marked_then_enter_asks_again(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await type_into(pilot, "pf-step2", "261")
        elsewhere(db, step2=259)
        await pilot.press("enter")
        await settle(pilot)
        asked(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MergeConflictScreen)
        assert app.query_one("#pf-step2").value == "261"
        assert label_of(app, "step2") == "Step 2 CK !"
        assert stored(db).step2 == 259
        app.query_one("#pf-step2").focus()
        await pilot.press("enter")
        await settle(pilot)
        asked(app)
        await pilot.press("t")
        await settle(pilot)
        assert app.query_one("#pf-step2").value == "259"


async def test_keep_mine_asks_again_when_theirs_changed_while_the_dialog_was_open(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await type_into(pilot, "pf-step2", "261")
        elsewhere(db, step2=259)
        await pilot.press("enter")
        await settle(pilot)
        assert "theirs 259" in asked(app)
        elsewhere(db, step2=240)  # a third value, after the user read the question
        await pilot.press("m")
        await settle(pilot)
        assert "theirs 240" in asked(app)  # asked again, about what is on disk now
        assert stored(db).step2 == 240
        await pilot.press("m")
        await settle(pilot)
        assert stored(db).step2 == 261


async def test_quitting_asks_and_quits_once_answered(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await type_into(pilot, "pf-step2", "261")
        app.query_one("#pf-research").value = "5"  # typed too (still focused on Step 2 CK)
        await settle(pilot)
        assert label_of(app, "research") == "Research *"
        elsewhere(db, step2=259)
        await app.action_quit()
        await settle(pilot)
        assert app.is_running
        asked(app)
        await pilot.press("m")
        await wait_until(pilot, lambda: not app.is_running, "the app quits after the answer")
    assert (stored(db).step2, stored(db).research) == (261, 5)


async def test_a_drop_down_choice_over_another_sessions_choice_asks(make_app, db):
    app = make_app()  # situation: indifferent
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        elsewhere(db, situation=Situation.DO_IMG)  # not polled yet: the screen shows indifferent
        app.query_one("#pf-situation", Select).value = Situation.DISCOURAGING.value
        await settle(pilot)
        assert "Situation: yours “Home, discouraging” · theirs “DO/IMG, strong Step 2”" in asked(app)
        assert label_of(app, "situation") == "Situation !"  # shown, not saved
        await pilot.press("t")
        await settle(pilot)
        assert stored(db).situation is Situation.DO_IMG
        assert app.query_one("#pf-situation", Select).value == Situation.DO_IMG.value
        assert label_of(app, "situation") == "Situation"


async def test_no_question_when_nothing_was_lost(make_app, db):
    """Another field changed, the same value saved in both, or the other value already shown
    (polled) before typing began: saved at once, no dialog."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await type_into(pilot, "pf-step2", "261")
        elsewhere(db, research=7)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, MergeConflictScreen)
        assert (stored(db).step2, stored(db).research) == (261, 7)
        await type_into(pilot, "pf-step2", "262")
        elsewhere(db, step2=262)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, MergeConflictScreen)
        elsewhere(db, step2=250)
        app._poll_disk()
        await settle(pilot)
        assert app.query_one("#pf-step2").value == "250"
        await type_into(pilot, "pf-step2", "251")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, MergeConflictScreen)
        assert stored(db).step2 == 251

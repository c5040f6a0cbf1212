"""Type-ahead: over a slow SSH link several keys arrive in one read. Textual runs an Input's
bound keys (backspace, ctrl+u, arrows) after the printable keys queued behind them (Textual
issue #6605, fix proposed in PR #6631), so the field — and the saved profile — can end up with
the wrong value. Reproduced deterministically here by queueing the keys without waiting;
`tui/textual_fixes.py` runs an Input's bound keys inline, and this test fails without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_helpers import PROFILE, TODAY
from textual import events
from textual.widgets import Input

from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp

pytestmark = pytest.mark.serial  # timing-sensitive: see pyproject's markers


async def test_backspace_then_digit_typed_ahead_saves_the_digit(db: Path) -> None:
    with open_state(db) as state:
        state.set_profile(PROFILE)
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("tab")  # the Step 2 CK field, its "252" selected
        assert isinstance(app.focused, Input) and app.focused.id == "pf-step2"
        app.post_message(events.Key("backspace", "\x7f"))  # two keys in one read
        app.post_message(events.Key("9", "9"))
        await pilot.pause(0.3)
        assert app.focused.value == "9"
    assert open_state(db, readonly=True).profile().step2 == 9


async def test_keys_typed_after_tab_go_to_the_field_tab_reached(db: Path) -> None:
    """ "tab 2 5 8" in one read: the digits are typed into the field tab moved to, not handed to
    the widget focused before it (where a digit switches tabs)."""
    with open_state(db) as state:
        state.set_profile(PROFILE)
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key, char in (("tab", "\t"), ("2", "2"), ("5", "5"), ("8", "8")):
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert isinstance(app.focused, Input) and app.focused.id == "pf-step2"
        assert app.focused.value == "258"
    assert open_state(db, readonly=True).profile().step2 == 258

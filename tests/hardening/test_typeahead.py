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
from waiting import wait_until

from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp

pytestmark = pytest.mark.serial  # timing-sensitive: see pyproject's markers


@pytest.mark.parametrize(
    ("pressed", "typed_ahead", "saved"),
    [
        # backspace then a digit in one read, in the Step 2 CK field (its "252" selected):
        # the backspace runs first, so the field holds "9", not "29"
        (("tab",), (("backspace", "\x7f"), ("9", "9")), 9),
        # "tab 2 5 8" in one read: the digits go to the field tab reached, not to the widget
        # focused before it (where a digit switches tabs)
        ((), (("tab", "\t"), ("2", "2"), ("5", "5"), ("8", "8")), 258),
    ],
    ids=["backspace-then-digit", "tab-then-digits"],
)
async def test_keys_typed_ahead_land_where_the_keys_before_them_put_the_focus(
    db: Path, pressed: tuple[str, ...], typed_ahead: tuple[tuple[str, str], ...], saved: int
) -> None:
    with open_state(db) as state:
        state.set_profile(PROFILE)
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*pressed)
        for key, char in typed_ahead:  # posted without waiting: as keys in one read
            app.post_message(events.Key(key, char))
        field = app.query_one("#pf-step2", Input)
        await wait_until(pilot, lambda: field.value == str(saved), f"the field shows {saved}")
        assert app.focused is field
    assert open_state(db, readonly=True).profile().step2 == saved

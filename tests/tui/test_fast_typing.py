"""Fast typing into the Programs search: over SSH keys arrive in bursts, and the filter's
change events reach the pane after later keys are already in the field. The field's text is
the user's: a late event must never write an older text back (typed "Baylor College" came out
"Br Collegeaylo"; "Xy", cursor back, "abcd" came out "Xabcdy" in the wrong place)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from textual.widgets import Input
from tui_helpers import SMALL, settle

from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.panes.programs import ProgramsPane

pytestmark = pytest.mark.serial  # keys posted in bursts: see pyproject's markers


def _key(char: str) -> events.Key:
    return events.Key("space" if char == " " else char, char)


@pytest.mark.parametrize("burst", [1, 3, 14], ids=["key-by-key", "three-a-read", "one-read"])
async def test_a_burst_of_typed_keys_is_never_rewritten(
    make_app: Callable[..., SmartPickApp], burst: int
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash")
        search = app.query_one("#program-search", Input)
        assert app.focused is search
        text = "Baylor College"
        for start in range(0, len(text), burst):
            for char in text[start : start + burst]:  # posted without waiting: one read
                app.post_message(_key(char))
            await pilot.pause()
        await settle(pilot)
        assert search.value == text
        pane = app.query_one(ProgramsPane)
        assert pane.filters.text == text


async def test_an_edit_inside_the_text_typed_in_one_read_stays_where_the_cursor_was(
    make_app: Callable[..., SmartPickApp],
) -> None:
    """Typed "Xy", the cursor back one, "abcd": "Xabcdy" (the late change event for "Xy" moved the
    cursor to the end, and "abcd" went after the "y")."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash")
        search = app.query_one("#program-search", Input)
        for key, char in [("X", "X"), ("y", "y"), ("left", None), *((c, c) for c in "abcd")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert search.value == "Xabcdy"
        assert search.cursor_position == len("Xabcd")

"""`?` opens on the keys of the tab the user is on, then everything else: it opened on
"Everywhere", with the current tab's keys a page or more below at 80×24."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tui_helpers import SMALL, settle, text_of

from smartpick_tui.tui.app import SmartPickApp


@pytest.mark.parametrize(
    ("tab", "heading", "a_key"),
    [("7", "7 Outreach (this tab)", "Add"), ("2", "2 Programs (this tab)", "Apply")],
)
async def test_help_starts_with_the_current_tabs_keys(
    make_app: Callable[..., SmartPickApp], tab: str, heading: str, a_key: str
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(tab, "question_mark")
        await settle(pilot)
        shown = text_of(app.screen.query_one("#help-text"))
        lines = shown.splitlines()
        assert lines[0] == heading
        section = shown.split("\n\n")[0]
        assert a_key in section
        assert shown.index("Everywhere") > shown.index(heading)
        assert shown.count("Outreach") >= 1 and "1 Profile" in shown  # everything else still follows

"""The tab labels follow a resize at once: a terminal narrowed from 80 to 60 columns kept the
80-column labels ("3 SmartPick … 8" with tab 9 off screen) until the next tab switch."""

from __future__ import annotations

from collections.abc import Callable

from test_window_sizes import visible_labels
from tui_helpers import settle

from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.panes import PANES


async def test_every_tab_stays_on_screen_when_the_terminal_narrows(
    make_app: Callable[..., SmartPickApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        for width, height in ((60, 20), (50, 20), (80, 24)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert len(visible_labels(app)) == len(PANES)  # each whole and within the width

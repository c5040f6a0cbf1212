"""Toasts never hide the tab bar: at 60×20 "Updated from another SmartPick session" covered
tabs 4–8 (the toast rack was docked over the top lines)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Tabs
from textual.widgets._toast import Toast
from tui_helpers import settle

from smartpick_tui.tui.app import SmartPickApp


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_a_toast_leaves_the_tab_bar_and_its_underline_visible(
    make_app: Callable[..., SmartPickApp], size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        app.notify("Updated from another SmartPick session.")
        app.notify("A second, longer message that wraps over more than one line of the toast.")
        await settle(pilot)
        tabs = app.query_one("#tabs").query_one(Tabs)
        bar = tabs.region  # the labels and the underline below them
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            region = toast.region
            assert region.height > 0
            assert not region.overlaps(bar), (region, bar)
            assert region.y >= bar.bottom

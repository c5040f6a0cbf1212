"""Found by the 5,000-key monkey (tests/hardening/test_monkey.py::test_monkey_5000, seed
20261125, 40x15, after ... 'shift+tab', 'up', 'pageup' on the Drafts tab): `OptionList._move_page`
indexes `_index_to_line` without the KeyError guard its `scroll_to_highlight` has, and that map is
empty while the list has no content region (zero height: a Select overlay with no room, or not
laid out yet). pageup/pagedown then crashed the app with KeyError. `tui/textual_fixes.py`
guards it; this test reproduces the crash on a bare OptionList and fails without the guard.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import OptionList

from smartpick_tui.tui import textual_fixes


class ZeroHeightList(App[None]):
    CSS = "OptionList { height: 0; border: none; }"

    def compose(self) -> ComposeResult:
        yield OptionList(*[f"option {i}" for i in range(100)])


async def test_page_keys_on_an_option_list_without_room() -> None:
    textual_fixes.apply()  # the guard under test
    app = ZeroHeightList()
    async with app.run_test(size=(40, 15)) as pilot:
        options = app.query_one(OptionList)
        options.focus()
        options.highlighted = 10
        await pilot.press("pageup", "pagedown")
        assert app.is_running

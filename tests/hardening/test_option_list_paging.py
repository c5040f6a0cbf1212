"""Found by the 5,000-key monkey (tests/hardening/test_monkey.py::test_monkey_5000, seed
20261125, 40x15, after ... 'shift+tab', 'up', 'pageup' on the Drafts tab): `OptionList._move_page`
indexes `_index_to_line` without the KeyError guard its `scroll_to_highlight` has, and that map is
empty while the list has no content region (zero height: a Select overlay with no room, or not
laid out yet). pageup/pagedown then crash the app with KeyError. Reproduced here on a bare
OptionList; strict xfail, so this fails once Textual (or an app-side guard) fixes it.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList


class ZeroHeightList(App[None]):
    CSS = "OptionList { height: 0; border: none; }"

    def compose(self) -> ComposeResult:
        yield OptionList(*[f"option {i}" for i in range(100)])


@pytest.mark.xfail(strict=True, raises=KeyError, reason="Textual 8.2.8 OptionList._move_page KeyError")
async def test_page_keys_on_an_option_list_without_room() -> None:
    app = ZeroHeightList()
    async with app.run_test(size=(40, 15)) as pilot:
        options = app.query_one(OptionList)
        options.focus()
        options.highlighted = 10
        await pilot.press("pageup", "pagedown")
        assert app.is_running

"""Guards for Textual 8.2.x bugs that crash the app; each names the bug and its test.

Applied once, on import of the app. Remove a guard when the pinned Textual fixes the bug: its
test in tests/hardening keeps passing either way.
"""

from __future__ import annotations

from textual.widgets import OptionList

_move_page = OptionList._move_page


def _move_page_guarded(self: OptionList, direction: int) -> None:
    """pageup/pagedown on an OptionList that has no content region yet (a Select dropdown
    with no room at 40x15) raised KeyError from `_index_to_line`, which is empty until the
    list is laid out; found by the monkey test (tests/hardening/test_option_list_paging.py)."""
    if (self.highlighted or 0) not in self._index_to_line:
        return
    _move_page(self, direction)  # type: ignore[arg-type]


OptionList._move_page = _move_page_guarded  # type: ignore[method-assign]

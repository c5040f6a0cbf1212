"""Guards for Textual 8.2.x bugs that crash the app; each names the bug and its test.

Applied once, on import of the app. Remove a guard when the pinned Textual fixes the bug: its
test in tests/hardening keeps passing either way.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser
from textual.widgets import Input, OptionList

_move_page = OptionList._move_page


def _move_page_guarded(self: OptionList, direction: int) -> None:
    """pageup/pagedown on an OptionList that has no content region yet (a Select dropdown
    with no room at 40x15) raised KeyError from `_index_to_line`, which is empty until the
    list is laid out; found by the monkey test (tests/hardening/test_option_list_paging.py)."""
    if (self.highlighted or 0) not in self._index_to_line:
        return
    _move_page(self, direction)  # type: ignore[arg-type]


OptionList._move_page = _move_page_guarded  # type: ignore[method-assign]


_input_on_key = Input._on_key


async def _input_on_key_inline(self: Input, event: events.Key) -> None:
    """Run an Input's own bound keys (backspace, ctrl+u, arrows, enter...) when their event
    arrives, not after it bubbled back up through the app: over a slow SSH link several keys
    come in one read, and Textual 8.2 ran "backspace" after the "9" typed behind it, saving the
    wrong value (Textual #6605; tests/hardening/test_typeahead.py). App priority bindings are
    checked before a key reaches the focused widget, so they still win."""
    if not event.is_printable:
        bindings = self._bindings.key_to_bindings.get(event.key, ())
        if bindings:
            event.stop()
            event.prevent_default()
            await self.run_action(bindings[0].action)
            return
    await _input_on_key(self, event)


Input._on_key = _input_on_key_inline  # type: ignore[method-assign]


_sequence_to_key_events = XTermParser._sequence_to_key_events


def _escape_then_key(self: XTermParser, sequence: str, alt: bool = False) -> Iterable[events.Key]:
    """ESC and a character in one read (typed quickly, or held back by tmux's `escape-time`,
    500 ms by default) is the escape key, then that key — as when typed slowly. Textual 8.2
    read it as alt+<letter> (so "Esc j j" in the search typed "jj") and dropped the ESC before
    punctuation (so "Esc ?" typed "?"): issue item 4; tests/hardening/test_pty_keys.py. alt+digit
    (the tab keys) is a whole sequence of its own and does not come through here."""
    if alt and len(sequence) == 1:
        yield events.Key("escape", "\x1b")
        alt = False
    yield from _sequence_to_key_events(self, sequence, alt)


XTermParser._sequence_to_key_events = _escape_then_key  # type: ignore[method-assign]

"""Guards for Textual 8.2.8 bugs that crash the app or misread keys; each names the bug and its
test. `apply()` installs them, once, when the app starts (`SmartPickApp.__init__`), after
checking that every private target still exists: a Textual upgrade that moved one is a clear
`TextualMismatch` at start-up, not a silent no-op or an AttributeError mid-session.

The pin (`textual==8.2.8` in pyproject.toml) and these guards move together. Remove a guard when
the pinned Textual fixes its bug: its test in tests/hardening keeps passing either way. The Input
type-ahead fix is not a patch: it is the app's own `TextInput` subclass (widgets/text_input.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import textual
from textual import events
from textual._xterm_parser import XTermParser
from textual.widgets import Input, OptionList

PINNED = "8.2.8"


class TextualMismatch(RuntimeError):
    """The installed Textual lacks a private target the guards need (upgraded past the pin)."""


def _require(owner: type, name: str, why: str) -> Callable[..., Any]:
    target = owner.__dict__.get(name)
    if not callable(target):
        raise TextualMismatch(
            f"textual {textual.__version__} has no {owner.__name__}.{name} (needed for {why}); "
            f"SmartPick is tested with textual=={PINNED}: reinstall it with pip install 'textual=={PINNED}'"
        )
    return target


def _guard_option_list_paging(move_page: Callable[..., Any]) -> None:
    """pageup/pagedown on an OptionList that has no content region yet (a Select dropdown with no
    room at 40x15) raised KeyError from `_index_to_line`, which is empty until the list is laid
    out; found by the monkey test (tests/hardening/test_option_list_paging.py)."""

    def move_page_guarded(self: OptionList, direction: int) -> None:
        if (self.highlighted or 0) not in self._index_to_line:
            return
        move_page(self, direction)

    OptionList._move_page = move_page_guarded  # type: ignore[method-assign]


def _guard_escape_then_key(to_key_events: Callable[..., Any]) -> None:
    """ESC and a character in one read (typed quickly, or held back by tmux's `escape-time`,
    500 ms by default) is the escape key, then that key — as when typed slowly. Textual 8.2 read
    it as alt+<letter> (so "Esc j j" in the search typed "jj") and dropped the ESC before
    punctuation (so "Esc ?" typed "?"); tests/hardening/test_pty_keys.py. alt+digit (the tab
    keys) is a whole sequence of its own and does not come through here."""

    def escape_then_key(self: XTermParser, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if alt and len(sequence) == 1:
            yield events.Key("escape", "\x1b")
            alt = False
        yield from to_key_events(self, sequence, alt)

    XTermParser._sequence_to_key_events = escape_then_key  # type: ignore[method-assign]


_applied = False


def apply() -> None:
    """Install every guard once; TextualMismatch (before anything is patched) if a target is gone."""
    global _applied
    if _applied:
        return
    _require(Input, "_on_key", "TextInput's type-ahead fix")  # the subclass extends it
    move_page = _require(OptionList, "_move_page", "the OptionList paging guard")
    to_key_events = _require(XTermParser, "_sequence_to_key_events", "the Esc-then-key guard")
    _guard_option_list_paging(move_page)
    _guard_escape_then_key(to_key_events)
    _applied = True

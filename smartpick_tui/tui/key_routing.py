"""Which key goes where before Textual's own dispatch: alt+digit as xterm-style terminals send
it, and keys that move the focus run the moment they are read (so keys typed ahead follow the
new focus). Textual's private tables it needs are reached through `textual_fixes`, checked
against the pin at start-up; this module holds the rules, the app calls them from `on_event`."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from smartpick_tui.tui import textual_fixes
from smartpick_tui.tui.panes import PANES

# actions that move the focus: run as soon as their key is read (`focus_binding`)
FOCUS_ACTIONS = frozenset(
    {
        "show_pane",
        "focus_search",
        "leave",
        "submit_and_leave",
        "leave_field",
        "app.focus_next",  # tab / shift+tab (Textual's Screen bindings)
        "app.focus_previous",
    }
)


def esc_digit_key(digit: str) -> str | None:
    """The key name that alt+digit arrives as from xterm-style terminals (tmux, most SSH
    clients): they send ESC 4, which Textual reads as the macOS Option character "¢"
    ("cent_sign"). Terminals speaking the kitty protocol report "alt+4" instead. None when
    Textual's tables do not map it (alt+digit still works in kitty terminals)."""
    return textual_fixes.escape_sequence_key(f"\x1b{digit}")


def esc_digit_panes() -> dict[str, str]:
    """ESC+digit key name -> pane id, for every tab whose digit Textual maps."""
    return {key: pane_id for key, pane_id in ((esc_digit_key(p.KEY), p.PANE_ID) for p in PANES) if key}


def focus_binding(screen: Screen[Any], key: str) -> tuple[DOMNode, Binding] | None:
    """The binding that would win for `key` (the first one up the focus chain), with its
    namespace, if it moves the focus and is not a priority binding (those Textual runs first
    anyway). Textual hands each key to the widget focused when the key is read, and a binding
    runs later, when that widget gets to it: "/kern" typed ahead sent "kern" to the list as
    four shortcuts, "Esc ?" typed the "?" into the search. The app runs what this returns at
    once, so the keys after it go to the widget it focused."""
    found = [
        (namespace, binding)
        for namespace, bindings in textual_fixes.binding_chain(screen)
        for binding in bindings.key_to_bindings.get(key, ())
    ]
    if not found or any(binding.priority for _, binding in found):
        return None
    namespace, binding = found[0]
    if binding.action.partition("(")[0] not in FOCUS_ACTIONS:
        return None
    return namespace, binding

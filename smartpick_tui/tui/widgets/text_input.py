"""The app's one-line text field: Textual's `Input` with its own keys run when they arrive.

Over a slow SSH link several keys come in one read, and Textual 8.2 ran an Input's bound keys
(backspace, ctrl+u, arrows, enter…) after the printable keys queued behind them — it let the
key bubble up through the app first — so "backspace 9" saved "29" for "2" (Textual #6605, fix
proposed in PR #6631; tests/hardening/test_typeahead.py fails without this class). App priority
bindings are checked before a key reaches the focused widget, so they still win.

Every text field of the app is a `TextInput` (or a subclass: `SearchInput`, `ProfileInput`),
so the fix applies to them and to no other Input. It replaces Input's private key handler and
reads the widget's private bindings table, so it lives in `textual_fixes.keys_first_input`
(checked against the pin before the app starts); this class only opts in.
"""

from __future__ import annotations

from textual.widgets import Input

from smartpick_tui.tui import textual_fixes


@textual_fixes.keys_first_input
class TextInput(Input):
    """An Input whose bound keys run when they arrive, before the keys typed after them."""

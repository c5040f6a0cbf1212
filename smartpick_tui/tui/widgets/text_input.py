"""The app's one-line text field: Textual's `Input` with its own keys run when they arrive.

Over a slow SSH link several keys come in one read, and Textual 8.2 ran an Input's bound keys
(backspace, ctrl+u, arrows, enter…) after the printable keys queued behind them — it let the
key bubble up through the app first — so "backspace 9" saved "29" for "2" (Textual #6605, fix
proposed in PR #6631; tests/hardening/test_typeahead.py fails without this class). App priority
bindings are checked before a key reaches the focused widget, so they still win.

Every text field of the app is a `TextInput` (or a subclass: `SearchInput`, `ProfileInput`),
so the fix applies to them and to no other Input. It reads the widget's bindings table
(`_bindings`, private), which is why `textual` is pinned exactly in pyproject.toml and
`textual_fixes.apply()` checks the attribute exists before the app starts.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TextInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Input's own handler (next in the MRO) types it
        bindings = self._bindings.key_to_bindings.get(event.key, ())
        if bindings:
            event.stop()
            event.prevent_default()  # Input's handler does not see it a second time
            await self.run_action(bindings[0].action)

"""The search field of a tab with a list: one keyboard model for every tab that searches.

The model (from a new user's walk of every tab): the list has the focus when the tab is shown, so single-key
shortcuts (`j`, `x`, `?`) work at once; `/` focuses the search (the pane binds it; the `/` is
not typed into the query); `enter`, `down` and `escape` hand the focus back to the list, the
query kept. Typed letters go into the field only while it has the focus.

A pane adopts it (see `ProgramsPane`) by yielding `SearchInput(results="#its-list", ...)`,
binding `/` to an action named `focus_search` that calls `focus_now(search)`, and focusing the
list in `focus_main`. The results widget is looked up from the field's own ancestors, so two
tabs may each have one. Keys bound to `focus_search`, `leave` and `submit_and_leave` run as
soon as they are read (`key_routing.FOCUS_ACTIONS`), so keys typed ahead follow the new focus.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widget import Widget

from smartpick_tui.tui import textual_fixes
from smartpick_tui.tui.widgets.text_input import TextInput


def focus_now(widget: Widget | None) -> None:
    """Move the focus before the next key is handled. `Widget.focus` is deferred behind the
    keys already queued, so with typeahead ("/kern", "Esc ?" arriving in one read) the keys
    after a focus change went to the old widget: "kern" to the list as shortcuts."""
    if widget is None:
        return
    try:
        widget.screen.set_focus(widget)
    except NoScreen:  # not mounted (yet): nothing to focus
        pass


@textual_fixes.fixed_size_input
class SearchInput(TextInput):
    """A one-line search field that returns the focus to its results list.

    `enter` still posts `Input.Submitted` (a pane may act on it) before the focus moves.

    Textual's Input re-lays out the whole screen on every keystroke (its `virtual_size` is a
    layout reactive); this one has a fixed size (1fr wide, one line), so it tells only its own
    scrolling (`textual_fixes.fixed_size_input`)."""

    BINDINGS = [
        Binding("escape", "leave", "Back to the list", show=False, id="search.leave"),
        Binding("down", "leave", "Back to the list", show=False, id="search.leave_down"),
        Binding("enter", "submit_and_leave", "Search, back to the list", show=False, id="search.submit"),
    ]

    def __init__(
        self, *, results: str, placeholder: str = "", id: str | None = None, compact: bool = True
    ) -> None:
        super().__init__(placeholder=placeholder, compact=compact, id=id)
        self.results = results

    def results_widget(self) -> Widget | None:
        """The list this field searches: the nearest ancestor's match for `results`."""
        node = self.parent
        while isinstance(node, Widget):
            try:
                return node.query_one(self.results)
            except NoMatches:
                node = node.parent
        return None

    def action_leave(self) -> None:
        """Focus the list now, not after the queued keys (`Widget.focus` is deferred): with
        "Esc ?" in one read, the "?" must reach the list's screen, not this field."""
        target = self.results_widget()
        # nothing to go to: leave the field anyway, so single-key shortcuts work
        self.screen.set_focus(target if target is not None and target.focusable else None)

    async def action_submit_and_leave(self) -> None:
        await self.action_submit()
        self.action_leave()

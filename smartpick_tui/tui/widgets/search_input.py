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

from collections.abc import Callable

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
    scrolling (`textual_fixes.fixed_size_input`).

    `on_text(text)` (optional) is called with the field's text after a key changes it, inside
    the field's own handling of its messages rather than from an `Input.Changed` handler: the
    field is drawn only once its messages are done, so the result of the search goes out in the
    same frame as the key. From a `Changed` handler (a message hop to the pane) the field went
    out first and the result waited for Textual's next frame (the screen draws at most every
    1/60 s): 35-50 ms a key where the search itself took a few (issue 26, keys26e). The call is
    queued behind the keys already waiting for the field, so keys typed ahead are one search
    for the text they leave (coalesced), and never an older text."""

    BINDINGS = [
        Binding("escape", "leave", "Back to the list", show=False, id="search.leave"),
        Binding("down", "leave", "Back to the list", show=False, id="search.leave_down"),
        Binding("enter", "submit_and_leave", "Search, back to the list", show=False, id="search.submit"),
    ]

    def __init__(
        self,
        *,
        results: str,
        placeholder: str = "",
        id: str | None = None,
        compact: bool = True,
        on_text: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(placeholder=placeholder, compact=compact, id=id)
        self.results = results
        self.on_text = on_text
        self._text_pending = False  # a call of `on_text` is queued behind the waiting keys
        self._report_root: Widget | None = None  # the field's and its results' nearest ancestor

    def watch_value(self, value: str) -> None:
        if self.on_text is not None and not self._text_pending:
            self._text_pending = True
            self.call_later(self._text_changed)

    def _text_changed(self) -> None:
        self._text_pending = False
        if self.on_text is not None:
            self.on_text(self.value)
            report_refreshes(self._results_ancestor())

    def _results_ancestor(self) -> Widget:
        """The nearest ancestor holding both the field and its results (the pane): what a
        search redraws lies within it, so only its widgets are asked (the whole screen was
        ~130 widgets a key with every tab built)."""
        if self._report_root is None or not self._report_root.is_attached:
            results = self.results_widget()
            node = self.parent
            while isinstance(node, Widget) and results is not None and node not in results.ancestors:
                node = node.parent
            self._report_root = node if isinstance(node, Widget) and results is not None else self.screen
        return self._report_root

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


def report_refreshes(root: Widget) -> None:
    """Tell the screen now which of `root` and its widgets changed, as each widget would at its
    next idle (`textual_fixes.report_refresh`).

    A widget reports its `refresh()` to the screen only once its own message queue is empty,
    and the screen draws as soon as it is idle: after a search, the field reported first and
    was drawn alone, and the list, status line and detail (refreshed in the same call) waited
    for the next frame, at least 1/60 s later. Reported here, in the order of the tree and
    before the field's own report, they are all in the key's one frame (the scrollbar of a
    list too: it was a second frame a key, ~1.3 ms of CPU)."""
    for widget in root.walk_children(Widget, with_self=True):
        if widget.is_attached:
            textual_fixes.report_refresh(widget)
            # a list's scrollbar (not a child in the tree) follows its new length in the same
            # frame, not in a frame of its own just after
            if widget.show_vertical_scrollbar:
                textual_fixes.report_refresh(widget.vertical_scrollbar)

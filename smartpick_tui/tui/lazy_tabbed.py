"""Tabs whose containers are built when first shown: every tab in the bar from the start, but a
tab's `TabPane` only once the tab is activated (or asked for, `holder`).

Textual's `TabbedContent` builds a `TabPane` for every tab it has: the first screen had eight
hidden ones (each styled and registered, a tenth of its Python calls, issue 26), on top of the
panes themselves being composed on first visit (`SmartPickApp._ensure_pane`). Here the bar's
`ContentTab`s are made from the titles given, and the content switcher holds the panes composed
so far; a tab activated from the bar (a click) or by `active` gets its `TabPane` first, so
`TabbedContent` always finds the pane it switches to.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import ContentSwitcher, TabbedContent, TabPane, Tabs
from textual.widgets.tabbed_content import ContentTab, ContentTabs


class LazyTabbedContent(TabbedContent):
    """A `TabbedContent` with a tab for each of `titles` (pane id -> label) and a `TabPane` for
    each tab composed inside it (the first screen's) or activated since."""

    def __init__(self, titles: Mapping[str, str], **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._titles = dict(titles)
        self._composed: list[Widget] = []

    def compose_add_child(self, widget: Widget) -> None:
        """A `TabPane` composed inside this one (`with LazyTabbedContent(...): with TabPane`)."""
        self._composed.append(widget)

    def compose(self) -> ComposeResult:
        tabs = [ContentTab(label, pane_id) for pane_id, label in self._titles.items()]
        yield ContentTabs(*tabs, tabbed_content=self)
        with ContentSwitcher():
            yield from self._composed

    def holder(self, pane_id: str) -> TabPane:
        """The tab's `TabPane`, mounted now (hidden) if the tab has none yet."""
        switcher = self.get_child_by_type(ContentSwitcher)
        for child in switcher.children:
            if child.id == pane_id and isinstance(child, TabPane):
                return child
        pane = TabPane(self._titles.get(pane_id, pane_id), id=pane_id)
        pane.display = False
        switcher.mount(pane)  # in the DOM now (`mount` registers it at once); mounted later
        return pane

    def validate_active(self, active: str) -> str:
        """Before `TabbedContent` switches to a tab set by `active`: its pane exists."""
        if active and active in self._titles and self.is_mounted:
            self.holder(active)
        return active

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        """Before `TabbedContent`'s own handler (a subclass's runs first): a tab of this bar
        activated (clicked) gets its pane."""
        tabs = event.tabs
        if isinstance(tabs, ContentTabs) and tabs.tabbed_content is self and event.tab.id:
            self.holder(ContentTab.sans_prefix(event.tab.id))

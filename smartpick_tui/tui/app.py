"""SmartPickApp: tabs over one `State`, saved on every change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, TabbedContent, TabPane

from smartpick_tui.core.profile import Profile
from smartpick_tui.store import State, StoreError, open_state
from smartpick_tui.tui.panes import PANES
from smartpick_tui.tui.panes.base import Pane

DISK_POLL_S = 1.0


class SmartPickApp(App[None]):
    TITLE = "SmartPick"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding(pane.KEY, f"show_pane('{pane.PANE_ID}')", pane.TITLE, show=False)
        for pane in PANES
    ]

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.state: State = open_state(db_path)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            for pane in PANES:
                with TabPane(f"{pane.KEY} {pane.TITLE}", id=f"tab-{pane.PANE_ID}"):
                    yield pane(id=pane.PANE_ID)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_panes()
        self.set_interval(DISK_POLL_S, self._poll_disk)

    @property
    def profile(self) -> Profile:
        return self.state.profile()

    def action_show_pane(self, pane_id: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{pane_id}"

    def save(self, change: Callable[[State], object], done: str | None = None) -> bool:
        """Apply one change durably; on failure say it was NOT saved and keep the screen as is."""
        try:
            change(self.state)
        except (StoreError, ValueError) as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8, markup=False)
            return False
        if done:
            self.notify(done, markup=False)
        self.refresh_panes()
        return True

    def refresh_panes(self) -> None:
        for pane in self.query(Pane):
            pane.refresh_from_state()

    def _poll_disk(self) -> None:
        if self.state.changed_on_disk():
            self.state.mark_seen()
            self.refresh_panes()
            self.notify("Updated from another SmartPick session.")

    def on_unmount(self) -> None:
        self.state.close()

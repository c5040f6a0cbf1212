"""What every tab of the app is: a container that redraws itself from the store on demand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar, NamedTuple, cast

from textual import events, on
from textual.containers import Container

if TYPE_CHECKING:
    from smartpick_tui.tui.app import SmartPickApp


class PaneCommand(NamedTuple):
    """One command-palette entry offered by a pane ("Add away rotation").

    The app shows the pane before running `callback`, so a callback may assume its pane is
    visible (e.g. it can focus a widget or open a form about the highlighted row)."""

    title: str
    help: str
    callback: Callable[[], object]


class Pane(Container):
    """A tab. `refresh_from_state` is called after every change to the state, local or from
    another session, so a pane never caches what the store knows. The visible pane is
    refreshed at once; a hidden one just before it is shown (so typing in the profile does not
    redraw eight tabs per keystroke)."""

    PANE_ID: ClassVar[str]
    TITLE: ClassVar[str]
    KEY: ClassVar[str]  # the digit that jumps to this tab (alt+digit works from text fields too)

    @property
    def smartpick(self) -> SmartPickApp:
        # a string, so no pane imports the app at runtime (import-linter forbids tui.panes -> tui.app)
        return cast("SmartPickApp", self.app)

    def today(self) -> date:
        """The one injectable "today" (tests pass a fixed date to `SmartPickApp`)."""
        return self.smartpick.today()

    @on(events.Mount)
    def _announce_arrival(self) -> None:
        """Composed on its tab's first visit: the app fills and focuses it once it is laid out
        (`SmartPickApp.pane_arrived`). Runs beside a subclass's own `on_mount`."""
        arrived = getattr(self.app, "pane_arrived", None)  # None in a test's own host app
        if arrived is not None:
            self.call_after_refresh(arrived, self)

    def refresh_from_state(self) -> None:
        """Re-read what this pane shows from `self.smartpick.state`."""

    def flush(self) -> bool:
        """Save what the pane holds back (typed text waiting for a pause); the app calls it
        before quitting. False when saving asked the user something first (another session
        changed the same field): the pane's question ends the quit once answered."""
        return True

    def commands(self) -> list[PaneCommand]:
        """Palette entries this pane offers; the app's palette provider collects them."""
        return []

    def focus_main(self) -> None:
        """Put the focus on the pane's main widget when the tab is shown (first focusable
        child by default), so the pane's keys work at once."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

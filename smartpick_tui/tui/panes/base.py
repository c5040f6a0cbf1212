"""What every tab of the app is: a container that redraws itself from the store on demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, NamedTuple, cast

from textual.containers import Container

if TYPE_CHECKING:
    from smartpick_tui.tui.app import SmartPickApp


class PaneCommand(NamedTuple):
    """One command-palette entry offered by a pane ("Add away rotation")."""

    title: str
    help: str
    callback: Callable[[], object]


class Pane(Container):
    """A tab. `refresh_from_state` is called after every change to the state, local or from
    another session, so a pane never caches what the store knows."""

    PANE_ID: ClassVar[str]
    TITLE: ClassVar[str]
    KEY: ClassVar[str]  # the digit that jumps to this tab

    @property
    def smartpick(self) -> "SmartPickApp":
        from smartpick_tui.tui.app import SmartPickApp

        return cast(SmartPickApp, self.app)

    def refresh_from_state(self) -> None:
        """Re-read what this pane shows from `self.smartpick.state`."""

    def commands(self) -> list[PaneCommand]:
        """Palette entries this pane offers; the app's palette provider collects them."""
        return []

"""The command palette's SmartPick entries: every app and pane action by name.

The commands themselves come from `SmartPickApp.palette_commands()` (app-wide ones plus each
pane's `Pane.commands()`), so a pane adds palette entries without touching this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from smartpick_tui.tui.app import SmartPickApp
    from smartpick_tui.tui.panes.base import PaneCommand


class SmartPickCommands(Provider):
    """Offers "Go to Plan", "Add away rotation", "Mark letter uploaded", ... in ctrl+p."""

    def _commands(self) -> list[PaneCommand]:
        return list(cast("SmartPickApp", self.app).palette_commands())

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback, help=command.help)

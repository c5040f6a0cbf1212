"""The command palette's SmartPick entries: every app and pane action by name.

The commands themselves come from `SmartPickApp.palette_commands()` (app-wide ones plus each
pane's `Pane.commands()`), so a pane adds palette entries without touching this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from smartpick_tui.tui.app import SmartPickApp
    from smartpick_tui.tui.panes.base import PaneCommand

# A title's words: "Draft: Pre-rank letter" has "draft", "pre-rank", "letter" (a hyphenated
# word is one word, so "rank" is not a word of it).
_WORDS = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def word_tier(query: str, title: str) -> int:
    """How well the words typed name a command, above the fuzzy score (0–1) Textual gives:
    3 the title starts with them, as whole words ("rank" → "Rank order list"); 2 each is a
    whole word of the title; 1 each starts a word; 0 only a fuzzy match. Typing "rank" listed
    "Draft: Pre-rank letter" above "Rank order list" on the fuzzy score alone."""
    typed = _WORDS.findall(query.lower())
    words = _WORDS.findall(title.lower())
    if not typed:
        return 0
    if words[: len(typed)] == typed:
        return 3
    if all(word in words for word in typed):
        return 2
    if all(any(w.startswith(word) for w in words) for word in typed):
        return 1
    return 0


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
                score += word_tier(query, command.title)
                yield Hit(score, matcher.highlight(command.title), command.callback, help=command.help)

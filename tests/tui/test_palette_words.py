"""The palette lists first the commands whose title holds the words typed: "rank" listed
"Draft: Pre-rank letter" above "Rank order list" (Textual's fuzzy score alone)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandList
from tui_helpers import SMALL, settle

from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.commands import word_tier


@pytest.mark.parametrize(
    ("query", "title", "tier"),
    [
        ("rank", "Rank order list", 3),
        ("rank", "Draft: Pre-rank letter", 0),
        ("letter", "Draft: Pre-rank letter", 2),
        ("pre-rank", "Draft: Pre-rank letter", 2),
        ("ord", "Rank order list", 1),
        ("rol", "Rank order list", 0),
        ("", "Rank order list", 0),
    ],
)
def test_word_tiers(query: str, title: str, tier: int) -> None:
    assert word_tier(query, title) == tier


@pytest.mark.parametrize(
    ("query", "first"),
    [("rank", "Rank order list"), ("rank order", "Rank order list"), ("pre-rank", "Draft: Pre-rank letter")],
)
async def test_the_palette_lists_the_command_named_by_the_words_first(
    make_app: Callable[..., SmartPickApp], query: str, first: str
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *query)
        await settle(pilot)
        listing = app.screen.query_one(CommandList)
        top = str(listing.get_option_at_index(0).prompt)
        assert top.startswith(first), top

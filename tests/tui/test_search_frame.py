"""A key typed into the Programs search is answered in the key's own frame (issue 26): the field,
the list and the status line are drawn together. The search ran from an `Input.Changed`
handler, a message hop after the field had been drawn, so the result waited for Textual's next
frame (at most 60 a second): 35-50 ms a key where the search took a few. Keys typed ahead are
one search for the text they leave."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from textual.screen import Screen
from textual.widgets import Input
from tui_helpers import SMALL, settle

from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.panes.programs import ProgramsPane

pytestmark = pytest.mark.serial  # keys posted in bursts: see pyproject's markers


async def test_the_typed_key_and_its_result_are_drawn_in_one_frame(
    make_app: Callable[..., SmartPickApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    frames: list[set[str]] = []  # the ids of the widgets each frame draws
    draw = Screen._on_timer_update

    def recording(screen: Screen[object]) -> None:
        frames.append({widget.id or "" for widget in screen._dirty_widgets})
        draw(screen)

    monkeypatch.setattr(Screen, "_on_timer_update", recording)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2", "c", "slash")
        await settle(pilot)
        assert app.focused is app.query_one("#program-search", Input)
        for char in "bos":
            frames.clear()
            await pilot.press(char)
            await settle(pilot)
            with_field = [frame for frame in frames if "program-search" in frame]
            assert with_field, frames
            # the first frame that shows the typed key shows its result too
            assert {"program-list", "program-status"} <= with_field[0], frames
        assert '"bos"' in str(app.query_one("#program-status").render())


async def test_keys_typed_ahead_are_one_search_for_the_text_they_leave(
    make_app: Callable[..., SmartPickApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash")
        await settle(pilot)
        search = app.query_one("#program-search", Input)
        searched: list[str] = []
        answer = search.on_text  # type: ignore[attr-defined]
        assert answer is not None

        def recording(text: str) -> None:
            searched.append(text)
            answer(text)

        search.on_text = recording  # type: ignore[attr-defined]
        text = "cleveland clinic"
        for char in text:  # one read: every key posted before any is handled
            app.post_message(events.Key("space" if char == " " else char, char))
        await settle(pilot)
        assert search.value == text and app.query_one(ProgramsPane).filters.text == text
        assert searched[-1] == text
        assert len(searched) < len(text)  # coalesced, not one search a key
        # never an older text after a newer one
        assert all(text.startswith(done) for done in searched)
        assert [len(done) for done in searched] == sorted(len(done) for done in searched)


async def test_the_lists_scrollbar_follows_the_hit_count_in_the_keys_own_frame(
    make_app: Callable[..., SmartPickApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scrollbar is no child in the tree: its new thumb (a new hit count) was drawn in a
    frame of its own after the key's frame, a second frame on every key."""
    frames: list[set[str]] = []  # the kinds of widget each frame draws
    draw = Screen._on_timer_update

    def recording(screen: Screen[object]) -> None:
        frames.append({type(widget).__name__ for widget in screen._dirty_widgets})
        draw(screen)

    monkeypatch.setattr(Screen, "_on_timer_update", recording)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2", "c", "slash")
        await settle(pilot)
        for char in "bos":  # each key changes the hit count
            frames.clear()
            await pilot.press(char)
            await settle(pilot)
            drawn = [frame for frame in frames if frame]
            with_field = [i for i, frame in enumerate(drawn) if "SearchInput" in frame]
            assert with_field, drawn
            assert "ScrollBar" in drawn[with_field[0]], drawn
            assert not any("ScrollBar" in frame for frame in drawn[with_field[0] + 1 :]), drawn

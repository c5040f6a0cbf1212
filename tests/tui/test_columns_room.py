"""80 columns for what matters (issue 24 item 9): a column that repeats a filter disappears and
name columns take the room; at 60×20 the SmartPick header keeps its interview target."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.geometry import Region
from textual.widget import Widget
from tui_helpers import SMALL, settle

from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.widgets.record_table import RecordTable

LONG = "Baylor Scott & White Medical Center - Temple (Internal Medicine Residency)"


def lines(widget: Widget) -> list[str]:
    """What the widget draws, line by line (as the terminal shows it)."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text for strip in widget.render_lines(region)]


async def test_programs_drops_the_specialty_column_while_a_specialty_is_filtered(
    make_app: Callable[..., SmartPickApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        headings = lines(app.query_one("#program-headings"))[0]
        assert "Specialty" not in headings  # the list opens on the profile's specialty
        program_width = len(headings.split("Program")[1]) - len(headings.split("Place")[1])
        assert program_width >= 40
        await pilot.press("f")  # every specialty: the column comes back
        await settle(pilot)
        assert "Specialty" in lines(app.query_one("#program-headings"))[0]


@pytest.mark.parametrize(("size", "at_least"), [((80, 24), 26), ((160, 40), 100)])
async def test_the_interviews_program_column_takes_the_room(
    make_app: Callable[..., SmartPickApp], db, size: tuple[int, int], at_least: int
) -> None:
    app = make_app()
    with open_state(db) as state:
        state.upsert_interview(Interview(LONG, status=InterviewStatus.COMPLETED).validated())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        table = app.query_one("#interviews-table", RecordTable)
        width = table.columns["Program"].width  # type: ignore[index]
        assert width >= at_least
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= size[0]
        if size[0] >= 160:
            assert any(LONG in line for line in lines(table))


async def test_the_smartpick_header_keeps_its_target_at_60x20(make_app: Callable[..., SmartPickApp]) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        shown = lines(app.query_one("#sp-summary"))
        assert len(shown) == 3
        assert "Match chance" in shown[1] and "target " in shown[1], shown

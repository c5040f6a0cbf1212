"""How the Programs list draws its rows while a query is typed (issue 26, keys26f).

- Its scrollbar is always there: a search whose hits no longer fill the list (or fill it
  again) used to hide (or show) it, which moved every column by the scrollbar's width under
  the user's eyes and re-laid out the whole screen on that key (two layouts, the slowest keys).
- A row drawn for a search is drawn again as it was when a later key lists the same program
  (most of "medic"'s first rows are "medi"'s), but never once the program's row may say
  something else (a mark, a class, new fits).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.widgets import Input
from tui_helpers import SMALL, settle
from waiting import wait_until

from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.widgets.program_list import ProgramList, ProgramListHeadings, RowView


class Rows:
    """Rows whose flags a test changes, as marks change a program's row."""

    def __init__(self) -> None:
        self.flags: dict[int, str] = {}

    def row_view(self, key: int) -> RowView:
        return RowView(self.flags.get(key, ""), "", f"Program {key}", f"P{key}", "Boston, MA", "IM", "")


class ListApp(App[None]):
    def __init__(self, rows: Rows) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        program_list = ProgramList(self.rows, id="list")
        yield ProgramListHeadings(program_list)
        yield program_list


def line(program_list: ProgramList, y: int) -> str:
    return program_list.render_line(y).text


async def test_the_columns_hold_still_when_the_hits_no_longer_fill_the_list() -> None:
    app = ListApp(Rows())
    async with app.run_test(size=(80, 24)) as pilot:
        program_list = app.query_one(ProgramList)
        headings = app.query_one(ProgramListHeadings)
        program_list.set_rows(list(range(500)))
        await pilot.pause()
        width = program_list.scrollable_content_region.width
        heading = headings.render_line(0).text
        for rows in ([3], [], list(range(500))):  # fewer rows than lines, none, many again
            program_list.set_rows(rows)
            await pilot.pause()
            assert program_list.scrollable_content_region.width == width, rows
            assert headings.render_line(0).text == heading, rows


async def test_a_row_is_drawn_anew_once_its_program_may_say_something_else() -> None:
    rows = Rows()
    app = ListApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        program_list = app.query_one(ProgramList)
        program_list.set_rows(list(range(50)))
        await pilot.pause()
        assert line(program_list, 1).startswith("    ")  # no flags
        rows.flags[1] = "A"
        # a search listing the same programs: only the listing changed, as the caller says
        program_list.set_rows(list(range(50)), same_programs=True)
        assert line(program_list, 1).startswith("    ")
        program_list.refresh_rows()  # the marks changed
        assert line(program_list, 1).startswith("A   ")
        rows.flags[1] = "AW"
        program_list.set_rows(list(range(50)))  # new fits, a new catalog: anything may differ
        assert line(program_list, 1).startswith("AW  ")


async def test_a_program_marked_after_a_search_shows_its_mark_in_the_next_one(
    make_app: Callable[..., SmartPickApp],
) -> None:
    """Through the pane: search, mark the highlighted program, search again: its row says so."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2", "c", "slash", *"boston")
        await settle(pilot)
        program_list = app.query_one(ProgramList)
        key = program_list.highlighted_key
        assert key is not None and not line(program_list, 0).startswith("A")
        await pilot.press("escape", "a")  # back to the list, mark to apply
        await wait_until(pilot, lambda: line(program_list, 0).startswith("A"), "the row shows A")
        await pilot.press("slash", "end", "backspace")  # "bosto": the same program first
        await wait_until(
            pilot, lambda: app.query_one("#program-search", Input).value == "bosto", "'bosto' searched"
        )
        await settle(pilot)
        row = list(program_list.rows).index(key)
        assert line(program_list, row - round(program_list.scroll_y)).startswith("A")

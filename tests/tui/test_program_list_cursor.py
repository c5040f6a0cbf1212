"""The Programs list's cursor across new rows (a search, a filter): it stays on its program when
that program is among the first `KEEP_WITHIN` rows, else it starts at the top. Looking further
meant ranking every hit of a search on each key (issue 26), and the view jumping to row 1,500
as a query is typed helps no one."""

from __future__ import annotations

from textual.app import App, ComposeResult

from smartpick_tui.tui.widgets.program_list import KEEP_WITHIN, ProgramList, RowView


class Rows:
    def row_view(self, key: int) -> RowView:
        return RowView("", "", f"Program {key}", f"P{key}", "Boston, MA", "Internal Med", "")


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ProgramList(Rows(), id="list")


async def test_the_cursor_keeps_its_program_only_among_the_first_rows() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        program_list = app.query_one(ProgramList)
        rows = list(range(3000))
        program_list.set_rows(rows)
        program_list.cursor = 40
        await pilot.pause()
        reordered = [5, *range(6000, 6010), *rows]  # program 40 now on row 51
        program_list.set_rows(reordered)
        assert program_list.highlighted_key == 40 and program_list.cursor == 51
        program_list.cursor = KEEP_WITHIN + 200
        kept = program_list.highlighted_key
        program_list.set_rows([7, *reordered])  # one row further down, past the first rows
        assert program_list.cursor == 0 and program_list.highlighted_key == 7
        assert kept is not None and kept in reordered
        program_list.set_rows(rows, keep_key=False)
        assert program_list.cursor == 0

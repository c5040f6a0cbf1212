"""Issue 14 item 10: the cursor row and the focused field are unmistakable in every theme the
app offers, dark and light, in truecolor and in 256 colours; toasts keep off the content.

Measured on what the real app draws: the rendered cells (`render_lines`) of the Aways table and
of the away form, in Pilot, for three themes (`DRAWN`: the default, the worst before the fix, a
light one); each colour is taken as is and as a 256-colour terminal shows it
(`tui.contrast.in_256`, Rich's rounding). Every other theme is checked on its variables
(tests/tui/test_contrast.py): restyling the whole app once per theme cost ~70 s of the suite. Before the fix:
textual-dark's cursor row without focus was colour 23 on 234 (2.3:1), solarized-dark's cursor
row with focus 1.9:1, a focused compact field 5% lighter than an unfocused one."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets._toast import Toast
from tui_helpers import SMALL, settle
from waiting import wait_until

from smartpick_tui.core.trackers import Away
from smartpick_tui.store import open_state
from smartpick_tui.tui.contrast import BLURRED_MIN, FOCUSED_MIN, contrast, in_256

ROWS = 5
DRAWN = ("textual-dark", "solarized-dark", "catppuccin-latte")


def cells(widget: Widget, y: int) -> list[Segment]:
    """The rendered segments of one line of `widget`, one per character."""
    (line,) = widget.render_lines(Region(0, y, widget.outer_size.width, 1))
    return [Segment(char, segment.style) for segment in line for char in segment.text]


def color(style: Style | None, background: bool) -> Color:
    assert style is not None
    rich = style.bgcolor if background else style.color
    assert rich is not None and rich.triplet is not None, style
    return Color(*rich.triplet)


def ratios(a: Color, b: Color) -> tuple[float, float]:
    """(truecolor, 256 colours)."""
    return contrast(a, b), contrast(in_256(a), in_256(b))


def row_background(widget: Widget, y: int) -> Color:
    return color(cells(widget, y)[2].style, background=True)


async def test_cursor_row_and_focused_field_contrast_in_every_theme(make_app, db):
    app = make_app()
    with open_state(db) as state:
        for i in range(ROWS):
            state.upsert_away(Away(f"Away {i}"))
    measured = []
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        table = app.query_one("#aways-table")
        themes = DRAWN
        assert set(themes) <= set(app.available_themes)
        for theme in themes:
            app.theme = theme
            table.focus()
            await pilot.pause()
            ansi = theme.startswith("ansi")
            cursor = cells(table, 1)[2].style  # line 0 is the header; the cursor is on row 1
            assert cursor is not None and cursor.bold, theme
            if ansi:  # the terminal's own palette: reverse shows on every one
                assert cursor.reverse, theme
                continue
            for other in range(2, 2 + min(ROWS - 1, 2)):  # an odd and an even (zebra) row
                worst = min(ratios(row_background(table, 1), row_background(table, other)))
                measured.append((theme, "focused", worst))
                assert worst >= FOCUSED_MIN, (theme, "cursor row with focus", worst)
            app.screen.set_focus(None)
            await pilot.pause()
            for other in (2, 3):
                worst = min(ratios(row_background(table, 1), row_background(table, other)))
                assert worst >= BLURRED_MIN, (theme, "cursor row without focus", worst)

        table.focus()
        await pilot.press("a", *"Zeta", "enter")  # the picker, then the form
        await settle(pilot)
        form = app.screen
        for theme in themes:
            if theme.startswith("ansi"):
                continue
            app.theme = theme
            await pilot.pause()
            focused = form.query_one("#field-program_name")
            assert focused.has_focus
            edge_on = cells(focused, 0)[0]
            edge_off = cells(form.query_one("#field-start"), 0)[0]
            assert edge_on.text == edge_off.text == "▌"  # the same width: nothing moves on focus
            on, off = color(edge_on.style, False), color(edge_off.style, False)
            dialog = color(edge_on.style, background=True)
            assert min(ratios(on, off)) >= FOCUSED_MIN, (theme, "focused vs unfocused edge")
            assert min(ratios(on, dialog)) >= FOCUSED_MIN, (theme, "focused edge vs the dialog")
    assert {theme for theme, _, _ in measured} == set(DRAWN)  # every drawn theme was measured


async def test_programs_list_cursor_row_contrast_in_every_theme(make_app):
    """The Programs list draws its own rows: its cursor style went under the cells' own
    background (234 on 234 in 256 colours) until it was applied over them."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2")
        pane = app.query_one("#programs")
        await wait_until(
            pilot, lambda: pane.index is not None, "pane.index is not None"
        )  # the catalog loads in a worker thread
        await settle(pilot)
        listing = app.query_one("ProgramList")
        assert listing.has_focus and listing.cursor == 0
        for theme in DRAWN:
            app.theme = theme
            await pilot.pause()
            cursor_cells, other_cells = cells(listing, 0), cells(listing, 1)
            if theme.startswith("ansi"):
                assert cursor_cells[5].style is not None and cursor_cells[5].style.reverse, theme
                continue
            for x in (5, 12, 30):  # class, name and place columns
                cursor, other = color(cursor_cells[x].style, True), color(other_cells[x].style, True)
                assert min(ratios(cursor, other)) >= FOCUSED_MIN, (theme, x)


def toast_cells(app) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    width, height = app.size
    return {
        (x, y)
        for y in range(height)
        for x in range(width)
        if isinstance(app.screen.get_widget_at(x, y)[0], Toast)
        or type(app.screen.get_widget_at(x, y)[0]).__name__ == "ToastHolder"
    }


def inside(region: Region) -> set[tuple[int, int]]:
    return {(x, y) for y in range(region.y, region.bottom) for x in range(region.x, region.right)}


async def test_toasts_keep_off_the_details_pane_and_one_at_a_time_over_a_dialog(make_app):
    app = make_app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        for i in range(4):
            app.notify(f"message {i}: " + "several words of a long message " * 3, markup=False)
        await wait_until(pilot, lambda: len(app.screen.query(Toast)) == 4, "four toasts drawn")
        shown = toast_cells(app)
        assert shown, "the toasts are drawn"
        assert not shown & inside(app.query_one("#sp-detail").region)
        # below the tab bar and its underline (issue 24 item 12), over the summary's top, no lower
        assert min(y for _, y in shown) >= 2 and max(y for _, y in shown) < 6

        await pilot.press("5", "a", *"Zeta", "enter")
        await settle(pilot)
        for i in range(3):
            app.notify(f"over the form {i}", markup=False)
        await wait_until(pilot, lambda: len(app.screen.query(Toast)) >= 1, "a toast over the form")
        assert len(app.screen.query(Toast)) == 1  # the newest only
        assert not toast_cells(app) & inside(app.screen.query_one(".dialog").region)

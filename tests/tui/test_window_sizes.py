"""Issue 14 item 11: small and large windows, 60x20 to 200x60, in the real app (Pilot).

Before the fix: at 60x20 the tab bar was cut (`ams 3 SmartPick …`, tab 8 hidden; the nine
"N Title" labels need 91 columns), the Profile diagnosis was 16 columns wide, the Place
drop-down wrapped its entries, and the SmartPick program column stayed 46 wide at 120."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select, Tabs
from textual.widgets._select import SelectOverlay
from textual.widgets.data_table import ColumnKey
from tui_helpers import settle
from waiting import wait_until

from smartpick_tui.tui.panes import PANES
from smartpick_tui.tui.tab_labels import tab_labels

SIZES = [(60, 20), (80, 24), (120, 40), (200, 60)]
DIAGNOSIS_MIN = 36  # columns: a diagnosis line ("Programs to apply: 40-60 (§3)") reads whole


def visible_labels(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """pane id -> the label text the tab bar shows, asserting each tab is whole on screen."""
    width = app.size.width
    shown = {}
    for tab in app.query_one(Tabs).query("Tab"):
        assert tab.region.width > 0 and tab.region.right <= width, (tab.label_text, tab.region)
        assert tab.region.width >= len(tab.label_text)  # not cut inside its own box
        shown[(tab.id or "").removeprefix("--content-tab-tab-")] = tab.label_text
    return shown


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_tab_reachable_and_the_active_one_whole(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for pane in PANES:
            await pilot.press(pane.KEY)
            await pilot.pause()
            shown = visible_labels(app)
            assert len(shown) == len(PANES)
            assert shown[pane.PANE_ID] == f"{pane.KEY} {pane.TITLE}"  # the active one whole
            for other in PANES:  # every key on screen, at the start of its label
                assert shown[other.PANE_ID].split()[0] == other.KEY
            if size[0] >= 91:
                assert all(shown[p.PANE_ID] == f"{p.KEY} {p.TITLE}" for p in PANES)


def test_tab_labels_fit_every_width_from_30_columns():
    for width in range(30, 201):
        for pane in PANES:
            labels = tab_labels(pane.PANE_ID, width)
            assert sum(len(label) + 1 for label in labels.values()) <= width, (width, labels)
            assert labels[pane.PANE_ID] == f"{pane.KEY} {pane.TITLE}"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_profile_diagnosis_has_room(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        diagnosis = app.query_one("#diagnosis-scroll").region
        form = app.query_one("#profile-form").region
        assert diagnosis.width >= DIAGNOSIS_MIN, diagnosis
        assert diagnosis.height >= 5 and form.height >= 5
        if size[0] < 80:  # stacked: the diagnosis below the form, the whole width
            assert diagnosis.y >= form.bottom and diagnosis.width == size[0]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_place_drop_down_keeps_one_line_per_entry(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        place = app.query_one("#filter-place", Select)
        place.focus()
        place.expanded = True
        overlay = place.query_one(SelectOverlay)
        await wait_until(pilot, lambda: overlay.display and overlay.option_count > 0, "the drop-down open")
        assert overlay.virtual_size.height == overlay.option_count  # no entry wraps
        assert overlay.region.right <= size[0]  # and it stays on screen


async def test_smartpick_program_column_grows_with_the_window(make_app):
    widths = []
    for size in SIZES:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            table = app.query_one("#sp-picks", DataTable)
            assert table.row_count > 0
            name = table.columns[ColumnKey("name")].width
            used = sum(c.get_render_width(table) for c in table.columns.values())
            assert used >= table.size.width - 2, (size, used, table.size.width)  # the room is used
            widths.append(name)
            await pilot.resize_terminal(size[0] + 20, size[1])  # and follows a resize
            wider = name + 20
            await wait_until(
                pilot,
                lambda table=table, wider=wider: table.columns[ColumnKey("name")].width == wider,
                "the column widened",
            )
    assert widths == sorted(widths) and len(set(widths)) == len(widths), widths
    assert widths[2] >= 80  # at 120 columns (46 before)

"""Tabs are built when first shown (issue 26: all nine were imported and composed at start-up,
224 widgets against 18 in a bare app): what the app holds at start, what a first visit builds,
and the palette commands of a tab not shown yet."""

import subprocess
import sys

from textual import events
from textual.widgets import Input, TabbedContent
from tui_helpers import SMALL, settle

from smartpick_tui.tui.panes import PANES
from smartpick_tui.tui.panes.base import Pane


async def until(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds: a pane built on a first visit, and the keys
    held for it, arrive a few refreshes after the keys (bounded, not timed)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app did not get there")


def test_each_spec_names_its_class_as_the_class_names_itself():
    for spec in PANES:
        pane = spec.load()
        assert (pane.PANE_ID, pane.TITLE, pane.KEY) == (spec.PANE_ID, spec.TITLE, spec.KEY)
    assert [spec.KEY for spec in PANES] == sorted(spec.KEY for spec in PANES)


def test_the_app_module_imports_no_other_tab_nor_the_drafts_engine():
    code = (
        "import sys, smartpick_tui.tui.app\n"
        "print(' '.join(m for m in sys.modules if m.startswith(('smartpick_tui.tui.panes.', "
        "'smartpick_tui.drafts', 'jinja2'))))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert loaded <= {"smartpick_tui.tui.panes.base"}, loaded


async def test_only_the_first_tab_is_built_until_another_is_shown(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert [pane.id for pane in app.query(Pane)] == [PANES[0].PANE_ID]
        await pilot.press("4")
        await settle(pilot)
        assert {pane.id for pane in app.query(Pane)} == {PANES[0].PANE_ID, "plan"}
        assert app.query_one(TabbedContent).active == "tab-plan"
        assert app.focused is not None and app.focused in app.query_one("#plan").query("*")


async def test_tab_keys_in_a_row_end_on_the_last_tab_focused(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2", "3", "5")  # typed ahead: the panes arrive after the keys
        await until(pilot, lambda: app.query("#aways") and not app._composing and not app._held_keys)
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "tab-aways"
        assert app.focused is not None and app.focused in app.query_one("#aways").query("*")


async def test_a_palette_command_of_a_tab_not_shown_runs_on_its_new_pane(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        commands = {command.title: command for command in app.palette_commands()}
        assert "Change program sort" in commands and "Add away rotation" in commands
        assert not app.query("#programs")
        commands["Change program sort"].callback()
        await settle(pilot)
        programs = app.query_one("#programs")
        assert programs.filters.sort.value == "name"  # fit → name: it ran once, on this pane
        assert app.query_one(TabbedContent).active == "tab-programs"


async def test_keys_typed_while_a_tab_is_built_reach_it_in_order(make_app):
    """ "2/bo" typed in one burst: the Programs tab is built after "2" is read, and "/bo" must
    still focus its search and type into it (not be lost while nothing had the focus)."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for key, character in (("2", "2"), ("slash", "/"), ("b", "b"), ("o", "o")):
            app.post_message(events.Key(key, character))  # all queued before any is handled
        await until(pilot, lambda: app.query("#programs") and not app._composing and not app._held_keys)
        await settle(pilot)
        search = app.query_one("#program-search", Input)
        assert search.value == "bo" and app.focused is search


async def test_narrow_windows_restyle_the_panes_not_the_screen(make_app):
    """Under 80 columns the Profile tab stacks (app.tcss `.-narrow`); the class is on the panes,
    so a start-up or a resize never restyles the whole screen."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        profile = app.query_one("#profile")
        assert not profile.has_class("-narrow") and not app.screen.has_class("-narrow")
        assert str(app.query_one("#profile-columns").styles.layout) == "<horizontal>"
        await pilot.resize_terminal(70, 24)
        await until(pilot, lambda: profile.has_class("-narrow"))
        await pilot.pause()
        assert str(app.query_one("#profile-columns").styles.layout) == "<vertical>"
        assert not app.screen.has_class("-narrow")
        await pilot.press("2")
        await until(pilot, lambda: bool(app.query("#programs")))
        assert app.query_one("#programs").has_class("-narrow")  # a tab built later too


async def test_the_palette_opens_the_help_with_every_tab_built(make_app):
    from smartpick_tui.tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        [command] = [c for c in app.palette_commands() if c.title == "Show keys and help"]
        command.callback()
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert {pane.id for pane in app.query(Pane)} == {spec.PANE_ID for spec in PANES}

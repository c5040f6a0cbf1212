"""The keyboard model from a new user's walk (focus, search, the same keys in every table),
through the real app (Pilot) on the shipped catalog and a real TinyDB file.

One model for every tab with a search: the list has the focus on arrival, `/` focuses the
search without typing a `/`, enter / down / escape go back to the list. The same row keys
(j/k) in every table. Exclude on the SmartPick tab says which program and undoes in place (u).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input
from tui_helpers import settle
from waiting import wait_until

from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.screens.help import HelpScreen
from smartpick_tui.tui.widgets.program_list import ProgramList
from smartpick_tui.tui.widgets.search_input import SearchInput

EM = Profile(step2=250, specialty="emergency-medicine")


def app_on(db: Path, profile: Profile | None) -> SmartPickApp:
    if profile is not None:
        with open_state(db) as state:
            state.set_profile(profile)
    app = SmartPickApp(db)
    app.animation_level = "none"
    return app


async def programs_tab(pilot) -> ProgramList:  # type: ignore[no-untyped-def]
    await pilot.press("2")
    pane = pilot.app.query_one("#programs")
    await wait_until(pilot, lambda: pane.index is not None, "pane.index is not None")
    await settle(pilot)
    return pane.query_one(ProgramList)


def search(app: SmartPickApp) -> Input:
    return app.query_one("#program-search", Input)


# --- A: the Programs tab opens at its top, best fit highlighted --------------------------------


async def test_programs_open_at_the_best_fit_after_the_profile_is_entered(tmp_path: Path) -> None:
    """Issue item 3: a new user enters the profile, then opens Programs: the list was scrolled
    to the bottom with the worst fit highlighted (the row that was first under the empty
    profile kept the cursor through the re-class)."""
    db = tmp_path / "s.json"
    app = app_on(db, None)  # a fresh state: no score yet
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_show_pane("programs")  # seen once under the empty profile (the focus is in
        await settle(pilot)  # the Step 2 CK field, where "2" is typed), then left
        pane = app.query_one("#programs")
        await wait_until(
            pilot, lambda: pane.index is not None, "pane.index is not None"
        )  # the catalog loads in the background behind the Profile tab
        await settle(pilot)
        app.action_show_pane("profile")
        await settle(pilot)
        app.save(lambda state: state.set_profile(Profile(step2=230, specialty="emergency-medicine")))
        await settle(pilot)
        program_list = await programs_tab(pilot)
        await settle(pilot)
        rows = program_list.rows
        assert pane.filters.sort.value == "fit" and len(rows) > 50
        assert program_list.cursor == 0 and program_list.scroll_y == 0
        chances = [pane.index.fits[i].p_interview for i in rows]
        assert chances == sorted(chances, reverse=True)
        assert program_list.highlighted_key == rows[0]
        assert chances[0] > chances[-1]  # not a tie: the top row is the best fit


# --- B: focus model ---------------------------------------------------------------------------


async def test_the_list_has_the_focus_on_arrival_and_slash_searches(tmp_path: Path) -> None:
    app = app_on(tmp_path / "s.json", EM)
    async with app.run_test(size=(80, 24)) as pilot:
        program_list = await programs_tab(pilot)
        assert app.focused is program_list
        await pilot.press("j", "j")  # shortcuts work at once: the cursor moved, nothing typed
        assert program_list.cursor == 2 and search(app).value == ""
        await pilot.press("slash")
        assert app.focused is search(app)
        assert search(app).value == ""  # the '/' is not typed into the query
        await pilot.press(*"kern")
        await pilot.pause()
        assert search(app).value == "kern"
        assert len(program_list.rows) < 20


async def test_escape_down_and_enter_return_to_the_list(tmp_path: Path) -> None:
    app = app_on(tmp_path / "s.json", EM)
    async with app.run_test(size=(80, 24)) as pilot:
        program_list = await programs_tab(pilot)
        for leave in ("escape", "down", "enter"):
            await pilot.press("slash", *"med")
            assert app.focused is search(app)
            await pilot.press(leave)
            await pilot.pause()
            assert app.focused is program_list, leave
            assert search(app).value == "med"  # the query is kept
        # "Esc ?" opens the help instead of typing '?'; "Esc j j" moves instead of searching "jj"
        await pilot.press("slash", "escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        before = program_list.cursor
        await pilot.press("slash", "escape", "j", "j")
        await pilot.pause()
        assert search(app).value == "med" and program_list.cursor == before + 2


async def test_escape_leaves_any_tab_text_field_for_the_tab_main_widget(tmp_path: Path) -> None:
    """The help says escape leaves a text field: true for a field that is not a search too
    (the Drafts program search, until it adopts SearchInput)."""
    app = app_on(tmp_path / "s.json", EM)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("8")
        await settle(pilot)
        app.query_one("#draft-search", Input).focus()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.focused, Input)
        await pilot.press("question_mark")
        for _ in range(500):  # the help first builds the tabs not shown yet, to read their keys
            if isinstance(app.screen, HelpScreen):
                break
            await pilot.pause(0.01)
        assert isinstance(app.screen, HelpScreen)


async def test_search_input_with_nothing_to_return_to_leaves_the_field(tmp_path: Path) -> None:
    """SearchInput looks its results list up among its ancestors; none found: focus none."""
    from textual.app import App, ComposeResult

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield SearchInput(results="#nowhere", id="s")

    app = Bare()
    async with app.run_test() as pilot:
        app.query_one("#s").focus()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is None


# --- C: the same row keys in every table; exclude undoes in place -------------------------------


async def test_j_k_move_in_the_smartpick_table_and_x_excludes_that_row(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    app = app_on(db, EM)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.query_one("#sp-picks", DataTable)
        assert app.focused is table and table.row_count > 5
        await pilot.press("j", "j", "j", "k")
        assert table.cursor_row == 2
        target = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        shown_name = str(table.get_row(target)[2]).rstrip("…")
        with open_state(db) as state:
            state.patch_mark(target, apply=True)
        await pilot.press("x")
        await settle(pilot)
        with open_state(db, readonly=True) as state:
            mark = state.mark(target)
        assert mark.exclude and not mark.apply
        ids = [str(row.key.value) for row in table.ordered_rows]
        assert target not in ids
        said = [n.message for n in app._notifications]
        assert any(m.startswith(f"Excluded {shown_name}") and "(u undoes it)" in m for m in said)

        await pilot.press("u")  # undo in place, with the 'apply' the exclusion took away
        await settle(pilot)
        with open_state(db, readonly=True) as state:
            mark = state.mark(target)
        assert not mark.exclude and mark.apply
        assert target in [str(row.key.value) for row in table.ordered_rows]
        await pilot.press("u")  # nothing left to undo: said, nothing changed
        await settle(pilot)
        assert any(n.message.startswith("Nothing to undo") for n in app._notifications)


async def test_every_table_moves_with_j_and_k(tmp_path: Path) -> None:
    """Same keys in every table: the tracker tables, the SmartPick views and Programs."""
    from smartpick_tui.core.rules import LetterKind
    from smartpick_tui.core.trackers import Letter

    db = tmp_path / "s.json"
    with open_state(db) as state:
        state.set_profile(EM)
        for n in range(3):
            state.upsert_letter(Letter(f"Dr {n}", LetterKind.HOME_INDIVIDUAL, id=f"l{n}"))
    app = app_on(db, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        letters = app.focused
        assert isinstance(letters, DataTable) and letters.row_count == 3
        await pilot.press("j", "j", "k")
        assert letters.cursor_row == 1
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("v")  # the away candidates view
        await settle(pilot)
        aways = app.query_one("#sp-aways", DataTable)
        assert app.focused is aways and aways.row_count > 2
        await pilot.press("j", "j")
        assert aways.cursor_row == 2


async def test_programs_exclude_says_how_to_undo_it_in_place(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    app = app_on(db, EM)
    async with app.run_test(size=(80, 24)) as pilot:
        program_list = await programs_tab(pilot)
        await pilot.press("j", "x")
        await settle(pilot)
        program = app.query_one("#programs").highlighted_program()
        assert program is not None and program_list.cursor == 1
        with open_state(db, readonly=True) as state:
            assert state.mark(program.id).exclude
        assert any(
            n.message.startswith("Excluded on: ") and n.message.endswith("(x again undoes it)")
            for n in app._notifications
        )
        await pilot.press("x")  # in place: the row stays listed (greyed), x toggles it back
        await settle(pilot)
        with open_state(db, readonly=True) as state:
            assert not state.mark(program.id).exclude


async def test_help_lists_the_new_keys_where_they_apply(tmp_path: Path) -> None:
    """The help is built from the live bindings: the search's way back, the SmartPick undo,
    and the shared row keys shown as keys ("↓ / j"), not as "down,j"."""
    app = app_on(tmp_path / "s.json", EM)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").content)
        programs = text.split("2 Programs", 1)[1].split("3 SmartPick", 1)[0]
        smartpick = text.split("3 SmartPick", 1)[1].split("4 Plan", 1)[0]
        assert "esc / ↓" in programs and "Back to the list" in programs
        assert "↓ / j" in programs and "↓ / j" in smartpick and "down,j" not in text
        assert "Undo exclude" in smartpick
        assert "/ goes to the search" in text

"""App shell: tab keys, help, palette, theme persistence, and what happens when the file is bad."""

import pytest
from textual._xterm_parser import XTermParser
from textual.widgets import Input, TabbedContent
from tui_helpers import SMALL, settle, text_of
from waiting import wait_until

from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.panes import PANES

WANTED_COMMANDS = (
    "Add away rotation",
    "Mark letter uploaded",
    "Go to Plan",
    "Toggle dark theme",
    "Log an email sent",
    "Mark next plan step done",
    "Edit Step 2 CK score",
)


def active(app) -> str:
    return app.query_one(TabbedContent).active


async def test_digits_switch_tabs_but_type_into_text_fields(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for pane in PANES:  # alt+digit from anywhere, whatever a pane focuses on arrival
            await pilot.press(f"alt+{pane.KEY}")
            assert active(app) == f"tab-{pane.PANE_ID}"
        for key, pane_id in (
            ("1", "profile"),
            ("4", "plan"),
            ("5", "aways"),
            ("6", "letters"),
            ("7", "outreach"),
            ("4", "plan"),
            ("1", "profile"),
        ):
            await pilot.press(key)  # these panes land on a list or select, never a text field
            assert active(app) == f"tab-{pane_id}"
        await pilot.press("1")
        step2 = app.query_one("#pf-step2", Input)
        step2.focus()
        await pilot.press("end", "4", "question_mark")  # focus selects the text; end keeps it
        assert active(app) == "tab-profile" and step2.value == "2524?"
        assert type(app.screen).__name__ != "HelpScreen"
        await pilot.press("alt+4")  # works from inside the field, types nothing
        assert active(app) == "tab-plan" and step2.value == "2524?"


async def test_alt_digit_as_xterm_and_tmux_send_it(make_app):
    """ESC 5 (alt+5 in tmux and most SSH clients) reaches Textual as "∞": still a tab key."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        step2 = app.query_one("#pf-step2", Input)
        step2.focus()
        for digit, pane_id in (("5", "aways"), ("1", "profile"), ("7", "outreach")):
            [key] = list(XTermParser().feed(f"\x1b{digit}"))
            await pilot.press(key.key)
            assert active(app) == f"tab-{pane_id}"
        assert step2.value == "252"


async def test_tab_keys_do_nothing_behind_a_form(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("5", "a", *"Zeta", "enter")  # the catalog picker: the typed text
        await settle(pilot)
        await pilot.press("tab")  # focus on the status select, not a text field
        await pilot.press("4", "alt+6")
        assert active(app) == "tab-aways" and type(app.screen).__name__ == "RecordForm"
        await pilot.press("escape")


async def test_help_lists_every_pane_key(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        shown = text_of(app.screen.query_one("#help-text"))
        for expected in (
            "alt+1 … alt+9",
            "ctrl+p",
            "Done/undone",
            "Letter asked",
            "Uploaded",
            "Move up",
            "9 Interviews",
            "Season timeline",
            "Delete",
            "4 Plan",
            "5 Aways",
            "6 Letters",
            "7 Outreach",
            "enter (or e) edits",
        ):
            assert expected in shown, expected
        await pilot.press("escape")
        assert type(app.screen).__name__ != "HelpScreen"


async def test_palette_offers_the_named_actions(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.palette_commands()]
        for title in WANTED_COMMANDS:
            assert title in titles, title
        assert len(titles) == len(set(titles)), "duplicate palette titles"
        # through the real palette: the typed name runs the action
        await pilot.press("ctrl+p", *"Add away rotation")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # adding an away starts with the catalog picker (as on the Interviews tab)
        assert active(app) == "tab-aways" and type(app.screen).__name__ == "ProgramPicker"


async def test_every_palette_command_runs_at_80x24(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        # seed one row per tracker so row commands act on something
        await pilot.press("5", "a", *"Zeta", "enter")
        await settle(pilot)
        await pilot.press("enter", "6", "a", *"Dr A", "enter", "7", "a", *"Yale", "enter")
        await settle(pilot)
        count = 0
        for command in list(app.palette_commands()):
            command.callback()
            await pilot.pause()
            for _ in range(5):  # close whatever the command opened (bounded: a crash must fail, not hang)
                if len(app.screen_stack) == 1:
                    break
                await pilot.press("escape")
            assert len(app.screen_stack) == 1, f"{command.title} left a screen open"
            count += 1
        await settle(pilot)
        assert count >= len(WANTED_COMMANDS)
    assert app.return_code in (None, 0)


async def test_theme_choice_persists(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        dark = app.current_theme.dark
        [toggle] = [c for c in app.palette_commands() if c.title == "Toggle dark theme"]
        toggle.callback()
        await settle(pilot)
        chosen = app.theme
        assert app.current_theme.dark is not dark
    with open_state(db) as state:
        assert state.settings().theme == chosen
    again = make_app(seeded=False)
    async with again.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert again.theme == chosen


async def test_unusable_path_is_a_message_not_a_traceback(tmp_path):
    app = SmartPickApp(tmp_path)  # a directory, not a file
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        message = text_of(app.query_one("#open-error"))
        assert "is a directory" in message and "ctrl+q" in message
        await pilot.press("1", "question_mark", "ctrl+p", "escape")


async def test_corrupt_file_is_recovered_and_said(make_app, db):
    db.write_text('{"profile": {"1": {"step2": 25', encoding="utf-8")  # ours, cut short
    app = SmartPickApp(db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert app.state.recovery_message and app.state.recovery_message in messages


async def test_file_broken_mid_session_keeps_what_the_user_saw(make_app, db):
    """Truncated while the app is open: the session's state is written back and said plainly
    (it used to restore the start-of-session backup and say 'Updated from another session')."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for i in range(5):
            app.save(lambda state, i=i: state.set_mark(ProgramMark(f"tick-{i}", apply=True)))
        db.write_bytes(db.read_bytes()[:7])
        app._poll_disk()
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("nothing was lost" in m for m in messages), messages
    with open_state(db, readonly=True) as state:
        assert {f"tick-{i}" for i in range(5)} <= set(state.marks())


@pytest.mark.parametrize("tab", ["1", "5"])
async def test_state_file_unreadable_mid_session_is_said_once_and_the_app_keeps_running(make_app, db, tab):
    """The state path turns into a directory (unreadable as a file) while the app runs: one
    clear message, no crash, on the Profile and the Aways tab alike."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(tab)
        await settle(pilot)
        db.unlink()
        db.mkdir()
        for _ in range(3):
            app._poll_disk()
            await settle(pilot)
        errors = [str(n.message) for n in app._notifications if "Could not read" in str(n.message)]
        assert len(errors) == 1 and str(db) in errors[0]
        assert app.is_running
        await pilot.press("4")
        await settle(pilot)
        assert app.is_running


async def test_change_from_another_session_is_picked_up(make_app, db, monkeypatch):
    monkeypatch.setattr("smartpick_tui.tui.app.DISK_POLL_S", 0.05)  # the app's own poll, sooner
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("5")
        table = app.query_one("#aways-table")
        assert table.row_count == 0
        with open_state(db) as other:
            from smartpick_tui.core.trackers import Away

            other.upsert_away(Away("Elsewhere"))
        await wait_until(pilot, lambda: table.row_count == 1, "the poll showed the other session's away")

"""The Drafts tab, driven by keys at 80x24 on a real TinyDB file: copy puts the rendered text on
the app's clipboard, save writes a file, mark-as-sent logs an outreach entry durably."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from drafts_helpers import HENNEPIN, UTAH, make_profile, trackers
from textual.widgets import Select, Static, TextArea

from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.drafts.render import DraftRequest, Renderer
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports
from smartpick_tui.tui.app import SmartPickApp

TODAY = date(2026, 9, 20)
SIZE = (80, 24)
NASTY = dataclasses.replace(HENNEPIN, name="Mercy [/] [@click=app.quit]x[/] \x1b]0;PWNED\x07 Hospital")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "state.json"
    write_imports(imports_path(path), (UTAH, NASTY))
    aways, letters = trackers()
    with open_state(path) as state:
        state.set_profile(make_profile())
        state.set_mark(ProgramMark(UTAH.id, email_target=True))
        state.set_mark(ProgramMark(NASTY.id, apply=True))
        for away in aways:
            state.upsert_away(away)
        for letter in letters:
            state.upsert_letter(letter)
    return path


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_drafts(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("alt+8")
    await settle(pilot)


def expected_text(program=UTAH) -> str:  # type: ignore[no-untyped-def]
    aways, letters = trackers()
    draft = Renderer().render(
        DraftRequest(DraftKind.AWAY_REQUEST, make_profile(), program, aways, letters, today=TODAY)
    )
    return draft.text


async def test_copy_sets_the_clipboard_to_the_rendered_draft(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        editor = app.query_one("#draft-editor", TextArea)
        assert editor.text == expected_text()
        assert editor.text.startswith("Subject: ")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.clipboard == editor.text
        assert any("Sent" in str(n.message) and "OSC 52" in str(n.message) for n in app._notifications)


async def test_mark_as_sent_logs_an_outreach_entry_durably(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("ctrl+t")  # the same email twice the same day is not logged twice
        await settle(pilot)
    with open_state(db, readonly=True) as state:
        [entry] = state.outreach()
    assert (entry.program_id, entry.kind, entry.sent_on) == (
        UTAH.id,
        EmailKind.AWAY_REQUEST,
        TODAY.isoformat(),
    )
    assert entry.program_name == UTAH.name


async def test_save_writes_the_edited_text_beside_the_state_file(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        editor = app.query_one("#draft-editor", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)
        await pilot.press("enter", *"P.S. Thank you.")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = db.parent / "drafts" / f"{TODAY.isoformat()}-away-request-{UTAH.id}.txt"
        assert saved.read_text(encoding="utf-8") == editor.text
        assert editor.text.endswith("P.S. Thank you.")
        assert any(str(saved) in str(n.message) for n in app._notifications)


async def test_checks_follow_the_typing(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        checks = app.query_one("#draft-checks", Static)
        assert "✓" in str(checks.content)
        editor = app.query_one("#draft-editor", TextArea)
        editor.focus()
        editor.move_cursor((0, 0))
        await pilot.press(*"My school was unsupportive. ")
        await settle(pilot)
        assert "complaint (§7, FAQ 2)" in str(checks.content)


async def test_switching_kind_and_program_re_renders_and_untrusted_names_stay_literal(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        app.query_one("#draft-program", Select).value = NASTY.id
        await settle(pilot)
        editor = app.query_one("#draft-editor", TextArea)
        assert "Mercy [/] [@click=app.quit]x[/] ]0;PWNED Hospital" in editor.text
        assert "\x1b" not in editor.text
        app.query_one("#draft-kind", Select).value = DraftKind.PS_STEP2.value
        await settle(pilot)
        assert "Step 2 CK" in editor.text and not editor.text.startswith("Subject")
        await pilot.press("ctrl+t")  # a snippet is not sent
        await settle(pilot)
    with open_state(db, readonly=True) as state:
        assert state.outreach() == []
    assert app.return_code in (None, 0)


async def test_palette_has_the_draft_actions(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        titles = {command.title for command in app.palette_commands()}
        assert {"Copy draft", "Save draft", "Mark draft sent"} <= titles
        [copy] = [c for c in app.palette_commands() if c.title == "Copy draft"]
        copy.callback()
        await settle(pilot)
        assert app.clipboard == app.query_one("#draft-editor", TextArea).text

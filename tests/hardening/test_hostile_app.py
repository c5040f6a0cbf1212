"""Hostile text through every pane of the real app (Pilot at 80x24): no exception, the text
shows literally, and nothing from the data reaches the terminal as an escape sequence or a
live link/action. The pty variant (tests/hardening/test_pty.py) checks the real byte stream.

Narrower checks elsewhere: tests/catalog/test_catalog_pane.py (one hostile program name),
tests/tui/test_profile_pane.py (profile text).
"""

from __future__ import annotations

from pathlib import Path

from hardening_helpers import HOSTILE, TODAY, assert_clean_output, screen_lines, seed_hostile, shown
from rich.text import Text
from textual.widgets import DataTable, Input, TextArea

from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.tui.app import SmartPickApp

SHORT = [raw for raw in HOSTILE.values() if len(raw) < 100]


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table_text(table: DataTable) -> str:  # type: ignore[type-arg]
    rows = [table.get_row_at(i) for i in range(table.row_count)]
    return "\n".join(" | ".join(c.plain if isinstance(c, Text) else str(c) for c in row) for row in rows)


async def test_every_pane_shows_hostile_text_literally(db: Path) -> None:
    seed_hostile(db)
    app = SmartPickApp(db, today=lambda: TODAY)
    app.animation_level = "none"
    seen: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # 1 Profile: the text fields hold the cleaned text, shown as typed.
        text = assert_clean_output(app, "profile")
        assert app.query_one("#pf-name", Input).value == clean_line(HOSTILE["click action"])
        assert "[@click=app.quit]x[/]" in text and "]0;PWNED\\" in text and "[/; [/x]; [link=" in text
        for key in "2345678":
            await pilot.press(f"alt+{key}")
            await settle(pilot)
            seen[key] = assert_clean_output(app, f"pane {key}")
        # 2 Programs: searched by their sponsor's name, the hostile imports are the list; list
        # and detail literal.
        await pilot.press("alt+2", "slash", *"synthetic sponsor", "enter")
        await settle(pilot)
        seen["2"] = assert_clean_output(app, "pane 2, searched")
        for raw in SHORT:
            assert shown(raw, 20) in seen["2"], raw
        assert "WWWWWWWWWWWWWWWW" in seen["2"] and "notes: [/" in seen["2"]
        # 3 SmartPick: whatever it lists is literal (its table is checked cell by cell).
        picks = table_text(app.query_one("#sp-picks", DataTable))
        assert "\x1b" not in picks
        # 5-7 the trackers: every record's name, in its narrow column.
        for key, width in (("5", 28), ("6", 15), ("7", 28)):
            for raw in SHORT:
                assert shown(raw, width) in seen[key], (key, raw)
        # 8 Drafts: the draft names the hostile program and profile literally.
        draft = app.query_one("#draft-editor", TextArea).text
        assert "[@click=app.quit]x[/]" in draft and "]0;PWNED\\" in draft and "\x1b" not in draft
        assert "[@click=app.quit]x[/]" in seen["8"]

        # A form about a hostile record, and notifications naming one.
        await pilot.press("alt+5", "enter")
        await settle(pilot)
        form = assert_clean_output(app, "away form")
        assert "Edit away: [/" in form
        await pilot.press("escape", "alt+2")
        await settle(pilot)
        app.query_one("#program-list").focus()
        await pilot.press("a")  # "Apply off: <name>" as a toast
        await settle(pilot)
        toast = assert_clean_output(app, "notification")
        messages = [str(n.message) for n in app._notifications]
        assert any(m.endswith(": [/") for m in messages), messages
        assert any(line.strip().endswith("[/") for line in screen_lines(app)[-8:]), toast
        await pilot.press("a", "ctrl+p")  # the palette lists commands over hostile programs too
        await pilot.pause()
        await pilot.press(*"toggle")
        await settle(pilot)
        assert_clean_output(app, "palette")
        await pilot.press("escape")
        assert app.is_running  # "[@click=app.quit]" never became an action

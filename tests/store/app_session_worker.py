"""A real SmartPick app in its own process, driven by JSON commands (one per line on stdin);
one JSON answer per command on stdout. Not a test itself: `test_two_sessions.py` runs two of
these (or one and a CLI / browser session) on one state file and decides the interleaving.

The app is the real `SmartPickApp` (every pane, the store, the disk poll) under Textual's
headless driver; commands press keys through Pilot and wait for the app to settle, so the
parent drives time: nothing here sleeps, and the two clocks of the app are the parent's to
run — the disk poll runs only on `poll` (DISK_POLL_S set far away), and the Profile tab's
save-on-pause never comes by itself (EDIT_PAUSE_S likewise): Enter or leaving saves. Textual
redirects `sys.stdout` while an app runs, so answers are written to file descriptor 1 directly.

Commands (`op`): tab KEY · select ID (the active tracker's cursor on that record) · press KEYS
· set FIELD TEXT (a field of the open form) · type TEXT (at the end of the draft editor) ·
profile FIELD TEXT [KEYS] (focus that Profile field, clear it (end, ctrl+u), type TEXT, then press KEYS) ·
poll (the app's disk poll, now) · look [FIELD] · quit. Every answer carries `screen` (the top
screen's class) and `said` (notifications so far); `look FIELD` adds the Profile field's text
and label (its `*` / `!` mark); `profile` adds the label.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import Checkbox, Input, TextArea

import smartpick_tui.tui.app as app_module
import smartpick_tui.tui.panes.profile as profile_module
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.panes.profile import ProfilePane
from smartpick_tui.tui.panes.tracker import TrackerPane

TODAY = date(2026, 9, 20)


def answer(payload: dict[str, Any]) -> None:
    os.write(1, (json.dumps(payload) + "\n").encode())


async def settle(app: SmartPickApp, pilot: Any) -> None:
    """Every worker done and every message it posted handled (Pilot's key presses already wait
    for the screen's messages); one idle pause, not two: an answer is 20 ms of waiting at least."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def handle(app: SmartPickApp, pilot: Any, command: dict[str, Any]) -> dict[str, Any]:
    op = command["op"]
    result: dict[str, Any] = {}
    if op == "tab":
        await pilot.press(f"alt+{command['key']}")
    elif op == "select":
        pane = next(p for p in app.query(TrackerPane) if p.display and p.is_on_screen)
        keys = list(pane._records)
        pane.table.focus()
        pane.table.move_cursor(row=keys.index(command["id"]))
    elif op == "press":
        await pilot.press(*command["keys"])
    elif op == "set":
        widget = app.screen.query_one(f"#field-{command['field']}")
        if isinstance(widget, Checkbox):
            widget.value = bool(command["text"])
        else:
            assert isinstance(widget, Input)
            widget.value = command["text"]
    elif op == "type":
        area = app.query_one("#draft-editor", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*command["text"])
    elif op == "profile":
        app.query_one(f"#pf-{command['field']}", Input).focus()
        await pilot.press("end", "ctrl+u", *command["text"], *command.get("keys", []))
        result["label"] = app.query_one(ProfilePane).label(command["field"])
    elif op == "poll":
        app._poll_disk()
    elif op == "look":
        area = app.query("#draft-editor")
        result["editor"] = area.first(TextArea).text if area else None
        if "field" in command:
            result["value"] = app.query_one(f"#pf-{command['field']}", Input).value
            result["label"] = app.query_one(ProfilePane).label(command["field"])
    await settle(app, pilot)
    result["screen"] = screen_name(app)
    result["said"] = [str(n.message) for n in app._notifications]
    return result


def screen_name(app: SmartPickApp) -> str:
    """The class of the screen shown; the app's own first screen (a `Screen` subclass,
    `textual_fixes.SettledScreen`) as "Screen", the word the tests use for "no dialog open"."""
    return "Screen" if app.screen.id == "_default" else type(app.screen).__name__


async def main(db: Path) -> None:
    app_module.DISK_POLL_S = profile_module.EDIT_PAUSE_S = 3600.0  # the parent's to drive
    app = SmartPickApp(db, today=lambda: TODAY)
    app.animation_level = "none"  # the tab underline's slide is only frames to wait for
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        answer({"ready": True, "screen": screen_name(app)})
        while line := await reader.readline():
            command = json.loads(line)
            if command["op"] == "quit":
                break
            try:
                answer(await handle(app, pilot, command))
            except Exception as error:  # noqa: BLE001 - said to the parent, which fails the test
                answer({"error": f"{type(error).__name__}: {error}", "screen": screen_name(app)})
    answer({"quit": True})


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))

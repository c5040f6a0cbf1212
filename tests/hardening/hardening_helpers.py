"""Shared by the hardening tests: the hostile strings, a state full of them, and how to read
what the app would send to the terminal."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from smartpick_tui.core.catalog import encode_imports
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.core.rules import EmailKind, LetterKind, Situation
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.trackers import Away, ChecklistEntry, Letter, OutreachEntry, ProgramMark
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path

TODAY = date(2026, 3, 1)
ESC = "\x1b"

# The hostile tester's list: markup that crashes or turns live, terminal escapes, bidi marks, length.
HOSTILE: dict[str, str] = {
    "open close tag": "[/",
    "bad close tag": "[/x]",
    "live link": "[link=https://evil]x[/link]",
    "click action": "[@click=app.quit]x[/]",
    "osc title": "\x1b]0;PWNED\x1b\\",
    "clear screen": "A\x1b[2JB",
    "c1 csi": "C\x9b2JD",
    "bidi marks": "\u202eevil\u202c \u200fRTL\u200e \u05e9\u05dc\u05d5\u05dd",
    "500 chars": "W" * 250 + "[/" + "Z" * 248,
}

# What the data may never put on the terminal: the escapes themselves, and the OSC 8 of a
# live link (Rich writes "\x1b]8;" only for links, so any "\x1b]" means data became a link
# or a title). Textual's own output uses CSI sequences, never these.
FORBIDDEN_OUTPUT = ("\x1b]", "\x1b[2J", "\x1bP", "\x9b", "\x9d")


def shown(raw: str, limit: int = 24) -> str:
    """The part of a hostile string a narrow cell still shows literally (after cleaning)."""
    return clean_line(raw)[:limit]


def hostile_program(number: int, name: str, specialty: str = "emergency-medicine") -> Program:
    """A clearly synthetic program carrying a hostile name, as a hand-edited imports file has."""
    return Program(
        id=f"imp-hostile-{number:03d}",
        name=name,
        institution=f"Synthetic Sponsor {name}",
        city="Boston",
        state="MA",
        specialty=specialty,
        track=Track.CATEGORICAL,
        setting=Setting.COMMUNITY,
        source="synthetic hostile fixture",
        imported=True,
        positions=200,  # shown in the detail pane (a fact; the model does not read positions)
    )


PROFILE = Profile(
    step2=252,
    specialty="emergency-medicine",
    situation=Situation.INDIFFERENT,
    ties=("MA",),
    research=2,
)


def seed_hostile(db: Path) -> list[Program]:
    """Every kind of stored text holds a hostile string: profile, marks, aways, letters,
    outreach, checklist; and the imports file (written raw, as a user could edit it)."""
    programs = [hostile_program(i, name) for i, name in enumerate(HOSTILE.values())]
    db.parent.mkdir(parents=True, exist_ok=True)
    # Bypass the app's writer on purpose: the file is the user's, its bytes are untrusted.
    imports_path(db).write_bytes(encode_imports(programs))
    names = list(HOSTILE.values())
    with open_state(db) as state:
        state.set_profile(
            replace(
                PROFILE,
                name=names[3],
                school_name=names[4],
                red_flags=tuple(clean_line(n) for n in names[:3]),
            )
        )
        for i, raw in enumerate(names):
            state.set_mark(ProgramMark(programs[i].id, apply=True, notes=raw))
            state.upsert_away(Away(raw, start=f"2026-0{4 + i % 5}-01"))
            state.upsert_letter(Letter(raw, LetterKind.AWAY_SPECIALTY, role=raw, institution=raw))
            state.upsert_outreach(OutreachEntry(raw, EmailKind.RADAR, "2026-02-01", notes=raw))
        state.set_checklist(ChecklistEntry("flow-1", note=names[5]))
    return programs


def terminal_output(app) -> str:  # type: ignore[no-untyped-def]
    """Exactly what the app would write to the terminal for a full redraw of the current
    screen (the headless test driver writes nothing, so render it the way `App._display` does)."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def screen_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def assert_clean_output(app, where: str) -> str:  # type: ignore[no-untyped-def]
    output = terminal_output(app)
    for bad in FORBIDDEN_OUTPUT:
        assert bad not in output, f"{where}: {bad!r} reached the terminal output"
    text = "\n".join(screen_lines(app))
    assert not any(0x80 <= ord(ch) <= 0x9F or (ord(ch) < 0x20 and ch not in "\n") for ch in text), where
    return text


def free_disk(monkeypatch, errno_value: int, call: str = "replace") -> None:  # type: ignore[no-untyped-def]
    """Make the store's writes fail like a full disk / a dying disk."""

    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno_value, os.strerror(errno_value))

    monkeypatch.setattr(os, call, fail)

"""The one sanitiser (`core.sanitize`) and every door where text enters the app.

docs/pitfalls.md: escape sequences pass through every Textual widget, even with `markup=False`, so text
is cleaned when it comes in. Each door below gets every hostile string and must hand the app
text without C0 (except tab/newline), DEL or C1 — and with the printable rest intact. The CSV
cell door is also covered in tests/catalog/test_catalog_csv_import.py; template sandboxing in
tests/drafts/test_user_templates.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hardening_helpers import HOSTILE, PROFILE, hostile_program, seed_hostile
from hypothesis import given
from hypothesis import strategies as st

from smartpick_tui.cli import main
from smartpick_tui.core.catalog import decode_imports, encode_imports
from smartpick_tui.core.csv_import import parse_csv_bytes
from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.profile import Profile, parse_field
from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.sanitize import clean_line, clean_text
from smartpick_tui.core.trackers import Away, ChecklistEntry, Letter, OutreachEntry, ProgramMark
from smartpick_tui.drafts.catalog import load_templates
from smartpick_tui.drafts.render import Draft, DraftRequest, Renderer
from smartpick_tui.store import open_state
from smartpick_tui.store.transfer import parse_export

CONTROLS = (
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
)
KEPT = [
    "Ren\u00e9e M\u00fcller-\u00d8stergaard",
    "\u6771\u4eac\u5927\u5b66 \uc11c\uc6b8",
    "\U0001f3e5\U0001fa7a\u2764\ufe0f",
    "RTL \u05e9\u05dc\u05d5\u05dd \u0627\u0644\u0637\u0628",
    "tab\there",
    "line\nbreak",
]  # bidi controls: stripped


def bad(text: str) -> list[str]:
    return [ch for ch in text if ch in CONTROLS]


# --- the sanitiser --------------------------------------------------------------------------


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_is_stripped(control: str) -> None:
    assert clean_text(f"a{control}b") == "ab"
    assert clean_line(f" a{control}b ") == "ab"


@pytest.mark.parametrize("text", KEPT)
def test_printable_unicode_is_kept(text: str) -> None:
    assert clean_text(text) == text
    assert clean_line(text) == text.replace("\t", " ").replace("\n", " ")


def test_escape_sequences_lose_their_introducer_and_show_the_rest() -> None:
    assert clean_text("\x1b]0;PWNED\x1b\\") == "]0;PWNED\\"
    assert clean_text("A\x1b[2JB\x9b2JC\x07") == "A[2JB2JC"
    assert clean_line("one\r\ntwo\tthree") == "one two three"


@given(st.text())
def test_output_never_holds_a_control_and_cleaning_is_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert not bad(cleaned)
    assert clean_text(cleaned) == cleaned
    assert [ch for ch in text if ch not in CONTROLS] == list(cleaned)  # nothing else dropped
    line = clean_line(text)
    assert "\n" not in line and "\t" not in line and not bad(line)


# --- the doors ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(HOSTILE))
def test_profile_and_tracker_fields(name: str) -> None:
    raw = HOSTILE[name]
    for field in ("name", "school_name", "year"):
        value, error = parse_field(field, raw)
        assert error is None and value == clean_line(raw)[:200]
    flags, _ = parse_field("red_flags", f"{raw};{raw}")
    assert all(not bad(flag) for flag in flags)
    records = [
        ProgramMark.from_dict({"program_id": raw, "notes": raw}),
        Away.from_dict({"program_name": raw, "notes": raw}),
        Letter.from_dict(
            {
                "writer": raw,
                "kind": LetterKind.AWAY_SPECIALTY.value,
                "role": raw,
                "institution": raw,
                "notes": raw,
            }
        ),
        OutreachEntry.from_dict(
            {
                "program_name": raw,
                "kind": EmailKind.RADAR.value,
                "sent_on": "2026-02-01",
                "notes": raw,
            }
        ),
        ChecklistEntry.from_dict({"step_id": "F1", "note": raw}),
    ]
    for record in records:
        for value in record.to_dict().values():
            assert not (isinstance(value, str) and bad(value)), record


def test_csv_cells_all_hostile_strings() -> None:
    rows = "".join(f'"{raw.replace(chr(34), chr(34) * 2)}",Boston,MA,IM\n' for raw in HOSTILE.values())
    preview = parse_csv_bytes(("Program,City,State,Specialty\n" + rows).encode(), "hostile.csv")
    short = [raw for raw in HOSTILE.values() if len(raw) <= 300]
    assert sorted(p.name for p in preview.accepted) == sorted(clean_line(raw) for raw in short)
    # The 500-character name is refused with its line and reason, not cut silently.
    assert [(r.line, r.reason) for r in preview.rejected] == [
        (len(HOSTILE) + 1, "Program is longer than 300 characters")
    ]


def test_imports_file_written_by_hand() -> None:
    """`imports.json` is the user's file: an edited one is untrusted like a CSV."""
    programs = [hostile_program(i, raw) for i, raw in enumerate(HOSTILE.values())]
    for program in decode_imports(encode_imports(programs)):
        assert not any(bad(str(getattr(program, f))) for f in ("id", "name", "institution", "city", "source"))
    assert {p.name for p in decode_imports(encode_imports(programs))} == {
        clean_line(r) for r in HOSTILE.values()
    }


def test_state_file_export_and_import(db: Path, tmp_path: Path) -> None:
    """A state file with raw controls (older build, hand edit) reads clean; its export holds none;
    an export file with raw controls imports clean."""
    seed_hostile(db)
    document = json.loads(db.read_text())
    document["profile"]["1"]["name"] = HOSTILE["osc title"]
    document["aways"]["1"]["notes"] = HOSTILE["clear screen"] + HOSTILE["c1 csi"]
    db.write_text(json.dumps(document))
    with open_state(db) as state:
        assert state.profile().name == "]0;PWNED\\"
        assert all(not bad(a.notes) and not bad(a.program_name) for a in state.aways())
        text = state.export_text()
        assert not bad(text)
        hostile_export = json.loads(text)
        hostile_export["letters"][0]["notes"] = HOSTILE["osc title"]
        hostile_export["profile"]["school_name"] = HOSTILE["clear screen"]
        state.replace_all(parse_export(json.dumps(hostile_export).encode()))
    raw = db.read_bytes()
    assert b"\\u001b" not in raw and b"\\u009b" not in raw  # not even JSON-escaped on disk
    with open_state(db, readonly=True) as state:
        assert state.profile().school_name == "A[2JB"


def test_set_profile_stores_clean_text(db: Path) -> None:
    with open_state(db) as state:
        state.set_profile(replace(PROFILE, name=HOSTILE["osc title"], red_flags=(HOSTILE["c1 csi"],)))
    assert b"\\u001b" not in db.read_bytes() and b"\\u009b" not in db.read_bytes()


def test_user_template_output(isolated_dirs: Path) -> None:
    """A user template that writes escapes itself (or pulls them from data) renders clean."""
    path = isolated_dirs / "config" / "smartpick" / "templates" / "ps-step2" / "1.txt.j2"
    path.parent.mkdir(parents=True)
    path.write_text("Raw \x1b]0;PWNED\x1b\\ and \x9b2J, {{ me.name }} {{ '\\x1b[2J' }}.\n", encoding="utf-8")
    profile = Profile(step2=252, name=HOSTILE["osc title"])
    draft = Renderer(load_templates()).render(DraftRequest(DraftKind.PS_STEP2, profile, variant=1))
    assert isinstance(draft, Draft), draft
    assert not bad(draft.text) and "]0;PWNED" in draft.text and "[2J" in draft.text


def test_cli_output_of_hostile_state(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed_hostile(db)
    for argv in (
        ["profile", "show"],
        ["profile", "show", "--json"],
        ["programs", "--json"],
        ["programs", "--query", "Synthetic"],
    ):
        code = main(["--db", str(db), *argv])
        out, err = capsys.readouterr()
        assert code == 0, (argv, err)
        assert not bad(out) and not bad(err), argv
        assert "PWNED" in out or argv[0] == "profile", argv  # the hostile programs are listed


def test_bidi_controls_and_zero_width_characters_are_stripped_but_emoji_joiners_kept() -> None:
    """U+202E reversed 'Baylor' on screen and in the clipboard; zero-width characters made two
    visually identical names differ."""
    from smartpick_tui.core.sanitize import clean_line, clean_text

    assert (
        clean_line("\u202eBaylor\u202c Coll\u200b Med\u2066-Houston\u2069\ufeff") == "Baylor Coll Med-Houston"
    )
    for mark in "\u200e\u200f\u061c\u200c\u2060\u2063\u202a\u202b\u202d\u2067\u2068":
        assert clean_text(f"a{mark}b") == "ab"
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"
    assert clean_text(family) == family

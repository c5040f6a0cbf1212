"""`smartpick draft`: list, render (stdout or --out), check; errors are one-line CliErrors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run
from drafts_helpers import PROGRAMS, make_profile, trackers

from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports

NEXT_SEPTEMBER = f"{date.today().year + 1}-09-01"
PERSONA = [
    "--step2",
    "258",
    "--name",
    "Jane Doe",
    "--school-name",
    "Rocky Vista University",
    "--school",
    "us-do",
    "--ties",
    "West",
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "state.json"
    write_imports(imports_path(path), PROGRAMS)
    aways, letters = trackers()
    # the CLI dates its drafts by the real clock: the accepted away is next September
    aways = [replace(a, start=NEXT_SEPTEMBER) if a.start == "2026-09-01" else a for a in aways]
    with open_state(path) as state:
        state.set_profile(make_profile(name="Stored Name"))
        for away in aways:
            state.upsert_away(away)
        for letter in letters:
            state.upsert_letter(letter)
    return path


def test_list_names_every_kind_first_one_per_line(capsys):
    code, out, _ = run(capsys, "draft", "--list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [kind.value for kind in DraftKind]


def test_render_prints_the_subject_first_with_profile_flags(capsys, db):
    code, out, err = run(
        capsys,
        "draft",
        "away-request",
        "--db",
        str(db),
        "--program",
        "imp-hennepin-im",
        "--variant",
        "1",
        *PERSONA,
    )
    assert code == 0 and err == ""
    assert out.startswith("Subject: ")
    assert "Jane Doe" in out and "Stored Name" not in out
    assert f"September {date.today().year + 1}" in out  # the accepted away at Hennepin, as stored
    assert out.count("258") == 1


def test_without_flags_the_stored_profile_is_used(capsys, db):
    code, out, _ = run(capsys, "draft", "radar", "--db", str(db), "--program", "imp-utah-im")
    assert code == 0 and "Stored Name" in out


def test_out_writes_the_file(capsys, db, tmp_path):
    target = tmp_path / "out" / "thanks.txt"
    target.parent.mkdir()
    code, out, _ = run(
        capsys,
        "draft",
        "thank-you",
        "--db",
        str(db),
        "--program",
        "imp-utah-im",
        "--out",
        str(target),
        *PERSONA,
    )
    assert code == 0 and str(target) in out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Subject: Thank") and "258" not in text


def test_snippet_needs_no_program(capsys, db):
    code, out, _ = run(capsys, "draft", "ps-step2", "--db", str(db), "--variant", "1", *PERSONA)
    assert code == 0 and "Step 2 CK" in out and not out.startswith("Subject")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["draft"], "give a KIND"),
        (["draft", "nonsense"], "not a kind of draft"),
        (["draft", "radar"], "--program"),
        (["draft", "radar", "--program", "no-such-id"], "no program with id"),
        (["draft", "radar", "--program", "imp-utah-im", "--variant", "7"], "no variant 7"),
        (["draft", "step1-trajectory", *PERSONA], "Step 1 fail"),
        (["draft", "check"], "give the FILE"),
        (["draft", "check", "/no/such/file"], "cannot read"),
    ],
)
def test_mistakes_are_one_line_errors(capsys, db, argv, message):
    code, out, err = run(capsys, *argv, "--db", str(db))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_check_exits_non_zero_on_a_finding(capsys, tmp_path, db):
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "Subject: Hi\n\nDear Program Director,\n\nMy home program was unsupportive, "
        "but my 258 speaks for itself.\n\nBest,\nJane\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "draft", "check", str(bad), "--db", str(db), "--kind", "thank-you")
    assert code == 1
    rules = {line.split(" ", 1)[0] for line in out.splitlines()}
    assert rules == {"complaint", "arrogance", "no-score-after-interview"}
    assert "(§7, FAQ 2)" in out


def test_check_passes_a_rendered_draft(capsys, tmp_path, db):
    target = tmp_path / "radar.txt"
    assert (
        run(
            capsys,
            "draft",
            "radar",
            "--db",
            str(db),
            "--program",
            "imp-utah-im",
            "--out",
            str(target),
            *PERSONA,
        )[0]
        == 0
    )
    code, out, _ = run(capsys, "draft", "check", str(target), "--db", str(db), "--kind", "radar", *PERSONA)
    assert code == 0 and out.startswith("No findings")

"""CLI edges: empty paths and values are errors, --out does not overwrite silently, printed
paths are cleaned of control characters, an impossible path is one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def smartpick(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smartpick_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (("--db", "", "profile", "show"), {}, "--db: give a file name"),
        (("profile", "show"), {"SMARTPICK_DB": ""}, "SMARTPICK_DB is set but empty"),
    ],
)
def test_an_empty_state_path_is_an_error(args: tuple[str, ...], env: dict[str, str], says: str) -> None:
    result = smartpick(*args, env=env)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr


def test_an_empty_step2_does_not_clear_the_stored_score(tmp_path: Path) -> None:
    db = str(tmp_path / "s.json")
    assert smartpick("--db", db, "profile", "set", "--step2", "251").returncode == 0
    result = smartpick("--db", db, "profile", "set", "--step2", "")
    assert result.returncode == 2 and "--step2: give a value" in result.stderr
    assert "251" in smartpick("--db", db, "profile", "show").stdout


def test_draft_out_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    db, out = str(tmp_path / "s.json"), tmp_path / "draft.txt"
    smartpick(
        "--db",
        db,
        "profile",
        "set",
        "--step2",
        "251",
        "--name",
        "Sam Doe",
        "--school-name",
        "Test School",
    )
    out.write_text("mine")
    refused = smartpick("--db", db, "draft", "radar", "--program", "1261140C0", "--out", str(out))
    assert refused.returncode == 2 and "--force" in refused.stderr and out.read_text() == "mine"
    forced = smartpick("--db", db, "draft", "radar", "--program", "1261140C0", "--out", str(out), "--force")
    assert forced.returncode == 0 and out.read_text() != "mine"


def test_printed_paths_and_errors_hold_no_escape_sequences(tmp_path: Path) -> None:
    db = str(tmp_path / "x\x1b]0;PWNED\x07.json")
    for args in (("profile", "show"), ("locate",), ("profile", "set", "--step2", "250")):
        result = smartpick("--db", db, *args)
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    long = smartpick("--db", str(tmp_path / ("a" * 5000)), "profile", "show")
    assert long.returncode == 2 and len(long.stderr.splitlines()) == 1
    assert "Traceback" not in long.stderr


def test_a_reader_that_leaves_early_is_not_an_error(tmp_path: Path) -> None:
    """`smartpick programs | head`: the closed pipe ends the command quietly (exit 0), not as
    an OS error on stderr (BrokenPipeError is an OSError, so the order of the handlers matters)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smartpick_tui",
            "--db",
            str(tmp_path / "s.json"),
            "programs",
            "--all-specialties",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(200)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""

"""Faults on save and at start-up, through the real app and the real CLI.

Already proven in tests/store: a failed write/fsync/replace leaves the old file byte-for-byte
and no temp file (tests/store/test_atomic.py::test_failed_write_keeps_the_old_file), a
failed directory fsync is reported (::test_directory_fsync_failure_is_reported), unusable
paths and a missing home are one line on the CLI (tests/test_cli_store.py::
test_unusable_paths_are_one_line, ::test_missing_home, tests/store/test_paths.py). Here: what
the *user* sees — the TUI says "not saved" and keeps the edit to retry; the CLI exits non-zero
with the reason; the app starts with a message, never a traceback.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_helpers import PROFILE, TODAY, free_disk
from textual.widgets import Input, Static

from smartpick_tui.cli import main
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.screens.form import RecordForm

FAULTS = [
    ("replace", errno.ENOSPC, "the disk is full"),
    ("fsync", errno.EIO, os.strerror(errno.EIO)),
]


@pytest.fixture
def saved_db(db: Path) -> Path:
    with open_state(db) as state:
        state.set_profile(PROFILE)
    open_state(db).close()  # the session backup an app start takes, so the app writes nothing
    return db


def messages(app: SmartPickApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("call, error_no, said", FAULTS)
async def test_profile_edit_on_a_failing_disk_is_kept_to_retry(
    saved_db: Path, monkeypatch, call, error_no, said
) -> None:
    before = saved_db.read_bytes()
    app = SmartPickApp(saved_db, today=lambda: TODAY)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        step2 = app.query_one("#pf-step2", Input)
        step2.focus()
        free_disk(monkeypatch, error_no, call)
        await pilot.press("ctrl+a", "ctrl+k", *"261", "enter")  # Enter saves typed text
        await pilot.pause()
        assert saved_db.read_bytes() == before  # the old file, byte for byte
        assert any(m.startswith("Not saved:") and said in m for m in messages(app)), messages(app)
        app.refresh_panes()  # e.g. another tab saved, or another session wrote
        await pilot.pause()
        assert step2.value == "261"  # still on screen, and says why
        assert "not saved" in str(app.query_one("#msg-step2", Static).content)
        monkeypatch.undo()
        await pilot.press("backspace", "1", "enter")  # the next edit retries
        await pilot.pause()
    assert open_state(saved_db, readonly=True).profile().step2 == 261


@pytest.mark.parametrize("call, error_no, said", FAULTS)
async def test_away_form_stays_open_until_saved(saved_db: Path, monkeypatch, call, error_no, said) -> None:
    before = saved_db.read_bytes()
    app = SmartPickApp(saved_db, today=lambda: TODAY)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("alt+5", "a")
        await pilot.pause()
        await pilot.press(*"Synthetic Away Hospital")  # the catalog picker first: no match
        await settle(pilot)
        await pilot.press("enter")  # its only line keeps the typed text
        await settle(pilot)
        free_disk(monkeypatch, error_no, call)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert saved_db.read_bytes() == before
        assert isinstance(app.screen, RecordForm), "the form closed on a failed save"
        assert app.screen.query_one("#field-program_name", Input).value == "Synthetic Away Hospital"
        assert "Not saved" in str(app.screen.query_one("#error-form", Static).content)
        assert any(m.startswith("Not saved:") and said in m for m in messages(app))
        monkeypatch.undo()
        await pilot.press("ctrl+s")  # retry, same entry
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        assert app.query_one("#aways-table").row_count == 1
    assert [a.program_name for a in open_state(saved_db, readonly=True).aways()] == [
        "Synthetic Away Hospital"
    ]


@pytest.mark.parametrize("call, error_no, said", FAULTS)
def test_cli_exits_non_zero_with_the_reason(
    saved_db: Path, monkeypatch, capsys, call, error_no, said
) -> None:
    before = saved_db.read_bytes()
    free_disk(monkeypatch, error_no, call)
    code = main(["--db", str(saved_db), "profile", "set", "--step2", "240"])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and said in err and "not saved" in err, err
    assert saved_db.read_bytes() == before


def _startup_cases(tmp_path: Path, make_readonly) -> dict[str, tuple[Path, str]]:  # type: ignore[no-untyped-def]
    directory = tmp_path / "a-directory"
    directory.mkdir()
    elsewhere = tmp_path / "elsewhere.json"
    link = tmp_path / "link.json"
    with open_state(elsewhere) as state:
        state.set_profile(PROFILE)
    link.symlink_to(elsewhere)
    locked = tmp_path / "locked"
    locked.mkdir()
    with open_state(locked / "state.json") as state:
        state.set_profile(PROFILE)
    make_readonly(locked)
    return {
        "directory": (directory, "is a directory"),
        "symlink": (link, "symbolic link"),
        "read-only dir": (locked / "state.json", "cannot save in"),
    }


async def test_app_start_up_on_unusable_paths_is_a_message(tmp_path: Path, make_readonly) -> None:
    for name, (path, said) in _startup_cases(tmp_path, make_readonly).items():
        app = SmartPickApp(path, today=lambda: TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            text = str(app.query_one("#open-error", Static).content)
            assert said in text and "Nothing was changed" in text, (name, text)
            await pilot.press("1", "ctrl+p", "escape", "question_mark")
            assert app.is_running
    assert (tmp_path / "elsewhere.json").exists() and (tmp_path / "link.json").resolve() != tmp_path


def test_tui_command_without_home_is_one_line(tmp_path: Path) -> None:
    """`smartpick` with no HOME (and a uid with no passwd entry): one line, exit 2, no traceback."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("HOME", "SMARTPICK_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    }
    code = (
        "import pwd, sys\n"
        "def none(_uid): raise KeyError('uid not in passwd')\n"
        "pwd.getpwuid = none\n"
        "from smartpick_tui.cli import main\n"
        "sys.exit(main([]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done
    assert done.stderr.count("\n") == 1 and "home directory" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and list(tmp_path.iterdir()) == []

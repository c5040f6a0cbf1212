"""Guarantee 9 (the places a state file cannot live) and the privacy modes (docs/reliability.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import listing

from smartpick_tui.cli import main
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import StoreError, open_state


def test_created_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "state.json"
    with open_state(path) as state:
        state.set_mark(ProgramMark("p", apply=True))
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.with_name("state.json.lock").stat().st_mode & 0o777 == 0o600


def test_readonly_open_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "absent" / "state.json"
    with open_state(path, readonly=True) as state:
        assert state.profile().step2 is None and state.marks() == {}
        assert not state.changed_on_disk()
    assert list(tmp_path.iterdir()) == []


def test_readonly_open_changes_nothing(filled: Path) -> None:
    before = listing(filled.parent)
    with open_state(filled, readonly=True) as state:
        state.export_text()
        with pytest.raises(StoreError, match="read-only"):
            state.set_mark(ProgramMark("nope", apply=True))
    assert listing(filled.parent) == before


def test_state_path_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        open_state(tmp_path)


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        open_state(tmp_path / "file" / "state.json")


def test_symlink_is_refused_for_writing(filled: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(filled)
    with pytest.raises(StoreError, match="symbolic link"):
        open_state(link)
    assert open_state(link, readonly=True).profile().step2 == 248  # reading through it is harmless
    assert link.is_symlink()


def test_unexpanded_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="home directory"):
        open_state(Path("~/.local/share/smartpick/state.json"))
    assert list(tmp_path.iterdir()) == []  # no literal "~" directory


def test_readonly_directory(tmp_path: Path, make_readonly) -> None:
    directory = tmp_path / "locked"
    directory.mkdir()
    make_readonly(directory)
    with pytest.raises(StoreError, match=f"{directory}.*(Permission denied|Operation not permitted)"):
        open_state(directory / "state.json")
    assert list(directory.iterdir()) == []
    assert open_state(directory / "state.json", readonly=True).marks() == {}


def test_readonly_directory_with_existing_state(filled: Path, make_readonly) -> None:
    """The directory became read-only after the state was made there (e.g. a remount): the
    app is told at once, not at the first lost change; reading still works."""
    make_readonly(filled.parent)
    with pytest.raises(StoreError, match=r"Permission denied|Operation not permitted"):
        open_state(filled)
    assert open_state(filled, readonly=True).profile().step2 == 248


def test_readonly_directory_on_the_command_line(tmp_path: Path, make_readonly, capsys) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    make_readonly(directory)
    code = main(["profile", "set", "--step2", "240", "--db", str(directory / "s.json")])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "cannot save in" in err and err.count("\n") == 1

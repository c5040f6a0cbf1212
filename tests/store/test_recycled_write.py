"""The state file's write over a spare (`store.atomic.recycling_write_bytes`, issue 26): the
file it replaces is kept as the next change's spare, so no change frees a file's blocks, and a
spare that is not a plain file of its own is never written into."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import StoreWriteError, open_state
from smartpick_tui.store.atomic import recycling_write_bytes, spare_paths


def test_the_replaced_file_becomes_the_spare_and_takes_the_next_change(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b"version 1")
    recycling_write_bytes(path, b"version 2")
    spare, swap = spare_paths(path)
    first = path.stat().st_ino
    assert path.read_bytes() == b"version 2" and spare.read_bytes() == b"version 1"
    assert not swap.exists()
    old = spare.stat().st_ino
    recycling_write_bytes(path, b"version 3, longer than the others")
    # the file of the version before last now holds the newest: no file was freed
    assert path.stat().st_ino == old
    assert path.read_bytes() == b"version 3, longer than the others"
    assert spare.read_bytes() == b"version 2" and spare.stat().st_ino == first
    recycling_write_bytes(path, b"v4")  # shorter: cut to its length
    assert path.read_bytes() == b"v4" and path.stat().st_mode & 0o777 == 0o600


def test_a_spare_linked_to_the_state_is_never_written_into(tmp_path: Path) -> None:
    """A kill between the link and the rename leaves a second name of the live file: writing
    into it would change the state in place, the very thing the atomic write avoids."""
    path = tmp_path / "state.json"
    path.write_bytes(b"what the user saved")
    spare, _swap = spare_paths(path)
    os.link(path, spare)
    live = path.stat().st_ino
    recycling_write_bytes(path, b"the next change")
    assert path.read_bytes() == b"the next change"
    # the old file was renamed over, intact: it is the spare now
    assert spare.stat().st_ino == live and spare.read_bytes() == b"what the user saved"


def test_a_symlinked_spare_is_removed_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b"saved")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"not ours to write")
    spare, _swap = spare_paths(path)
    spare.symlink_to(elsewhere)
    recycling_write_bytes(path, b"changed")
    assert elsewhere.read_bytes() == b"not ours to write"
    assert path.read_bytes() == b"changed" and not spare.is_symlink()


def test_a_failed_fsync_leaves_the_state_and_no_spare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b"saved")

    def fail(_fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        recycling_write_bytes(path, b"lost")
    assert path.read_bytes() == b"saved"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_without_hard_links_the_write_still_replaces_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b"saved")

    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    recycling_write_bytes(path, b"changed")
    assert path.read_bytes() == b"changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_the_store_writes_through_the_spare_kept_across_sessions(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    spare, _swap = spare_paths(db)
    with open_state(db, backup_on_open=False) as state:
        state.set_mark(ProgramMark("first", apply=True))
        state.set_mark(ProgramMark("second", apply=True))
        assert spare.exists()  # the version before: the next change's file
        assert open_state(db, readonly=True).mark("second").apply
    kept = spare.stat().st_ino
    with open_state(db, backup_on_open=False) as state:  # not a temp file: kept at open
        assert spare.stat().st_ino == kept
        state.set_mark(ProgramMark("third", apply=True))
        assert db.stat().st_ino == kept  # the next change went into it
        assert set(state.marks()) == {"first", "second", "third"}


def test_a_failed_rename_through_the_store_says_not_saved_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.json"
    with open_state(db, backup_on_open=False) as state:
        state.set_mark(ProgramMark("kept", apply=True))
    state = open_state(db)  # takes the session's backup now
    before = sorted(p.name for p in tmp_path.iterdir() if p.name != ".state.json.spare"), db.read_bytes()

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(StoreWriteError, match="not saved"):
        state.set_mark(ProgramMark("lost", apply=True))
    monkeypatch.undo()
    # the state as it was, no new file (the spare, half written, is removed)
    assert (sorted(p.name for p in tmp_path.iterdir()), db.read_bytes()) == before
    state.close()

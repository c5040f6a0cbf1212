"""Guarantee 1 (atomic, durable writes) and 9 (a failed write says so and changes nothing)."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from store_helpers import fill, listing, worker

from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import StoreWriteError, open_state
from smartpick_tui.store.atomic import atomic_write_bytes

pytestmark = pytest.mark.serial  # timing-sensitive: see pyproject's markers


def _with_stock_layout(path: Path) -> None:
    """Half the marks `apply`, half not: deleting the latter shrinks the file by about half."""
    with open_state(path) as state:
        fill(state, marks=200)
    open_state(path).close()  # an app start: its backup means no backup is due in the worker


@pytest.mark.parametrize("storage", ["stock", "ours"])
def test_sigkill_inside_the_write(tmp_path: Path, storage: str) -> None:
    """A real SIGKILL at the write's fsync: TinyDB's JSONStorage (the control) has already
    overwritten the file in place and leaves broken JSON; ours leaves the old file whole."""
    path = tmp_path / "state.json"
    _with_stock_layout(path)
    before = path.read_bytes()
    proc = worker("kill-at-fsync", str(path), storage)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -9, (out, err)  # it really died inside the write
    after = path.read_bytes()
    if storage == "stock":
        with pytest.raises(json.JSONDecodeError):
            json.loads(after)
        return
    assert after == before
    # the killed writer's file: a temp file, or the spare the state is written over (issue 26)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".spare"))]
    assert leftovers, "the killed writer's file should be there"
    with open_state(path, backup_on_open=False) as state:  # the next session cleans it up
        assert len(state.marks()) == 200
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _fail(error_no: int):
    def raiser(*_args: object, **_kwargs: object) -> None:
        raise OSError(error_no, os.strerror(error_no))

    return raiser


@pytest.mark.parametrize(
    "call, error_no, said",
    [
        ("write", errno.ENOSPC, "the disk is full"),
        ("fsync", errno.EIO, os.strerror(errno.EIO)),
        ("replace", errno.EIO, os.strerror(errno.EIO)),
        ("replace", errno.ENOSPC, "the disk is full"),
    ],
)
def test_failed_write_keeps_the_old_file(
    filled: Path, monkeypatch: pytest.MonkeyPatch, call: str, error_no: int, said: str
) -> None:
    state = open_state(filled, backup_on_open=False)
    before = listing(filled.parent)
    with monkeypatch.context() as patch:
        patch.setattr(os, call, _fail(error_no))
        with pytest.raises(StoreWriteError) as caught:
            state.set_mark(ProgramMark("new-program", apply=True))
    message = str(caught.value)
    assert "not saved" in message and said in message
    assert listing(filled.parent) == before  # same files, same bytes, no temp file left
    assert "new-program" not in state.marks()
    state.set_mark(ProgramMark("new-program", apply=True))  # works again once the disk does
    assert open_state(filled, readonly=True).mark("new-program").apply


def test_failed_batch_writes_nothing(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`update()` is all or nothing: a failure on the one write loses the whole batch, not half."""
    state = open_state(filled, backup_on_open=False)
    before = filled.read_bytes()

    def forty(s) -> None:
        for i in range(40):
            s.set_mark(ProgramMark(f"batch-{i}", apply=True))

    monkeypatch.setattr(os, "replace", _fail(errno.EIO))
    with pytest.raises(StoreWriteError):
        state.update(forty)
    monkeypatch.undo()
    assert filled.read_bytes() == before
    state.update(forty)
    assert sum(key.startswith("batch-") for key in state.marks()) == 40


def test_error_inside_update_writes_nothing(filled: Path) -> None:
    state = open_state(filled, backup_on_open=False)
    before = filled.read_bytes()

    def half_then_fail(s) -> None:
        s.set_mark(ProgramMark("half", apply=True))
        raise ValueError("the user's input was bad")

    with pytest.raises(ValueError):
        state.update(half_then_fail)
    assert filled.read_bytes() == before
    assert "half" not in state.marks()


def test_directory_fsync_failure_is_reported(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the rename, a failed directory fsync means "may be lost on power loss": say so."""
    state = open_state(filled, backup_on_open=False)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(StoreWriteError, match="did not confirm"):
        state.set_mark(ProgramMark("unconfirmed", apply=True))


def test_atomic_write_mode_and_content(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    target.write_text("old")
    target.chmod(0o644)
    atomic_write_bytes(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]

"""Guarantee 4: an unusable file is never overwritten; it is moved aside, the newest good
backup takes its place, and `State.recovery` says exactly what happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import listing

from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import CorruptStateError, ForeignFileError, open_state
from smartpick_tui.store.backups import list_backups


def _truncated(good: bytes) -> bytes:
    return good[: len(good) // 2]


BAD_FILES = {
    "truncated": _truncated,
    "invalid JSON": lambda _good: b'{"marks": {"1": {"program_id": "x",,}}}',
    "empty": lambda _good: b"",
    "only whitespace": lambda _good: b"  \n",
    "not UTF-8": lambda _good: b'{"marks": "\xff\xfe"}',
    "document not an object": lambda _good: b'{"marks": {"1": "apply"}}',
}

# A bad record is set aside alone and a newer schema refused untouched, not the whole file
# moved aside: tests/store/test_read_validation.py.
REASONS = {
    "truncated": "not valid JSON",
    "invalid JSON": "not valid JSON",
    "empty": "empty",
    "only whitespace": "empty",
    "not UTF-8": "not UTF-8",
    "document not an object": "marks document 1",
}


def _corrupt(path: Path, kind: str) -> bytes:
    bad = BAD_FILES[kind](path.read_bytes())
    path.write_bytes(bad)
    return bad


@pytest.mark.parametrize("kind", BAD_FILES)
def test_moved_aside_and_backup_restored(filled: Path, kind: str) -> None:
    good = filled.read_bytes()
    assert list_backups(filled)[0].path.read_bytes() == good  # the app start's backup
    bad = _corrupt(filled, kind)
    with open_state(filled) as state:
        recovery = state.recovery
        assert recovery is not None
        assert recovery.moved_to.read_bytes() == bad  # kept, byte for byte
        assert recovery.moved_to.name.startswith("state.json.") and recovery.moved_to.name.endswith(
            ".corrupt"
        )
        assert recovery.restored is not None
        assert REASONS[kind] in recovery.reason
        message = state.recovery_message
        assert str(recovery.moved_to) in message and str(recovery.restored.path) in message
        assert state.profile().step2 == 248 and len(state.marks()) == 40
    assert filled.read_bytes() == good


def test_without_backup_starts_empty_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(b'{"marks": {"1": {"program_id": "a", "apply": tr')
    with open_state(path) as state:
        assert "No good backup was found" in state.recovery_message
        assert state.marks() == {}
    assert not path.exists()  # nothing written until the first change
    assert len(list(tmp_path.glob("state.json.*.corrupt"))) == 1


def test_skips_backups_that_are_bad_too(filled: Path) -> None:
    with open_state(filled) as state:
        state.set_mark(ProgramMark("later", apply=True))
    open_state(filled).close()  # a second app start: backup 1 now has "later"
    newest, older = list_backups(filled)[:2]
    newest.path.write_bytes(b"{broken")
    _corrupt(filled, "truncated")
    with open_state(filled) as state:
        assert state.recovery.restored.path == older.path
        assert "later" not in state.marks()


def test_readonly_open_refuses_and_changes_nothing(filled: Path) -> None:
    _corrupt(filled, "invalid JSON")
    before = listing(filled.parent)
    with pytest.raises(CorruptStateError, match="not valid JSON"):
        open_state(filled, readonly=True)
    assert listing(filled.parent) == before


def test_corruption_during_a_session(filled: Path) -> None:
    """Another program breaks the file while the app is open: the broken file is moved aside
    (kept), this session's state is written back, and the change is saved."""
    state = open_state(filled, backup_on_open=False)
    assert len(state.marks()) == 40
    bad = _corrupt(filled, "truncated")
    state.set_mark(ProgramMark("kept", apply=True))
    assert state.recovery is not None and state.recovery.session_kept
    assert "nothing was lost" in state.recovery_message
    assert state.recovery.moved_to.read_bytes() == bad
    marks = open_state(filled, readonly=True).marks()
    assert len(marks) == 41 and "kept" in marks


def test_corruption_seen_by_a_read(filled: Path) -> None:
    state = open_state(filled, backup_on_open=False)
    _corrupt(filled, "empty")
    assert len(state.marks()) == 40  # repaired, not a crash
    assert "empty" in state.recovery_message


def test_two_recoveries_keep_both_copies(filled: Path) -> None:
    first = _corrupt(filled, "empty")
    open_state(filled).close()
    second = _corrupt(filled, "invalid JSON")
    open_state(filled).close()
    copies = sorted(p.read_bytes() for p in filled.parent.glob("state.json.*.corrupt"))
    assert copies == sorted([first, second])


# Files that are not ours: refused as they are, never moved aside or replaced (and no lock
# file appears beside them).
FOREIGN_FILES = {
    "a list": b"[1, 2, 3]",
    "another app's JSON": b'{"users": {"1": {"name": "x"}}}',
    "a CSV": b"name,city,state\nBaylor Coll Med-Houston,Houston,TX\n",
    "a text file": b"my notes\n",
    "a SmartPick export": b'{"format": "smartpick-export", "schema_version": 1, "tables": {}}',
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("kind", FOREIGN_FILES)
def test_a_file_that_is_not_ours_is_refused_and_left_untouched(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "their.file"
    path.write_bytes(FOREIGN_FILES[kind])
    with pytest.raises(ForeignFileError, match="left untouched"):
        open_state(path)
    assert path.read_bytes() == FOREIGN_FILES[kind]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["their.file"]


def test_a_broken_file_of_ours_with_huge_nesting_or_numbers_is_repaired(filled: Path) -> None:
    good = filled.read_bytes()
    for bad in (
        b'{"marks": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"profile": {"1": {"step2": ' + b"9" * 5000 + b"}}}",
    ):
        filled.write_bytes(bad)
        with open_state(filled) as state:
            assert state.recovery is not None
        assert filled.read_bytes() == good

"""Guarantee 3: two sessions on one file lose nothing; a session sees the other's changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import worker

from smartpick_tui.core.rules import LetterKind
from smartpick_tui.core.trackers import Letter, ProgramMark
from smartpick_tui.store import open_state

pytestmark = pytest.mark.serial  # timing-sensitive: see pyproject's markers

CHANGES = 500  # per process: 250 own records + 250 increments of one shared counter


def run_two_sessions(tmp_path: Path, *flags: str) -> tuple[Path, list[tuple[int, str]]]:
    path = tmp_path / "state.json"
    open_state(path).close()
    go = tmp_path / "go"
    procs = [worker("session", str(path), who, str(CHANGES), str(go), *flags) for who in ("a", "b")]
    go.touch()  # both start together: the runs really overlap
    results = []
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, err))
    return path, results


def test_two_processes_lose_no_update(tmp_path: Path) -> None:
    path, results = run_two_sessions(tmp_path)
    assert results == [(0, ""), (0, "")]
    with open_state(path, readonly=True) as state:
        assert state.mark("shared-counter").notes == str(CHANGES)  # 250 + 250 increments
        ids = {entry.id for entry in state.outreach()}
    assert ids == {f"{who}-{i}" for who in "ab" for i in range(0, CHANGES, 2)}


def test_without_the_lock_updates_are_lost(tmp_path: Path) -> None:
    """The control: the same run with the inter-process lock replaced by a no-op loses
    updates (or crashes a writer) — so the lock is what the test above depends on."""
    path, results = run_two_sessions(tmp_path, "--no-lock")
    with open_state(path, readonly=True) as state:
        counter = int(state.mark("shared-counter").notes or "0")
        entries = len(state.outreach())
    failed = any(code != 0 for code, _err in results)
    assert failed or counter < CHANGES or entries < CHANGES, (counter, entries)


def test_changed_on_disk_sees_the_other_session(filled: Path) -> None:
    tui = open_state(filled, backup_on_open=False)
    other = open_state(filled, backup_on_open=False)
    assert not tui.changed_on_disk()
    tui.marks()  # reading alone does not hide a change from the refresh logic
    other.upsert_letter(Letter(writer="Dr Other", kind=LetterKind.HOME_INDIVIDUAL, id="from-other"))
    assert tui.changed_on_disk()
    tui.marks()
    assert tui.changed_on_disk()  # still true until the screens refreshed
    tui.mark_seen()
    assert not tui.changed_on_disk()
    assert any(letter.id == "from-other" for letter in tui.letters())
    tui.set_mark(ProgramMark("own-change", apply=True))
    assert not tui.changed_on_disk()  # our own write is not "another session"


def test_write_merges_the_other_sessions_change(filled: Path) -> None:
    """A session that read earlier still keeps the other's change when it writes (re-read
    under the lock), and a table holding stale ids cannot collide on insert."""
    first = open_state(filled, backup_on_open=False)
    second = open_state(filled, backup_on_open=False)
    first.letters()
    second.upsert_letter(Letter(writer="Dr Second", kind=LetterKind.RESEARCH_MENTOR, id="second"))
    first.upsert_letter(Letter(writer="Dr First", kind=LetterKind.RESEARCH_MENTOR, id="first"))
    second.upsert_letter(Letter(writer="Dr Second again", kind=LetterKind.RESEARCH_MENTOR, id="second-2"))
    ids = {letter.id for letter in open_state(filled, readonly=True).letters()}
    assert {"letter-1", "second", "first", "second-2"} <= ids

"""Guarantee 6: the last N good states, one per session start and at most one an hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import StoreError, open_state
from smartpick_tui.store.backups import BACKUP_KEEP, STAMP, backup_dir, list_backups


def test_session_start_backup_once_per_content(filled: Path) -> None:
    assert len(list_backups(filled)) == 1
    open_state(filled).close()  # same content: no second copy
    assert len(list_backups(filled)) == 1
    with open_state(filled) as state:
        state.set_mark(ProgramMark("new", apply=True))
    open_state(filled).close()
    backups = list_backups(filled)
    assert len(backups) == 2 and backups[0].path.read_bytes() == filled.read_bytes()


def test_rotation_keeps_the_newest(filled: Path) -> None:
    for i in range(BACKUP_KEEP + 5):
        with open_state(filled) as state:
            state.set_mark(ProgramMark(f"rot-{i}", apply=True))
    open_state(filled).close()
    backups = list_backups(filled)
    assert len(backups) == BACKUP_KEEP
    assert [b.number for b in backups] == list(range(1, BACKUP_KEEP + 1))
    assert backups[0].path.read_bytes() == filled.read_bytes()
    oldest = backups[-1].path.read_bytes()  # 16 distinct states were backed up; 10 are kept
    assert b'"rot-5"' in oldest and b'"rot-6"' not in oldest
    assert backups[0].taken_at > backups[-1].taken_at
    assert backup_dir(filled).stat().st_mode & 0o777 == 0o700
    assert all(b.path.stat().st_mode & 0o777 == 0o600 for b in backups)


def test_hourly_backup_while_writing(filled: Path) -> None:
    state = open_state(filled, backup_on_open=False)
    (only,) = list_backups(filled)
    state.set_mark(ProgramMark("within-the-hour", apply=True))
    assert len(list_backups(filled)) == 1
    old = datetime.now(UTC) - timedelta(hours=2)  # the newest backup is two hours old
    only.path.rename(only.path.with_name(old.strftime(STAMP) + ".json"))
    before = filled.read_bytes()
    state.set_mark(ProgramMark("after-two-hours", apply=True))
    backups = list_backups(filled)
    assert len(backups) == 2 and backups[0].path.read_bytes() == before  # the state before it


def test_restore_backs_up_the_current_state_first(filled: Path) -> None:
    state = open_state(filled, backup_on_open=False)
    state.set_mark(ProgramMark("regret", apply=True))
    with_regret = filled.read_bytes()
    chosen = state.restore_backup(1)
    assert "regret" not in state.marks()
    assert filled.read_bytes() == chosen.path.read_bytes()
    assert list_backups(filled)[0].path.read_bytes() == with_regret  # the restore can be undone
    state.restore_backup(1)
    assert "regret" in state.marks()


def test_restore_numbers_and_bad_backups(filled: Path) -> None:
    state = open_state(filled, backup_on_open=False)
    with pytest.raises(StoreError, match="no backup 5; choose 1-1"):
        state.restore_backup(5)
    list_backups(filled)[0].path.write_bytes(b"[]")
    before = filled.read_bytes()
    with pytest.raises(StoreError, match=r"backup 1 .* cannot be used"):
        state.restore_backup(1)
    assert filled.read_bytes() == before


def test_foreign_files_in_the_backup_dir_are_left_alone(filled: Path) -> None:
    stray = backup_dir(filled) / "notes.txt"
    stray.write_text("mine")
    for i in range(BACKUP_KEEP + 2):
        with open_state(filled) as state:
            state.set_mark(ProgramMark(f"x-{i}", apply=True))
    assert stray.read_text() == "mine"


def test_retention_keeps_recent_changes_and_one_per_day_and_week(tmp_path: Path) -> None:
    """A morning of restarts must not push out yesterday's and last week's backups."""
    from datetime import UTC, datetime, timedelta

    from smartpick_tui.store.backups import BACKUP_KEEP, take_backup

    state = tmp_path / "state.json"
    start = datetime(2026, 10, 1, 9, tzinfo=UTC)
    for day in range(40):  # one backup a day for 40 days ...
        take_backup(
            state,
            f'{{"profile": {{"1": {{"research": {day}}}}}}}'.encode(),
            now=start + timedelta(days=day),
        )
    last = start + timedelta(days=39)
    for minute in range(30):  # ... then 30 restarts in one morning
        take_backup(
            state,
            f'{{"profile": {{"1": {{"research": {100 + minute}}}}}}}'.encode(),
            now=last + timedelta(hours=2, minutes=minute),
        )
    taken = [b.taken_at for b in list_backups(state)]
    assert taken[:BACKUP_KEEP] == sorted(taken, reverse=True)[:BACKUP_KEEP]
    days = {t.date() for t in taken}
    assert all((last - timedelta(days=d)).date() in days for d in range(1, 14))
    assert min(taken) <= last - timedelta(days=30)  # weekly ones reach back past a month
    assert len(taken) < 40 + 30


def test_a_backup_name_reads_as_its_utc_time_and_other_names_are_not_backups(tmp_path):
    """Names are read without `strptime` (its first call costs a start-up 10-50 ms, issue 26):
    exactly what `STAMP` writes is a backup, anything else in the folder is ignored."""
    from datetime import UTC, datetime

    from smartpick_tui.store.backups import STAMP, SUFFIX, _taken_at

    when = datetime(2026, 12, 7, 13, 27, 12, 345678, tzinfo=UTC)
    assert _taken_at(tmp_path / f"{when.strftime(STAMP)}{SUFFIX}") == when
    for name in (
        "20261207T132712.345678Z.txt",  # not .json
        "2026-12-07T13:27:12.345678Z.json",  # ISO's other layout: not what STAMP writes
        "20261207T132712Z.json",
        "20261207T132712.345678.json",  # no Z
        "20261307T132712.345678Z.json",  # month 13
        "notes.json",
    ):
        assert _taken_at(tmp_path / name) is None, name

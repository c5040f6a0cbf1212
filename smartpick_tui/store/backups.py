"""Rotating copies of the last good states, beside the state file (docs/reliability.md, guarantee 6).

A backup is the exact bytes of a state file that loaded and validated, named by the UTC time it
was taken, in `<state file>.backups/`. One is taken when a session starts, then at most one an
hour while it writes, and always before an import or a restore replaces everything. Identical
content is not copied twice.

Retention (`to_keep`): the newest `BACKUP_KEEP`, plus the newest of each of the last
`DAILY_KEEP` days and of each of the last `WEEKLY_KEEP` weeks. Keeping only the newest ten
meant a morning of restarts left ten backups of the same minute and nothing from yesterday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from smartpick_tui.store.atomic import TEMP_SUFFIX, atomic_write_bytes
from smartpick_tui.store.errors import StoreError
from smartpick_tui.store.paths import make_private_dir
from smartpick_tui.store.storage import AtomicJSONStorage, Tables, read_checked

BACKUP_KEEP = 10
DAILY_KEEP = 14  # one per day for two weeks
WEEKLY_KEEP = 8  # then one per ISO week for two months
BACKUP_EVERY = timedelta(hours=1)
STAMP = "%Y%m%dT%H%M%S.%fZ"
SUFFIX = ".json"


@dataclass(frozen=True)
class Backup:
    number: int  # 1 is the newest, as `smartpick backup list` shows it
    path: Path
    taken_at: datetime  # UTC

    @property
    def when(self) -> str:
        """Local time, to the second, for messages."""
        return self.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def backup_dir(state_path: Path) -> Path:
    return state_path.with_name(state_path.name + ".backups")


# What `STAMP` writes, e.g. 20261207T132712.123456Z; read with `fromisoformat`: the first
# `strptime` of a process imports and sets up its locale-aware parser (10-50 ms), and a start-up
# reads every backup's name (issue 26).
_STAMPED = re.compile(r"\d{8}T\d{6}\.\d{6}Z")


def _taken_at(path: Path) -> datetime | None:
    if path.suffix != SUFFIX or not _STAMPED.fullmatch(path.stem):
        return None
    try:
        return datetime.fromisoformat(path.stem).astimezone(UTC)
    except ValueError:
        return None


def list_backups(state_path: Path) -> list[Backup]:
    """Newest first; files that are not SmartPick backups are ignored, never touched."""
    try:
        entries = list(backup_dir(state_path).iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    dated = sorted(
        ((taken, path) for path in entries if (taken := _taken_at(path)) is not None), reverse=True
    )
    return [Backup(number, path, taken) for number, (taken, path) in enumerate(dated, start=1)]


def load_backup(backup: Backup) -> Tables:
    """The backup's tables at the current schema; CorruptStateError or OSError if unusable."""
    return AtomicJSONStorage(backup.path, readonly=True).load() or {}


def backup_due(state_path: Path, now: datetime | None = None) -> bool:
    backups = list_backups(state_path)
    if not backups:
        return True
    now = now or datetime.now(UTC)
    return abs(now - backups[0].taken_at) >= BACKUP_EVERY


def take_backup(state_path: Path, raw: bytes, now: datetime | None = None) -> Path | None:
    """Keep a copy of `raw` (a validated state); None when the newest backup already holds it."""
    backups = list_backups(state_path)
    if backups and _same_content(backups[0].path, raw):
        return None
    directory = backup_dir(state_path)
    make_private_dir(directory)
    for leftover in directory.glob(".*" + TEMP_SUFFIX):  # a killed backup write (lock held)
        leftover.unlink(missing_ok=True)
    taken = now or datetime.now(UTC)
    while (target := directory / f"{taken.strftime(STAMP)}{SUFFIX}").exists():
        taken += timedelta(microseconds=1)
    atomic_write_bytes(target, raw)
    backups = list_backups(state_path)
    keep = to_keep(backups, taken)
    for old in backups:
        if old.path not in keep:
            old.path.unlink(missing_ok=True)
    return target


def to_keep(backups: list[Backup], now: datetime) -> set[Path]:
    """The retention policy (module docstring) over `backups`, newest first."""
    keep = {b.path for b in backups[:BACKUP_KEEP]}
    days: set[object] = set()
    weeks: set[object] = set()
    for backup in backups:  # newest first: the first seen of a day/week is its newest
        local = backup.taken_at
        day, week = local.date(), local.isocalendar()[:2]
        if (now - local).days < DAILY_KEEP and day not in days:
            days.add(day)
            keep.add(backup.path)
        if (now - local).days < 7 * WEEKLY_KEEP and week not in weeks:
            weeks.add(week)
            keep.add(backup.path)
    return keep


def read_backup(path: Path) -> bytes:
    """A backup's bytes with the state file's own checks (`storage.read_checked`): a FIFO, a
    device or a huge file dropped in the folder is refused (ForeignFileError), never waited on
    or read whole. FileNotFoundError when it went away."""
    raw = read_checked(path)
    if raw is None:
        raise FileNotFoundError(2, "no such file", str(path))
    return raw


def _same_content(path: Path, raw: bytes) -> bool:
    try:
        return read_backup(path) == raw
    except (OSError, StoreError):
        return False

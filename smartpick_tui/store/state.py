"""The repository API over the user's TinyDB file.

Screens and commands call these methods and get `core` dataclasses back; TinyDB documents
never leave this module. Every write is one read-modify-write under an inter-process file
lock, and TinyDB (without a cache) re-reads the file inside it, so two sessions never lose
each other's updates. Every write is durable when the method returns (AtomicJSONStorage).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import (Away, ChecklistEntry, Letter, OutreachEntry, ProgramMark,
                                         Record, Settings)
from smartpick_tui.store.storage import AtomicJSONStorage

SCHEMA_VERSION = 1
DIR_MODE = 0o700
LOCK_TIMEOUT_S = 10.0

R = TypeVar("R", bound=Record)


class StoreError(Exception):
    """Something the user must be told about, in one clear sentence."""


class StoreWriteError(StoreError):
    """The change was not saved; the file on disk is as it was before."""


class State:
    """One user's state file. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.lock_path = path.with_name(path.name + ".lock")
        if not readonly:
            path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        self._lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_S)
        self._db = TinyDB(path, storage=AtomicJSONStorage, readonly=readonly)
        self._seen = self._signature()

    # --- lifecycle ----------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "State":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def changed_on_disk(self) -> bool:
        """True when another session wrote the file since this one last read or wrote it."""
        return self._signature() != self._seen

    def mark_seen(self) -> None:
        self._seen = self._signature()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self.readonly:
            raise StoreWriteError(f"{self.path} is open read-only; the change was not saved")
        try:
            with self._lock:
                yield
                self._seen = self._signature()
        except Timeout:
            raise StoreWriteError(
                f"another SmartPick session holds {self.lock_path} for more than "
                f"{LOCK_TIMEOUT_S:.0f} s; the change was not saved") from None
        except OSError as error:
            reason = os.strerror(error.errno) if error.errno else str(error)
            if error.errno == errno.ENOSPC:
                reason = "the disk is full"
            raise StoreWriteError(f"could not write {self.path}: {reason}; the change was not saved") from None

    # --- generic helpers ------------------------------------------------------------------
    def _rows(self, table: str) -> list[dict[str, Any]]:
        self.mark_seen()
        return [dict(doc) for doc in self._db.table(table).all()]

    def _records(self, table: str, kind: type[R]) -> list[R]:
        return [kind.from_dict(row) for row in self._rows(table)]

    def _upsert(self, table: str, key: str, record: Record) -> None:
        doc = record.to_dict()
        with self._writing():
            self._ensure_meta()
            self._db.table(table).upsert(doc, Query()[key] == doc[key])

    def _delete(self, table: str, key: str, value: str) -> None:
        with self._writing():
            self._db.table(table).remove(Query()[key] == value)

    def _ensure_meta(self) -> None:
        meta = self._db.table("meta")
        if not meta.all():
            meta.insert({"schema_version": SCHEMA_VERSION})

    def update(self, change: Callable[["State"], None]) -> None:
        """Run several changes as one locked unit (e.g. accept 40 picks at once)."""
        with self._writing():
            change(self)

    # --- profile and settings -------------------------------------------------------------
    def profile(self) -> Profile:
        rows = self._rows("profile")
        return Profile.from_dict(rows[0]) if rows else Profile()

    def set_profile(self, profile: Profile) -> None:
        with self._writing():
            self._ensure_meta()
            table = self._db.table("profile")
            table.truncate()
            table.insert(profile.to_dict())

    def settings(self) -> Settings:
        rows = self._rows("settings")
        return Settings.from_dict(rows[0]) if rows else Settings()

    def set_settings(self, settings: Settings) -> None:
        with self._writing():
            self._ensure_meta()
            table = self._db.table("settings")
            table.truncate()
            table.insert(settings.to_dict())

    # --- program marks ----------------------------------------------------------------------
    def marks(self) -> dict[str, ProgramMark]:
        return {mark.program_id: mark for mark in self._records("marks", ProgramMark)}

    def mark(self, program_id: str) -> ProgramMark:
        return self.marks().get(program_id, ProgramMark(program_id))

    def set_mark(self, mark: ProgramMark) -> None:
        """Store a mark; an empty mark removes the entry."""
        if mark.is_empty:
            self._delete("marks", "program_id", mark.program_id)
        else:
            self._upsert("marks", "program_id", mark)

    # --- aways, letters, outreach -------------------------------------------------------------
    def aways(self) -> list[Away]:
        return self._records("aways", Away)

    def upsert_away(self, away: Away) -> Away:
        away = away.validated()
        self._upsert("aways", "id", away)
        return away

    def delete_away(self, away_id: str) -> None:
        self._delete("aways", "id", away_id)

    def letters(self) -> list[Letter]:
        return self._records("letters", Letter)

    def upsert_letter(self, letter: Letter) -> Letter:
        letter = letter.validated()
        self._upsert("letters", "id", letter)
        return letter

    def delete_letter(self, letter_id: str) -> None:
        self._delete("letters", "id", letter_id)

    def outreach(self) -> list[OutreachEntry]:
        return self._records("outreach", OutreachEntry)

    def add_outreach(self, entry: OutreachEntry) -> OutreachEntry:
        entry = entry.validated()
        self._upsert("outreach", "id", entry)
        return entry

    def delete_outreach(self, entry_id: str) -> None:
        self._delete("outreach", "id", entry_id)

    # --- checklist ---------------------------------------------------------------------------
    def checklist(self) -> dict[str, ChecklistEntry]:
        return {entry.step_id: entry for entry in self._records("checklist", ChecklistEntry)}

    def set_checklist(self, entry: ChecklistEntry) -> None:
        self._upsert("checklist", "step_id", entry.validated())


def open_state(path: Path | str, readonly: bool = False) -> State:
    """Open (creating on first write) the state file at `path`."""
    return State(Path(path), readonly=readonly)

"""The state file as a file: opening, locking, the one durable write path, repair, and the
whole-state operations (export, import, backups). `store/state.py` builds the record API
(`State`) on top of it; nothing here knows a record kind.

What this layer guarantees (docs/reliability.md):
- every change is one read-modify-write under an inter-process file lock (`_writing`): the file
  is re-read inside the lock, so two sessions never lose each other's updates, and the result
  is written once, atomically and durably (`store/atomic.py`), before the change returns; a
  change that fails leaves the file exactly as it was;
- the file is read with the size and type checks of `storage.read_checked` (a FIFO, a device,
  a huge file are refused before they are read);
- a file written by a newer SmartPick is refused read-only before any lock or backup is made
  (`_refuse_foreign`); a path holding something else is refused and left untouched; a broken
  file of ours is moved aside and repaired (`_recover`);
- a read-only open never creates, locks or changes anything.
"""

from __future__ import annotations

import errno
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from filelock import FileLock, Timeout

from smartpick_tui.store import backups
from smartpick_tui.store.atomic import FILE_MODE, UnconfirmedWriteError, atomic_write_bytes
from smartpick_tui.store.backups import Backup
from smartpick_tui.store.errors import (
    CorruptStateError,
    ForeignFileError,
    SetAsideWarning,
    StoreError,
    StoreWriteError,
)
from smartpick_tui.store.paths import (
    check_state_path,
    check_writable,
    describe,
    lock_path,
    make_private_dir,
    remove_stale_temps,
)
from smartpick_tui.store.record_cache import RecordCache
from smartpick_tui.store.recovery import Recovery, SetAsideReport, move_aside, write_set_aside
from smartpick_tui.store.schema import SCHEMA_VERSION, summary
from smartpick_tui.store.storage import AtomicJSONStorage, Tables, looks_like_state
from smartpick_tui.store.transfer import export_text

LOCK_TIMEOUT_S = 10.0


class StateFile:
    """One user's state file, as a file. Use as a context manager, or call `close()`.

    `readonly=True` never creates, locks or changes anything (for `smartpick advise`); it
    raises `CorruptStateError` on a file it cannot use. A writable open repairs such a file
    (see `recovery`), takes the session's backup when `backup_on_open`, and saves a file of
    an older schema in the current one.
    """

    def __init__(self, path: Path, readonly: bool = False, backup_on_open: bool = True) -> None:
        self.path = check_state_path(path, readonly)
        self.readonly = readonly
        self.lock_path = lock_path(self.path)
        self.recovery: Recovery | None = None
        self.set_aside: SetAsideReport | None = None  # entries that failed validation, taken out
        self._storage = AtomicJSONStorage(self.path, readonly=readonly)
        self._lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_S, mode=FILE_MODE)
        self._thread_lock = threading.RLock()  # TUI workers share one open file
        self._in_change = False
        self._cache = RecordCache()  # validated records per table version (store/record_cache.py)
        self._storage.encode = self._cache.encode
        if readonly:
            self._load()
        else:
            self._open_for_writing(backup_on_open)
        self._seen = self._storage.last_raw

    @property
    def recovery_message(self) -> str | None:
        """What was done to an unusable file or to entries set aside from it, for the TUI and
        the CLI to show; else None."""
        said = [report.message for report in (self.recovery, self.set_aside) if report is not None]
        return " ".join(said) if said else None

    # --- lifecycle ----------------------------------------------------------------------
    def _open_for_writing(self, backup_on_open: bool) -> None:
        make_private_dir(self.path.parent)
        self._refuse_foreign()
        check_writable(self.path)
        with self._locked(StoreError):
            try:
                self._storage.load()
            except CorruptStateError as error:
                self._recover(error)
                self._storage.load()
            remove_stale_temps(self.path)
            raw = self._storage.last_raw
            if raw is not None and backup_on_open:
                backups.take_backup(self.path, raw)
            if raw is not None and (self._storage.found_version < SCHEMA_VERSION or self._storage.set_aside):
                self._storage.begin()
                self._set_aside_bad_entries()
                self._storage.mark_dirty()
                self._storage.commit()

    def _set_aside_bad_entries(self) -> None:
        """Inside a batch (lock held): entries the file holds that do not validate are already
        out of the working copy; keep them in a file beside the state and say so. The next
        write then saves the file without them: the good records stay, never the whole file
        is quarantined for one field."""
        entries = self._storage.set_aside
        if not entries:
            return
        saved = write_set_aside(self.path, entries)
        self.set_aside = SetAsideReport(self.path, entries, saved)
        self._storage.mark_dirty()

    def _refuse_foreign(self) -> None:
        """Before taking the lock (which creates a file beside the path): a path that holds
        something else is refused as it is (ForeignFileError); a broken file of ours is not."""
        try:
            raw = self._storage.read_raw()
        except OSError:
            return  # unreadable: the locked open says why
        if raw is not None and raw.strip() and not looks_like_state(raw):
            raise ForeignFileError(self.path, "it does not start like one")
        if raw is not None:
            try:  # a newer SmartPick's file: refused here, before any lock or backup is made
                self._storage.decode(raw)
            except CorruptStateError:
                pass  # broken: the locked open repairs it

    def close(self) -> None:
        self._storage.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def verify(self) -> Recovery | None:
        """Read the file now (repairing it if it broke); the recovery this call made, if any.
        The TUI calls it on every disk poll so a file broken mid-session is said plainly."""
        before = self.recovery
        try:
            self._tables()
        except StoreError:
            return None
        return self.recovery if self.recovery is not before else None

    def changed_on_disk(self) -> bool:
        """True when another session wrote the file since `mark_seen()` or this session's
        last change (exact: compares content, not timestamps that can collide)."""
        try:
            return self._storage.read_raw() != self._seen
        except (OSError, StoreError):
            return True

    def mark_seen(self) -> None:
        """Call before refreshing the screens from the file."""
        try:
            self._seen = self._storage.read_raw()
        except (OSError, StoreError):
            pass

    # --- locking, recovery and the one write path -------------------------------------------
    @contextmanager
    def _locked(self, failure: type[StoreError]) -> Iterator[None]:
        """Hold the inter-process lock; lock and OS errors become `failure` with one sentence."""
        try:
            with self._lock:
                yield
        except Timeout:
            raise failure(
                f"another SmartPick session has held {self.lock_path} for more than "
                f"{LOCK_TIMEOUT_S:.0f} s" + _NOT_SAVED.get(failure, "")
            ) from None
        except UnconfirmedWriteError as error:
            raise failure(
                f"{self.path} was replaced but the disk did not confirm it ({describe(error)}); "
                f"the change may be lost if the machine loses power"
            ) from None
        except OSError as error:
            reason = "the disk is full" if error.errno == errno.ENOSPC else describe(error)
            where = getattr(error, "filename", None) or self.path
            raise failure(f"could not write {where}: {reason}" + _NOT_SAVED.get(failure, "")) from None

    def _recover(self, error: CorruptStateError) -> None:
        """With the lock held: move the unusable file aside; write back this session's last
        intact state if it has one (never roll back what the user saw), else restore the
        newest good backup."""
        moved = move_aside(self.path)
        if self._storage.good_raw is not None:
            atomic_write_bytes(self.path, self._storage.good_raw)
            self.recovery = Recovery(self.path, error.reason, moved, None, session_kept=True)
            return
        restored: Backup | None = None
        for backup in backups.list_backups(self.path):
            try:
                raw = backups.read_backup(backup.path)
                self._storage.decode(raw)
            except (OSError, StoreError):  # unreadable, broken or foreign: try the next one
                continue
            atomic_write_bytes(self.path, raw)
            restored = backup
            break
        self.recovery = Recovery(self.path, error.reason, moved, restored)

    def _load(self) -> Tables:
        """The file's tables; StoreError (not a raw OSError) when it cannot be read. A
        read-only open that meets entries it cannot use skips them and warns once
        (`SetAsideWarning`: the CLI prints it as one line), since it may not write them aside."""
        try:
            tables = self._storage.load() or {}
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {describe(error)}") from None
        if self.readonly and self._storage.set_aside and self.set_aside is None:
            self.set_aside = SetAsideReport(self.path, self._storage.set_aside, None)
            warnings.warn(SetAsideWarning(self.set_aside.message), stacklevel=2)
        return tables

    def _tables(self) -> Tables:
        """The current tables: the change's working copy, else the file (repaired if needed)."""
        with self._thread_lock:
            if self._in_change:
                return self._storage.read() or {}
            try:
                return self._load()
            except CorruptStateError:
                if self.readonly:
                    raise
                with self._locked(StoreError):
                    try:
                        return self._load()  # another session already repaired it
                    except CorruptStateError as still:
                        self._recover(still)
                return self._load()

    @contextmanager
    def _writing(self, hourly_backup: bool = True) -> Iterator[None]:
        """One durable change: lock, re-read, apply, write once; nested calls join the outer."""
        if self.readonly:
            raise StoreWriteError(f"{self.path} is open read-only; the change was not saved")
        with self._thread_lock:
            if self._in_change:
                yield
                return
            with self._locked(StoreWriteError):
                try:
                    self._storage.begin()
                except CorruptStateError as error:
                    self._recover(error)
                    if self.recovery is None or not self.recovery.session_kept:
                        raise StoreWriteError(
                            f"{self.recovery_message} The change was not saved; make it again."
                        ) from None
                    self._storage.begin()  # the session's state is back: apply the change
                self._set_aside_bad_entries()
                self._in_change = True
                try:
                    if hourly_backup and self._storage.last_raw is not None and backups.backup_due(self.path):
                        backups.take_backup(self.path, self._storage.last_raw)
                    yield
                    self._storage.commit()
                finally:
                    self._in_change = False
                    self._storage.end()
            self._seen = self._storage.last_raw

    # --- whole-state operations: export, import, backups -------------------------------------
    def summary(self) -> str:
        """What the state holds, in words (for CLI messages)."""
        with self._thread_lock:
            return summary(self._tables())

    def export_text(self) -> str:
        """The whole state as a pretty, versioned export (see `store.transfer`)."""
        with self._thread_lock:
            return export_text(self._tables())

    def replace_all(self, tables: Tables) -> None:
        """Make validated `tables` (from `transfer.parse_export`) the whole state, after
        backing up what is there now so the import can be undone with `backup restore`."""
        with self._writing(hourly_backup=False):
            if self._storage.last_raw is not None:
                backups.take_backup(self.path, self._storage.last_raw)
            self._storage.replace_all(tables)

    def backups(self) -> list[Backup]:
        return backups.list_backups(self.path)

    def restore_backup(self, number: int) -> Backup:
        """Make backup `number` (1 = newest) the state, after backing up the current one."""
        with self._writing(hourly_backup=False):  # numbers as the user listed them
            listed = self.backups()
            if not 1 <= number <= len(listed):
                raise StoreError(
                    f"there is no backup {number}; "
                    + (f"choose 1-{len(listed)}" if listed else "there are no backups yet")
                )
            chosen = listed[number - 1]
            try:
                tables, _found = self._storage.decode(backups.read_backup(chosen.path))
            except OSError as error:
                raise StoreError(f"cannot read {chosen.path}: {describe(error)}") from None
            except (CorruptStateError, ForeignFileError) as error:
                raise StoreError(f"backup {number} ({chosen.path}) cannot be used: {error.reason}") from None
            if self._storage.last_raw is not None:
                backups.take_backup(self.path, self._storage.last_raw)
            self._storage.replace_all(tables)
        return chosen


_NOT_SAVED: dict[type[StoreError], str] = {StoreWriteError: "; the change was not saved"}

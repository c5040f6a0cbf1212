"""A TinyDB `Storage` that validates what it reads and only ever replaces the file atomically.

Three jobs, each one a guarantee of docs/reliability.md:
- `write` goes through `recycling_write_bytes` (a spare file written and fsynced, `os.replace`,
  directory fsync; the replaced file is the next spare);
  TinyDB's stock `JSONStorage` truncates and rewrites in place, so a kill leaves a broken file.
- `load` refuses a file it cannot fully trust (empty, truncated, not JSON, foreign, newer)
  with `CorruptStateError`, and brings an older schema forward in memory (`schema.migrate`).
- a *batch* (`begin` ... `commit`) keeps one working copy: TinyDB's table operations read and
  write it in memory, and the whole batch reaches the disk as one atomic write, or not at all.

Speed (every change re-reads the file under the lock): the tables decoded from the current
bytes are kept, so the full record check runs once per distinct content, and neither a read
nor the next change re-parses a file this session has just written. Readers share those
tables and must not change them; a batch takes them over (`begin`) and they are dropped.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from smartpick_tui.store.atomic import recycling_write_bytes
from smartpick_tui.store.errors import CorruptStateError, ForeignFileError, NewerStateError
from smartpick_tui.store.schema import (
    META,
    SCHEMA_VERSION,
    TABLES,
    NewerSchemaError,
    SchemaError,
    SetAside,
    load_tables,
    meta_document,
)

Tables = dict[str, dict[str, Any]]

# Far above any real state (a season's records are well under 1 MB): bigger is not ours, and a
# symlink to /dev/zero or a huge file must not be read without limit.
MAX_STATE_BYTES = 64 * 1024 * 1024
# Our files are TinyDB JSON objects whose first key is one of our tables (or `meta`); a file
# cut short keeps its start. Anything else (CSV, text, an export, other JSON) is not ours.
_OUR_KEYS = tuple(f'"{name}"'.encode() for name in (*TABLES, META, "_default"))
_SNIFF_BYTES = 4096
EXPORT_MARK = b'"format"'


def read_checked(path: Path, limit: int = MAX_STATE_BYTES) -> bytes | None:
    """The bytes of the regular file at `path` (None when there is none), read with the checks
    every state-like file gets — the state file and each backup alike: opened non-blocking (a
    FIFO swapped in after a check cannot hang the open), then its type and size taken from the
    open descriptor, and never more than `limit` bytes read. ForeignFileError otherwise: a FIFO
    used to hang `profile set`, `backup restore` and the TUI, and /dev/zero to read forever."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ForeignFileError(path, "not a regular file") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ForeignFileError(path, "not a regular file")
        if info.st_size > limit:
            raise ForeignFileError(path, f"larger than {limit // 2**20} MB")
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise ForeignFileError(path, f"larger than {limit // 2**20} MB")
    return raw


def looks_like_state(raw: bytes) -> bool:
    """Whether `raw` starts like a SmartPick state file (so a broken one is ours to repair)."""
    head = raw[:_SNIFF_BYTES].lstrip()
    if not head.startswith(b"{") or EXPORT_MARK in head[:64]:
        return False
    first = head[1:].lstrip()
    return any(first.startswith(key) for key in _OUR_KEYS)


def encode(tables: Tables) -> bytes:
    """Compact ASCII JSON: every write re-serialises the whole file, so size is time
    (docs/pitfalls.md), and the C encoder is a third faster with `ensure_ascii`."""
    return json.dumps(tables, separators=(",", ":")).encode("ascii")


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.last_raw: bytes | None = None  # the bytes last read from or written to the file
        self.found_version = SCHEMA_VERSION  # schema version of the last file loaded
        # bytes, their usable tables, version, what was set aside from them
        self._decoded: tuple[bytes, Tables, int, tuple[SetAside, ...]] | None = None
        self.set_aside: tuple[SetAside, ...] = ()  # what the last file loaded could not use
        self._working: Tables | None = None  # the batch's copy while a batch is open
        self.good_raw: bytes | None = None  # the last bytes this session read or wrote intact
        self._dirty = False
        self.encode = encode  # State swaps in its incremental encoder (store/record_cache.py)

    # --- reading ----------------------------------------------------------------------------
    def read_raw(self) -> bytes | None:
        """The file's bytes; ForeignFileError for a FIFO, device, directory or huge file
        (`read_checked`)."""
        return read_checked(self.path)

    def load(self) -> Tables | None:
        """The file's tables at the current schema (shared: do not change them), None when
        there is no file yet."""
        raw = self.read_raw()
        self.last_raw = raw
        if raw is None:
            self.found_version = SCHEMA_VERSION
            self.set_aside = ()
            return None
        tables, self.found_version = self.decode(raw)
        self.good_raw = raw  # read intact: what a repair writes back if the file breaks later
        assert self._decoded is not None
        self.set_aside = self._decoded[3]
        return tables

    def decode(self, raw: bytes) -> tuple[Tables, int]:
        """Parse, check and migrate `raw` (shared result: do not change it)."""
        if self._decoded is not None and raw == self._decoded[0]:
            return self._decoded[1], self._decoded[2]
        if not raw.strip():
            raise CorruptStateError(self.path, "the file is empty")
        if not looks_like_state(raw):
            if self.good_raw is None:
                raise ForeignFileError(self.path, "it does not start like one")
            # This session read or wrote our file here a moment ago: it broke, and is repaired
            # (moved aside, never deleted) rather than refused.
            raise CorruptStateError(self.path, "it no longer holds SmartPick data (cut short or overwritten)")
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise CorruptStateError(self.path, "it is not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise CorruptStateError(
                self.path,
                f"it is not valid JSON ({error.msg} at line {error.lineno}, column "
                f"{error.colno}); it may have been cut short",
            ) from None
        except RecursionError:
            raise CorruptStateError(self.path, "it is nested too deeply to read") from None
        except ValueError as error:  # e.g. a number past Python's int digit limit
            raise CorruptStateError(
                self.path, f"it holds a value that cannot be read ({str(error)[:80]})"
            ) from None
        try:
            tables, found, aside = load_tables(data)
        except NewerSchemaError as error:
            raise NewerStateError(self.path, str(error)) from None
        except SchemaError as error:
            raise CorruptStateError(self.path, str(error)) from None
        self._decoded = (raw, tables, found, aside)
        if raw == self.last_raw:
            self.good_raw = raw
        return tables, found

    def read(self) -> Tables | None:
        """TinyDB's read: the working copy inside a batch, else the file."""
        if self._working is not None:
            return self._working
        return self.load()

    # --- writing ----------------------------------------------------------------------------
    def write(self, data: Tables) -> None:
        """TinyDB's write: into the working copy inside a batch, else straight to disk."""
        if self._working is not None:
            self._working = data
            self._dirty = True
        else:
            self._write_file(data)

    def _write_file(self, data: Tables) -> None:
        if self.readonly:
            raise PermissionError(f"{self.path} is open read-only")
        data[META] = meta_document()
        raw = self.encode(data)
        recycling_write_bytes(self.path, raw)  # writes over the version before last (atomic.py)
        self.last_raw = raw
        self.good_raw = raw
        self.found_version = SCHEMA_VERSION
        self._decoded = (raw, data, SCHEMA_VERSION, ())
        self.set_aside = ()

    # --- batches ----------------------------------------------------------------------------
    def begin(self) -> None:
        """Start a batch from the file as it is now (the caller holds the inter-process lock).
        The batch owns its tables: TinyDB changes them in place."""
        self._working = self.load() or {}
        self._decoded = None
        self._dirty = False

    def replace_all(self, tables: Tables) -> None:
        """Inside a batch: make `tables` (already validated) the whole new content."""
        self.write(dict(tables))

    def mark_dirty(self) -> None:
        """Inside a batch: write even without a change (to save a migrated file)."""
        self._dirty = True

    def commit(self) -> None:
        """End the batch, writing the working copy if anything changed."""
        working, dirty = self._working, self._dirty
        self.end()
        if dirty and working is not None:
            self._write_file(working)

    def end(self) -> None:
        """End the batch without writing (after an error, nothing reaches the disk)."""
        self._working = None
        self._dirty = False

    def close(self) -> None:
        self.end()

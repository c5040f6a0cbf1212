"""The user's imported programs: one JSON file beside the state file, never inside TinyDB.

docs/pitfalls.md: every TinyDB write re-serialises the whole file (66 ms at 20,000 documents), so a
big import inside the state file would slow every tick of the checklist. This file is written
only when the user imports, atomically (`store.atomic`), in the format of `core.catalog`.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from smartpick_tui.core.catalog import (
    ImportsFileError,
    MergePlan,
    encode_imports,
    plan_merge,
    read_imports_file,
)
from smartpick_tui.core.programs import Program, shipped_catalog
from smartpick_tui.store import StoreError, StoreWriteError
from smartpick_tui.store.atomic import atomic_write_bytes
from smartpick_tui.store.paths import imports_path as imports_path  # decided in store.paths
from smartpick_tui.store.paths import make_private_dir


def read_imports(path: Path) -> tuple[Program, ...]:
    """The imported programs (none if the file does not exist); StoreError when unreadable."""
    try:
        return read_imports_file(path)
    except ImportsFileError as error:
        raise StoreError(str(error)) from None


def write_imports(path: Path, programs: Sequence[Program]) -> None:
    """Replace the imports file atomically; StoreWriteError (old file intact) on failure."""
    make_private_dir(path.parent)
    try:
        atomic_write_bytes(path, encode_imports(programs))
    except OSError as error:
        reason = (
            "the disk is full"
            if error.errno == errno.ENOSPC
            else (os.strerror(error.errno) if error.errno else str(error))
        )
        raise StoreWriteError(f"could not write {path}: {reason}; the import was not saved") from None


LOCK_TIMEOUT_S = 10.0


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Read-merge-write of the imports file under an inter-process lock: two imports at once
    both land (without it, the second write erased the first's programs)."""
    make_private_dir(path.parent)
    try:
        with FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT_S, mode=0o600):
            yield
    except Timeout:
        raise StoreWriteError(
            f"another SmartPick session held {path} for {LOCK_TIMEOUT_S:.0f} s; "
            "the import was not saved, try again"
        ) from None


def store_import(path: Path, incoming: Sequence[Program]) -> MergePlan:
    """Merge validated programs into the imports file and write it; returns what changed."""
    with _locked(path):
        plan = plan_merge(_shipped(), read_imports(path), incoming)
        write_imports(path, plan.imports)
    return plan


def preview_import(path: Path, incoming: Sequence[Program]) -> MergePlan:
    """What `store_import` would do, without writing."""
    return plan_merge(_shipped(), read_imports(path), incoming)


def clear_imports(path: Path) -> int:
    """Remove every imported program; returns how many there were."""
    with _locked(path):
        count = len(read_imports(path))
        write_imports(path, ())
    return count


def _shipped() -> Sequence[Program]:
    try:
        return shipped_catalog()
    except (OSError, ValueError, KeyError):
        return ()

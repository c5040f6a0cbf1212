"""What happens to a state file that cannot be used (docs/reliability.md, guarantee 4).

It is never overwritten: it is renamed to a timestamped `.corrupt` copy beside itself, the
newest backup that still validates takes its place, and a `Recovery` records exactly what was
done so the TUI and the CLI can say it in one message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from smartpick_tui.store.atomic import atomic_write_bytes
from smartpick_tui.store.backups import Backup
from smartpick_tui.store.schema import SetAside

CORRUPT_SUFFIX = ".corrupt"


@dataclass(frozen=True)
class Recovery:
    state_path: Path
    reason: str
    moved_to: Path
    restored: Backup | None
    session_kept: bool = False  # the file broke while a session had it: its state was written back

    @property
    def message(self) -> str:
        said = (
            f"SmartPick could not use {self.state_path}: {self.reason}. It was moved, "
            f"unchanged, to {self.moved_to}. "
        )
        if self.session_kept:
            return (
                said + "This session's data (everything you saw on screen) was written "
                "back in its place: nothing was lost."
            )
        if self.restored is None:
            return said + "No good backup was found, so SmartPick starts empty."
        return (
            said + f"The backup from {self.restored.when} ({self.restored.path}) was "
            f"restored; anything changed after that is only in the moved file."
        )


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename `path` to `<name>.<UTC time>.corrupt` (never over an existing copy)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{stamp}{CORRUPT_SUFFIX}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{stamp}-{counter}{CORRUPT_SUFFIX}")
    path.rename(target)
    return target


SET_ASIDE_SUFFIX = ".set-aside.json"


@dataclass(frozen=True)
class SetAsideReport:
    """Entries (or single fields) of the state file that failed validation and were taken out,
    kept in `saved_to` (None: a read-only open, nothing was written)."""

    state_path: Path
    entries: tuple[SetAside, ...]
    saved_to: Path | None

    @property
    def message(self) -> str:
        count = len(self.entries)
        shown = "; ".join(entry.label for entry in self.entries[:3])
        more = f"; and {count - 3} more" if count > 3 else ""
        entries = "1 entry" if count == 1 else f"{count} entries"
        head = f"{entries} in {self.state_path} could not be used: {shown}{more}."
        if self.saved_to is None:
            return head + " They are skipped here; the next change sets them aside in a file."
        return head + f" They were set aside in {self.saved_to}; everything else was kept."


def write_set_aside(path: Path, entries: tuple[SetAside, ...], now: datetime | None = None) -> Path:
    """Keep what was taken out of the state file in `<name>.<UTC time>.set-aside.json` beside it
    (never over an existing one), as JSON the user can read and copy back by hand."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{stamp}{SET_ASIDE_SUFFIX}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{stamp}-{counter}{SET_ASIDE_SUFFIX}")
    body = {"state_file": str(path), "set_aside": [entry.to_dict() for entry in entries]}
    atomic_write_bytes(target, json.dumps(body, indent=2, ensure_ascii=True).encode("ascii") + b"\n")
    return target

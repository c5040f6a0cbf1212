"""What happens to a state file that cannot be used (docs/reliability.md, guarantee 4).

It is never overwritten: it is renamed to a timestamped `.corrupt` copy beside itself, the
newest backup that still validates takes its place, and a `Recovery` records exactly what was
done so the TUI and the CLI can say it in one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from smartpick_tui.store.backups import Backup

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

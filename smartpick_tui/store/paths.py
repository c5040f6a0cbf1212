"""The files that live beside the state file, and the checks made before touching any of them.

Every such path is decided here: the lock, the imports file, the saved drafts (the backups
folder is `store.backups.backup_dir`, the quarantined copies `store.recovery`). The shipped data
and the XDG folders are `smartpick_tui.locations`.

Every check turns a confusing OS error into one sentence naming the path and what to do:
the CLI prints it and exits, the TUI shows it; nobody sees a traceback.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from smartpick_tui.store.atomic import TEMP_SUFFIX, temp_prefix
from smartpick_tui.store.errors import DiskFullError, StoreError

if TYPE_CHECKING:  # names only: the store opens without the drafts' modules (issue 26)
    from smartpick_tui.core.draft_checks import DraftKind
    from smartpick_tui.core.programs import Program

DIR_MODE = 0o700
IMPORTS_FILE = "imports.json"
DRAFTS_DIR = "drafts"
EXPORTS_DIR = "exports"
SAVE_NAMES_MAX = 999  # saves of one draft on one day: '-2' … '-999'
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def lock_path(state_path: Path) -> Path:
    return state_path.with_name(state_path.name + ".lock")


def imports_path(db_path: Path) -> Path:
    """`<state dir>/imports.json` for the state file at `db_path`."""
    return Path(db_path).parent / IMPORTS_FILE


def drafts_dir(db_path: Path) -> Path:
    """Saved drafts go beside the state file (the user data dir unless --db says otherwise)."""
    return Path(db_path).parent / DRAFTS_DIR


def exports_dir(db_path: Path) -> Path:
    """Files the app writes for the student to take elsewhere (rank list, shared plan)."""
    return Path(db_path).parent / EXPORTS_DIR


def draft_filename(kind: DraftKind, program: Program | None, day: str, number: int = 1) -> str:
    """'2026-09-20-radar-1716110C0.txt'; the second save that day gets '-2', and so on."""
    who = _UNSAFE_FILENAME.sub("-", program.id).strip("-.")[:60] if program else "snippet"
    suffix = f"-{number}" if number > 1 else ""
    return f"{day}-{kind.value}-{who or 'program'}{suffix}.txt"


def draft_paths(folder: Path, kind: DraftKind, program: Program | None, day: str) -> Iterator[Path]:
    """The names a save tries, in order; the first free one is used (never an overwrite)."""
    for number in range(1, SAVE_NAMES_MAX + 1):
        yield folder / draft_filename(kind, program, day, number)


def describe(error: OSError) -> str:
    return error.strerror or str(error)


def check_state_path(path: Path, readonly: bool) -> Path:
    """The absolute state path, or StoreError saying why it cannot be used."""
    if path.parts and path.parts[0].startswith("~"):
        raise StoreError(
            f"cannot find your home directory to place the state file ({path}); set HOME, "
            f"or choose the file with --db PATH or SMARTPICK_DB"
        )
    path = Path(os.path.abspath(path))
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a state file; pass a file path with --db")
    if path.is_symlink() and not readonly:
        raise StoreError(
            f"{path} is a symbolic link (to {os.readlink(path)}); SmartPick replaces the file "
            f"on every save and would break the link, so pass the real file with --db"
        )
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise StoreError(f"cannot keep {path} there: {parent} is not a directory")
    return path


def make_private_dir(directory: Path) -> None:
    """Create `directory` (mode 0700: it holds scores and names) if it does not exist."""
    try:
        directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the directory {directory}: {describe(error)}") from None


def remove_stale_temps(state_path: Path) -> None:
    """Delete temp files a killed writer left behind (call with the lock held: a live writer's
    temp file only exists while it holds the lock)."""
    prefix = temp_prefix(state_path)
    for leftover in state_path.parent.glob(f"{glob.escape(prefix)}*{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def check_writable(state_path: Path) -> None:
    """Create and remove a temp file beside the state: the app learns at start that its
    changes could not be saved (a read-only mount, a directory it does not own), not at the
    first lost change. `os.access` cannot tell (root, immutable directories, mounts)."""
    try:
        fd, name = tempfile.mkstemp(prefix=temp_prefix(state_path), suffix=TEMP_SUFFIX, dir=state_path.parent)
        os.close(fd)
        os.unlink(name)
    except OSError as error:
        kind = DiskFullError if error.errno in (errno.ENOSPC, errno.EDQUOT) else StoreError
        raise kind(
            f"cannot save in {state_path.parent}: {describe(error)}; open it "
            f"read-only or choose another file with --db"
        ) from None


def not_replaceable(path: Path) -> str | None:
    """Why `--force` may not replace `path` ("a FIFO", "a character device", …), or None when
    it is a regular file or nothing. `os.replace` renames over anything: as root it turned
    /dev/full into a JSON file. A symbolic link is refused too (the link would be replaced,
    not the file it points to)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be checked ({describe(error)})"
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")

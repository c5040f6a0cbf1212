"""Crowd-reported invitations the student imported (`core.peer_invites`): one JSON file beside
the state file (like the catalog imports), written atomically, read with the same checks as any
file the app did not write itself (a regular file, bounded size)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from smartpick_tui.core.peer_invites import MAX_BYTES, PeerInvite
from smartpick_tui.store import StoreError, StoreWriteError
from smartpick_tui.store.atomic import atomic_write_bytes
from smartpick_tui.store.paths import make_private_dir

PEER_FILE = "peer_invites.json"
FORMAT = "smartpick-peer-invites"
READ_MAX_BYTES = 4 * MAX_BYTES  # the JSON of a full import is larger than its CSV


def peer_invites_path(db_path: Path) -> Path:
    return Path(db_path).parent / PEER_FILE


def read_peer_invites(path: Path) -> tuple[PeerInvite, ...]:
    """The stored reports (none without a file); StoreError naming the file when unusable."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return ()
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path} is not a regular file; move it away to import reports again")
    if info.st_size > READ_MAX_BYTES:
        raise StoreError(f"{path} is over {READ_MAX_BYTES // (1024 * 1024)} MB; move it away")
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a SmartPick peer-invites file")
        return tuple(PeerInvite.from_dict(item) for item in data["invites"])
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise StoreError(f"{path} cannot be read ({error}); move it away to import reports again") from None


def write_peer_invites(path: Path, invites: Sequence[PeerInvite]) -> None:
    make_private_dir(path.parent)
    body = json.dumps({"format": FORMAT, "version": 1, "invites": [i.to_dict() for i in invites]}, indent=1)
    try:
        atomic_write_bytes(path, body.encode("utf-8"))
    except OSError as error:
        raise StoreWriteError(
            f"could not write {path}: {error.strerror or error}; nothing was saved"
        ) from None

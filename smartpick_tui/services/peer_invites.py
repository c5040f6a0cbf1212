"""Importing and reading crowd-reported invitations for the CLI (`smartpick peers`) and the
Programs tab (the detail line; the palette's import). The program column is resolved through
the catalog: an id, an NRMP code, or a name the Programs search finds first."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from smartpick_tui.core.catalog_search import CatalogIndex, Filters, SortKey
from smartpick_tui.core.peer_invites import (
    MAX_BYTES,
    PeerFileError,
    PeerImport,
    PeerSummary,
    merged,
    parse_peer_csv,
    summaries,
)
from smartpick_tui.core.programs import Program
from smartpick_tui.services.catalog import indexed_catalog
from smartpick_tui.store.paths import imports_path
from smartpick_tui.store.peer_invites import peer_invites_path, read_peer_invites, write_peer_invites


def _resolver(index: CatalogIndex, by_id: dict[str, Program]) -> Callable[[str], Program | None]:
    by_code = {p.nrmp_code: p for p in index.programs if p.nrmp_code}

    def resolve(text: str) -> Program | None:
        key = text.strip()
        hit = by_id.get(key) or by_code.get(key.upper())
        if hit is not None:
            return hit
        rows = index.search(Filters(text=key, sort=SortKey.NAME))
        return index.programs[rows[0]] if rows else None

    return resolve


def read_csv_file(path: Path) -> bytes:
    """The file's bytes with the checks of any outside file: regular, bounded; PeerFileError."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise PeerFileError(f"{path} is not a regular file")
        if info.st_size > MAX_BYTES:
            raise PeerFileError(f"{path} is over {MAX_BYTES // (1024 * 1024)} MB: not a list of invitations")
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise PeerFileError(f"cannot read {path}: {error.strerror or error}") from None


def import_peer_file(db_path: Path, csv_path: Path) -> tuple[PeerImport, int]:
    """Read, resolve and merge into the stored reports; returns the parse and the new total.
    PeerFileError for a file that is not one; StoreError / StoreWriteError from the store."""
    catalog, index = indexed_catalog(imports_path(db_path))
    parsed = parse_peer_csv(read_csv_file(csv_path), _resolver(index, catalog.by_id))
    target = peer_invites_path(db_path)
    everything = merged(read_peer_invites(target), parsed.invites)
    write_peer_invites(target, everything)
    return parsed, len(everything)


def peer_summaries(db_path: Path) -> dict[str, PeerSummary]:
    return summaries(read_peer_invites(peer_invites_path(db_path)))

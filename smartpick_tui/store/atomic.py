"""Durable file replacement (docs/pitfalls.md: TinyDB's JSONStorage rewrites in place and a kill
mid-write leaves a broken file). Write a temp file in the same directory, fsync it,
`os.replace` it over the target, then fsync the directory so the rename itself survives."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"


class UnconfirmedWriteError(OSError):
    """The new file is in place but the directory fsync failed: it may not survive a power cut."""


def temp_prefix(path: Path) -> str:
    """Temp files for `path` start with this (hidden, so a crash leftover is easy to spot)."""
    return f".{path.name}."


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace `path` with `data` all at once; on any error before the rename the old file is
    untouched and the temp file is removed."""
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    try:
        fsync_dir(path.parent)
    except OSError as error:
        raise UnconfirmedWriteError(error.errno, error.strerror) from error


def atomic_write_text(path: Path, text: str, mode: int = FILE_MODE) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def write_new_text(candidates: Iterable[Path], text: str, mode: int = FILE_MODE) -> Path:
    """Write `text` durably to the first of `candidates` that does not exist yet, and never
    over an existing file — not even one another session creates meanwhile: the temp file is
    hard-linked into place (`os.link` fails on an existing name), not renamed over it."""
    for path in candidates:
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            try:
                os.fchmod(fd, mode)
                view = memoryview(text.encode("utf-8"))
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(tmp_name, path)
            except FileExistsError:
                continue
        finally:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
        fsync_dir(path.parent)
        return path
    raise FileExistsError("every candidate name is taken")

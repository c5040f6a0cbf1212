"""The store's exceptions: each one is a sentence the TUI or CLI can show as it is."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Something the user must be told about, in one clear sentence."""


class StoreWriteError(StoreError):
    """The change was not saved; the file on disk is as it was before."""


class CorruptStateError(StoreError):
    """The state file exists but cannot be used as it is (unreadable, foreign or too new).

    Raised by read-only opens, which must not touch the file; a writable `State` answers it
    by moving the file aside and restoring the latest good backup (`State.recovery`).
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} cannot be used: {reason}")
        self.path = path
        self.reason = reason


class ForeignFileError(StoreError):
    """The path holds something that is not a SmartPick state file (a CSV, an export, a text
    file, a FIFO or device, something huge). It is left exactly as it is: never moved aside,
    never replaced."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path} is not a SmartPick state file ({reason}); it was left "
            "untouched. Point --db at a new or an existing SmartPick file."
        )
        self.path = path
        self.reason = reason


class RecordDeletedError(StoreWriteError):
    """The record a form was opened on was deleted in another session (its tombstone): saving
    must ask "keep mine" (write it again) or "drop it", never bring it back silently."""

    def __init__(self, noun: str) -> None:
        super().__init__(f"this {noun} was deleted in another session; the change was not saved")
        self.noun = noun


class MergeConflictError(StoreWriteError):
    """Another session changed the same field(s) to something else since the form opened; the
    user chooses (keep mine / keep theirs / both). `conflicts` are `core.merge.FieldConflict`."""

    def __init__(self, noun: str, conflicts: tuple[object, ...]) -> None:
        names = ", ".join(str(getattr(c, "name", c)) for c in conflicts)
        super().__init__(
            f"another session changed {names} of this {noun} meanwhile; the change was not saved"
        )
        self.noun = noun
        self.conflicts = conflicts


class DraftConflictError(StoreWriteError):
    """Another session changed the same draft since this one last saw it (`theirs` is the text
    on disk, None when it was reset to the template there)."""

    def __init__(self, theirs: str | None) -> None:
        super().__init__("another session changed this draft meanwhile; the change was not saved")
        self.theirs = theirs


class NewerStateError(StoreError):
    """Written by a newer SmartPick (a downgrade, or an older copy on a second machine): this
    build cannot read it without losing what the newer one stored, so it refuses it, read-only:
    nothing moved, nothing created, and the message names the version to install."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} cannot be opened: {reason}. It was left untouched.")
        self.path = path
        self.reason = reason


class SetAsideWarning(UserWarning):
    """A read-only open skipped entries of the state file it cannot use (the message says which)."""


class DiskFullError(StoreError):
    """No room to save next to the state file (ENOSPC / EDQUOT) at start: the app can still open
    the plan read-only and say so."""

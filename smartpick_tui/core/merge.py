"""Three-way merges of one record: the version a form was opened on (base), what is on disk
now (theirs), and what the form holds (mine).

A form is a stale copy the moment another session writes (docs/pitfalls.md, "screen ahead of
the disk"): writing it back whole reverted the other session's toggle. So a save writes only
the fields *mine* changed against *base*; a field both sessions changed to different values
is a conflict the user resolves (keep mine / keep theirs / both for text), never a silent loss.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Choice(str, Enum):
    """How one conflicting field is resolved."""

    MINE = "mine"
    THEIRS = "theirs"
    BOTH = "both"  # text: theirs, then mine, on separate lines; lists: theirs, then mine's others


@dataclass(frozen=True)
class FieldConflict:
    name: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def is_text(self) -> bool:
        return isinstance(self.mine, str) and isinstance(self.theirs, str)

    @property
    def is_list(self) -> bool:
        """Two lists (the profile's ties, preferred regions, red flags): 'both' is their union."""
        return isinstance(self.mine, (list, tuple)) and isinstance(self.theirs, (list, tuple))


@dataclass(frozen=True)
class Merge:
    changes: dict[str, Any]  # what to write over theirs: fields only mine changed, or both alike
    conflicts: tuple[FieldConflict, ...]  # both changed, to different values


def three_way(base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> Merge:
    """Field by field: unchanged in mine → theirs stands; changed in mine only (or the same
    change in both) → mine; changed differently in both → a conflict."""
    changes: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, value in mine.items():
        old = base.get(name)
        if value == old:
            continue
        now = theirs.get(name)
        if now in (old, value):
            changes[name] = value
        else:
            conflicts.append(FieldConflict(name, old, value, now))
    return Merge(changes, tuple(conflicts))


def both_texts(theirs: str, mine: str) -> str:
    """'Keep both' for a text field or a draft: nothing typed in either session is dropped.
    Lines the two share at the start and at the end are kept once; mine's differing lines go
    after theirs' ("Dear …" typed into in two sessions keeps the letter once, with both
    sessions' lines, instead of the whole letter twice)."""
    if not theirs.strip():
        return mine
    if not mine.strip() or mine == theirs:
        return theirs
    ours, other = mine.split("\n"), theirs.split("\n")
    start = 0
    while start < min(len(ours), len(other)) and ours[start] == other[start]:
        start += 1
    end = 0
    while end < min(len(ours), len(other)) - start and ours[-1 - end] == other[-1 - end]:
        end += 1
    added = ours[start : len(ours) - end]
    if not added:
        return theirs
    cut = len(other) - end
    return "\n".join([*other[:cut], *added, *other[cut:]])


def both_lists(theirs: Sequence[Any], mine: Sequence[Any]) -> tuple[Any, ...]:
    """'Keep both' for a list field: theirs, then what mine adds (each entry once)."""
    return (*theirs, *(item for item in dict.fromkeys(mine) if item not in theirs))


def resolved(conflict: FieldConflict, choice: Choice) -> Any:
    """The value one conflict takes under `choice` (BOTH falls back to mine for other values)."""
    if choice is Choice.THEIRS:
        return conflict.theirs
    if choice is Choice.BOTH and conflict.is_text:
        return both_texts(conflict.theirs, conflict.mine)
    if choice is Choice.BOTH and conflict.is_list:
        return both_lists(conflict.theirs, conflict.mine)
    return conflict.mine

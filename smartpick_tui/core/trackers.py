"""What the student tracks over the season: marks, aways, letters, outreach, checklist.

Plain frozen dataclasses with dict round-trips, so the store keeps TinyDB documents to itself
and the TUI and CLI only ever see these. Text fields pass through `clean_text` on the way in.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from enum import Enum
from typing import Any, Self, TypeVar

from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.sanitize import clean_line, clean_text

NOTE_MAX = 2000
NAME_MAX = 300


class VsloStatus(str, Enum):
    PLANNED = "planned"
    APPLIED = "applied"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"


class LetterStatus(str, Enum):
    TO_ASK = "to-ask"
    ASKED = "asked"
    AGREED = "agreed"
    UPLOADED = "uploaded"


class ProgramClass(str, Enum):
    REACH = "reach"
    TARGET = "target"
    SAFETY = "safety"


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def record_id(value: Any) -> str:
    """A record's id as stored: text, or a new one when empty. A list or number (a hand-edited
    file) is refused here, by name, instead of crashing every command that indexes records
    by id later (`unhashable type: 'list'`)."""
    if value is None or value == "":
        return new_id()
    if not isinstance(value, str):
        raise ValueError(f"id: {value!r} is not a text id")
    return value


def parse_date(raw: Any) -> str | None:
    """ISO date text (YYYY-MM-DD) or None; ValueError with the expected form."""
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD") from None


E = TypeVar("E", bound=Enum)


def _enum(enum: type[E], raw: Any) -> E:
    try:
        return enum(raw)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValueError(f"{raw!r} is not one of: {allowed}") from None


class Record:
    """Dict round-trip shared by the tracker dataclasses."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)  # type: ignore[call-overload]
        return {key: value.value if isinstance(value, Enum) else value for key, value in data.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Validate a stored or imported document; ValueError names the bad field."""
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
        try:
            return cls(**data).validated()
        except TypeError as error:
            raise ValueError(str(error)) from None

    def validated(self) -> Self:
        return self

    def with_changes(self, **changes: Any) -> Self:
        return replace(self, **changes).validated()  # type: ignore[type-var]

    @classmethod
    def from_form(cls, base: Self | None, values: dict[str, Any]) -> Self:
        """What a tracker form saves: a new record from its values, or `base` with them changed
        (both validated; ValueError names the bad field)."""
        return cls(**values).validated() if base is None else base.with_changes(**values)


@dataclass(frozen=True)
class ProgramMark(Record):
    program_id: str
    apply: bool = False
    away_candidate: bool = False
    email_target: bool = False
    exclude: bool = False
    pinned: bool = False
    class_override: ProgramClass | None = None
    notes: str = ""

    def validated(self) -> ProgramMark:
        override = None if self.class_override is None else _enum(ProgramClass, self.class_override)
        return replace(
            self,
            program_id=clean_line(str(self.program_id))[:NAME_MAX],
            class_override=override,
            notes=clean_text(self.notes)[:NOTE_MAX],
        )

    @property
    def is_empty(self) -> bool:
        return not (
            self.apply
            or self.away_candidate
            or self.email_target
            or self.exclude
            or self.pinned
            or self.class_override
            or self.notes
        )


@dataclass(frozen=True)
class Away(Record):
    program_name: str
    id: str = ""
    program_id: str | None = None
    start: str | None = None  # YYYY-MM-DD
    end: str | None = None
    status: VsloStatus = VsloStatus.PLANNED
    letter_asked: bool = False
    notes: str = ""

    def validated(self) -> Away:
        name = clean_line(self.program_name)[:NAME_MAX]
        if not name:
            raise ValueError("program_name: enter the program or hospital")
        start, end = parse_date(self.start), parse_date(self.end)
        if start and end and end < start:
            raise ValueError("end: the rotation ends before it starts")
        return replace(
            self,
            id=record_id(self.id),
            program_name=name,
            program_id=clean_line(str(self.program_id))[:NAME_MAX] or None if self.program_id else None,
            start=start,
            end=end,
            status=_enum(VsloStatus, self.status),
            letter_asked=bool(self.letter_asked),
            notes=clean_text(self.notes)[:NOTE_MAX],
        )


# The aways that count as "rotated there" (§4: an away is the student's proxy home): done or
# booked. The fit bonus (Programs, SmartPick, `smartpick programs`) and the drafts' claims
# ("away rotations at X") all read this one set.
ROTATED_STATUSES = frozenset({VsloStatus.ACCEPTED, VsloStatus.COMPLETED})


def rotated_program_ids(aways: Iterable[Away]) -> frozenset[str]:
    """The catalog programs the student has rotated at (or is booked to)."""
    return frozenset(a.program_id for a in aways if a.program_id and a.status in ROTATED_STATUSES)


@dataclass(frozen=True)
class Letter(Record):
    writer: str
    kind: LetterKind
    id: str = ""
    role: str = ""
    institution: str = ""
    status: LetterStatus = LetterStatus.TO_ASK
    generic: bool = False  # the writer barely knows the student (§5: avoid)
    notes: str = ""

    def validated(self) -> Letter:
        writer = clean_line(self.writer)[:NAME_MAX]
        if not writer:
            raise ValueError("writer: enter who writes the letter")
        return replace(
            self,
            id=record_id(self.id),
            writer=writer,
            kind=_enum(LetterKind, self.kind),
            role=clean_line(self.role)[:NAME_MAX],
            institution=clean_line(self.institution)[:NAME_MAX],
            status=_enum(LetterStatus, self.status),
            generic=bool(self.generic),
            notes=clean_text(self.notes)[:NOTE_MAX],
        )


@dataclass(frozen=True)
class OutreachEntry(Record):
    program_name: str
    kind: EmailKind
    sent_on: str  # YYYY-MM-DD
    id: str = ""
    program_id: str | None = None
    notes: str = ""

    def validated(self) -> OutreachEntry:
        name = clean_line(self.program_name)[:NAME_MAX]
        if not name:
            raise ValueError("program_name: enter the program")
        sent = parse_date(self.sent_on)
        if sent is None:
            raise ValueError("sent_on: enter the date the email was sent (YYYY-MM-DD)")
        return replace(
            self,
            id=record_id(self.id),
            program_name=name,
            kind=_enum(EmailKind, self.kind),
            sent_on=sent,
            notes=clean_text(self.notes)[:NOTE_MAX],
        )


@dataclass(frozen=True)
class ChecklistEntry(Record):
    step_id: str
    done: bool = False
    done_on: str | None = None
    due: str | None = None
    note: str = ""
    declined: bool = False  # the user unticked a step the app saw as met in the data

    def validated(self) -> ChecklistEntry:
        return replace(
            self,
            step_id=clean_line(self.step_id),
            done=bool(self.done),
            declined=bool(self.declined),
            done_on=parse_date(self.done_on),
            due=parse_date(self.due),
            note=clean_text(self.note)[:NOTE_MAX],
        )


@dataclass(frozen=True)
class Settings(Record):
    theme: str = "textual-dark"
    # The user's own cost estimates (core.costs): per away rotation, per in-person interview.
    away_housing_usd: int | None = None
    travel_per_interview_usd: int | None = None

    def validated(self) -> Settings:
        return replace(
            self,
            theme=clean_line(self.theme)[:80] or "textual-dark",
            away_housing_usd=_usd(self.away_housing_usd, "away_housing_usd"),
            travel_per_interview_usd=_usd(self.travel_per_interview_usd, "travel_per_interview_usd"),
        )


def _usd(value: Any, name: str) -> int | None:
    """A whole number of dollars, 0 to 100,000, or None; ValueError names the field."""
    if value is None or value == "":
        return None
    text = str(value).strip().lstrip("$").replace(",", "")
    if not text.isdigit() or int(text) > 100_000:
        raise ValueError(f"{name}: {value!r} is not a whole number of dollars from 0 to 100,000")
    return int(text)

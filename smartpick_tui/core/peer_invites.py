"""Interview invitations reported by other applicants (opt-in, local): a public CSV of
crowd-reported invitation dates, read into "invites reported by others" per program.

Applicants post the day a program sent invitations (forums, shared spreadsheets); a student
watching their inbox wants to know "has Program X sent invites yet, and to whom?". The app reads
such a file when the student imports it, keeps it beside the state file and shows it per program,
labelled crowd-reported and unverified. Nothing is sent anywhere; nothing here moves the model.

The format (documented in docs/peer-invites.md): a header row, then one invitation per row:

    program,date,applicant_type
    1714140C0,2026-10-14,us-md
    "Internal Medicine - U Texas Med Branch-Galveston",2026-10-20,DO

`program` is a catalog id or NRMP code or a program name the catalog search resolves; `date` is
YYYY-MM-DD; `applicant_type` is optional (us-md, us-do, us-img, non-us-img, or MD, DO, IMG).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from smartpick_tui.core.profile import SchoolType, parse_field
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_CELL = 300
REJECTS_KEPT = 200
LABEL = "reported by others (crowd-reported, unverified)"
TYPE_WORDS = {"md": "us-md", "do": "us-do", "img": "non-us-img"}


class PeerFileError(ValueError):
    """The file as a whole cannot be read as peer invites; the message says why."""


@dataclass(frozen=True)
class PeerInvite:
    program_id: str
    day: str  # YYYY-MM-DD
    applicant: SchoolType | None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "program_id": self.program_id,
            "day": self.day,
            "applicant": self.applicant.value if self.applicant else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> PeerInvite:
        program_id = clean_line(str(data.get("program_id") or ""))[:MAX_CELL]
        day = date.fromisoformat(str(data.get("day"))).isoformat()
        raw = data.get("applicant")
        applicant = None if raw in (None, "") else SchoolType(str(raw))
        if not program_id:
            raise ValueError("program_id is empty")
        return cls(program_id, day, applicant)


@dataclass(frozen=True)
class PeerImport:
    invites: tuple[PeerInvite, ...]
    rejected: tuple[tuple[int, str], ...]  # (line number, why)
    rows: int


def _applicant(raw: str) -> SchoolType | None:
    text = raw.strip().lower()
    if not text:
        return None
    value, error = parse_field("school", TYPE_WORDS.get(text, text))
    if error:
        raise ValueError(f"applicant_type {clean_line(raw)!r}: use us-md, us-do, us-img or non-us-img")
    return value  # type: ignore[no-any-return]


def parse_peer_csv(raw: bytes, resolve: Callable[[str], Program | None]) -> PeerImport:
    """Every row read or rejected with its reason; PeerFileError for a file that is not one."""
    if len(raw) > MAX_BYTES:
        raise PeerFileError(f"the file is over {MAX_BYTES // (1024 * 1024)} MB: not a list of invitations")
    if b"\x00" in raw[:8192]:
        raise PeerFileError("the file is binary, not a CSV")
    text = raw.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [clean_line(cell).strip().lower() for cell in next(reader)]
    except StopIteration:
        raise PeerFileError("the file is empty") from None
    except csv.Error as error:
        raise PeerFileError(f"not a CSV: {error}") from None
    for needed in ("program", "date"):
        if needed not in header:
            raise PeerFileError(
                f"no {needed!r} column (the header must name program, date and, optionally, applicant_type)"
            )
    where: dict[str, int] = {
        name: header.index(name) for name in ("program", "date", "applicant_type") if name in header
    }
    invites: list[PeerInvite] = []
    rejected: list[tuple[int, str]] = []
    rows = 0
    try:
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > MAX_ROWS:
                raise PeerFileError(f"more than {MAX_ROWS:,} rows: not a list of invitations")
            try:
                invites.append(_row(row, where, resolve))
            except ValueError as error:
                if len(rejected) < REJECTS_KEPT:
                    rejected.append((line, str(error)))
    except csv.Error as error:
        raise PeerFileError(f"not a CSV: {error}") from None
    return PeerImport(tuple(invites), tuple(rejected), rows)


def _row(row: list[str], where: dict[str, int], resolve: Callable[[str], Program | None]) -> PeerInvite:
    def cell(name: str) -> str:
        index = where.get(name)
        return clean_line(row[index])[:MAX_CELL].strip() if index is not None and index < len(row) else ""

    name = cell("program")
    if not name:
        raise ValueError("no program")
    program = resolve(name)
    if program is None:
        raise ValueError(f"{name!r}: no such program in the catalog")
    try:
        day = date.fromisoformat(cell("date")).isoformat()
    except ValueError:
        raise ValueError(f"date {cell('date')!r}: use YYYY-MM-DD") from None
    return PeerInvite(program.id, day, _applicant(cell("applicant_type")))


def merged(old: Iterable[PeerInvite], new: Iterable[PeerInvite]) -> tuple[PeerInvite, ...]:
    """The union, each report once, by program then day."""
    return tuple(
        sorted(
            set(old) | set(new), key=lambda i: (i.program_id, i.day, i.applicant.value if i.applicant else "")
        )
    )


@dataclass(frozen=True)
class PeerSummary:
    count: int
    first: str
    latest: str
    by_type: tuple[tuple[SchoolType, int], ...]

    @property
    def text(self) -> str:
        types = ", ".join(f"{n} {t.label}" for t, n in self.by_type)
        when = self.latest if self.first == self.latest else f"{self.first} to {self.latest}"
        return f"{self.count} invite{'s' if self.count != 1 else ''} {LABEL}: {when}" + (
            f" ({types})" if types else ""
        )


def summaries(invites: Iterable[PeerInvite]) -> dict[str, PeerSummary]:
    grouped: dict[str, list[PeerInvite]] = {}
    for invite in invites:
        grouped.setdefault(invite.program_id, []).append(invite)
    out = {}
    for program_id, reports in grouped.items():
        days = sorted(r.day for r in reports)
        kinds = Counter(r.applicant for r in reports if r.applicant is not None)
        ordered = tuple((t, kinds[t]) for t in SchoolType if kinds[t])
        out[program_id] = PeerSummary(len(reports), days[0], days[-1], ordered)
    return out

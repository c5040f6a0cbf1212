"""Couples in the Match: two applicants who rank pairs of programs (NRMP's couples rank order
list, where each rank is a pair and either side can be "no match").

What a couple plans by hand in a spreadsheet: which of one partner's programs are near the
other's, and which pairs to rank. Here: the student's list against the partner's specialty,
every pair of programs within `within_miles` of each other, each with a joint chance of an
invitation to both (an estimate: the two chances multiplied, as if independent — programs do
not coordinate invitations), then "your program, no match for your partner" rows after every
pair, as the NRMP list allows. The order is a starting point by joint chance: a couple ranks by
preference, and the screen says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from smartpick_tui.core.profile import SchoolType, parse_profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.trackers import Record, _enum

DEFAULT_WITHIN_MILES = 50  # the app's choice: a commute a couple can share
MAX_WITHIN_MILES = 500
PARTNERS_PER_PROGRAM = 3  # the partner's likeliest programs near each of yours
NO_MATCH = "No match"  # NRMP's couples list lets one partner rank "no match" beside a program
MAX_CITIES = 10
JOINT_NOTE = (
    "Joint chance = your invitation chance × your partner's (estimates, as if independent). "
    "The order is a starting point: rank pairs by what you both prefer."
)


@dataclass(frozen=True)
class Couple(Record):
    """The partner, as the couple enters it (one record: `State.couple`)."""

    partner_specialty: str = ""
    partner_step2: int | None = None
    partner_school: SchoolType = SchoolType.US_MD
    partner_cities: tuple[str, ...] = ()  # "Houston, TX": the student's programs near them
    within_miles: int = DEFAULT_WITHIN_MILES

    def validated(self) -> Couple:
        values: dict[str, Any] = {}
        if self.partner_specialty:
            parsed, errors = parse_profile({"specialty": self.partner_specialty})
            if errors:
                raise ValueError(f"partner_specialty: {errors['specialty']}")
            values["partner_specialty"] = parsed.specialty
        if self.partner_step2 is not None and str(self.partner_step2).strip():
            parsed, errors = parse_profile({"step2": str(self.partner_step2)})
            if errors:
                raise ValueError(f"partner_step2: {errors['step2']}")
            values["partner_step2"] = parsed.step2
        else:
            values["partner_step2"] = None
        cities = self.partner_cities
        if isinstance(cities, str):
            cities = tuple(c for c in cities.split(";"))
        values["partner_cities"] = tuple(c for c in (clean_line(str(c)).strip() for c in cities) if c)[
            :MAX_CITIES
        ]
        try:
            within = int(str(self.within_miles).strip() or DEFAULT_WITHIN_MILES)
        except ValueError:
            raise ValueError("within_miles: a whole number of miles") from None
        if not 1 <= within <= MAX_WITHIN_MILES:
            raise ValueError(f"within_miles: 1 to {MAX_WITHIN_MILES} miles")
        values["within_miles"] = within
        values["partner_school"] = _enum(SchoolType, self.partner_school)
        return replace(self, **values)

    @property
    def complete(self) -> bool:
        return bool(self.partner_specialty) and self.partner_step2 is not None


@dataclass(frozen=True)
class Chance:
    program: Program
    p: float  # the chance of an invitation (estimate)


@dataclass(frozen=True)
class PairRow:
    yours: Chance
    partner: Chance | None  # None: "no match" for the partner
    miles: float | None

    @property
    def joint(self) -> float:
        return self.yours.p * (self.partner.p if self.partner else 1.0)


def pair_list(
    yours: Sequence[Chance],
    partners: Sequence[Chance],
    within_miles: int,
    miles: Callable[[Program, Program], float | None],
) -> list[PairRow]:
    """Pairs within reach of each other (the partner's likeliest few per program of yours), by
    joint chance; then each of your programs with "no match" for the partner, by your chance."""
    pairs: list[PairRow] = []
    for own in yours:
        near = []
        for other in partners:
            distance = miles(own.program, other.program)
            if distance is not None and distance <= within_miles:
                near.append(PairRow(own, other, distance))
        near.sort(
            key=lambda row: (
                -row.partner.p if row.partner else 0.0,
                row.miles or 0.0,
                row.partner.program.id if row.partner else "",
            )
        )
        pairs += near[:PARTNERS_PER_PROGRAM]
    pairs.sort(key=lambda row: (-row.joint, row.miles or 0.0, row.yours.program.id))
    alone = sorted(
        (PairRow(own, None, None) for own in yours), key=lambda row: (-row.joint, row.yours.program.id)
    )
    return pairs + alone

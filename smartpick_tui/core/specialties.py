"""The specialty catalog (`data/specialties.json`): public facts plus the article's placement.

A specialty the article names in its tables has `*_basis == "article"`; any other placement
is the app's own extrapolation and carries the one-line reason in the data file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smartpick_tui.core.rules import Competitiveness, SPECIALTY_GROUPS, SpecialtyGroup
from smartpick_tui.locations import data_dir

ARTICLE = "article"
MAIN_MATCH = "NRMP"  # the `match` key of specialties that go through the NRMP Main Residency Match


@dataclass(frozen=True)
class Match:
    """A matching programme (specialties.json `matches`): its name and the calendar an applicant
    plans around. The calendar is public dates as medical schools and the match publish them;
    `basis` names where they come from."""

    key: str
    name: str
    summary: str  # one short line, for the Profile pane
    calendar: str
    basis: str


@dataclass(frozen=True)
class Specialty:
    id: str
    name: str
    aliases: tuple[str, ...]
    match: str  # key of specialties.json `matches`: "NRMP", "SF Match", "AUA Match"
    competitiveness: Competitiveness
    competitiveness_basis: str
    group: SpecialtyGroup
    group_basis: str
    nrmp_programs_2025: int | None
    nrmp_positions_2025: int | None
    step2_mean_2024: int | None  # NRMP Charting Outcomes 2024 via secondary summaries

    @property
    def in_main_match(self) -> bool:
        return self.match == MAIN_MATCH

    @property
    def match_info(self) -> Match:
        """The match this specialty goes through: name and calendar, for advice text and JSON."""
        return all_matches()[self.match]

    @property
    def match_line(self) -> str:
        """The match and its results date in one line (the Profile pane's diagnosis)."""
        info = self.match_info
        return f"{info.name} — {info.summary}"

    @property
    def match_calendar_text(self) -> str:
        """The match and its whole calendar (the `advise` report)."""
        info = self.match_info
        return f"{info.name} — {info.calendar}."

    @property
    def extrapolation_reasons(self) -> list[str]:
        """One line per placement the article does not make itself."""
        reasons = []
        if self.competitiveness_basis != ARTICLE:
            reasons.append(f"Competitiveness '{self.competitiveness.value}': {self.competitiveness_basis}.")
        if self.group_basis != ARTICLE:
            reasons.append(f"Specialty group ({self.group.members}): {self.group_basis}.")
        return reasons

    @property
    def extrapolated(self) -> bool:
        return bool(self.extrapolation_reasons)


class UnknownSpecialty(ValueError):
    """Raised with a message listing what is allowed."""


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9&/]+", " ", name.lower()).strip()


def _raw() -> dict[str, Any]:
    return json.loads((data_dir() / "specialties.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def all_matches() -> dict[str, Match]:
    """Match key -> Match, from specialties.json `matches`."""
    return {key: Match(key, row["name"], row["summary"], row["calendar"], row["basis"])
            for key, row in _raw()["matches"].items()}


@lru_cache(maxsize=1)
def all_specialties() -> tuple[Specialty, ...]:
    raw = _raw()
    matches = all_matches()
    result = []
    for row in raw["specialties"]:
        if row["match"] not in matches:
            raise ValueError(f"specialty {row['id']!r}: match {row['match']!r} is not in `matches`")
        nrmp = row.get("nrmp_2025") or {}
        result.append(Specialty(
            id=row["id"],
            name=row["name"],
            aliases=tuple(row.get("aliases", ())),
            match=row["match"],
            competitiveness=Competitiveness(row["competitiveness"]),
            competitiveness_basis=row["competitiveness_basis"],
            group=SPECIALTY_GROUPS[row["group"]],
            group_basis=row["group_basis"],
            nrmp_programs_2025=nrmp.get("programs"),
            nrmp_positions_2025=nrmp.get("positions"),
            step2_mean_2024=row.get("step2_mean_2024"),
        ))
    return tuple(result)


@lru_cache(maxsize=1)
def _index() -> dict[str, Specialty]:
    index: dict[str, Specialty] = {}
    for specialty in all_specialties():
        for key in (specialty.id, specialty.name, *specialty.aliases):
            index[_normalise(key)] = specialty
    return index


def find_specialty(name: str) -> Specialty:
    """Resolve a name, id or common abbreviation ("IM", "ENT", "Anesthesia", "Neuro")."""
    found = _index().get(_normalise(name))
    if found is None:
        names = ", ".join(s.name for s in all_specialties())
        raise UnknownSpecialty(f"unknown specialty {name!r}; known: {names}")
    return found


def specialty_by_id(specialty_id: str) -> Specialty:
    for specialty in all_specialties():
        if specialty.id == specialty_id:
            return specialty
    raise UnknownSpecialty(f"unknown specialty id {specialty_id!r}")

"""The specialty catalog (`data/specialties.json`): public facts plus the article's placement.

A specialty the article names in its tables has `*_basis == "article"`; any other placement
is the app's own extrapolation and carries the one-line reason in the data file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from smartpick_tui.core.rules import SPECIALTY_GROUPS, Competitiveness, SpecialtyGroup
from smartpick_tui.locations import data_dir

if TYPE_CHECKING:
    from collections.abc import Iterable

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
    raw: dict[str, Any] = json.loads((data_dir() / "specialties.json").read_text(encoding="utf-8"))
    return raw


@lru_cache(maxsize=1)
def all_matches() -> dict[str, Match]:
    """Match key -> Match, from specialties.json `matches`."""
    return {
        key: Match(key, row["name"], row["summary"], row["calendar"], row["basis"])
        for key, row in _raw()["matches"].items()
    }


@lru_cache(maxsize=1)
def all_specialties() -> tuple[Specialty, ...]:
    raw = _raw()
    matches = all_matches()
    result = []
    for row in raw["specialties"]:
        if row["match"] not in matches:
            raise ValueError(f"specialty {row['id']!r}: match {row['match']!r} is not in `matches`")
        nrmp = row.get("nrmp_2025") or {}
        result.append(
            Specialty(
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
            )
        )
    return tuple(result)


@lru_cache(maxsize=1)
def _index() -> dict[str, Specialty]:
    index: dict[str, Specialty] = {}
    for specialty in all_specialties():
        for key in (specialty.id, specialty.name, *specialty.aliases):
            index[_normalise(key)] = specialty
    return index


PREFIX_MIN = 3  # "emergency", "family", "pediatric": a unique start of a name or abbreviation
SUGGEST_CUTOFF = 0.8  # difflib ratio for "did you mean" ("Emergancy Medicine": 0.94)


def find_specialty(name: str) -> Specialty:
    """Resolve a name, id or common abbreviation ("IM", "ENT", "Anesthesia", "Neuro") exactly:
    for data files (CSV cells), where guessing would file a program under the wrong one."""
    found = _index().get(_normalise(name))
    if found is None:
        raise UnknownSpecialty(unknown_specialty_message(name))
    return found


def resolve_specialty(name: str) -> Specialty:
    """What a person typed (a flag, a field): an exact name, id or abbreviation, else the one
    specialty whose name or abbreviation starts with it ("emergency", "family", "pediatric").
    Unknown or ambiguous: `UnknownSpecialty` saying "did you mean ..."."""
    key = _normalise(name)
    found = _index().get(key)
    if found is not None:
        return found
    if len(key) >= PREFIX_MIN:
        starts = {s.id: s for k, s in _index().items() if k.startswith(key)}
        if len(starts) == 1:
            return next(iter(starts.values()))
        if starts:
            raise UnknownSpecialty(
                f"{name.strip()!r} could be {_either(starts.values())}; give more of the name"
            )
    raise UnknownSpecialty(unknown_specialty_message(name))


def suggest_specialties(name: str, limit: int = 3) -> list[Specialty]:
    """The specialties whose name or abbreviation is closest to a mistyped `name`, best first
    (compared whole and with the start of each name as long as what was typed)."""
    key = _normalise(name)
    if not key:
        return []
    scored: dict[str, tuple[float, Specialty]] = {}
    for known, specialty in _index().items():
        ratio = SequenceMatcher(None, key, known).ratio()
        if len(key) >= 4 and len(known) > len(key):
            ratio = max(ratio, SequenceMatcher(None, key, known[: len(key)]).ratio())
        if ratio >= SUGGEST_CUTOFF and ratio > scored.get(specialty.id, (0.0, specialty))[0]:
            scored[specialty.id] = (ratio, specialty)
    ranked = sorted(scored.values(), key=lambda pair: -pair[0])
    return [specialty for _, specialty in ranked[:limit]]


def unknown_specialty_message(name: str) -> str:
    """One line: did you mean (the close ones), else the abbreviations people use."""
    suggestions = suggest_specialties(name)
    if suggestions:
        return f"unknown specialty {name.strip()!r}; did you mean {_either(suggestions)}?"
    short = ", ".join(s.aliases[0] if s.aliases else s.name for s in all_specialties())
    return f"unknown specialty {name.strip()!r}; give a name or abbreviation: {short}"


def _either(specialties: Iterable[Specialty]) -> str:
    names = [s.name for s in specialties]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def specialty_by_id(specialty_id: str) -> Specialty:
    for specialty in all_specialties():
        if specialty.id == specialty_id:
            return specialty
    raise UnknownSpecialty(f"unknown specialty id {specialty_id!r}")

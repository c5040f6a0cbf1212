"""Facts about a program's sponsoring institution (data/sponsors.csv), read once per process.

Why per sponsor: the public facts that tell programs apart — which medical school a hospital
teaches for, that school's NIH research funding (Blue Ridge Institute, 2024) and faculty size
(AAMC faculty roster, 2024), how many programs the sponsor runs — belong to the institution,
and every NRMP code starts with its sponsor's 4-digit institution code. `data/build_sponsors.py`
makes the file from reviewed extracts; data/PROGRAMS.md names the sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from smartpick_tui.core.programs import Program, Track, data_rows, optional_int

SPONSORS_FILE = "sponsors.csv"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


class Relation(str, Enum):
    """How a sponsor relates to a medical school (reviewed, see data/sources/sponsor_schools.csv)."""

    PRINCIPAL = "principal"  # the school, its university hospital or principal teaching hospital
    AFFILIATE = "affiliate"  # a secondary teaching affiliation or regional campus
    NONE = "none"  # a community hospital without a medical school of its own
    MILITARY = "military"  # armed-forces sponsor (positions for service members)
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class SponsorFacts:
    code: str
    institution: str
    relation: Relation
    school: str  # "" when the sponsor teaches for no listed school
    nih_rank: int | None  # 1 = most NIH funding among funded schools (2024)
    nih_funding: int | None  # US dollars, 2024
    nih_ranked: int  # how many schools the NIH ranking holds (the rank's denominator)
    faculty: int | None
    programs: int  # programs this sponsor runs in the catalog
    specialties: int  # specialties it covers
    basis: str
    reviewed: bool  # False: relation comes from the catalog's name-based setting rule
    # What the reviewed relation rests on (data/PROGRAMS.md, "Sponsor facts"): "nrmp-sponsor-name",
    # "acgme-program-name:<ACGME name>", "no-school-named", a page address, or "reviewer" (the
    # reviewer's knowledge only); "" when the relation comes from the setting rule.
    relation_source: str = ""


@lru_cache(maxsize=1)
def sponsor_table() -> dict[str, SponsorFacts]:
    """Institution code -> facts (empty when the file is missing: estimates fall back)."""
    return {
        row["institution_code"]: SponsorFacts(
            code=row["institution_code"],
            institution=row["institution"],
            relation=Relation(row["relation"]),
            school=row["school"],
            nih_rank=optional_int(row["nih_rank_2024"]),
            nih_funding=optional_int(row["nih_funding_2024_usd"]),
            nih_ranked=int(row["nih_ranked_schools"]),
            faculty=optional_int(row["faculty_2024"]),
            programs=int(row["programs"]),
            specialties=int(row["specialties"]),
            basis=row["basis"],
            relation_source=row.get("relation_source", ""),
            reviewed=not row["source"].startswith("catalog-setting-rule"),
        )
        for row in data_rows(SPONSORS_FILE)
    }


@lru_cache(maxsize=1)
def _by_name() -> dict[str, SponsorFacts]:
    return {_key(f.institution): f for f in sponsor_table().values()}


def _key(name: str) -> str:
    return _NON_ALNUM.sub(" ", name.casefold()).strip()


def sponsor_for(program: Program) -> SponsorFacts | None:
    """The sponsor's facts: by the NRMP code's institution part, else by sponsor name (an
    imported row without a code); None for a sponsor the catalog does not know."""
    code = program.nrmp_code or (program.id if not program.imported else "")
    if code and len(code) >= 4:
        facts = sponsor_table().get(code[:4])
        if facts is not None:
            return facts
    return _by_name().get(_key(program.institution)) if program.institution else None


def closed_to_students(program: Program) -> str | None:
    """Why a student cannot use this program, or None. NRMP "R" tracks are reserved for
    physicians with prior graduate medical education; military programs are for service
    members. Both stay in the catalog, labelled; SmartPick lists leave them out."""
    if program.track is Track.PHYSICIAN:
        return "physician track (reserved for applicants with prior residency training)"
    facts = sponsor_for(program)
    if facts is not None and facts.relation is Relation.MILITARY:
        return "military program (positions for service members)"
    return None

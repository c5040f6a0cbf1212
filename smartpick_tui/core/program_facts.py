"""Public per-program facts that explain who a program takes (data/program_facts.csv).

Why a file beside the catalog: what kind of track a program is (research, physician-scientist,
primary care, sponsored-IMG, preliminary, a rural or site track of a university sponsor), whether
it or its sponsor is osteopathic, the ACGME id that dates it, its sponsor's hospital's ownership
and school affiliation in CMS's files and, where NRMP's results are republished, its fill
history are inputs of the program model and of the SmartPick list, not
catalog columns a user imports. `data/build_facts.py` derives every value from the catalog and
the source extracts; data/PROGRAMS.md ("Per-program facts") names the sources and the rules.
Imported programs have no row: `facts_for` returns None and callers fall back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from smartpick_tui.core.programs import Program, data_rows, optional_int

FACTS_FILE = "program_facts.csv"


class TrackType(str, Enum):
    """What kind of position a program offers, read from the NRMP code's track letter and the
    title's qualifiers (the first that applies, in this order)."""

    PHYSICIAN = "physician"  # R: reserved for applicants with prior GME
    TRANSITIONAL = "transitional"  # Transitional Year (999 P)
    PRELIMINARY = "preliminary"  # P: one preliminary year
    MILITARY = "military"  # "/Military", "/Military Funded": positions for service members
    SPONSORED_IMG = "sponsored-img"  # "/SACM", "/Funded", "/Intl Scholars": funded from abroad
    IMG_PATHWAY = "img-pathway"  # "/MN Immigrant IMG": for immigrant IMGs of the state
    PSTP = "pstp"  # physician-scientist training ("/PSTP", "/Physician Scientist", "/MDPhD")
    RESEARCH = "research"  # "/Research", "/ABIM Research Path", "/Research Scholars"
    PRIMARY_CARE = "primary-care"  # M track, "Medicine-Primary", "Pediatrics-Primary"
    RURAL = "rural"  # "/Rural", "/Frontier": a rural track (campus is rural)
    SITE = "site"  # the title names a site in another city than the sponsor's own
    ADVANCED = "advanced"  # A: starts at PGY-2, no other qualifier
    CATEGORICAL = "categorical"  # the sponsor's main categorical program


class Campus(str, Enum):
    """Where a program trains relative to its sponsor: sites and rural tracks are separate
    programs, so they do not inherit the flagship's standing."""

    MAIN = "main"
    SITE = "site"
    RURAL = "rural"


class Osteopathic(str, Enum):
    NONE = ""
    TRACK = "track"  # the NRMP title marks an osteopathic track
    SPONSOR_SCHOOL = "sponsor-school"  # sponsor is an osteopathic college, OPTI or its consortium
    SPONSOR_TRACK = "sponsor-track"  # another program of the sponsor has an osteopathic track


@dataclass(frozen=True, slots=True)
class ProgramFacts:
    id: str
    track_type: TrackType
    campus: Campus
    osteopathic: Osteopathic
    acgme_id: str  # "" when no source read gives it
    acgme_series: str  # "legacy" (old numbering), "new" ("00" numbering), ""
    acgme_seq: int | None  # sequence of a "new" id: grows as programs are accredited
    sponsor_acgme_series: str  # series of the ids known for the sponsor ("legacy" if any is)
    fill_years: int | None  # Main Matches 2020-2026 with positions (Florida only)
    fill_rate: float | None  # matched / offered over those years (Florida only)
    unfilled_years: int | None  # of those years, how many left a position unfilled
    first_year: int | None  # first of 2020-2026 with positions (2020 = at least that old)
    # NRMP tracks of the same sponsor, specialty (3-digit code) and city: a size proxy where
    # no positions are published; None outside the NRMP Main Match.
    tracks_at_site: int | None
    # H-1B labor condition applications for GME trainees (residents and clinical fellows) that
    # the sponsor's employer filed in the Department of Labor disclosure extracts read
    # (data/PROGRAMS.md lists them: FY2025 Q2 and FY2024 Q1). 0 = none in what is read, which does
    # not prove the sponsor never files. `sponsor_h1b_years`: distinct fiscal years with one.
    sponsor_h1b_resident_lcas: int
    sponsor_h1b_years: int
    sponsor_img_track: bool  # the sponsor runs a sponsored-IMG or IMG-pathway track
    # A reviewed program-level relation to a school, with the page it rests on
    # (data/sources/program_reviews.csv): "principal" when a school's own department runs the
    # program at a hospital whose sponsor-level relation is weaker (HSS orthopaedics for Weill
    # Cornell), "affiliate", "none"; "" when not reviewed. `program_since`: the year the
    # program's own page says it began.
    reviewed_school: str
    reviewed_relation: str
    program_since: int | None
    # CMS facts about the sponsor's main hospital (data/sources/sponsor_hospitals.csv: a reviewed
    # pairing of the sponsor with a CMS certification number): its ownership ("for-profit",
    # "nonprofit", "government") from Care Compare's Hospital General Information, and its
    # medical school affiliation ("major", "limited", "graduate", "none") from the Provider of
    # Services file. "" when the sponsor has no reviewed hospital (a university, a consortium, a
    # name CMS does not use): unknown, not "none".
    sponsor_ownership: str
    sponsor_school_affiliation: str
    # The year ACGME first accredited the program, where a source read gives it (OB/GYN: ACGME's
    # 2023 program list, data/sources/acgme_obgyn_2023.csv); None elsewhere.
    acgme_since: int | None
    # Geography (data/places.csv, GeoNames, and the catalog; precomputed by the build): the
    # program city's population, the people within 30 miles of it, other sponsors' programs of
    # its specialty within 50 miles. None when the city is not in the gazetteer.
    city_population: int | None
    people_within_30mi: int | None
    peers_within_50mi: int | None
    source: str


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


@lru_cache(maxsize=1)
def program_facts() -> dict[str, ProgramFacts]:
    """Catalog id -> facts (empty when the file is missing: callers fall back)."""
    return {
        row["id"]: ProgramFacts(
            id=row["id"],
            track_type=TrackType(row["track_type"]),
            campus=Campus(row["campus"]),
            osteopathic=Osteopathic(row["osteopathic"]),
            acgme_id=row["acgme_id"],
            acgme_series=row["acgme_series"],
            acgme_seq=optional_int(row["acgme_seq"]),
            sponsor_acgme_series=row["sponsor_acgme_series"],
            fill_years=optional_int(row["fill_years"]),
            fill_rate=_float(row["fill_rate"]),
            unfilled_years=optional_int(row["unfilled_years"]),
            first_year=optional_int(row["first_year"]),
            tracks_at_site=optional_int(row["tracks_at_site"]),
            sponsor_h1b_resident_lcas=int(row["sponsor_h1b_resident_lcas"]),
            sponsor_h1b_years=int(row["sponsor_h1b_years"]),
            sponsor_img_track=row["sponsor_img_track"] == "yes",
            reviewed_school=row["reviewed_school"],
            reviewed_relation=row["reviewed_relation"],
            program_since=optional_int(row["program_since"]),
            sponsor_ownership=row["sponsor_ownership"],
            sponsor_school_affiliation=row["sponsor_school_affiliation"],
            acgme_since=optional_int(row["acgme_since"]),
            city_population=optional_int(row["city_population"]),
            people_within_30mi=optional_int(row["people_within_30mi"]),
            peers_within_50mi=optional_int(row["peers_within_50mi"]),
            source=row["source"],
        )
        for row in data_rows(FACTS_FILE)
    }


def facts_for(program: Program) -> ProgramFacts | None:
    """The shipped facts of a catalog program; None for an imported row (no public facts)."""
    if program.imported:
        return None
    return program_facts().get(program.id)

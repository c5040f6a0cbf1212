"""The per-program model: ESTIMATES derived from each program's own public facts.

Nothing here is published per program. Each field is the app's rule over facts that are
(`core.sponsors`, data/PROGRAMS.md): the medical school the sponsor teaches for and how it
relates to it (reviewed), that school's NIH research funding rank (Blue Ridge Institute 2024),
how many specialties the sponsor trains in, the program's size where NRMP publishes it, its
track, and — for Internal Medicine — whether a crowdsourced IMG tier list names it as a
program that interviews IMGs. The TUI shows these under "Estimates", the JSON under
`estimates`, and `factors` lists what moved each one.

The rules, one place each (numbers below; bench/calibration.py checks them against published
Match outcomes, docs/calibration.md holds the last report):

- **Selectivity** (0-1, continuous): a base per relation to a school, plus the school's NIH
  research index (1 for the most funded school, 0 for the least) for principal teaching
  hospitals (less for affiliates), plus sponsor breadth and program size. Research funding is
  the public fact closest to academic standing; no reputation ranking is used (SPEC §4b).
- **Tier** is a label over selectivity (`TIER_FROM`), in the article's §3 vocabulary.
- **Typical Step 2 CK of interviewed applicants** = the specialty's mean for matched US MD
  seniors (NRMP 2024, secondary) + `TYPICAL_SPAN` × (selectivity − `TYPICAL_CENTER`).
- **Openness** to DO, US IMG and non-US IMG applicants falls with selectivity (NRMP data: DO
  and IMG residents concentrate in community and less research-intensive programs); halved
  for IMGs in the very competitive specialties; raised for IM programs the IMG tier list names.
- **Outside rotators / home saturation** (§4): a principal teaching hospital of a large
  research school fills electives with its own students; community programs lean on visitors.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from functools import cache, lru_cache
from statistics import mean

from smartpick_tui.core.profile import SchoolType
from smartpick_tui.core.programs import Estimates, Program, Setting, Tier, Track
from smartpick_tui.core.rules import Competitiveness
from smartpick_tui.core.specialties import UnknownSpecialty, all_specialties, specialty_by_id
from smartpick_tui.core.sponsors import Relation, SponsorFacts, sponsor_for
from smartpick_tui.locations import data_dir

ESTIMATE_NOTE = (
    "Estimates, not facts: the app's model over each program's public facts "
    "(its school's NIH research rank, sponsor, size, track); see core/estimates.py "
    "and docs/calibration.md."
)

# --- selectivity ---------------------------------------------------------------------------
RELATION_BASE: dict[Relation, float] = {
    Relation.PRINCIPAL: 0.42,
    Relation.AFFILIATE: 0.30,
    Relation.NONE: 0.14,
    Relation.MILITARY: 0.40,
    Relation.UNKNOWN: 0.28,
}
RESEARCH_WEIGHT: dict[Relation, float] = {Relation.PRINCIPAL: 0.53, Relation.AFFILIATE: 0.20}
UNREVIEWED_RESEARCH = 0.40  # a university sponsor known only by the setting rule: mid research
SETTING_RELATION = {
    Setting.UNIVERSITY: Relation.PRINCIPAL,
    Setting.AFFILIATED: Relation.AFFILIATE,
    Setting.COMMUNITY: Relation.NONE,
}
# Breadth tells a big teaching hospital from a small one where no school's research rank does:
# in all the catalog's specialties +0.05, in one -0.05. Not for principal teaching hospitals,
# where it rewards breadth over standing (the first version's "top" rule; it lowered the
# agreement with the held-out IM tier list from 81% to 78%).
BREADTH_WEIGHT = 0.10
CATALOG_SPECIALTIES = 23
SIZE_WEIGHT = 0.04  # per doubling of positions over the specialty's average, capped at ±1 doubling
TRACK_SHIFT: dict[Track, float] = {Track.PRELIMINARY: -0.06, Track.TRANSITIONAL: -0.02}

TIER_FROM: tuple[tuple[Tier, float], ...] = (
    (Tier.TOP, 0.84),
    (Tier.MID_HIGH, 0.60),
    (Tier.LOW_MID, 0.33),
    (Tier.COMMUNITY, 0.0),
)

# --- derived fields ------------------------------------------------------------------------
TYPICAL_SPAN = 20.0  # Step 2 CK points from the least to the most selective program
TYPICAL_CENTER = 0.45
OPENNESS: dict[SchoolType, tuple[float, float]] = {  # (at selectivity 0, fall per unit)
    SchoolType.US_MD: (1.0, 0.0),
    SchoolType.US_DO: (0.95, 0.85),
    SchoolType.US_IMG: (0.60, 0.65),
    SchoolType.NON_US_IMG: (0.50, 0.55),
}
VERY_COMPETITIVE_IMG_FACTOR = 0.5
IMG_LIST_BONUS, IMG_LIST_STEP = 0.10, 0.02  # listed by the IMG tier list; per tier below the middle
IMG_LIST_MIDDLE = 5
IMG_TIER_FILE = "im_tierlist_img.csv"

FALLBACK_CLASS = {Competitiveness.PRELIM_TY: Competitiveness.MODERATE}
DEFAULT_MEAN_2024 = 250  # NRMP 2024: all matched applicants 250.4 (secondary); unknown specialty


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


@cache
def class_mean_step2(competitiveness: Competitiveness) -> int:
    """Rounded mean of the published specialty means in one §3 competitiveness class."""
    competitiveness = FALLBACK_CLASS.get(competitiveness, competitiveness)
    values = [
        s.step2_mean_2024
        for s in all_specialties()
        if s.competitiveness is competitiveness and s.step2_mean_2024 is not None
    ]
    return round(mean(values)) if values else DEFAULT_MEAN_2024


@cache
def specialty_base(specialty_id: str) -> tuple[int, float | None, bool]:
    """(Step 2 CK base, average program size or None, very competitive?) for a specialty."""
    try:
        specialty = specialty_by_id(specialty_id)
    except UnknownSpecialty:
        return DEFAULT_MEAN_2024, None, False
    base = specialty.step2_mean_2024 or class_mean_step2(specialty.competitiveness)
    average = None
    if specialty.nrmp_programs_2025 and specialty.nrmp_positions_2025:
        average = specialty.nrmp_positions_2025 / specialty.nrmp_programs_2025
    very = specialty.competitiveness is Competitiveness.VERY_COMPETITIVE
    return base, average, very


@lru_cache(maxsize=1)
def img_tier_orders() -> dict[str, int]:
    """NRMP code -> tier order (1 most selective .. 9) in the crowdsourced IM IMG tier list."""
    try:
        with (data_dir() / IMG_TIER_FILE).open(encoding="utf-8", newline="") as handle:
            return {row["nrmp_code"]: int(row["tier_order"]) for row in csv.DictReader(handle)}
    except OSError:
        return {}


def research_index(facts: SponsorFacts | None) -> float:
    """1.0 for the most NIH-funded school, 0.0 for the least funded one (or none listed)."""
    if facts is None or not facts.school or facts.nih_rank is None or facts.nih_ranked < 2:
        return 0.0
    return 1.0 - (facts.nih_rank - 1) / (facts.nih_ranked - 1)


def tier_label(selectivity: float) -> Tier:
    return next(tier for tier, low in TIER_FROM if selectivity >= low)


def typical_step2(specialty_id: str, selectivity: float) -> int:
    return round(typical_exact(specialty_id, selectivity))


def typical_exact(specialty_id: str, selectivity: float) -> float:
    """Unrounded: two programs a fraction of a point apart still get different chances."""
    base, _, _ = specialty_base(specialty_id)
    return base + TYPICAL_SPAN * (selectivity - TYPICAL_CENTER)


def _selectivity(program: Program, facts: SponsorFacts | None) -> tuple[float, list[str]]:
    """Selectivity and the facts that moved it, in words."""
    factors: list[str] = []
    if facts is not None and facts.reviewed:
        relation = facts.relation
        research = research_index(facts)
    else:
        relation = SETTING_RELATION[program.setting]
        research = UNREVIEWED_RESEARCH if relation is not Relation.NONE else 0.0
    value = RELATION_BASE[relation]
    weight = RESEARCH_WEIGHT.get(relation, 0.0)
    if facts is not None and facts.reviewed and facts.school:
        rank = f"NIH rank {facts.nih_rank} of {facts.nih_ranked}" if facts.nih_rank else "not NIH-ranked"
        factors.append(f"{relation.value} teaching site of {facts.school} ({rank}, 2024)")
    elif facts is not None and facts.reviewed:
        factors.append(f"{relation.value}: {facts.basis}")
    else:
        factors.append(f"{program.setting.value} by the catalog's name rule (no reviewed school)")
    value += weight * research
    if facts is not None and relation is not Relation.PRINCIPAL:
        breadth = BREADTH_WEIGHT * (min(facts.specialties, CATALOG_SPECIALTIES) / CATALOG_SPECIALTIES - 0.5)
        value += breadth
        factors.append(f"sponsor trains in {facts.specialties} specialties")
    _, average, _ = specialty_base(program.specialty)
    if program.positions and average:
        doublings = _clamp(math.log2(program.positions / average), -1.0, 1.0)
        value += SIZE_WEIGHT * doublings
        factors.append(
            f"{program.positions} positions ({program.positions_year or 'NRMP'}) vs {average:.0f} average"
        )
    shift = TRACK_SHIFT.get(program.track, 0.0)
    if shift:
        value += shift
        factors.append(f"{program.track.value} track")
    return _clamp(value, 0.02, 0.98), factors


@lru_cache(maxsize=65536)
def _estimate(program: Program) -> Estimates:
    facts = sponsor_for(program)
    selectivity, factors = _selectivity(program, facts)
    tier = tier_label(selectivity)
    exact = typical_exact(program.specialty, selectivity)
    typical = round(exact)
    base, _, very = specialty_base(program.specialty)
    factors.append(
        f"selectivity {selectivity:.2f} → {tier.value}, typical Step 2 {typical} "
        f"({typical - base:+d} vs the specialty's {base})"
    )
    open_ = {school: _clamp(start - fall * selectivity) for school, (start, fall) in OPENNESS.items()}
    img_order = img_tier_orders().get(program.nrmp_code or "")
    for school in (SchoolType.US_IMG, SchoolType.NON_US_IMG):
        if very:
            open_[school] *= VERY_COMPETITIVE_IMG_FACTOR
        if img_order is not None:
            open_[school] = _clamp(
                open_[school] + IMG_LIST_BONUS + IMG_LIST_STEP * (img_order - IMG_LIST_MIDDLE)
            )
    if img_order is not None:
        factors.append(f"named by the IM IMG tier list (tier {img_order} of 9): more open to IMGs")
    if facts is not None and facts.relation is Relation.MILITARY:
        open_ = {school: 0.0 for school in open_}
        factors.append("military program: positions for service members")
    research = research_index(facts)  # the school's own rank, not the unreviewed stand-in
    principal = facts is not None and facts.relation is Relation.PRINCIPAL
    saturation = 0.45 + 0.45 * research if principal else 0.30 if selectivity >= 0.3 else 0.15
    return Estimates(
        tier=tier,
        typical_step2=typical,
        takes_outside_rotators=round(_clamp(0.88 - 0.55 * selectivity), 3),
        home_saturation=round(saturation, 3),
        do_friendly=round(open_[SchoolType.US_DO], 3),
        img_friendly=round(open_[SchoolType.US_IMG], 3),
        non_us_img_friendly=round(open_[SchoolType.NON_US_IMG], 3),
        selectivity=round(selectivity, 4),
        factors=tuple(factors),
        typical_exact=round(exact, 3),
    )


def openness(estimates: Estimates, school: SchoolType) -> float:
    """How open the program is to applicants from `school` (estimate, 0-1)."""
    return {
        SchoolType.US_MD: 1.0,
        SchoolType.US_DO: estimates.do_friendly,
        SchoolType.US_IMG: estimates.img_friendly,
        SchoolType.NON_US_IMG: estimates.non_us_img_friendly,
    }[school]


def estimate(program: Program) -> Estimates:
    """The modeled fields (estimates) for one program."""
    return _estimate(program)


def estimate_all(programs: Iterable[Program]) -> list[Estimates]:
    """`estimate` for many programs (cached per program)."""
    return [_estimate(p) for p in programs]


def estimates_json(estimates: Estimates) -> dict[str, object]:
    """The `estimates` object of the JSON interface; every key is an estimate."""
    return {
        "tier": estimates.tier.value,
        "selectivity": estimates.selectivity,
        "typical_step2": estimates.typical_step2,
        "takes_outside_rotators": estimates.takes_outside_rotators,
        "home_saturation": estimates.home_saturation,
        "do_friendly": estimates.do_friendly,
        "img_friendly": estimates.img_friendly,
        "non_us_img_friendly": estimates.non_us_img_friendly,
        "factors": list(estimates.factors),
        "note": ESTIMATE_NOTE,
    }

"""Modeled fields for a program: ESTIMATES, never facts.

Nothing here is published per program. Each field is the app's own rule over facts we do have
(the program's setting and size, its specialty's NRMP figures) and the article's framing
(§3 tiers, §4 "where to apply for aways", §2 DO/IMG). The TUI shows these under "Estimates",
the CLI's JSON under the key `estimates`, and the README explains the rules. Change a rule
here and every screen, command and the SmartPick list follow.

Rules (one place each):
- **Tier** (§3 vocabulary: top, mid-high academic, low-mid academic, community). No ranking
  list is shipped (we have no published ranking text to cite), so tier is derived from facts
  in the catalog: a university program is "top" when its sponsoring institution runs programs
  in at least `TOP_BREADTH_SHARE` of the specialties present in the shipped catalog (a
  comprehensive academic medical center), or when it has at least `TOP_SIZE_FACTOR` times its
  specialty's average number of positions (NRMP 2025 positions / programs); other university
  programs are "mid-high academic"; university-affiliated programs "low-mid academic";
  community programs "community". Breadth and size stand in for prestige only roughly.
- **Typical Step 2 CK of interviewed applicants** = the specialty's mean Step 2 CK of matched
  US MD seniors (NRMP Charting Outcomes 2024, secondary) + `TIER_OFFSET[tier]`. A specialty
  without a published mean uses the rounded mean of the specialties of the same §3
  competitiveness class that have one; prelim/TY (no class mean) uses the "moderate" class,
  because those positions are filled by applicants to the core fields.
- **Takes outside rotators**, **home-rotator saturation** (§4) and **DO / IMG friendliness**
  (§2) are 0-1 scores per tier: academic departments with a medical school fill their
  electives with home students and recruit fewer DO/IMG residents; community programs lean on
  visiting students and, in NRMP data, fill more positions with DO and IMG applicants. IMG
  friendliness is halved in the very competitive specialties, where IMGs rarely match.
"""

from __future__ import annotations

from collections.abc import Iterable
import re
from functools import lru_cache
from statistics import mean

from smartpick_tui.core.programs import Estimates, Program, Setting, Tier, shipped_catalog
from smartpick_tui.core.rules import Competitiveness
from smartpick_tui.core.specialties import UnknownSpecialty, all_specialties, specialty_by_id

ESTIMATE_NOTE = ("Estimates, not facts: the app's rules from setting, size and the specialty's "
                 "NRMP means (see core/estimates.py and the README).")

TOP_SIZE_FACTOR = 2.0  # a university program this many times its specialty's average size -> top
TOP_BREADTH_SHARE = 0.85  # sponsor runs programs in this share of the catalog's specialties -> top

TIER_OFFSET: dict[Tier, int] = {
    Tier.TOP: 6,
    Tier.MID_HIGH: 2,
    Tier.LOW_MID: -2,
    Tier.COMMUNITY: -5,
}

SETTING_TIER: dict[Setting, Tier] = {
    Setting.UNIVERSITY: Tier.MID_HIGH,  # TOP when large, see tier_for
    Setting.AFFILIATED: Tier.LOW_MID,
    Setting.COMMUNITY: Tier.COMMUNITY,
}

# tier -> (takes outside rotators, home-rotator saturation, DO friendly, IMG friendly), 0-1
TIER_TRAITS: dict[Tier, tuple[float, float, float, float]] = {
    Tier.TOP: (0.35, 0.85, 0.25, 0.15),
    Tier.MID_HIGH: (0.55, 0.60, 0.45, 0.30),
    Tier.LOW_MID: (0.70, 0.40, 0.65, 0.50),
    Tier.COMMUNITY: (0.80, 0.20, 0.80, 0.70),
}
VERY_COMPETITIVE_IMG_FACTOR = 0.5
FALLBACK_CLASS = {Competitiveness.PRELIM_TY: Competitiveness.MODERATE}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
DEFAULT_MEAN_2024 = 250  # NRMP 2024: all matched applicants 250.4 (secondary); unknown specialty


@lru_cache(maxsize=None)
def class_mean_step2(competitiveness: Competitiveness) -> int:
    """Rounded mean of the published specialty means in one §3 competitiveness class."""
    competitiveness = FALLBACK_CLASS.get(competitiveness, competitiveness)
    values = [s.step2_mean_2024 for s in all_specialties()
              if s.competitiveness is competitiveness and s.step2_mean_2024 is not None]
    return round(mean(values)) if values else DEFAULT_MEAN_2024


@lru_cache(maxsize=None)
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
def _comprehensive_sponsors() -> frozenset[str]:
    """Normalised names of sponsors whose programs span TOP_BREADTH_SHARE of the specialties
    in the shipped catalog (empty when the catalog cannot be read)."""
    try:
        programs = shipped_catalog()
    except (OSError, ValueError, KeyError):
        return frozenset()
    spans: dict[str, set[str]] = {}
    for program in programs:
        spans.setdefault(_sponsor_key(program.institution), set()).add(program.specialty)
    specialties = {program.specialty for program in programs}
    threshold = TOP_BREADTH_SHARE * len(specialties)
    return frozenset(name for name, seen in spans.items() if name and len(seen) >= threshold)


@lru_cache(maxsize=65536)
def _sponsor_key(institution: str) -> str:
    return _NON_ALNUM.sub(" ", institution.casefold()).strip()


def tier_for(specialty_id: str, setting: Setting, positions: int | None,
             comprehensive_sponsor: bool = False) -> Tier:
    """Modeled tier (estimate) from setting, sponsor breadth and size; see the module docstring."""
    tier = SETTING_TIER[setting]
    if setting is Setting.UNIVERSITY:
        if comprehensive_sponsor:
            return Tier.TOP
        _, average, _ = specialty_base(specialty_id)
        if positions is not None and average is not None and positions >= TOP_SIZE_FACTOR * average:
            tier = Tier.TOP
    return tier


@lru_cache(maxsize=4096)
def _estimate(specialty_id: str, setting: Setting, positions: int | None,
              comprehensive_sponsor: bool) -> Estimates:
    tier = tier_for(specialty_id, setting, positions, comprehensive_sponsor)
    base, _, very = specialty_base(specialty_id)
    outside, saturation, do_friendly, img_friendly = TIER_TRAITS[tier]
    if very:
        img_friendly *= VERY_COMPETITIVE_IMG_FACTOR
    return Estimates(tier=tier, typical_step2=base + TIER_OFFSET[tier],
                     takes_outside_rotators=outside, home_saturation=saturation,
                     do_friendly=do_friendly, img_friendly=round(img_friendly, 3))


def estimate(program: Program) -> Estimates:
    """The modeled fields (estimates) for one program. Programs of the same specialty,
    setting, size and sponsor kind share one cached `Estimates` object (`core.fit` uses that)."""
    return estimate_all((program,))[0]


def estimate_all(programs: Iterable[Program]) -> list[Estimates]:
    """`estimate` for many programs (cached: 50,000 programs take a few tens of milliseconds)."""
    top = _comprehensive_sponsors()
    return [_estimate(p.specialty, p.setting, p.positions,
                      p.setting is Setting.UNIVERSITY and _sponsor_key(p.institution) in top)
            for p in programs]


def estimates_json(estimates: Estimates) -> dict[str, object]:
    """The `estimates` object of the JSON interface; every key is an estimate."""
    return {
        "tier": estimates.tier.value,
        "typical_step2": estimates.typical_step2,
        "takes_outside_rotators": estimates.takes_outside_rotators,
        "home_saturation": estimates.home_saturation,
        "do_friendly": estimates.do_friendly,
        "img_friendly": estimates.img_friendly,
        "note": ESTIMATE_NOTE,
    }

"""Reach / target / safety for one profile: an ESTIMATED chance of an interview invitation.

    logit p = the program's fitted logit for a typical applicant of your type (core.estimates:
                public facts, weights fitted to measured interview rates by applicant type)
              + slope(§8 Step 2 power) × how much Step 2 helps in your situation (§2)
                × (your Step 2 CK − the typical applicant of your type in the specialty)
              + tie_weight(your score)            if you have a tie to its state or region (§3)
              + AWAY_BONUS                        if you rotated there (§4: aways are your proxy home)
              − home-support penalty (§8 importance × your situation's factor)
              + research (§8 super-competitive fields: "connections and research still rule")
              − red flags, weak evaluations (§1: the score does not erase them), a Step 1 fail (FAQ 3)

Who a program interviews (its level, and how open it is to DO and IMG applicants) comes from
the fit; the applicant's own profile moves it with the app's rules (the article's §1-§8).

`tie_weight` falls as the score rises — §3: at 230-239 stay "mostly in regions where you have
any tie"; at 250-259 you can swing "including in regions you have no ties to" — but it falls
more slowly than the score term rises, so a higher Step 2 CK never lowers p (tested).

The class comes from p alone (`classify`, the one source of truth for the thresholds). Every
input here is an estimate or a rule of thumb: the TUI and CLI say so beside the class.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from smartpick_tui.core.estimates import TYPE_ORDER as INVITE_ORDER
from smartpick_tui.core.estimates import (
    estimate_all,
    invite_logit,
    openness,
    reference_logits,
    specialty_base,
)
from smartpick_tui.core.geography import tie_matches
from smartpick_tui.core.own_figures import OwnFigure, apply_own_figures
from smartpick_tui.core.profile import ClinicalEvals, Profile, SchoolType, Step1Result
from smartpick_tui.core.programs import Estimates, Program, Tier
from smartpick_tui.core.rules import SITUATIONS, Competitiveness, Situation
from smartpick_tui.core.specialties import UnknownSpecialty, specialty_by_id
from smartpick_tui.core.trackers import ProgramClass

# --- the model's numbers (the app's own; fitted by bench/calibration.py, docs/calibration.md) --
# Read against realistic invitation rates (a US MD applicant gets 12-15 interviews from ~58
# applications, about one in four): below one in five is a reach, from 45% a safety.
REACH_BELOW = 0.20  # p below this: reach
SAFETY_FROM = 0.45  # p at or above this: safety; in between: target

# The profile terms start from the fitted level: a typical applicant of the type, nothing
# else known, gets the program's measured-rate fit exactly.
BASE_LOGIT = 0.0
# The measured rates are averages over every applicant of a type, a mixture of strong and weak
# files; a list's match chance is not the average applicant's. One shift per applicant type
# (and one for DO applicants in the very competitive fields, where NRMP's DO match rate is far
# below what their interview rates alone give) is fitted to NRMP's match rates by type: the
# "fitted rows" of bench/calibration.py (docs/calibration.md).
LEVEL_SHIFT: dict[SchoolType, float] = {
    SchoolType.US_MD: -0.15,
    SchoolType.US_DO: -0.1,
    SchoolType.US_IMG: -0.75,
    SchoolType.NON_US_IMG: -0.65,
}
VERY_COMPETITIVE_SHIFT: dict[SchoolType, float] = {
    SchoolType.US_MD: 0.4,
    SchoolType.US_DO: 0.9,
    SchoolType.US_IMG: 0.0,
    SchoolType.NON_US_IMG: 0.0,
}
# The typical applicant of each type in a specialty, against the specialty's mean Step 2 CK of
# matched US MD seniors (NRMP Charting Outcomes 2024): the app's assumption from USMLE and
# NRMP summary figures (US/Canadian first takers near 248, DO and IMG applicants lower); the
# calibration report's typical applicants (bench/calibration.py) are these scores in IM.
TYPE_STEP2_OFFSET: dict[SchoolType, int] = {
    SchoolType.US_MD: -2,
    SchoolType.US_DO: -5,
    SchoolType.US_IMG: -14,
    SchoolType.NON_US_IMG: -10,
}
STEP2_SLOPE: dict[str, float] = {
    "Medium": 0.035,
    "Medium-High": 0.045,
    "High": 0.056,
}  # per point, §8
DEFAULT_SLOPE = 0.045
# §2 "How much Step 2 helps" in each situation, as a factor on the slope.
STEP2_HELPS: dict[str, float] = {"High": 1.0, "Medium-High": 0.9, "Medium": 0.8}

TIE_WEIGHT_MAX, TIE_WEIGHT_MIN = 1.2, 0.5
TIE_TAPER_FROM, TIE_TAPER_PER_POINT = 240, 0.025  # < the smallest slope × helps: monotone

AWAY_BONUS = 1.5
# AWAY_BONUS goes to the programs of `core.trackers.rotated_program_ids` (booked or done aways);
# planned, applied and offered ones are interest (they keep the program in the list, not its chance).
HOME_SUPPORT_PENALTY: dict[str, float] = {
    "Very High": 0.45,
    "High": 0.6,
    "Medium-High": 0.45,
    "Medium": 0.3,
}
# A discouraging home program is no absent one: §2 says Step 2 helps less ("Medium", through
# STEP2_HELPS) because the home file speaks against you; an indifferent one still lets
# individuals write letters (§5 priority 2).
SITUATION_HOME_FACTOR: dict[Situation, float] = {
    Situation.NO_HOME_PROGRAM: 1.0,
    Situation.INDIFFERENT: 0.5,
    Situation.DISCOURAGING: 1.0,
    Situation.DO_IMG: 1.0,
}
# §8: in Derm, Ortho, ENT and Plastics "connections and research still rule". Per doubling of
# research products over a typical matched applicant's count, capped (the app's numbers).
RESEARCH_GROUP = "super-competitive"
RESEARCH_TYPICAL = 12
RESEARCH_PER_DOUBLING, RESEARCH_CAP = 0.35, (-1.0, 0.7)
RED_FLAG_PENALTY, RED_FLAGS_COUNTED = 0.8, 2
EVALS_TERM: dict[ClinicalEvals, float] = {
    ClinicalEvals.STRONG: 0.3,
    ClinicalEvals.AVERAGE: 0.0,
    ClinicalEvals.WEAK: -0.8,
}
STEP1_FAIL_PENALTY = 0.6

TIER_PHRASE: dict[Tier, str] = {
    Tier.TOP: "top program (est.)",
    Tier.MID_HIGH: "mid-high academic (est.)",
    Tier.LOW_MID: "low-mid academic (est.)",
    Tier.COMMUNITY: "community program (est.)",
}
CLASS_NOTE = "Reach / target / safety are estimates from the app's model (core/fit.py), not program data."


@dataclass(frozen=True, slots=True)
class Fit:
    """One program for one profile. `score_gap` = your Step 2 CK − est. typical (None: no score).
    `factors` lists each term of the logit that moved the chance, in words."""

    p_interview: float
    klass: ProgramClass
    reason: str
    score_gap: int | None = None
    factors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _ProfileTerms:
    """What depends on the profile only, computed once per `fit_all`."""

    base: float
    notes: tuple[str, ...]
    helps: float
    school: SchoolType
    tie_bonus: float


# The thresholds are for a US MD applicant in Internal Medicine. Programs invite a far smaller
# share of their IMG applicants (measured: a non-US IMG's rate is about a twentieth of a US
# MD's) and of their applicants in the competitive fields, so with one set of thresholds every
# program is an IMG's reach, and a psychiatry or dermatology applicant's, and the classes say
# nothing. So the thresholds scale with how often the specialty's programs invite a typical
# applicant of your type against a US MD in IM (the fitted model over the shipped catalog): a
# class is "reach / target / safety for an applicant like you in this specialty".
# `class_scale` says by how much; SCALE_LIMITS bound it. The upper bound keeps the safety line
# under 1 (0.45 x 2 = 90%); it was 1.5, which clipped EM and FM for a US MD (their programs
# invite 1.65-1.7x as often as IM's), so an EM US MD 245's 60 programs at 32-48% were all
# 'target' while a typical EM applicant's chances average 45% (issue 23).
CLASS_SCALE_BASE = "internal-medicine"
SCALE_LIMITS = (0.03, 2.0)


def _mean_chance(specialty: str, school: SchoolType) -> float:
    logits = reference_logits(specialty, school) or reference_logits(CLASS_SCALE_BASE, school)
    shift = LEVEL_SHIFT[school]
    return sum(1.0 / (1.0 + math.exp(-(v + shift))) for v in logits) / max(1, len(logits))


@cache
def class_scale(school: SchoolType, specialty: str = CLASS_SCALE_BASE) -> float:
    """The factor on REACH_BELOW and SAFETY_FROM for `school` in `specialty` (1 for a US MD in
    Internal Medicine)."""
    base = _mean_chance(CLASS_SCALE_BASE, SchoolType.US_MD)
    if base <= 0:
        return 1.0
    return min(SCALE_LIMITS[1], max(SCALE_LIMITS[0], _mean_chance(specialty, school) / base))


def classify(
    p_interview: float, school: SchoolType = SchoolType.US_MD, specialty: str | None = None
) -> ProgramClass:
    """The one place the class thresholds live (scaled for the applicant type and specialty:
    `class_scale`; without them, a US MD in Internal Medicine)."""
    scale = (
        1.0
        if school is SchoolType.US_MD and specialty is None
        else class_scale(school, specialty or CLASS_SCALE_BASE)
    )
    if p_interview < REACH_BELOW * scale:
        return ProgramClass.REACH
    if p_interview >= SAFETY_FROM * scale:
        return ProgramClass.SAFETY
    return ProgramClass.TARGET


def tie_weight(step2: int | None) -> float:
    """Logit bonus for a regional tie: largest below 240, tapering to its floor by ~258 (§3)."""
    if step2 is None:
        return TIE_WEIGHT_MAX
    taper = max(0, step2 - TIE_TAPER_FROM) * TIE_TAPER_PER_POINT
    return max(TIE_WEIGHT_MIN, TIE_WEIGHT_MAX - taper)


def research_term(research: int) -> float:
    """Logit term for research output in the §8 super-competitive fields."""
    doublings = math.log2((1 + research) / (1 + RESEARCH_TYPICAL))
    return min(RESEARCH_CAP[1], max(RESEARCH_CAP[0], RESEARCH_PER_DOUBLING * doublings))


def applicant_mean(specialty_id: str, school: SchoolType) -> int:
    """The Step 2 CK of a typical applicant of `school` in the specialty (the fitted level's)."""
    return specialty_base(specialty_id)[0] + TYPE_STEP2_OFFSET[school]


def _specialty_terms(
    specialty_id: str, profile: Profile, home_supported: bool
) -> tuple[float, float, str, float, float, float]:
    """(slope, home-support penalty, its §8 importance label, research term, the typical
    applicant's Step 2 CK of the profile's type, that type's fitted level shift)."""
    typical = float(applicant_mean(specialty_id, profile.school))
    try:
        specialty = specialty_by_id(specialty_id)
    except UnknownSpecialty:
        return DEFAULT_SLOPE, 0.0, "", 0.0, typical, LEVEL_SHIFT[profile.school]
    group = specialty.group
    slope = STEP2_SLOPE.get(group.step2_power, DEFAULT_SLOPE)
    importance = group.home_support_importance
    factor = 0.0 if home_supported else SITUATION_HOME_FACTOR[profile.situation]
    penalty = HOME_SUPPORT_PENALTY.get(importance, 0.0) * factor
    research = research_term(profile.research) if group.key == RESEARCH_GROUP else 0.0
    shift = LEVEL_SHIFT[profile.school]
    if specialty.competitiveness is Competitiveness.VERY_COMPETITIVE:
        shift += VERY_COMPETITIVE_SHIFT[profile.school]
    return slope, penalty, importance, research, typical, shift


def _profile_terms(profile: Profile, home_supported: bool) -> _ProfileTerms:
    logit = BASE_LOGIT
    notes: list[str] = []
    flags = min(len(profile.red_flags), RED_FLAGS_COUNTED)
    if flags:
        logit -= RED_FLAG_PENALTY * flags
        notes.append(f"red flag{'s' if flags > 1 else ''} {-RED_FLAG_PENALTY * flags:+.1f}")
    logit += EVALS_TERM[profile.clinical_evals]
    if profile.clinical_evals is not ClinicalEvals.AVERAGE:
        notes.append(f"{profile.clinical_evals.value} evaluations {EVALS_TERM[profile.clinical_evals]:+.1f}")
    if profile.step1 is Step1Result.FAIL_THEN_PASS:
        logit -= STEP1_FAIL_PENALTY
        notes.append(f"Step 1 fail {-STEP1_FAIL_PENALTY:+.1f}")
    helps = 1.0 if home_supported else STEP2_HELPS[SITUATIONS[profile.situation].step2_helps]
    return _ProfileTerms(
        logit,
        tuple(notes),
        helps,
        profile.school,
        tie_weight(profile.step2),
    )


def level_word(value: float) -> str:
    """An estimate on a 0-1 scale in words, as the Programs detail and the fit factors say it."""
    return "high" if value >= 0.65 else "medium" if value >= 0.4 else "low"


def fit_all(
    profile: Profile,
    programs: Sequence[Program],
    away_program_ids: frozenset[str] = frozenset(),
    estimates: Sequence[Estimates] | None = None,
    home_supported: bool = False,
    own_figures: Mapping[str, OwnFigure] | None = None,
) -> list[Fit]:
    """A `Fit` per program, in order. Programs with equal estimates, specialty, state and away
    status share one computed `Fit`. `home_supported` models an applicant whose home program
    backs them (the calibration baseline: most NRMP applicants); the app's users have none.
    `own_figures` (program id -> the student's figures) win over the model for those programs
    (`core.own_figures`: every chance of the app flows through here)."""
    if estimates is None:
        estimates = estimate_all(programs)
    terms = _profile_terms(profile, home_supported)
    ties = profile.ties
    specialty_cache: dict[str, tuple[float, float, str, float, float, float]] = {}
    tie_cache: dict[str, str | None] = {}
    # Programs whose fit reads the same values share one Fit: the values `_fit_one` reads for
    # this applicant type (never a hash of the whole Estimates, whose factors differ).
    memo: dict[tuple[object, ...], Fit] = {}
    kind = INVITE_ORDER.index(profile.school)
    result: list[Fit] = []
    append = result.append
    for program, est in zip(programs, estimates, strict=True):
        away = program.id in away_program_ids
        key = (
            est.invite_logit[kind] if est.invite_logit else None,
            est.invite_factors[kind] if est.invite_factors else None,
            est.tier,
            est.typical_step2,
            openness(est, profile.school),
            program.specialty,
            program.state,
            away,
        )
        fit = memo.get(key)
        if fit is None:
            spec = specialty_cache.get(program.specialty)
            if spec is None:
                spec = specialty_cache[program.specialty] = _specialty_terms(
                    program.specialty, profile, home_supported
                )
            tie = tie_cache.get(program.state, "")
            if tie == "":
                tie = tie_cache[program.state] = next(
                    (t for t in ties if tie_matches(t, program.state)), None
                )
            fit = memo[key] = _fit_one(profile.step2, est, spec, tie, away, terms, program.specialty)
        append(fit)
    if own_figures:
        known = estimates

        def refit(i: int, step2: int) -> float:
            again = profile.with_changes(step2=step2)
            return fit_all(again, [programs[i]], away_program_ids, [known[i]], home_supported)[0].p_interview

        result = apply_own_figures(profile, programs, known, result, own_figures, refit, classify)
    return result


def fit_one(profile: Profile, program: Program, away: bool = False) -> Fit:
    """`fit_all` for a single program (detail panels, tests)."""
    return fit_all(profile, [program], frozenset({program.id}) if away else frozenset())[0]


def _fit_one(
    step2: int | None,
    est: Estimates,
    spec: tuple[float, float, str, float, float, float],
    tie: str | None,
    away: bool,
    terms: _ProfileTerms,
    specialty: str,
) -> Fit:
    slope, home_penalty, importance, research, typical, shift = spec
    level = invite_logit(est, terms.school) if est.invite_logit else 0.0
    gap = None if step2 is None else step2 - est.typical_step2
    # Against the typical applicant of the type, not the program's est. typical score: tried
    # (a selective program's bar raised by its lead), it lowered the held-out correlation with
    # the measured rates (US MD in IM 0.25 -> 0.19; docs/calibration.md).
    score = 0.0 if step2 is None else slope * terms.helps * (step2 - typical)
    logit = level + terms.base + score - home_penalty + research + shift
    parts: list[str] = []
    kind = "DO" if terms.school is SchoolType.US_DO else terms.school.label
    moved = est.invite_factors[INVITE_ORDER.index(terms.school)] if est.invite_factors else ()
    why = f" ({', '.join(moved)})" if moved else ""
    factors: list[str] = [
        f"fitted chance for a typical {kind} applicant here: {1.0 / (1.0 + math.exp(-level)):.0%}{why}"
    ]
    if step2 is not None:
        factors.append(f"your Step 2 CK {step2} vs a typical {kind} applicant's {typical:.0f}: {score:+.2f}")
    if tie is not None:
        logit += terms.tie_bonus
        parts.append(f"tie to {tie}")
        factors.append(f"tie to {tie}: {terms.tie_bonus:+.2f}")
    if away:
        logit += AWAY_BONUS
        parts.append("away rotation here")
        factors.append(f"away rotation here: {AWAY_BONUS:+.2f}")
    parts.append(TIER_PHRASE[est.tier])
    if terms.school is not SchoolType.US_MD:
        parts.append(f"{kind}-friendliness {level_word(openness(est, terms.school))} (est.)")
    if home_penalty:
        parts.append(f"no home support ({importance} importance, §8)")
        factors.append(f"no home support ({importance}, §8): {-home_penalty:+.2f}")
    if research:
        factors.append(f"research output (§8): {research:+.2f}")
    if shift:
        factors.append(f"{kind} applicants' match rates (NRMP, fitted level): {shift:+.2f}")
    parts.extend(note.rsplit(" ", 1)[0] for note in terms.notes)
    factors.extend(terms.notes)
    p = 1.0 / (1.0 + math.exp(-logit))
    klass = classify(p, terms.school, specialty)
    scale = class_scale(terms.school, specialty)
    factors.append(
        f"classes for a {kind} applicant in this specialty: reach below {REACH_BELOW * scale:.1%}, "
        f"safety from {SAFETY_FROM * scale:.1%}"
    )
    if step2 is None:
        head = f"no Step 2 CK entered: assumed at est. {est.typical_step2} typical → {klass.value}"
    else:
        head = f"your {step2} vs est. {est.typical_step2} typical → {klass.value}"
    return Fit(
        p_interview=p,
        klass=klass,
        reason="; ".join([head, *parts]),
        score_gap=gap,
        factors=tuple(factors),
    )

"""Reach / target / safety for one profile: an ESTIMATED chance of an interview invitation.

The article gives directions, not a formula, so this is the app's own model, stated once:

    logit p = BASE
              + slope(§8 Step 2 power) × (your Step 2 CK − the program's est. typical score)
              + tie_weight(your score)            if you have a tie to its state or region (§3)
              + AWAY_BONUS                        if you rotated there (§4: aways are your proxy home)
              − school penalty × (1 − est. DO/IMG friendliness)          (§2 DO/IMG row)
              − home-support penalty (§8 importance) when you have no home backing
              − red flags, weak evaluations (§1: the score does not erase them), a Step 1 fail (FAQ 3)

`tie_weight` falls as the score rises — §3: at 230-239 stay "mostly in regions where you have
any tie"; at 250-259 you can swing "including in regions you have no ties to" — but it falls
more slowly than the score term rises, so a higher Step 2 CK never lowers p (tested).

The class comes from p alone (`classify`, the one source of truth for the thresholds). Every
input here is an estimate or a rule of thumb: the TUI and CLI say so beside the class.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.geography import tie_matches
from smartpick_tui.core.profile import ClinicalEvals, Profile, SchoolType, Step1Result
from smartpick_tui.core.programs import Estimates, Program, Tier
from smartpick_tui.core.rules import Situation
from smartpick_tui.core.specialties import UnknownSpecialty, specialty_by_id
from smartpick_tui.core.trackers import ProgramClass

# --- the model's numbers (the app's own choices; see the module docstring) -----------------
REACH_BELOW = 0.30  # p below this: reach
SAFETY_FROM = 0.65  # p at or above this: safety; in between: target

# At the typical score, nothing else known: p ≈ 0.38. Below an even chance because the typical
# applicant gets well under one invitation per two applications: US MD seniors send 58
# applications (AAMC ERAS 2025, secondary) while FAQ 5 calls 12-15 interviews safe.
BASE_LOGIT = -0.5
STEP2_SLOPE: dict[str, float] = {"Medium": 0.10, "Medium-High": 0.13, "High": 0.16}  # per point, §8
DEFAULT_SLOPE = 0.13

TIE_WEIGHT_MAX, TIE_WEIGHT_MIN = 1.2, 0.5
TIE_TAPER_FROM, TIE_TAPER_PER_POINT = 240, 0.04  # < the smallest slope: p stays monotone

AWAY_BONUS = 1.5
HOME_SUPPORT_PENALTY: dict[str, float] = {"Very High": 0.9, "High": 0.6, "Medium-High": 0.45,
                                          "Medium": 0.3}
SITUATION_HOME_FACTOR: dict[Situation, float] = {
    Situation.NO_HOME_PROGRAM: 1.0,
    Situation.INDIFFERENT: 0.5,  # individuals at home can still write letters (§5 priority 2)
    Situation.DISCOURAGING: 1.0,
    Situation.DO_IMG: 1.0,
}
# Ordered like the NRMP 2025 PGY-1 match rates: MD 93.5%, DO 92.6%, US IMG 67.8%, non-US IMG 58.0%.
SCHOOL_PENALTY: dict[SchoolType, float] = {
    SchoolType.US_MD: 0.0,
    SchoolType.US_DO: 1.2,
    SchoolType.US_IMG: 2.0,
    SchoolType.NON_US_IMG: 2.5,
}
RED_FLAG_PENALTY, RED_FLAGS_COUNTED = 0.8, 2
EVALS_TERM: dict[ClinicalEvals, float] = {ClinicalEvals.STRONG: 0.3, ClinicalEvals.AVERAGE: 0.0,
                                          ClinicalEvals.WEAK: -0.8}
STEP1_FAIL_PENALTY = 0.6

TIER_PHRASE: dict[Tier, str] = {
    Tier.TOP: "top program (est.)",
    Tier.MID_HIGH: "mid-high academic (est.)",
    Tier.LOW_MID: "low-mid academic (est.)",
    Tier.COMMUNITY: "community program (est.)",
}
CLASS_NOTE = ("Reach / target / safety are estimates from the app's model (core/fit.py), "
              "not program data.")


@dataclass(frozen=True, slots=True)
class Fit:
    """One program for one profile. `score_gap` = your Step 2 CK − est. typical (None: no score)."""

    p_interview: float
    klass: ProgramClass
    reason: str
    score_gap: int | None = None


def classify(p_interview: float) -> ProgramClass:
    """The one place the class thresholds live."""
    if p_interview < REACH_BELOW:
        return ProgramClass.REACH
    if p_interview >= SAFETY_FROM:
        return ProgramClass.SAFETY
    return ProgramClass.TARGET


def tie_weight(step2: int | None) -> float:
    """Logit bonus for a regional tie: largest below 240, tapering to its floor by ~258 (§3)."""
    if step2 is None:
        return TIE_WEIGHT_MAX
    taper = max(0, step2 - TIE_TAPER_FROM) * TIE_TAPER_PER_POINT
    return max(TIE_WEIGHT_MIN, TIE_WEIGHT_MAX - taper)


def _specialty_terms(specialty_id: str, profile: Profile) -> tuple[float, float, str]:
    """(slope, home-support penalty, its §8 importance label) for a program's specialty."""
    try:
        group = specialty_by_id(specialty_id).group
    except UnknownSpecialty:
        return DEFAULT_SLOPE, 0.0, ""
    slope = STEP2_SLOPE.get(group.step2_power, DEFAULT_SLOPE)
    importance = group.home_support_importance
    penalty = HOME_SUPPORT_PENALTY.get(importance, 0.0) * SITUATION_HOME_FACTOR[profile.situation]
    return slope, penalty, importance


def _profile_logit(profile: Profile) -> tuple[float, list[str]]:
    """The terms that depend on the profile only, with their reasons."""
    logit = BASE_LOGIT
    notes: list[str] = []
    flags = min(len(profile.red_flags), RED_FLAGS_COUNTED)
    if flags:
        logit -= RED_FLAG_PENALTY * flags
        notes.append("red flag" + ("s" if flags > 1 else ""))
    logit += EVALS_TERM[profile.clinical_evals]
    if profile.clinical_evals is ClinicalEvals.WEAK:
        notes.append("weak evaluations")
    elif profile.clinical_evals is ClinicalEvals.STRONG:
        notes.append("strong evaluations")
    if profile.step1 is Step1Result.FAIL_THEN_PASS:
        logit -= STEP1_FAIL_PENALTY
        notes.append("Step 1 fail")
    return logit, notes


def _friendliness_phrase(value: float) -> str:
    return "high" if value >= 0.65 else "medium" if value >= 0.4 else "low"


def fit_all(profile: Profile, programs: Sequence[Program],
            away_program_ids: frozenset[str] = frozenset(),
            estimates: Sequence[Estimates] | None = None) -> list[Fit]:
    """A `Fit` per program, in order. Programs sharing specialty, estimates, state and away
    status share one computed `Fit`, so 50,000 programs cost a few dict look-ups each.
    Pass `estimates` (from `estimate_all`) when the caller already has them."""
    if estimates is None:
        estimates = estimate_all(programs)
    step2 = profile.step2
    base_logit, profile_notes = _profile_logit(profile)
    school_penalty = SCHOOL_PENALTY[profile.school]
    bonus_tie = tie_weight(step2)
    ties = profile.ties
    specialty_cache: dict[str, tuple[float, float, str]] = {}
    tie_cache: dict[str, str | None] = {}
    memo: dict[tuple[int, str, str, bool], Fit] = {}
    result: list[Fit] = []
    append = result.append
    for program, est in zip(programs, estimates, strict=True):
        away = program.id in away_program_ids
        key = (id(est), program.specialty, program.state, away)
        fit = memo.get(key)
        if fit is None:
            terms = specialty_cache.get(program.specialty)
            if terms is None:
                terms = specialty_cache[program.specialty] = _specialty_terms(program.specialty, profile)
            tie = tie_cache.get(program.state, "")
            if tie == "":
                tie = tie_cache[program.state] = next(
                    (t for t in ties if tie_matches(t, program.state)), None)
            fit = memo[key] = _fit_one(step2, est, terms, tie, away, profile.school, school_penalty,
                                       bonus_tie, base_logit, profile_notes)
        append(fit)
    return result


def fit_one(profile: Profile, program: Program, away: bool = False) -> Fit:
    """`fit_all` for a single program (detail panels, tests)."""
    return fit_all(profile, [program], frozenset({program.id}) if away else frozenset())[0]


def _fit_one(step2: int | None, est: Estimates, terms: tuple[float, float, str], tie: str | None,
             away: bool, school: SchoolType, school_penalty: float, bonus_tie: float,
             base_logit: float, profile_notes: list[str]) -> Fit:
    slope, home_penalty, importance = terms
    gap = None if step2 is None else step2 - est.typical_step2
    logit = base_logit + slope * (gap or 0) - home_penalty
    parts: list[str] = []
    if tie is not None:
        logit += bonus_tie
        parts.append(f"tie to {tie}")
    if away:
        logit += AWAY_BONUS
        parts.append("away rotation here")
    parts.append(TIER_PHRASE[est.tier])
    if school_penalty:
        friendly = est.do_friendly if school is SchoolType.US_DO else est.img_friendly
        logit -= school_penalty * (1.0 - friendly)
        kind = "DO" if school is SchoolType.US_DO else "IMG"
        parts.append(f"{kind}-friendliness {_friendliness_phrase(friendly)} (est.)")
    if home_penalty:
        parts.append(f"no home support ({importance} importance, §8)")
    parts.extend(profile_notes)
    p = 1.0 / (1.0 + math.exp(-logit))
    klass = classify(p)
    if step2 is None:
        head = f"no Step 2 CK entered: assumed at est. {est.typical_step2} typical → {klass.value}"
    else:
        head = f"your {step2} vs est. {est.typical_step2} typical → {klass.value}"
    return Fit(p_interview=p, klass=klass, reason="; ".join([head, *parts]), score_gap=gap)

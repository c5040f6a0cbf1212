"""From a number of interviews (contiguous ranks) to an estimated chance of matching, per specialty.

The one curve of the app: SmartPick's list estimate (`match_estimate`, over the interview
distribution) and the rank list's safety net (`core.rank.safety_net`, at the list's length)
both read `curve_for(specialty)`, so the same number of ranks gives the same chance in both.
One interview is treated like one contiguous rank (you can only rank where you interviewed).

The anchors, each written down here once:

- **NRMP, "Impact of Length of Rank Order List on Match Results" (2004-2023 edition)**: the
  probability of matching by number of contiguous ranks, U.S. MD seniors, all specialties
  together, as republished rounded by Residency Advisor ("Rank List Length vs Match
  Probability: What NRMP Data Recommends"): 1 rank 55%, 2 70%, 3 78%, 4 83%, 5 86%, 7 90%,
  10 93%, 15 95% (`ALL_SPECIALTIES_POINTS`). The NRMP's per-specialty charts were not
  reachable here; the all-specialty curve stands in for the core (moderate) specialties,
  whose U.S. senior match rates are at or above the all-specialty rate — so the core curve is,
  if anything, low.
- **Orthopaedic surgery** (NRMP 2016-22, U.S. MD seniors; Sudah et al., JBJS Open Access):
  matched applicants ranked 12.3 contiguous programs, unmatched 6.5. The very competitive
  curve takes 6.5 as its even chance and reaches 90% at the app's 15-interview target.
- **Competitive** specialties (EM, anaesthesiology, neurology, ...): no figure reachable; the
  curve halfway (on the log scale) between the two above, at its even-chance and its 90%
  points: the app's interpolation, labelled so.

The shape is a log-logistic curve, P(k) = 1 / (1 + (k_even / k) ** s): zero at zero, 50% at
`k_even`, rising all the way; the all-specialty one is fitted to the NRMP points (least
squares on the logit scale).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from smartpick_tui.core import rules
from smartpick_tui.core.rules import Competitiveness
from smartpick_tui.core.specialties import Specialty

SAFE_P = 0.90  # the "safe" point the safety net compares with
ALL_SPECIALTIES_POINTS: tuple[tuple[int, float], ...] = (
    (1, 0.55),
    (2, 0.70),
    (3, 0.78),
    (4, 0.83),
    (5, 0.86),
    (7, 0.90),
    (10, 0.93),
    (15, 0.95),
)
ALL_SPECIALTIES_SOURCE = (
    "NRMP, Impact of Length of Rank Order List on Match Results (U.S. MD seniors, all "
    "specialties; rounded, as republished by Residency Advisor): 55% at 1 contiguous rank, "
    "83% at 4, 90% at 7, 95% at 15"
)
ORTHO_MATCHED_RANKS = 12.3  # Sudah et al., JBJS Open Access (NRMP 2016-22, US MD seniors)
ORTHO_UNMATCHED_RANKS = 6.5
ORTHO_SOURCE = (
    "NRMP, orthopaedic surgery, US MD seniors 2016-22: matched applicants ranked "
    "12.3 contiguous programs vs 6.5 for unmatched (Sudah et al., JBJS Open Access)"
)


@dataclass(frozen=True)
class MatchCurve:
    """P(match | k interviews or contiguous ranks) for one specialty (an estimate)."""

    k_even: float  # interviews for an even chance
    steepness: float  # s of the log-logistic curve
    label: str  # which anchors it rests on, for the "how is this computed" view
    # (k_even, steepness) of a curve this one never exceeds: the core one. A steeper curve
    # would otherwise overtake it at long lists (40 orthopaedic ranks above 40 IM ranks).
    cap: tuple[float, float] | None = None

    @property
    def k_safe(self) -> float:
        """Interviews for SAFE_P (no cap reaches down to that point)."""
        return self.k_even * float((SAFE_P / (1.0 - SAFE_P)) ** (1.0 / self.steepness))

    def p_match(self, interviews: float) -> float:
        if interviews <= 0:
            return 0.0
        p = 1.0 / (1.0 + float((self.k_even / interviews) ** self.steepness))
        if self.cap is not None:
            p = min(p, 1.0 / (1.0 + float((self.cap[0] / interviews) ** self.cap[1])))
        return p

    def table(self, up_to: int) -> tuple[float, ...]:
        """p_match(0..up_to), computed once per curve and length."""
        return _table(self, up_to)


@lru_cache(maxsize=256)
def _table(curve: MatchCurve, up_to: int) -> tuple[float, ...]:
    return tuple(curve.p_match(k) for k in range(up_to + 1))


@cache
def all_specialties_fit() -> tuple[float, float]:
    """(k_even, steepness) of the NRMP all-specialty points: logit P = s (ln k - ln k_even)."""
    xs = [math.log(k) for k, _ in ALL_SPECIALTIES_POINTS]
    ys = [math.log(p / (1.0 - p)) for _, p in ALL_SPECIALTIES_POINTS]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    intercept = my - slope * mx
    return math.exp(-intercept / slope), slope


def _very_competitive() -> tuple[float, float]:
    k_safe = float(rules.INTERVIEW_TARGETS[Competitiveness.VERY_COMPETITIVE].min)
    steepness = math.log(SAFE_P / (1.0 - SAFE_P)) / math.log(k_safe / ORTHO_UNMATCHED_RANKS)
    return ORTHO_UNMATCHED_RANKS, steepness


@cache
def curve_for_competitiveness(competitiveness: Competitiveness) -> MatchCurve:
    core_even, core_s = all_specialties_fit()
    very_even, very_s = _very_competitive()
    if competitiveness is Competitiveness.VERY_COMPETITIVE:
        return MatchCurve(
            very_even,
            very_s,
            f"very competitive: an even chance at {very_even:g} ranks ({ORTHO_SOURCE}), "
            f"{SAFE_P:.0%} at the app's {rules.INTERVIEW_TARGETS[competitiveness].min}-interview target; "
            "never above the core curve",
            cap=(core_even, core_s),
        )
    if competitiveness is Competitiveness.COMPETITIVE:
        core_safe = MatchCurve(core_even, core_s, "").k_safe
        very_safe = MatchCurve(very_even, very_s, "").k_safe  # (the caps do not reach 90%)
        k_even = math.sqrt(core_even * very_even)
        k_safe = math.sqrt(core_safe * very_safe)
        steepness = math.log(SAFE_P / (1.0 - SAFE_P)) / math.log(k_safe / k_even)
        return MatchCurve(
            k_even,
            steepness,
            f"competitive: halfway between the NRMP all-specialty curve and the orthopaedic one "
            f"(the app's interpolation; no per-specialty NRMP figure reachable): an even chance "
            f"at {k_even:.1f} ranks; never above the core curve",
            cap=(core_even, core_s),
        )
    return MatchCurve(core_even, core_s, f"core specialties: {ALL_SPECIALTIES_SOURCE}")


def curve_for(specialty: Specialty) -> MatchCurve:
    """The curve for a specialty, by its §3 competitiveness (orthopaedics is the one specialty
    with its own published numbers and it defines the very-competitive curve)."""
    return curve_for_competitiveness(specialty.competitiveness)


def match_estimate(pmf: Sequence[float], curve: MatchCurve) -> float:
    """E[P(match | K)] over the interview distribution."""
    table = curve.table(len(pmf) - 1)
    return min(1.0, max(0.0, sum(mass * table[k] for k, mass in enumerate(pmf))))

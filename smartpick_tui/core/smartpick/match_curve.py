"""From a number of interviews to an estimated chance of matching, per specialty.

An estimate, anchored on the few public facts we have (each written down here once):

- FAQ 5 of the article: for core specialties (IM, Peds, Psych, FM) "12-15 interviews puts you
  in a pretty safe zone"; competitive specialties need more. The app reads "pretty safe" as a
  90% chance at the low end of each specialty's interview target (`rules.INTERVIEW_TARGETS`,
  12 for core; the others are the app's own extrapolations, flagged there).
- NRMP data for orthopaedic surgery (US MD seniors 2016-22; Sudah et al., JBJS Open Access):
  matched applicants ranked 12.3 contiguous programs, unmatched 6.5. The app takes the
  unmatched mean as the point of an even chance, i.e. 6.5 of the 15-interview safe point.
- NRMP Charting Outcomes: matched applicants rank more programs than unmatched ones in every
  specialty, so every curve rises with the number of interviews.

The shape is a log-logistic curve, P(k) = 1 / (1 + (k_even / k) ** s): zero at zero
interviews, 50% at `k_even`, 90% at `k_safe`, rising all the way. Every specialty uses the
orthopaedic ratio k_even / k_safe, scaled to its own safe point. One interview is treated like
one contiguous rank (you can only rank where you interviewed).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from smartpick_tui.core import rules
from smartpick_tui.core.rules import Competitiveness
from smartpick_tui.core.specialties import Specialty

SAFE_P = 0.90  # the app's reading of FAQ 5's "pretty safe zone"
ORTHO_MATCHED_RANKS = 12.3  # Sudah et al., JBJS Open Access (NRMP 2016-22, US MD seniors)
ORTHO_UNMATCHED_RANKS = 6.5
ORTHO_SOURCE = (
    "NRMP, orthopaedic surgery, US MD seniors 2016-22: matched applicants ranked "
    "12.3 contiguous programs vs 6.5 for unmatched (Sudah et al., JBJS Open Access)"
)
EVEN_RATIO = ORTHO_UNMATCHED_RANKS / rules.INTERVIEW_TARGETS[Competitiveness.VERY_COMPETITIVE].min


@dataclass(frozen=True)
class MatchCurve:
    """P(match | k interviews) for one specialty (an estimate)."""

    k_even: float  # interviews for an even chance
    k_safe: float  # interviews for SAFE_P
    label: str  # which anchors it rests on, for the "how is this computed" view

    @property
    def steepness(self) -> float:
        return math.log(SAFE_P / (1.0 - SAFE_P)) / math.log(self.k_safe / self.k_even)

    def p_match(self, interviews: int) -> float:
        if interviews <= 0:
            return 0.0
        return 1.0 / (1.0 + float((self.k_even / interviews) ** self.steepness))

    def table(self, up_to: int) -> tuple[float, ...]:
        """p_match(0..up_to), computed once per curve and length."""
        return _table(self, up_to)


@lru_cache(maxsize=256)
def _table(curve: MatchCurve, up_to: int) -> tuple[float, ...]:
    return tuple(curve.p_match(k) for k in range(up_to + 1))


def curve_for_competitiveness(competitiveness: Competitiveness) -> MatchCurve:
    target = rules.INTERVIEW_TARGETS[competitiveness]
    k_safe = float(target.min)
    basis = (
        "FAQ 5 (12-15 is a fairly safe zone)"
        if not target.extrapolated
        else f"the app's interview target {target.min}-{target.max} (extrapolated from FAQ 5)"
    )
    return MatchCurve(
        k_even=k_safe * EVEN_RATIO,
        k_safe=k_safe,
        label=f"{competitiveness.value}: {SAFE_P:.0%} at {target.min} interviews per {basis}; "
        f"an even chance at {k_safe * EVEN_RATIO:.1f}, the orthopaedic ratio "
        f"{ORTHO_UNMATCHED_RANKS}/{rules.INTERVIEW_TARGETS[Competitiveness.VERY_COMPETITIVE].min}",
    )


def curve_for(specialty: Specialty) -> MatchCurve:
    """The curve for a specialty: by its §3 competitiveness (the only per-specialty data the
    anchors support; orthopaedics is the one specialty with its own published numbers and it
    defines the very-competitive curve)."""
    return curve_for_competitiveness(specialty.competitiveness)


def match_estimate(pmf: Sequence[float], curve: MatchCurve) -> float:
    """E[P(match | K)] over the interview distribution."""
    table = curve.table(len(pmf) - 1)
    return min(1.0, max(0.0, sum(mass * table[k] for k, mass in enumerate(pmf))))

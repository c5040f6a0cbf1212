"""The balanced list builder: the article's mix of aspiration and stable floor, filled with
the programs that add most to the estimated chance of matching.

The mix is written in §3's own vocabulary of tiers, not in reach/target/safety: "aspirational
programs (reach and mid-high tier)" and "stable floor programs (community, lower-mid academic,
safety regions)", with "swings at higher academic programs" from 250. So the list has three
groups (`Group`): top programs (the swings), mid-high academic, and the floor (low-mid academic
and community). A program's group depends only on its (estimated) tier, never on the score,
so a higher score can only raise the chances inside each group: within one score band, with
the soft weights equal, the built list's match estimate never falls as the score rises
(tested). At a band edge the article itself asks for more swings, which can cost a fraction
of a point of estimated match chance; the assumptions say so.

Why greedy works here: adding a program invited with probability p to a list whose interview
count is K raises the match estimate by p * E[P(K + 1) - P(K)]. The expectation is the same for
every candidate at a given step, so the greedy choice by marginal gain is the candidate with
the highest p (times the soft weights) among the groups the mix still has room for. The
interview distribution is computed exactly given the applicant's shared factor and mixed over
it (`distribution.mixture`), and each pick's contribution is what the estimate would lose
without it.

What the article asks of the list, and where it is encoded:
- the mix (`MIXES`) per score band, from §3's tier guidance; at >= 250 never top-heavy only:
  the floor keeps at least 45% of the list (§3);
- regions with ties weighted per band (`TIE_WEIGHTS`): "mostly regions where you have any tie"
  at 230-239, "including regions you have no ties to" from 250 (§3);
- community and low-mid academic programs where the score stands out (§9 mistake 1: "strong
  mid-tier and community programs that would actually love them");
- pinned programs always in, excluded ones never; preferred states/regions a soft weight;
- one program per institution (its tracks share one decision, so they are not independent
  trials); equal chances are ordered by a stable hash of the id, not by the catalog's order.
The shares and weights are the app's own reading of the article (estimates), listed in
`assumptions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from smartpick_tui.core import rules
from smartpick_tui.core.geography import tie_matches
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Estimates, Program, Tier
from smartpick_tui.core.reading import band_label, read_band
from smartpick_tui.core.smartpick import distribution
from smartpick_tui.core.smartpick.match_curve import MatchCurve, match_estimate


class Group(str, Enum):
    """A program's place in the list's mix (§3 vocabulary)."""

    TOP = "top"  # "swings at higher academic programs"
    ACADEMIC = "mid-high academic"  # with TOP, the "aspirational programs"
    FLOOR = "floor"  # "stable floor": low-mid academic and community

    @property
    def label(self) -> str:
        return {
            "top": "swings (top programs)",
            "mid-high academic": "mid-high academic",
            "floor": "stable floor (low-mid academic, community)",
        }[self.value]


TIER_GROUP: dict[Tier, Group] = {
    Tier.TOP: Group.TOP,
    Tier.MID_HIGH: Group.ACADEMIC,
    Tier.LOW_MID: Group.FLOOR,
    Tier.COMMUNITY: Group.FLOOR,
}


@dataclass(frozen=True)
class Mix:
    """Shares of the list per group for one score band (they sum to 1)."""

    low: int
    high: int
    top: float
    academic: float
    floor: float
    basis: str

    def share(self, group: Group) -> float:
        return {Group.TOP: self.top, Group.ACADEMIC: self.academic, Group.FLOOR: self.floor}[group]

    def describe(self) -> str:
        return f"{self.top:.0%} top, {self.academic:.0%} mid-high academic, {self.floor:.0%} floor"


# The mix per §3 band, in the order of `rules.TIER_GUIDANCE` (same bands, never a second copy
# of their edges): (top, mid-high academic, floor) shares and the basis.
_MIX_SHARES: tuple[tuple[float, float, float, str], ...] = (
    (
        0.00,
        0.10,
        0.90,
        "not covered by the article: community programs and ties, a few academic programs",
    ),
    (0.00, 0.25, 0.75, "focus heavily on community and low-mid academic (§3)"),
    (0.00, 0.40, 0.60, "academic programs outside the very top, anchored with community (§3)"),
    (0.10, 0.40, 0.50, "swings at higher academic programs, with a stable floor (§3)"),
    (0.15, 0.40, 0.45, "looked at nearly anywhere, still not top-heavy only (§3)"),
)
# Regional ties per band (§3: "mostly regions where you have any tie" at 230-239; "including
# regions you have no ties to" from 250).
_TIE_WEIGHTS: tuple[float, ...] = (1.6, 1.5, 1.25, 1.1, 1.0)
MIXES: tuple[Mix, ...] = tuple(
    Mix(band.low, band.high, top, academic, floor, f"{band_label(band)}: {basis}")
    for band, (top, academic, floor, basis) in zip(rules.TIER_GUIDANCE, _MIX_SHARES, strict=True)
)
TIE_WEIGHTS: dict[int, float] = {
    band.high: weight for band, weight in zip(rules.TIER_GUIDANCE, _TIE_WEIGHTS, strict=True)
}

PREFERRED_WEIGHT = 1.25
STANDOUT_WEIGHT = 1.15
STANDOUT_POINTS = 5  # Step 2 CK this far above a program's typical score "stands out" (estimate)
FLOOR_TIERS = (Tier.COMMUNITY, Tier.LOW_MID)


def mix_for(profile: Profile) -> Mix:
    """The mix of the band `reading.read_band` reads the profile in."""
    return MIXES[read_band(profile).index]


def tie_weight(profile: Profile) -> float:
    return _TIE_WEIGHTS[read_band(profile).index]


def soft_weight(profile: Profile, program: Program, estimates: Estimates) -> tuple[float, tuple[str, ...]]:
    """The user's and the article's soft preferences for one program, with the reasons."""
    weight, reasons = 1.0, []
    if any(tie_matches(place, program.state) for place in profile.preferred):
        weight *= PREFERRED_WEIGHT
        reasons.append("in a preferred state/region")
    tie = tie_weight(profile)
    if tie > 1.0 and any(tie_matches(place, program.state) for place in profile.ties):
        weight *= tie
        reasons.append("in a region where you have ties")
    assert profile.step2 is not None
    if estimates.tier in FLOOR_TIERS and profile.step2 - estimates.typical_step2 >= STANDOUT_POINTS:
        weight *= STANDOUT_WEIGHT
        reasons.append(f"your score stands out here (typical ~{estimates.typical_step2}, estimate)")
    return weight, tuple(reasons)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One program as the builder sees it: its estimated chance, group and weights."""

    index: int  # position in the caller's program sequence
    p: float
    group: Group
    weight: float = 1.0
    pinned: bool = False
    institution: str = ""  # tracks of one institution are one decision: one pick each
    tiebreak: int = 0  # orders equal chances without favouring the catalog's order

    @property
    def key(self) -> float:
        return self.p * self.weight


@dataclass(frozen=True)
class BuiltList:
    picks: tuple[Candidate, ...]  # in the order added
    pmf: distribution.Pmf
    match_estimate: float
    quotas: dict[Group, int]
    contributions: tuple[float, ...]  # per pick: the match estimate lost without it
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def expected_interviews(self) -> float:
        return distribution.mean(self.pmf)

    @property
    def interviews_80(self) -> tuple[int, int]:
        return distribution.central_interval(self.pmf, 0.8)


def list_match_estimate(probabilities: Sequence[float], curve: MatchCurve) -> float:
    """The match estimate of a list with these invitation chances (shared applicant factor)."""
    return sum(w * match_estimate(pmf, curve) for w, pmf in distribution.mixture(probabilities))


def quotas_for(mix: Mix, n: int) -> dict[Group, int]:
    """Slots per group: the floor gets what rounding leaves, so it is never rounded away."""
    top = min(n, round(n * mix.top))
    academic = min(n - top, round(n * mix.academic))
    return {Group.TOP: top, Group.ACADEMIC: academic, Group.FLOOR: n - top - academic}


def rank(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The greedy order (highest weighted chance first), computed once for every list size."""
    return sorted(candidates, key=lambda c: (-c.key, c.tiebreak, c.index))


def build_list(
    ranked: Sequence[Candidate],
    n: int,
    mix: Mix,
    curve: MatchCurve,
    with_contributions: bool = True,
) -> BuiltList:
    """Pinned candidates first, then the mix filled greedily from `ranked` (the order `rank`
    gives); groups that run short hand their slots to the best remaining candidates of any
    group. `with_contributions=False` skips the per-pick leave-one-out (what-if lists)."""
    if n < 0:
        raise ValueError("list size must be >= 0")
    pinned = [c for c in ranked if c.pinned]
    n = max(n, len(pinned))
    quotas = quotas_for(mix, n)
    room = dict(quotas)
    for c in pinned:
        room[c.group] = room[c.group] - 1
    chosen: list[Candidate] = list(pinned)
    taken = {c.institution for c in pinned if c.institution}
    left: list[Candidate] = []
    for c in ranked:  # greedy order: take while the group has room
        if len(chosen) >= n:
            break
        if c.pinned or (c.institution and c.institution in taken):
            continue
        if room[c.group] > 0:
            chosen.append(c)
            room[c.group] -= 1
            if c.institution:
                taken.add(c.institution)
        else:
            left.append(c)
    short = {k: v for k, v in room.items() if v > 0}
    notes = []
    if short and len(chosen) < n:
        missing = ", ".join(f"{v} {k.value}" for k, v in short.items())
        notes.append(
            f"Not enough programs in some groups ({missing} missing); those slots "
            "went to the next best programs of any group."
        )
        for c in left:
            if len(chosen) >= n:
                break
            if not (c.institution and c.institution in taken):
                chosen.append(c)
                taken.add(c.institution)
    components = distribution.mixture([c.p for c in chosen])
    estimate = sum(w * match_estimate(pmf, curve) for w, pmf in components)
    contributions = (
        tuple(
            estimate
            - sum(
                w
                * match_estimate(
                    distribution.remove_trial(
                        pmf, distribution.shifted(c.p, distribution.APPLICANT_SIGMA * z)
                    ),
                    curve,
                )
                for (w, pmf), (_, z) in zip(components, distribution.QUADRATURE, strict=True)
            )
            for c in chosen
        )
        if with_contributions
        else ()
    )
    pmf = distribution.mixed_pmf(components)
    if len(chosen) < n:
        notes.append(f"Only {len(chosen)} programs are available for a list of {n}.")
    return BuiltList(tuple(chosen), pmf, estimate, quotas, contributions, tuple(notes))

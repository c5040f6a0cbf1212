"""The list optimiser: the programs that maximise the estimated chance of matching, with the
student's wishes in the objective, the article as guidance rather than slots.

The objective of a list S is

    J(S) = P(match | S) + WISH_VALUE * sum over j in S of p_j * want_j

- P(match | S) is the match estimate: the exact interview distribution with the shared
  applicant factor (`distribution.mixture`), through the specialty's match curve. It depends
  only on the per-program chances p_j, so the optimiser works for any chance model.
- the second term is what the student wants besides *a* match: an interview at a program they
  would rather train at (its selectivity as the default "swing" value, raised by their preferred
  regions, their ties at the lower score bands (§3) and a city they want to be near). It is
  small (`WISH_VALUE`), so it only decides once more interviews barely move the match
  chance: a list that is already safe spends its last slots on real swings (§3: from 250,
  "swings at higher academic programs"), a list that is not keeps adding chance.

Greedy by marginal gain. Adding a program invited with probability p to a list raises
P(match) by sum_z w_z * p_z * D_z, with p_z its chance given the applicant factor z and D_z the
expected gain of one more interview given z (the same for every candidate at a step). That is
increasing in p, and the wish term is linear in q = p * want, so the best candidate is always
on the Pareto frontier of (p, q) among the programs not yet taken: the optimiser keeps that
frontier (a few dozen programs) instead of scoring every program at every step, which keeps
80 picks from 10,000 programs fast. Equal objectives are ordered by a stable hash of the id,
never by name or catalog order.

The article's guidance, as constraints where the objective alone would not honour it:
- never a slot filled with a negligible chance (`NEGLIGIBLE_P`): the list comes out shorter and
  says so, rather than padding with programs that cannot help;
- from 250, real swings (`swing_share`): at least that share of the list goes to top and
  mid-high academic programs where the student is a reach, chosen by the same objective (the
  student's own marked programs count first);
- one program per institution (its tracks share one decision: not independent trials);
- pinned ("must apply") programs always in, "never" ones never (the engine drops them).
The numbers are the app's own reading of the article (estimates), listed in `assumptions`.

Longer than the ~450 lines a module aims at: the greedy build, its Pareto frontier, the
swap pass and the constraints above all read and keep the same partial list and its
per-factor gains; the swap pass (`swap_pass`) is the seam if it grows.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from operator import attrgetter

from smartpick_tui.core import rules
from smartpick_tui.core.programs import Tier
from smartpick_tui.core.smartpick import distribution
from smartpick_tui.core.smartpick.match_curve import MatchCurve, match_estimate


class Group(str, Enum):
    """A program's place in the list (§3 vocabulary), for the summary and the swings."""

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

# --- the objective's numbers (the app's own reading of the article; estimates) --------------
NEGLIGIBLE_P = 0.03  # an invitation chance below 3% never fills a slot (it cannot help) ...
# ... unless chances of 3% are what the applicant's best programs give: measured non-US IMG
# interview rates are mostly 0-3% a program (docs/calibration.md), and an IMG's 129 applications
# at 1-4% are what brings their ~5 interviews. So the floor is also relative: a chance under a
# fifth of the pool's 90th-percentile chance is negligible for this applicant, and under 1% always
# (a field whose best chances are a fraction of a percent is out of reach: the list says so).
NEGLIGIBLE_SHARE, NEGLIGIBLE_QUANTILE, NEGLIGIBLE_MIN = 0.2, 0.9, 0.01


def negligible_below(chances: Sequence[float]) -> float:
    """The chance under which a program never fills a slot, for this applicant's pool."""
    ordered = sorted(chances)
    if not ordered:
        return NEGLIGIBLE_P
    high = ordered[min(len(ordered) - 1, int(NEGLIGIBLE_QUANTILE * len(ordered)))]
    return min(NEGLIGIBLE_P, max(NEGLIGIBLE_MIN, NEGLIGIBLE_SHARE * high))


WISH_VALUE = 0.0005  # points of match chance one expected interview at a most-wanted program is worth
# (small: with the fitted chances a larger weight, 0.001 and up, bought wished-for programs at a
# cost in match chance that left IM 256 and derm 258 lists below the old quota list's estimate;
# the wish still orders near-equal programs and the student's marks are always in)
# §3 per band (same bands as `rules.TIER_GUIDANCE`, never a second copy of their edges): the
# least share of the list that goes to swings. Below 250 the article asks for none; from 250 it
# asks for "swings at higher academic programs" and, from 260, a list "looked at nearly
# anywhere" that is "still not top-heavy only".
_SWING_SHARES: tuple[float, ...] = (0.0, 0.0, 0.0, 0.10, 0.12)
# How much a program is wanted (0..1 before the bonuses): its selectivity, squared so that
# the community floor is wanted for safety, not for itself.
PREFERRED_BONUS = 0.3  # in a preferred state/region
NEAR_BONUS = 0.3  # within the distance of the city you want to be near
# Ties per band (§3: "mostly regions where you have any tie" at 230-239; "including regions you
# have no ties to" from 250): added to the want of a program in a tie region.
_TIE_BONUSES: tuple[float, ...] = (0.6, 0.5, 0.25, 0.1, 0.0)
# §3's stable floor (the least share of low-mid academic and community programs) and the most
# top programs, per band: "focus heavily on community and low-mid academic" at 230-239,
# "anchored with community" at 240-249, "a stable floor" from 250, "not top-heavy only" from 260.
_FLOOR_SHARES: tuple[float, ...] = (0.9, 0.75, 0.6, 0.5, 0.45)
_TOP_SHARES: tuple[float, ...] = (0.0, 0.0, 0.1, 0.2, 0.2)
if (
    not len(_SWING_SHARES)
    == len(_TIE_BONUSES)
    == len(_FLOOR_SHARES)
    == len(_TOP_SHARES)
    == len(rules.TIER_GUIDANCE)
):
    raise RuntimeError("builder: one swing share and one tie bonus per rules.TIER_GUIDANCE band")
_BLOCK = 64  # block size of the frontier's search structure
# The local-swap pass after the greedy build (bounded work): at most this many passes over the
# list, and among the swings a guidance bound forces, the first this many by chance.
SWAP_PASSES = 3
SWAP_SWING_CANDIDATES = 64
SWAP_EPSILON = 1e-12  # a swap must raise the objective by more than rounding


@dataclass(frozen=True)
class Guidance:
    """The article's bounds on a list of one band, in numbers of programs."""

    min_swings: int = 0
    min_floor: int = 0
    max_top: int | None = None  # None: no bound

    @classmethod
    def for_band(cls, band_index: int, n: int) -> Guidance:
        return cls(
            math.ceil(n * _SWING_SHARES[band_index] - 1e-9),
            math.ceil(n * _FLOOR_SHARES[band_index] - 1e-9),
            math.floor(n * _TOP_SHARES[band_index] + 1e-9),
        )

    def describe(self) -> str:
        parts = [f"at least {self.min_floor} floor programs (§3 stable floor)"]
        if self.min_swings:
            parts.append(f"at least {self.min_swings} swings (§3, from 250)")
        if self.max_top is not None:
            parts.append(f"at most {self.max_top} top programs" if self.max_top else "no top programs")
        return ", ".join(parts)


def floor_share(band_index: int) -> float:
    return _FLOOR_SHARES[band_index]


def top_share(band_index: int) -> float:
    return _TOP_SHARES[band_index]


def swing_share(band_index: int) -> float:
    return _SWING_SHARES[band_index]


def tie_bonus(band_index: int) -> float:
    return _TIE_BONUSES[band_index]


def base_want(selectivity: float) -> float:
    return max(0.0, min(1.0, selectivity)) ** 2


@dataclass(slots=True)  # not frozen: a frozen __init__ costs ~20 ms for 10,000 programs
class Candidate:
    """One program as the optimiser sees it (never changed once made)."""

    index: int  # position in the caller's program sequence
    p: float  # estimated invitation chance (any model)
    group: Group
    want: float = 0.0  # how much the student wants it, 0..~2 (see module doc)
    pinned: bool = False
    institution: str = ""  # tracks of one institution are one decision: one pick each
    tiebreak: int = 0  # orders equal objectives without favouring a name or the catalog order
    swing: bool = False  # a top or mid-high academic program where the student is a reach
    mine: bool = False  # marked by the student (counts first among the swings)

    @property
    def q(self) -> float:
        return self.p * self.want


@dataclass(frozen=True)
class BuiltList:
    picks: tuple[Candidate, ...]  # in the order added: pinned first, then by marginal gain
    pmf: distribution.Pmf
    match_estimate: float
    contributions: tuple[float, ...]  # per pick: the match estimate lost without it
    gains: tuple[float, ...]  # per pick: match estimate gained when it was added
    requested: int
    short: int = 0  # slots left empty: no more programs with a non-negligible chance
    forced_swings: int = 0  # swings added by the §3 guidance rather than the objective alone
    notes: tuple[str, ...] = field(default_factory=tuple)
    components: tuple[distribution.Pmf, ...] = ()  # the count given each applicant-factor node
    more_estimate: tuple[int, float] | None = None  # (programs, estimate) of the grown list
    swaps: int = 0  # picks the local-swap pass replaced (each raised the objective)

    @property
    def expected_interviews(self) -> float:
        return distribution.mean(self.pmf)

    @property
    def interviews_80(self) -> tuple[int, int]:
        return distribution.central_interval(self.pmf, 0.8)


def list_match_estimate(probabilities: Sequence[float], curve: MatchCurve) -> float:
    """The match estimate of a list with these invitation chances (shared applicant factor)."""
    return sum(w * match_estimate(pmf, curve) for w, pmf in distribution.mixture(probabilities))


class _Shifted:
    """p given each quadrature node of the applicant factor, computed once per distinct p."""

    def __init__(self) -> None:
        self._cache: dict[float, tuple[float, ...]] = {}
        self._shifts = tuple(distribution.APPLICANT_SIGMA * z for _, z in distribution.QUADRATURE)

    def __call__(self, p: float) -> tuple[float, ...]:
        got = self._cache.get(p)
        if got is None:
            if p <= 0.0 or p >= 1.0:
                got = (p,) * len(self._shifts)
            else:
                logit = math.log(p / (1.0 - p))
                got = tuple(1.0 / (1.0 + math.exp(-(logit + s))) for s in self._shifts)
            self._cache[p] = got
        return got


class Pool:
    """The candidates, sorted once (chance, then wish-weighted chance, then the hash) and
    shared by every list built from them (the list, the what-ifs, `+`/`-`)."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        # chance, then wish-weighted chance, then the hash, then the index: stable sorts on one
        # key each, last key first (much faster than tuple keys over 10,000 programs); a stable
        # sort on x with reverse=True orders as one on -x, without a -x per program
        order = sorted(candidates, key=attrgetter("index"))
        order.sort(key=attrgetter("tiebreak"))
        order.sort(key=lambda c: c.p * c.want, reverse=True)
        order.sort(key=attrgetter("p"), reverse=True)
        self.order: list[Candidate] = order
        self.shifted = _Shifted()
        self.qs = [c.p * c.want for c in order]
        self.position = {c.index: pos for pos, c in enumerate(order)}
        self._at: list[tuple[float, ...] | None] = [None] * len(order)
        counted = Counter(map(attrgetter("institution"), order))  # (at C speed: 10,000 of them)
        shared = {name for name, count in counted.items() if count > 1 and name}
        self.by_institution: dict[str, list[int]] = {name: [] for name in shared}
        if shared:
            for pos, c in enumerate(order):
                if c.institution in shared:
                    self.by_institution[c.institution].append(pos)
        # what every list starts from: the programs that may fill a slot, one frontier per group
        self.floor_p = negligible_below([c.p for c in order])
        self.open = [c.p >= self.floor_p and not c.pinned for c in order]
        qs: dict[Group, list[float]] = {group: [-math.inf] * len(order) for group in Group}
        for pos, (c, ok) in enumerate(zip(order, self.open, strict=True)):
            if ok:
                qs[c.group][pos] = self.qs[pos]
        self._frontiers = {group: _Frontier(q, None) for group, q in qs.items()}

    def frontiers(self) -> dict[Group, _Frontier]:
        """Fresh copies of the starting frontiers (each list consumes its own)."""
        return {group: frontier.copy() for group, frontier in self._frontiers.items()}

    def __len__(self) -> int:
        return len(self.order)

    def shifted_at(self, pos: int) -> tuple[float, ...]:
        got = self._at[pos]
        if got is None:
            got = self._at[pos] = self.shifted(self.order[pos].p)
        return got


class _Frontier:
    """The Pareto frontier of (p, q) over the programs still available, in pool order.

    Positions are sorted by p descending, so the frontier is the chain of positions whose q
    beats every earlier available q. Removing a frontier point re-opens only the stretch up
    to the next frontier point; a block maximum of q finds the next point above a threshold
    without walking every program."""

    def __init__(self, qs: list[float], alive: list[bool] | None) -> None:
        """`alive` None: `qs` already holds -inf for the programs that are not available."""
        self.q = qs if alive is None else [q if ok else -math.inf for q, ok in zip(qs, alive, strict=True)]
        self.size = len(self.q)
        self.block_max = [max(self.q[i : i + _BLOCK], default=-math.inf) for i in range(0, self.size, _BLOCK)]
        self.points: list[int] = self._chain(0, self.size, -math.inf)

    def copy(self) -> _Frontier:
        other = object.__new__(_Frontier)
        other.q, other.size = list(self.q), self.size
        other.block_max, other.points = list(self.block_max), list(self.points)
        return other

    def _next_above(self, start: int, end: int, threshold: float) -> int:
        """The first position in [start, end) with q > threshold, or end."""
        q, i = self.q, start
        while i < end:
            if i % _BLOCK == 0 and self.block_max[i // _BLOCK] <= threshold:
                i += _BLOCK
                continue
            if q[i] > threshold:
                return i
            i += 1
        return end

    def _chain(self, start: int, end: int, threshold: float) -> list[int]:
        chain = []
        i = self._next_above(start, end, threshold)
        while i < end:
            chain.append(i)
            i = self._next_above(i + 1, end, self.q[i])
        return chain

    def restore(self, pos: int, q: float) -> None:
        """Put a program back (a swap took it off the list): the chain is rebuilt, which skips
        whole blocks, so it costs about size / _BLOCK steps plus the chain's length."""
        self.q[pos] = q
        block = pos // _BLOCK
        self.block_max[block] = max(self.block_max[block], q)
        self.points = self._chain(0, self.size, -math.inf)

    def remove(self, pos: int) -> None:
        if self.q[pos] == -math.inf:
            return
        self.q[pos] = -math.inf
        block = pos // _BLOCK
        self.block_max[block] = max(self.q[block * _BLOCK : (block + 1) * _BLOCK])
        k = bisect_left(self.points, pos)
        if k < len(self.points) and self.points[k] == pos:
            low = self.q[self.points[k - 1]] if k > 0 else -math.inf
            end = self.points[k + 1] if k + 1 < len(self.points) else self.size
            self.points[k : k + 1] = self._chain(pos + 1, end, low)


def _d_terms(components: Sequence[Sequence[float]], table: Sequence[float]) -> list[float]:
    """w_z * E[T(K+1) - T(K) | z]: what one more interview is worth, per applicant-factor node."""
    steps = distribution.steps(table)
    return [
        weight * distribution.expectation(pmf, steps)
        for (weight, _), pmf in zip(distribution.QUADRATURE, components, strict=True)
    ]


def _estimate(components: Sequence[Sequence[float]], table: Sequence[float]) -> float:
    return sum(
        weight * distribution.expectation(pmf, table)
        for (weight, _), pmf in zip(distribution.QUADRATURE, components, strict=True)
    )


def _add(components: list[distribution.Pmf], shifted: Sequence[float]) -> None:
    for z, pz in enumerate(shifted):
        components[z] = distribution.add_trial(components[z], pz)


def build_list(
    pool: Pool,
    n: int,
    curve: MatchCurve,
    *,
    guidance: Guidance | None = None,
    with_contributions: bool = True,
    more: int = 0,
    more_guidance: Guidance | None = None,
    swap: bool = True,
) -> BuiltList:
    """The optimised list of `n` programs from `pool` (see the module doc), within the
    article's `guidance`. Pinned candidates always go in (the list grows to hold them); fewer
    than `n` come out when no other program has a non-negligible chance.
    `with_contributions=False` skips the leave-one-out; `swap=False` the local-swap pass (the
    greedy list alone, for comparison). `more` > 0 goes on, incrementally,
    to `n + more` programs under `more_guidance` and records that list's estimate
    (`BuiltList.more_estimate`: the "what if 10 more" of the same optimiser)."""
    if n < 0:
        raise ValueError("list size must be >= 0")
    guidance = guidance or Guidance()
    order = pool.order
    alive = list(pool.open)
    # one frontier per group: a bound on a group must not hide that group's best program
    frontiers = pool.frontiers()
    swing_positions = [pos for pos, c in enumerate(order) if c.swing and alive[pos]]
    taken: set[str] = set()
    chosen: list[Candidate] = []
    gains: list[float] = []
    components: list[distribution.Pmf] = [distribution.EMPTY] * len(distribution.QUADRATURE)
    pinned = [c for c in order if c.pinned]
    n = max(n, len(pinned))
    table = curve.table(n + max(0, more) + 1)
    counts = {group: 0 for group in Group}
    forced = 0
    # pick i -> the components without it, computed by the swap pass on the components as they
    # are now (cleared whenever they change): the leave-one-out reuses them (the same
    # remove_trial calls, 560 of them at 80 picks, were made twice: ~7 ms, issue 26)
    without_pick: dict[int, list[distribution.Pmf]] = {}
    # the same by chance, with their `_d_terms` (picks of equal chance share them)
    without_chance: dict[float, tuple[list[distribution.Pmf], list[float]]] = {}

    def drop(pos: int) -> None:
        alive[pos] = False
        frontiers[order[pos].group].remove(pos)

    def take(pos: int | None, c: Candidate, gain: float) -> None:
        """Add `c`; `gain` is its exact marginal gain in P(match): adding a trial raises
        E[T(K)] by p * E[T(K+1) - T(K)], per applicant-factor node."""
        _add(components, pool.shifted(c.p))
        gains.append(gain)
        chosen.append(c)
        counts[c.group] += 1
        if pos is not None:
            drop(pos)
        if c.institution and c.institution not in taken:
            taken.add(c.institution)
            for other in pool.by_institution.get(c.institution, ()):
                if alive[other]:
                    drop(other)

    def grow(size: int, bounds: Guidance) -> None:
        """The greedy steps up to `size` programs (or until no program can help)."""
        nonlocal forced
        swings_have = sum(1 for c in chosen if c.swing)
        while len(chosen) < size:
            slots = size - len(chosen)
            groups = [g for g in Group if frontiers[g].points]
            if bounds.max_top is not None and counts[Group.TOP] >= bounds.max_top:
                groups = [g for g in groups if g is not Group.TOP]
            floor_short = bounds.min_floor - counts[Group.FLOOR] >= slots and frontiers[Group.FLOOR].points
            swing_short = bounds.min_swings - swings_have >= slots
            if floor_short:
                candidates = list(frontiers[Group.FLOOR].points)
            elif swing_short and any(alive[pos] for pos in swing_positions):
                candidates = [pos for pos in swing_positions if alive[pos]]
            else:
                candidates = [pos for g in groups for pos in frontiers[g].points]
                if not candidates:  # the bounds cannot be met: the best of what is left
                    candidates = [pos for g in Group for pos in frontiers[g].points]
            if not candidates:
                return
            d0, d1, d2, d3, d4, d5, d6 = _d_terms(components, table)  # 7 quadrature nodes
            best_pos, best_gain, best_match = -1, -math.inf, 0.0
            shifted, qs = pool.shifted_at, pool.qs
            for pos in candidates:
                s0, s1, s2, s3, s4, s5, s6 = shifted(pos)
                match = d0 * s0 + d1 * s1 + d2 * s2 + d3 * s3 + d4 * s4 + d5 * s5 + d6 * s6
                gain = match + WISH_VALUE * qs[pos]
                # equal gains: the first in pool order (chance, then the stable hash) wins
                if gain > best_gain or (gain == best_gain and pos < best_pos):
                    best_pos, best_gain, best_match = pos, gain, match
            c = order[best_pos]
            if swing_short and not floor_short and c.swing:
                forced += 1
            take(best_pos, c, best_match)
            swings_have += c.swing

    def reopen(c: Candidate) -> None:
        """`c` left the list: it, and the other tracks of its institution, may be picked again."""
        group_of = [c]
        if c.institution:
            taken.discard(c.institution)
            group_of = [order[pos] for pos in pool.by_institution.get(c.institution, ())] or [c]
        listed = {id(x) for x in chosen}
        for other in group_of:
            pos = pool.position[other.index]
            if pool.open[pos] and not alive[pos] and id(other) not in listed:
                alive[pos] = True
                frontiers[other.group].restore(pos, pool.qs[pos])

    def swap_pass(bounds: Guidance) -> int:
        """Local search after the greedy build: replace a pick by a program off the list when
        that raises the objective (exactly: the pick's own gain and the newcomer's, both given
        the list without the pick) and does not lower the match estimate, within the same
        bounds as the build. Greedy picks made while one more interview was worth a lot can lose
        to a wanted program once the list is full. Each swap raises the objective, so the pass
        ends; SWAP_PASSES bounds the work, and a pick no candidate out-chances costs nothing."""
        nonlocal components, forced
        done = 0
        swing_positions_alive = [pos for pos in swing_positions if alive[pos]][:SWAP_SWING_CANDIDATES]
        # the index of the previous pass's last swap: the picks after it were weighed against
        # the list as it is now and kept, so a pass with no swap before it ends there (each of
        # them would be weighed again, exactly, and kept: ~40% of the remove_trial calls, issue 26)
        last_swap = len(chosen)
        for _ in range(SWAP_PASSES):
            changed = False
            for i in range(len(chosen)):
                if i > last_swap and not changed:
                    break
                c = chosen[i]
                if c.pinned:
                    continue
                swings_have = sum(1 for x in chosen if x.swing) - c.swing
                need_floor = counts[Group.FLOOR] - (c.group is Group.FLOOR) < bounds.min_floor
                need_swing = swings_have < bounds.min_swings
                top_full = (
                    bounds.max_top is not None
                    and counts[Group.TOP] - (c.group is Group.TOP) >= bounds.max_top
                )
                if need_swing:
                    candidates = [pos for pos in swing_positions_alive if alive[pos]]
                else:
                    groups = (
                        [Group.FLOOR]
                        if need_floor
                        else [g for g in Group if not (top_full and g is Group.TOP)]
                    )
                    candidates = [pos for g in groups for pos in frontiers[g].points]
                # the other tracks of the pick's own institution: off every frontier while it is
                # listed, and the one swap that frees its slot
                candidates += [
                    pos
                    for pos in pool.by_institution.get(c.institution, ())
                    if pool.open[pos] and order[pos] is not c and (not need_swing or order[pos].swing)
                ]
                # only a program at least as likely to invite can keep the match estimate (its
                # gain rises with the chance): most picks have none, and skip the exact work
                viable = [
                    pos
                    for pos in candidates
                    if (x := order[pos]).p >= c.p
                    and not (
                        (need_floor and x.group is not Group.FLOOR) or (top_full and x.group is Group.TOP)
                    )
                    and not (x.institution and x.institution in taken and x.institution != c.institution)
                ]
                if not viable:
                    continue
                own_shift = pool.shifted(c.p)
                known = without_chance.get(c.p)  # picks of equal chance: the same trials removed
                if known is None:
                    without = [
                        distribution.remove_trial(pmf, pz)
                        for pmf, pz in zip(components, own_shift, strict=True)
                    ]
                    known = without_chance[c.p] = (without, _d_terms(without, table))
                without, d = known
                without_pick[i] = without
                d0, d1, d2, d3, d4, d5, d6 = d  # 7 quadrature nodes
                s0, s1, s2, s3, s4, s5, s6 = own_shift
                own_match = d0 * s0 + d1 * s1 + d2 * s2 + d3 * s3 + d4 * s4 + d5 * s5 + d6 * s6
                own = own_match + WISH_VALUE * c.q
                best_pos, best_gain, best_match = -1, own + SWAP_EPSILON, 0.0
                for pos in viable:
                    s0, s1, s2, s3, s4, s5, s6 = pool.shifted_at(pos)
                    match = d0 * s0 + d1 * s1 + d2 * s2 + d3 * s3 + d4 * s4 + d5 * s5 + d6 * s6
                    if match < own_match - SWAP_EPSILON:
                        continue  # never a wish bought with match chance (the greedy steps did that)
                    gain = match + WISH_VALUE * pool.qs[pos]
                    if gain > best_gain or (gain == best_gain and pos < best_pos):
                        best_pos, best_gain, best_match = pos, gain, match
                if best_pos < 0:
                    continue
                new = order[best_pos]
                without_pick.clear()  # the components change
                without_chance.clear()
                components = without
                _add(components, pool.shifted(new.p))
                chosen[i], gains[i] = new, best_match
                counts[c.group] -= 1
                counts[new.group] += 1
                if c.swing and not new.swing:
                    forced = max(0, forced - 1)
                reopen(c)
                drop(best_pos)
                if new.institution:
                    taken.add(new.institution)
                    for other in pool.by_institution.get(new.institution, ()):
                        if alive[other]:
                            drop(other)
                done += 1
                changed = True
                last_swap = i
            if not changed:
                break
        return done

    for c in pinned:
        d = _d_terms(components, table)
        take(None, c, sum(dz * pz for dz, pz in zip(d, pool.shifted(c.p), strict=True)))
    grow(n, guidance)
    swaps = swap_pass(guidance) if swap else 0
    estimate = _estimate(components, table)
    contributions = (
        _contributions(chosen, components, table, pool, estimate, without_pick) if with_contributions else ()
    )
    pmf = distribution.mixed_pmf(list(zip((w for w, _ in distribution.QUADRATURE), components, strict=True)))
    built = BuiltList(
        tuple(chosen),
        pmf,
        min(1.0, max(0.0, estimate)),
        contributions,
        tuple(gains),
        requested=n,
        short=n - len(chosen),
        forced_swings=forced,
        components=tuple(components),
        swaps=swaps,
    )
    if more > 0:
        grow(n + more, more_guidance or guidance)
        built = replace(built, more_estimate=(len(chosen), min(1.0, max(0.0, _estimate(components, table)))))
    return built


def fewer_estimate(built: BuiltList, fewer: int, curve: MatchCurve, pool: Pool) -> tuple[int, float]:
    """The "what if 10 fewer" of the same list, incrementally: without the `fewer` picks that
    add least (never a pinned one), exactly. Returns (programs, estimate)."""
    droppable = sorted(
        (i for i, c in enumerate(built.picks) if not c.pinned), key=lambda i: (built.contributions[i], i)
    )[:fewer]
    components = list(built.components)
    for i in droppable:
        shifted = pool.shifted(built.picks[i].p)
        components = [distribution.remove_trial(pmf, pz) for pmf, pz in zip(components, shifted, strict=True)]
    table = curve.table(len(built.picks) + 1)
    return len(built.picks) - len(droppable), min(1.0, max(0.0, _estimate(components, table)))


def _contributions(
    chosen: Sequence[Candidate],
    components: Sequence[distribution.Pmf],
    table: Sequence[float],
    pool: Pool,
    full: float,
    known: Mapping[int, Sequence[distribution.Pmf]] | None = None,
) -> tuple[float, ...]:
    """Per pick, the match estimate lost without it (leave-one-out on every component).
    `known`: pick i -> `components` without it, already computed (the swap pass's)."""
    out = []
    known = known or {}
    # picks of equal chance lose the list the same (the same trials removed from the same
    # components): computed once per chance. A catalog of imported programs without facts
    # has many (the synthetic 10,000: 2 chances among 80 picks); the shipped one has none.
    by_chance: dict[float, float] = {}
    for i, c in enumerate(chosen):
        without = known.get(i)
        if without is not None:
            out.append(full - _estimate(without, table))
            continue
        lost = by_chance.get(c.p)
        if lost is None:
            shifted = pool.shifted(c.p)
            without = [
                distribution.remove_trial(pmf, pz) for pmf, pz in zip(components, shifted, strict=True)
            ]
            lost = by_chance[c.p] = full - _estimate(without, table)
        out.append(lost)
    return tuple(out)

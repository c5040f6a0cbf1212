"""Away-rotation candidates, ranked by the article's three criteria (§4) plus ties.

§4 "Where to apply for aways": where your Step 2 CK stands out relative to their norms; that
have a history of taking outside students seriously; that are not saturated with their own
school's students. FAQ 4 and the §10 flowchart add the tier: a solid mid-high academic program
where you can be near the top of the student pack beats an ultra-elite one packed with home
rotators, and beats a community program, whose letter carries less weight (§5). One candidate
per institution: its tracks share one elective. Every input is a modeled program field
(`Estimates`), so the ranking is an estimate. The user's own candidates (marked "away" on the
Programs tab) come first, labelled "your pick", whatever the model thinks of them.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress

from smartpick_tui.core.geography import tied_to
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Estimates, Program, Tier

STANDOUT_SPAN = 10  # points either side of a program's typical score mapped onto 0..1
TIER_FIT: dict[Tier, float] = {  # FAQ 4 / §10 flow step 2: "target aways at mid-high academic"
    Tier.MID_HIGH: 1.0,
    Tier.LOW_MID: 0.75,
    Tier.TOP: 0.6,
    Tier.COMMUNITY: 0.55,
}
TIE_BONUS = 0.1
YOUR_PICK = "your pick"


@dataclass(frozen=True)
class AwayCandidate:
    index: int  # position in the caller's program sequence
    score: float  # 0..1+, higher is better (estimate)
    reason: str
    yours: bool = False  # the user marked it; listed first


def standout(step2: int, typical: int) -> float:
    """0 when 10+ points below the program's typical score, 1 when 10+ above."""
    return min(1.0, max(0.0, (step2 - typical + STANDOUT_SPAN) / (2 * STANDOUT_SPAN)))


def away_score(profile: Profile, program: Program, est: Estimates) -> float:
    """The three §4 criteria averaged, times the tier's fit, plus the tie bonus (estimate)."""
    return _score(profile, est, tied_to(profile.ties, program.state))


def _score(profile: Profile, est: Estimates, tie: bool) -> float:
    """`away_score` with the tie already known (`rank_aways` reads it once per state)."""
    assert profile.step2 is not None
    criteria = (
        standout(profile.step2, est.typical_step2) + est.takes_outside_rotators + (1.0 - est.home_saturation)
    ) / 3.0
    return criteria * TIER_FIT[est.tier] + (TIE_BONUS if tie else 0.0)


def away_reason(profile: Profile, program: Program, est: Estimates) -> str:
    assert profile.step2 is not None
    diff = profile.step2 - est.typical_step2
    parts = [
        f"score {'+' if diff >= 0 else ''}{diff} vs typical ~{est.typical_step2}",
        f"outside rotators taken {est.takes_outside_rotators:.0%}",
        f"home-rotator saturation {est.home_saturation:.0%}",
        est.tier.value,
    ]
    if tied_to(profile.ties, program.state):
        parts.append("a region with ties")
    return "; ".join(parts) + " (estimates)"


def rank_aways(
    profile: Profile,
    programs: Sequence[Program],
    estimates: Sequence[Estimates],
    count: int,
    skip: Collection[int] = (),
    yours: Sequence[int] = (),
    same: Sequence[int] | None = None,
) -> list[AwayCandidate]:
    """The user's candidates (`yours`, indexes) first, all of them, then the model's best for
    the slots left of `count`; `skip` holds indexes to leave out (excluded programs, programs
    already in the user's aways). Programs sharing a state and estimates share a score,
    computed once; `same` (optional) numbers each program's (state, estimates) so that equal
    numbers mean equal pairs: the memo then hashes an int, not an `Estimates` (hashing 10,000
    dataclasses was most of this function's ~35 ms, issue 26)."""
    mine = [
        AwayCandidate(
            i,
            away_score(profile, programs[i], estimates[i]),
            f"{YOUR_PICK}; " + away_reason(profile, programs[i], estimates[i]),
            yours=True,
        )
        for i in dict.fromkeys(yours)
        if i not in skip
    ]
    institutions = {f"{programs[c.index].institution.casefold()}|{programs[c.index].state}" for c in mine}
    taken = {c.index for c in mine}
    if len(programs) != len(estimates):
        raise ValueError("one estimate per program")
    keys: Sequence[object] = (
        same if same is not None else list(zip((p.state for p in programs), estimates, strict=True))
    )
    # one score per distinct key, scored on its first program (all of a key's programs score the
    # same); then every program's negated score read at C speed: the per-program Python loop
    # was ~7 ms of a 10,000-program rebuild (issue 26)
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
    ties = {state: tied_to(profile.ties, state) for state in {programs[i].state for i in first.values()}}
    memo = {key: -_score(profile, estimates[i], ties[programs[i].state]) for key, i in first.items()}
    scored: Iterable[tuple[float, int]] = zip(map(memo.__getitem__, keys), range(len(keys)), strict=True)
    if skip or taken:
        keep = [True] * len(keys)
        for i in (*skip, *taken):
            if 0 <= i < len(keep):
                keep[i] = False
        scored = compress(scored, keep)
    best: list[tuple[float, int]] = []
    count -= len(mine)
    for neg, i in heapq.nsmallest(count * 8, scored):  # one rotation per institution (§4)
        institution = f"{programs[i].institution.casefold()}|{programs[i].state}"
        if institution in institutions:
            continue
        institutions.add(institution)
        best.append((neg, i))
        if len(best) == count:
            break
    return mine + [AwayCandidate(i, -neg, away_reason(profile, programs[i], estimates[i])) for neg, i in best]

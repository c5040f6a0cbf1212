"""SmartPick for one profile: the optimised list, its interview and match estimates, the
what-if, away candidates and where to spend signals. Pure: the CLI, the TUI worker, the
benchmark and the tests all call `run_smartpick` alike.

The list comes from the optimiser (`builder`): it maximises the estimated chance of matching
plus the student's wishes, with the article as guidance, for a number of programs or a budget.
Signals are placed with it (`place_signals`). Tracks the profile does not fit are left out
(`core.tracks`), and so are programs known not to sponsor the visa the student needs
(`core.visa`); a pin or an "apply" mark brings any of them back.

Longer than the ~450 lines a module aims at (~900): it assembles one `SmartPick` result from
the pool, the list, the what-ifs, the signals, the away candidates and the notes, each a
section that reads the same pool and profile; the away candidates and the notes are the seams
for the next split (they depend on the list, the list never on them).
"""

from __future__ import annotations

import math
import threading
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smartpick_tui.core import visa
from smartpick_tui.core.costs import fees
from smartpick_tui.core.diagnosis import Diagnosis, Range, diagnose
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import Fit, fit_all
from smartpick_tui.core.geo import Place, PlaceError, locate, miles_between, parse_place
from smartpick_tui.core.geography import tied_to
from smartpick_tui.core.interviews import COUNTED, Interview
from smartpick_tui.core.names import display_name
from smartpick_tui.core.own_figures import OwnFigure, moved_by_own
from smartpick_tui.core.profile import Profile, VisaNeed
from smartpick_tui.core.programs import Estimates, Program, Tier
from smartpick_tui.core.smartpick import distribution
from smartpick_tui.core.smartpick.assumptions import assumptions
from smartpick_tui.core.smartpick.aways import rank_aways
from smartpick_tui.core.smartpick.builder import (
    NEAR_BONUS,
    PREFERRED_BONUS,
    TIER_GROUP,
    WISH_VALUE,
    BuiltList,
    Candidate,
    Group,
    Guidance,
    Pool,
    base_want,
    build_list,
    fewer_estimate,
    list_match_estimate,
    tie_bonus,
)
from smartpick_tui.core.smartpick.match_curve import MatchCurve, curve_for
from smartpick_tui.core.smartpick.signals import FAR_REACH_P, SignalTable, SpecialtySignals, with_signal
from smartpick_tui.core.sponsors import closed_to_students
from smartpick_tui.core.trackers import Away, ProgramClass, ProgramMark, VsloStatus, rotated_program_ids
from smartpick_tui.core.tracks import TrackKind, track_of, unfit_reason

WHAT_IF_STEP = 10  # "+10 programs: 91% -> 94%"
MAX_LIST = 1000  # a list size the user may ask for
OUT_OF_REACH = 0.5  # below this estimated match chance the list says what would change it
# Why a program the trackers name stays in the list (worded by status, as the drafts are:
# an accepted away is booked, not done). Declined aways and interviews keep nothing.
AWAY_KEPT: dict[VsloStatus, str] = {
    VsloStatus.COMPLETED: "you rotated there",
    VsloStatus.ACCEPTED: "your away there is accepted",
    VsloStatus.OFFERED: "you were offered an away there",
    VsloStatus.APPLIED: "you applied for an away there",
    VsloStatus.PLANNED: "you plan an away there",
}


@dataclass(frozen=True)
class Pick:
    program: Program
    klass: ProgramClass  # this program's class for the profile (or the user's override)
    group: Group  # its place in the list (§3 tiers)
    p_interview: float  # estimate
    reason: str
    contribution: float  # match estimate lost without this pick (estimate): its marginal value
    pinned: bool  # pinned or marked "apply" by the user
    factors: tuple[str, ...] = ()  # what moved its chance: the fit's terms, then the estimates'
    kept: str = ""  # why the trackers keep it in the list ("you rotated there"), or ""
    swing: bool = False  # a swing (top program, or mid-high academic where you are a reach)
    track: str = ""  # the track in words ("" for a plain categorical program)
    visa: str = ""  # what the model knows of its visa sponsorship, when you need one
    miles: float | None = None  # from your home city (None: no home city, or the program's city unknown)

    @property
    def marginal(self) -> str:
        """ "+0.8 points of match chance" (what the estimate loses without it)."""
        return f"{self.contribution * 100:+.1f} points of match chance"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.program.id,
            "name": self.program.name,
            "display_name": display_name(self.program),
            "track": self.track,
            "state": self.program.state,
            "class": self.klass.value,
            "group": self.group.value,
            "swing": self.swing,
            "p_interview": round(self.p_interview, 4),
            "reason": self.reason,
            "pinned": self.pinned,
            "kept": self.kept,
            "contribution": round(self.contribution, 4),
            "marginal_match_points": round(self.contribution * 100, 2),
            "visa": self.visa,
            "miles_from_home": None if self.miles is None else round(self.miles),
            "factors": list(self.factors),
        }


@dataclass(frozen=True)
class WhatIf:
    n: int
    match_estimate: float

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "match_estimate": round(self.match_estimate, 4)}


@dataclass(frozen=True)
class AwayPick:
    program: Program
    score: float
    reason: str
    yours: bool = False  # marked an away candidate by the user (listed first, whatever its score)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.program.id,
            "name": self.program.name,
            "display_name": display_name(self.program),
            "state": self.program.state,
            "score": round(self.score, 3),
            "reason": self.reason,
            "yours": self.yours,
        }


@dataclass(frozen=True)
class SignalSuggestion:
    program: Program
    tier: str
    p_before: float
    p_after: float
    why: str = ""  # what it does for the list, in words
    replaces: Program | None = None  # the pick it took the slot of (a program off the list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.program.id,
            "name": self.program.name,
            "display_name": display_name(self.program),
            "tier": self.tier,
            "p_interview": round(self.p_before, 4),
            "p_interview_signalled": round(self.p_after, 4),
            "why": self.why,
            "replaces": None if self.replaces is None else self.replaces.id,
        }


@dataclass(frozen=True)
class Signals:
    cycle: str
    allowed: SpecialtySignals | None  # None: this specialty's signals are unknown to the app
    suggestions: tuple[SignalSuggestion, ...]
    match_estimate_with_signals: float | None
    note: str

    def to_json(self) -> dict[str, Any]:
        allowed = (
            None
            if self.allowed is None
            else {
                "gold": self.allowed.gold,
                "silver": self.allowed.silver,
                "signals": self.allowed.signals,
                "basis": self.allowed.basis,
                "counts_cycle": self.allowed.cycle,
                "confirmed_for_cycle": self.allowed.confirmed_for(SIGNAL_CYCLE),
                "effect": self.allowed.effect,
                "effect_basis": self.allowed.effect_basis,
            }
        )
        return {
            "cycle": self.cycle,
            "allowed": allowed,
            "suggestions": [s.to_json() for s in self.suggestions],
            "match_estimate_with_signals": None
            if self.match_estimate_with_signals is None
            else round(self.match_estimate_with_signals, 4),
            "note": self.note,
        }


@dataclass(frozen=True)
class Home:
    """The "near my city" wish as the list read it."""

    city: str  # as the profile has it ("Houston, TX")
    within: int  # miles
    found: bool  # False: the gazetteer does not know the city (a hand-edited state file)
    programs_within: int = 0  # programs of the specialty the list could use within that distance
    picks_within: int = 0

    def describe(self) -> str:
        if not self.found:
            return f"Your home city {self.city!r} is not a place the app knows: the distance wish is off."
        return (
            f"Within {self.within} mi of {self.city}: {self.programs_within} program"
            f"{'s' if self.programs_within != 1 else ''} of the specialty, {self.picks_within} on "
            "this list (a wish, weighed like a preferred region: it decides between programs of near-equal "
            "chance)."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "city": self.city,
            "within_miles": self.within,
            "found": self.found,
            "programs_within": self.programs_within,
            "picks_within": self.picks_within,
        }


@dataclass(frozen=True)
class Composition:
    """What the optimised list holds, per §3 group (shares of the list), and the guidance."""

    top: float
    academic: float
    floor: float
    swings: int
    swings_wanted: int
    basis: str

    def describe(self) -> str:
        return (
            f"{self.top:.0%} top, {self.academic:.0%} mid-high academic, {self.floor:.0%} floor; "
            f"{self.swings} swing{'s' if self.swings != 1 else ''}"
        )


@dataclass(frozen=True)
class SmartPick:
    diagnosis: Diagnosis
    n: int
    picks: tuple[Pick, ...]  # by class: reach, target, safety; highest chance first in each
    expected_interviews: float
    interviews_80: tuple[int, int]
    match_estimate: float
    what_if: tuple[WhatIf, ...]
    aways: tuple[AwayPick, ...]
    away_target: Range
    signals: Signals
    mix: Composition
    curve: MatchCurve
    candidates: int  # programs of the specialty that were considered
    notes: tuple[str, ...]
    assumptions: tuple[str, ...]
    left_out: tuple[tuple[str, int], ...] = ()  # (why, how many) programs a default list leaves out
    considered: tuple[Candidate, ...] = ()  # every candidate as the optimiser saw it (tests, bench)
    pool: tuple[Program, ...] = ()  # the programs `considered` indexes
    band: int = 0  # the §3 band the list was read in (`rules.TIER_GUIDANCE` index)
    home: Home | None = None  # the "within N miles of my city" wish, when the profile has a city

    def by_class(self, klass: ProgramClass) -> list[Pick]:
        return [pick for pick in self.picks if pick.klass is klass]

    def to_json(self) -> dict[str, Any]:
        """The `smartpick pick --json` shape; the keys are a stable interface."""
        table = fees()
        specialty = self.diagnosis.specialty.id
        service = table.service(specialty)
        return {
            "estimate": True,
            "specialty": specialty,
            "application_service": service.name,
            "n": self.n,
            "programs_to_apply": self.diagnosis.programs_to_apply,
            "programs_to_apply_adjusted": None
            if self.diagnosis.programs_to_apply_adjusted is None
            else self.diagnosis.programs_to_apply_adjusted.to_json(),
            "candidates": self.candidates,
            "picks": [pick.to_json() for pick in self.picks],
            "expected_interviews": round(self.expected_interviews, 2),
            "interviews_80": list(self.interviews_80),
            "interview_target": self.diagnosis.interviews.to_json(),
            "match_estimate": round(self.match_estimate, 4),
            "what_if": [
                {
                    **w.to_json(),
                    "application_fees_usd": table.application(specialty, w.n),
                    "eras_fees_usd": table.application(specialty, w.n),
                }
                for w in self.what_if
            ],
            "costs": table.application_json(specialty, len(self.picks)),
            "mix": {
                "top": round(self.mix.top, 4),
                "mid_high_academic": round(self.mix.academic, 4),
                "floor": round(self.mix.floor, 4),
                "swings": self.mix.swings,
                "swings_wanted": self.mix.swings_wanted,
                "basis": self.mix.basis,
            },
            "left_out": [{"why": why, "programs": count} for why, count in self.left_out],
            "home_city": None if self.home is None else self.home.to_json(),
            "aways": [a.to_json() for a in self.aways],
            "away_target": self.away_target.to_json(),
            "signals": self.signals.to_json(),
            "notes": list(self.notes),
            "assumptions": list(self.assumptions),
        }


def _reason(fit_reason: str, extra: Sequence[str], pinned: bool, kept: str) -> str:
    """Why it is on the list: the tracker's reason first (the details pane shows 3 lines)."""
    parts = [kept, fit_reason, *extra] if kept else [fit_reason, *extra]
    if pinned:
        parts.append("pinned by you")
    return "; ".join(parts)


def tracked_interest(aways: Sequence[Away], interviews: Sequence[Interview]) -> dict[str, str]:
    """Catalog program id -> why the list keeps it: an away logged there (any status but
    declined) or an interview you have, will have or were offered (`interviews.COUNTED`)."""
    kept: dict[str, list[str]] = {}
    for away in aways:
        if away.program_id and away.status in AWAY_KEPT:
            kept.setdefault(away.program_id, []).append(AWAY_KEPT[away.status])
    for interview in interviews:
        if interview.program_id and interview.status in COUNTED:
            kept.setdefault(interview.program_id, []).append(
                f"you have an interview there ({interview.status.value})"
            )
    return {program_id: "; ".join(dict.fromkeys(reasons)) for program_id, reasons in kept.items()}


SIGNAL_POOL = 120  # off-list programs a signal may bring in: the strongest by chance
SIGNAL_CYCLE = "2026-27"  # the cycle the lists are built for: a count confirmed for another is labelled


def place_signals(
    allowed: SpecialtySignals,
    built: BuiltList,
    pool: Pool,
    curve: MatchCurve,
) -> tuple[list[tuple[Candidate, str, float, float, Candidate | None]], float]:
    """Signals placed with the list: each one where it raises the objective most, on a listed
    program or on one off the list that a signal makes worth a slot (it then replaces the pick
    the list misses least). Returns (candidate, tier, p before, p after, replaced pick) per
    signal, strongest tier first, and the match estimate with them.

    Each step ranks the moves by their first-order gain (what one more interview is worth,
    per applicant-factor node, times the change in chance) and applies the best exactly."""
    chosen = list(built.picks)
    probabilities = {c.index: c.p for c in chosen}
    listed = {c.index for c in chosen}
    weights = [w for w, _ in distribution.QUADRATURE]
    components: list[distribution.Pmf] = [distribution.EMPTY] * len(weights)
    if built.swaps == 0 and len(built.components) == len(weights):
        # the builder added the picks in this order and nothing since: the same distributions
        components = list(built.components)
    else:  # a swap took a trial out of them (other roundings): added afresh, as always
        for c in chosen:
            components = [
                distribution.add_trial(pmf, pz) for pmf, pz in zip(components, pool.shifted(c.p), strict=True)
            ]
    # the first SIGNAL_POOL of them in pool order, which runs by chance, highest first: the
    # scan stops there, or at the first chance under FAR_REACH_P, not at the 10,000th program
    off_list: list[Candidate] = []
    for c in pool.order:
        if c.p < FAR_REACH_P or len(off_list) == SIGNAL_POOL:
            break
        if c.index not in listed and not c.pinned:
            off_list.append(c)
    taken = {c.institution for c in chosen if c.institution}
    signalled: set[int] = set()
    placed: list[tuple[Candidate, str, float, float, Candidate | None]] = []
    fill = built.requested - len(chosen)  # empty slots a signalled program may take

    def value(p: float, want: float, d: Sequence[float]) -> float:
        s0, s1, s2, s3, s4, s5, s6 = pool.shifted(p)  # the 7 applicant-factor nodes
        d0, d1, d2, d3, d4, d5, d6 = d
        return d0 * s0 + d1 * s1 + d2 * s2 + d3 * s3 + d4 * s4 + d5 * s5 + d6 * s6 + WISH_VALUE * p * want

    for tier, count in allowed.tiers():
        multiplier = allowed.multiplier(tier)
        for _ in range(count):
            steps = distribution.steps(curve.table(len(chosen) + 2))
            d = [w * distribution.expectation(pmf, steps) for w, pmf in zip(weights, components, strict=True)]
            best: tuple[float, Candidate, Candidate | None] | None = None
            # each pick's value unsignalled at this step, computed once: the gains and the
            # weakest pick read the same number (issue 26)
            now = {c.index: value(probabilities[c.index], c.want, d) for c in chosen}
            for c in chosen:
                p = probabilities[c.index]
                if c.index in signalled or p < FAR_REACH_P:
                    continue
                gain = value(with_signal(p, multiplier), c.want, d) - now[c.index]
                if best is None or gain > best[0]:
                    best = (gain, c, None)
            weakest = min(  # never a pinned or marked pick, nor a swing (§3 keeps them)
                (c for c in chosen if not c.pinned and not c.swing and c.index not in signalled),
                key=lambda c: now[c.index],
                default=None,
            )
            if fill > 0 or weakest is not None:
                lost = 0.0 if fill > 0 or weakest is None else now[weakest.index]
                for c in off_list:
                    if c.index in listed or (c.institution and c.institution in taken):
                        continue
                    gain = value(with_signal(c.p, multiplier), c.want, d) - lost
                    if best is None or gain > best[0]:
                        best = (gain, c, None if fill > 0 else weakest)
            if best is None or best[0] <= 0:
                break
            _, c, replaced = best
            before = probabilities.get(c.index, c.p)
            after = with_signal(before, multiplier)
            if c.index in listed:
                components = [
                    distribution.add_trial(distribution.remove_trial(pmf, a), b)
                    for pmf, a, b in zip(components, pool.shifted(before), pool.shifted(after), strict=True)
                ]
            else:
                if replaced is not None:
                    components = [
                        distribution.remove_trial(pmf, a)
                        for pmf, a in zip(
                            components, pool.shifted(probabilities[replaced.index]), strict=True
                        )
                    ]
                    chosen.remove(replaced)
                    listed.discard(replaced.index)
                    del probabilities[replaced.index]
                else:
                    fill -= 1
                components = [
                    distribution.add_trial(pmf, b)
                    for pmf, b in zip(components, pool.shifted(after), strict=True)
                ]
                chosen.append(c)
                listed.add(c.index)
                if c.institution:
                    taken.add(c.institution)
            probabilities[c.index] = after
            signalled.add(c.index)
            placed.append((c, tier, before, after, replaced))
    table = curve.table(len(chosen) + 1)
    with_signals = sum(
        w * distribution.expectation(pmf, table) for w, pmf in zip(weights, components, strict=True)
    )
    return placed, min(1.0, max(0.0, with_signals))


_PLACE_REASONS: dict[tuple[bool, bool], tuple[str, ...]] = {
    (False, False): (),
    (True, False): ("in a preferred state/region",),
    (False, True): ("in a region where you have ties (§3)",),
    (True, True): ("in a preferred state/region", "in a region where you have ties (§3)"),
}


def list_size_for_budget(specialty_id: str, budget: int) -> int:
    """The most programs whose application fees fit `budget` dollars (ValueError when the
    specialty's service has no fee table)."""
    service = fees().service(specialty_id)
    if service.cost(1) is None:
        raise ValueError(f"{service.name} fees are not in the app's table: give a number of programs")
    n = 0
    while n < MAX_LIST and (service.cost(n + 1) or 0) <= budget:
        n += 1
    return n


def _signal_result(
    table: SignalTable | None,
    specialty_id: str,
    specialty_name: str,
    built: BuiltList,
    pool: Pool,
    programs: Sequence[Program],
    curve: MatchCurve,
) -> Signals:
    allowed = None if table is None else table.for_specialty(specialty_id)
    cycle = "" if table is None else table.cycle
    if allowed is None:
        return Signals(
            cycle,
            None,
            (),
            None,
            f"Program signals for {specialty_name} are not in the app's signals table "
            f"({cycle or 'no table'}): its application service may not use them; check the "
            "specialty's own guidance and add them to your signals.json.",
        )
    placed, with_signals = place_signals(allowed, built, pool, curve)
    suggestions = []
    for c, tier, before, after, replaced in placed:
        if replaced is not None:
            why = (
                f"off the list before: a signal makes it worth the slot of "
                f"{display_name(programs[replaced.index])}"
            )
        elif c.index not in {pick.index for pick in built.picks}:
            why = "off the list before: a signal makes it worth an empty slot"
        else:
            why = "on your list: the signal moves your match chance most here"
        suggestions.append(
            SignalSuggestion(
                programs[c.index],
                tier,
                before,
                after,
                why,
                None if replaced is None else programs[replaced.index],
            )
        )
    unspent = allowed.total - len(placed)
    dated = (
        ""
        if allowed.confirmed_for(SIGNAL_CYCLE) or not allowed.cycle
        else f"Counts of the {allowed.cycle} cycle: the {SIGNAL_CYCLE} counts were not published in "
        "the app's sources; check them before you apply. "
    )
    note = (
        f"{specialty_name}: {allowed.describe()} ({allowed.basis or 'source in signals.json'}). {dated}"
        "A signal multiplies the odds of an invitation about "
        f"x{allowed.multiplier(allowed.tiers()[-1][0]):.2f}"
        + (f" (gold x{allowed.multiplier('gold'):.2f})" if allowed.tiered else "")
        + " (estimate; "
        + (allowed.effect_basis.split(":")[0][:120] or "Romanoski et al., JGME 2024")
        + "). Placed with the list, each where it raises the estimated match chance most."
    )
    if unspent > 0:
        note += (
            f" {unspent} left over: no other program gains enough (far reaches under "
            f"{FAR_REACH_P:.0%} are skipped); spend them on programs you care about most."
        )
    return Signals(cycle, allowed, tuple(suggestions), with_signals, note)


@dataclass(frozen=True)
class SpecialtyFacts:
    """What the list needs of one specialty's programs that no profile changes, by position
    among them: built once per catalog and specialty (`specialty_facts`) instead of on every
    build. Issue 26: the "closed to students" test (a sponsor look-up by name), the tracks, the
    estimates, the institution keys and the tie-break hashes were ~40% of a build at 10,000
    programs, redone for every profile change and every ±10 what-if."""

    programs: tuple[Program, ...]
    closed: tuple[str | None, ...]  # why a student cannot use it (`closed_to_students`)
    kinds: tuple[TrackKind, ...]
    sponsorship: tuple[visa.Sponsorship | None, ...]
    estimates: tuple[Estimates, ...]
    want: tuple[float, ...]  # `base_want` of the estimated selectivity
    group: tuple[Group, ...]
    institution: tuple[str, ...]  # "institution|ST", one away rotation each (§4)
    tiebreak: tuple[int, ...]  # a stable hash of the id: equal chances in a fixed order
    same_away: tuple[int, ...]  # equal numbers: equal (state, estimates) (`rank_aways`' memo)

    @classmethod
    def build(cls, programs: Sequence[Program]) -> SpecialtyFacts:
        estimates = tuple(estimate_all(programs))
        numbers: dict[tuple[str, Estimates], int] = {}
        return cls(
            programs=tuple(programs),
            closed=tuple(closed_to_students(p) for p in programs),
            kinds=tuple(track_of(p).kind for p in programs),
            sponsorship=tuple(visa.sponsorship(p) for p in programs),
            estimates=estimates,
            want=tuple(base_want(e.selectivity) for e in estimates),
            group=tuple(TIER_GROUP[e.tier] for e in estimates),
            institution=tuple(
                f"{p.institution.casefold()}|{p.state}" if p.institution else "" for p in programs
            ),
            tiebreak=tuple(zlib.crc32(p.id.encode("utf-8")) for p in programs),
            same_away=tuple(
                numbers.setdefault(pair, len(numbers))
                for pair in zip((p.state for p in programs), estimates, strict=True)
            ),
        )


_FACTS_KEPT = 4  # catalogs x specialties (a backup specialty, the couples' partner)
_facts: list[tuple[tuple[Program, ...], str, SpecialtyFacts]] = []
_facts_lock = threading.Lock()


def specialty_facts(programs: Sequence[Program], specialty: str) -> SpecialtyFacts:
    """The facts of `programs`' `specialty` programs, kept for the last few catalogs.

    A catalog is recognised by its programs, compared as a tuple (the same objects compare
    by identity, at C speed: ~1 ms at 100,000), never by the sequence object alone: a caller
    may build a new list of the same programs, or change a list in place. Programs are frozen:
    equal programs have equal facts."""
    key = tuple(programs)
    with _facts_lock:
        for at, (kept, kept_specialty, facts) in enumerate(_facts):
            if kept_specialty == specialty and kept == key:
                _facts.append(_facts.pop(at))
                return facts
    facts = SpecialtyFacts.build([p for p in programs if p.specialty == specialty])
    with _facts_lock:
        _facts.append((key, specialty, facts))
        del _facts[:-_FACTS_KEPT]
    return facts


def run_smartpick(
    profile: Profile,
    programs: Sequence[Program],
    *,
    marks: Mapping[str, ProgramMark] | None = None,
    aways: Sequence[Away] = (),
    interviews: Sequence[Interview] = (),
    n: int | None = None,
    budget: int | None = None,
    signal_table: SignalTable | None = None,
    home_supported: bool = False,
    all_tracks: bool = False,
    own_figures: Mapping[str, OwnFigure] | None = None,
) -> SmartPick:
    """Build the list for `profile` from `programs` (any catalog; only the profile's specialty
    is used): `n` programs, or as many as `budget` dollars of application fees buy, or the
    article's number. ProfileError when neither Step 2 CK nor COMLEX Level 2-CE is entered;
    ValueError for a bad `n` or `budget`.

    The trackers feed it: an accepted or completed away raises that program's chance
    (core.fit AWAY_BONUS); any logged away and any interview keep the program in the list
    (`tracked_interest`, unless the user excluded it); programs marked "away candidate" lead the
    away candidates, labelled yours. `all_tracks` keeps tracks the profile does not fit.
    `own_figures` (the student's per-program figures) replace or move the model's chance for
    those programs (`core.own_figures`, through `fit_all`)."""
    diagnosis = diagnose(profile)
    scored = diagnosis.profile  # Step 2 CK, or its COMLEX equivalent
    if n is not None and not 1 <= n <= MAX_LIST:
        raise ValueError(f"list size must be from 1 to {MAX_LIST}")
    specialty = diagnosis.specialty
    if budget is not None:
        if budget < 0:
            raise ValueError("the budget must be a positive number of dollars")
        n = max(1, list_size_for_budget(specialty.id, budget))
    size = diagnosis.list_size if n is None else n
    marks = marks or {}
    chosen_ids = {pid for pid, mark in marks.items() if mark.pinned or mark.apply}
    facts = specialty_facts(programs, specialty.id)
    left_out: dict[str, int] = {}
    pool: list[Program] = []
    at: list[int] = []  # each pool program's position in `facts`
    unfit: dict[TrackKind, str | None] = {}  # unfit_reason reads the track's kind and the profile
    # read into locals: this loop runs once per program of the specialty (10,000+), and a
    # visa check only when the profile needs one (`visa.fits` is True for no visa, issue 26)
    closed_of, kind_of, sponsorship_of = facts.closed, facts.kinds, facts.sponsorship
    need = scored.visa
    check_visa = need is not VisaNeed.NONE
    for j, program in enumerate(facts.programs):
        why = closed_of[j]
        if why is None and not all_tracks and program.id not in chosen_ids:
            kind = kind_of[j]
            why = unfit[kind] if kind in unfit else unfit.setdefault(kind, unfit_reason(scored, program))
            if why is None and check_visa and visa.fits(need, sponsorship_of[j]) is False:
                why = f"does not sponsor {need.label} (the visa you need)"
        if why is None:
            pool.append(program)
            at.append(j)
        else:
            left_out[why] = left_out.get(why, 0) + 1
    estimates_of = facts.estimates
    estimates = [estimates_of[j] for j in at]
    fits = fit_all(
        scored,
        pool,
        rotated_program_ids(aways),
        estimates,
        home_supported=home_supported,
        own_figures=own_figures,
    )
    interest = tracked_interest(aways, interviews)
    band = diagnosis.reading.index if diagnosis.reading is not None else 0

    candidates: list[Candidate] = []
    extras: dict[int, tuple[str, ...]] = {}
    overrides: dict[int, ProgramClass] = {}
    kept: dict[int, str] = {}
    yours: list[int] = []  # the user's away candidates, in catalog order
    skip_for_aways: set[int] = set()
    logged = {a.program_id for a in aways if a.program_id}
    tie_extra = tie_bonus(band)
    places: dict[str, tuple[bool, bool]] = {}  # state -> (preferred, tie): read once per state
    home_place = _home_place(scored.home_city)
    within = scored.within_miles
    miles_by_index: dict[int, float] = {}
    located: dict[tuple[str, str], Place | None] = {}  # (city, state) -> place: one look-up each
    # this loop runs once per program (10,000+): what it reads on every turn is read into locals
    want_of, group_of = facts.want, facts.group
    institution_of, tiebreak_of = facts.institution, facts.tiebreak
    top, mid_high, reach = Tier.TOP, Tier.MID_HIGH, ProgramClass.REACH
    preferred_bonus = PREFERRED_BONUS
    for i, (program, est, fit) in enumerate(zip(pool, estimates, fits, strict=True)):
        program_id = program.id
        mark = marks.get(program_id)
        if program_id in logged:
            skip_for_aways.add(i)
        if mark is not None and mark.exclude:
            skip_for_aways.add(i)
            continue
        if program_id in interest:
            kept[i] = interest[program_id]
        if mark is not None and mark.away_candidate and i not in skip_for_aways:
            yours.append(i)
        place = places.get(program.state)
        if place is None:
            place = places[program.state] = (
                tied_to(scored.preferred, program.state),
                bool(tie_extra) and tied_to(scored.ties, program.state),
            )
        preferred, tied = place
        j = at[i]
        want = want_of[j] + preferred_bonus * preferred + tie_extra * tied
        extras[i] = _PLACE_REASONS[place]
        if home_place is not None:
            key = (program.city, program.state)
            where = located[key] if key in located else located.setdefault(key, locate(*key))
            if where is not None:
                miles = miles_by_index[i] = miles_between(home_place, where)
                if miles <= within:
                    want += NEAR_BONUS
                    extras[i] += (
                        f"in {home_place.name}"
                        if miles < 1
                        else f"within {miles:.0f} mi of {home_place.name}",
                    )
        if mark is not None and mark.class_override is not None:
            overrides[i] = mark.class_override
        mine = program_id in chosen_ids
        klass = overrides.get(i) or fit.klass
        # positional, in the field order (index, p, group, want, pinned, institution, tiebreak,
        # swing, mine): keywords cost twice as much, ~3 ms over 10,000 programs (issue 26)
        candidates.append(
            Candidate(
                i,
                fit.p_interview,
                group_of[j],
                want,
                mine or i in kept,
                institution_of[j],
                tiebreak_of[j],
                est.tier is top or (est.tier is mid_high and klass is reach),
                mine,
            )
        )

    curve = curve_for(specialty)
    ranked = Pool(candidates)
    guidance = Guidance.for_band(band, size)
    wanted = guidance.min_swings
    built = build_list(
        ranked,
        size,
        curve,
        guidance=guidance,
        more=WHAT_IF_STEP,
        more_guidance=Guidance.for_band(band, size + WHAT_IF_STEP),
    )
    user_pins = {c.index for c in candidates if c.mine}
    picks = _picks(built, pool, fits, estimates, extras, overrides, kept, user_pins, scored, miles_by_index)
    home = None
    if scored.home_city:
        home = Home(
            scored.home_city,
            within,
            home_place is not None,
            sum(1 for c in candidates if miles_by_index.get(c.index, math.inf) <= within),
            sum(1 for pick in picks if pick.miles is not None and pick.miles <= within),
        )

    # "what if 10 fewer / 10 more": the same optimiser, incrementally — without the picks
    # that add least, and grown by ten more greedy steps
    what_if = []
    if len(built.picks) - WHAT_IF_STEP >= 1:
        what_if.append(WhatIf(*fewer_estimate(built, WHAT_IF_STEP, curve, ranked)))
    if built.more_estimate is not None and built.more_estimate[0] > len(built.picks):
        what_if.append(WhatIf(*built.more_estimate))

    same_of = facts.same_away
    same = [same_of[j] for j in at]
    away_ranked = rank_aways(scored, pool, estimates, diagnosis.aways.max, skip_for_aways, yours, same)
    away_picks = tuple(AwayPick(pool[a.index], a.score, a.reason, a.yours) for a in away_ranked)

    signal_result = _signal_result(signal_table, specialty.id, specialty.name, built, ranked, pool, curve)
    notes = list(built.notes)
    if profile.step2_from_comlex:
        notes.append(next(note for note in diagnosis.notes if "COMLEX" in note))
    if built.short > 0:
        notes.append(
            f"Only {len(built.picks)} {specialty.name} programs give you a chance of "
            f"{_pct_floor(ranked.floor_p)} or more (estimate): the list stops there rather than add "
            f"programs that cannot help ({built.short} slots left empty)."
        )
    if built.forced_swings:
        notes.append(
            f"{built.forced_swings} of the swings are there because §3 asks for real swings from "
            "250, not because they add the most match chance; mark the programs you want (a) "
            "and they take those places."
        )
    if built.match_estimate < OUT_OF_REACH:
        notes.append(_out_of_reach(built, diagnosis, what_if, programs, profile, ranked, curve))
    if scored.visa is not VisaNeed.NONE:
        known = sum(1 for pick in picks if not pick.visa.startswith(visa.UNKNOWN_WORDS))
        notes.append(
            f"You need a {scored.visa.label} visa: the model knows the sponsorship of {known} of "
            f'these {len(picks)} programs; the rest say "{visa.UNKNOWN_WORDS} {scored.visa.label}" '
            "— check each program's website before you apply."
        )
    if scored.grad_year is not None or scored.usce_months:
        notes.append(
            "Year of graduation and US clinical experience: many programs screen on them, but "
            "the model knows no program's cut-offs, so they do not change these chances."
        )
    if home is not None:
        notes.append(home.describe())
    if signal_table is not None:
        notes += signal_table.notes
    for why, count in sorted(left_out.items(), key=lambda item: -item[1]):
        notes.append(
            f"{count} {specialty.name} program{'s' if count != 1 else ''} left out: {why}. "
            "They stay in the Programs tab, labelled; pin or mark one (a) to bring it back"
            + ("" if "military" in why or why.startswith("a physician track") else ", or ask for every track")
            + "."
        )
    if not pool:
        notes.append(f"The catalog has no {specialty.name} programs: import your own list.")
    # (without figures no chance is the student's: a model reason starts "your 245 vs" or
    # "no Step 2 CK", never OWN_LABEL; skips 10,000 calls a build)
    if own_figures and (own := sum(1 for fit in fits if moved_by_own(fit))):
        notes.append(
            f"{own} {specialty.name} program{'s use' if own > 1 else ' uses'} your own figures "
            "instead of the model's estimate (labelled 'your figure'; `smartpick figures list`)."
        )
    groups = [pick.group for pick in picks]
    total = max(1, len(picks))
    composition = Composition(
        groups.count(Group.TOP) / total,
        groups.count(Group.ACADEMIC) / total,
        groups.count(Group.FLOOR) / total,
        sum(pick.swing for pick in picks),
        wanted,
        "optimised for the estimated match chance and your wishes, not filled from quotas; "
        + f"within §3's guidance for your score: {guidance.describe()}",
    )
    return SmartPick(
        diagnosis=diagnosis,
        n=len(picks),
        picks=picks,
        expected_interviews=built.expected_interviews,
        interviews_80=built.interviews_80,
        match_estimate=built.match_estimate,
        what_if=tuple(what_if),
        aways=away_picks,
        away_target=diagnosis.aways,
        signals=signal_result,
        mix=composition,
        curve=curve,
        candidates=len(candidates),
        notes=tuple(notes),
        assumptions=assumptions(composition, curve, signal_result.note),
        left_out=tuple(sorted(left_out.items(), key=lambda item: -item[1])),
        considered=tuple(candidates),
        pool=tuple(pool),
        band=band,
        home=home,
    )


def _home_place(city: str) -> Place | None:
    """The profile's home city in the gazetteer (None without one, or when a hand-edited state
    file holds a place the gazetteer does not know: `Home.found` says so)."""
    if not city:
        return None
    try:
        return parse_place(city)
    except PlaceError:
        return None


def _pct_floor(p: float) -> str:
    """The negligible floor as the notes say it: '3%', or '0.6%' for an IMG's pool."""
    return f"{p:.0%}" if p >= 0.01 else f"{p:.1%}"


def _out_of_reach(
    built: BuiltList,
    diagnosis: Diagnosis,
    what_if: Sequence[WhatIf],
    programs: Sequence[Program],
    profile: Profile,
    pool: Pool,
    curve: MatchCurve,
) -> str:
    """What would change a list under an even chance: more programs (even long shots), aways,
    the backup specialty."""
    specialty = diagnosis.specialty
    parts = [
        f"{specialty.name} is out of reach at this list: {built.expected_interviews:.1f} expected "
        f"interviews, a {built.match_estimate:.0%} estimated chance of matching."
    ]
    more = [w for w in what_if if w.n > len(built.picks)]
    if more and more[0].match_estimate > built.match_estimate + 0.005:
        parts.append(f"{more[0].n} programs: {more[0].match_estimate:.0%}.")
    if built.short > 0:  # what the long shots the list leaves out would add, said plainly
        listed = {c.index for c in built.picks}
        taken = {c.institution for c in built.picks if c.institution}
        extra: list[float] = []
        for c in pool.order:
            if len(extra) >= built.short:
                break
            if c.index in listed or (c.institution and c.institution in taken) or c.p <= 0:
                continue
            extra.append(c.p)
            taken.add(c.institution)
        if extra:
            padded = list_match_estimate([c.p for c in built.picks] + extra, curve)
            parts.append(
                f"Filling the other {len(extra)} slots with programs under {_pct_floor(pool.floor_p)} "
                f"would make it {padded:.0%} (estimate): long shots, worth their fees only to you."
            )
    parts.append(
        "Away rotations raise the chance where you rotate the most of anything the model knows (§4)."
    )
    backup = profile.backup_specialty
    if backup and backup != specialty.id:
        try:
            other = run_smartpick(profile.with_changes(specialty=backup, backup_specialty=None), programs)
        except ValueError:
            other = None
        if other is not None:
            parts.append(
                f"Your backup, {other.diagnosis.specialty.name}: {other.match_estimate:.0%} with "
                f"{len(other.picks)} programs (estimate) — apply to both."
            )
    else:
        parts.append("Choose a backup specialty in your profile to see its chance beside this one.")
    return " ".join(parts)


def _picks(
    built: BuiltList,
    pool: Sequence[Program],
    fits: Sequence[Fit],
    estimates: Sequence[Estimates],
    extras: Mapping[int, tuple[str, ...]],
    overrides: Mapping[int, ProgramClass],
    kept: Mapping[int, str],
    user_pins: set[int],
    profile: Profile,
    miles: Mapping[int, float],
) -> tuple[Pick, ...]:
    made = []
    for c, contribution in zip(built.picks, built.contributions, strict=True):
        program = pool[c.index]
        reason_extra = list(extras[c.index])
        if c.swing:
            reason_extra.append("a swing (§3)")
        visa_words = visa.words(profile, program)
        if visa_words:
            reason_extra.append(visa_words)
        made.append(
            Pick(
                program,
                overrides.get(c.index) or fits[c.index].klass,
                c.group,
                c.p,
                _reason(fits[c.index].reason, reason_extra, c.index in user_pins, kept.get(c.index, "")),
                contribution,
                c.index in user_pins,
                fits[c.index].factors + estimates[c.index].factors,
                kept.get(c.index, ""),
                c.swing,
                track_of(program).words,
                visa_words,
                miles.get(c.index),
            )
        )
    order = {klass: rank for rank, klass in enumerate(ProgramClass)}
    # within a class: by marginal value, then chance; equal ones by the stable hash, not by name
    made.sort(
        key=lambda pick: (
            order[pick.klass],
            -round(pick.contribution, 9),
            -pick.p_interview,
            zlib.crc32(pick.program.id.encode("utf-8")),
        )
    )
    return tuple(made)

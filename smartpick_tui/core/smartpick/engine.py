"""SmartPick for one profile: the balanced list, its interview and match estimates, the
what-if, away candidates and where to spend signals. Pure: the CLI, the TUI worker, the
benchmark and the tests all call `run_smartpick` alike.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smartpick_tui.core.costs import fees
from smartpick_tui.core.diagnosis import Diagnosis, Range, diagnose
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import Fit, fit_all
from smartpick_tui.core.interviews import COUNTED, Interview
from smartpick_tui.core.own_figures import OwnFigure, moved_by_own
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Estimates, Program, Tier
from smartpick_tui.core.smartpick.assumptions import assumptions
from smartpick_tui.core.smartpick.aways import rank_aways
from smartpick_tui.core.smartpick.builder import (
    TIER_GROUP,
    BuiltList,
    Candidate,
    Group,
    Mix,
    build_list,
    list_match_estimate,
    mix_for,
    rank,
    soft_weight,
)
from smartpick_tui.core.smartpick.match_curve import MatchCurve, curve_for
from smartpick_tui.core.smartpick.signals import SignalTable, SpecialtySignals, suggest_signals
from smartpick_tui.core.sponsors import closed_to_students
from smartpick_tui.core.trackers import Away, ProgramClass, ProgramMark, VsloStatus, rotated_program_ids

WHAT_IF_STEP = 10  # "+10 programs: 91% -> 94%"
MAX_LIST = 1000  # a list size the user may ask for
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
    group: Group  # its place in the list's mix (§3 tiers)
    p_interview: float  # estimate
    reason: str
    contribution: float  # match estimate lost without this pick (estimate)
    pinned: bool  # pinned by the user
    factors: tuple[str, ...] = ()  # what moved its chance: the fit's terms, then the estimates'
    kept: str = ""  # why the trackers keep it in the list ("you rotated there"), or ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.program.id,
            "name": self.program.name,
            "state": self.program.state,
            "class": self.klass.value,
            "group": self.group.value,
            "p_interview": round(self.p_interview, 4),
            "reason": self.reason,
            "pinned": self.pinned,
            "kept": self.kept,
            "contribution": round(self.contribution, 4),
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

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.program.id,
            "name": self.program.name,
            "tier": self.tier,
            "p_interview": round(self.p_before, 4),
            "p_interview_signalled": round(self.p_after, 4),
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
    mix: Mix
    curve: MatchCurve
    candidates: int  # programs of the specialty that were considered
    notes: tuple[str, ...]
    assumptions: tuple[str, ...]

    def by_class(self, klass: ProgramClass) -> list[Pick]:
        return [pick for pick in self.picks if pick.klass is klass]

    def to_json(self) -> dict[str, Any]:
        """The `smartpick pick --json` shape; the keys are a stable interface."""
        return {
            "estimate": True,
            "specialty": self.diagnosis.specialty.id,
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
            "what_if": [{**w.to_json(), "eras_fees_usd": fees().eras(w.n)} for w in self.what_if],
            "costs": fees().eras_json(self.n),
            "mix": {
                "top": self.mix.top,
                "mid_high_academic": self.mix.academic,
                "floor": self.mix.floor,
                "basis": self.mix.basis,
            },
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


def _signals(
    table: SignalTable | None,
    specialty_id: str,
    specialty_name: str,
    picks: Sequence[Pick],
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
            f"({cycle or 'no table'}): check the AAMC's list and add them to your "
            "signals.json.",
        )
    probabilities = [pick.p_interview for pick in picks]
    chosen = suggest_signals(probabilities, [pick.klass for pick in picks], allowed)
    after = list(probabilities)
    for s in chosen:
        after[s.index] = s.p_after
    with_signals = list_match_estimate(after, curve)
    unspent = allowed.total - len(chosen)
    note = (
        f"{specialty_name}, {cycle}: {allowed.describe()} ({allowed.basis or 'source in signals.json'}). "
        "Suggested on realistic and upper-target programs where a signal raises the "
        "estimated chance most."
    )
    if unspent > 0:
        note += (
            f" {unspent} left over: no other listed program gains enough; spend them on "
            "programs you care about most."
        )
    suggestions = tuple(
        SignalSuggestion(picks[s.index].program, s.tier, s.p_before, s.p_after) for s in chosen
    )
    return Signals(cycle, allowed, suggestions, with_signals, note)


def run_smartpick(
    profile: Profile,
    programs: Sequence[Program],
    *,
    marks: Mapping[str, ProgramMark] | None = None,
    aways: Sequence[Away] = (),
    interviews: Sequence[Interview] = (),
    n: int | None = None,
    signal_table: SignalTable | None = None,
    home_supported: bool = False,
    own_figures: Mapping[str, OwnFigure] | None = None,
) -> SmartPick:
    """Build the list for `profile` from `programs` (any catalog; only the profile's specialty
    is used). ProfileError when Step 2 CK is missing; ValueError for a bad `n`.

    The trackers feed it: an accepted or completed away raises that program's chance
    (core.fit AWAY_BONUS); any logged away and any interview keep the program in the list
    (`tracked_interest`, unless the user excluded it); programs marked "away candidate" lead the
    away candidates, labelled yours. `own_figures` (the student's per-program figures) replace
    or move the model's chance for those programs (`core.own_figures`, through `fit_all`)."""
    diagnosis = diagnose(profile)
    if n is not None and not 1 <= n <= MAX_LIST:
        raise ValueError(f"list size must be from 1 to {MAX_LIST}")
    size = diagnosis.list_size if n is None else n
    marks = marks or {}
    specialty = diagnosis.specialty
    in_specialty = [p for p in programs if p.specialty == specialty.id]
    pool = [p for p in in_specialty if closed_to_students(p) is None]
    closed = len(in_specialty) - len(pool)
    estimates = estimate_all(pool)
    fits = fit_all(
        profile,
        pool,
        rotated_program_ids(aways),
        estimates,
        home_supported=home_supported,
        own_figures=own_figures,
    )
    interest = tracked_interest(aways, interviews)

    candidates: list[Candidate] = []
    extras: dict[int, tuple[str, ...]] = {}
    overrides: dict[int, ProgramClass] = {}
    kept: dict[int, str] = {}
    yours: list[int] = []  # the user's away candidates, in catalog order
    skip_for_aways: set[int] = set()
    logged = {a.program_id for a in aways if a.program_id}
    weights: dict[tuple[str, Tier, int], tuple[float, tuple[str, ...]]] = {}
    for i, (program, est, fit) in enumerate(zip(pool, estimates, fits, strict=True)):
        mark = marks.get(program.id)
        if program.id in logged:
            skip_for_aways.add(i)
        if mark is not None and mark.exclude:
            skip_for_aways.add(i)
            continue
        if program.id in interest:
            kept[i] = interest[program.id]
        if mark is not None and mark.away_candidate and i not in skip_for_aways:
            yours.append(i)
        key = (program.state, est.tier, est.typical_step2)  # all that `soft_weight` reads
        if key not in weights:
            weights[key] = soft_weight(profile, program, est)
        weight, extra = weights[key]
        extras[i] = extra
        if mark is not None and mark.class_override is not None:
            overrides[i] = mark.class_override
        candidates.append(
            Candidate(
                i,
                fit.p_interview,
                TIER_GROUP[est.tier],
                weight,
                pinned=bool(mark is not None and mark.pinned) or i in kept,
                institution=f"{program.institution.casefold()}|{program.state}"
                if program.institution
                else "",
                tiebreak=zlib.crc32(program.id.encode("utf-8")),
            )
        )

    mix = mix_for(profile)
    curve = curve_for(specialty)
    ranked = rank(candidates)
    built = build_list(ranked, size, mix, curve)
    user_pins = {i for i in extras if (mark := marks.get(pool[i].id)) is not None and mark.pinned}
    picks = _picks(built, pool, fits, estimates, extras, overrides, kept, user_pins)

    what_if = []
    for other in (size - WHAT_IF_STEP, size + WHAT_IF_STEP):
        if other >= 1:
            other_list = build_list(ranked, other, mix, curve, with_contributions=False)
            what_if.append(WhatIf(other, other_list.match_estimate))

    away_ranked = rank_aways(profile, pool, estimates, diagnosis.aways.max, skip_for_aways, yours)
    away_picks = tuple(AwayPick(pool[a.index], a.score, a.reason, a.yours) for a in away_ranked)

    signal_result = _signals(signal_table, specialty.id, specialty.name, picks, curve)
    notes = list(built.notes)
    if signal_table is not None:
        notes += signal_table.notes
    if closed:
        notes.append(
            f"{closed} {specialty.name} programs are left out: physician tracks (for "
            "applicants with prior residency training) and military programs; they stay "
            "in the Programs tab, labelled."
        )
    if not pool:
        notes.append(f"The catalog has no {specialty.name} programs: import your own list.")
    if own := sum(1 for fit in fits if moved_by_own(fit)):
        notes.append(
            f"{own} {specialty.name} program{'s use' if own > 1 else ' uses'} your own figures "
            "instead of the model's estimate (labelled 'your figure'; `smartpick figures list`)."
        )
    return SmartPick(
        diagnosis=diagnosis,
        n=sum(built.quotas.values()),
        picks=picks,
        expected_interviews=built.expected_interviews,
        interviews_80=built.interviews_80,
        match_estimate=built.match_estimate,
        what_if=tuple(what_if),
        aways=away_picks,
        away_target=diagnosis.aways,
        signals=signal_result,
        mix=mix,
        curve=curve,
        candidates=len(candidates),
        notes=tuple(notes),
        assumptions=assumptions(mix, curve, signal_result.note),
    )


def _picks(
    built: BuiltList,
    pool: Sequence[Program],
    fits: Sequence[Fit],
    estimates: Sequence[Estimates],
    extras: Mapping[int, tuple[str, ...]],
    overrides: Mapping[int, ProgramClass],
    kept: Mapping[int, str],
    user_pins: set[int],
) -> tuple[Pick, ...]:
    made = [
        Pick(
            pool[c.index],
            overrides.get(c.index) or fits[c.index].klass,
            c.group,
            c.p,
            _reason(fits[c.index].reason, extras[c.index], c.index in user_pins, kept.get(c.index, "")),
            contribution,
            c.index in user_pins,
            fits[c.index].factors + estimates[c.index].factors,
            kept.get(c.index, ""),
        )
        for c, contribution in zip(built.picks, built.contributions, strict=True)
    ]
    order = {klass: rank for rank, klass in enumerate(ProgramClass)}
    made.sort(key=lambda pick: (order[pick.klass], -pick.p_interview, pick.program.name))
    return tuple(made)

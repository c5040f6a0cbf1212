"""The "how is this computed" text: every assumption behind a SmartPick number, in one list.

Each line is built from the constants it describes, so the text cannot drift from the code.
"""

from __future__ import annotations

from typing import Protocol

from smartpick_tui.core import fit
from smartpick_tui.core.profile import SchoolType
from smartpick_tui.core.smartpick import builder, distribution, match_curve, signals
from smartpick_tui.core.smartpick.match_curve import MatchCurve


class _Mix(Protocol):
    @property
    def basis(self) -> str: ...

    def describe(self) -> str: ...


def assumptions(mix: _Mix, curve: MatchCurve, signal_note: str) -> tuple[str, ...]:
    """The assumptions for one result (its mix and curve), most important first."""
    return (
        "Every SmartPick number is an estimate from the app's own model, not program data or an "
        "official prediction. Use it to compare lists, not as a promise.",
        "Invitation chance per program (core/estimates.py, core/fit.py): the chance that the "
        "program invites a typical applicant of your type (US MD, DO, US IMG, non-US IMG), from "
        "its public facts — sponsor and school, the school's NIH research rank, track and campus, "
        "osteopathic ties, accreditation vintage, city, state — with weights fitted to measured "
        "interview rates by applicant type (bench/fit_model.py, docs/calibration.md); then your "
        "Step 2 CK against a typical applicant of your type, scaled by the specialty's §8 Step 2 "
        "power and by how much §2 says Step 2 helps in your situation; regional ties (§3); an "
        "away rotation there (§4); §8 home-support importance when you have none; research output "
        "in the §8 super-competitive fields; red flags, weak evaluations and a Step 1 fail lower "
        "it. Each chance lists the facts that moved it.",
        f"Classes: reach below {fit.REACH_BELOW:.0%} estimated chance, safety from "
        f"{fit.SAFETY_FROM:.0%}, target in between, for a US MD applicant; for other types the "
        "thresholds scale with how often programs invite applicants of that type (DO x"
        f"{fit.class_scale(SchoolType.US_DO):.2f}, US IMG x{fit.class_scale(SchoolType.US_IMG):.2f}, "
        f"non-US IMG x{fit.class_scale(SchoolType.NON_US_IMG):.2f}).",
        "Programs judge the same file, so invitations move together: the number of interviews "
        "is an exact Poisson-binomial distribution given a shared applicant factor (logit SD "
        f"{distribution.APPLICANT_SIGMA}, what the model cannot see: letters, interviews, "
        "polish), mixed over that factor; the 80% range runs from its 10th to its 90th "
        "percentile.",
        f"Match chance by number of interviews ({curve.label}); the rank list's safety net "
        f"reads the same curve. Anchors: {match_curve.ALL_SPECIALTIES_SOURCE}; "
        f"{match_curve.ORTHO_SOURCE}; matched applicants rank more programs in every "
        "specialty (NRMP Charting Outcomes), so more interviews never lower the estimate. "
        "Interviews are taken to become contiguous ranks one for one, and everyone converts "
        "interviews to a match alike: interview skill is not modeled.",
        "The list is optimised, not filled from quotas: it maximises the estimated chance of "
        f"matching plus a small value (x{builder.WISH_VALUE} per expected interview) for "
        "programs you would rather train at — their selectivity, your preferred states/regions "
        f"(+{builder.PREFERRED_BONUS}) and, below 250, regions with ties (§3) — so swings come in "
        "once more interviews barely move the match chance. Greedy by marginal gain, each pick "
        "shown with what the estimate loses without it; equal gains are ordered by a stable hash, "
        f"never by name. No program under {builder.NEGLIGIBLE_P:.0%} fills a slot (under a fifth of "
        "your best programs' chance where those are lower: an IMG's chances are a few percent each). "
        f"From 250 at "
        "least 10-12% of the list are swings (§3: 'swings at higher academic programs'), your "
        "own marked programs first. One program per institution. Pinned and 'apply' programs "
        f"are always in; excluded ones never. This list: {mix.describe()} ({mix.basis}).",
        "Away candidates: ranked by the three §4 criteria (score stands out against the "
        "program's typical score, takes outside rotators, not saturated with home rotators), "
        "mid-high academic first (FAQ 4, §10), plus a bonus for ties; as many as the §4 target.",
        signal_note,
        f"A signal multiplies the odds of an invitation (x{signals.DEFAULT_EFFECT} unless the "
        "specialty has its own measured figure; gold x"
        f"{signals.GOLD_OVER_SILVER} more, the app's estimate); signals are placed with the list, "
        f"never on programs below {signals.FAR_REACH_P:.0%} (far reaches).",
    )

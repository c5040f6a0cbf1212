"""The rank order list's safety-net check (§10 flowchart step 8, "rank list with a solid
safety net"), which explains itself, and its CSV export; which interviews are on the list and
how the order moves is in `core.interviews` (the store needs it, without the model). Pure: the
class of each program (reach / target / safety, an estimate from `core.fit` or the user's own
override) is passed in.

Sources of the safety-net figures (each written once, in `core.smartpick.match_curve`, the
same curve SmartPick's list estimate reads, so one number of ranks gives one chance in both):
NRMP's probability of matching by number of contiguous ranks (U.S. MD seniors, all
specialties) and its orthopaedic figures (matched applicants ranked 12.3 contiguous programs,
unmatched 6.5; Sudah et al.). For every specialty but orthopaedics the comparison points are
the curve's 50% and 90% points: estimates, labelled so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smartpick_tui.core.export import safe_cell
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.interviews import Criteria, Interview, weighted_score
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.smartpick import match_curve
from smartpick_tui.core.specialties import specialty_by_id
from smartpick_tui.core.trackers import ProgramClass, ProgramMark

ORTHOPAEDICS = "orthopaedic-surgery"
RANK_SOURCE = "§10 flowchart step 8 'Rank list with solid safety net'"
# NRMP's own rule, stated once (NRMP, "How the Matching Algorithm Works" and the Match
# Participation Agreement: a match is binding).
NRMP_RULE = (
    "NRMP: rank programs in your true order of preference — the algorithm favours "
    "your preferences, so ranking a program lower never raises your chance there. A "
    "match is binding: rank every program you would attend, and never one you would "
    "not attend."
)


@dataclass(frozen=True)
class SafetyNet:
    ranks: int
    p_match: float  # estimate
    lines: tuple[str, ...]  # the check, explained, in order (NRMP_RULE is shown beside it)
    warnings: tuple[str, ...]  # the parts of it that fail


def safety_net(
    profile: Profile,
    ranked_list: Sequence[Interview],
    classes: Mapping[str, ProgramClass | None] | None,
    pending: int = 0,
) -> SafetyNet:
    """The §10 step 8 check. `classes`: program class by interview id (None entries: not
    known for that program; `classes` None: none known yet, e.g. no Step 2 score)."""
    specialty = specialty_by_id(profile.specialty)
    curve = match_curve.curve_for(specialty)
    n = len(ranked_list)
    p = curve.p_match(n)
    ranks = f"{n} rank{'s' if n != 1 else ''}"
    lines = [f"{n} contiguous {ranks.partition(' ')[2]} · estimated match chance {p:.0%} (an estimate)"]
    warnings: list[str] = []
    if specialty.id == ORTHOPAEDICS:
        lines.append(
            f"NRMP orthopaedics: matched applicants ranked {match_curve.ORTHO_MATCHED_RANKS} "
            f"contiguous programs, unmatched {match_curve.ORTHO_UNMATCHED_RANKS} "
            "(US MD seniors 2016-22, Sudah et al., JBJS Open Access)."
        )
        low = f"the unmatched mean ({match_curve.ORTHO_UNMATCHED_RANKS:g}, NRMP)"
        high = f"the matched mean ({match_curve.ORTHO_MATCHED_RANKS:g}, NRMP)"
        unmatched, matched = match_curve.ORTHO_UNMATCHED_RANKS, match_curve.ORTHO_MATCHED_RANKS
    else:
        lines.append(
            f"{specialty.name}: the curve SmartPick uses gives an even chance at "
            f"{curve.k_even:.1f} ranks, {match_curve.SAFE_P:.0%} at {curve.k_safe:.1f} (estimates)."
        )
        low = f"the app's even-chance point ({curve.k_even:.1f}, an estimate)"
        high = f"the app's {match_curve.SAFE_P:.0%} point ({curve.k_safe:.1f}, an estimate)"
        unmatched, matched = curve.k_even, curve.k_safe
    if n <= unmatched:
        warnings.append(
            f"{ranks} is at or below {low}: rank every program you interviewed at and would attend."
        )
    elif n < matched:
        warnings.append(f"{ranks} is below {high}.")
    if pending:
        lines.append(
            f"{pending} interview{'s' if pending != 1 else ''} still to come (invited or "
            "scheduled): completed interviews join the list."
        )

    if classes is None:
        lines.append("Safety class: not known yet (needs a Step 2 CK score in the profile).")
    else:
        known = [classes.get(interview.id) for interview in ranked_list]
        safeties = sum(klass is ProgramClass.SAFETY for klass in known)
        unknown = sum(klass is None for klass in known)
        if safeties:
            lines.append(
                f"Safety net: {safeties} safety-class program{'s' if safeties != 1 else ''} "
                "ranked (class is an estimate, or your own override)."
            )
        elif unknown < n:
            warnings.append(
                "No safety-class program is ranked: the §10 safety net is a program you "
                "would attend where your chance is high (class is an estimate)."
            )
        if unknown:
            lines.append(
                f"{unknown} ranked program{'s are' if unknown != 1 else ' is'} not in the "
                "catalog or cannot be classed: not counted."
            )
    lines.append(f"How the chance is estimated: {curve.label}.")
    return SafetyNet(n, p, tuple(lines), tuple(warnings))


def rank_csv(
    ranked_list: Sequence[Interview],
    criteria: Criteria,
    classes: Mapping[str, ProgramClass | None] | None,
) -> str:
    """The list as CSV, one row per rank, every cell through `export.safe_cell` (a program
    named "=HYPERLINK(...)" stays text in a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "rank",
            "program",
            "program_id",
            "interview_date",
            "format",
            "class (est.)",
            "weighted_score",
            *(criteria.column(slot) for slot in criteria.slots),
            "thank_you_sent",
            "impressions",
        ]
    )
    for rank, interview in enumerate(ranked_list, start=1):
        klass = (classes or {}).get(interview.id)
        score = weighted_score(interview, criteria)
        writer.writerow(
            [
                safe_cell(value)
                for value in (
                    rank,
                    interview.program_name,
                    interview.program_id,
                    interview.scheduled_for,
                    interview.format.value,
                    klass.value if klass else None,
                    None if score is None else f"{score:.2f}",
                    *(interview.rating(slot) for slot in criteria.slots),
                    interview.thank_you_sent,
                    interview.impressions,
                )
            ]
        )
    return out.getvalue()


def interview_classes(
    profile: Profile,
    interviews: Sequence[Interview],
    marks: Mapping[str, ProgramMark],
    programs_by_id: Mapping[str, Program],
) -> dict[str, ProgramClass | None] | None:
    """Class by interview id: the user's own class for that program (Programs tab) first, else
    the fit model's estimate; None for a program typed as free text. None as a whole when no
    program can be classed because the profile has no Step 2 CK score yet."""
    classes: dict[str, ProgramClass | None] = {}
    to_fit: list[tuple[str, Program]] = []
    for interview in interviews:
        mark = marks.get(interview.program_id or "")
        program = programs_by_id.get(interview.program_id or "")
        if mark is not None and mark.class_override is not None:
            classes[interview.id] = mark.class_override
        elif program is not None and profile.step2 is not None:
            to_fit.append((interview.id, program))
        else:
            classes[interview.id] = None
    if profile.step2 is None and not any(classes.values()):
        return None
    for (interview_id, _program), fit in zip(to_fit, fit_all(profile, [p for _i, p in to_fit]), strict=False):
        classes[interview_id] = fit.klass
    return classes

"""The variables a draft template sees, built from the profile, the chosen program and the
trackers (the away rotation done there, a mentor from the letters).

Every text value passes `clean_line` here (program names come from CSV files). Empty fields
are left out with a hint (see `Fields`), so a template that needs one stops with "your name
is empty — set it in Profile" instead of leaving a blank in the email. The variables are
documented for users in `templates/README.md`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from smartpick_tui.core.calendar import cycle
from smartpick_tui.core.catalog import normalise
from smartpick_tui.core.draft_checks import DraftKind, facts_for
from smartpick_tui.core.geography import STATE_NAME, tied_to
from smartpick_tui.core.months import MONTH_NAMES
from smartpick_tui.core.names import names
from smartpick_tui.core.profile import Profile, SchoolType, Step1Result
from smartpick_tui.core.programs import Program
from smartpick_tui.core.rules import SITUATIONS, LetterKind
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import UnknownSpecialty, specialty_by_id
from smartpick_tui.core.trackers import ROTATED_STATUSES, Away, Letter, VsloStatus
from smartpick_tui.drafts.environment import Fields

SET_IN_PROFILE = "— set it in Profile"
# Aways the student means to do but has no place on yet: a draft may say "I am arranging".
INTENDED_STATUSES = (VsloStatus.PLANNED, VsloStatus.APPLIED, VsloStatus.OFFERED)
AWAY_PREFERENCE = (
    VsloStatus.COMPLETED,
    VsloStatus.ACCEPTED,
    VsloStatus.OFFERED,
    VsloStatus.APPLIED,
    VsloStatus.PLANNED,
    VsloStatus.DECLINED,
)
# Which letter writer a draft names as a mentor, best first (§5 priority, research first
# because a mentor is who the drafts mean).
MENTOR_PREFERENCE = (
    LetterKind.RESEARCH_MENTOR,
    LetterKind.AWAY_SPECIALTY,
    LetterKind.SLOE,
    LetterKind.HOME_INDIVIDUAL,
    LetterKind.BACKUP_SUBI,
)
# USPS codes -> names, for "the patients it serves in Idaho" when the catalog has no city.
STATE_NAMES = {**STATE_NAME, "DC": "Washington, DC"}


def _fields(values: dict[str, Any], hints: dict[str, str], missing: str | None = None) -> Fields:
    """Drop empty text values (their hint explains them) and clean the rest."""
    kept: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = clean_line(value)
            if not value:
                continue
        elif value is None:
            continue
        kept[key] = value
    return Fields(kept, hints, missing)


def profile_fields(profile: Profile) -> Fields:
    try:
        specialty = specialty_by_id(profile.specialty).name
    except UnknownSpecialty:
        specialty = ""
    values = {
        "name": profile.name,
        "school_name": profile.school_name,
        "year": profile.year,
        "school": profile.school.label,
        "school_type": profile.school.value,
        "is_do": profile.school is SchoolType.US_DO,
        "is_img": profile.school in (SchoolType.US_IMG, SchoolType.NON_US_IMG),
        "specialty": specialty,
        "specialty_id": profile.specialty,
        "situation": profile.situation.value,
        "situation_title": SITUATIONS[profile.situation].title,
        "step1_failed": profile.step1 is Step1Result.FAIL_THEN_PASS,
        "step2": profile.step2,
        "research": profile.research,
        "ties": list(profile.ties),
    }
    hints = {
        "name": f"your name is empty {SET_IN_PROFILE}",
        "school_name": f"your school's name is empty {SET_IN_PROFILE}",
        "year": f"your year (e.g. fourth-year) is empty {SET_IN_PROFILE}",
        "specialty": f"your target specialty is unknown {SET_IN_PROFILE}",
        "step2": f"your Step 2 CK score is empty {SET_IN_PROFILE}",
    }
    return _fields(values, hints, missing="me.{name}: the profile has no such field")


def place(program: Program) -> str:
    """ "Salt Lake City, UT"; the state's name when the catalog has no city (564 of the
    shipped rows); "" when neither is known."""
    city, state = clean_line(program.city), clean_line(program.state)
    if city:
        return f"{city}, {state}" if state else city
    return STATE_NAMES.get(state.upper(), state)


def program_fields(program: Program | None, profile: Profile) -> Fields:
    if program is None:
        return Fields({}, missing="choose a program for this draft")
    known = names(program)
    name = clean_line(known.display) or program.id
    # `name` is the human display name: an email says "Massachusetts General Hospital", never
    # NRMP's "Internal Medicine - Massachusetts Gen Hosp" (the specialty is `me.specialty`).
    values = {
        "id": program.id,
        "name": known.display,
        "short_name": known.short,
        "nrmp_name": program.name,
        "subtitle": known.subtitle,
        "site": known.site,
        "institution": program.institution,
        "place": place(program),
        "city": program.city,
        "state": program.state,
        "region": program.region,
        "division": program.division,
        "setting": program.setting.value,
        "community": program.setting.value == "community",
        "track": program.track.value,
        "tie": tied_to(profile.ties, program.state),
    }
    hints = {
        key: f"{name} has no {key} in the catalog"
        for key in (
            "institution",
            "city",
            "state",
            "region",
            "division",
            "place",
            "subtitle",
            "site",
        )
    }
    return _fields(values, hints, missing="program.{name}: no such field")


def _same_program(away: Away, program: Program) -> bool:
    if away.program_id:
        return away.program_id == program.id
    known = {
        normalise(program.name),
        normalise(program.institution),
        normalise(names(program).display),
    } - {""}
    return normalise(away.program_name) in known


def _month(iso: str | None) -> str | None:
    if not iso:
        return None
    return f"{MONTH_NAMES[int(iso[5:7]) - 1]} {iso[:4]}"


def _over(away: Away, today: date | None) -> bool:
    """The away's dates are behind `today`: its end day has passed (or, without an end, its
    start month has)."""
    if today is None:
        return False
    if away.end:
        return away.end < today.isoformat()
    start = away.start or ""
    return bool(start) and start[:7] < today.isoformat()[:7]


def rotated(away: Away, today: date | None) -> bool:
    """The student has done this away: marked completed, or accepted with its dates behind
    today (a July away still marked "accepted" in December). The drafts claim it then."""
    return away.status is VsloStatus.COMPLETED or (away.status is VsloStatus.ACCEPTED and _over(away, today))


def away_fields(aways: Sequence[Away], program: Program | None, today: date | None = None) -> Fields:
    where = clean_line(names(program).display) if program else "this program"
    missing = f"no away rotation at {where} is in your Aways tracker — add it in Aways"
    here = [a for a in aways if program is not None and _same_program(a, program)]
    if not here:
        return Fields({}, missing=missing)
    away = min(here, key=lambda a: AWAY_PREFERENCE.index(a.status))
    month = _month(away.start)
    start = away.start or ""
    past = bool(start) and today is not None and start[:7] < today.isoformat()[:7]
    values = {
        "program_name": away.program_name,
        "status": away.status.value,
        "completed": away.status is VsloStatus.COMPLETED,
        "rotated": rotated(away, today),
        "start": away.start,
        "end": away.end,
        "month": None if past else month,  # a month already over is never asked for
        "letter_asked": away.letter_asked,
    }
    hints = {
        "start": "the away rotation has no start date — set it in Aways",
        "end": "the away rotation has no end date — set it in Aways",
        "month": f"the away rotation's month ({month}) has passed — set its dates in Aways"
        if past
        else "the away rotation has no start date — set it in Aways",
    }
    return _fields(values, hints, missing=missing)


def season_fields(today: date | None) -> dict[str, Any]:
    """Where the cycle stands (`data/calendar.json`): `opening` until programs start reviewing
    applications ("as applications open" read wrong in December), `phase` the Plan tab's
    "Now:" title, `reviewing` from then on."""
    if today is None:
        return {"opening": True, "reviewing": False, "phase": ""}
    season = cycle()
    reviewing = season.event("eras-review").day <= today
    return {"opening": not reviewing, "reviewing": reviewing, "phase": season.phase(today)}


def rotation_names(
    aways: Sequence[Away], program: Program | None = None, today: date | None = None
) -> list[str]:
    """Aways done or accepted, done first: 'away rotations at X and Y' (FAQ 2). The
    chosen program's own away is left out: a draft to it speaks of that one as `away`."""
    chosen = sorted(
        (
            a
            for a in aways
            if a.status in ROTATED_STATUSES and not (program is not None and _same_program(a, program))
        ),
        key=lambda a: (not rotated(a, today), AWAY_PREFERENCE.index(a.status)),
    )
    return _names(chosen)


def _names(aways: Sequence[Away]) -> list[str]:
    found: list[str] = []
    for away in aways:
        name = clean_line(away.program_name)
        if name and name not in found:
            found.append(name)
    return found


def away_log(
    aways: Sequence[Away],
    program: Program | None = None,
    today: date | None = None,
    own_excluded: bool = False,
) -> dict[str, Any]:
    """How far the student's aways have got, so a draft claims only what the Aways tracker
    says (§4: an away is the strongest lever; §9: a claim an interviewer can check must be
    true). `stage`: "completed" (one is done: "I have sought … through away rotations at A"),
    "accepted" (one is booked: "I have arranged …"), "planned" (planned, applied or offered:
    "I am arranging …") or "none" (nothing is said about aways). `done` / `booked` name the
    completed / accepted ones except the chosen program's own (a draft to it speaks of that one
    as `away`); `done_count` / `booked_count` count them all, the chosen program's included."""
    other = [a for a in aways if not (program is not None and _same_program(a, program))]
    if own_excluded:  # the away request for this program: its own away is what it asks for
        aways = other
    completed = [a for a in aways if rotated(a, today)]
    accepted = [a for a in aways if a.status is VsloStatus.ACCEPTED and not rotated(a, today)]
    if completed:
        stage = "completed"
    elif accepted:
        stage = "accepted"
    elif any(a.status in INTENDED_STATUSES for a in aways):
        stage = "planned"
    else:
        stage = "none"
    return {
        "stage": stage,
        "done": _names([a for a in other if rotated(a, today)]),
        "booked": _names([a for a in other if a.status is VsloStatus.ACCEPTED and not rotated(a, today)]),
        "done_count": len(completed),
        "booked_count": len(accepted),
    }


def mentor_fields(letters: Sequence[Letter], program: Program | None) -> Fields:
    missing = "no letter writer or mentor is in your Letters tracker — add one in Letters"
    candidates = [letter for letter in letters if not letter.generic]
    if not candidates:
        return Fields({}, missing=missing)
    institution = normalise(program.institution) if program else ""

    def rank(letter: Letter) -> tuple[int, int]:
        here = bool(institution) and normalise(letter.institution) == institution
        return (0 if here else 1, MENTOR_PREFERENCE.index(letter.kind))

    letter = min(candidates, key=rank)
    here = bool(institution) and normalise(letter.institution) == institution
    values = {
        "name": letter.writer,
        "role": letter.role,
        "institution": letter.institution,
        "kind": letter.kind.value,
        "here": here,
    }
    hints = {
        "role": f"{clean_line(letter.writer)} has no role in Letters — add it there",
        "institution": f"{clean_line(letter.writer)} has no institution in Letters — add it there",
    }
    return _fields(values, hints, missing=missing)


def build_context(
    kind: DraftKind,
    variant: int,
    profile: Profile,
    program: Program | None,
    aways: Sequence[Away] = (),
    letters: Sequence[Letter] = (),
    today: date | None = None,
) -> dict[str, Any]:
    """Everything a template may use (see templates/README.md). `today` dates the wording:
    a month already over is not asked for, an accepted away whose dates have passed counts
    as done, the radar note says "as applications open" only while they do."""
    return {
        "kind": kind.value,
        "variant": variant,
        "me": profile_fields(profile),
        "show_score": facts_for(profile).mention_score,
        "program": program_fields(program, profile),
        "away": away_fields(aways, program, today),
        "rotations": rotation_names(aways, program, today),
        "away_log": away_log(aways, program, today, own_excluded=kind is DraftKind.AWAY_REQUEST),
        "mentor": mentor_fields(letters, program),
        "season": season_fields(today),
    }

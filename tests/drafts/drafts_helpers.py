"""Shared pieces for the drafts tests: real programs, profiles, tracker records."""

from __future__ import annotations

from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.core.rules import LetterKind, Situation
from smartpick_tui.core.trackers import Away, Letter, VsloStatus

# Real NRMP-participating programs, typed in as a user's CSV import would bring them (the
# shipped catalog changes with its sources; these tests must not depend on it).
UTAH = Program(
    id="imp-utah-im",
    name="University of Utah Health Internal Medicine",
    institution="University of Utah Health",
    city="Salt Lake City",
    state="UT",
    specialty="internal-medicine",
    track=Track.CATEGORICAL,
    setting=Setting.UNIVERSITY,
    imported=True,
)
HENNEPIN = Program(
    id="imp-hennepin-im",
    name="Hennepin Healthcare Internal Medicine",
    institution="Hennepin Healthcare",
    city="Minneapolis",
    state="MN",
    specialty="internal-medicine",
    track=Track.CATEGORICAL,
    setting=Setting.AFFILIATED,
    imported=True,
)
PROGRAMS = (UTAH, HENNEPIN)


def make_profile(**changes) -> Profile:
    base = Profile(
        step2=258,
        name="Jane Doe",
        school_name="Rocky Vista University",
        year="fourth-year",
        school=SchoolType.US_DO,
        situation=Situation.NO_HOME_PROGRAM,
        ties=("West",),
        research=2,
    )
    return base.with_changes(**changes)


def trackers() -> tuple[list[Away], list[Letter]]:
    aways = [
        Away(
            "University of Utah Health Internal Medicine",
            status=VsloStatus.COMPLETED,
            start="2026-07-06",
        ).validated(),
        Away(
            "Hennepin Healthcare Internal Medicine", status=VsloStatus.ACCEPTED, start="2026-09-01"
        ).validated(),
    ]
    letters = [
        Letter(
            "Dr. Ana Lee",
            LetterKind.RESEARCH_MENTOR,
            role="research mentor",
            institution="University of Utah Health",
        ).validated()
    ]
    return aways, letters

"""SOAP mode for the CLI (`smartpick soap`) and the Plan tab (`w`): the list from public fill
history (`core.program_facts`), the rules, and the two texts for the first program."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from smartpick_tui.core.diagnosis import diagnose
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile, ProfileError
from smartpick_tui.core.program_facts import facts_for
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.soap import FillHistory, SoapPlan, soap_plan
from smartpick_tui.core.specialties import UnknownSpecialty, specialty_by_id
from smartpick_tui.core.trackers import ROTATED_STATUSES, Away
from smartpick_tui.drafts.soap import SoapText, render_soap_text
from smartpick_tui.locations import templates_dir


def history_from_facts(program: Program) -> FillHistory | None:
    facts = facts_for(program)
    if facts is None or not facts.fill_years or facts.unfilled_years is None:
        return None
    return FillHistory(facts.fill_years, facts.unfilled_years, facts.fill_rate)


@dataclass(frozen=True)
class SoapView:
    plan: SoapPlan
    texts: dict[SoapText, str]  # for the first program of the list (or a generic one)


def _fields(profile: Profile, program: Program | None, rotated: Sequence[str]) -> dict[str, object]:
    try:
        specialty = specialty_by_id(profile.specialty).name
    except UnknownSpecialty:
        specialty = profile.specialty
    try:
        show_score = diagnose(profile).mention_score_in_emails
    except ProfileError:
        show_score = False
    return {
        "name": profile.name or "[your name]",
        "year": profile.year or "fourth-year",
        "school": profile.school_name or "[your school]",
        "specialty": specialty,
        "step2": profile.step2,
        "show_score": show_score and profile.step2 is not None,
        "program": display_name(program) if program else "[the program]",
        "city": program.city if program else "",
        "rotated": " and ".join(rotated),
    }


def soap_view(profile: Profile, programs: Sequence[Program], aways: Sequence[Away] = ()) -> SoapView:
    """`aways`: the texts claim only the aways done or booked (`ROTATED_STATUSES`), as every draft."""
    plan = soap_plan(profile, programs, history_from_facts)
    first = plan.candidates[0].program if plan.candidates else None
    rotated = [clean_line(a.program_name) for a in aways if a.status in ROTATED_STATUSES][:2]
    fields = _fields(profile, first, rotated)
    texts = {which: render_soap_text(which, fields, templates_dir()) for which in SoapText}
    return SoapView(plan, texts)

"""A pasted invitation turned into a proposal: what `core.invites` read, plus the catalog
programs its name finds (the profile's specialty first). One path for `smartpick invite` and the
Interviews tab's paste (`p`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from smartpick_tui.core.catalog_search import CatalogIndex
from smartpick_tui.core.interviews import Interview, InterviewFormat, InterviewStatus
from smartpick_tui.core.invites import InvitationReading, offered_conflicts, read_invitation
from smartpick_tui.core.names import display_name
from smartpick_tui.core.programs import Program
from smartpick_tui.core.specialties import UnknownSpecialty, specialty_by_id
from smartpick_tui.services.draft_programs import search_programs

PROPOSALS = 3


@dataclass(frozen=True)
class InviteProposal:
    reading: InvitationReading
    programs: tuple[Program, ...]  # best catalog match first; empty when none was found
    conflicts: tuple[str, ...]  # offered dates that clash with booked interviews

    def interview(self, program: Program | None, name: str = "", today: date | None = None) -> Interview:
        """The invitation as a record: invited today, with the dates and deadline read."""
        reading = self.reading
        values: dict[str, object] = {
            "program_name": name
            or (display_name(program) if program else reading.program_hint)
            or "Invitation",
            "program_id": program.id if program else None,
            "status": InterviewStatus.INVITED,
            "invited_on": (today or date.today()).isoformat(),
            "offered_dates": tuple(day.isoformat() for day in reading.offered),
            "reply_by": reading.reply_by.isoformat() if reading.reply_by else None,
        }
        if reading.format is not None:
            values["format"] = reading.format
        return Interview(**values).validated()  # type: ignore[arg-type]


def _without_specialty(hint: str, specialty: str) -> str:
    try:
        words = set(specialty_by_id(specialty).name.casefold().split())
    except UnknownSpecialty:
        return hint
    return " ".join(word for word in hint.split() if word.casefold() not in words)


def propose(
    text: str, index: CatalogIndex, specialty: str, interviews: list[Interview], today: date
) -> InviteProposal:
    reading = read_invitation(text, today)
    programs: list[Program] = []
    if reading.program_hint:
        programs = search_programs(index, reading.program_hint, specialty)
        if not programs:  # "Mercy Internal Medicine": the specialty words may not be in the title
            shorter = _without_specialty(reading.program_hint, specialty)
            if shorter and shorter != reading.program_hint:
                programs = search_programs(index, shorter, specialty)
    probe = Interview(
        "invitation",
        id="-",
        offered_dates=tuple(d.isoformat() for d in reading.offered),
        format=reading.format or InterviewFormat.VIRTUAL,
    )
    conflicts = tuple(offered_conflicts(probe, interviews))
    return InviteProposal(reading, tuple(programs[:PROPOSALS]), conflicts)

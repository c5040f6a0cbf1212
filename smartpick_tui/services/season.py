"""The season's calendar as the user's state makes it: the cycle's dates for the profile's
specialty plus the user's aways, interviews and plan due dates. The Plan tab and `smartpick
calendar` read it here, so both list the same events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from smartpick_tui.config import current as current_config
from smartpick_tui.core import rules
from smartpick_tui.core.calendar import YOUR_ENTRY, Event, merged
from smartpick_tui.core.costs import SeasonCosts
from smartpick_tui.core.interviews import Interview, InterviewFormat, InterviewStatus
from smartpick_tui.core.invites import clashes
from smartpick_tui.core.trackers import Away, ChecklistEntry, VsloStatus
from smartpick_tui.services.reading import read_profile
from smartpick_tui.store import State


def own_events(
    aways: Iterable[Away],
    interviews: Sequence[Interview],
    due: Iterable[tuple[ChecklistEntry, str]],
) -> list[Event]:
    """The user's dates: away rotations, scheduled interviews, plan steps' due dates (with the
    step's title). Declined aways and declined or cancelled interviews are left out."""
    events: list[Event] = []
    for away in aways:
        if away.status is VsloStatus.DECLINED:
            continue
        for day, what in ((away.start, "starts"), (away.end, "ends")):
            if day:
                events.append(
                    Event(
                        f"away-{away.id}-{what}",
                        date.fromisoformat(day),
                        f"Away rotation {what}: {away.program_name}",
                        YOUR_ENTRY,
                        "",
                    )
                )
    for interview in interviews:
        if interview.scheduled_for and interview.status not in (
            InterviewStatus.DECLINED,
            InterviewStatus.CANCELLED,
        ):
            events.append(
                Event(
                    f"interview-{interview.id}",
                    date.fromisoformat(interview.scheduled_for),
                    f"Interview: {interview.program_name} ({interview.format.value})",
                    YOUR_ENTRY,
                    "",
                )
            )
    for interview in interviews:  # the invite queue: reply before the slots fill
        if interview.status is InterviewStatus.INVITED and interview.reply_by and not interview.scheduled_for:
            events.append(
                Event(
                    f"invite-reply-{interview.id}",
                    date.fromisoformat(interview.reply_by),
                    f"Reply to the interview invitation: {interview.program_name}",
                    YOUR_ENTRY,
                    "",
                )
            )
    for clash in clashes(list(interviews)):
        events.append(
            Event(
                f"clash-{clash.first.id}-{clash.second.id}",
                clash.day,
                f"Interview clash — {clash.text.partition(': ')[2]}",
                YOUR_ENTRY,
                "",
            )
        )
    for entry, title in due:
        if entry.due and not entry.done:
            events.append(
                Event(
                    f"plan-{entry.step_id}",
                    date.fromisoformat(entry.due),
                    f"Plan step due: {title}",
                    YOUR_ENTRY,
                    "",
                )
            )
    return events


def season_events(state: State) -> list[Event]:
    specialty = read_profile(state).specialty
    titles = {step.id: step.title for step in (*rules.ACTION_FLOW, *rules.SIX_STEP_PLAN)}
    entries = state.checklist()
    due = [(entry, titles.get(step_id, step_id)) for step_id, entry in entries.items()]
    return merged(specialty, own_events(state.aways(), state.interviews(), due))


def season_costs(state: State) -> SeasonCosts:
    """The season's costs from what is stored: apply marks, aways, in-person interviews, and
    the user's own estimates (Settings)."""
    settings = state.settings()
    aways = sum(away.status is not VsloStatus.DECLINED for away in state.aways())
    in_person = sum(
        i.format is InterviewFormat.IN_PERSON
        and i.status not in (InterviewStatus.DECLINED, InterviewStatus.CANCELLED)
        for i in state.interviews()
    )
    applied = sum(mark.apply for mark in state.marks().values())
    defaults = current_config().costs  # the Plan's form (Settings) wins over config.toml
    housing = settings.away_housing_usd
    travel = settings.travel_per_interview_usd
    return SeasonCosts(
        applied,
        aways,
        in_person,
        housing if housing is not None else defaults.get("away_housing_usd"),
        travel if travel is not None else defaults.get("travel_per_interview_usd"),
        specialty=state.profile().specialty,
    )

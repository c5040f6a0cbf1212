"""The season's calendar: the cycle's dates (data/calendar.json) merged with the user's own,
the phase of the cycle today, and an RFC 5545 (iCalendar) file of it all.

Why a data file: the dates change every cycle and many are only estimated until the AAMC and
the NRMP publish them; each event says which it is and where it comes from, and the screen, the
CLI and the .ics file say so too ("(est.)", the source in the event's description).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from smartpick_tui.config import current as current_config
from smartpick_tui.core.costs import service_for
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.locations import data_dir

YOUR_ENTRY = "your entry"


@dataclass(frozen=True)
class Event:
    id: str
    day: date
    title: str
    status: str  # "published", "estimated" or YOUR_ENTRY
    source: str
    specialties: tuple[str, ...] = ()  # empty: every specialty
    services: tuple[str, ...] = ()  # application services it belongs to (empty: every one)

    @property
    def label(self) -> str:
        mark = {"estimated": " (est.)", YOUR_ENTRY: " (your entry)"}.get(self.status, "")
        return f"{self.title}{mark}"


@dataclass(frozen=True)
class Cycle:
    name: str
    events: tuple[Event, ...]
    phases: tuple[tuple[str | None, str], ...]  # (event id the phase starts at, title)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)

    def for_specialty(self, specialty: str) -> tuple[Event, ...]:
        """The events of this specialty and of its application service (core.costs: ResidencyCAS
        dates for emergency medicine and OB/GYN, ERAS dates for the others)."""
        service = service_for(specialty).id
        return tuple(
            e
            for e in self.events
            if (not e.specialties or specialty in e.specialties) and (not e.services or service in e.services)
        )

    def phase(self, today: date, specialty: str | None = None) -> str:
        """The title of the phase `today` falls in, worded for the specialty's application
        service ("Before ResidencyCAS opens" for emergency medicine)."""
        current = self.phases[0][1]
        for start, title in self.phases:
            if start is None or self.event(start).day <= today:
                current = title
        return current.replace("{service}", service_for(specialty).name)


def cycle() -> Cycle:
    """The cycle's dates, with the dates the user moved in config.toml's `[calendar]`."""
    return _cycle(tuple(sorted(current_config().calendar.items())))


@lru_cache(maxsize=2)
def _cycle(moved: tuple[tuple[str, date], ...]) -> Cycle:
    raw: dict[str, Any] = json.loads((data_dir() / "calendar.json").read_text(encoding="utf-8"))
    events = tuple(
        Event(
            e["id"],
            date.fromisoformat(e["date"]),
            e["title"],
            e["status"],
            e["source"],
            tuple(e.get("specialties", ())),
            tuple(e.get("services", ())),
        )
        for e in raw["events"]
    )
    own = dict(moved)  # a moved date is the user's entry: labelled so, the old date kept in the source
    events = tuple(
        replace(e, day=own[e.id], status=YOUR_ENTRY, source=f"config.toml (was {e.day}: {e.source})")
        if e.id in own
        else e
        for e in events
    )
    return Cycle(
        raw["cycle"],
        tuple(sorted(events, key=lambda e: e.day)),
        tuple((p["from"], p["title"]) for p in raw["phases"]),
    )


def merged(specialty: str, own: Iterable[Event]) -> list[Event]:
    """The cycle's dates for this specialty and the user's, in date order."""
    return sorted((*cycle().for_specialty(specialty), *own), key=lambda e: (e.day, e.title))


def timeline(events: Sequence[Event], today: date) -> list[str]:
    """One line a date, in order, with "◀ today" where today falls (the Plan's timeline and
    `smartpick calendar` print the same lines)."""
    lines, marked = [], False
    for event in events:
        if not marked and event.day >= today:
            lines.append(f"{'':10}  ◀ today {today.isoformat()}")
            marked = True
        lines.append(f"{event.day.isoformat()}  {clean_line(event.label)}")  # names are user text
    if not marked:
        lines.append(f"{'':10}  ◀ today {today.isoformat()}")
    return lines


def upcoming(events: Sequence[Event], today: date, count: int = 3) -> list[Event]:
    return [e for e in events if e.day >= today][:count]


# --- iCalendar (RFC 5545) -------------------------------------------------------------------


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with a leading space."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def to_ics(events: Iterable[Event], stamp: datetime | None = None) -> str:
    """All-day events, each with its status and source in the description."""
    now = (stamp or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//SmartPick TUI//season calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape('SmartPick: ' + cycle().name)}",
    ]
    for event in events:
        where = (
            "your entry in SmartPick"
            if event.status == YOUR_ENTRY
            else f"{event.status}; source: {event.source}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_escape(event.id)}@smartpick-tui",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.label)}",
            f"DESCRIPTION:{_escape(where)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{part}\r\n" for line in lines for part in _fold(line))

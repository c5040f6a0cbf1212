"""The invite queue: reading an invitation email, open invites by reply deadline, and clashes.

Invitations arrive by email and their dates fill within hours, so the moment matters more than
the record: the student pastes the email, the app proposes the program (a name to search the
catalog with), the offered dates and the reply deadline, and the student confirms. The reading
is a heuristic over common wording ("We are pleased to invite you to interview with the … Internal
Medicine Residency Program", "Available dates: December 14, January 11", "please respond within
72 hours") — what it finds is a proposal shown in a form, never saved unseen.

Clashes: two interviews on one day cannot both happen; an in-person interview needs the day
before it (or after the one before) to travel, so another interview the day next to it clashes
too. Offered dates of an open invite that fall on a scheduled interview are flagged, so the
student picks a free one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from smartpick_tui.core.interviews import COUNTED, Interview, InterviewFormat, InterviewStatus
from smartpick_tui.core.months import MONTH_BY_WORD
from smartpick_tui.core.sanitize import clean_line

INVITE_TEXT_MAX = 50_000  # an email is a few kilobytes; a paste past this is not an invitation
PAST_GRACE_DAYS = 14  # "January 11" read in December is next January; in mid-January, this one
TRAVEL_DAYS = 1  # an in-person interview takes the day next to it for travel


_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_BY_WORD, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.IGNORECASE),
    re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?\b"),
)
_DEADLINE_WORDS = re.compile(
    r"\b(respond|response|reply|replies|rsvp|confirm|deadline|no later than|expires?|hold|"
    r"schedule by|sign up by|select .* by|by \w+day)\b",
    re.IGNORECASE,
)
_WITHIN = re.compile(
    r"\bwithin\s+(?P<n>\d{1,3}|one|two|three|four|five|seven)\s*(?P<unit>hours?|business days?|days?)\b",
    re.IGNORECASE,
)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7}
_VIRTUAL = re.compile(r"\b(virtual(ly)?|zoom|thalamus|webex|microsoft teams|online|video)\b", re.IGNORECASE)
_IN_PERSON = re.compile(r"\b(in[- ]person|on[- ]site|onsite|on campus|visit us|our campus)\b", re.IGNORECASE)
_PROGRAM = re.compile(
    r"\b(?:to|at|with|from|for)\s+(?:the\s+)?(?P<name>[A-Z][^\n.;:!?()]{2,120}?)\s+"
    r"(?i:residency(?:\s+training)?\s+program|residency|program)\b"
)
_SUBJECT = re.compile(r"^\s*subject:\s*(?:re:\s*|fwd?:\s*)*(?P<subject>.+)$", re.IGNORECASE | re.MULTILINE)
_INVITATION_WORDS = re.compile(r"\binterview\s+invit\w*|\binvitation\s+to\s+interview\b", re.IGNORECASE)
_LEADING_NOISE = re.compile(r"^(?:our|your|this year'?s|the)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class InvitationReading:
    """What the app read in a pasted invitation: proposals for the add form."""

    program_hint: str  # words to search the catalog with ("" when none was found)
    offered: tuple[date, ...]  # interview dates offered, in order
    reply_by: date | None
    format: InterviewFormat | None
    notes: tuple[str, ...]  # what it could not read, in words

    @property
    def offered_text(self) -> str:
        return ", ".join(day.isoformat() for day in self.offered)


def _year_for(month: int, day: int, today: date) -> date | None:
    """The next such day on or after `today` minus the grace (invitations name future dates)."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= today - timedelta(days=PAST_GRACE_DAYS):
            return candidate
    return None


def _dates_in(text: str, today: date) -> list[tuple[int, date]]:
    """Every date in `text` with its position, each place read once (the first pattern wins)."""
    found: dict[int, date] = {}
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and end > t_start for t_start, t_end in taken):
                continue
            day = _read_date(match, today)
            if day is not None:
                found[start] = day
                taken.append((start, end))
    return sorted(found.items())


def _read_date(match: re.Match[str], today: date) -> date | None:
    groups = match.groupdict()
    try:
        if groups.get("iso"):
            return date.fromisoformat(groups["iso"])
        if groups.get("month"):
            month, day = MONTH_BY_WORD[groups["month"].lower()], int(groups["day"])
            year = groups.get("year")
            return date(int(year), month, day) if year else _year_for(month, day, today)
        month, day, year = int(groups["m"]), int(groups["d"]), groups.get("y")
        if not year:
            return _year_for(month, day, today)
        full = int(year) + (2000 if len(year) == 2 else 0)
        return date(full, month, day)
    except ValueError:
        return None


def _sentences(text: str) -> list[tuple[int, str]]:
    """Sentences and lines with their start offsets (a deadline is read per sentence)."""
    out: list[tuple[int, str]] = []
    for match in re.finditer(r"[^.!?\n]+(?:[.!?](?!\d)|\n|$)", text):
        if match.group().strip():
            out.append((match.start(), match.group()))
    return out


def _program_hint(text: str) -> str:
    subject = _SUBJECT.search(text)
    if subject:
        words = _INVITATION_WORDS.sub(" ", subject.group("subject"))
        words = re.sub(r"\b(?:for|to|with|at|from)\b", " ", words, flags=re.IGNORECASE)
        words = re.sub(r"[-–—:|]+", " ", words)
        words = re.sub(r"\b(?:residency\s+program|residency|program)\b", " ", words, flags=re.IGNORECASE)
        hint = " ".join(words.split())
        if len(hint) >= 3:
            return clean_line(_LEADING_NOISE.sub("", hint))
    for match in _PROGRAM.finditer(text):
        name = " ".join(match.group("name").split())
        name = _LEADING_NOISE.sub("", name)
        if not re.search(r"\binterview\b", name, re.IGNORECASE):
            return clean_line(name)
    return ""


def read_invitation(text: str, today: date) -> InvitationReading:
    """Proposals from a pasted invitation; the student checks them in the form."""
    text = text[:INVITE_TEXT_MAX]
    notes: list[str] = []
    deadlines: list[date] = []
    offered: list[date] = []
    for start, sentence in _sentences(text):
        in_sentence = [day for _pos, day in _dates_in(sentence, today)]
        if _DEADLINE_WORDS.search(sentence) and in_sentence:
            deadlines.append(in_sentence[0])
            offered += in_sentence[1:]
        else:
            offered += in_sentence
        within = _WITHIN.search(sentence)
        if within:
            raw = within.group("n").lower()
            amount = _WORD_NUMBERS.get(raw) or int(raw)
            unit = within.group("unit").lower()
            days = -(-amount // 24) if unit.startswith("hour") else amount
            if unit.startswith("business"):
                days = _business_days_later(today, amount) - today.toordinal()
            deadlines.append(today + timedelta(days=days))
        del start
    reply_by = min(deadlines) if deadlines else None
    unique = tuple(sorted({day for day in offered if day >= today and day != reply_by}))
    virtual, in_person = bool(_VIRTUAL.search(text)), bool(_IN_PERSON.search(text))
    fmt = InterviewFormat.VIRTUAL if virtual and not in_person else None
    if in_person and not virtual:
        fmt = InterviewFormat.IN_PERSON
    hint = _program_hint(text)
    if not hint:
        notes.append("no program name found: search the catalog yourself")
    if not unique:
        notes.append("no interview date found")
    if reply_by is None:
        notes.append("no reply deadline found: reply today, slots fill within hours")
    if virtual and in_person:
        notes.append("both virtual and in-person wording: choose the format")
    return InvitationReading(hint, unique, reply_by, fmt, tuple(notes))


def _business_days_later(today: date, days: int) -> int:
    """The ordinal of the day `days` business days after `today` (weekends skipped)."""
    day = today
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day.toordinal()


# --- the queue -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenInvite:
    interview: Interview
    reply_by: date | None
    days_left: int | None  # None without a deadline; negative when it has passed

    @property
    def text(self) -> str:
        name = self.interview.program_name
        if self.reply_by is None:
            return f"{name}: no reply deadline logged — reply today"
        if self.days_left is not None and self.days_left < 0:
            return f"{name}: the reply deadline {self.reply_by.isoformat()} has passed"
        when = {0: "today", 1: "tomorrow"}.get(self.days_left or 0, f"in {self.days_left} days")
        return f"{name}: reply by {self.reply_by.isoformat()} ({when})"


def open_invites(interviews: Iterable[Interview], today: date) -> list[OpenInvite]:
    """Invitations not yet scheduled, the nearest deadline first (none: first of all)."""
    queue = []
    for interview in interviews:
        if interview.status is not InterviewStatus.INVITED or interview.scheduled_for:
            continue
        reply_by = date.fromisoformat(interview.reply_by) if interview.reply_by else None
        days = None if reply_by is None else (reply_by - today).days
        queue.append(OpenInvite(interview, reply_by, days))
    return sorted(
        queue,
        key=lambda o: (o.reply_by is not None, o.reply_by or today, o.interview.program_name.casefold()),
    )


# --- clashes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clash:
    day: date
    first: Interview
    second: Interview
    travel: bool  # True: the days differ, but an in-person interview needs the day between

    @property
    def text(self) -> str:
        a, b = self.first.program_name, self.second.program_name
        if not self.travel:
            return f"{self.day.isoformat()}: {a} and {b} on the same day"
        return (
            f"{self.day.isoformat()}: {a} and {b} on consecutive days, one in person — no day left to travel"
        )


def _scheduled(interviews: Iterable[Interview]) -> list[tuple[date, Interview]]:
    return sorted(
        (
            (date.fromisoformat(i.scheduled_for), i)
            for i in interviews
            if i.scheduled_for and i.status in COUNTED and i.status is not InterviewStatus.COMPLETED
        ),
        key=lambda pair: (pair[0], pair[1].program_name.casefold()),
    )


def clashes(interviews: Sequence[Interview]) -> list[Clash]:
    """Pairs of upcoming interviews that cannot both happen as planned."""
    found: list[Clash] = []
    for (day_a, a), (day_b, b) in combinations(_scheduled(interviews), 2):
        gap = (day_b - day_a).days
        if gap == 0:
            found.append(Clash(day_a, a, b, travel=False))
        elif gap <= TRAVEL_DAYS and InterviewFormat.IN_PERSON in (a.format, b.format):
            found.append(Clash(day_a, a, b, travel=True))
    return found


def offered_conflicts(invite: Interview, interviews: Sequence[Interview]) -> list[str]:
    """Offered dates of an open invite that fall on (or, in person, next to) a booked interview."""
    booked = _scheduled(i for i in interviews if i.id != invite.id)
    out = []
    for raw in invite.offered_dates:
        day = date.fromisoformat(raw)
        for booked_day, other in booked:
            gap = abs((booked_day - day).days)
            if gap == 0 or (
                gap <= TRAVEL_DAYS and InterviewFormat.IN_PERSON in (invite.format, other.format)
            ):
                out.append(f"{raw} clashes with {other.program_name} ({booked_day.isoformat()})")
    return out

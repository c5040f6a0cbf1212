"""Interview season: invitations, dates, status, impressions and the FAQ 5 count.

Records are frozen dataclasses like the other trackers (`core.trackers.Record`), so the store
keeps TinyDB to itself. The user rates each interview 1-5 on up to `CRITERIA_SLOTS` criteria
of their own; the criteria's names and weights are one `Criteria` record, and ratings are
stored per slot (`rating_1`..), so renaming a criterion keeps the ratings given under it.

The counter and warnings rest on FAQ 5 of the article ("12-15 interviews puts you in a pretty
safe zone" for core specialties; competitive ones need more, many carry a backup specialty,
and without home advocacy aim slightly above the average). Targets for other specialties are
the app's extrapolations (`rules.INTERVIEW_TARGETS`) and are labelled so on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from enum import Enum
from typing import Any

from smartpick_tui.core import rules
from smartpick_tui.core.lint import Counter, Finding
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.sanitize import clean_line, clean_text
from smartpick_tui.core.specialties import specialty_by_id
from smartpick_tui.core.trackers import (
    NAME_MAX,
    NOTE_MAX,
    OutreachEntry,
    Record,
    _enum,
    parse_date,
    record_id,
)

CRITERIA_SLOTS = 4
RATING_MIN, RATING_MAX = 1, 5
WEIGHT_MIN, WEIGHT_MAX = 0, 5
CRITERION_MAX = 40
DEFAULT_CRITERIA = ("location", "fit", "training", "gut feeling")
THANK_YOU_SOURCE = "§6.3 'Post-interview or pre-rank communications'"


class InterviewStatus(str, Enum):
    INVITED = "invited"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class InterviewFormat(str, Enum):
    VIRTUAL = "virtual"
    IN_PERSON = "in person"


# What counts toward FAQ 5's number: interviews you have, will have, or were offered and can
# still take. Declined and cancelled ones are gone; a waitlist is not an interview yet.
COUNTED = frozenset({InterviewStatus.INVITED, InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED})


def parse_rating(raw: Any, field: str) -> int | None:
    """1-5 or None (empty); ValueError naming the field otherwise."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = None
    if value is None or not RATING_MIN <= value <= RATING_MAX or isinstance(raw, bool):
        raise ValueError(f"{field}: rate {RATING_MIN}-{RATING_MAX}, or leave it empty")
    return value


OFFERED_MAX = 20


def parse_dates(raw: Any, field: str) -> tuple[str, ...]:
    """Dates as a tuple of ISO strings, from a list or from text ("2026-12-14, 2027-01-11");
    sorted, each once. ValueError naming the field and the bad date."""
    if raw is None:
        return ()
    items = raw.replace(";", ",").split(",") if isinstance(raw, str) else list(raw)
    days: set[str] = set()
    for item in items:
        try:
            day = parse_date(item)
        except ValueError as error:
            raise ValueError(f"{field}: {error}") from None
        if day:
            days.add(day)
    if len(days) > OFFERED_MAX:
        raise ValueError(f"{field}: at most {OFFERED_MAX} dates")
    return tuple(sorted(days))


def parse_weight(raw: Any, field: str) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = None
    if value is None or not WEIGHT_MIN <= value <= WEIGHT_MAX or isinstance(raw, bool):
        raise ValueError(f"{field}: a weight {WEIGHT_MIN}-{WEIGHT_MAX} (0 leaves the criterion out)")
    return value


@dataclass(frozen=True)
class Interview(Record):
    program_name: str
    id: str = ""
    program_id: str | None = None  # catalog id when picked from the catalog; None for free text
    invited_on: str | None = None  # YYYY-MM-DD
    scheduled_for: str | None = None
    format: InterviewFormat = InterviewFormat.VIRTUAL
    status: InterviewStatus = InterviewStatus.INVITED
    thank_you_sent: bool = False  # the thank-you email: Drafts, kind "thank-you" (§6.3)
    impressions: str = ""
    rating_1: int | None = None
    rating_2: int | None = None
    rating_3: int | None = None
    rating_4: int | None = None
    reply_by: str | None = None  # the invitation's reply deadline (core.invites: the queue)
    offered_dates: tuple[str, ...] = ()  # dates the invitation offers, before one is scheduled

    def validated(self) -> Interview:
        name = clean_line(self.program_name)[:NAME_MAX]
        if not name:
            raise ValueError("program_name: enter the program")
        invited, scheduled = parse_date(self.invited_on), parse_date(self.scheduled_for)
        if invited and scheduled and scheduled < invited:
            raise ValueError("scheduled_for: the interview is before the invitation")
        program_id = clean_line(str(self.program_id))[:NAME_MAX] if self.program_id else None
        ratings = {
            f"rating_{slot}": parse_rating(getattr(self, f"rating_{slot}"), f"rating_{slot}")
            for slot in range(1, CRITERIA_SLOTS + 1)
        }
        return replace(
            self,
            id=record_id(self.id),
            program_name=name,
            program_id=program_id,
            invited_on=invited,
            scheduled_for=scheduled,
            format=_enum(InterviewFormat, self.format),
            status=_enum(InterviewStatus, self.status),
            thank_you_sent=bool(self.thank_you_sent),
            impressions=clean_text(self.impressions)[:NOTE_MAX],
            reply_by=parse_date(self.reply_by),
            offered_dates=parse_dates(self.offered_dates, "offered_dates"),
            **ratings,
        )

    def rating(self, slot: int) -> int | None:
        value: int | None = getattr(self, f"rating_{slot}")
        return value


@dataclass(frozen=True)
class Criteria(Record):
    """The user's own rating criteria (names editable) and their weights for sorting."""

    name_1: str = DEFAULT_CRITERIA[0]
    name_2: str = DEFAULT_CRITERIA[1]
    name_3: str = DEFAULT_CRITERIA[2]
    name_4: str = DEFAULT_CRITERIA[3]
    weight_1: int = 1
    weight_2: int = 1
    weight_3: int = 1
    weight_4: int = 1

    def validated(self) -> Criteria:
        changes: dict[str, Any] = {}
        for slot in range(1, CRITERIA_SLOTS + 1):
            name = clean_line(str(getattr(self, f"name_{slot}")))[:CRITERION_MAX]
            changes[f"name_{slot}"] = name or f"criterion {slot}"
            changes[f"weight_{slot}"] = parse_weight(getattr(self, f"weight_{slot}"), f"weight_{slot}")
        return replace(self, **changes)

    def name(self, slot: int) -> str:
        return str(getattr(self, f"name_{slot}"))

    def weight(self, slot: int) -> int:
        return int(getattr(self, f"weight_{slot}"))

    @property
    def slots(self) -> range:
        return range(1, CRITERIA_SLOTS + 1)

    def column(self, slot: int) -> str:
        """A rating's column header, the same in every export (`interviews.csv`, `rank.csv`):
        the criterion's name and weight as the screen shows them. `interviews.csv` used the
        stored field name (`rating_1`) while `rank.csv` named the criterion, so a script
        joining the two files found no common column."""
        return f"rating: {self.name(slot)} (weight {self.weight(slot)})"

    def columns(self) -> dict[str, str]:
        """Stored field (`rating_1`) → export header, for every slot."""
        return {f"rating_{slot}": self.column(slot) for slot in self.slots}


# --- the thank-you: one fact, read the same everywhere ---------------------------------------------


def thanks_for(interview: Interview, outreach: Sequence[OutreachEntry]) -> list[OutreachEntry]:
    """The thank-you emails logged in Outreach for this interview's program (by catalog id,
    else by the name as typed)."""
    name = interview.program_name.casefold()
    return [
        entry
        for entry in outreach
        if entry.kind is rules.EmailKind.THANK_YOU
        and (
            entry.program_id == interview.program_id
            if interview.program_id and entry.program_id
            else entry.program_name.casefold() == name
        )
    ]


def with_thanks(interviews: Sequence[Interview], outreach: Sequence[OutreachEntry]) -> list[Interview]:
    """The interviews as every screen, export and command shows them: a thank-you is sent when
    it is ticked on the interview or logged in Outreach (Drafts ctrl+t logs it there; it also
    counts toward §6's 10-20 emails). Drafts' ctrl+t used to log an Outreach entry while the
    Interviews tab and `rank.csv` still said "no"."""
    return [
        interview
        if interview.thank_you_sent or not thanks_for(interview, outreach)
        else replace(interview, thank_you_sent=True)
        for interview in interviews
    ]


def weighted_score(interview: Interview, criteria: Criteria) -> float | None:
    """The weighted mean of the ratings given (1-5); None when nothing weighted is rated.
    A criterion left unrated does not count as a low mark: it is left out of the mean."""
    total = weight_sum = 0
    for slot in criteria.slots:
        rating, weight = interview.rating(slot), criteria.weight(slot)
        if rating is not None and weight > 0:
            total += rating * weight
            weight_sum += weight
    return total / weight_sum if weight_sum else None


def changed_fields(base: Record, built: Record) -> dict[str, Any]:
    """The fields an edit changed: what it writes over the record as it is on disk, so a
    field another session changed meanwhile is kept (docs/pitfalls.md: whole-record writes lost it)."""
    return {
        f.name: getattr(built, f.name)
        for f in fields(built)  # type: ignore[arg-type]
        if getattr(built, f.name) != getattr(base, f.name)
    }


# --- the FAQ 5 counter and its warnings --------------------------------------------------------


@dataclass(frozen=True)
class InterviewCheck:
    counter: Counter
    target_note: str  # whose number the target is: the article's, or the app's and why
    findings: tuple[Finding, ...]


def interview_check(profile: Profile, interviews: Sequence[Interview]) -> InterviewCheck:
    """The count against the specialty's FAQ 5 target, with the article's warnings."""
    specialty = specialty_by_id(profile.specialty)
    target = rules.INTERVIEW_TARGETS[specialty.competitiveness]
    counted = [interview for interview in interviews if interview.status in COUNTED]
    by_status = {status: sum(i.status is status for i in interviews) for status in InterviewStatus}
    extra = ", ".join(
        f"{by_status[status]} {status.value}"
        for status in (InterviewStatus.COMPLETED, InterviewStatus.WAITLISTED)
        if by_status[status]
    )
    counter = Counter("interviews", len(counted), target.min, target.max, "FAQ 5", extra)
    if target.extrapolated:
        target_note = (
            f"{target.min}-{target.max} for {specialty.name} is the app's estimate, not the "
            f"article's: {target.reason}"
        )
    else:
        target_note = f"{target.min}-{target.max}: {target.reason}"

    findings: list[Finding] = []
    if counter.below:
        programs = rules.PROGRAMS_TO_APPLY[specialty.competitiveness]
        backup = (
            f"keep your backup specialty ({specialty_by_id(profile.backup_specialty).name}) warm"
            if profile.backup_specialty
            else "consider a backup specialty"
        )
        findings.append(
            Finding(
                "interviews",
                f"{counter.text} — below the safe zone: widen the list (§3 Step 2 starts "
                f"{specialty.competitiveness.value} specialties at {programs} programs; add target and "
                f"safety programs) and {backup}: many applicants carry one (FAQ 5).",
                rules.INTERVIEWS_SOURCE,
            )
        )
    elif not counter.above:
        findings.append(
            Finding(
                "interviews",
                f"{counter.text} — in the safe zone. {rules.INTERVIEWS_NOTE} (FAQ 5)",
                rules.INTERVIEWS_SOURCE,
                warning=False,
            )
        )
    for interview in interviews:
        if interview.status is InterviewStatus.COMPLETED and not interview.thank_you_sent:
            findings.append(
                Finding(
                    "interviews",
                    f"Interviewed at {interview.program_name}: thank-you not sent yet "
                    "(Drafts, kind 'thank-you': fit and interest, do not restate Step 2 — §6.3).",
                    THANK_YOU_SOURCE,
                    warning=False,
                )
            )
    return InterviewCheck(counter, target_note, tuple(findings))


# --- the rank order list: which interviews, in what order ----------------------------------------


@dataclass(frozen=True)
class RankOrder(Record):
    """The user's rank order list: interview ids, first choice first. Interviews missing from
    it (new, or completed since) are shown after it (`core.rank.ranked`)."""

    order: tuple[str, ...] = ()

    def validated(self) -> RankOrder:
        if not isinstance(self.order, (list, tuple)):
            raise ValueError(f"order: {self.order!r} is not a list of interview ids")
        ids: list[str] = []
        for raw in self.order:
            interview_id = clean_line(str(raw))[:NAME_MAX]
            if interview_id and interview_id not in ids:
                ids.append(interview_id)
        return replace(self, order=tuple(ids))


# On the list: the interviews that happened. Scheduled ones are shown as not yet on it.
ON_LIST = frozenset({InterviewStatus.COMPLETED})


def ranked(
    interviews: Sequence[Interview], order: Sequence[str], criteria: Criteria | None = None
) -> list[Interview]:
    """The list as shown: the stored order first, then completed interviews not placed yet,
    so an interview completed in another session is never silently left off. Those come by
    the student's weighted ratings, best first (unrated ones after, by name): a list nobody
    has ordered yet opens in a sensible order, not the order the interviews were entered in
    (the lowest-rated program was #1). Without `criteria`, by name."""
    eligible = {interview.id: interview for interview in interviews if interview.status in ON_LIST}
    placed = [eligible[interview_id] for interview_id in order if interview_id in eligible]
    seen = {interview.id for interview in placed}
    rest = sorted((i for i in eligible.values() if i.id not in seen), key=lambda i: i.program_name.casefold())
    if criteria is not None:
        by_id = {interview.id: interview for interview in rest}
        rest = [by_id[interview_id] for interview_id in by_score(rest, criteria)]
    return placed + rest


def moved(ids: Sequence[str], interview_id: str, delta: int) -> list[str]:
    """`ids` with `interview_id` moved `delta` places (negative: up), clamped at the ends."""
    ids = list(ids)
    if interview_id not in ids:
        return ids
    index = ids.index(interview_id)
    target = max(0, min(len(ids) - 1, index + delta))
    ids.insert(target, ids.pop(index))
    return ids


def by_score(interviews: Sequence[Interview], criteria: Criteria) -> list[str]:
    """Ids by weighted score, best first; unrated ones last, keeping their current order."""
    scored = [
        (weighted_score(interview, criteria), index, interview.id)
        for index, interview in enumerate(interviews)
    ]
    return [
        interview_id
        for score, _index, interview_id in sorted(
            scored, key=lambda item: (item[0] is None, -(item[0] or 0.0), item[1])
        )
    ]

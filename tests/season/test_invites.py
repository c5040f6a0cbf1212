"""The invite queue (core.invites): reading pasted invitations, open invites by deadline, clashes."""

from __future__ import annotations

from datetime import date

import pytest

from smartpick_tui.core.interviews import Interview, InterviewFormat, InterviewStatus
from smartpick_tui.core.invites import clashes, offered_conflicts, open_invites, read_invitation

TODAY = date(2026, 12, 7)  # a Monday

THALAMUS = """Subject: Interview Invitation - UTMB Internal Medicine Residency

Dear Ana,

Thank you for applying to the University of Texas Medical Branch Internal Medicine Residency
Program. We are pleased to invite you to interview with us virtually via Zoom.

Available interview dates: December 14, December 18, January 11 and January 15, 2027.
Please schedule through Thalamus within 72 hours; spots fill quickly.
"""

PLAIN = """Dear applicant,
We would like to invite you to an in-person interview at the Baylor Scott & White Family Medicine
Residency Program in Temple. Interview days: 1/8/2027 or 1/22/2027.
Kindly respond by 12/10 to secure your spot. We look forward to meeting you on our campus.
"""


def test_a_thalamus_style_invitation_gives_program_dates_deadline_and_format() -> None:
    reading = read_invitation(THALAMUS, TODAY)
    assert reading.program_hint == "UTMB Internal Medicine"
    assert reading.offered == (date(2026, 12, 14), date(2026, 12, 18), date(2027, 1, 11), date(2027, 1, 15))
    assert reading.reply_by == date(2026, 12, 10)  # 72 hours → three days
    assert reading.format is InterviewFormat.VIRTUAL
    assert reading.notes == ()


def test_numeric_dates_a_respond_by_line_and_in_person() -> None:
    reading = read_invitation(PLAIN, TODAY)
    assert reading.program_hint == "Baylor Scott & White Family Medicine"
    assert reading.offered == (date(2027, 1, 8), date(2027, 1, 22))
    assert reading.reply_by == date(2026, 12, 10)
    assert reading.format is InterviewFormat.IN_PERSON


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please reply within 2 business days.", date(2026, 12, 9)),  # Mon → Wed
        ("Deadline to confirm: 2026-12-11.", date(2026, 12, 11)),
        ("RSVP by the 9th of December.", date(2026, 12, 9)),
    ],
)
def test_deadline_wordings(text: str, expected: date) -> None:
    assert read_invitation(text, TODAY).reply_by == expected


def test_a_paste_with_nothing_to_read_says_what_is_missing() -> None:
    reading = read_invitation("hello there", TODAY)
    assert reading.program_hint == "" and reading.offered == () and reading.reply_by is None
    assert len(reading.notes) == 3 and "reply today" in reading.notes[2]


def test_a_date_without_a_year_is_the_next_one() -> None:
    assert read_invitation("Dates: January 11.", TODAY).offered == (date(2027, 1, 11),)
    assert read_invitation("Dates: January 11.", date(2027, 1, 5)).offered == (date(2027, 1, 11),)
    assert read_invitation("Feb 30 and Feb 3", TODAY).offered == (date(2027, 2, 3),)  # no Feb 30


def test_hostile_paste_is_bounded_and_cleaned() -> None:
    reading = read_invitation(
        "Subject: Interview Invitation - \x1b]52;c;x\x07Evil\u202e Program\n" * 5000, TODAY
    )
    assert "\x1b" not in reading.program_hint and "\u202e" not in reading.program_hint


def _iv(
    name: str, day: str | None, fmt: InterviewFormat = InterviewFormat.VIRTUAL, **kw: object
) -> Interview:
    status = kw.pop("status", InterviewStatus.SCHEDULED if day else InterviewStatus.INVITED)
    return Interview(name, id=name, scheduled_for=day, format=fmt, status=status, **kw).validated()  # type: ignore[arg-type]


def test_the_queue_puts_missing_and_nearest_deadlines_first() -> None:
    queue = open_invites(
        [
            _iv("Later", None, reply_by="2026-12-20"),
            _iv("Sooner", None, reply_by="2026-12-08"),
            _iv("Unknown", None),
            _iv("Booked", "2026-12-15"),
            _iv("Gone", None, reply_by="2026-12-01"),
        ],
        TODAY,
    )
    assert [o.interview.program_name for o in queue] == ["Unknown", "Gone", "Sooner", "Later"]
    assert queue[1].text == "Gone: the reply deadline 2026-12-01 has passed"
    assert queue[2].text == "Sooner: reply by 2026-12-08 (tomorrow)"


def test_clashes_same_day_and_no_travel_day_for_in_person() -> None:
    interviews = [
        _iv("A", "2026-12-14"),
        _iv("B", "2026-12-14"),
        _iv("C", "2026-12-16", InterviewFormat.IN_PERSON),
        _iv("D", "2026-12-17"),
        _iv("E", "2026-12-20"),
        _iv("F", "2026-12-21"),  # virtual next to virtual: fine
        _iv("Old", "2026-12-14", status=InterviewStatus.CANCELLED),
    ]
    found = clashes(interviews)
    assert [(c.first.program_name, c.second.program_name, c.travel) for c in found] == [
        ("A", "B", False),
        ("C", "D", True),
    ]
    assert "no day left to travel" in found[1].text
    invite = _iv("New", None, InterviewFormat.IN_PERSON, offered_dates=("2026-12-15", "2026-12-19"))
    assert offered_conflicts(invite, interviews) == [
        "2026-12-15 clashes with A (2026-12-14)",
        "2026-12-15 clashes with B (2026-12-14)",
        "2026-12-15 clashes with C (2026-12-16)",
        "2026-12-19 clashes with E (2026-12-20)",
    ]

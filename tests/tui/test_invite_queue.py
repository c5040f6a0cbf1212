"""Interviews tab: paste an invitation (p) → the picker on the name read → the form with the dates
and deadline read → saved; the queue and the clash lines follow the records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import events
from textual.widgets import TextArea
from tui_helpers import SMALL, settle, text_of

from smartpick_tui.core.interviews import Interview, InterviewFormat, InterviewStatus
from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state
from smartpick_tui.tui.screens.form import RecordForm
from smartpick_tui.tui.screens.program_picker import ProgramPicker

TODAY = date(2026, 12, 7)
INVITATION = (
    "Subject: Interview Invitation - UTMB Internal Medicine Residency\n"
    "We are pleased to invite you to a virtual interview on Zoom.\n"
    "Available dates: December 14, January 11.\n"
    "Please respond within 72 hours.\n"
)


async def test_a_pasted_invitation_becomes_a_checked_record(make_app, db: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(Profile(step2=250, specialty="internal-medicine"), today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        area = app.screen.query_one(TextArea)
        area.post_message(events.Paste(INVITATION))  # what a terminal's bracketed paste delivers
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProgramPicker)
        await settle(pilot)
        await pilot.press("enter")  # the first hit: UTMB internal medicine
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
    with open_state(db) as state:
        [interview] = state.interviews()
    assert interview.program_id == "1714140C0"  # linked to the catalog program
    assert interview.offered_dates == ("2026-12-14", "2027-01-11")
    assert interview.reply_by == "2026-12-10" and interview.status is InterviewStatus.INVITED
    assert interview.format is InterviewFormat.VIRTUAL


async def test_queue_and_clashes_show_in_the_tab(make_app, db: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(Profile(step2=250, specialty="internal-medicine"), today=TODAY)
    with open_state(db) as state:
        state.upsert_interview(
            Interview("Alpha", scheduled_for="2026-12-14", status=InterviewStatus.SCHEDULED)
        )
        state.upsert_interview(
            Interview(
                "Beta",
                scheduled_for="2026-12-15",
                status=InterviewStatus.SCHEDULED,
                format=InterviewFormat.IN_PERSON,
            )
        )
        state.upsert_interview(Interview("Gamma", reply_by="2026-12-08", offered_dates=("2026-12-14",)))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        text = text_of(app.query_one("#interviews-lint"))
    assert "Open invitations (1)" in text
    assert "Gamma: reply by 2026-12-08 (tomorrow)" in text
    assert "2026-12-14 clashes with Alpha (2026-12-14)" in text
    assert "Clash 2026-12-14: Alpha and Beta on consecutive days, one in person" in text

"""Snapshots of each of these panes at 80x24 (and the profile at 120x40), on fixed data and a
fixed today. Update after a deliberate UI change with `pytest tests/tui --snapshot-update` and
look at the SVGs in `__snapshots__/` before committing them."""

from pathlib import Path

import pytest
from tui_helpers import PROFILE, SMALL, seed
from waiting import wait_until

from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import (
    Away,
    ChecklistEntry,
    Letter,
    LetterStatus,
    OutreachEntry,
    ProgramMark,
    VsloStatus,
)
from smartpick_tui.store import open_state


def seed_trackers(path: Path) -> None:
    seed(path, PROFILE)
    with open_state(path) as state:
        state.upsert_away(
            Away(
                "[bold]Mayo[/ Clinic EM",
                id="a1",
                start="2026-07-06",
                end="2026-08-02",
                status=VsloStatus.ACCEPTED,
                letter_asked=True,
            )
        )
        state.upsert_away(Away("UCSF Fresno EM", id="a2", status=VsloStatus.APPLIED))
        state.upsert_letter(
            Letter(
                "Dr Ana Ruiz",
                LetterKind.AWAY_SPECIALTY,
                id="l1",
                status=LetterStatus.AGREED,
                institution="Mayo Clinic",
            )
        )
        state.upsert_letter(
            Letter(
                "Dr Ben Cho",
                LetterKind.RESEARCH_MENTOR,
                id="l2",
                status=LetterStatus.UPLOADED,
                institution="Home SOM",
            )
        )
        state.upsert_letter(Letter("Dr Preceptor", LetterKind.HOME_INDIVIDUAL, id="l3", generic=True))
        state.upsert_outreach(OutreachEntry("Highland EM", EmailKind.AWAY_REQUEST, "2026-02-10", id="o1"))
        state.upsert_outreach(
            OutreachEntry("LAC+USC EM", EmailKind.RADAR, "2026-02-20", id="o2", notes="asked about SLOE")
        )
        state.set_checklist(ChecklistEntry("flow-1", done=True, done_on="2026-02-01"))
        state.set_checklist(ChecklistEntry("flow-2", due="2026-03-15", note="VSLO opens in Feb"))


def app_on(make_app, db: Path, marks: bool = False):
    seed_trackers(db)
    if marks:  # a real shipped program to write to (data/programs.csv)
        with open_state(db) as state:
            state.set_mark(ProgramMark("1716110C0", email_target=True, apply=True))
            state.patch_profile(school_name="Rocky Vista University", year="fourth-year")
    return make_app(seeded=False)


async def _show(pilot, key: str) -> None:
    await pilot.press(f"alt+{key}")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()  # toasts from other tabs' loading are not part of the pane
    await pilot.pause()


@pytest.mark.parametrize("key", ["1", "4", "5", "6", "7"])
def test_pane_80x24(snap_compare, make_app, db, key):
    assert snap_compare(app_on(make_app, db), terminal_size=SMALL, run_before=lambda pilot: _show(pilot, key))


def test_profile_120x40(snap_compare, make_app, db):
    assert snap_compare(
        app_on(make_app, db), terminal_size=(120, 40), run_before=lambda pilot: _show(pilot, "1")
    )


def test_drafts_80x24(snap_compare, make_app, db):
    """The Drafts tab: human kind name, the program the selector shows, the draft for it (an
    accepted away is booked, not claimed), the checks."""
    assert snap_compare(
        app_on(make_app, db, marks=True),
        terminal_size=SMALL,
        run_before=lambda pilot: _show(pilot, "8"),
    )


def test_away_form_80x24(snap_compare, make_app, db):
    async def open_form(pilot) -> None:
        await _show(pilot, "5")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app_on(make_app, db), terminal_size=SMALL, run_before=open_form)


async def _show_loaded(pilot, key: str) -> None:
    """A tab after its background work: the Programs catalog loads in a worker thread."""
    await _show(pilot, key)
    if key == "2":  # a tab is built on its first visit: only Programs loads a catalog
        pane = pilot.app.query_one("#programs")
        await wait_until(pilot, lambda: pane.index is not None, "pane.index is not None")
    await _show(pilot, key)


@pytest.mark.parametrize("key", ["2", "3"], ids=["programs", "smartpick"])
def test_tab_80x24(snap_compare, make_app, db, key):
    """Programs opens on its list (focused, best fit first); SmartPick on its picks."""
    assert snap_compare(
        app_on(make_app, db), terminal_size=SMALL, run_before=lambda pilot: _show_loaded(pilot, key)
    )


def test_help_screen_80x24(snap_compare, make_app, db):
    async def open_help(pilot) -> None:
        await _show_loaded(pilot, "2")
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_on(make_app, db), terminal_size=SMALL, run_before=open_help)


def test_import_screen_80x24(snap_compare, make_app, db):
    async def open_import(pilot) -> None:
        await _show_loaded(pilot, "2")
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(app_on(make_app, db), terminal_size=SMALL, run_before=open_import)

"""The season's calendar: the cycle's dates with their status and source, the user's dates,
the phase of the cycle, and an .ics file that a real iCalendar library reads back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest

from smartpick_tui.cli import main
from smartpick_tui.core.calendar import YOUR_ENTRY, cycle, to_ics
from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.core.lint import ERAS_OPENS
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import Away, ChecklistEntry
from smartpick_tui.services.season import season_events
from smartpick_tui.store import open_state


def test_every_cycle_date_says_whether_it_is_published_and_where_it_comes_from() -> None:
    events = cycle().events
    assert {e.status for e in events} <= {"published", "estimated"}
    assert all(e.source for e in events)
    assert cycle().event("match-day").day == date(2027, 3, 19)  # the third Friday of March
    assert cycle().event("match-day").day.weekday() == 4
    assert ERAS_OPENS == cycle().event("eras-opens").day == date(2026, 6, 3)  # one source of truth
    assert [e.day for e in events] == sorted(e.day for e in events)


@pytest.mark.parametrize(
    "today, phase",
    [
        (date(2026, 3, 1), "Before ERAS opens"),
        (date(2026, 12, 1), "Interview season"),
        (date(2027, 2, 10), "Ranking"),
        (date(2027, 3, 10), "Lists are certified"),
        (date(2027, 4, 1), "Match Day has passed"),
    ],
)
def test_the_phase_of_the_cycle(today: date, phase: str) -> None:
    assert cycle().phase(today).startswith(phase)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_profile(Profile(step2=250, specialty="urology"))
        state.upsert_away(Away("Rush, Chicago; IL", start="2026-07-06", end="2026-08-02"))
        state.upsert_interview(
            Interview("Mayo Clinic", scheduled_for="2026-12-10", status=InterviewStatus.SCHEDULED)
        )
        state.upsert_interview(
            Interview("Gone", scheduled_for="2026-12-11", status=InterviewStatus.CANCELLED)
        )
        state.set_checklist(ChecklistEntry("flow-7", due="2026-12-05"))
    return path


def test_the_users_dates_join_the_cycles_for_the_specialty(db: Path) -> None:
    with open_state(db, readonly=True) as state:
        events = season_events(state)
    titles = [e.title for e in events]
    assert "Away rotation starts: Rush, Chicago; IL" in titles
    assert "Interview: Mayo Clinic (virtual)" in titles
    assert "Plan step due: Interview prep and practice" in titles
    assert not any("Gone" in t for t in titles)  # a cancelled interview is not a date
    assert any(e.id == "aua-match-day" for e in events)  # urology's own match
    assert not any(e.id == "sf-match-results" for e in events)
    assert all(e.status == YOUR_ENTRY for e in events if e.id.startswith(("away-", "interview-", "plan-")))


def test_the_ics_file_parses_with_an_icalendar_library(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "season.ics"
    assert main(["calendar", "--db", str(db), "--ics", str(out)]) == 0
    parsed = icalendar.Calendar.from_ical(out.read_bytes())
    events = [c for c in parsed.walk("VEVENT")]
    with open_state(db, readonly=True) as state:
        expected = season_events(state)
    assert len(events) == len(expected)
    by_summary = {str(e["SUMMARY"]): e for e in events}
    rush = by_summary["Away rotation starts: Rush, Chicago; IL (your entry)"]  # , and ; escaped
    assert rush.decoded("DTSTART") == date(2026, 7, 6)
    assert "your entry" in str(rush["DESCRIPTION"])
    match_day = by_summary["Match Day (est.)"]
    assert match_day.decoded("DTSTART") == date(2027, 3, 19)
    assert "estimated; source: NRMP" in str(match_day["DESCRIPTION"])
    assert all(len(line) <= 75 for line in out.read_bytes().split(b"\r\n"))
    assert main(["calendar", "--db", str(db), "--ics", str(out)]) == 2  # no overwrite
    assert "--force" in capsys.readouterr().err


def test_long_and_hostile_titles_fold_and_escape() -> None:
    from smartpick_tui.core.calendar import Event

    event = Event("x", date(2026, 12, 1), "Interview: " + "Ω" * 60 + ", \\ ; [bold]", YOUR_ENTRY, "")
    text = to_ics([event])
    parsed = icalendar.Calendar.from_ical(text)
    (only,) = list(parsed.walk("VEVENT"))
    assert str(only["SUMMARY"]) == event.label
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_the_timeline_marks_today_in_the_cli_and_the_tui_alike(db: Path, capsys) -> None:
    from smartpick_tui.core.calendar import timeline

    assert main(["calendar", "--db", str(db)]) == 0
    printed = capsys.readouterr().out.splitlines()
    with open_state(db, readonly=True) as state:
        lines = timeline(season_events(state), date.today())
    assert printed[2:] == lines  # after the two heading lines, the shared timeline
    assert sum("◀ today" in line for line in lines) == 1
    after_all = timeline(cycle().events, date(2030, 1, 1))
    assert after_all[-1].strip() == "◀ today 2030-01-01"

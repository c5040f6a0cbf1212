"""`smartpick invite` (read an invitation, --add it), and the queue and clashes in `interviews`
and `calendar`, on a real state file."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.interviews import Interview, InterviewFormat, InterviewStatus
from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state

SOON = date.today() + timedelta(days=20)
INVITATION = (
    "Subject: Interview Invitation - Baylor Scott & White Family Medicine\n"
    f"Join us in person on {SOON.isoformat()} or {(SOON + timedelta(days=7)).isoformat()}.\n"
    "Please reply within 2 days.\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_profile(Profile(step2=240, specialty="family-medicine"))
        state.upsert_interview(
            Interview("Booked", scheduled_for=SOON.isoformat(), status=InterviewStatus.SCHEDULED)
        )
    return path


def test_invite_proposes_then_adds(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(INVITATION))
    code, out, _err = run(capsys, "--db", str(db), "invite")
    assert code == 0
    assert "1. Baylor Scott & White Medical Center — Temple, TX (1725120C0)" in out
    assert f"! {SOON.isoformat()} clashes with Booked ({SOON.isoformat()})" in out
    assert "Format: in person" in out and "Nothing saved" in out
    with open_state(db, readonly=True) as state:
        assert len(state.interviews()) == 1

    invitation = db.parent / "email.txt"
    invitation.write_text(INVITATION)
    code, out, _err = run(capsys, "--db", str(db), "invite", str(invitation), "--add", "--json")
    data = json.loads(out)
    assert code == 0 and data["added"] and data["programs"][0]["id"] == "1725120C0"
    with open_state(db, readonly=True) as state:
        added = next(i for i in state.interviews() if i.program_id)
    assert added.format is InterviewFormat.IN_PERSON and added.offered_dates[0] == SOON.isoformat()
    assert added.reply_by == (date.today() + timedelta(days=2)).isoformat()

    code, out, _err = run(capsys, "--db", str(db), "interviews")
    assert "Open invitations (1), the nearest deadline first:" in out
    assert "reply by" in out and "(in 2 days)" in out
    code, out, _err = run(capsys, "--db", str(db), "calendar")
    assert "Reply to the interview invitation: Baylor Scott & White Medical Center" in out


def test_a_special_file_is_refused_in_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", str(db), "invite", "/dev/zero")
    assert code == 2 and "is not a regular file" in err


def test_clashes_reach_interviews_json_and_the_ics(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_state(db) as state:
        state.upsert_interview(
            Interview(
                "Next day in person",
                scheduled_for=(SOON + timedelta(days=1)).isoformat(),
                status=InterviewStatus.SCHEDULED,
                format=InterviewFormat.IN_PERSON,
            )
        )
    code, out, _err = run(capsys, "--db", str(db), "interviews", "--json")
    [clash] = json.loads(out)["clashes"]
    assert code == 0 and clash["travel"] is True and clash["date"] == SOON.isoformat()
    ics = db.parent / "season.ics"
    code, _out, _err = run(capsys, "--db", str(db), "calendar", "--ics", str(ics))
    assert code == 0 and "Interview clash" in ics.read_text()

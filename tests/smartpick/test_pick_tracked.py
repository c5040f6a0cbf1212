"""Issue 14 item 6: the trackers feed the model. An away logged at a catalog program raises its
estimated chance (accepted / completed) and keeps it in the list (any status but declined); an
interview keeps its program in the list; the user's away candidates lead the away view."""

from __future__ import annotations

from dataclasses import replace

from sp_helpers import catalog

from smartpick_tui.core.fit import AWAY_BONUS
from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.smartpick import run_smartpick
from smartpick_tui.core.smartpick.aways import YOUR_PICK
from smartpick_tui.core.trackers import Away, ProgramMark, VsloStatus

PROFILE = Profile(step2=245, specialty="internal-medicine", ties=("OH",))
PROGRAMS = catalog(300)


def left_out(n: int = 20) -> str:
    """A program the model does not put on a list of `n` by itself."""
    listed = {pick.program.id for pick in run_smartpick(PROFILE, PROGRAMS, n=n).picks}
    return next(p.id for p in PROGRAMS if p.id not in listed)


def test_a_logged_away_keeps_its_program_in_the_list_worded_by_status() -> None:
    target = left_out()
    before = run_smartpick(PROFILE, PROGRAMS, n=20)
    for status, words, bonus in (
        (VsloStatus.PLANNED, "you plan an away there", False),
        (VsloStatus.ACCEPTED, "your away there is accepted", True),
        (VsloStatus.COMPLETED, "you rotated there", True),
    ):
        away = Away("Test Program", program_id=target, status=status)
        result = run_smartpick(PROFILE, PROGRAMS, aways=[away], n=20)
        pick = next(p for p in result.picks if p.program.id == target)
        assert pick.kept == words and words in pick.reason
        assert not pick.pinned  # kept by the tracker, not a pin the user set
        assert ("away rotation here" in pick.reason) is bonus
        assert ("you rotated there" in pick.reason) is (status is VsloStatus.COMPLETED)
        assert len(result.picks) == len(before.picks)  # it takes a slot, the list keeps its size
    declined = Away("Test Program", program_id=target, status=VsloStatus.DECLINED)
    result = run_smartpick(PROFILE, PROGRAMS, aways=[declined], n=20)
    assert target not in {p.program.id for p in result.picks}


def test_an_accepted_away_raises_the_chance_by_the_away_bonus() -> None:
    target = left_out()
    base = run_smartpick(PROFILE, PROGRAMS, aways=[Away("T", program_id=target)], n=20)
    booked = run_smartpick(
        PROFILE, PROGRAMS, aways=[Away("T", program_id=target, status=VsloStatus.ACCEPTED)], n=20
    )
    p0 = next(p.p_interview for p in base.picks if p.program.id == target)
    p1 = next(p.p_interview for p in booked.picks if p.program.id == target)
    assert p1 > p0
    assert f"away rotation here: {AWAY_BONUS:+.2f}" in next(
        p.factors for p in booked.picks if p.program.id == target
    )


def test_an_interview_keeps_its_program_unless_declined_or_excluded() -> None:
    target = left_out()
    invited = Interview("Test Program", program_id=target, status=InterviewStatus.INVITED)
    result = run_smartpick(PROFILE, PROGRAMS, interviews=[invited], n=20)
    assert "you have an interview there (invited)" in next(
        p.reason for p in result.picks if p.program.id == target
    )
    gone = replace(invited, status=InterviewStatus.DECLINED)
    declined = run_smartpick(PROFILE, PROGRAMS, interviews=[gone], n=20)  # the size `left_out` used
    assert target not in {p.program.id for p in declined.picks}
    excluded = {target: ProgramMark(target, exclude=True)}
    result = run_smartpick(PROFILE, PROGRAMS, marks=excluded, interviews=[invited], n=20)
    assert target not in {p.program.id for p in result.picks}  # the user's exclusion wins


def test_the_users_away_candidate_comes_first_labelled_even_when_unranked() -> None:
    plain = run_smartpick(PROFILE, PROGRAMS)
    ranked = {a.program.id for a in plain.aways}
    mine = next(p.id for p in reversed(PROGRAMS) if p.id not in ranked)
    marks = {mine: ProgramMark(mine, away_candidate=True)}
    result = run_smartpick(PROFILE, PROGRAMS, marks=marks)
    first = result.aways[0]
    assert first.program.id == mine and first.yours and first.reason.startswith(YOUR_PICK)
    assert not any(a.yours for a in result.aways[1:])
    assert len(result.aways) == len(plain.aways)  # yours take the model's slots, then it fills
    assert result.to_json()["aways"][0]["yours"] is True

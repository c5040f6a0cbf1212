"""Interviews and the rank order list in the store: kill -9 loses no acknowledged change, two
sessions lose no field, and an edit from a stale screen copy keeps the other session's field."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from test_crash import _kill_after_random_moment

from smartpick_tui.core.interviews import Interview, InterviewStatus, changed_fields
from smartpick_tui.store import StoreError, open_state

pytestmark = pytest.mark.serial  # timing-sensitive: see pyproject's markers

WORKER = Path(__file__).with_name("interviews_worker.py")
SLOTS = 8
KILLS = 20
SESSION_CHANGES = 200


def run_worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=0,
    )


def impressions_number(interview: Interview) -> int | None:
    return int(interview.impressions.partition(":")[0]) if interview.impressions else None


def test_kill_9_keeps_every_acknowledged_interview_change(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    assert run_worker("seed", str(path)).wait() == 0
    rng = random.Random(20261202)
    expected: dict[str, int] = {}
    next_number, mid_stream = 0, 0
    for kill in range(KILLS):
        proc = run_worker("crash", str(path), str(next_number))
        acked = _kill_after_random_moment(proc, rng)
        assert acked == list(range(next_number, next_number + len(acked)))
        for number in acked:
            expected[f"slot-{number % SLOTS}"] = number
        in_flight = next_number + len(acked)
        with open_state(path, readonly=True) as state:  # raises if the file is broken
            found = {interview.id: impressions_number(interview) for interview in state.interviews()}
            order = state.rank_order().order
        assert len(found) == SLOTS, f"kill {kill}: an interview was lost"
        assert sorted(order) == sorted(set(order)) and set(order) <= set(found)
        for key, value in expected.items():
            if found[key] != value:
                assert found[key] == in_flight and key == f"slot-{in_flight % SLOTS}", (
                    f"kill {kill}: {key} has {found[key]}, acknowledged {value}"
                )
        mid_stream += bool(acked)
        next_number = in_flight
    assert mid_stream >= KILLS // 2  # most kills hit a busy writer


def test_two_sessions_editing_other_fields_of_the_same_interviews_lose_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.json"
    assert run_worker("seed", str(path)).wait() == 0
    go = tmp_path / "go"
    procs = [run_worker("session", str(path), who, str(SESSION_CHANGES), str(go)) for who in "ab"]
    go.touch()
    for proc in procs:
        _out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    with open_state(path, readonly=True) as state:
        interviews = {interview.id: interview for interview in state.interviews()}
        order = state.rank_order().order
    for slot in range(SLOTS):
        last = max(i for i in range(SESSION_CHANGES) if i % SLOTS == slot)
        got = interviews[f"slot-{slot}"]
        assert got.impressions == f"a {last}"  # a's field, untouched by b
        assert got.rating_1 == last % 5 + 1 and got.thank_you_sent is (last % 2 == 0)  # b's
    assert sorted(order) == sorted(f"slot-{slot}" for slot in range(SLOTS))  # no id lost or doubled


def test_an_edit_from_a_stale_screen_keeps_the_other_sessions_field(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    made = one.upsert_interview(Interview("Yale", status=InterviewStatus.SCHEDULED))
    seen_by_two = two.interviews()[0]  # what two's screen shows
    one.patch_interview(made.id, impressions="kind residents")
    edited = seen_by_two.with_changes(rating_2=5)  # two's form changes one rating
    two.patch_interview(made.id, **changed_fields(seen_by_two, edited))
    got = open_state(db, readonly=True).interviews()[0]
    assert got.impressions == "kind residents" and got.rating_2 == 5
    # the control: writing two's whole record would have erased one's impressions
    two.upsert_interview(edited)
    assert open_state(db, readonly=True).interviews()[0].impressions == ""


def test_an_interview_deleted_elsewhere_is_not_brought_back(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    made = one.upsert_interview(Interview("Yale", status=InterviewStatus.COMPLETED))
    one.move_in_rank(made.id, 0)
    assert one.rank_order().order == (made.id,)
    two.delete_interview(made.id)
    try:
        one.patch_interview(made.id, thank_you_sent=True)
    except StoreError as error:
        assert "deleted in another session" in str(error)
    else:
        raise AssertionError("the patch recreated a deleted interview")
    with open_state(db, readonly=True) as state:
        assert state.interviews() == [] and state.rank_order().order == ()

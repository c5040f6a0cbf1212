"""Two sessions editing different fields of the same record lose nothing: each change is
applied to the record as it is on disk, inside the locked write."""

from __future__ import annotations

import random
from pathlib import Path

from smartpick_tui.store import open_state


def test_interleaved_field_edits_of_one_mark_and_one_step_are_all_kept(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    rng = random.Random(7)
    for round_ in range(100):
        # each session acts on what its own screen last showed (a stale copy)
        seen_one = one.mark("p1")
        two.mark("p1")
        actions = [
            lambda seen=seen_one: one.patch_mark("p1", apply=not seen.apply),
            lambda r=round_: two.patch_mark("p1", notes=f"note {r}"),
            lambda r=round_: one.patch_checklist("flow-5", done=r % 2 == 0),
            lambda r=round_: two.patch_checklist("flow-5", note=f"step note {r}"),
        ]
        rng.shuffle(actions)
        for act in actions:
            act()
        mark = open_state(db, readonly=True).mark("p1")
        assert mark.apply is not seen_one.apply and mark.notes == f"note {round_}"
        step = open_state(db, readonly=True).checklist()["flow-5"]
        assert step.done is (round_ % 2 == 0) and step.note == f"step note {round_}"


def test_profile_fields_typed_in_two_sessions_are_both_kept(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    one.patch_profile(step2=251)
    two.patch_profile(research=4)
    profile = open_state(db, readonly=True).profile()
    assert profile.step2 == 251 and profile.research == 4


def test_a_whole_record_write_would_have_lost_the_other_field(tmp_path: Path) -> None:
    """The control: the old way (set_mark with a stale copy) loses the other session's field."""
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    stale = two.mark("p1")
    one.patch_mark("p1", apply=True)
    two.set_mark(stale.with_changes(notes="typed"))
    assert open_state(db, readonly=True).mark("p1").apply is False

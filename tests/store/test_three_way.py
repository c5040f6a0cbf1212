"""The store's three-way merge (`State.save_edit`, `save_draft_text`) on a real file, without
the app: base = the version a form opened on, theirs = the file now, mine = the form.
The two-process runs through the real app are `test_two_session_races.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartpick_tui.core.draft_edits import DraftEdit
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.merge import Choice, both_texts, three_way
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import Away
from smartpick_tui.store import open_state
from smartpick_tui.store.errors import DraftConflictError, MergeConflictError, RecordDeletedError


def test_three_way_takes_each_side_by_field() -> None:
    base = {"a": 1, "b": "x", "c": False}
    merge = three_way(base, {"a": 2, "b": "x", "c": True}, {"a": 1, "b": "y", "c": True})
    assert merge.changes == {"a": 2, "c": True} and merge.conflicts == ()
    clash = three_way(base, {**base, "b": "mine"}, {**base, "b": "theirs"})
    assert [c.name for c in clash.conflicts] == ["b"] and clash.changes == {}
    assert both_texts("theirs", "mine") == "theirs\nmine" and both_texts("", "mine") == "mine"


def test_a_stale_form_writes_only_what_it_changed(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    base = one.upsert_interview(Interview("Mayo", id="i1"))
    two.patch_interview("i1", thank_you_sent=True)  # the other session's toggle
    one.save_edit("interviews", base, base.with_changes(impressions="great"))
    saved = open_state(db, readonly=True).interviews()[0]
    assert saved.thank_you_sent is True and saved.impressions == "great"


@pytest.mark.parametrize("choice", list(Choice))
def test_the_same_field_changed_twice_is_a_conflict_resolved_as_chosen(
    tmp_path: Path, choice: Choice
) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    base = one.upsert_away(Away("Mayo", id="a1", notes="start"))
    two.save_edit("aways", base, base.with_changes(notes="theirs"))
    mine = base.with_changes(notes="mine")
    with pytest.raises(MergeConflictError) as caught:
        one.save_edit("aways", base, mine)
    (conflict,) = caught.value.conflicts
    assert (conflict.mine, conflict.theirs) == ("mine", "theirs")  # type: ignore[attr-defined]
    assert open_state(db, readonly=True).aways()[0].notes == "theirs"  # nothing written yet
    one.save_edit("aways", base, mine, {"notes": choice})
    expected = {Choice.MINE: "mine", Choice.THEIRS: "theirs", Choice.BOTH: "theirs\nmine"}[choice]
    assert open_state(db, readonly=True).aways()[0].notes == expected


def test_a_record_deleted_elsewhere_is_asked_about_never_brought_back(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    base = one.upsert_away(Away("Mayo", id="a1"))
    two.delete_away("a1")
    with pytest.raises(RecordDeletedError):
        one.save_edit("aways", base, base.with_changes(notes="typed"))
    with pytest.raises(RecordDeletedError):
        one.patch_record("aways", "a1", letter_asked=True)  # a toggle from a stale row
    assert open_state(db, readonly=True).aways() == []
    one.save_edit("aways", base, base.with_changes(notes="typed"), recreate=True)  # "keep mine"
    assert open_state(db, readonly=True).aways()[0].notes == "typed"


def test_two_sessions_typing_into_one_draft(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    one.save_draft_text(DraftEdit("radar", "p1", 1, "Dear AAA-ONE"), seen=None)
    with pytest.raises(DraftConflictError) as caught:
        two.save_draft_text(DraftEdit("radar", "p1", 1, "Dear BBB-TWO"), seen=None)  # stale
    assert caught.value.theirs == "Dear AAA-ONE"
    assert [e.text for e in open_state(db, readonly=True).draft_edits().values()] == ["Dear AAA-ONE"]
    two.save_draft_text(DraftEdit("radar", "p1", 1, "Dear BBB-TWO"), seen="Dear AAA-ONE")
    with pytest.raises(DraftConflictError):
        one.reset_draft("radar|p1|1", seen="Dear AAA-ONE")  # reset over the other's typing


def test_keep_both_keeps_a_draft_once_with_both_sessions_lines() -> None:
    """'Keep both' on a 1,500-character letter adds the other session's lines, not a second
    copy of the letter (repeated, the copies doubled it past the 20,000-character draft cap,
    which cut off what was typed last)."""
    letter = "Dear Dr X,\n" + "A line of the letter.\n" * 70 + "Best,"
    merged = both_texts(letter + " Ann", letter + " Ann Lee")
    assert merged.count("A line of the letter.") == 70
    assert merged.endswith("Best, Ann\nBest, Ann Lee")


def test_profile_fields_merge_against_the_value_shown_when_the_edit_began(tmp_path: Path) -> None:
    """`save_profile_fields`: base = what the field showed, theirs = the file, mine = typed."""
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    one.set_profile(Profile(step2=250, ties=("CA",), name="Ana"))
    raw = db.read_bytes()
    one.save_profile_fields({"step2": 250}, {"step2": 250})  # nothing changed: nothing written
    assert db.read_bytes() == raw
    two.patch_profile(research=3)  # another field elsewhere: kept
    assert one.save_profile_fields({"step2": 250}, {"step2": 261}).research == 3
    two.patch_profile(step2=259)  # the same field elsewhere: asked, nothing written
    with pytest.raises(MergeConflictError) as asked:
        one.save_profile_fields({"step2": 261}, {"step2": 270})
    (conflict,) = asked.value.conflicts
    assert (conflict.name, conflict.base, conflict.mine, conflict.theirs) == ("step2", 261, 270, 259)  # type: ignore[attr-defined]
    assert asked.value.noun == "profile" and open_state(db, readonly=True).profile().step2 == 259
    two.patch_profile(step2=270)  # the same value in both: no conflict
    assert one.save_profile_fields({"step2": 261}, {"step2": 270}).step2 == 270
    two.patch_profile(ties=("CA", "TX"))
    kept = one.save_profile_fields({"ties": ("CA",)}, {"ties": ("CA", "OR")}, {"ties": Choice.BOTH})
    assert kept.ties == ("CA", "TX", "OR")  # both lists: theirs, then what mine adds
    assert open_state(db, readonly=True).profile() == kept

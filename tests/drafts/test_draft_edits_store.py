"""The saved-drafts record through the repository API on a real TinyDB file: one edit per kind ×
program × variant, written inside the locked write over what is on disk (two sessions keep
each other's drafts), cleaned on the way in, refused whole when invalid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartpick_tui.core.draft_edits import DraftEdit, draft_key
from smartpick_tui.store import open_state
from smartpick_tui.store.schema import SCHEMA_VERSION


def test_two_sessions_keep_each_others_drafts(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with open_state(path) as first, open_state(path, backup_on_open=False) as second:
        first.patch_draft_edit(DraftEdit("radar", "imp-utah-im", 2, "first session"))
        second.patch_draft_edit(DraftEdit("radar", "imp-utah-im", 1, "second session, variant 1"))
        first.patch_draft_edit(DraftEdit("radar", "imp-utah-im", 2, "first session, typed on"))
        second.patch_draft_edit(DraftEdit("ps-step2", "", 1, "a snippet with no program"))
    with open_state(path, readonly=True) as state:
        edits = state.draft_edits()
    assert {key: edit.text for key, edit in edits.items()} == {
        "radar|imp-utah-im|2": "first session, typed on",
        "radar|imp-utah-im|1": "second session, variant 1",
        "ps-step2||1": "a snippet with no program",
    }
    assert draft_key("radar", "imp-utah-im", 2) in edits


def test_an_edit_is_cleaned_and_a_bad_one_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.patch_draft_edit(DraftEdit("away-request", "p1", 3, "Dear [/] \x1b]0;PWNED\x07 Dr \u202eLee\n"))
        before = path.read_bytes()
        for bad in (
            DraftEdit("not-a-kind", "p1", 1, "x"),
            DraftEdit("radar", "p1", 0, "x"),
            DraftEdit("radar", "p1", True, "x"),
        ):  # type: ignore[arg-type]
            with pytest.raises(ValueError):
                state.patch_draft_edit(bad)
        assert path.read_bytes() == before
        [edit] = state.draft_edits().values()
        state.delete_draft_edit(edit.key)
        assert state.draft_edits() == {}
    assert edit.text == "Dear [/] ]0;PWNED Dr Lee\n"  # markup kept literally, controls gone


def test_a_version_1_file_is_brought_forward(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text(
        json.dumps(
            {
                "meta": {"1": {"schema_version": 1}},
                "marks": {"1": {"program_id": "p1", "apply": True}},
            }
        )
    )
    with open_state(path) as state:
        assert state.draft_edits() == {} and state.mark("p1").apply
    assert (
        json.loads(path.read_text())["meta"]["1"]["schema_version"] == SCHEMA_VERSION and SCHEMA_VERSION >= 2
    )

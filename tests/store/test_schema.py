"""Guarantee 5: `schema_version` in the file, and migrations that bring old files forward.

The current schema is v1. v0 is what the first builds wrote: the same tables through TinyDB's
own JSON layout but no `meta` table (and TinyDB's empty `_default`), some records without
fields added later. The fixture is such a file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from store_helpers import FIXTURES, listing

from smartpick_tui import __version__
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state
from smartpick_tui.store.backups import list_backups
from smartpick_tui.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    NewerSchemaError,
    file_version,
    migrate,
)

V0 = FIXTURES / "state_v0.json"


@pytest.fixture
def v0_file(tmp_path: Path) -> Path:
    path = tmp_path / "state.json"
    shutil.copy(V0, path)
    return path


def test_registry_reaches_the_current_version() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_v0_file_is_migrated_on_open(v0_file: Path) -> None:
    original = v0_file.read_bytes()
    with open_state(v0_file) as state:
        assert state.recovery is None
        profile = state.profile()
        assert (profile.step2, profile.ties, profile.clinical_evals.value) == (
            251,
            ("OH", "Midwest"),
            "strong",
        )
        marks = state.marks()
        assert marks["oh-cleveland-clinic-im"].class_override.value == "reach"
        assert marks["oh-metrohealth-im"].pinned is False  # field the v0 record lacked
        assert state.letters()[0].status.value == "agreed"
        assert state.checklist()["take-step2"].done
    stored = json.loads(v0_file.read_text())
    assert file_version(stored) == SCHEMA_VERSION == stored["meta"]["1"]["schema_version"]
    assert "_default" not in stored
    assert list_backups(v0_file)[0].path.read_bytes() == original  # the v0 file is kept


def test_readonly_open_migrates_in_memory_only(v0_file: Path) -> None:
    before = listing(v0_file.parent)
    with open_state(v0_file, readonly=True) as state:
        assert state.profile().step2 == 251
    assert listing(v0_file.parent) == before


def test_every_write_stamps_the_version(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_mark(ProgramMark("x"))  # only a delete: the first builds wrote no meta then
    assert json.loads(path.read_text())["meta"] == {
        "1": {"schema_version": SCHEMA_VERSION, "written_by": __version__}
    }


def test_newer_version_is_refused() -> None:
    with pytest.raises(NewerSchemaError, match="newer SmartPick"):
        migrate({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}})

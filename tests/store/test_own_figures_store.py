"""Your own figures in the real TinyDB file: field-level writes from two sessions, an import
that stores all or nothing, empty figures removed, older files migrated, exports carrying them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartpick_tui.core.own_figures import OwnFigure, Visa
from smartpick_tui.store import StoreWriteError, open_state
from smartpick_tui.store.schema import SCHEMA_VERSION
from smartpick_tui.store.transfer import parse_export


def test_figures_are_stored_in_the_file_field_by_field(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    one, two = open_state(db), open_state(db)
    one.patch_own_figure("p1", interview_rate="12", source="my RE view")
    two.patch_own_figure("p1", step2_min="240")  # another session, another field
    one.patch_own_figure("p2", visa="H-1B")
    with open_state(db, readonly=True) as state:
        figures = state.own_figures()
    assert figures["p1"] == OwnFigure("p1", interview_rate=12.0, step2_min=240, source="my RE view")
    assert figures["p2"].visa is Visa.H1B
    on_disk = json.loads(db.read_text())
    assert on_disk["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 3
    assert sorted(doc["program_id"] for doc in on_disk["figures"].values()) == ["p1", "p2"]
    # every figure cleared: the entry goes
    one.patch_own_figure("p2", visa=None)
    assert "p2" not in open_state(db, readonly=True).own_figures()


def test_a_bad_value_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    with open_state(db) as state:
        state.patch_own_figure("p1", interview_rate=12)
        before = db.read_bytes()
        with pytest.raises(ValueError, match="interview_rate"):
            state.patch_own_figure("p1", interview_rate="lots")
    assert db.read_bytes() == before


def test_an_import_is_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    with open_state(db) as state:
        state.patch_own_figure("keep", note="mine")
        before = db.read_bytes()
        with pytest.raises(ValueError):
            state.import_own_figures([OwnFigure("a", interview_rate=5), OwnFigure("b", interview_rate=500)])
        assert db.read_bytes() == before
        state.import_own_figures([OwnFigure("a", interview_rate=5), OwnFigure("keep", step2_min=230)])
        figures = state.own_figures()
    assert set(figures) == {"a", "keep"}
    assert figures["keep"] == OwnFigure("keep", step2_min=230)  # a row replaces that program's figures


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.json"
    with open_state(db) as state:
        state.patch_own_figure("p1", interview_rate=12)
        before = db.read_bytes()

        def full(*_args: object, **_kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("smartpick_tui.store.atomic.os.replace", full)
        with pytest.raises(StoreWriteError):
            state.import_own_figures([OwnFigure("p2", interview_rate=3)])
    assert db.read_bytes() == before


def test_delete_removes_only_those(tmp_path: Path) -> None:
    with open_state(tmp_path / "s.json") as state:
        state.import_own_figures([OwnFigure(p, note="n") for p in ("a", "b", "c")])
        assert state.delete_own_figures(["a", "c", "zzz"]) == 2
        assert set(state.own_figures()) == {"b"}


def test_a_version_2_file_is_migrated_and_an_export_carries_the_figures(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    db.write_text(json.dumps({"meta": {"1": {"schema_version": 2}}, "marks": {}}))
    with open_state(db) as state:
        assert state.own_figures() == {}
        state.patch_own_figure("p1", takes_img="no", note="=cmd")
        exported = state.export_text()
    assert json.loads(db.read_text())["meta"]["1"]["schema_version"] == 3
    document = json.loads(exported)
    assert document["figures"] == [OwnFigure("p1", takes_img=False, note="=cmd").to_dict()]
    tables = parse_export(exported.encode())
    assert next(iter(tables["figures"].values()))["takes_img"] is False
    document["figures"][0]["interview_rate"] = 101
    with pytest.raises(Exception, match=r"figures\[0\].*interview_rate"):
        parse_export(json.dumps(document).encode())

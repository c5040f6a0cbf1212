"""The store's record cache (store/record_cache.py): reads decode once per version of a table,
changes in a batch touch only the record they change, and what reaches the disk is what TinyDB's
own `upsert` / `remove` wrote (issue 26: `marks()` rebuilt 10,000 records on every read; a batch
of N changes was quadratic)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from tinydb import Query
from tinydb.table import Table

from smartpick_tui.core.trackers import Away, ProgramMark
from smartpick_tui.store import State, open_state
from smartpick_tui.store.storage import AtomicJSONStorage, encode


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every `ProgramMark.from_dict` call (one per record decoded), by program id."""
    calls: list[str] = []
    original = ProgramMark.from_dict.__func__  # type: ignore[attr-defined]

    def counting(cls: type[ProgramMark], data: dict[str, object]) -> ProgramMark:
        calls.append(str(data.get("program_id")))
        return original(cls, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(ProgramMark, "from_dict", classmethod(counting))
    yield calls


def _tables_on_disk(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text())
    data.pop("meta", None)
    return data  # type: ignore[no-any-return]


def test_a_second_read_of_the_same_content_decodes_nothing(db: Path, decodes: list[str]) -> None:
    with open_state(db) as state:
        state.update(lambda s: [s.set_mark(ProgramMark(f"p{i}", apply=True)) for i in range(50)])
        decodes.clear()
        first = state.marks()
        assert len(decodes) <= 50  # at most one decode per record
        decodes.clear()
        assert state.marks() == first and state.mark("p7") == first["p7"]
        assert decodes == []


def test_a_change_by_another_session_is_read(db: Path) -> None:
    with open_state(db) as mine, open_state(db) as theirs:
        mine.set_mark(ProgramMark("a", apply=True))
        assert mine.marks()["a"].apply
        theirs.patch_mark("a", apply=False, notes="theirs")
        assert mine.mark("a") == ProgramMark("a", notes="theirs")
        theirs.set_mark(ProgramMark("a"))  # empty: deleted
        assert "a" not in mine.marks()


def test_a_batch_of_patches_decodes_each_changed_record_once(db: Path, decodes: list[str]) -> None:
    count = 400
    with open_state(db) as state:
        state.update(lambda s: [s.set_mark(ProgramMark(f"p{i}", apply=True)) for i in range(count)])
        state.marks()
        decodes.clear()
        state.update(lambda s: [s.patch_mark(f"p{i}", pinned=True) for i in range(count)])
        # linear: the set of records once at the start of the batch (at most) + one per change
        assert len(decodes) <= 2 * count, len(decodes)
        assert all(mark.pinned and mark.apply for mark in state.marks().values())
    with open_state(db, readonly=True) as fresh:
        assert len(fresh.marks()) == count and fresh.mark("p399").pinned


def test_a_failed_batch_leaves_no_trace_in_the_cache(db: Path) -> None:
    with open_state(db) as state:
        state.set_mark(ProgramMark("keep", apply=True))
        state.marks()

        def change_then_fail(s: State) -> None:
            s.set_mark(ProgramMark("ghost", apply=True))
            s.set_mark(ProgramMark("keep"))
            assert "ghost" in s.marks() and "keep" not in s.marks()
            raise RuntimeError("the change fails half-way")

        with pytest.raises(RuntimeError):
            state.update(change_then_fail)
        assert set(state.marks()) == {"keep"} and state.mark("ghost") == ProgramMark("ghost")


def _tinydb_reference(path: Path, ops: list[tuple[str, str, dict[str, object]]]) -> dict[str, object]:
    """The same operations through TinyDB's own Table.upsert / remove (what state.py did before)."""
    storage = AtomicJSONStorage(path)
    storage.begin()
    for op, table, doc in ops:
        key = "program_id" if table == "marks" else "id"
        if op == "upsert":
            Table(storage, table, cache_size=0).upsert(doc, Query()[key] == doc[key])
        else:
            Table(storage, table, cache_size=0).remove(Query()[key] == doc[key])
    working = storage.read() or {}
    storage.end()
    return {name: rows for name, rows in working.items() if name != "meta"}


@pytest.mark.parametrize("seed", range(6))
def test_random_changes_write_what_tinydb_wrote(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    ops: list[tuple[str, str, dict[str, object]]] = []
    path = tmp_path / "state.json"
    with open_state(path) as state:
        for step in range(120):
            if rng.random() < 0.6:
                mark = ProgramMark(f"p{rng.randrange(15)}", apply=rng.random() < 0.5, notes=f"n{step}")
                if mark.is_empty or rng.random() < 0.2:
                    state.set_mark(ProgramMark(mark.program_id))  # a delete
                    ops.append(("remove", "marks", {"program_id": mark.program_id}))
                else:
                    state.set_mark(mark)
                    ops.append(("upsert", "marks", mark.to_dict()))
            else:
                away = Away(program_name=f"Away {step}", id=f"a{rng.randrange(6)}")
                if rng.random() < 0.3:
                    state.delete_away(away.id)
                    ops.append(("remove", "aways", {"id": away.id}))
                else:
                    state.upsert_away(away)
                    ops.append(("upsert", "aways", away.validated().to_dict()))
            if rng.random() < 0.3:
                state.marks()  # reads between changes keep the cache warm
    expected = _tinydb_reference(tmp_path / "reference.json", ops)
    on_disk = _tables_on_disk(path)
    for table in ("marks", "aways"):
        assert on_disk.get(table, {}) == expected.get(table, {}), table


def test_the_file_is_byte_for_byte_what_the_plain_encoder_writes(db: Path) -> None:
    """The incremental encoder (only changed documents re-encoded) against `storage.encode`."""
    with open_state(db) as state:
        for i in range(30):
            state.set_mark(ProgramMark(f"p{i % 7}", apply=True, notes=f"é “quoted” \\ {i} 🚑"))
            if i % 4 == 0:
                state.set_mark(ProgramMark(f"p{(i + 3) % 7}"))
            state.upsert_away(Away(program_name=f"Away ünï {i}", id=f"a{i % 3}"))
            raw = db.read_bytes()
            assert raw == encode(json.loads(raw))

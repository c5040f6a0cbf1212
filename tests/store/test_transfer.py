"""Guarantee 7: export everything, import only a file that is right from end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state
from smartpick_tui.store.schema import SCHEMA_VERSION
from smartpick_tui.store.transfer import EXPORT_FORMAT, ImportFileError, parse_export


def _export(path: Path) -> dict:
    return json.loads(open_state(path, readonly=True).export_text())


def _without_time(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def test_round_trip(filled: Path, tmp_path: Path) -> None:
    text = open_state(filled, readonly=True).export_text()
    document = json.loads(text)
    assert document["format"] == EXPORT_FORMAT and document["schema_version"] == SCHEMA_VERSION
    assert text.startswith('{\n  "format"')  # pretty, readable
    assert len(document["marks"]) == 40 and document["profile"]["step2"] == 248
    other = tmp_path / "other" / "state.json"
    with open_state(other) as state:
        state.replace_all(parse_export(text.encode()))
        assert state.profile().name == "Ana" and state.settings().theme == "gruvbox"
    assert _without_time(_export(other)) == _without_time(document)


def _bad_letter_export(filled: Path) -> bytes:
    document = _export(filled)
    document["letters"] += [
        {"writer": "Dr Fine", "kind": "home-individual", "id": "fine"},
        {"writer": "Dr Typo", "kind": "home-individual", "id": "typo", "status": "agred"},
    ]
    return json.dumps(document).encode()


def test_bad_entry_is_named(filled: Path) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_export(_bad_letter_export(filled))
    (error,) = caught.value.errors
    assert error.startswith("letters[2] (id 'typo'): ") and "'agred'" in error


@pytest.mark.parametrize(
    "mutate, said",
    [
        (lambda d: d.update(format="something-else"), "not a SmartPick export"),
        (lambda d: d.update(schema_version=SCHEMA_VERSION + 1), "newer SmartPick"),
        (lambda d: d.update(schema_version="1"), "schema_version"),
        (lambda d: d.update(extra=[]), "extra: not part of a SmartPick export"),
        (lambda d: d.update(marks={}), "marks: must be a list"),
        (lambda d: d["aways"].append("Valley"), "aways[1]: must be an object"),
        (lambda d: d.update(profile={"step2": 999}), "profile: step2"),
        (lambda d: d["marks"].append(dict(d["marks"][0])), "also used by marks[0]"),
        (lambda d: d["outreach"][0].update(sent_on="last Tuesday"), "outreach[0] (id 'out-1'): "),
    ],
)
def test_every_kind_of_bad_file(filled: Path, mutate, said: str) -> None:
    document = _export(filled)
    mutate(document)
    with pytest.raises(ImportFileError) as caught:
        parse_export(json.dumps(document).encode())
    assert any(said in error for error in caught.value.errors), caught.value.errors


def test_not_json(filled: Path) -> None:
    with pytest.raises(ImportFileError, match="not valid JSON"):
        parse_export(b'{"format": "smartpick-export",')


def test_import_replaces_and_keeps_a_backup(filled: Path, tmp_path: Path) -> None:
    source = tmp_path / "source" / "state.json"
    with open_state(source) as state:
        state.set_mark(ProgramMark("only", apply=True))
        text = state.export_text()
    before = filled.read_bytes()
    with open_state(filled, backup_on_open=False) as state:
        state.replace_all(parse_export(text.encode()))
        assert list(state.marks()) == ["only"]
        assert state.backups()[0].path.read_bytes() == before

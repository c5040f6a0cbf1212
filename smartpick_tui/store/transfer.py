"""`smartpick export` / `smartpick import`: the whole state as one readable, versioned file.

An export is pretty JSON with one list per kind of record, so a person can read it and a
script can produce it. An import is checked completely — every entry, with the same `core`
validation the app uses — before anything is written; the errors name the entry
(`letters[2] (id 'a1'): status: ...`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from smartpick_tui import __version__
from smartpick_tui.store.schema import (
    META,
    SCHEMA_VERSION,
    TABLES,
    SchemaError,
    meta_document,
    migrate,
    record_errors,
)

EXPORT_FORMAT = "smartpick-export"
SINGLE_TABLES = tuple(name for name, spec in TABLES.items() if spec.key is None)
LIST_TABLES = tuple(name for name, spec in TABLES.items() if spec.key is not None)
HEADER_KEYS = ("format", "schema_version", "exported_at", "app_version")

Tables = dict[str, dict[str, Any]]


class ImportFileError(Exception):
    """The file cannot be imported; `errors` lists every problem found, nothing was changed."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def cleaned(name: str, doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` as the app reads it: through its `core` dataclass, so text leaves and enters an
    export sanitised (`clean_text`) even if the file on disk was edited by hand."""
    record: dict[str, Any] = TABLES[name].load(doc).to_dict()
    return record


def export_document(tables: Tables, now: datetime | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "app_version": __version__,
    }
    for name in SINGLE_TABLES:
        docs = list(tables.get(name, {}).values())
        document[name] = cleaned(name, docs[0]) if docs else None
    for name in LIST_TABLES:
        document[name] = [cleaned(name, doc) for doc in tables.get(name, {}).values()]
    return document


def export_text(tables: Tables) -> str:
    return json.dumps(export_document(tables), indent=2, ensure_ascii=False) + "\n"


def parse_export(raw: bytes) -> Tables:
    """The current-version tables in an export file, or ImportFileError with every problem."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportFileError(["the file is not UTF-8 text"]) from None
    except json.JSONDecodeError as error:
        raise ImportFileError(
            [f"the file is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"]
        ) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportFileError(
            [
                f'this is not a SmartPick export (it needs "format": '
                f'"{EXPORT_FORMAT}"; make one with `smartpick export`)'
            ]
        )
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ImportFileError([f"schema_version is {version!r}, not a whole number"])
    errors = [
        f"{key}: not part of a SmartPick export"
        for key in document
        if key not in HEADER_KEYS and key not in TABLES
    ]
    tables: Tables = {META: meta_document(version)}
    for name in SINGLE_TABLES:
        entry = document.get(name)
        if entry is None:
            continue
        if not isinstance(entry, dict):
            errors.append(f"{name}: must be an object or null")
        else:
            tables[name] = {"1": entry}
    for name in LIST_TABLES:
        entries = document.get(name, [])
        if not isinstance(entries, list):
            errors.append(f"{name}: must be a list")
            continue
        errors += [
            f"{name}[{index}]: must be an object"
            for index, entry in enumerate(entries)
            if not isinstance(entry, dict)
        ]
        tables[name] = {str(index + 1): entry for index, entry in enumerate(entries)}
    if errors:
        raise ImportFileError(errors)
    try:
        tables, _found = migrate(tables)  # migrations keep document ids, so labels still match
    except SchemaError as error:
        raise ImportFileError([str(error)]) from None
    for name in SINGLE_TABLES:
        errors += record_errors(name, ((name, doc) for doc in tables.get(name, {}).values()))
    for name in LIST_TABLES:
        errors += record_errors(
            name,
            ((f"{name}[{int(doc_id) - 1}]", doc) for doc_id, doc in tables.get(name, {}).items()),
        )
    if errors:
        raise ImportFileError(errors)
    return {
        name: docs if name not in TABLES else {doc_id: cleaned(name, doc) for doc_id, doc in docs.items()}
        for name, docs in tables.items()
    }

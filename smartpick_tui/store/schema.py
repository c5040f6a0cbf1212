"""What a state file must look like, and how older files are brought forward.

The file is TinyDB's JSON layout: an object of tables, each an object of documents keyed by
a numeric id. `meta` holds the one `schema_version` stamp. Every document is checked with the
same `core` dataclass the app uses (`from_dict`), so a file that passes here can never crash a
screen later. Errors name the table and the entry, for the CLI and the recovery message.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from smartpick_tui import __version__

SCHEMA_VERSION = 3
META = "meta"
DEFAULT_TABLE = "_default"  # TinyDB's own default table: tolerated only when empty


@dataclass(frozen=True)
class TableSpec:
    """One stored kind: the `core` dataclass that validates its documents, as
    "module:Class", and its natural key (None: one document).

    The class is imported the first time a document of the table is read (`load`): opening a
    file imports only the record modules of the tables it holds. Importing all of them up
    front (interviews, lint and the calendar it reads, draft edits and checks, couples, own
    figures) cost every start-up ~40 ms before the first screen (issue 26)."""

    kind: str
    key: str | None

    def load(self, doc: dict[str, Any]) -> Any:
        """The document as its record (ValueError, TypeError… when it is not one)."""
        return record_class(self.kind).from_dict(doc)


@cache
def record_class(kind: str) -> Any:
    """The class a `TableSpec.kind` names, imported on first use."""
    module, _, name = kind.partition(":")
    return getattr(importlib.import_module(module), name)


TABLES: dict[str, TableSpec] = {
    "profile": TableSpec("smartpick_tui.core.profile:Profile", None),
    "settings": TableSpec("smartpick_tui.core.trackers:Settings", None),
    "marks": TableSpec("smartpick_tui.core.trackers:ProgramMark", "program_id"),
    "aways": TableSpec("smartpick_tui.core.trackers:Away", "id"),
    "letters": TableSpec("smartpick_tui.core.trackers:Letter", "id"),
    "outreach": TableSpec("smartpick_tui.core.trackers:OutreachEntry", "id"),
    "checklist": TableSpec("smartpick_tui.core.trackers:ChecklistEntry", "step_id"),
    "drafts": TableSpec("smartpick_tui.core.draft_edits:DraftEdit", "key"),
    "interviews": TableSpec("smartpick_tui.core.interviews:Interview", "id"),
    "criteria": TableSpec("smartpick_tui.core.interviews:Criteria", None),
    "rank_order": TableSpec("smartpick_tui.core.interviews:RankOrder", None),
    "couple": TableSpec("smartpick_tui.core.couples:Couple", None),
    "figures": TableSpec("smartpick_tui.core.own_figures:OwnFigure", "program_id"),
}


COUNT_NOUNS = {
    "outreach": "outreach emails",
    "checklist": "checklist steps",
    "drafts": "edited drafts",
    "figures": "programs with your own figures",
}
SINGLE_NOUNS = {
    "criteria": "interview criteria",
    "rank_order": "rank order list",
    "couple": "couples partner",
}


class SchemaError(ValueError):
    """The data is not a SmartPick state this build can use; the message says where."""


class NewerSchemaError(SchemaError):
    """Written by a newer SmartPick: never rewrite it with an older one."""


# --- migrations -------------------------------------------------------------------------------


def _v0_to_v1(tables: dict[str, Any]) -> dict[str, Any]:
    """v0: the first builds wrote the tables through TinyDB without a version stamp (a file
    whose only changes were deletions never got `meta`). v1 stamps `meta.schema_version` and
    drops TinyDB's empty `_default` table, so the next format change can be detected."""
    migrated = {name: docs for name, docs in tables.items() if name != DEFAULT_TABLE}
    migrated[META] = {"1": {"schema_version": 1}}
    return migrated


def _v1_to_v2(tables: dict[str, Any]) -> dict[str, Any]:
    """v2 adds the `drafts` table (edited drafts); a v1 file has none, so nothing changes but
    the stamp. The bump is what matters: a v1 build meeting a `drafts` table would call the
    file broken and move it aside; it now refuses it as written by a newer SmartPick."""
    return {**tables, META: meta_document(2)}


def _v2_to_v3(tables: dict[str, Any]) -> dict[str, Any]:
    """v3 adds what older builds would call unknown fields and tables: profile fields (COMLEX
    Level 2-CE, visa need, year of graduation, months of US clinical experience), an
    interview's `reply_by` and `offered_dates` (the invite queue), the `couple` table (the
    couples partner) and the `figures` table (the student's own per-program figures,
    `core.own_figures`). A v2 file has none of them; its records read with the defaults, so
    nothing changes but the stamp, which makes a v2 build refuse a v3 file as newer."""
    return {**tables, META: meta_document(3)}


# from-version -> step to the next version; `migrate` walks them in order
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
}


def meta_document(version: int = SCHEMA_VERSION) -> dict[str, dict[str, Any]]:
    """The stamp: the schema version, and which SmartPick wrote it (so an older SmartPick can
    name the version to install instead of guessing)."""
    return {"1": {"schema_version": version, "written_by": __version__}}


def written_by(tables: dict[str, Any]) -> str | None:
    """The SmartPick version stamped in `meta` (files from before the stamp have none)."""
    docs = tables.get(META)
    if isinstance(docs, dict) and len(docs) == 1:
        (doc,) = docs.values()
        version = doc.get("written_by") if isinstance(doc, dict) else None
        if isinstance(version, str) and version.replace(".", "").isalnum() and len(version) <= 40:
            return version
    return None


def file_version(tables: dict[str, Any]) -> int:
    """The schema version stamped in the file; 0 when there is no `meta` table."""
    docs = tables.get(META)
    if docs is None:
        return 0
    if not isinstance(docs, dict) or len(docs) != 1:
        raise SchemaError("the meta table must hold exactly one document")
    (doc,) = docs.values()
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise SchemaError(f"schema_version is {version!r}, not a whole number")
    return version


def migrate(tables: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Bring `tables` to SCHEMA_VERSION; returns (tables, version it was written in)."""
    found = file_version(tables)
    if found > SCHEMA_VERSION:
        wrote = written_by(tables)
        install = f"SmartPick {wrote} or newer" if wrote else "a newer SmartPick"
        raise NewerSchemaError(
            f"it was written by a newer SmartPick{f' ({wrote})' if wrote else ''} (schema "
            f"version {found}; SmartPick {__version__} reads up to {SCHEMA_VERSION}); install "
            f"{install} to use it (e.g. pipx upgrade smartpick-tui)"
        )
    version = found
    while version < SCHEMA_VERSION:
        tables = MIGRATIONS[version](tables)
        version += 1
    return tables, found


# --- shape and records -----------------------------------------------------------------------


def check_shape(tables: Any) -> None:
    """TinyDB's layout with only SmartPick's tables; SchemaError naming the first oddity."""
    if not isinstance(tables, dict):
        raise SchemaError(f"the top level is {_json_kind(tables)}, not an object of tables")
    for name, docs in tables.items():
        if name not in TABLES and name not in (META, DEFAULT_TABLE):
            raise SchemaError(f"it has a table {name!r} that SmartPick does not use")
        if not isinstance(docs, dict):
            raise SchemaError(f"table {name!r} is {_json_kind(docs)}, not an object of documents")
        if name == DEFAULT_TABLE and docs:
            raise SchemaError(f"table {name!r} holds documents SmartPick did not write")
        for doc_id, doc in docs.items():
            if not doc_id.isdigit():
                raise SchemaError(f"table {name!r} has a document id {doc_id!r} that is not a number")
            if not isinstance(doc, dict):
                raise SchemaError(f"{name} document {doc_id} is {_json_kind(doc)}, not an object")


def record_errors(table: str, items: Iterable[tuple[str, Any]]) -> list[str]:
    """Validate each (label, document) of `table`; one message per bad entry."""
    spec = TABLES[table]
    errors: list[str] = []
    seen: dict[Any, str] = {}
    count = 0
    for label, doc in items:
        count += 1
        if not isinstance(doc, dict):
            errors.append(f"{label}: is {_json_kind(doc)}, not an object")
            continue
        try:
            spec.load(doc)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            errors.append(f"{label}{_key_hint(spec, doc)}: {error}")
            continue
        if spec.key is not None:
            key = doc.get(spec.key)
            if key in seen:
                errors.append(f"{label}: {spec.key} {key!r} is also used by {seen[key]}")
            seen[key] = label
    if spec.key is None and count > 1:
        errors.append(f"{table}: holds {count} entries; there can be only one")
    return errors


def tables_errors(tables: dict[str, Any]) -> list[str]:
    """Every bad document of a current-version file (after `check_shape` and `migrate`)."""
    errors: list[str] = []
    for table in TABLES:
        docs = tables.get(table, {})
        errors += record_errors(table, ((f"{table} document {doc_id}", doc) for doc_id, doc in docs.items()))
    return errors


@dataclass(frozen=True)
class SetAside:
    """One stored entry (or one field of it) that failed validation and was taken out so the
    rest of the file stays usable (issue 25: never quarantine the whole file for one field)."""

    table: str
    doc_id: str
    field: str | None  # the one field dropped (the rest of the entry kept); None: the entry
    value: Any  # the dropped field's value, or the whole document
    reason: str

    @property
    def label(self) -> str:
        what = f"{self.table} document {self.doc_id}"
        if self.field is not None:
            return f"{what} field {self.field!r} ({self.reason}; the rest of it was kept)"
        return f"{what} ({self.reason})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "document": self.doc_id,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
        }


def _loads(spec: TableSpec, doc: Any) -> str | None:
    """Why `doc` does not validate, or None when it does."""
    if not isinstance(doc, dict):
        return f"is {_json_kind(doc)}, not an object"
    try:
        spec.load(doc)
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as error:
        return str(error)[:200]
    return None


def repair_records(tables: dict[str, Any]) -> tuple[dict[str, Any], tuple[SetAside, ...]]:
    """Validate every document as it is read, as it would be on a write: a document that fails
    loses the one field that makes it fail when there is one (``aways.start = 123``: the away
    is kept without its start date), else it is set aside whole; so is a second entry with the
    same key, or a second document in a one-document table. Returns the usable tables (each
    kept document as validated) and what was set aside."""
    repaired: dict[str, Any] = dict(tables)
    aside: list[SetAside] = []
    for table, spec in TABLES.items():
        docs = tables.get(table)
        if not docs:
            continue
        kept: dict[str, Any] = {}
        seen: set[str] = set()
        for doc_id, doc in docs.items():
            reason = _loads(spec, doc)
            if reason is not None:
                dropped = _field_to_drop(spec, doc) if isinstance(doc, dict) else None
                if dropped is None:
                    aside.append(SetAside(table, doc_id, None, doc, reason))
                    continue
                aside.append(SetAside(table, doc_id, dropped, doc[dropped], reason))
                doc = {name: value for name, value in doc.items() if name != dropped}
            record = spec.load(doc)
            if spec.key is None and kept:
                aside.append(SetAside(table, doc_id, None, doc, "a second entry where there can be only one"))
                continue
            key = str(getattr(record, spec.key)) if spec.key else ""
            if spec.key is not None and key in seen:
                aside.append(SetAside(table, doc_id, None, doc, f"{spec.key} {key!r} is used twice"))
                continue
            seen.add(key)
            kept[doc_id] = record.to_dict()  # as validated: cleaned text, so no NUL or C1 is written back
        repaired[table] = kept
    return repaired, tuple(aside)


def _field_to_drop(spec: TableSpec, doc: dict[str, Any]) -> str | None:
    """The first field whose removal makes `doc` valid (never its key)."""
    for name in doc:
        if name == spec.key:
            continue
        if _loads(spec, {key: value for key, value in doc.items() if key != name}) is None:
            return name
    return None


def load_tables(tables: Any) -> tuple[dict[str, Any], int, tuple[SetAside, ...]]:
    """Check, migrate and validate decoded JSON: (usable current tables, version found, what
    was set aside). SchemaError only for what is not SmartPick's layout (or is newer)."""
    check_shape(tables)
    tables, found = migrate(tables)
    tables, aside = repair_records(tables)
    return tables, found, aside


def summary(tables: dict[str, Any]) -> str:
    """What a state holds, in words: "profile, 500 marks, 20 aways, 0 letters, ..."."""
    parts = []
    for name, spec in TABLES.items():
        count = len(tables.get(name) or {})
        if spec.key is None:
            noun = SINGLE_NOUNS.get(name, name)
            parts.append(noun if count else f"no {noun}")
        else:
            parts.append(f"{count} {COUNT_NOUNS.get(name, name)}")
    return ", ".join(parts)


def summarise(errors: list[str]) -> str:
    shown = "; ".join(errors[:3])
    more = len(errors) - 3
    return shown + (f"; and {more} more" if more > 0 else "")


def _key_hint(spec: TableSpec, doc: dict[str, Any]) -> str:
    if spec.key and isinstance(doc.get(spec.key), str) and doc[spec.key]:
        return f" ({spec.key} {doc[spec.key]!r})"
    return ""


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "an object"

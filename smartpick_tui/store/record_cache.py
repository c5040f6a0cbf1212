"""Decoded, validated records per version of a table, and keyed changes that cost O(1).

Why: every read rebuilt and validated every record (`marks()` took 34 ms at 10,000 marks and
the app reads after each change), and every change went through TinyDB's `Table.upsert`, which
scans the table with a query and rebuilds its dict, so a batch of N changes in one `update`
cost O(N²) (4,000 marks: 7.3 s of CPU).

What a "version" is: the storage hands out the same table dicts for the same file content (it
compares the bytes, see `storage.AtomicJSONStorage.decode`), and every TinyDB write replaces a
table's dict with a new one. So a table dict object *is* one version of that table's content,
and records decoded from it stay valid while it is the one in use. The cache holds a strong
reference to the dict it was built from, so a later dict can never be mistaken for it (no id
reuse). The only changes made to a table dict in place are this module's own `upsert` and
`delete`, and they update the records and the key index with it.

One `RecordCache` belongs to one `State` (never keyed by file path, so tests' temporary files do
not pile up); its callers hold the State's thread lock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

from smartpick_tui.core.trackers import Record

R = TypeVar("R", bound=Record)
Tables = dict[str, dict[str, Any]]


@dataclass
class _Decoded:
    """The records of one table dict (by doc id), built once."""

    source: dict[str, Any]
    records: dict[str, Any]


@dataclass
class _KeyIndex:
    """Doc ids by the value of one key field, and the highest doc id, for one table dict."""

    source: dict[str, Any]
    ids: dict[Any, list[str]] = field(default_factory=dict)
    max_id: int = 0


@dataclass
class _Encoded:
    """`"id":{...}`, the JSON text of each document of one table dict with its id, by doc id."""

    source: dict[str, Any]
    docs: dict[str, str]


def _json(value: Any) -> str:
    """The encoding of `storage.encode` (compact, ASCII), for one value."""
    return json.dumps(value, separators=(",", ":"))


def _member(doc_id: str, doc: Any) -> str:
    return f"{_json(doc_id)}:{_json(doc)}"


class RecordCache:
    def __init__(self) -> None:
        self._decoded: dict[tuple[str, type[Record]], _Decoded] = {}
        self._indexes: dict[tuple[str, str], _KeyIndex] = {}
        self._encoded: dict[str, _Encoded] = {}

    # --- writing the file -----------------------------------------------------------------------
    def encode(self, tables: Tables) -> bytes:
        """Byte for byte `storage.encode(tables)` (JSON is compositional: a dict's text is its
        keys' and values' texts joined), re-encoding only the documents changed since the last
        write — a one-mark change to a 1 MB state no longer re-serialises the whole file."""
        parts = []
        for name, raw in tables.items():
            encoded = self._encoded.get(name)
            if encoded is None or encoded.source is not raw:
                encoded = _Encoded(raw, {doc_id: _member(doc_id, doc) for doc_id, doc in raw.items()})
                self._encoded[name] = encoded
            parts.append(f"{_json(name)}:{{{','.join(encoded.docs.values())}}}")
        return f"{{{','.join(parts)}}}".encode("ascii")

    # --- reading ------------------------------------------------------------------------------
    def _decode(self, tables: Tables, table: str, kind: type[R]) -> _Decoded:
        raw = tables.get(table)
        if raw is None:
            raw = {}
        cached = self._decoded.get((table, kind))
        if cached is None or cached.source is not raw:
            # Validated exactly as before (`from_dict` on a copy): a bad record raises ValueError.
            cached = _Decoded(raw, {doc_id: kind.from_dict(dict(doc)) for doc_id, doc in raw.items()})
            self._decoded[(table, kind)] = cached
        return cached

    def records(self, tables: Tables, table: str, kind: type[R]) -> list[R]:
        """Every record of `table`, in the file's order; decoded once per version of the table."""
        return list(self._decode(tables, table, kind).records.values())

    def record(self, tables: Tables, table: str, kind: type[R], key: str, value: Any) -> R | None:
        """The record whose `key` field is `value` (the first one), without building the others'
        dict: a loop of `patch_mark` in one batch stays linear."""
        decoded = self._decode(tables, table, kind)
        ids = self._index(tables, table, key).ids.get(value)
        if not ids:
            return None
        found: R = decoded.records[ids[-1]]  # as `{r.key: r for r in records}` would
        return found

    def _index(self, tables: Tables, table: str, key: str) -> _KeyIndex:
        raw = tables.get(table)
        if raw is None:
            return _KeyIndex({})  # nothing to find; a change creates the table (`upsert`)
        index = self._indexes.get((table, key))
        if index is None or index.source is not raw:
            index = _KeyIndex(raw)
            for doc_id, doc in raw.items():
                index.ids.setdefault(doc.get(key), []).append(doc_id)
                index.max_id = max(index.max_id, int(doc_id))
            self._indexes[(table, key)] = index
        return index

    # --- changing the working copy in place ---------------------------------------------------
    def upsert(self, tables: Tables, table: str, key: str, doc: dict[str, Any], kind: type[Record]) -> None:
        """TinyDB's `upsert(doc, Query()[key] == doc[key])` on `tables` (a batch's working copy):
        the fields of `doc` over every document with the same key, else a new document with the
        next id. O(1) instead of a scan and a rebuilt table."""
        tables.setdefault(table, {})
        self._keep_only(table, kind, key)
        index = self._index(tables, table, key)
        raw = index.source
        ids = index.ids.get(doc[key])
        if ids:
            changed = {doc_id: {**raw[doc_id], **doc} for doc_id in ids}
        else:
            changed = {str(index.max_id + 1): dict(doc)}
        cached = self._decoded.get((table, kind))
        if cached is not None and cached.source is raw:  # validated before anything changes
            cached.records.update({doc_id: kind.from_dict(dict(new)) for doc_id, new in changed.items()})
        raw.update(changed)
        encoded = self._encoded.get(table)
        if encoded is not None and encoded.source is raw:
            encoded.docs.update({doc_id: _member(doc_id, new) for doc_id, new in changed.items()})
        if not ids:
            index.max_id += 1
            index.ids[doc[key]] = list(changed)

    def delete(self, tables: Tables, table: str, key: str, value: Any) -> bool:
        """TinyDB's `remove(Query()[key] == value)`; whether anything was removed. Like TinyDB, it
        leaves the (perhaps new, empty) table in `tables` for the caller to write."""
        tables.setdefault(table, {})
        self._keep_only(table, None, key)
        index = self._index(tables, table, key)
        ids = index.ids.pop(value, None)
        if not ids:
            return False
        for doc_id in ids:
            del index.source[doc_id]
        encoded = self._encoded.get(table)
        if encoded is not None and encoded.source is index.source:
            for doc_id in ids:
                encoded.docs.pop(doc_id, None)
        if str(index.max_id) in ids:  # TinyDB numbers a new document max(ids) + 1 of those left
            index.max_id = max(map(int, index.source), default=0)
        for (name, _kind), cached in self._decoded.items():
            if name == table and cached.source is index.source:
                for doc_id in ids:
                    cached.records.pop(doc_id, None)
        return True

    def _keep_only(self, table: str, kind: type[Record] | None, key: str) -> None:
        """Before an in-place change to `table`: drop what was cached for it under another kind
        (`kind` None: keep every kind) or key — each table is read as one kind, by one key, and
        anything else would go stale."""
        for name, other in list(self._decoded):
            if name == table and kind is not None and other is not kind:
                del self._decoded[(name, other)]
        for name, other_key in list(self._indexes):
            if name == table and other_key != key:
                del self._indexes[(name, other_key)]

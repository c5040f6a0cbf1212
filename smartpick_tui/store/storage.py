"""A TinyDB `Storage` that only ever replaces the file atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from smartpick_tui.store.atomic import atomic_write_text


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        if not text.strip():
            return None
        return json.loads(text)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise PermissionError(f"{self.path} is open read-only")
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))

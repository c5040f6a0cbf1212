"""The catalog the app works on: the shipped programs plus the user's imported ones.

Imports live in their own JSON file beside the user's state (`store.imports` writes it
atomically), so a 50,000-row import never slows a tracker write. The merge rule is stated
once here: two programs are the same when their NRMP program codes match, else when their
normalised name, city and specialty match. A shipped program always wins over an imported
duplicate (its facts carry a source); a re-imported program replaces the earlier import.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from smartpick_tui.core.programs import CATALOG_COLUMNS, Program, program_from_row, shipped_catalog
from smartpick_tui.core.sanitize import clean_line

IMPORTS_SCHEMA = 1
IMPORTED_ID_PREFIX = "imp-"


class ImportsFileError(ValueError):
    """The imports file cannot be read; the message says which file and why."""


@dataclass(frozen=True)
class Catalog:
    """Programs in display order (shipped first) with an id index. `warnings` are problems
    met while loading (a missing or broken file) that the UI and CLI must show."""

    programs: tuple[Program, ...]
    by_id: dict[str, Program] = field(repr=False)
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, programs: Iterable[Program], warnings: Sequence[str] = ()) -> "Catalog":
        programs = tuple(programs)
        return cls(programs, {p.id: p for p in programs}, tuple(warnings))

    def __len__(self) -> int:
        return len(self.programs)


# --- identity ---------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Case, punctuation and spacing removed: "St. Luke's  Hospital" -> "st luke s hospital"."""
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def code_key(program: Program) -> str | None:
    return program.nrmp_code.strip().upper() if program.nrmp_code else None


def name_key(program: Program) -> tuple[str, str, str]:
    return normalise(program.name), normalise(program.city), program.specialty


def imported_id(nrmp_code: str | None, name: str, city: str, specialty: str) -> str:
    """A stable id for an imported program, so marks survive re-importing the same file."""
    basis = nrmp_code.strip().upper() if nrmp_code else "|".join(
        (normalise(name), normalise(city), specialty))
    return IMPORTED_ID_PREFIX + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


class _Identity:
    """Look-up of programs by code and by name key."""

    def __init__(self, programs: Iterable[Program] = ()) -> None:
        self.codes: dict[str, Program] = {}
        self.names: dict[tuple[str, str, str], Program] = {}
        for program in programs:
            self.add(program)

    def add(self, program: Program) -> None:
        if (code := code_key(program)) is not None:
            self.codes.setdefault(code, program)
        self.names.setdefault(name_key(program), program)

    def find(self, program: Program) -> Program | None:
        code = code_key(program)
        if code is not None and code in self.codes:
            return self.codes[code]
        return self.names.get(name_key(program))


@dataclass(frozen=True)
class MergePlan:
    """What storing an import would do: the new imports file content and the counts."""

    imports: tuple[Program, ...]
    added: int
    updated: int
    already_shipped: int


def plan_merge(shipped: Sequence[Program], existing: Sequence[Program],
               incoming: Sequence[Program]) -> MergePlan:
    """Merge `incoming` into the `existing` imports; duplicates of shipped programs are dropped."""
    shipped_ids = _Identity(shipped)
    kept: dict[str, Program] = {p.id: p for p in existing}
    existing_ids = _Identity(existing)
    added = updated = already = 0
    for program in incoming:
        if shipped_ids.find(program) is not None:
            already += 1
            continue
        previous = existing_ids.find(program)
        if previous is not None:
            updated += 1
            kept.pop(previous.id, None)
            program = _with_id(program, previous.id)
        else:
            added += 1
        kept[program.id] = program
        existing_ids.add(program)
    return MergePlan(tuple(kept.values()), added, updated, already)


def _with_id(program: Program, program_id: str) -> Program:
    return replace(program, id=program_id, imported=True)


def merge_catalog(shipped: Sequence[Program], imported: Sequence[Program]) -> list[Program]:
    """Shipped programs, then the imported ones that duplicate none of them."""
    identity = _Identity(shipped)
    merged = list(shipped)
    ids = {p.id for p in shipped}
    for program in imported:
        if identity.find(program) is None and program.id not in ids:
            identity.add(program)
            ids.add(program.id)
            merged.append(program)
    return merged


# --- the imports file format ---------------------------------------------------------------

def program_to_row(program: Program) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(program, name) for name in CATALOG_COLUMNS}
    row["track"] = program.track.value
    row["setting"] = program.setting.value
    return row


def encode_imports(programs: Iterable[Program]) -> bytes:
    document = {"schema": IMPORTS_SCHEMA, "programs": [program_to_row(p) for p in programs]}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_imports(data: bytes, origin: str = "imports file") -> tuple[Program, ...]:
    """Parse the imports file (every text cell through `clean_line`); ImportsFileError naming
    the origin and the first problem."""
    try:
        document = json.loads(data.decode("utf-8"))
        if document.get("schema") != IMPORTS_SCHEMA:
            raise ValueError(f"unknown schema {document.get('schema')!r}")
        rows = document["programs"]
        if not isinstance(rows, list):
            raise ValueError("'programs' is not a list")
    except (ValueError, KeyError, AttributeError, TypeError) as error:
        raise ImportsFileError(f"{origin} is not a SmartPick imports file ({error})") from None
    programs = []
    for number, row in enumerate(rows, 1):
        try:
            # The file is the user's to edit: its text is untrusted like any CSV cell.
            text_row = {k: "" if v is None else clean_line(str(v)) for k, v in row.items()}
            programs.append(program_from_row(text_row, imported=True))
        except (ValueError, KeyError, AttributeError) as error:
            raise ImportsFileError(f"{origin}: program {number} is invalid ({error})") from None
    return tuple(programs)


def read_imports_file(path: Path) -> tuple[Program, ...]:
    """The imported programs at `path`; none when the file does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ()
    except OSError as error:
        raise ImportsFileError(f"cannot read {path}: {error.strerror or error}") from None
    return decode_imports(data, str(path))


def load_catalog(imports_path: Path | None) -> Catalog:
    """Shipped catalog + the user's imports. Never raises for a missing or broken file: the
    problem is returned in `Catalog.warnings` and the rest is still usable."""
    warnings: list[str] = []
    try:
        shipped: Sequence[Program] = shipped_catalog()
    except (OSError, ValueError, KeyError) as error:
        shipped = ()
        warnings.append(f"The shipped program catalog could not be read ({error}).")
    imported: Sequence[Program] = ()
    if imports_path is not None:
        try:
            imported = read_imports_file(imports_path)
        except ImportsFileError as error:
            warnings.append(f"Imported programs not loaded: {error}")
    return Catalog.of(merge_catalog(shipped, imported), warnings)


_cache: dict[Path | None, tuple[tuple[int, int, int] | None, Catalog]] = {}
_cache_lock = threading.Lock()


def _file_signature(path: Path | None) -> tuple[int, int, int] | None:
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def cached_catalog(imports_path: Path | None) -> Catalog:
    """`load_catalog`, reused until the imports file changes on disk.

    The Programs, SmartPick and Drafts tabs (and the lint) all need the merged catalog; with a
    large import, loading it is ~1 s and a copy's worth of memory each. One cache serves every
    caller; the lock makes a second thread wait for the load in progress instead of repeating it.
    """
    with _cache_lock:
        signature = _file_signature(imports_path)
        hit = _cache.get(imports_path)
        if hit is not None and hit[0] == signature:
            return hit[1]
        catalog = load_catalog(imports_path)
        _cache[imports_path] = (signature, catalog)
        return catalog

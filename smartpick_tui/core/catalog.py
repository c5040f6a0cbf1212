"""The catalog the app works on: the shipped programs plus the user's imported ones.

Imports live in their own JSON file beside the user's state (`store.imports` writes it
atomically), so a 50,000-row import never slows a tracker write. The merge rule is stated
once here: two programs are the same when their NRMP program codes match, else when their
name (`core.match_keys.match_key`: NFKC, look-alike letters, abbreviations, case and punctuation
folded), city and specialty match; at import (`plan_merge`) also when any way of writing the
sponsor (`core.match_keys.sponsor_keys`) matches within the same specialty and state. A shipped
program always wins over an imported duplicate (its facts carry a source); a re-imported
program replaces the earlier import.
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

from smartpick_tui.core.match_keys import alias_keys, has_lookalikes, match_key, sponsor_keys
from smartpick_tui.core.names import display_name, names
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
    def of(cls, programs: Iterable[Program], warnings: Sequence[str] = ()) -> Catalog:
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
    """Name, city and specialty as one key; the name through `match_key`, so a row written
    with a look-alike letter or NRMP's abbreviations is the same row."""
    return match_key(program.name), normalise(program.city), program.specialty


def imported_id(nrmp_code: str | None, name: str, city: str, specialty: str) -> str:
    """A stable id for an imported program, so marks survive re-importing the same file."""
    basis = (
        nrmp_code.strip().upper() if nrmp_code else "|".join((normalise(name), normalise(city), specialty))
    )
    return IMPORTED_ID_PREFIX + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


class _Identity:
    """Look-up of programs by code, by name key and, with `lookalikes`, by every way their
    sponsor is written (`core.match_keys.sponsor_keys`: "Baylor Coll Med-Houston" = "Baylor College of
    Medicine", a Cyrillic "е" = a Latin "e") within the same specialty and state."""

    def __init__(self, programs: Iterable[Program] = (), lookalikes: bool = False) -> None:
        self.codes: dict[str, Program] = {}
        self.names: dict[tuple[str, str, str], Program] = {}
        self.lookalikes = lookalikes
        self.sponsors: dict[tuple[str, str, str], list[Program]] = {}
        self.aliases: dict[tuple[str, str, str], list[Program]] = {}
        for program in programs:
            self.add(program)

    def add(self, program: Program) -> None:
        if (code := code_key(program)) is not None:
            self.codes.setdefault(code, program)
        self.names.setdefault(name_key(program), program)
        if self.lookalikes:
            for key in sponsor_keys(program):
                self.sponsors.setdefault((key, program.specialty, program.state), []).append(program)
            for key in alias_keys(program):
                self.aliases.setdefault((key, program.specialty, program.state), []).append(program)

    def find(self, program: Program) -> Program | None:
        code = code_key(program)
        if code is not None and code in self.codes:
            return self.codes[code]
        same = self.names.get(name_key(program))
        if same is not None or not self.lookalikes:
            return same
        return self._lookalike(program)

    def _lookalike(self, program: Program) -> Program | None:
        """The program the row names in other words, if any. An everyday alias counts only
        when it names one sponsor here ("Columbia" could be two NewYork-Presbyterian ones)."""
        keys = [(key, program.specialty, program.state) for key in sponsor_keys(program)]
        found = [p for key in keys for p in self.sponsors.get(key, ())]
        if not found:
            by_alias = [p for key in keys for p in self.aliases.get(key, ())]
            if len({names(p).sponsor_nrmp for p in by_alias}) == 1:
                found = by_alias
        if not found:
            return None
        wanted = names(program)
        city = normalise(program.city)

        def closeness(candidate: Program) -> tuple[bool, bool, bool]:
            other = names(candidate)
            return (
                match_key(other.subtitle) != match_key(wanted.subtitle),
                candidate.track is not program.track,
                bool(city) and normalise(candidate.city) != city,
            )

        return min(found, key=closeness)


@dataclass(frozen=True)
class MergePlan:
    """What storing an import would do: the new imports file content, the counts, and each
    row found in the shipped catalog with the program it is (for the preview)."""

    imports: tuple[Program, ...]
    added: int
    updated: int
    already_shipped: int
    matches: tuple[tuple[Program, Program], ...] = ()  # (row as imported, catalog program)


def plan_merge(
    shipped: Sequence[Program], existing: Sequence[Program], incoming: Sequence[Program]
) -> MergePlan:
    """Merge `incoming` into the `existing` imports; rows that are shipped programs, however
    written, are dropped, and a look-alike of an earlier import updates it."""
    shipped_ids = _Identity(shipped, lookalikes=True)
    kept: dict[str, Program] = {p.id: p for p in existing}
    existing_ids = _Identity(existing, lookalikes=True)
    added = updated = 0
    matches: list[tuple[Program, Program]] = []
    for program in incoming:
        if (catalog_program := shipped_ids.find(program)) is not None:
            matches.append((program, catalog_program))
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
    return MergePlan(tuple(kept.values()), added, updated, len(matches), tuple(matches))


def plan_lines(plan: MergePlan, limit: int = 20) -> list[str]:
    """The preview of a merge, the same lines in the CLI and the TUI: the counts, then each
    row that is already in the catalog and which program it is."""
    lines = [
        f"Importing adds {plan.added:,}, updates {plan.updated:,}; "
        f"{plan.already_shipped:,} already in the catalog."
    ]
    for row, program in plan.matches[:limit]:
        where = ", ".join(part for part in (clean_line(program.city), program.state) if part)
        flag = " (look-alike letters in the name)" if has_lookalikes(row.name) else ""
        lines.append(
            f"  {_line_of(row)}{clean_line(row.name)}: already in the catalog as "
            f"{clean_line(display_name(program))} — {where}{flag}"
        )
    if len(plan.matches) > limit:
        lines.append(f"  ... and {len(plan.matches) - limit:,} more already in the catalog")
    return lines


def _line_of(row: Program) -> str:
    """ "line 4: " from an imported row's source ("imported from x.csv, line 4; ...")."""
    found = re.search(r", line (\d+)", row.source)
    return f"line {found.group(1)}: " if found else ""


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


# Catalogs are kept by the imports file's content, not its path: every app (and every test)
# without imports shares one catalog, and one whose file has the same bytes shares theirs. A path
# per catalog kept one for every temporary path a test process ever opened (~20 MB each).
CACHE_CATALOGS = 4  # the live app's, and a few recent ones (an import replaces the file)
CACHE_PATHS = 64  # path -> (stat signature, content key): saves re-reading an unchanged file
NO_IMPORTS = ""  # the content key of a missing (or no) imports file

_cache: dict[str, Catalog] = {}  # content key -> catalog, oldest first
_keys: dict[Path, tuple[tuple[int, int, int], str]] = {}
_cache_lock = threading.Lock()


def _file_signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _content_key(path: Path | None) -> str | None:
    """What the catalog of `path` depends on: NO_IMPORTS, a digest of the file's bytes, or None
    when the file cannot be read (then its catalog carries a warning naming it: not shared)."""
    if path is None:
        return NO_IMPORTS
    signature = _file_signature(path)
    if signature is None:
        return NO_IMPORTS if not path.exists() else None
    known = _keys.pop(path, None)
    if known is not None and known[0] == signature:
        _keys[path] = known
        return known[1]
    try:
        key = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None
    _keys[path] = (signature, key)
    while len(_keys) > CACHE_PATHS:
        del _keys[next(iter(_keys))]
    return key


def cached_catalog(imports_path: Path | None) -> Catalog:
    """`load_catalog`, reused until the imports file's content changes.

    The Programs, SmartPick and Drafts tabs (and the lint) all need the merged catalog; with a
    large import, loading it is ~1 s and a copy's worth of memory each. One cache serves every
    caller; the lock makes a second thread wait for the load in progress instead of repeating it.
    A catalog with warnings (a broken imports file: the warning names its path) is not shared.
    """
    with _cache_lock:
        key = _content_key(imports_path)
        if key is None:
            return load_catalog(imports_path)
        hit = _cache.pop(key, None)
        if hit is not None:
            _cache[key] = hit  # most recent last
            return hit
        catalog = load_catalog(imports_path)
        if not catalog.warnings:
            _cache[key] = catalog
            while len(_cache) > CACHE_CATALOGS:
                del _cache[next(iter(_cache))]
        return catalog

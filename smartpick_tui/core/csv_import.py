"""Reading a user's program CSV into validated `Program`s, with a preview before anything is stored.

Accepts what students actually have:
- spreadsheets exported by hand: columns found by header, whatever the case or spacing, with
  common synonyms ("Program Name", "Sponsoring Institution", "ST", "ACGME ID", "Quota"...);
- NRMP's program results tables (`Table, Sponsoring Institution, City, Specialty, Program
  Code, <year> Quota, <year> Matched, ...`), whose specialty cell may carry a track or
  location suffix (`Internal Medicine/Preliminary`, `Emergency Medicine/Tampa`) and which
  list no program name (the sponsoring institution names the row);
- UTF-8 with or without a BOM, `,` or `;` or tab separators, quoted fields, CRLF line ends.

Every cell passes through `clean_line`. The file is read line by line (core/csv_reader.py: the
bounded reader, with a cap on line length; here a cap on rows), so a 100,000-row or binary file
gives a clear answer in bounded memory.

Longer than the ~450 lines a module aims at: what is left is one rule set a row passes through
(the header synonyms, then the specialty, state, track and setting readers, which consult each
other's tables: an NRMP specialty suffix decides the track, a program code the state). A
problem with the whole file raises `CsvImportError`; a problem with one row rejects that row
with its line number and reason, and the rest can still be imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from smartpick_tui.core.catalog import code_key, imported_id, name_key, normalise
from smartpick_tui.core.csv_reader import CsvImportError as CsvImportError  # the importers' one error
from smartpick_tui.core.csv_reader import open_csv, parse_csv_path
from smartpick_tui.core.geography import STATE_NAME, STATE_REGION
from smartpick_tui.core.programs import TRACK_BY_LETTER, Program, Setting, Track
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import UnknownSpecialty, find_specialty

if TYPE_CHECKING:
    import _csv

MAX_ROWS = 50_000  # NRMP's whole Main Match has ~6,600 programs; the benchmark goes to 50,000
MAX_CELL = 300
MAX_REJECTS_KEPT = 500
MAX_POSITIONS = 500

NRMP_LAYOUT = "NRMP program results table"
SHEET_LAYOUT = "spreadsheet"

# canonical field -> header spellings (after `normalise`)
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "program",
        "program name",
        "name",
        "residency program",
        "residency program name",
        "residency",
        "program title",
    ),
    "institution": (
        "sponsoring institution",
        "institution",
        "sponsor",
        "sponsoring institution name",
        "hospital",
        "program sponsor",
        "sponsoring organization",
        "organization",
    ),
    "city": ("city", "program city", "town"),
    "state": ("state", "st", "program state", "state code", "state province", "province"),
    "location": ("location", "city state", "city st"),
    "specialty": (
        "specialty",
        "speciality",
        "program specialty",
        "specialty name",
        "field",
        "discipline",
    ),
    "nrmp_code": ("program code", "nrmp code", "nrmp program code", "nrmp id", "nrmp"),
    "acgme_id": ("acgme id", "acgme program id", "acgme number", "acgme", "acgme code"),
    "track": ("track", "program track", "position type", "track type"),
    "setting": (
        "setting",
        "program setting",
        "program type",
        "type",
        "affiliation",
        "academic community",
    ),
    "positions": (
        "positions",
        "quota",
        "spots",
        "positions offered",
        "number of positions",
        "pgy1 positions",
        "pgy 1 positions",
    ),
    "positions_year": ("positions year", "year"),
    "table": ("table",),
}
_HEADER_INDEX = {spelling: name for name, spellings in HEADER_SYNONYMS.items() for spelling in spellings}
_YEAR_HEADER = re.compile(r"^(\d{4}) (quota|positions|matched)$")

TRACK_WORDS: dict[str, Track] = {
    "categorical": Track.CATEGORICAL,
    "c": Track.CATEGORICAL,
    "preliminary": Track.PRELIMINARY,
    "prelim": Track.PRELIMINARY,
    "p": Track.PRELIMINARY,
    "advanced": Track.ADVANCED,
    "a": Track.ADVANCED,
    "physician": Track.PHYSICIAN,
    "reserved": Track.PHYSICIAN,
    "r": Track.PHYSICIAN,
    "transitional": Track.TRANSITIONAL,
}
NRMP_CODE = re.compile(r"^\d{7}[A-Z]\d$")
PRELIM_SPECIALTY = {
    "internal-medicine": "preliminary-medicine",
    "general-surgery": "preliminary-surgery",
}
SPECIALTY_TRACK = {
    "transitional-year": Track.TRANSITIONAL,
    "preliminary-medicine": Track.PRELIMINARY,
    "preliminary-surgery": Track.PRELIMINARY,
}
ACADEMIC_WORDS = ("university", "school of medicine", "college of medicine", "medical college")

STATE_NAMES: dict[str, str] = {name.lower(): code for code, name in STATE_NAME.items()}
_STATE_NAMES_LONGEST = sorted(STATE_NAMES, key=len, reverse=True)


@dataclass(frozen=True)
class RejectedRow:
    line: int  # physical line in the file where the row starts (the header is line 1)
    reason: str


@dataclass(frozen=True)
class ImportPreview:
    """Everything the user sees before confirming an import."""

    source: str
    layout: str
    delimiter: str
    columns: dict[str, str]  # field -> the header as written in the file
    accepted: tuple[Program, ...]
    rejected: tuple[RejectedRow, ...]  # the first MAX_REJECTS_KEPT
    rejected_total: int
    notes: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> int:
        return len(self.accepted) + self.rejected_total


# --- file level ---------------------------------------------------------------------------------


def parse_csv_file(path: Path, institution_states: Mapping[str, str] | None = None) -> ImportPreview:
    return parse_csv_path(path, lambda stream, name: parse_csv_stream(stream, name, institution_states))


def parse_csv_bytes(
    data: bytes, source: str = "CSV", institution_states: Mapping[str, str] | None = None
) -> ImportPreview:
    return parse_csv_stream(io.BytesIO(data), source, institution_states)


def institution_states(programs: Iterable[Program]) -> dict[str, str]:
    """NRMP institution code (the first 4 digits of a program code) -> state, from a catalog:
    lets an NRMP table whose 'Table' column names no state still place its programs."""
    return {p.nrmp_code[:4]: p.state for p in programs if p.nrmp_code and len(p.nrmp_code) >= 4}


def parse_csv_stream(
    stream: BinaryIO, source: str, institution_states: Mapping[str, str] | None = None
) -> ImportPreview:
    """Validate every row of a CSV; raises CsvImportError for a file-level problem."""
    reader, delimiter = open_csv(stream, source)
    try:
        header = next(reader)
        mapping = _map_header(header, source)
        return _read_rows(reader, mapping, delimiter, source, institution_states or {})
    except csv.Error as error:
        raise CsvImportError(f"{source}, line {reader.line_num}: not valid CSV ({error})") from None


def read_rows(stream: BinaryIO, source: str) -> Iterator[tuple[int, list[str]]]:
    """The same bounded, checked reading for the app's other CSV imports (`core.own_figures_csv`):
    (line where the row starts, cells), the header first as line 1. CsvImportError for a
    binary, empty, non-UTF-8 or endless-line file or broken quoting, as for programs."""
    reader, _delimiter = open_csv(stream, source)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise CsvImportError(f"{source}, line {reader.line_num}: not valid CSV ({error})") from None


@dataclass(frozen=True)
class _Mapping:
    index: dict[str, int]  # field -> column
    written: dict[str, str]  # field -> header as written
    layout: str
    positions_year: int | None
    ignored: tuple[str, ...]


def _map_header(header: list[str], source: str) -> _Mapping:
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    year_quota: tuple[int, int] | None = None  # (year, column)
    for column, raw in enumerate(header):
        text = clean_line(raw)
        key = normalise(text)
        year = _YEAR_HEADER.match(key)
        if year and year.group(2) in ("quota", "positions"):
            if year_quota is None or int(year.group(1)) > year_quota[0]:
                year_quota = (int(year.group(1)), column)
                written["positions"] = text
            continue
        name = _HEADER_INDEX.get(key)
        if name is None or name in index:
            if text:
                ignored.append(text)
            continue
        index[name] = column
        written[name] = text
    positions_year = None
    if year_quota is not None and "positions" not in index:
        positions_year, index["positions"] = year_quota
    nrmp = {"table", "institution", "nrmp_code"} <= set(index) and "name" not in index
    missing = []
    if "specialty" not in index:
        missing.append("Specialty")
    if "name" not in index and "institution" not in index:
        missing.append("Program (or Sponsoring Institution)")
    if "city" not in index and "location" not in index:
        missing.append("City")
    if not {"state", "location", "table"} & set(index):
        missing.append("State")
    if missing:
        found = ", ".join(clean_line(h) for h in header if clean_line(h)) or "none"
        raise CsvImportError(f"{source}: missing column(s) {', '.join(missing)}. Found: {found}")
    return _Mapping(index, written, NRMP_LAYOUT if nrmp else SHEET_LAYOUT, positions_year, tuple(ignored))


# --- row level -------------------------------------------------------------------------------


class _RowError(ValueError):
    pass


def _read_rows(
    reader: _csv.Reader,
    mapping: _Mapping,
    delimiter: str,
    source: str,
    known_states: Mapping[str, str],
) -> ImportPreview:
    accepted: list[Program] = []
    rejected: list[RejectedRow] = []
    rejected_total = 0
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple[str, str, str], int] = {}
    inferred_setting = False
    line = reader.line_num + 1
    rows = 0
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise CsvImportError(
                f"{source} has more than {MAX_ROWS:,} program rows; SmartPick imports at most "
                f"{MAX_ROWS:,} at once (the whole NRMP Main Match has about 6,600 programs). "
                "Split the file or keep the programs you are considering."
            )
        try:
            program, inferred = _program_from_cells(cells, mapping, source, start, known_states)
        except _RowError as error:
            rejected_total += 1
            if len(rejected) < MAX_REJECTS_KEPT:
                rejected.append(RejectedRow(start, str(error)))
            continue
        code, names = code_key(program), name_key(program)
        earlier = (seen_codes.get(code) if code else None) or seen_names.get(names)
        if earlier is not None:
            rejected_total += 1
            if len(rejected) < MAX_REJECTS_KEPT:
                rejected.append(
                    RejectedRow(
                        start,
                        f"duplicate of line {earlier} (same program code, or name + city + specialty)",
                    )
                )
            continue
        if code:
            seen_codes[code] = start
        seen_names[names] = start
        inferred_setting |= inferred
        accepted.append(program)
    if rows == 0:
        raise CsvImportError(f"{source} has a header row but no programs")
    notes = []
    if mapping.layout == NRMP_LAYOUT:
        notes.append(
            "NRMP tables list no program name: each program is named by its sponsoring "
            "institution (and the location in its specialty cell, if any)."
        )
    if inferred_setting:
        notes.append(
            "No setting column: university vs community was guessed from the names "
            "('University', 'School of Medicine'...); the guess is noted in each source."
        )
    if mapping.ignored:
        notes.append("Ignored columns: " + ", ".join(mapping.ignored))
    return ImportPreview(
        source=source,
        layout=mapping.layout,
        delimiter=delimiter,
        columns=dict(mapping.written),
        accepted=tuple(accepted),
        rejected=tuple(rejected),
        rejected_total=rejected_total,
        notes=tuple(notes),
    )


def _cell(cells: list[str], mapping: _Mapping, name: str) -> str:
    column = mapping.index.get(name)
    if column is None or column >= len(cells):
        return ""
    value = clean_line(cells[column])
    if len(value) > MAX_CELL:
        raise _RowError(f"{mapping.written[name]} is longer than {MAX_CELL} characters")
    return value


def _program_from_cells(
    cells: list[str], mapping: _Mapping, source: str, line: int, known_states: Mapping[str, str]
) -> tuple[Program, bool]:
    def get(name: str) -> str:
        return _cell(cells, mapping, name)

    institution, name = get("institution"), get("name")
    specialty_id, track, suffix = parse_specialty_cell(get("specialty"))
    if not name:
        if not institution:
            raise _RowError("no program name or sponsoring institution")
        name = f"{institution} ({suffix})" if suffix else institution
    city, state = get("city"), get("state")
    location = get("location")
    if location and (not city or not state):
        loc_city, _, loc_state = location.rpartition(",")
        city = city or loc_city.strip()
        state = state or loc_state.strip()
    code = get("nrmp_code").upper() or None
    if code is not None and not NRMP_CODE.match(code):
        raise _RowError(f"program code {code!r} is not a 9-character NRMP code (e.g. 1234140C0)")
    state_code = _state(state, get("table") if "table" in mapping.index else "", code, known_states)
    if not city:
        raise _RowError("no city")
    track = _track(get("track"), track, code, specialty_id)
    setting, inferred = _setting(get("setting"), name, institution)
    positions = _positions(get("positions"))
    year = mapping.positions_year
    if get("positions_year"):
        year = _year(get("positions_year"))
    source_text = f"imported from {source}, line {line}"
    if acgme := get("acgme_id"):
        source_text += f"; ACGME ID {acgme}"
    if inferred:
        source_text += "; setting guessed from the name"
    program = Program(
        id=imported_id(code, name, city, specialty_id),
        name=name,
        institution=institution or name,
        city=city,
        state=state_code,
        specialty=specialty_id,
        track=track,
        setting=setting,
        nrmp_code=code,
        positions=positions,
        positions_year=year if positions is not None else None,
        source=source_text,
        imported=True,
    )
    return program, inferred


def parse_specialty_cell(text: str) -> tuple[str, Track | None, str | None]:
    """ "Emergency Medicine/Tampa" -> ("emergency-medicine", None, "Tampa");
    "Internal Medicine/Preliminary" -> ("preliminary-medicine", PRELIMINARY, None)."""
    if not text:
        raise _RowError("no specialty")
    try:
        return find_specialty(text).id, None, None
    except UnknownSpecialty:
        pass
    base, suffix = _split_suffix(text)
    try:
        specialty = find_specialty(base).id if base else None
    except UnknownSpecialty:
        specialty = None
    if specialty is None or not suffix:
        raise _RowError(f"unknown specialty {text!r}")
    word = normalise(suffix)
    if word in TRACK_WORDS:
        track = TRACK_WORDS[word]
        if track is Track.PRELIMINARY:
            specialty = PRELIM_SPECIALTY.get(specialty, specialty)
        return specialty, track, None
    try:
        other = find_specialty(suffix).id
    except UnknownSpecialty:
        other = None
    if other is not None and other != specialty:
        raise _RowError(f"combined program {text!r}: combined specialties are not in the catalog")
    if other == specialty:
        return specialty, None, None
    return specialty, None, suffix


def _split_suffix(text: str) -> tuple[str, str]:
    paren = re.match(r"^(.*?)\s*\((.+)\)\s*$", text)
    if paren:
        return paren.group(1).strip(), paren.group(2).strip()
    for separator in ("/", " - ", "-"):
        if separator in text:
            base, _, suffix = text.rpartition(separator) if separator == "-" else text.partition(separator)
            return base.strip(), suffix.strip()
    return text, ""


def _state(cell: str, table: str, code: str | None, known: Mapping[str, str]) -> str:
    """The state column, else the NRMP 'Table' cell, else the institution part of the code."""
    if cell or not table:
        return parse_state(cell)
    try:
        return parse_state(table)
    except _RowError:
        if code is not None and code[:4] in known:
            return known[code[:4]]
        raise _RowError(
            f"no state: the Table cell {table!r} names no US state and the program "
            "code's institution is not in the catalog; add a State column"
        ) from None


def parse_state(text: str) -> str:
    """A state code or name ("CA", "California", "Table: CALIFORNIA") -> "CA"."""
    if not text:
        raise _RowError("no state")
    if text.upper() in STATE_REGION:
        return text.upper()
    key = normalise(text)
    if key in STATE_NAMES:
        return STATE_NAMES[key]
    padded = f" {key} "
    for name in _STATE_NAMES_LONGEST:
        if f" {name} " in padded:
            return STATE_NAMES[name]
    raise _RowError(f"unknown state {text!r} (use a US state code such as CA or a state name)")


def _track(cell: str, from_specialty: Track | None, code: str | None, specialty: str) -> Track:
    if cell:
        try:
            return TRACK_WORDS[normalise(cell)]
        except KeyError:
            raise _RowError(
                f"unknown track {cell!r} (categorical, preliminary, advanced, physician, transitional)"
            ) from None
    if from_specialty is not None:
        return from_specialty
    if code is not None and code[7] in TRACK_BY_LETTER:
        return TRACK_BY_LETTER[code[7]]
    return SPECIALTY_TRACK.get(specialty, Track.CATEGORICAL)


def _setting(cell: str, name: str, institution: str) -> tuple[Setting, bool]:
    if cell:
        word = normalise(cell)
        if "affiliated" in word:
            return Setting.AFFILIATED, False
        if "community" in word:
            return Setting.COMMUNITY, False
        if "university" in word or "academic" in word:
            return Setting.UNIVERSITY, False
        raise _RowError(f"unknown setting {cell!r} (university, university-affiliated, community)")
    words = f"{name} {institution}".casefold()
    academic = any(word in words for word in ACADEMIC_WORDS)
    return (Setting.UNIVERSITY if academic else Setting.COMMUNITY), True


def _positions(cell: str) -> int | None:
    if not cell:
        return None
    text = cell.replace(",", "")
    if not text.isdigit() or not text.isascii() or int(text) > MAX_POSITIONS:
        raise _RowError(f"positions {cell!r} is not a whole number from 0 to {MAX_POSITIONS}")
    return int(text)


def _year(cell: str) -> int:
    if not (cell.isdigit() and cell.isascii() and 1990 <= int(cell) <= 2100):
        raise _RowError(f"year {cell!r} is not a year")
    return int(cell)

"""The student's own figures as CSV: `smartpick figures import FILE.csv` and `figures export`.

The format (README, "Your own figures"): one row per program, a header row, columns found by
name in any case or spacing; only `program` is required, every other column may be absent or
blank.

| column | holds |
| --- | --- |
| `program` | its id (`smartpick programs`), 9-character NRMP code, or a name the search finds once |
| `specialty`, `state` | optional, only to narrow a name (the default specialty: your profile's) |
| `interview_rate` | % of applicants of your type it invites (e.g. your Residency Explorer view) |
| `invites_like_me` | % of applicants like you (type and score) it invites |
| `rate_for` | the applicant type `interview_rate` is for: us-md, us-do, us-img, non-us-img (blank: yours) |
| `step2_min` | its stated minimum Step 2 CK |
| `step2_typical` | its stated typical (mean) Step 2 CK |
| `visa` | what it sponsors: none, J-1, H-1B or both |
| `takes_do`, `takes_img` | yes or no |
| `note`, `source` | your note; where the figure comes from |

Reading uses the programs import's bounded reader (`csv_import.read_rows`: size, line length,
encoding, binary files). The import is all or nothing: one bad row (a program the catalog does
not resolve, a rate of 140%, the same program twice) rejects the file with every bad row listed
by line, and nothing is stored. The export writes the same columns back, every cell through
`export.safe_cell` (a cell a spreadsheet would run as a formula gets a `'`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from smartpick_tui.core.catalog import Catalog, normalise
from smartpick_tui.core.catalog_search import CatalogIndex, Filters, SortKey, fold
from smartpick_tui.core.csv_import import MAX_CELL, CsvImportError, RejectedRow, parse_state, read_rows
from smartpick_tui.core.csv_reader import parse_csv_path
from smartpick_tui.core.export import safe_cell
from smartpick_tui.core.names import names
from smartpick_tui.core.own_figures import FIGURE_FIELDS, OwnFigure
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import UnknownSpecialty, find_specialty
from smartpick_tui.core.trackers import NOTE_MAX

MAX_FIGURE_ROWS = 5_000  # more than any one student's list; the whole Match is ~6,600 programs
MAX_ERRORS_SHOWN = 50
NRMP_CODE = re.compile(r"^\d{7}[A-Z]\d$")

# field -> header spellings (after `catalog.normalise`)
FIGURE_HEADERS: dict[str, tuple[str, ...]] = {
    "program": ("program", "program id", "id", "nrmp code", "program code", "program name", "name"),
    "specialty": ("specialty", "speciality"),
    "state": ("state", "st"),
    "interview_rate": (
        "interview rate",
        "interview rate for my applicant type",
        "interview rate my type",
        "invite rate",
        "interview rate percent",
    ),
    "invites_like_me": ("invites like me", "invites people like me", "like me", "invites like me percent"),
    "rate_for": ("rate for", "applicant type", "interview rate for"),
    "step2_min": (
        "step2 min",
        "step 2 min",
        "step2 minimum",
        "step 2 minimum",
        "minimum step 2",
        "min step 2",
    ),
    "step2_typical": ("step2 typical", "step 2 typical", "typical step 2", "mean step 2", "step2 mean"),
    "visa": ("visa", "visa sponsorship", "visas"),
    "takes_do": ("takes do", "do"),
    "takes_img": ("takes img", "img"),
    "note": ("note", "notes"),
    "source": ("source", "figure source", "source of the figure"),
    "display_name": ("display name",),  # written by the export for people; not read
}
_NOT_FIGURES = ("program", "specialty", "state", "display_name")
_HEADER_INDEX = {spelling: name for name, spellings in FIGURE_HEADERS.items() for spelling in spellings}
# The columns the export writes, in this order (the import reads them back).
EXPORT_COLUMNS = ("program", "display_name", *FIGURE_FIELDS)


@dataclass(frozen=True)
class FigureRow:
    line: int
    figure: OwnFigure
    program: Program


@dataclass(frozen=True)
class FiguresPreview:
    """What an import would store, or why it stores nothing (`errors`)."""

    source: str
    rows: tuple[FigureRow, ...]
    errors: tuple[RejectedRow, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class _RowError(ValueError):
    pass


class ProgramResolver:
    """Finds the catalog program a CSV cell names: an id, an NRMP code, or a name the Programs
    search finds once (in the row's specialty, else the profile's, and the row's state)."""

    def __init__(self, catalog: Catalog, index: CatalogIndex, default_specialty: str | None) -> None:
        self.catalog = catalog
        self.index = index
        self.default_specialty = default_specialty
        self._by_code: dict[str, list[Program]] = {}
        for program in catalog.programs:
            if program.nrmp_code:
                self._by_code.setdefault(program.nrmp_code.upper(), []).append(program)

    def resolve(self, text: str, specialty: str | None = None, state: str | None = None) -> Program:
        if text in self.catalog.by_id:
            return self.catalog.by_id[text]
        code = text.strip().upper()
        if NRMP_CODE.match(code):
            found = self._by_code.get(code, [])
            if not found:
                raise _RowError(f"no program with NRMP code {code} in the catalog")
            return found[0]
        specialty = specialty or self.default_specialty
        rows = self.index.search(Filters(text=text, specialty=specialty, place=state, sort=SortKey.NAME))
        if not rows:
            where = f" in {specialty}" if specialty else ""
            raise _RowError(
                f"no program{where} matches {text!r}: use its id (smartpick programs --query) or NRMP code"
            )
        if len(rows) > 1:
            exact = [i for i in rows if _names_exactly(self.index.programs[i], text)]
            if len(exact) == 1:
                return self.index.programs[exact[0]]
            main = _main_track([self.index.programs[i] for i in rows])
            if main is not None:
                return main
            shown = ", ".join(self.index.programs[i].id for i in rows[:3])
            raise _RowError(
                f"{text!r} matches {len(rows)} programs ({shown}{', ...' if len(rows) > 3 else ''}): "
                "use the program id or NRMP code, or add a state column"
            )
        return self.index.programs[rows[0]]


def _main_track(programs: Sequence[Program]) -> Program | None:
    """The main categorical track (NRMP code ending C0) when every match is a track of one
    program (same institution and specialty code: "MGH" finds its categorical, PSTP and
    primary-care tracks); the preview names the one chosen, and an id picks another."""
    codes = [p.nrmp_code or "" for p in programs]
    if not all(len(code) == 9 for code in codes) or len({code[:7] for code in codes}) != 1:
        return None
    main = [p for p, code in zip(programs, codes, strict=True) if code[7:] == "C0"]
    return main[0] if len(main) == 1 else None


def _names_exactly(program: Program, text: str) -> bool:
    known = names(program)
    wanted = fold(text)
    return any(fold(label) == wanted for label in (program.name, known.display, *known.aliases))


def parse_figures_file(path: Path, resolver: ProgramResolver) -> FiguresPreview:
    return parse_csv_path(path, lambda stream, name: parse_figures_stream(stream, name, resolver))


def parse_figures_bytes(data: bytes, resolver: ProgramResolver, source: str = "CSV") -> FiguresPreview:
    return parse_figures_stream(io.BytesIO(data), source, resolver)


def parse_figures_stream(stream: BinaryIO, source: str, resolver: ProgramResolver) -> FiguresPreview:
    """Every row checked and resolved; CsvImportError for a problem with the whole file."""
    rows = read_rows(stream, source)
    _line, header = next(rows)
    index, ignored = _map_header(header, source)
    accepted: list[FigureRow] = []
    errors: list[RejectedRow] = []
    seen: dict[str, int] = {}
    count = 0
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > MAX_FIGURE_ROWS:
            raise CsvImportError(
                f"{source} has more than {MAX_FIGURE_ROWS:,} rows; keep the programs you are considering"
            )
        try:
            row = _row(cells, index, line, resolver)
        except (_RowError, ValueError) as error:
            errors.append(RejectedRow(line, clean_line(str(error))))
            continue
        earlier = seen.get(row.program.id)
        if earlier is not None:
            errors.append(RejectedRow(line, f"the same program as line {earlier} ({row.program.id})"))
            continue
        seen[row.program.id] = line
        accepted.append(row)
    if count == 0:
        raise CsvImportError(f"{source} has a header row but no programs")
    return FiguresPreview(source, tuple(accepted), tuple(errors), ignored)


def _map_header(header: list[str], source: str) -> tuple[dict[str, int], tuple[str, ...]]:
    index: dict[str, int] = {}
    ignored: list[str] = []
    for column, raw in enumerate(header):
        text = clean_line(raw)
        name = _HEADER_INDEX.get(normalise(text))  # "Interview rate (%)" -> "interview rate"
        if name is None or name in index:
            if text:
                ignored.append(text)
            continue
        index[name] = column
    if "program" not in index:
        found = ", ".join(clean_line(h) for h in header if clean_line(h)) or "none"
        raise CsvImportError(
            f"{source}: no 'program' column (the program's id, NRMP code or name). Found: {found}"
        )
    if not set(index) - set(_NOT_FIGURES):
        raise CsvImportError(
            f"{source}: no figure columns (interview_rate, invites_like_me, step2_min, step2_typical, "
            "visa, takes_do, takes_img, note, source)"
        )
    return index, tuple(ignored)


def _row(cells: list[str], index: Mapping[str, int], line: int, resolver: ProgramResolver) -> FigureRow:
    def get(name: str) -> str:
        column = index.get(name)
        if column is None or column >= len(cells):
            return ""
        value = clean_line(cells[column])
        if len(value) > (NOTE_MAX if name == "note" else MAX_CELL):
            raise _RowError(f"{name} is longer than {NOTE_MAX if name == 'note' else MAX_CELL} characters")
        return value

    text = get("program")
    if not text:
        raise _RowError("no program")
    specialty = None
    if get("specialty"):
        try:
            specialty = find_specialty(get("specialty")).id
        except UnknownSpecialty:
            raise _RowError(f"unknown specialty {get('specialty')!r}") from None
    state = None
    if get("state"):
        try:
            state = parse_state(get("state"))
        except ValueError as error:
            raise _RowError(str(error)) from None
    program = resolver.resolve(text, specialty, state)
    values = {name: get(name) for name in FIGURE_HEADERS if name not in _NOT_FIGURES}
    figure = OwnFigure(program.id, **values).validated()  # type: ignore[arg-type]
    if figure.is_empty:
        raise _RowError("no figures in this row")
    return FigureRow(line, figure, program)


def preview_lines(preview: FiguresPreview) -> list[str]:
    """What the CLI prints: the rows it would store, or every bad row (one line each)."""
    if preview.errors:
        lines = [
            f"{preview.source}: {len(preview.errors)} bad row{'s' if len(preview.errors) > 1 else ''}; "
            "nothing was imported. Fix them and import again:"
        ]
        lines += [f"  line {e.line}: {e.reason}" for e in preview.errors[:MAX_ERRORS_SHOWN]]
        if len(preview.errors) > MAX_ERRORS_SHOWN:
            lines.append(f"  and {len(preview.errors) - MAX_ERRORS_SHOWN} more")
        return lines
    lines = [f"{preview.source}: {len(preview.rows)} program{'s' if len(preview.rows) != 1 else ''}"]
    for row in preview.rows:
        lines.append(
            f"  line {row.line}: {row.program.id} {clean_line(names(row.program).display)}: "
            f"{row.figure.summary()}"
        )
    if preview.ignored_columns:
        lines.append("Ignored columns: " + ", ".join(preview.ignored_columns))
    return lines


def figures_csv(figures: Iterable[OwnFigure], programs: Mapping[str, Program]) -> str:
    """The figures as the import reads them (plus each program's display name), safe to open
    in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for figure in sorted(figures, key=lambda f: f.program_id):
        data = figure.to_dict()
        program = programs.get(figure.program_id)
        data["program"] = figure.program_id
        data["display_name"] = names(program).display if program else ""
        writer.writerow([safe_cell(data.get(column)) for column in EXPORT_COLUMNS])
    return out.getvalue()


def unknown_programs(figures: Iterable[OwnFigure], programs: Mapping[str, Program]) -> Sequence[str]:
    """Ids of stored figures whose program is no longer in the catalog (an import removed)."""
    return [figure.program_id for figure in figures if figure.program_id not in programs]

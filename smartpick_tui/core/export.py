"""Programs as a spreadsheet: the CSV that `smartpick programs export` writes.

Students keep their list in a spreadsheet; this gives them one row per program with what the
app knows (facts), what it thinks (estimates, labelled as such in the header) and what they
decided (marks, notes, their own class). Spreadsheets run a cell that starts with `=`, `+`,
`-`, `@`, a tab or a CR as a formula (docs/pitfalls.md, OWASP CSV injection): such a cell gets a `'`
in front, so a program name or a note from a CSV file can never run in the user's sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from smartpick_tui.core.sanitize import clean_text
from smartpick_tui.core.trackers import ProgramMark, Record

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARK_COLUMNS = ("apply", "away_candidate", "email_target", "exclude")
ESTIMATE_KEYS = (
    "tier",
    "typical_step2",
    "takes_outside_rotators",
    "home_saturation",
    "do_friendly",
    "img_friendly",
)
# (header, key in the `programs --json` object); "(est.)" marks the app's estimates.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("display_name", "display_name"),
    ("short_name", "short_name"),
    ("nrmp_name", "name"),
    ("subtitle", "subtitle"),
    ("institution", "institution"),
    ("city", "city"),
    ("state", "state"),
    ("region", "region"),
    ("specialty", "specialty"),
    ("track", "track"),
    ("setting", "setting"),
    ("nrmp_code", "nrmp_code"),
    ("positions", "positions"),
    ("positions_year", "positions_year"),
    ("class (est.)", "class"),
    ("class_is_yours", "class_is_override"),
    ("interview_chance (est.)", "p_interview"),
    ("score_gap (est.)", "score_gap"),
    ("reason (est.)", "reason"),
    *((f"{key} (est.)", f"estimates.{key}") for key in ESTIMATE_KEYS),
    *((key, f"mark.{key}") for key in MARK_COLUMNS),
    ("notes", "mark.notes"),
    ("source", "source"),
    ("imported", "imported"),
)


def safe_cell(value: object) -> str:
    """One cell as text a spreadsheet shows and never runs: None is empty, booleans read
    yes/no, control characters other than tab and newline are dropped (CR included), and a
    leading formula character gets a `'` in front."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = clean_text(str(value))  # drops CR too; a leading tab stays and is neutralised
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_row(program: Mapping[str, object], mark: ProgramMark | None) -> list[str]:
    """The cells of one program: `program` is its `programs --json` object."""
    estimates = program.get("estimates")
    cells = []
    for _header, key in COLUMNS:
        if key.startswith("estimates."):
            value = estimates.get(key.partition(".")[2]) if isinstance(estimates, Mapping) else None
        elif key.startswith("mark."):
            value = getattr(mark, key.partition(".")[2]) if mark is not None else None
            if value is None and key != "mark.notes":
                value = False
        else:
            value = program.get(key)
        cells.append(safe_cell(value))
    return cells


def export_csv(programs: Iterable[Mapping[str, object]], marks: Mapping[str, ProgramMark]) -> str:
    """The whole file: a header, then one row per program, CRLF line ends as RFC 4180 has."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([header for header, _ in COLUMNS])
    for program in programs:
        writer.writerow(export_row(program, marks.get(str(program.get("id")))))
    return out.getvalue()


def is_marked(mark: ProgramMark | None) -> bool:
    """Whether the user has done anything with a program: a mark, a note or their own class."""
    return mark is not None and (
        any(getattr(mark, key) for key in MARK_COLUMNS) or bool(mark.notes) or mark.class_override is not None
    )


def records_csv(
    records: Iterable[Record], columns: Iterable[str], headers: Mapping[str, str] | None = None
) -> str:
    """Tracker records (aways, letters, outreach, interviews) as CSV, one row each, the
    columns in the record's own field order, every cell through `safe_cell`. `headers`
    renames some columns (the ratings: `Criteria.columns`, as `rank.csv` names them)."""
    header = list(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell((headers or {}).get(name, name)) for name in header])
    for record in records:
        data = record.to_dict()
        writer.writerow([safe_cell(_cell_value(data.get(name))) for name in header])
    return out.getvalue()


def _cell_value(value: object) -> object:
    """Lists (a record's tuple fields) as '; '-joined text; the rest as it is."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    return value

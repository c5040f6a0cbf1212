"""One programs.csv row, the CSV text of a build, and writing it (or `--check`ing it)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from smartpick_tui.core.programs import CATALOG_COLUMNS  # one table with the app and the importer


def catalog_row(
    row_id: str,
    name: str,
    institution: str,
    place: tuple[str, str, str],
    specialty: str,
    track: str,
    setting: str,
    nrmp_code: str,
    source: str,
) -> dict[str, str]:
    """One programs.csv row; `place` is (city, state, city_basis). Positions are filled later,
    where a results file publishes them."""
    city, state, basis = place
    row = {
        "id": row_id,
        "name": name,
        "institution": institution,
        "city": city,
        "state": state,
        "specialty": specialty,
        "track": track,
        "setting": setting,
        "nrmp_code": nrmp_code,
        "positions": "",
        "positions_year": "",
        "source": source,
        "city_basis": basis,
    }
    assert tuple(row) == CATALOG_COLUMNS  # the app reads the file with these columns
    return row


def render(rows: list[dict[str, str]], columns: tuple[str, ...] = CATALOG_COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_or_check(out: Path, text: str, check: bool) -> int:
    """Write `out`, or with `check` exit 1 when it differs from what the sources rebuild."""
    if check:
        if (out.read_text(encoding="utf-8") if out.exists() else "") != text:
            print(f"data/{out.name} is stale: rerun the build script", file=sys.stderr)
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    return 0

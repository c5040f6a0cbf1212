"""A CSV import previewed one way for the Programs tab's dialog and `smartpick programs import`.

The two used to read the file against different catalogs (the CLI the shipped one, the tab
whatever it had loaded, or nothing yet), so an NRMP table whose rows name no state could be
placed by one and rejected by the other. Here the states come from the catalog the app shows
(shipped + imports), and both front ends print the same lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from smartpick_tui.core.catalog import MergePlan, cached_catalog, plan_lines
from smartpick_tui.core.csv_import import ImportPreview, institution_states, parse_csv_file
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.store.imports import preview_import


@dataclass(frozen=True)
class CsvPreview:
    """What importing a file would do: its rows (accepted, rejected) and the merge."""

    preview: ImportPreview
    plan: MergePlan


def catalog_states(imports_path: Path) -> dict[str, str]:
    """NRMP institution code -> state, from the shipped catalog and the user's imports."""
    return institution_states(cached_catalog(imports_path).programs)


def preview_csv(path: Path, imports_path: Path, known: Mapping[str, str] | None = None) -> CsvPreview:
    """Read `path` and plan its merge into the imports file, storing nothing. `known` is
    `catalog_states(imports_path)`, passed in by a caller that has it already (the TUI's
    child process). CsvImportError for an unreadable file, StoreError for the imports file."""
    preview = parse_csv_file(path, catalog_states(imports_path) if known is None else known)
    return CsvPreview(preview, preview_import(imports_path, preview.accepted))


def preview_lines(preview: ImportPreview, rejects_shown: int | None = None) -> list[str]:
    """The file, the counts, the rejected rows with their line numbers (at most
    `rejects_shown`), the reader's notes: the same lines in the dialog and the CLI."""
    separator = "tab" if preview.delimiter == "\t" else repr(preview.delimiter)
    lines = [
        f"{clean_line(preview.source)}: {preview.layout}, separator {separator}",
        f"{preview.rows:,} rows: {len(preview.accepted):,} accepted, {preview.rejected_total:,} rejected",
    ]
    listed = preview.rejected if rejects_shown is None else preview.rejected[:rejects_shown]
    lines += [f"  rejected line {row.line}: {clean_line(row.reason)}" for row in listed]
    if preview.rejected_total > len(listed):
        more = f"  ... and {preview.rejected_total - len(listed):,} more rejected rows"
        if len(listed) < len(preview.rejected):
            more += " (smartpick programs import FILE --dry-run lists them all)"
        lines.append(more)
    lines += [f"note: {clean_line(note)}" for note in preview.notes]
    return lines


def csv_preview_lines(found: CsvPreview, rejects_shown: int | None = None) -> list[str]:
    """`preview_lines`, then the merge plan when some rows were accepted."""
    lines = preview_lines(found.preview, rejects_shown)
    return lines + (plan_lines(found.plan) if found.preview.accepted else [])

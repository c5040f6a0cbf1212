"""A plan to share with an outside mentor, as plain rows (`services.shared_plan` gathers it from
the state, `drafts.shared_plan` renders it). Every string is already cleaned of control and bidi
characters; the HTML template escapes it, the Markdown one escapes its own specials."""

from __future__ import annotations

from dataclasses import dataclass, field

ESTIMATE_NOTE = (
    "Chances, classes and the match estimate are SmartPick's estimates from public program facts "
    "and published Match outcomes, not program data."
)


@dataclass(frozen=True)
class Row:
    """One line of a table: its cells, and the student's note when notes are shared."""

    cells: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    empty: str  # what the page says when there is no row


@dataclass(frozen=True)
class SharedPlan:
    """Everything the page shows, as text."""

    title: str
    generated_on: str
    summary: tuple[tuple[str, str], ...]
    diagnosis: tuple[tuple[str, str], ...]
    list_headline: str
    tables: tuple[Table, ...]
    todo: tuple[str, ...]
    estimate_note: str = ESTIMATE_NOTE
    notes_included: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)

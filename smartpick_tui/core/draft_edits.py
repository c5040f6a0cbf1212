"""A draft the user edited: the text as typed, kept per kind × program × variant.

A rendered draft is not state (it is re-made from the templates at will); an edit is. The key
is what the text was rendered from: the kind, the program (empty for a snippet written with
no program chosen) and the concrete variant number shown — not "auto", so choosing variant 2
by hand finds the edit made while "auto" showed variant 2.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.sanitize import clean_line, clean_text
from smartpick_tui.core.trackers import NAME_MAX, Record, parse_date

DRAFT_TEXT_MAX = 20_000  # the user-template output cap (templates/README.md): a draft is short


def draft_key(kind: DraftKind | str, program_id: str | None, variant: int) -> str:
    """'radar|1716110C0|2': one stored edit per kind × program × variant."""
    return f"{DraftKind(kind).value}|{program_id or ''}|{int(variant)}"


@dataclass(frozen=True)
class DraftEdit(Record):
    kind: str
    program_id: str
    variant: int
    text: str
    edited_on: str | None = None  # YYYY-MM-DD
    key: str = ""

    def validated(self) -> DraftEdit:
        kind = DraftKind(self.kind).value  # ValueError names the bad kind
        variant = self.variant
        if isinstance(variant, bool) or not isinstance(variant, int) or variant < 1:
            raise ValueError(f"variant {variant!r} is not a variant number (1, 2, …)")
        program_id = clean_line(str(self.program_id))[:NAME_MAX]
        return replace(
            self,
            kind=kind,
            program_id=program_id,
            variant=variant,
            text=clean_text(self.text)[:DRAFT_TEXT_MAX],
            edited_on=parse_date(self.edited_on),
            key=draft_key(kind, program_id, variant),
        )

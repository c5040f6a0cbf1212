"""The one gate for text entering the app (docs/pitfalls.md: escape sequences pass through widgets).

Strips C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9F), and the invisible
characters that reorder or hide what the user reads (docs/pitfalls.md: they pass a control filter):
bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), the directional marks
(U+200E, U+200F, U+061C), zero-width space and non-joiner (U+200B, U+200C), word joiner and
invisible operators (U+2060-2064), and the byte-order mark used as a zero-width no-break space
(U+FEFF). The zero-width joiner (U+200D) stays: it glues emoji sequences together. Every
printable character, accents, CJK and emoji included, is kept.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def clean_text(value: str) -> str:
    """Return `value` without terminal control characters and invisible reordering marks."""
    return _CONTROL.sub("", value)


def clean_line(value: str) -> str:
    """Like `clean_text`, for one-line fields: newlines and tabs become spaces, ends trimmed."""
    return clean_text(value).replace("\n", " ").replace("\t", " ").strip()

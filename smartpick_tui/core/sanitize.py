"""The one gate for text entering the app (PITFALLS: escape sequences pass through widgets).

Strips C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9F); keeps every
printable character, accents, CJK and emoji included.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Return `value` without terminal control characters."""
    return _CONTROL.sub("", value)


def clean_line(value: str) -> str:
    """Like `clean_text`, for one-line fields: newlines and tabs become spaces, ends trimmed."""
    return clean_text(value).replace("\n", " ").replace("\t", " ").strip()

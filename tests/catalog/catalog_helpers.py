"""Program fixtures for the catalog tests: clearly synthetic programs, never invented real ones."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from smartpick_tui.core.programs import Program, Setting, Track

# The source extracts stay in the repository (the sdist and the wheel leave them out): a test that
# rebuilds a shipped file from them runs in a checkout, and says why it is skipped elsewhere.
SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"
needs_sources = pytest.mark.skipif(
    not SOURCES.is_dir(), reason="data/sources/ is in the repository only (not in the sdist)"
)

CITIES = (
    ("Boston", "MA"),
    ("Houston", "TX"),
    ("Cleveland", "OH"),
    ("Seattle", "WA"),
    ("Sacramento", "CA"),
    ("Denver", "CO"),
)


def program(number: int = 1, **changes: object) -> Program:
    """'Synthetic Program 0000N' in a real city; any field can be overridden."""
    city, state = CITIES[number % len(CITIES)]
    base = Program(
        id=f"syn-{number:05d}",
        name=f"Synthetic Program {number:05d}",
        institution=f"Synthetic Medical Center {number:05d}",
        city=city,
        state=state,
        specialty="internal-medicine",
        track=Track.CATEGORICAL,
        setting=Setting.UNIVERSITY,
        positions=10,
        positions_year=2025,
        source="synthetic test fixture",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def synthetic(count: int, specialties: tuple[str, ...] = ("internal-medicine",)) -> list[Program]:
    settings = list(Setting)
    return [
        program(
            i,
            specialty=specialties[i % len(specialties)],
            setting=settings[i % 3],
            positions=1 + i % 40,
        )
        for i in range(1, count + 1)
    ]

"""Program fixtures for the catalog tests: clearly synthetic programs, never invented real ones."""

from __future__ import annotations

from dataclasses import replace

from smartpick_tui.core.programs import Program, Setting, Track

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

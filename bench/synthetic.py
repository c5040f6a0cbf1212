"""The benchmarks' catalog: the shipped programs padded with clearly synthetic rows
("Synthetic Program 00001", real city/state pairs, never invented real programs), and what a
student types into the search."""

from __future__ import annotations

from smartpick_tui.core.programs import Program, Setting, Track, shipped_catalog
from smartpick_tui.core.specialties import all_specialties

# Real city/state pairs for the synthetic rows (the programs themselves are synthetic).
CITIES = (
    ("Boston", "MA"),
    ("Houston", "TX"),
    ("Cleveland", "OH"),
    ("Seattle", "WA"),
    ("Nashville", "TN"),
    ("Denver", "CO"),
    ("Rochester", "MN"),
    ("Miami", "FL"),
    ("Chicago", "IL"),
    ("Phoenix", "AZ"),
    ("Baltimore", "MD"),
    ("Portland", "OR"),
)
# What a student types: words, a typo, deletions, a filter-narrowing query.
TYPING = (
    ["b", "o", "s", "t", "o", "n"]
    + ["backspace"] * 6
    + list("stanfrod")
    + ["backspace"] * 8
    + list("synthetic program 0042")
    + ["backspace"] * 22
    + list("medical center")
    + ["backspace"] * 14
    + list("clevland")
)


def synthetic_programs(count: int) -> list[Program]:
    specialties = [s.id for s in all_specialties()]
    settings = list(Setting)
    programs = []
    for i in range(1, count + 1):
        city, state = CITIES[i % len(CITIES)]
        programs.append(
            Program(
                id=f"synthetic-{i:05d}",
                name=f"Synthetic Program {i:05d}",
                institution=f"Synthetic Medical Center {i % 997:03d}",
                city=city,
                state=state,
                specialty=specialties[i % len(specialties)],
                track=Track.CATEGORICAL,
                setting=settings[i % len(settings)],
                positions=1 + i % 40,
                source="synthetic benchmark row, not a real program",
            )
        )
    return programs


def shipped_count() -> int:
    try:
        return len(shipped_catalog())
    except (OSError, ValueError, KeyError):
        return 0

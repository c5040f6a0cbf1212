"""Hand-made programs for the SmartPick tests (test data, never shipped)."""

from __future__ import annotations

from smartpick_tui.core.geography import STATE_REGION
from smartpick_tui.core.programs import Program, Setting, Track

STATES = sorted(s for s in STATE_REGION if s != "PR")
SETTINGS = (Setting.UNIVERSITY, Setting.AFFILIATED, Setting.COMMUNITY)


def program(
    i: int,
    specialty: str = "internal-medicine",
    setting: Setting = Setting.COMMUNITY,
    state: str = "OH",
    positions: int | None = None,
    name: str | None = None,
    top: bool = False,
) -> Program:
    """`top`: sponsored by the synthetic research hospital of conftest.py (code 9001)."""
    return Program(
        id=f"t-{specialty}-{i}",
        name=name or f"Test Program {i}",
        institution=f"Test Institution {i}",
        city="Testville",
        state=state,
        specialty=specialty,
        track=Track.CATEGORICAL,
        setting=setting,
        nrmp_code=f"9001{i % 1000:03d}C0" if top else None,
        positions=positions,
    )


def catalog(count: int, specialty: str = "internal-medicine") -> list[Program]:
    """`count` programs spread over settings, states and sizes; every ninth is a big program of
    the synthetic research hospital ('top' in `core.estimates`)."""
    return [
        program(
            i,
            specialty,
            SETTINGS[i % 3],
            STATES[(i * 7) % len(STATES)],
            positions=200 if i % 9 == 0 else 10,
            top=i % 9 == 0,
        )
        for i in range(count)
    ]

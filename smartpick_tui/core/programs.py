"""Residency programs: the facts (shipped catalog or the user's import) and the modeled estimates.

Facts come from `data/programs.csv`, one real program per row with its `source`. Estimates are
never stored as facts: `Estimates` is computed by `core.estimates` and labelled as such
wherever it is shown.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from smartpick_tui.core.geography import STATE_DIVISION, STATE_REGION
from smartpick_tui.locations import data_dir

CATALOG_FILE = "programs.csv"
CATALOG_COLUMNS = (
    "id",
    "name",
    "institution",
    "city",
    "state",
    "specialty",
    "track",
    "setting",
    "nrmp_code",
    "positions",
    "positions_year",
    "source",
    "city_basis",
)


class Track(str, Enum):
    CATEGORICAL = "categorical"
    PRELIMINARY = "preliminary"
    ADVANCED = "advanced"
    TRANSITIONAL = "transitional"
    PHYSICIAN = "physician"


# NRMP track letter (8th character of the program code) -> track; the catalog build and the
# CSV importer both read codes through this table. C categorical, M primary-care categorical,
# A advanced (PGY-2 start), R reserved for physicians (applicants with prior GME), P preliminary
# (PGY-1 only; the Transitional Year uses P too).
TRACK_BY_LETTER: dict[str, Track] = {
    "C": Track.CATEGORICAL,
    "M": Track.CATEGORICAL,
    "A": Track.ADVANCED,
    "R": Track.PHYSICIAN,
    "P": Track.PRELIMINARY,
}


class Setting(str, Enum):
    UNIVERSITY = "university"
    AFFILIATED = "university-affiliated"
    COMMUNITY = "community"


class Tier(str, Enum):
    """Modeled (estimate): the §3 tiers the article's advice is written in."""

    TOP = "top"
    MID_HIGH = "mid-high academic"
    LOW_MID = "low-mid academic"
    COMMUNITY = "community"


@dataclass(frozen=True, slots=True)
class Program:
    """Facts only. `imported` marks a row from the user's CSV rather than the shipped catalog."""

    id: str
    name: str
    institution: str
    city: str
    state: str
    specialty: str  # specialty id (data/specialties.json)
    track: Track
    setting: Setting
    nrmp_code: str | None = None
    positions: int | None = None
    positions_year: int | None = None
    source: str = ""
    imported: bool = False
    city_basis: str = ""  # how the city was found (data/PROGRAMS.md, `city`); "" for imports

    @property
    def region(self) -> str:
        return STATE_REGION.get(self.state, "")

    @property
    def division(self) -> str:
        return STATE_DIVISION.get(self.state, "")


@dataclass(frozen=True, slots=True)
class Estimates:
    """Modeled fields (estimates, not facts); the rules that derive them are in core.estimates."""

    tier: Tier
    typical_step2: int  # typical Step 2 CK of interviewed applicants
    takes_outside_rotators: float  # 0-1: how seriously outside rotators are taken
    home_saturation: float  # 0-1: how saturated with home students the aways are
    do_friendly: float  # 0-1
    img_friendly: float  # 0-1, US IMG applicants
    non_us_img_friendly: float = 0.0  # 0-1
    selectivity: float = 0.5  # 0-1, continuous; `tier` is a label over it
    factors: tuple[str, ...] = ()  # the facts that moved these estimates, in words
    typical_exact: float | None = None  # unrounded typical Step 2 (the model uses it)
    # The fitted invitation model (core.estimates): per applicant type (US MD, US DO, US IMG,
    # non-US IMG) the logit of the chance for a typical applicant of that type, and the facts
    # that moved it most, in words.
    invite_logit: tuple[float, ...] = ()
    invite_factors: tuple[tuple[str, ...], ...] = ()


def optional_int(text: str) -> int | None:
    """A blank cell of a data CSV is unknown (None), not 0."""
    text = text.strip()
    return int(text) if text else None


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a shipped data CSV (`data/<name>`); none when the file is missing, so the
    fact tables read as unknown and their callers fall back."""
    try:
        handle = (data_dir() / name).open(encoding="utf-8", newline="")
    except OSError:
        return []
    with handle:
        return list(csv.DictReader(handle))


def program_from_row(row: dict[str, str], imported: bool = False) -> Program:
    return Program(
        id=row["id"],
        name=row["name"],
        institution=row["institution"],
        city=row["city"],
        state=row["state"],
        specialty=row["specialty"],
        track=Track(row["track"]),
        setting=Setting(row["setting"]),
        nrmp_code=row.get("nrmp_code") or None,
        positions=optional_int(row.get("positions", "")),
        positions_year=optional_int(row.get("positions_year", "")),
        source=row.get("source", ""),
        imported=imported,
        city_basis=row.get("city_basis", ""),
    )


def read_catalog(path: Path) -> tuple[Program, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(program_from_row(row) for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def shipped_catalog() -> tuple[Program, ...]:
    """The catalog shipped in `data/` (read once per process)."""
    return read_catalog(data_dir() / CATALOG_FILE)

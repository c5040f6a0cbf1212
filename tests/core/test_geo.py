"""Places and distances: the gazetteer the "near a city" filter reads, on the shipped data."""

from __future__ import annotations

import pytest

from smartpick_tui.core.catalog_search import CatalogIndex, Filters, Near
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.geo import PlaceError, locate, miles_between, parse_place
from smartpick_tui.core.programs import shipped_catalog


@pytest.mark.parametrize(
    "typed, name, state",
    [
        ("Houston", "Houston", "TX"),  # the most populous Houston, not Houston, MO
        ("houston texas", "Houston", "TX"),
        ("Houston, MO", "Houston", "MO"),
        ("St. Louis, MO", "St. Louis", "MO"),
        ("Saint Louis", "St. Louis", "MO"),
        ("Fort Worth", "Fort Worth", "TX"),
        ("Ft Worth, tx", "Fort Worth", "TX"),
        ("Albany New York", "Albany", "NY"),
        ("New York", "New York City", "NY"),
        ("San German, PR", "San Germán", "PR"),
    ],
)
def test_parse_place_understands_how_people_type_cities(typed: str, name: str, state: str) -> None:
    place = parse_place(typed)
    assert (place.name, place.state) == (name, state)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("Houstn", "did you mean"),
        ("Houston, Texass", "not a US state"),
        ("", "type a city"),
        ("Atlantis, TX", "no place called 'Atlantis' in TX"),
    ],
)
def test_parse_place_refuses_with_a_message_that_helps(typed: str, message: str) -> None:
    with pytest.raises(PlaceError, match=message):
        parse_place(typed)


def test_published_distances_between_cities() -> None:
    """Great-circle distances within 2% of the published straight-line figures."""
    houston, dallas = parse_place("Houston, TX"), parse_place("Dallas, TX")
    boston, nyc = parse_place("Boston, MA"), parse_place("New York, NY")
    assert miles_between(houston, dallas) == pytest.approx(225, rel=0.02)
    assert miles_between(boston, nyc) == pytest.approx(190, rel=0.02)
    assert miles_between(houston, houston) == 0


def test_every_catalog_city_has_coordinates() -> None:
    unplaced = sorted(
        {(p.city, p.state) for p in shipped_catalog() if p.city and locate(p.city, p.state) is None}
    )
    assert unplaced == []


def test_near_filter_keeps_exactly_the_programs_within_the_radius() -> None:
    programs = shipped_catalog()
    index = CatalogIndex(programs, estimate_all(programs))
    houston = parse_place("Houston, TX")
    near = index.search(Filters(near=Near(houston, 150), specialty="emergency-medicine"))
    places = index.places()
    assert near, "Texas Medical Center EM programs are within 150 miles of Houston"
    for i in near:
        assert programs[i].specialty == "emergency-medicine"
        assert miles_between(houston, places[i]) <= 150  # type: ignore[arg-type]
    outside = [
        i
        for i, p in enumerate(programs)
        if p.specialty == "emergency-medicine" and places[i] is not None and i not in set(near)
    ]
    assert outside and all(miles_between(houston, places[i]) > 150 for i in outside)  # type: ignore[arg-type]
    assert {programs[i].city for i in near} >= {"Houston", "Galveston"}
    assert "Dallas" not in {programs[i].city for i in near}
    assert Filters(near=Near(houston, 150)).narrowed
    assert "≤ 150 mi of Houston, TX" in Filters(near=Near(houston, 150)).describe()

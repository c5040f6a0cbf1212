"""The Programs tab's "near a city" question: a city and a distance, checked by `core.geo`."""

from __future__ import annotations

from typing import Any

from smartpick_tui.core.catalog_search import Near
from smartpick_tui.core.geo import DEFAULT_MILES, PlaceError, parse_miles, parse_place
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.tui.screens.form import FormField, RecordForm


def _near(raw: dict[str, Any]) -> tuple[Near | None]:
    """The typed city and miles as a distance filter; (None,) for an empty city (anywhere)."""
    city = clean_line(str(raw.get("city") or ""))
    if not city.strip():
        return (None,)
    try:
        place = parse_place(city)
    except PlaceError as error:
        raise ValueError(f"city: {error}") from None
    try:
        miles = parse_miles(str(raw.get("miles") or ""))
    except PlaceError as error:
        raise ValueError(f"miles: {error}") from None
    return (Near(place, miles),)


def near_form(near: Near | None) -> RecordForm[tuple[Near | None]]:
    """The form, filled with the filter in use; it dismisses with `(Near | None,)`."""
    fields = [
        FormField("city", "City", placeholder="e.g. Houston, TX (empty: anywhere)"),
        FormField("miles", "Within miles", placeholder=str(DEFAULT_MILES)),
    ]
    values = {
        "city": f"{near.place.name}, {near.place.state}" if near else "",
        "miles": str(near.miles) if near else str(DEFAULT_MILES),
    }
    return RecordForm("Programs near a city", fields, values, _near)

"""The Programs tab's filter bar: specialty, place, setting, tier, class and sort selects.

A user's choice is posted as one `Changed(field, value)` in `Filters` terms; `show` sets the
selects from a `Filters` (the caller prevents the echo, `ProgramsPane._sync_controls`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Select

from smartpick_tui.core.catalog_search import Filters, SortKey
from smartpick_tui.core.geography import DIVISIONS, REGIONS, STATE_REGION
from smartpick_tui.core.programs import Setting, Tier
from smartpick_tui.core.specialties import all_specialties
from smartpick_tui.core.trackers import ProgramClass

# The select id suffix -> the Filters field it sets, and that field's type.
SELECT_FIELDS: dict[str, tuple[str, Callable[[str], object]]] = {
    "specialty": ("specialty", str),
    "place": ("place", str),
    "setting": ("setting", Setting),
    "tier": ("tier", Tier),
    "class": ("klass", ProgramClass),
    "sort": ("sort", SortKey),
}


def _place_options() -> list[tuple[str, str]]:
    options = [(f"{region} (region)", region) for region in REGIONS]
    options += [(f"{division} (division)", division) for division in DIVISIONS if division != "Territories"]
    options += [(state, state) for state in sorted(STATE_REGION)]
    return options


class ProgramFilters(Horizontal):
    class Changed(Message):
        """The user chose `value` (None: the select was cleared) for the Filters `field`."""

        def __init__(self, field: str, value: object) -> None:
            super().__init__()
            self.field = field
            self.value = value

    def compose(self) -> ComposeResult:
        yield Select(
            [(s.name, s.id) for s in all_specialties()],
            prompt="Specialty",
            compact=True,
            id="filter-specialty",
        )
        yield Select(_place_options(), prompt="Place", compact=True, id="filter-place")
        yield Select(
            [(s.value, s.value) for s in Setting], prompt="Setting", compact=True, id="filter-setting"
        )
        yield Select(
            [(f"{t.value} (est.)", t.value) for t in Tier],
            prompt="Tier (est.)",
            compact=True,
            id="filter-tier",
        )
        yield Select(
            [(c.value, c.value) for c in ProgramClass], prompt="Class", compact=True, id="filter-class"
        )
        yield Select(
            [(f"sort: {k.label}", k.value) for k in SortKey],
            value=SortKey.FIT.value,
            allow_blank=False,
            compact=True,
            id="filter-sort",
        )

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        field = SELECT_FIELDS.get((event.select.id or "").removeprefix("filter-"))
        if field is None:
            return
        event.stop()
        name, convert = field
        value = None if event.value is Select.NULL else convert(str(event.value))
        if name == "sort" and value is None:
            value = SortKey.FIT  # the sort select has no blank; never leave the list unsorted
        self.post_message(self.Changed(name, value))

    def show(self, filters: Filters) -> None:
        """Set every select to what `filters` holds."""
        for select in self.query(Select).results(Select):
            field = SELECT_FIELDS.get((select.id or "").removeprefix("filter-"))
            if field is None:
                continue
            value = getattr(filters, field[0])
            if value is None:
                select.clear()
            else:
                select.value = getattr(value, "value", value)

"""The one catalog search behind every place a program is chosen: the Programs tab's index
(`CatalogIndex.search`: names, everyday names such as "MGH" or "UTSW", institution, city;
typos ok; best match first), with the student's specialty first.

The trackers' pickers (Aways, Interviews, Outreach) and the Drafts program search call this,
so "utmb" finds the same program in a picker as in `smartpick programs --query utmb` (the
pickers used to filter by plain substrings in catalog order: "UTSW" found nothing, "MGH"
offered other specialties before MGH Internal Medicine).
"""

from __future__ import annotations

from smartpick_tui.core.catalog_search import CatalogIndex, Filters, SortKey
from smartpick_tui.core.programs import Program

SEARCH_LIMIT = 40


def search_programs(
    index: CatalogIndex, query: str, specialty: str | None, limit: int = SEARCH_LIMIT
) -> list[Program]:
    """The programs `query` finds, at most `limit`: the student's specialty first, within it
    (and then among the others) the best match first, then by name."""
    rows = index.search(Filters(text=query, sort=SortKey.NAME))
    if specialty:
        programs = index.programs
        rows.sort(key=lambda i: programs[i].specialty != specialty)  # stable: keeps the match order
    return [index.programs[i] for i in rows[:limit]]

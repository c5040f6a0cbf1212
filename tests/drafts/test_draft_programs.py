"""The Drafts tab's program search is the Programs tab's (`CatalogIndex.search`): typo-tolerant,
everyday names, best match first, the user's specialty first; over the real merged catalog
(shipped + an imports file), through the shared index of `services.catalog`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from drafts_helpers import HENNEPIN, UTAH

from smartpick_tui.services.catalog import indexed_catalog
from smartpick_tui.services.draft_programs import SEARCH_LIMIT, search_programs
from smartpick_tui.store.imports import write_imports
from smartpick_tui.store.paths import imports_path


def _index(tmp_path: Path, *programs):  # type: ignore[no-untyped-def]
    path = imports_path(tmp_path / "state.json")
    write_imports(path, programs)
    return indexed_catalog(path)[1]


def test_a_typo_still_finds_the_program(tmp_path: Path):
    index = _index(tmp_path, UTAH, HENNEPIN)
    # "Henepin": one letter short. The old substring scan found nothing.
    assert HENNEPIN in search_programs(index, "Henepin", "internal-medicine")


def test_the_users_specialty_comes_first_and_the_list_is_capped(tmp_path: Path):
    peds = dataclasses.replace(HENNEPIN, id="imp-hennepin-peds", specialty="pediatrics")
    index = _index(tmp_path, peds, HENNEPIN)
    hits = search_programs(index, "Hennepin", "pediatrics")
    assert hits[0].id == "imp-hennepin-peds"
    assert HENNEPIN in hits
    assert len(search_programs(index, "hospital", "internal-medicine")) == SEARCH_LIMIT


def test_the_index_is_built_once_per_catalog_and_anew_after_an_import(tmp_path: Path):
    path = imports_path(tmp_path / "state.json")
    write_imports(path, (UTAH,))
    first = indexed_catalog(path)
    assert indexed_catalog(path) is first  # the Programs and Drafts tabs share it
    write_imports(path, (UTAH, HENNEPIN))
    catalog, index = indexed_catalog(path)
    assert catalog is not first[0] and HENNEPIN in search_programs(index, "Hennepin", "")

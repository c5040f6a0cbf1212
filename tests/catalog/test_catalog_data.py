"""Integrity of the shipped program catalog (data/programs.csv).

The catalog is facts only and must be traceable to data/sources/ (see data/PROGRAMS.md); these
tests check the shipped file as the app loads it, plus that it is exactly what
data/build_catalog.py rebuilds from the committed source extracts.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from catalog_helpers import needs_sources

from smartpick_tui.core.geo import locate
from smartpick_tui.core.geography import STATE_REGION
from smartpick_tui.core.programs import CATALOG_COLUMNS, Setting, Track, shipped_catalog
from smartpick_tui.locations import data_dir

DATA = Path(__file__).resolve().parents[2] / "data"

# The figure README.md / PROGRAMS.md quote; update all three together when the sources change.
EXPECTED_ROWS = 6175
# Specialties of data/specialties.json that no source read for this catalog lists (none since
# ophthalmology and urology came in from their own extracts).
DOCUMENTED_ABSENT: set[str] = set()

NRMP_CODE = re.compile(r"^\d{4}\d{3}[A-Z]\d$")
TRACK_LETTERS = {
    Track.CATEGORICAL: {"C", "M"},
    Track.ADVANCED: {"A"},
    Track.PHYSICIAN: {"R"},
    Track.PRELIMINARY: {"P"},
    Track.TRANSITIONAL: {"P"},
}


@pytest.fixture(scope="module")
def catalog():
    return shipped_catalog()


def specialty_ids() -> set[str]:
    spec = json.loads((DATA / "specialties.json").read_text(encoding="utf-8"))
    return {s["id"] for s in spec["specialties"]}


def test_loads_with_the_documented_header_and_row_count(catalog):
    header = (data_dir() / "programs.csv").read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == CATALOG_COLUMNS
    assert len(catalog) == EXPECTED_ROWS
    assert len(catalog) >= 2000


def test_ids_are_unique_and_equal_the_nrmp_code_when_known(catalog):
    ids = Counter(p.id for p in catalog)
    assert [i for i, n in ids.items() if n > 1] == []
    for p in catalog:
        if p.nrmp_code:
            assert p.id == p.nrmp_code


def test_states_specialties_tracks_settings_are_valid(catalog):
    known = specialty_ids()
    for p in catalog:
        assert p.state in STATE_REGION, p
        assert p.specialty in known, p
        assert isinstance(p.track, Track) and isinstance(p.setting, Setting)
        assert p.name.strip() and p.institution.strip(), p


def test_every_specialty_is_present_except_the_documented_ones(catalog):
    present = {p.specialty for p in catalog}
    assert specialty_ids() - present == DOCUMENTED_ABSENT
    # The exceptions must really be absent, or this list is stale.
    assert not present & DOCUMENTED_ABSENT


OUTSIDE_ID = {
    "ophthalmology": re.compile(r"^\d{4}-SFM$"),
    "urology": re.compile(r"^\d{4}-AUA(-480\d{7})?$"),
}  # 480: ACGME's urology code
OUTSIDE_TITLE = {
    "ophthalmology": "Ophthalmology (SF Match) - ",
    "urology": "Urology (AUA Match) - ",
}
OUTSIDE_SOURCES = {
    "ophthalmology": {"ophthomatch-2020", "nrmp-ophthalmology-pgy1-2024", "program-pages-2026"},
    "urology": {"acgme-urology-2019", "program-pages-2026"},
}


def test_sf_match_and_aua_rows_are_labelled_and_joined_to_a_known_nrmp_sponsor(catalog):
    """Ophthalmology and urology rows carry their match in the title, no NRMP code, an id that
    no NRMP code can equal, and the first four characters of a sponsor of the NRMP rows (so
    the sponsor facts and the state agree with that sponsor's NRMP programs)."""
    nrmp_states: dict[str, set[str]] = defaultdict(set)
    for p in catalog:
        if p.nrmp_code:
            nrmp_states[p.nrmp_code[:4]].add(p.state)
    counts = Counter()
    for p in catalog:
        if p.specialty not in OUTSIDE_ID:
            assert not p.id.endswith(("-SFM",)) and "-AUA-" not in p.id, p
            continue
        counts[p.specialty] += 1
        assert p.nrmp_code is None and not NRMP_CODE.match(p.id), p
        assert OUTSIDE_ID[p.specialty].match(p.id), p
        assert p.name == OUTSIDE_TITLE[p.specialty] + p.institution, p
        assert set(p.source.split(";")) <= OUTSIDE_SOURCES[p.specialty], p
        assert p.state in nrmp_states[p.id[:4]], p
        assert p.track is (Track.ADVANCED if p.specialty == "ophthalmology" else Track.CATEGORICAL)
    # What the public sources read hold (PROGRAMS.md; the target was 100 each).
    assert counts == {"ophthalmology": 100, "urology": 105}
    # One program per sponsor and specialty: a page never adds a second urology row.
    assert len({(p.id[:4], p.specialty) for p in catalog if p.specialty in OUTSIDE_ID}) == 205


@needs_sources
def test_every_program_page_row_cites_a_page_and_its_acgme_id_matches_the_specialty():
    import csv

    with (DATA / "sources" / "program_pages_2026.csv").open(encoding="utf-8", newline="") as f:
        pages = list(csv.DictReader(f))
    assert len(pages) == 47
    for page in pages:
        assert page["url"].startswith(("http://", "https://")) and page["evidence"], page
        code = {"ophthalmology": "240", "urology": "480"}[page["specialty"]]
        assert not page["acgme_id"] or (len(page["acgme_id"]) == 10 and page["acgme_id"].startswith(code)), (
            page
        )


@needs_sources
def test_urology_rows_are_the_acgme_list_less_the_closed_hospital(catalog):
    extract = (DATA / "sources" / "acgme_urology_programs.csv").read_text(encoding="utf-8")
    acgme = {
        p.id.rsplit("-", 1)[1]: p
        for p in catalog
        if p.specialty == "urology" and "acgme-urology-2019" in p.source
    }
    assert "4804100194" in extract and "4804100194" not in acgme  # Hahnemann, closed 2019
    rush = acgme["4801631046"]
    assert (rush.city, rush.state, rush.institution) == ("Chicago", "IL", "Rush University Med Ctr")


def test_no_duplicate_program(catalog):
    def key(p):
        return (" ".join(p.name.lower().split()), p.city.lower(), p.specialty, p.track)

    dupes = [k for k, n in Counter(key(p) for p in catalog).items() if n > 1]
    assert dupes == []


def test_nrmp_codes_are_well_formed_and_consistent_per_specialty(catalog):
    by_specialty: dict[str, set[str]] = defaultdict(set)
    for p in catalog:
        if not p.nrmp_code:
            continue
        assert NRMP_CODE.match(p.nrmp_code), p.nrmp_code
        by_specialty[p.specialty].add(p.nrmp_code[4:7])
        assert p.nrmp_code[7] in TRACK_LETTERS[p.track], p
    for specialty, parts in by_specialty.items():
        assert len(parts) == 1, (specialty, parts)
    assert by_specialty["preliminary-medicine"] == by_specialty["internal-medicine"] == {"140"}
    assert by_specialty["transitional-year"] == {"999"}


def test_every_row_names_a_source_defined_in_programs_md(catalog):
    doc = (DATA / "PROGRAMS.md").read_text(encoding="utf-8")
    for keys in {p.source for p in catalog}:
        # A row built from several sources lists each key, separated by ';'.
        for key in keys.split(";"):
            assert key and f"`{key}`" in doc, keys


def test_positions_come_only_from_the_florida_results_file(catalog):
    """The one source of positions so far is NRMP's Florida results file: a row with
    positions names that source, and only Florida programs (matched by NRMP code) do."""
    from_results = [p for p in catalog if "nrmp-results-fl-2026" in p.source.split(";")]
    assert from_results
    merged = {p.id for p in from_results}
    for p in catalog:
        if p.positions is not None:
            assert p.id in merged, p
    for p in from_results:
        assert p.state == "FL" and p.nrmp_code, p


def test_positions_come_with_their_year(catalog):
    for p in catalog:
        assert (p.positions is None) == (p.positions_year is None), p
        if p.positions is not None:
            assert p.positions >= 0 and 2020 <= p.positions_year <= 2030


@needs_sources
def test_catalog_is_what_the_build_script_makes_from_the_sources():
    spec = importlib.util.spec_from_file_location("build_catalog", DATA / "build_catalog.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    try:
        spec.loader.exec_module(module)
        rebuilt = module.render(module.build([]))
    finally:
        del sys.modules[spec.name]
    assert rebuilt == (DATA / "programs.csv").read_text(encoding="utf-8")


# --- places: every program placed -------------------------------------------------------

CITY_BASES = {
    "nrmp-im-directory",
    "title-site",
    "reviewed-site",
    "sponsor-home",
    "acgme-program-list",
    "sponsor-acgme-name",
    "sponsor-address",
    "sponsor-name",
    "nrmp-results-fl",
}


def test_cities_are_filled_and_each_says_how_it_was_found(catalog):
    without = [p for p in catalog if not p.city]
    # Issue 12's target: at most 1% of programs without a city. 58 of 6,175 (0.9%) on
    # 2026-12-02, down from 144: rural tracks whose town no source names, two-town sites.
    assert len(without) <= 0.01 * len(catalog)
    assert all(p.city_basis in CITY_BASES for p in catalog if p.city)
    assert all(p.city_basis == "" for p in without)


def test_programs_at_a_named_hospital_site_are_not_put_in_the_sponsors_home_city(catalog):
    by_code = {p.nrmp_code: p for p in catalog}
    # CHRISTUS Health's IM programs are in Longview; Spohn and Santa Rosa are not.
    assert by_code["2116110C0"].city == "Corpus Christi"  # Emergency Medicine/Spohn
    assert by_code["2116120C1"].city == "San Antonio"  # Family Med/Santa Rosa
    # Mayo's Family Medicine/Eau Claire is in Wisconsin, not in Rochester, MN.
    assert by_code["1328120C1"].city != "Rochester"
    # A title naming no site trains at the sponsor: Baylor's EM in Houston.
    assert by_code["1716110C0"].city == "Houston"


@needs_sources
def test_sites_filled_from_public_sources_are_where_those_sources_put_them(catalog):
    by_id = {p.id: p for p in catalog}

    def place(code: str) -> tuple[str, str]:
        return by_id[code].city, by_id[code].state

    # Title names the town; the ACGME list agrees (1204021540, 1205400723).
    assert place("1599120C2") == ("Klamath Falls", "OR")  # Family Med/Cascades East - OHSU
    assert place("1918120C2") == ("Chelan", "WA")  # Family Medicine/Chelan Rural - UW
    # The program's own page: Swedish's rural track (NRMP 1755120C9) trains in Port Angeles.
    assert place("1755120C9") == ("Port Angeles", "WA")
    # Cahaba's tracks: Rural in Centreville, Urban in Birmingham (not the sponsor's Centreville).
    assert place("1590120C0") == ("Centreville", "AL")
    assert place("1590120C1") == ("Birmingham", "AL")
    # A title word that is also a town is not the site: Penrose-St. Francis, Colorado Springs.
    assert place("2350300C0") == ("Colorado Springs", "CO")
    # A track across a state line takes the site's state as well as its city.
    assert place("1328120C1") == ("Eau Claire", "WI")  # Mayo's Family Medicine/Eau Claire
    assert place("3124120C7") == ("Hobbs", "NM")  # Texas Tech Permian Basin, Rural-Hobbs
    assert place("2984120C0") == ("Kansas City", "MO")  # Research Medical Center
    # Funding and combined-training tracks train at the sponsor.
    assert place("1716110C1") == ("Houston", "TX")  # Emergency Medicine/SACM - Baylor
    assert place("2919400C2") == ("Stony Brook", "NY")  # Psychiatry/Comb Adult/Child
    # Mayo's sites in Wisconsin leave its own programs (and its SF Match row) in Rochester, MN.
    assert place("1328-SFM") == ("Rochester", "MN")


def test_every_reviewed_site_row_names_its_source_and_a_listed_place():
    with (DATA / "sources" / "program_sites.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len({(r["institution_code"], r["site"]) for r in rows}) == len(rows)
    for row in rows:
        assert None not in row, row  # an unquoted comma would split the basis into a 6th cell
        assert row["basis"].strip(), row
        assert locate(row["city"], row["state"]) is not None, row

"""The NRMP Main Match rows of programs.csv, then the whole build: every program of the NRMP
program list in a catalog specialty, placed and named; the Florida results merged in; names
made distinct; the rows of the specialties that match outside the Main Match added."""

from __future__ import annotations

from collections import Counter, defaultdict

from smartpick_tui.core.geo import place_key
from smartpick_tui.core.programs import TRACK_BY_LETTER

from .outside import outside_main_match_rows
from .places import (
    CITY_FL_RESULTS,
    Placer,
    Places,
    Siting,
    read_reviewed_sites,
    read_sponsor_cities,
    same_place,
)
from .sources import (
    NRMP_CODE,
    PRELIM_SPECIALTY,
    SPECIALTY_BY_CODE,
    SRC_FL,
    load_academic_sponsors,
    load_specialties,
    read_fl_results,
    tidy_city,
)
from .sponsors import NrmpLists, classify_setting, strip_state_suffix
from .write import catalog_row


def build(log: list[str]) -> list[dict[str, str]]:
    """Every row of programs.csv, in the file's order; what was dropped and why goes to `log`."""
    specialties = load_specialties()
    academic = load_academic_sponsors()
    lists = NrmpLists.read(log)
    siting = Siting(lists.titles, Places.load(lists.im_rows), read_reviewed_sites())
    placer = Placer(lists, siting, read_sponsor_cities())
    out: list[dict[str, str]] = []
    for code in sorted(lists.titles):
        row = nrmp_row(code, lists, placer, academic, specialties, log)
        if row is not None:
            out.append(row)
    merge_fl_results(out, {place_key(r.city) for r in lists.im_rows if r.state == "FL"}, log)
    disambiguate(out)
    out.extend(outside_main_match_rows(out, lists.im_rows, academic, log))
    return out


def specialty_and_track(code: str, log: list[str]) -> tuple[str, str, str] | None:
    """(sponsor code, specialty id, track) of an NRMP code; None for a code out of the catalog's
    specialties and tracks (logged when it is not an NRMP code at all)."""
    match = NRMP_CODE.match(code)
    if not match:
        log.append(f"{code}: not a 9-character NRMP code, skipped")
        return None
    code4, spec3, letter, _ = match.groups()
    if spec3 not in SPECIALTY_BY_CODE or letter not in TRACK_BY_LETTER:
        return None
    track = TRACK_BY_LETTER[letter].value
    specialty = SPECIALTY_BY_CODE[spec3]
    if letter == "P" and spec3 in PRELIM_SPECIALTY:
        specialty = PRELIM_SPECIALTY[spec3]
    if spec3 == "999":
        track = "transitional"
    return code4, specialty, track


def nrmp_row(
    code: str,
    lists: NrmpLists,
    placer: Placer,
    academic: dict[str, str],
    specialties: set[str],
    log: list[str],
) -> dict[str, str] | None:
    """The row of one NRMP program code, or None (and why, in `log`) when it cannot be placed
    in a state or its sponsor has no name."""
    kind = specialty_and_track(code, log)
    if kind is None:
        return None
    code4, specialty, track = kind
    assert specialty in specialties, specialty
    city, basis, state, source = placer.place(code, code4)
    if not state:
        log.append(f"{code}: sponsor state unknown, skipped")
        return None
    institution = strip_state_suffix(lists.inst_name.get(code4, ""))
    if not institution:
        log.append(f"{code}: sponsor name unknown, skipped")
        return None
    return catalog_row(
        code,
        f"{lists.titles[code]} - {institution}",
        institution,
        (city, state, basis),
        specialty,
        track,
        classify_setting(code4, institution, academic),
        code,
        source,
    )


def merge_fl_results(rows: list[dict[str, str]], fl_cities: set[str], log: list[str]) -> None:
    """Add NRMP's Florida results to the catalog rows whose NRMP code they list.

    * positions: the Main Match quota of the latest year (2020-2026) in which the program
      offered any, with that year;
    * city, only where the catalog has none: the results file's program site when it agrees
      with NRMP's city column, or with the site that ends the NRMP program title
      ("Psychiatry/Orlando") when that site is a Florida city NRMP names (IM directory or the
      results file's city column). Otherwise the city stays empty: the site column also holds
      hospital and campus names ("Lawnwood", "Westside") for multi-site sponsors.
    Cities the catalog already has (from the IM directory or the program list) are kept."""
    results = read_fl_results()
    fl_cities = fl_cities | {place_key(r.city) for r in results.values()}
    for row in rows:
        result = results.get(row["nrmp_code"])
        if result is None:
            continue
        offered = [year for year, quota in result.quotas.items() if quota > 0]
        if offered:
            year = max(offered)
            row["positions"], row["positions_year"] = str(result.quotas[year]), str(year)
        title_site = result.title.rsplit("/", 1)[-1] if "/" in result.title else ""
        named_site = same_place(result.site, title_site) and place_key(title_site) in fl_cities
        if not row["city"] and (same_place(result.site, result.city) or named_site):
            row["city"] = tidy_city(result.site.replace("Ft. ", "Fort "))
            row["city_basis"] = CITY_FL_RESULTS
        elif row["city"] and not same_place(row["city"], result.site):
            log.append(
                f"{row['nrmp_code']}: city {row['city']!r} kept; Florida results file "
                f"says {result.city!r} / site {result.site!r}"
            )
        row["source"] = f"{row['source']};{SRC_FL}"


def disambiguate(rows: list[dict[str, str]]) -> None:
    """Make every row's name distinguishable, as its NRMP code already is.

    Two sponsors can share a name that NRMP tells apart only by its '-XX' state suffix
    ("St Elizabeth Med Ctr-KY" / "-NY"): their rows get the state in brackets. Several NRMP
    tracks of one sponsor can share a title (e.g. seven 'Internal Medicine' categorical
    tracks): those are named by their NRMP track."""

    def key(r: dict[str, str]) -> tuple[str, ...]:
        return (r["name"].lower(), r["city"].lower(), r["specialty"], r["track"])

    sponsors: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for r in rows:
        sponsors[key(r)].add(r["nrmp_code"][:4])
    for r in rows:
        if len(sponsors[key(r)]) > 1:
            r["name"] = f"{r['name']} ({r['state']})"
    counts = Counter(key(r) for r in rows)
    for r in rows:
        if counts[key(r)] > 1:
            title, _, institution = r["name"].partition(" - ")
            r["name"] = f"{title} (NRMP track {r['nrmp_code'][7:]}) - {institution}"

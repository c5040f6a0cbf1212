"""Rebuild data/programs.csv from the raw source extracts in data/sources/.

Why a script: every row of the shipped catalog must be traceable to a source that was read, so the
catalog is never edited by hand. This script is deterministic (same sources -> same bytes) and
says, on stderr, which rows it dropped and why. Provenance and rules are in data/PROGRAMS.md.

Run:  python data/build_catalog.py            (writes data/programs.csv)
      python data/build_catalog.py --check    (exit 1 if programs.csv is stale)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent
SOURCES = DATA / "sources"
sys.path.insert(0, str(DATA.parent))  # the app's own place-name rule, so build and app agree
from smartpick_tui.core.geo import place_key  # noqa: E402
from smartpick_tui.core.programs import (  # noqa: E402  (one table with the app and the importer)
    CATALOG_COLUMNS,
    TRACK_BY_LETTER,
)

OUT = DATA / "programs.csv"


def catalog_row(
    row_id: str,
    name: str,
    institution: str,
    place: tuple[str, str, str],
    specialty: str,
    track: str,
    setting: str,
    nrmp_code: str,
    source: str,
) -> dict[str, str]:
    """One programs.csv row; `place` is (city, state, city_basis). Positions are filled later,
    where a results file publishes them."""
    city, state, basis = place
    row = {
        "id": row_id,
        "name": name,
        "institution": institution,
        "city": city,
        "state": state,
        "specialty": specialty,
        "track": track,
        "setting": setting,
        "nrmp_code": nrmp_code,
        "positions": "",
        "positions_year": "",
        "source": source,
        "city_basis": basis,
    }
    assert tuple(row) == CATALOG_COLUMNS  # the app reads the file with these columns
    return row


# Source keys (defined in data/PROGRAMS.md).
SRC_IM = "nrmp-directory-im-2024"  # NRMP program directory, Internal Medicine listing
SRC_CODES = "nrmp-program-list-2024"  # NRMP program list: program title + NRMP code
SRC_FL = "nrmp-results-fl-2026"  # NRMP Main Match program results, Florida, 2020-2026
SRC_URO = "acgme-urology-2019"  # ACGME urology program ids, names, city, state (AUA Match)
SRC_OPH_LIST = "ophthomatch-2020"  # 2020 SF Match ophthalmology interview-date list (names)
SRC_OPH_PGY1 = "nrmp-ophthalmology-pgy1-2024"  # NRMP PGY-1 tracks designated for ophthalmology
SRC_PAGES = "program-pages-2026"  # programs' own public pages (and Residency Advisor's)

NRMP_CODE = re.compile(r"^(\d{4})(\d{3})([A-Z])(\d)$")

# NRMP 3-digit specialty code -> specialty id of data/specialties.json. Codes not listed here
# (combined programs 7xx, Child Neurology 185, Interventional Radiology 416, Preventive Medicine
# 380, Nuclear Medicine 200, ...) are out of the catalog's specialty list and are skipped.
SPECIALTY_BY_CODE = {
    "040": "anesthesiology",
    "080": "dermatology",
    "110": "emergency-medicine",
    "120": "family-medicine",
    "140": "internal-medicine",
    "160": "neurological-surgery",
    "180": "neurology",
    "220": "obstetrics-gynecology",
    "260": "orthopaedic-surgery",
    "280": "otolaryngology",
    "300": "pathology",
    "320": "pediatrics",
    "340": "pmr",
    "362": "plastic-surgery",
    "400": "psychiatry",
    "420": "diagnostic-radiology",
    "430": "radiation-oncology",
    "440": "general-surgery",
    "451": "vascular-surgery",
    "461": "thoracic-surgery",
    "999": "transitional-year",
}
# Preliminary years of Internal Medicine and General Surgery are their own catalog specialties.
PRELIM_SPECIALTY = {"140": "preliminary-medicine", "440": "preliminary-surgery"}


STATE_NAMES = {
    "Alabama": "AL",
    "Alaska": "AK",
    "Arizona": "AZ",
    "Arkansas": "AR",
    "California": "CA",
    "Colorado": "CO",
    "Connecticut": "CT",
    "Delaware": "DE",
    "District Of Columbia": "DC",
    "District of Columbia": "DC",
    "Florida": "FL",
    "Georgia": "GA",
    "Hawaii": "HI",
    "Idaho": "ID",
    "Illinois": "IL",
    "Indiana": "IN",
    "Iowa": "IA",
    "Kansas": "KS",
    "Kentucky": "KY",
    "Louisiana": "LA",
    "Maine": "ME",
    "Maryland": "MD",
    "Massachusetts": "MA",
    "Michigan": "MI",
    "Minnesota": "MN",
    "Mississippi": "MS",
    "Missouri": "MO",
    "Montana": "MT",
    "Nebraska": "NE",
    "Nevada": "NV",
    "New Hampshire": "NH",
    "New Jersey": "NJ",
    "New Mexico": "NM",
    "New York": "NY",
    "North Carolina": "NC",
    "North Dakota": "ND",
    "Ohio": "OH",
    "Oklahoma": "OK",
    "Oregon": "OR",
    "Pennsylvania": "PA",
    "Puerto Rico": "PR",
    "Rhode Island": "RI",
    "South Carolina": "SC",
    "South Dakota": "SD",
    "Tennessee": "TN",
    "Texas": "TX",
    "Utah": "UT",
    "Vermont": "VT",
    "Virginia": "VA",
    "Washington": "WA",
    "West Virginia": "WV",
    "Wisconsin": "WI",
    "Wyoming": "WY",
}
STATE_CODES = set(STATE_NAMES.values())
# NRMP lists sponsors grouped by state in this order (alphabetical by state name).
STATE_ORDER = [STATE_NAMES[n] for n in sorted(n for n in STATE_NAMES if n != "District of Columbia")]

# Spelling fixes for city names as typed in the NRMP directory extract (source typos only).
CITY_FIXES = {
    "Shrevesport": "Shreveport",
    "Portand": "Portland",
    "Montogmery": "Montgomery",
    "Lawerenceville": "Lawrenceville",
    "Mount Kisko": "Mount Kisco",
    "Ft Pierce": "Fort Pierce",
    "Tripler Amc": "Tripler AMC",
    "MIami": "Miami",
}

# --- setting (university / university-affiliated / community) -------------------------------
# Derived from the sponsoring institution, as documented in PROGRAMS.md:
#  * university: the sponsor is a university / medical school, or a hospital whose published
#    sponsor name is the school's own hospital ("U ... Med Ctr", "Univ ... Hosp", "... SOM");
#  * university-affiliated: the sponsor name pairs a hospital or health system with a school
#    ("HCA Healthcare/USF Morsani", "Jacobi Med Ctr/Einstein", "Olive View-UCLA Med Ctr");
#  * community: no school in the sponsor name.
# ACADEMIC_SPONSORS lists principal teaching hospitals whose NRMP sponsor name does not carry
# the school's name; each entry names the school it belongs to (see PROGRAMS.md).
SCHOOL = re.compile(
    r"(\bUniv\b|\bUniversity\b|^U |/U |-U |\bU of\b|\bSOM\b|\bCOM\b|\bCHM\b|School|"
    r"Coll of|Coll Med|Coll Osteo|Medical College|Med Coll|\bUC |UCLA|\bLSU|\bSUNY\b|\bUAMS\b|"
    r"UMass Chan|\bISMMS\b|NYU|Zucker SOM|Rutgers|NEOMED|\bUSF\b|/Einstein|Columbia|Cornell|"
    r"Case Western|Baylor Coll|Texas Tech U|\bNYMC\b|MSUCHM|\bUAB\b|\bUT |CMSRU|\bWSU\b|"
    r"Med Sch|Dell Medical|Tulane|Meharry|Morehouse|Creighton|Loma Linda|Emory|Duke|"
    r"Vanderbilt|Dartmouth|Georgetown|George Washington|Temple Univ|Thomas Jefferson|"
    r"Penn State|Ohio State|Oregon Health|Medical University|Med Univ|Wake Forest|"
    r"Wright State|Wayne State|Loyola|Northwestern McGaw|Univ Hosps|University Hosps)"
)
# Sponsors whose name leads with a hospital or system and adds a school: affiliated.
AFFILIATED_LEAD = re.compile(
    r"^(HCA|Prisma Health|Carilion|Olive View|Harbor-UCLA|Jacobi|Akron Gen|Canton|Summa|"
    r"Western Reserve|Rutgers-(?!New Jersey Medical School|R W Johnson)|NYMC-|"
    r"ISMMS (?!Mount Sinai Hospital)|Zucker SOM|Montefiore-New Rochelle|Brown Univ/Kent|"
    r"Texas Tech U Affil|U Michigan Health-|U Maryland (Capital|Med Ctr Midtown|Mercy)|"
    r"U Central FL/HCA|U Miami MSOM/Holy Cross|Jefferson Health|Memorial Health|"
    r"Jersey Shore Univ|St Josephs Univ|Nassau Univ|Richmond Univ|Hoboken Univ|"
    r"St Peters University|Midwestern University OPTI|Med Univ of SC Regional|UT Ascension|"
    r"St Francis-Emory|Univ Hosps Community|Detroit Med Ctr|Spectrum Health/|Ascension|"
    r"Stamford Hospital|RFUMS|Meharry/Metro|Riverside University|Loma Linda Univ Med Ctr-)"
)
# Sponsors that are the school's own hospital although the name carries a '/'.
UNIVERSITY_LEAD = re.compile(
    r"^(U |Univ |University |Case Western/Univ|Brown Univ/Rhode Island|Northwestern McGaw|"
    r"Montefiore Med Ctr/Einstein|CMSRU/Cooper)"
)


def load_academic_sponsors() -> dict[str, str]:
    """Sponsor code -> setting, for the curated teaching hospitals (basis column says why)."""
    path = SOURCES / "academic_sponsors.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["institution_code"]: row["setting"] for row in csv.DictReader(handle)}


def classify_setting(code4: str, institution: str, academic: dict[str, str]) -> str:
    if code4 in academic:
        return academic[code4]
    if not SCHOOL.search(institution):
        return "community"
    if AFFILIATED_LEAD.search(institution):
        return "university-affiliated"
    if UNIVERSITY_LEAD.search(institution) or "/" not in institution:
        return "university"
    return "university-affiliated"


# --- sources ------------------------------------------------------------------------------


@dataclass
class ImRow:
    title: str
    city: str
    state: str
    institution: str
    code: str
    acgme: str


def tidy_city(city: str) -> str:
    city = " ".join(city.split())
    if (
        city.isupper()
        or city.islower()
        or city[:1].islower()
        or any(w.isupper() and len(w) > 3 for w in city.split())
    ):
        city = " ".join(w.capitalize() for w in city.split())
    city = re.sub(r"\bSt\b\.?", "St", city)
    return CITY_FIXES.get(city, city)


def read_im_directory() -> list[ImRow]:
    rows = []
    with (SOURCES / "nrmp_directory_im.psv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="|")
        for raw in reader:
            state = STATE_NAMES.get(raw["State"].strip())
            if state is None:
                raise ValueError(f"unknown state {raw['State']!r}")
            rows.append(
                ImRow(
                    raw["Program Name"].strip(),
                    tidy_city(raw["City"]),
                    state,
                    raw["Institution Name"].strip(),
                    raw["NRMP Code"].strip(),
                    raw["ACGME Code"].strip(),
                )
            )
    return rows


def read_program_codes() -> list[tuple[str, str]]:
    with (SOURCES / "nrmp_program_codes.csv").open(encoding="utf-8", newline="") as handle:
        return [(r["name"].strip(), r["code"].strip()) for r in csv.DictReader(handle)]


def read_institutions() -> list[tuple[str, str]]:
    with (SOURCES / "nrmp_institutions.csv").open(encoding="utf-8", newline="") as handle:
        return [(r["name"].strip(), r["institutionCode"].strip()) for r in csv.DictReader(handle)]


@dataclass
class FlResult:
    """One program of NRMP's Florida Main Match results (2020-2026), as the extract gives it."""

    title: str
    city: str  # NRMP's published city (the sponsor's)
    site: str  # the results file's "City Cleaned" column (its author's program site)
    quotas: dict[int, int]


def read_fl_results() -> dict[str, FlResult]:
    """Florida results by NRMP code. A code listed twice (1104040R0: once for 2026, once for
    2020) is one program; its rows are combined year by year."""
    results: dict[str, FlResult] = {}
    with (SOURCES / "nrmp_results_fl_2026.csv").open(encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle):
            if raw["Table"] != "Main":
                continue
            quotas = {year: int(raw[f"{year} Quota"]) for year in range(2020, 2027)}
            known = results.get(raw["Program Code"])
            if known is None:
                results[raw["Program Code"]] = FlResult(
                    raw["Specialty"].strip(),
                    raw["City"].strip(),
                    raw["City Cleaned"].strip(),
                    quotas,
                )
            else:
                for year, quota in quotas.items():
                    known.quotas[year] = max(known.quotas[year], quota)
    return results


def same_place(a: str, b: str) -> bool:
    return bool(a) and place_key(a) == place_key(b)


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


def suffix_state(name: str) -> str | None:
    match = re.search(r"-([A-Z]{2})$", name)
    return match.group(1) if match and match.group(1) in STATE_CODES else None


def institution_states(rows: list[tuple[str, str]], log: list[str]) -> dict[str, str]:
    """State of each sponsor from the NRMP institution list, which is grouped by state.

    A '-XX' suffix names the state; a sponsor without one takes the state of its group when the
    nearest suffixed sponsors before and after it agree, or, at the border between two state
    groups, the one of the two states that its own name spells out ("U New Mexico SOM").
    Otherwise it stays unknown here (the IM directory, which carries the state explicitly, may
    still place it)."""
    suffixes = [suffix_state(name) for name, _ in rows]
    states: dict[str, str] = {}
    for i, (name, code) in enumerate(rows):
        state = suffixes[i]
        if state is None:
            before = next((s for s in reversed(suffixes[:i]) if s), None)
            after = next((s for s in suffixes[i + 1 :] if s), None)
            named = state_named_in(name) & states_between(before, after)
            if before and before == after:
                state = before
            elif len(named) == 1:
                state = named.pop()
            else:
                log.append(
                    f"institution {code} {name!r}: state not determined by list order ({before} / {after})"
                )
                continue
        states.setdefault(code, state)
    return states


def states_between(before: str | None, after: str | None) -> set[str]:
    """The two neighbouring state groups and any state group that lies between them."""
    lo = STATE_ORDER.index(before) if before else 0
    hi = STATE_ORDER.index(after) if after else len(STATE_ORDER) - 1
    return set(STATE_ORDER[min(lo, hi) : max(lo, hi) + 1])


def state_named_in(name: str) -> set[str]:
    """States whose full name or two-letter code appears as a word in a sponsor name."""
    found = {code for full, code in STATE_NAMES.items() if re.search(rf"\b{full}\b", name)}
    found |= {w for w in re.findall(r"\b[A-Z]{2}\b", name) if w in STATE_CODES}
    return found


def strip_state_suffix(name: str) -> str:
    """NRMP appends '-XX' (the sponsor's state) to many sponsor names; the state has its own
    column, so the suffix is dropped from the display name."""
    return name[:-3] if suffix_state(name) else name


# --- places -------------------------------------------------------------------------------
# Where a program trains. Titles often end in a site ("Family Medicine/Fort Smith"); others in a
# track or emphasis that trains at the sponsor itself ("Internal Medicine/Research"). The words
# below are the catalog's track suffixes (reviewed from every suffix of the NRMP list); any other
# suffix is a site, placed only when it names a place of the sponsor's state or is listed in the
# reviewed site table (data/sources/program_sites.csv).
TRACK_QUALIFIERS = frozenset(
    """
Research|Ophthalmology|Osteopathic|Neurology|Radiology|3-yr MD Path|3-Yr MD Path|Int Radiology|PSTP|
Preliminary|Dermatology|Phase 3-R|Anesthesiology|PM&R|Geriatrics|Child Psych|Physician Scientist|Child|
Global Health|Military|Funded|Radiation Onc|Urban|Non-Designated|Non-designated|Critical Care|
Child Neurology|Intl Scholars|Shabbos|ABIM Research Pathway|General|ABIM Research Path|NP|4 yr|
Child & Adolescent|Preventive Med|OMFS|MPH|Anesthesia|Hospitalist|Clinical|Military Funded|Adult Psych|
T32 Research|NDD|Designated|Research Pathway|Clin Scientist|CP|3 yr|Traditional|Addiction Medicine|
Forensic Psych|Research Scholars|Leadership in Med Ed|Sabbath Observed|Academic|IM|Research Trk|
Funded Intl|1 yr|Combined|Alabama First Track|Integ 4|3 CT Surgery|NuRad|ESIR Pathway|ESIR|
Dedicated Research|Occupational Med|OMS|Equity & Disparities|Critical Care Med|ACE Primary Care|
Innovations|Innovation|6 Yr Prog|Investigator Path|2+2 Scientists|Molecular Medicine|PLUS|Specialty|
2 Yr Research|HIV|Comb-Anat & Clin|Anatomic Only|Clinical Only|AP & NP|Combined Adult|Combined Adult/Child|
Funded Military|PhD Research|Urban Health|Molecular Imaging|Rad Oncology|Internationally Funded|
Undesignated|MD Scientist|Med Education|Health Services|Non-Desig|Comb General-Child|CP or AP Only|
CP Only|Health Equity-Urban Health|Peds|PG 1-4|IS|Adult|Child Psychiatry|AP only or AP|CP only|
Non-cardiac|Cardiac|Spanish|PPSTP|CI Research|Neuropathology|MN Immigrant IMG|Gen Surg & Neurosurg|
ASAP 5 yr|Clin & Anat Path|Research Track|Child Track|Geriatric Medicine|4 yr IM-PM|ROAP|CAP 5 yr|CAP|
Physician-Scientist|Gen Phys Sci Path|Apgar Research|Research COR 6 yr|RadOnc|Apprenticeship|ACES|
Diversity|Research Scholar|Clinical Sci|CCM-Periop Leadership|International Health|
International Scholar|CP Research|Vulnerable Pop|Clinical Base Year|Res Cardio|CCM|
2+2 Clinical Research|Cardiology|Dripps Scholars|Diversity & Comm|Clinical-5 yr|Research-6 yr|
Research Trk (EPSP)|Clin-4 yr|Research-4 yr|Inner City|Scientist Development Prog|PC Leadership Prog|
Global|Adult Child Integ|LEAP|Comm Hlth Ctr|Clin Scientist|Child/Adult Psych|Anatomic|Radiology-GT|
Intl Scholar|FIRST|LISOM Trk|Harrington Phys-Sci Path|Harrington|Comm Prim Care|Comm Public|
Health Equity|Funded International|Harvard Combined|BWH-Harvard|BWH-MGH|
Community|Clin Base Yr|Crit Care Comb|Bonica Scholar|2 yr|3 Yr|4 Yr|5 Yr|Investigator Trk|Trans|
StARR Research|
CP Comb|NP Comb|UCM Prelim|Scientist Development|AP and CP|AP-only or CP-only|Clinician Scientist|PSTP2|
Rad Research|Health Informatics|3 Yr MD Path|AMP|Neurology-COM|MDPhD|3yr MD|Opthalmology|Sabbath|Social|
Osteo|5yr Star|Tropical Med|Chronic Dz Mgmt|Comb Adult/Child|Phase-3-R|Geriatric Pysch|Accelerated Competency|
Child Fast Track|A-Prog|Radiation Oncology|Public|Traditional|Urban|Apprenticeship|
SACM|MIDocs|MIDOCS""".replace("\n", "").split("|")
)
# How a row's city was found (the `city_basis` column; PROGRAMS.md explains each).
CITY_DIRECTORY = "nrmp-im-directory"  # the program is listed in the NRMP IM directory
CITY_TITLE = "title-site"  # the title's site suffix names a place of the state
CITY_REVIEWED = "reviewed-site"  # the title's site is a hospital of the reviewed table
CITY_HOME = "sponsor-home"  # no site in the title: the city of the sponsor's IM
CITY_ACGME = "sponsor-acgme-name"  # no site; sponsor matched to an ACGME program name
CITY_ADDRESS = "sponsor-address"  # no site; the sponsor's published address (reviewed)
CITY_SPONSOR_NAME = "sponsor-name"  # no site; the sponsor's name carries its town
CITY_FL_RESULTS = "nrmp-results-fl"  # Florida results file (see merge_fl_results)
CITY_ACGME_LIST = "acgme-program-list"  # urology: the ACGME list's own city
HOME = ("", CITY_HOME)  # site(): the title names no site
# A place named inside a longer phrase ("St Lukes Lufkin", "Yale-New Haven Hosp") must be a
# town of this size: a small place sharing a word with a hospital name is not evidence.
MIN_PHRASE_POPULATION = 5000
# Words that are also the name of some town but, in a title or sponsor name, mean a hospital,
# a campus or a university ("Florida State University COM" is not in University, FL).
NOT_PLACES = {name.lower() for name in STATE_NAMES} | {
    "university",
    "lakeside",
    "georgetown",
    "harvard",
    "midtown",
    "ozark",
    "highlands",
    "sunrise",
    "fairview",
    "horizon",
    "frontier",
    "union",
    "christ",
    "mercy",
    "community",
    "west",
    "mt sinai",
    "hillside",
}


@dataclass
class Places:
    """The places a title or sponsor name can name: GeoNames (data/places.csv) and the cities
    of the NRMP IM directory, by state."""

    names: dict[tuple[str, str], tuple[str, int]]

    @classmethod
    def load(cls, im_rows: list[ImRow]) -> Places:
        names: dict[tuple[str, str], tuple[str, int]] = {}
        with (DATA / "places.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names[(place_key(row["place"]), row["state"])] = (
                    row["place"],
                    int(row["population"]),
                )
        for r in im_rows:  # the directory's spelling, and cities GeoNames files under a borough
            known = names.get((place_key(r.city), r.state))
            names[(place_key(r.city), r.state)] = (
                r.city,
                known[1] if known else MIN_PHRASE_POPULATION,
            )
        return cls(names)

    def named_in(self, phrase: str, state: str, whole_ok: bool = True) -> str | None:
        """The place a phrase names in `state`: the whole phrase, else its longest run of words
        that is a town of MIN_PHRASE_POPULATION or more."""
        words = place_key(phrase).split()
        whole = " ".join(words)
        hit = self.names.get((whole, state)) if whole_ok and whole not in NOT_PLACES else None
        if hit and (hit[1] >= MIN_PHRASE_POPULATION or not whole.startswith("st ")):
            return hit[0]
        for size in range(min(len(words), 4), 0, -1):
            for start in range(len(words) - size + 1):
                key = " ".join(words[start : start + size])
                hit = self.names.get((key, state))
                if hit and hit[1] >= MIN_PHRASE_POPULATION and key not in NOT_PLACES:
                    return hit[0]
        return None

    def sponsor_city(self, sponsor: str, state: str) -> str | None:
        """A sponsor without IM programs placed by the town its name carries
        ("Methodist Hospital-Houston", "Sutter Med Ctr of Santa Rosa")."""
        return self.named_in(strip_state_suffix(sponsor), state, whole_ok=False)


def read_reviewed_sites() -> dict[tuple[str, str], tuple[str, str]]:
    """(sponsor code, title site) -> (city, state), from the reviewed table of hospital sites.
    The state is the site's own: a sponsor's track can train across a state line (Mayo's
    "Family Medicine/Eau Claire" is in Wisconsin)."""
    with (SOURCES / "program_sites.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["institution_code"], r["site"]): (r["city"], r["state"]) for r in csv.DictReader(handle)}


def title_sites(title: str) -> list[str]:
    """The parts of an NRMP title after the specialty that are not track qualifiers.

    A qualifier can itself hold a '/' ("Psychiatry/Comb Adult/Child"): two parts that
    together make one are a qualifier, not a site."""
    parts = [c.strip() for c in title.split("/")[1:]]
    sites: list[str] = []
    i = 0
    while i < len(parts):
        if i + 1 < len(parts) and f"{parts[i]}/{parts[i + 1]}" in TRACK_QUALIFIERS:
            i += 2
            continue
        if parts[i] not in TRACK_QUALIFIERS:
            sites.append(parts[i])
        i += 1
    return sites


def read_sponsor_cities() -> dict[str, tuple[str, str]]:
    """Sponsor code -> (city, basis) for sponsors without an IM program to place them: the city
    of the ACGME program whose name matched the sponsor's, or the sponsor's published address
    (data/sources/sponsor_cities.csv says which)."""
    with (SOURCES / "sponsor_cities.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["institution_code"]: (
                r["city"],
                CITY_ACGME if r["basis"].startswith("ACGME") else CITY_ADDRESS,
            )
            for r in csv.DictReader(handle)
        }


# --- build --------------------------------------------------------------------------------


def build(log: list[str]) -> list[dict[str, str]]:
    specialties = {
        s["id"] for s in json.loads((DATA / "specialties.json").read_text(encoding="utf-8"))["specialties"]
    }
    academic = load_academic_sponsors()
    im_rows = read_im_directory()
    inst_rows = read_institutions()
    inst_name: dict[str, str] = {}
    for name, code in inst_rows:
        inst_name.setdefault(code, name)
    inst_state = institution_states(inst_rows, log)

    im_by_code = {r.code: r for r in im_rows}
    im_places: dict[str, set[tuple[str, str]]] = defaultdict(set)
    im_by_sponsor: dict[str, list[ImRow]] = defaultdict(list)
    for r in im_rows:
        im_places[r.code[:4]].add((r.city, r.state))
        im_by_sponsor[r.code[:4]].append(r)
        inst_name.setdefault(r.code[:4], r.institution)
        listed = inst_state.get(r.code[:4])
        if listed and listed != r.state:
            log.append(
                f"institution {r.code[:4]}: list order says {listed}, IM directory says "
                f"{r.state} ({r.city}); using the directory"
            )

    titles: dict[str, str] = {}
    for title, code in read_program_codes():
        titles.setdefault(code, title)
    for r in im_rows:
        if r.code not in titles:
            titles[r.code] = {"P": "Medicine-Preliminary", "M": "Medicine-Primary"}.get(
                r.code[7], "Internal Medicine"
            )

    places = Places.load(im_rows)
    reviewed_sites = read_reviewed_sites()
    sponsor_cities = read_sponsor_cities()

    def reviewed_place(code: str) -> tuple[str, str] | None:
        """(city, state) of the reviewed site table for a title: keyed by the whole title tail
        ("Urban" for Cahaba's Birmingham track, although "Urban" is a track qualifier), else by
        its sites joined ("UCLA/Santa Monica", "Royal Oak & Dearborn": a site of several parts,
        or two hospitals that the ACGME lists at one city)."""
        title = titles[code]
        tail = title.split("/", 1)[1].strip() if "/" in title else ""
        for key in (tail, "/".join(title_sites(title))):
            if key and (hit := reviewed_sites.get((code[:4], key))):
                return hit
        return None

    def site(code: str, state: str) -> tuple[str, str] | None:
        """Where a title's site suffix places the program: (city, basis), HOME when the title
        names no site, None when it names one that no source places."""
        reviewed = reviewed_place(code)
        if reviewed:
            return reviewed[0], CITY_REVIEWED
        sites = title_sites(titles[code])
        if not sites:
            return HOME
        if len(sites) > 1 or "&" in sites[0]:  # two sites ("Trenton & Dearborn"): no one city
            return None
        named = places.named_in(sites[0], state)
        return (named, CITY_TITLE) if named else None

    home: dict[str, str] = {}
    for code4, rows_of in im_by_sponsor.items():
        cities = {r.city for r in rows_of if site(r.code, r.state) == HOME} or {r.city for r in rows_of}
        if len(cities) == 1:
            home[code4] = cities.pop()

    out: list[dict[str, str]] = []
    for code in sorted(titles):
        match = NRMP_CODE.match(code)
        if not match:
            log.append(f"{code}: not a 9-character NRMP code, skipped")
            continue
        code4, spec3, letter, _ = match.groups()
        if spec3 not in SPECIALTY_BY_CODE or letter not in TRACK_BY_LETTER:
            continue
        track = TRACK_BY_LETTER[letter].value
        specialty = SPECIALTY_BY_CODE[spec3]
        if letter == "P" and spec3 in PRELIM_SPECIALTY:
            specialty = PRELIM_SPECIALTY[spec3]
        if spec3 == "999":
            track = "transitional"
        assert specialty in specialties, specialty

        city, basis, state, source = "", "", "", SRC_CODES
        if code in im_by_code:
            city, basis = im_by_code[code].city, CITY_DIRECTORY
            state, source = im_by_code[code].state, SRC_IM
        elif reviewed := reviewed_place(code):
            # A reviewed site carries its own city and state (a track can cross a state line).
            (city, state), basis = reviewed, CITY_REVIEWED
        else:
            # A sponsor with IM programs in two states places the others by their title site.
            place_states = sorted({s for _, s in im_places.get(code4, set())}) or [inst_state.get(code4, "")]
            named = [(s, p) for s in place_states if s and (p := site(code, s)) not in (None, HOME)]
            state, placed = (
                named[0]
                if len(named) == 1
                else (
                    (place_states[0], site(code, place_states[0]))
                    if len(place_states) == 1 and place_states[0]
                    else ("", None)
                )
            )
            if placed == HOME:
                if code4 in home:
                    city, basis = home[code4], CITY_HOME
                elif code4 in sponsor_cities:
                    city, basis = sponsor_cities[code4]
                elif named_city := places.sponsor_city(inst_name.get(code4, ""), state):
                    city, basis = named_city, CITY_SPONSOR_NAME
            elif placed:
                city, basis = placed
        if not state:
            log.append(f"{code}: sponsor state unknown, skipped")
            continue

        institution = strip_state_suffix(inst_name.get(code4, ""))
        if not institution:
            log.append(f"{code}: sponsor name unknown, skipped")
            continue
        out.append(
            catalog_row(
                code,
                f"{titles[code]} - {institution}",
                institution,
                (city, state, basis),
                specialty,
                track,
                classify_setting(code4, institution, academic),
                code,
                source,
            )
        )
    merge_fl_results(out, {place_key(r.city) for r in im_rows if r.state == "FL"}, log)
    disambiguate(out)
    out.extend(outside_main_match_rows(out, im_rows, academic, log))
    return out


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


# --- specialties that match outside the NRMP Main Match -----------------------------------
# Ophthalmology (SF Match) and Urology (AUA Urology Match) are not in NRMP's lists. Their rows
# come from their own extracts, are joined to the NRMP sponsor (reviewed `institution_code`
# column) so sponsor facts and the setting rule apply as for every other row, and get ids that
# cannot collide with a 9-character NRMP code: "<sponsor code>-SFM" (one ophthalmology program
# per sponsor) and "<sponsor code>-AUA-<ACGME program id>" ("<sponsor code>-AUA" when the page
# that names the program gives no ACGME id). nrmp_code stays empty.
OUTSIDE_TITLE = {"ophthalmology": "Ophthalmology (SF Match)", "urology": "Urology (AUA Match)"}


def read_source_csv(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(encoding="utf-8", newline="") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def outside_main_match_rows(
    nrmp_rows: list[dict[str, str]], im_rows: list[ImRow], academic: dict[str, str], log: list[str]
) -> list[dict[str, str]]:
    """Ophthalmology and urology rows (see PROGRAMS.md for the sources and rules).

    * urology: each ACGME urology program of `acgme_urology_programs.csv` with the ACGME list's
      own city and state; rows whose `note` says "dropped:" (a closed hospital) are left out;
      then each urology program of `program_pages_2026.csv` whose sponsor has none yet;
    * ophthalmology: one row per NRMP sponsor that is named in the 2020 SF Match
      interview-date list (`ophthomatch_2020_programs.csv`) or in `program_pages_2026.csv`, or
      lists an NRMP PGY-1 track designated for ophthalmology ("Med-Prelim/Ophthalmology") and
      is a medical school's own teaching hospital (`principal` in `sponsor_schools.csv`): an
      affiliate's or community hospital's designated PGY-1 can serve another sponsor's
      ophthalmology program, so it is not taken as a program of its own.
    City of the rows without an ACGME list city: the sponsor's city in the IM directory when
    it has one; state: the sponsor's state in the NRMP rows. Empty city when that is not one.
    """
    sponsor_name: dict[str, str] = {}
    sponsor_states: dict[str, set[str]] = defaultdict(set)
    site_states: dict[str, set[str]] = defaultdict(set)
    for r in nrmp_rows:
        sponsor_name.setdefault(r["id"][:4], r["institution"])
        # A reviewed hospital site can lie in another state than its sponsor (Mayo's Eau
        # Claire track): the sponsor's state is that of its other programs.
        (site_states if r["city_basis"] == CITY_REVIEWED else sponsor_states)[r["id"][:4]].add(r["state"])
    for code4, states in site_states.items():
        sponsor_states.setdefault(code4, states)
    # The sponsor's own city: where its NRMP programs that name no site train (see `site`).
    home_cities: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in nrmp_rows:
        if r["city_basis"] in (CITY_HOME, CITY_ACGME, CITY_ADDRESS, CITY_SPONSOR_NAME):
            home_cities[r["id"][:4]].add((r["city"], r["state"], r["city_basis"]))

    def row(
        row_id: str,
        specialty: str,
        track: str,
        code4: str,
        city: str,
        state: str,
        basis: str,
        source: str,
    ) -> dict[str, str]:
        institution = sponsor_name[code4]
        return catalog_row(
            row_id,
            f"{OUTSIDE_TITLE[specialty]} - {institution}",
            institution,
            (city, state, basis if city else ""),
            specialty,
            track,
            classify_setting(code4, institution, academic),
            "",
            source,
        )

    def sponsor_place(code4: str, what: str) -> tuple[str, str, str] | None:
        """(city, state, city basis): the sponsor's own city, as its site-less programs have it."""
        states = sponsor_states[code4]
        if len(states) != 1:
            log.append(f"{what} {code4}: sponsor in {sorted(states)}, skipped")
            return None
        state = next(iter(states))
        homes = {(city, basis) for city, st, basis in home_cities[code4] if st == state}
        cities = {city for city, _ in homes}
        if len(cities) == 1:
            city = next(iter(cities))
            return city, state, next(basis for c, basis in sorted(homes) if c == city)
        return "", state, ""

    pages = read_source_csv("program_pages_2026.csv")
    out = []
    for uro in read_source_csv("acgme_urology_programs.csv"):
        code4 = uro["institution_code"]
        if uro["note"].startswith("dropped:"):
            log.append(f"urology {uro['acgme_id']} {uro['program']!r}: {uro['note']}")
            continue
        if uro["state"] not in sponsor_states[code4]:
            raise SystemExit(f"urology {uro['acgme_id']}: sponsor {code4} is not in {uro['state']}")
        out.append(
            row(
                f"{code4}-AUA-{uro['acgme_id']}",
                "urology",
                "categorical",
                code4,
                uro["city"],
                uro["state"],
                CITY_ACGME_LIST,
                SRC_URO,
            )
        )
    with_urology = {r["id"][:4] for r in out}
    for page in (p for p in pages if p["specialty"] == "urology"):
        code4 = page["institution_code"]
        place = sponsor_place(code4, "urology")
        if code4 in with_urology or place is None:
            log.append(f"urology {code4}: already listed or not placed, page {page['url']} not used")
            continue
        with_urology.add(code4)
        suffix = f"-{page['acgme_id']}" if page["acgme_id"] else ""
        out.append(row(f"{code4}-AUA{suffix}", "urology", "categorical", code4, *place, SRC_PAGES))

    listed = {r["institution_code"] for r in read_source_csv("ophthomatch_2020_programs.csv")}
    principal = {
        r["institution_code"] for r in read_source_csv("sponsor_schools.csv") if r["relation"] == "principal"
    }
    pgy1 = {code[:4] for title, code in read_program_codes() if "/Ophthal" in title}
    paged = {p["institution_code"] for p in pages if p["specialty"] == "ophthalmology"}
    for code4 in sorted(listed | paged | (pgy1 & principal)):
        keys = [
            key
            for key, has in (
                (SRC_OPH_LIST, code4 in listed),
                (SRC_PAGES, code4 in paged),
                (SRC_OPH_PGY1, code4 in pgy1),
            )
            if has
        ]
        place = sponsor_place(code4, "ophthalmology")
        if place is not None:
            out.append(row(f"{code4}-SFM", "ophthalmology", "advanced", code4, *place, ";".join(keys)))
    for code4 in sorted(pgy1 - principal - listed - paged):
        log.append(f"ophthalmology {code4}: designated PGY-1 at a non-principal sponsor, no row")
    return sorted(out, key=lambda r: r["id"])


def render(rows: list[dict[str, str]], columns: tuple[str, ...] = CATALOG_COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_or_check(out: Path, text: str, check: bool) -> int:
    """Write `out`, or with `check` exit 1 when it differs from what the sources rebuild."""
    if check:
        if (out.read_text(encoding="utf-8") if out.exists() else "") != text:
            print(f"data/{out.name} is stale: rerun the build script", file=sys.stderr)
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if programs.csv is stale")
    parser.add_argument("--verbose", action="store_true", help="print every dropped row")
    args = parser.parse_args()
    log: list[str] = []
    rows = build(log)
    text = render(rows)
    if args.verbose:
        print("\n".join(log), file=sys.stderr)
    print(f"{len(rows)} programs; {len(log)} notes (use --verbose)", file=sys.stderr)
    status = write_or_check(OUT, text, args.check)
    # The per-program facts are derived from programs.csv: rebuilt (or checked) with it.
    import build_facts

    return status or write_or_check(build_facts.OUT, build_facts.render(build_facts.build()), args.check)


if __name__ == "__main__":
    sys.exit(main())

"""Rebuild data/program_facts.csv: public per-program facts that explain who a program takes.

Why a separate file: these facts (what kind of track a program is, whether it trains at the
sponsor's own hospital or at a site or rural town, its osteopathic marks, its ACGME id and the
numbering series that dates it, its Florida fill history, the ownership and school affiliation
CMS records for its sponsor's hospital, the people and programs around it) are read by the
program model and by the SmartPick list, not by the catalog's search and import code; keeping them beside
data/programs.csv (one row per catalog id, same order) leaves the catalog's columns, and every
user's import files, unchanged. Like programs.csv it is never edited by hand: this script derives
every value from data/programs.csv, data/places.csv and the extracts in data/sources/, and
`python data/build_catalog.py --check` fails when the file is stale. Rules and sources:
data/PROGRAMS.md, "Per-program facts".

Longer than the ~450 lines a module aims at: one reader per fact (track, campus, osteopathic
marks, ACGME ids, Florida fill history, H-1B filings, CMS ownership), each a few dozen lines
with its own source's quirks; they share the one row loop and the byte-for-byte `--check`, and
split apart they would each need that loop again. A new fact's reader is the seam to split at.

Run:  python data/build_facts.py            (writes data/program_facts.csv)
      python data/build_facts.py --check    (exit 1 if data/program_facts.csv is stale)
"""

from __future__ import annotations

import argparse
import bisect
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent
sys.path.insert(0, str(DATA))
import build_catalog  # noqa: E402  the sibling script: titles, qualifiers, one CSV writer

from smartpick_tui.core.geo import Place, gazetteer, locate, miles_between  # noqa: E402

SOURCES = DATA / "sources"
OUT = DATA / "program_facts.csv"

COLUMNS = (
    "id",
    "track_type",
    "campus",
    "osteopathic",
    "acgme_id",
    "acgme_series",
    "acgme_seq",
    "sponsor_acgme_series",
    "fill_years",
    "fill_rate",
    "unfilled_years",
    "first_year",
    "tracks_at_site",
    "sponsor_h1b_resident_lcas",
    "sponsor_h1b_years",
    "sponsor_img_track",
    "reviewed_school",
    "reviewed_relation",
    "program_since",
    "sponsor_ownership",
    "sponsor_school_affiliation",
    "acgme_since",
    "city_population",
    "people_within_30mi",
    "peers_within_50mi",
    "source",
)

# Keys of the sources a row's facts come from (data/PROGRAMS.md lists each).
SRC_TITLE = "nrmp-program-list-2024"
SRC_IM = "nrmp-directory-im-2024"
SRC_URO = "acgme-urology-2019"
SRC_PAGES = "program-pages-2026"
SRC_FL = "nrmp-results-fl-2026"
SRC_ACGME = "acgme-program-list-2019"
SRC_REVIEWS = "program-reviews-2026"
SRC_LCA = "dol-lca-2025q2"
SRC_LCA24 = "dol-lca-2024q1"
SRC_CMS = "cms-hospitals-2025"
SRC_OBGYN = "acgme-obgyn-2023"
SRC_GEO = "geonames-places"

# --- track type ---------------------------------------------------------------------------
# One categorical column read from the NRMP code's track letter and the title's qualifiers.
# Precedence (first that applies): physician (R), transitional (999 P), preliminary (P),
# military, sponsored-img, img-pathway, pstp, research, primary-care (M or "Primary"),
# rural, site, advanced (A), categorical.
TRACK_TYPES = (
    "physician",
    "transitional",
    "preliminary",
    "military",
    "sponsored-img",
    "img-pathway",
    "pstp",
    "research",
    "primary-care",
    "rural",
    "site",
    "advanced",
    "categorical",
)
# Positions paid for by a foreign government or funded outside the Match's open pool (Saudi
# Arabian Cultural Mission, "Funded International", "Intl Scholars").
SPONSORED_IMG = re.compile(
    r"^(SACM|Funded|Funded Intl|Funded International|Internationally Funded|Intl Scholars|"
    r"Intl Scholar|International Scholar)$"
)
MILITARY = re.compile(r"^(Military|Military Funded|Funded Military)$")
# A track for immigrant IMGs (Minnesota's program for IMGs who live in the state).
IMG_PATHWAY = re.compile(r"Immigrant IMG")
# Physician-scientist training programs (PSTP and their named equivalents).
PSTP = re.compile(
    r"(PSTP|Physician[ -]Scientist|MD Scientist|MDPhD|Scientist Development|Clinician Scientist|"
    r"Clin Scientist|2\+2 Scientists|Phys-Sci Path|Phys Sci Path|Investigator)"
)
RESEARCH = re.compile(r"(Research|\bRes Cardio\b|Dripps Scholars|Bonica Scholar|Scholars?\b(?! Program))")
PRIMARY = re.compile(r"(Primary|Prim Care|PC Leadership)")
RURAL = re.compile(r"(\bRural\b|\bFrontier\b)", re.IGNORECASE)

# --- osteopathic marks --------------------------------------------------------------------
# `track`: the NRMP title marks an osteopathic track ("Family Medicine/Osteopathic",
# "Fam Med/Osteo/Regionals"); `sponsor-school`: the sponsor is an osteopathic college, an OPTI
# (Osteopathic Postdoctoral Training Institution) or a consortium named for one;
# `sponsor-track`: another program of the same sponsor has an osteopathic track.
OSTEO_TITLE = re.compile(r"/(USF )?Osteo(pathic)?\b|/Osteo-")
OSTEO_SPONSOR = re.compile(
    r"(OPTI\b|Osteo|\bKCU\b|LECOM|OMECO|\bVCOM\b|KPCOM|Liberty Univ COM|Campbell University|"
    r"Oklahoma State U Ctr for Health Sci|Arkansas Coll Osteo|NYITCOM|Touro|Rowan-Virtua SOM|"
    r"Elson S Floyd COM|Western U COMP|Rocky Vista|Burrell|Lincoln Mem|Kansas City U|"
    r"Des Moines U|Marian U|Ohio U HCOM|A T Still|William Carey)"
)

ACGME_ID = re.compile(r"^\d{10}$")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def nrmp_titles() -> dict[str, tuple[str, str]]:
    """NRMP code -> (program title, source key): the all-specialty list first (its first title
    when a code is listed twice), then the IM directory's title for IM codes the list lacks."""
    titles: dict[str, tuple[str, str]] = {}
    for title, code in build_catalog.read_program_codes():
        titles.setdefault(code, (title, SRC_TITLE))
    for row in build_catalog.read_im_directory():
        titles.setdefault(row.code, (row.title, SRC_IM))
    return titles


def acgme_ids() -> dict[str, tuple[str, str]]:
    """Catalog id -> (ACGME program id, source key) where a source gives one: the IM directory's
    ACGME code for IM codes, the ACGME urology list for AUA rows, a program page for the rows
    it added (its ACGME id is in the page's address)."""
    ids: dict[str, tuple[str, str]] = {}
    for row in build_catalog.read_im_directory():
        if ACGME_ID.match(row.acgme):
            ids.setdefault(row.code, (row.acgme, SRC_IM))
    return ids


# --- ACGME ids from the ACGME program list (all specialties) -------------------------------
# `sources/acgme_programs_2019.csv` holds the ACGME program names, cities, states and ids of
# `nmacklin/MactionCreations` (2017-19) for the catalog's specialties. A name is matched to
# the catalog's programs of the same specialty (ACGME id's first 3 digits, the NRMP code's
# specialty part) and state, grouped by sponsor and city (a sponsor's NRMP tracks at one city
# are one ACGME program). Accepted only when the cities agree, the name words of the ACGME name
# and of the sponsor's NRMP name (with its title's site) agree well enough (MATCH_MIN), the
# next-best candidate is clearly worse (MATCH_MARGIN), and no other ACGME name claims the same
# group. Measured on IM, where the NRMP directory gives the true id: data/PROGRAMS.md.
MATCH_MIN = 0.5
MATCH_MARGIN = 0.4
ABBREVIATIONS = {
    "u": "university", "univ": "university", "med": "medical", "ctr": "center",
    "hosp": "hospital", "hosps": "hospitals", "som": "school medicine", "coll": "college",
    "st": "saint", "sts": "saints", "mem": "memorial", "reg": "regional", "hlth": "health",
    "sys": "system", "comm": "community", "gen": "general", "cnty": "county", "co": "county",
    "natl": "national", "hsc": "health science center", "ctrs": "centers", "mc": "medical center",
    "affil": "affiliated", "inst": "institute", "fdn": "foundation", "tch": "teaching",
    "osteo": "osteopathic", "sci": "science", "childrens": "children", "womens": "women",
    "mt": "mount", "ft": "fort", "n": "north", "s": "south", "e": "east", "w": "west",
    "sw": "southwest", "ne": "northeast", "nw": "northwest", "se": "southeast",
    "com": "college medicine",
}  # fmt: skip
GENERIC_WORDS = frozenset(
    [
        "program",
        "the",
        "of",
        "and",
        "at",
        "in",
        "medical",
        "center",
        "hospital",
        "hospitals",
        "university",
        "school",
        "medicine",
        "health",
        "system",
        "college",
        "inc",
        "a",
        "for",
        "saint",
        "residency",
        "clinic",
        "centers",
        "services",
        "healthcare",
        "care",
        "network",
        "campus",
    ]
)


def name_words(name: str) -> set[str]:
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", name.lower().replace("'", "").replace("&", " ")):
        words += ABBREVIATIONS.get(word, word).split()
    return {w for w in words if w not in GENERIC_WORDS}


def name_agreement(a: str, b: str) -> float:
    """Shared distinctive words over the shorter name's, damped when the longer has many more."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return 0.0
    shared = len(wa & wb)
    return shared / min(len(wa), len(wb)) * (shared / max(len(wa), len(wb))) ** 0.25


def program_agreement(name: str, first: dict[str, str], titles: dict[str, tuple[str, str]]) -> float:
    """How well an ACGME program name reads as a catalog group: its sponsor with or without the
    site its NRMP title names, whichever agrees better."""
    site = " ".join(build_catalog.title_sites(titles.get(first["nrmp_code"], ("", ""))[0]))
    return max(
        name_agreement(name, f"{first['institution']} {site}"), name_agreement(name, first["institution"])
    )


def match_acgme_list(programs: list[dict[str, str]], titles: dict[str, tuple[str, str]]) -> dict[str, str]:
    """NRMP code -> ACGME id, from the ACGME program list (see the rule above)."""
    groups: dict[tuple[str, str, str, str], list[dict[str, str]]] = defaultdict(list)
    for p in programs:
        if p["nrmp_code"]:
            groups[(p["id"][:4], p["nrmp_code"][4:7], p["city"], p["state"])].append(p)
    claims: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for entry in read_csv(SOURCES / "acgme_programs_2019.csv"):
        family = entry["acgme_id"][:3]
        scored = []
        for group, members in groups.items():
            if group[1] != family or group[3] != entry["state"]:
                continue
            agreement = program_agreement(entry["program"], members[0], titles)
            same_city = build_catalog.same_place(group[2], entry["city"])
            scored.append((agreement + (0.3 if same_city else 0.0), agreement, same_city, group))
        if not scored:
            continue
        scored.sort(key=lambda t: (-t[0], t[3]))
        best = scored[0]
        margin = best[0] - (scored[1][0] if len(scored) > 1 else 0.0)
        if best[2] and best[1] >= MATCH_MIN and margin >= MATCH_MARGIN:
            claims[best[3]].add(entry["acgme_id"])
    matched: dict[str, str] = {}
    for group, acgme in claims.items():
        if len(acgme) == 1:
            for p in groups[group]:
                matched[p["nrmp_code"]] = next(iter(acgme))
    return matched


# --- ACGME's obstetrics-gynecology programs (2023) --------------------------------------------
# `sources/acgme_obgyn_2023.csv`: every OB/GYN program of ACGME's public program search in 2023
# (id, name, city, state, sponsor, original accreditation date, status, participating sites).
# Complete for the specialty, so it both adds ids the 2017-19 list lacks and replaces the ones
# that list matched to a program since withdrawn or to the wrong program of a city (Riverside,
# Brooklyn, Jamaica: data/PROGRAMS.md). Matched to the catalog's OB/GYN programs (NRMP code
# 220) of the same state, grouped by sponsor and city like the ACGME-list match: within the
# entry's own city the best name agreement wins when it is the only OB/GYN program there
# (OBGYN_ALONE) or leads the next by OBGYN_MARGIN (and reaches OBGYN_MIN); elsewhere in the
# state only a near-identical name (OBGYN_ELSEWHERE) with a clear lead counts. Withdrawn
# programs are skipped; a group two entries claim gets neither.
OBGYN_CODE = "220"
OBGYN_ALONE = 0.2
OBGYN_MIN = 0.35
OBGYN_MARGIN = 0.15
OBGYN_ELSEWHERE = 0.8
OBGYN_ELSEWHERE_MARGIN = 0.3


def match_acgme_obgyn(
    programs: list[dict[str, str]], titles: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """NRMP code -> (ACGME id, year of original accreditation or "") for OB/GYN programs."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for p in programs:
        if p["nrmp_code"] and p["nrmp_code"][4:7] == OBGYN_CODE:
            groups[(p["id"][:4], p["city"], p["state"])].append(p)
    claims: dict[tuple[str, str, str], set[tuple[str, str]]] = defaultdict(set)
    for entry in read_csv(SOURCES / "acgme_obgyn_2023.csv"):
        if "Withdraw" in entry["accreditation_status"]:
            continue
        same: list[tuple[float, tuple[str, str, str]]] = []
        other: list[tuple[float, tuple[str, str, str]]] = []
        for group, members in groups.items():
            if group[2] != entry["state"]:
                continue
            first = members[0]
            agreement = max(
                program_agreement(entry["program"], first, titles),
                name_agreement(entry["sponsor"], first["institution"]),
            )
            (same if build_catalog.same_place(group[1], entry["city"]) else other).append((agreement, group))
        same.sort(key=lambda t: (-t[0], t[1]))
        other.sort(key=lambda t: (-t[0], t[1]))
        pick = None
        if same:
            lead = same[0][0] - (same[1][0] if len(same) > 1 else 0.0)
            if (len(same) == 1 and same[0][0] >= OBGYN_ALONE) or (
                same[0][0] >= OBGYN_MIN and lead >= OBGYN_MARGIN
            ):
                pick = same[0][1]
        if pick is None and other:
            rival = max([a for a, _ in other[1:]] + [a for a, _ in same] + [0.0])
            if other[0][0] >= OBGYN_ELSEWHERE and other[0][0] - rival >= OBGYN_ELSEWHERE_MARGIN:
                pick = other[0][1]
        if pick is not None:
            claims[pick].add((entry["acgme_id"], entry["original_accreditation"][:4]))
    matched: dict[str, tuple[str, str]] = {}
    for group, found in claims.items():
        if len(found) == 1:
            for p in groups[group]:
                matched[p["nrmp_code"]] = next(iter(found))
    return matched


def _employer(name: str) -> str:
    return " ".join(name.strip().upper().split())


def _worksite(city: str) -> str:
    city = " ".join(city.strip().title().split())
    return LCA_CITY_FIXES.get(city, city)


# Spellings of the LCA file's worksite cities, as the employer table writes them.
LCA_CITY_FIXES = {
    "Port Land": "Portland",
    "Noth Grafton": "North Grafton",
    "Wilkes Barre": "Wilkes-Barre",
    "St. Louis": "St Louis",
}


# The DOL LCA extracts read, each with the federal fiscal year its filings belong to. A further
# quarter or year is one more extract here (same columns) and one more PROGRAMS.md source row;
# its employers must all be in `sources/h1b_lca_employers.csv` or the build stops.
LCA_EXTRACTS = (
    ("dol_lca_2025q2_residents.csv", 2025),  # dol-lca-2025q2
    ("dol_lca_2025q2_fellows.csv", 2025),  # dol-lca-2025q2
    ("dol_lca_2024q1_gme.csv", 2024),  # dol-lca-2024q1
)


def h1b_lca_rows() -> list[tuple[int, dict[str, str]]]:
    """(fiscal year, row) of every LCA extract row, in `LCA_EXTRACTS` order."""
    return [(year, row) for name, year in LCA_EXTRACTS for row in read_csv(SOURCES / name)]


def h1b_lca_employers() -> dict[tuple[str, str, str], list[str]]:
    """(employer, worksite state, worksite city) -> the NRMP sponsor codes it maps to (reviewed;
    an empty list is an employer left unmapped, with the reason in the table's basis)."""
    return {
        (r["employer"], r["worksite_state"], r["worksite_city"]): [
            c for c in r["institution_codes"].split(";") if c
        ]
        for r in read_csv(SOURCES / "h1b_lca_employers.csv")
    }


def h1b_lca_key(row: dict[str, str]) -> tuple[str, str, str]:
    """The employer table's key of one extract row (names and cities normalised)."""
    return (
        _employer(row["EMPLOYER_NAME"]),
        row["WORKSITE_STATE"].strip(),
        _worksite(row["WORKSITE_CITY"]),
    )


def h1b_resident_lcas() -> dict[str, tuple[int, int]]:
    """Sponsor code -> (labor condition applications, distinct fiscal years with one) for
    graduate medical education trainees: the LCAs (the first step of an H-1B petition) its
    employer filed for residents and for clinical fellows, over every extract in
    `LCA_EXTRACTS` (the Department of Labor's FY2025 Q2 file, filed January-March 2025 and
    mostly for a July 2025 start, and a certified full-time copy of its FY2024 Q1 file).
    Fellows count because a fellow's LCA shows the same thing a resident's does: the
    sponsor's GME office files H-1B petitions for its trainees. The employer of each row is
    mapped to NRMP sponsors by `sources/h1b_lca_employers.csv` (reviewed; a system employer
    such as Mass General Brigham maps to each sponsor whose trainees it employs). A sponsor
    that filed only in quarters not read is not seen."""
    employers = h1b_lca_employers()
    counts: Counter[str] = Counter()
    years: defaultdict[str, set[int]] = defaultdict(set)
    for year, row in h1b_lca_rows():
        key = h1b_lca_key(row)
        if key not in employers:
            raise SystemExit(f"h1b_lca_employers.csv has no row for {key}")
        for code in employers[key]:
            counts[code] += 1
            years[code].add(year)
    return {code: (n, len(years[code])) for code, n in counts.items()}


# --- the sponsor's hospital in CMS's public files ------------------------------------------
# `sources/sponsor_hospitals.csv` pairs a sponsor with its main hospital's CMS certification
# number (CCN) and carries two of CMS's facts about that hospital: its ownership (Care Compare
# "Hospital General Information") and its medical school affiliation (Provider of Services file,
# MDCL_SCHL_AFLTN_CD). The pairing is an automatic name match in the sponsor's own city, each
# row read by a reviewer (rejected pairings stay in the file with the reason and no CCN).
OWNERSHIP = {
    "Proprietary": "for-profit",
    "Physician": "for-profit",
    "Voluntary non-profit - Private": "nonprofit",
    "Voluntary non-profit - Other": "nonprofit",
    "Voluntary non-profit - Church": "nonprofit",
    "Government - Hospital District or Authority": "government",
    "Government - Local": "government",
    "Government - State": "government",
    "Government - Federal": "government",
    "Veterans Health Administration": "government",
    "Department of Defense": "government",
    "Tribal": "government",
}
# CMS Provider of Services, MDCL_SCHL_AFLTN_CD.
SCHOOL_AFFILIATION = {"1": "major", "2": "limited", "3": "graduate", "4": "none"}


def sponsor_hospitals() -> dict[str, tuple[str, str]]:
    """Sponsor code -> (ownership class, medical school affiliation) of its reviewed CMS hospital;
    sponsors with no accepted pairing are absent (the facts stay empty, not guessed)."""
    facts: dict[str, tuple[str, str]] = {}
    for row in read_csv(SOURCES / "sponsor_hospitals.csv"):
        if not row["ccn"]:
            continue
        if row["ownership"] and row["ownership"] not in OWNERSHIP:
            raise SystemExit(
                f"sponsor_hospitals.csv {row['institution_code']}: unknown ownership {row['ownership']!r}"
            )
        code = row["school_affiliation_code"]
        if code and code not in SCHOOL_AFFILIATION:
            raise SystemExit(
                f"sponsor_hospitals.csv {row['institution_code']}: unknown affiliation code {code!r}"
            )
        facts[row["institution_code"]] = (
            OWNERSHIP.get(row["ownership"], ""),
            SCHOOL_AFFILIATION.get(code, ""),
        )
    return facts


def acgme_series(acgme: str) -> tuple[str, str]:
    """(series, sequence) of an ACGME program id: `SSS` specialty, `TT` state, then five digits.
    Programs accredited under the old numbering carry a type code ("11", "12", "13", "21",
    "22", "31") in digits 6-7; newer programs carry "00" and a sequence number that grows as
    programs are accredited (data/PROGRAMS.md shows the Florida and Michigan runs)."""
    if not ACGME_ID.match(acgme):
        return "", ""
    if acgme[5:7] == "00":
        return "new", str(int(acgme[5:]))
    return "legacy", ""


def track_type(code: str, specialty: str, track: str, title: str, campus: str) -> str:
    letter = code[7:8] if code else ""
    parts = [p.strip() for p in title.split("/")[1:]]
    tail = "/".join(parts)
    if track == "physician" or letter == "R":
        return "physician"
    if track == "transitional" or specialty == "transitional-year":
        return "transitional"
    if track == "preliminary":
        return "preliminary"
    if any(MILITARY.match(p) for p in parts):
        return "military"
    if any(SPONSORED_IMG.match(p) for p in parts):
        return "sponsored-img"
    if IMG_PATHWAY.search(tail):
        return "img-pathway"
    if PSTP.search(tail):
        return "pstp"
    if RESEARCH.search(tail):
        return "research"
    if letter == "M" or PRIMARY.search(title.split("/")[0]) or PRIMARY.search(tail):
        return "primary-care"
    if campus in ("rural", "site"):
        return campus
    if track == "advanced":
        return "advanced"
    return "categorical"


def home_cities(programs: list[dict[str, str]], titles: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Sponsor code -> its own city: the most common city of its programs whose title names
    no site (ties broken by name, so the build is deterministic)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for p in programs:
        title = titles.get(p["nrmp_code"], ("", ""))[0]
        if p["city"] and p["nrmp_code"] and not build_catalog.title_sites(title):
            counts[p["id"][:4]][p["city"]] += 1
    return {code: min(c, key=lambda city: (-c[city], city)) for code, c in counts.items()}


def campus_of(p: dict[str, str], title: str, home: str | None) -> str:
    """`rural` when the title names a rural or frontier track; `site` when the title names a
    site and the program trains in another city than the sponsor's own (an empty city with a
    site in the title counts as a site); else `main`."""
    sites = build_catalog.title_sites(title)
    if RURAL.search("/".join(title.split("/")[1:])):
        return "rural"
    if not sites:
        return "main"
    if not p["city"] or home is None:
        return "site"
    return "main" if build_catalog.same_place(p["city"], home) else "site"


def campuses(
    programs: list[dict[str, str]], titles: dict[str, tuple[str, str]], homes: dict[str, str]
) -> dict[str, str]:
    """Program id -> campus: `campus_of` per program, then a `site` in a city where its sponsor
    (as the catalog names it) runs `main` programs, or of a sponsor with no `main` program at
    all, is `main` (Boston Children's pediatrics: its sponsor's only programs are named sites).
    The one campus rule: the tier rule (`core.estimates`) and the fitted `site_track` read it."""
    first = {
        p["id"]: campus_of(p, titles.get(p["nrmp_code"], ("", ""))[0], homes.get(p["id"][:4]))
        if p["nrmp_code"]
        else "main"
        for p in programs
    }
    main_cities: dict[str, set[str]] = defaultdict(set)
    for p in programs:
        if first[p["id"]] == "main":
            main_cities[p["institution"]].add(p["city"])
    for p in programs:
        if first[p["id"]] == "site" and p["city"] in main_cities.get(p["institution"], {p["city"]}):
            first[p["id"]] = "main"
    return first


# --- geography ----------------------------------------------------------------------------
# What is around a program, from the gazetteer (data/places.csv, GeoNames) and the catalog: its
# city's population, the people of its metro area and the other sponsors' programs of its
# specialty near it.
# Precomputed here so the model reads them at no cost at run time (computed in the app from the
# gazetteer's 21,686 places they cost ~20% of `estimate_all`).
PEOPLE_MILES = 30.0
PEER_MILES = 50.0
GEO_COLUMNS = ("city_population", "people_within_30mi", "peers_within_50mi")


def geography(programs: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Program id -> its geography columns (empty when its city is not in the gazetteer).

    `city_population`: the population GeoNames gives the program's city (the model's city
    size, read here so the app need not load the gazetteer to estimate); `people_within_30mi`:
    the population of the gazetteer's places whose centre is within 30
    miles of the program city's centre (its metro area across city lines, where the city's own
    population sees one city); `peers_within_50mi`: programs of the same specialty of other
    sponsors (the NRMP institution code) whose city is within 50 miles. Great-circle miles
    between place centres (`core.geo`)."""
    everywhere = sorted({(q.name, q.state): q for q in gazetteer().values()}.values(), key=lambda q: q.lat)
    latitudes = [q.lat for q in everywhere]
    where = {p["id"]: locate(p["city"], p["state"]) for p in programs}
    by_specialty: dict[str, list[tuple[Place, str]]] = defaultdict(list)
    for p in programs:
        place = where[p["id"]]
        if place is not None:
            by_specialty[p["specialty"]].append((place, p["id"][:4]))
    people: dict[tuple[str, str], int] = {}
    out: dict[str, dict[str, str]] = {}
    for p in programs:
        here = where[p["id"]]
        if here is None:
            out[p["id"]] = dict.fromkeys(GEO_COLUMNS, "")
            continue
        key = (here.name, here.state)
        if key not in people:
            span = PEOPLE_MILES / 69.0  # degrees of latitude: a band that holds every place in reach
            lo = bisect.bisect_left(latitudes, here.lat - span)
            hi = bisect.bisect_right(latitudes, here.lat + span)
            near = (q for q in everywhere[lo:hi] if miles_between(here, q) <= PEOPLE_MILES)
            people[key] = sum(q.population for q in near)
        own = p["id"][:4]
        peers = sum(
            1
            for place, sponsor in by_specialty[p["specialty"]]
            if sponsor != own and (place is here or miles_between(here, place) <= PEER_MILES)
        )
        out[p["id"]] = {
            "city_population": str(here.population),
            "people_within_30mi": str(people[key]),
            "peers_within_50mi": str(peers),
        }
    return out


def fill_history(
    code: str, fl: dict[str, build_catalog.FlResult], matched: dict[str, dict[int, int]]
) -> dict[str, str]:
    result = fl.get(code)
    if result is None:
        return {"fill_years": "", "fill_rate": "", "unfilled_years": "", "first_year": ""}
    years = [y for y, q in sorted(result.quotas.items()) if q > 0]
    if not years:
        return {"fill_years": "0", "fill_rate": "", "unfilled_years": "0", "first_year": ""}
    quota = sum(result.quotas[y] for y in years)
    got = sum(min(matched[code][y], result.quotas[y]) for y in years)
    unfilled = sum(1 for y in years if matched[code][y] < result.quotas[y])
    return {
        "fill_years": str(len(years)),
        "fill_rate": f"{got / quota:.3f}",
        "unfilled_years": str(unfilled),
        "first_year": str(years[0]),
    }


def read_fl_matched() -> dict[str, dict[int, int]]:
    """NRMP code -> year -> matched count, from the Florida results extract (a code listed twice
    is combined year by year, like the quotas in build_catalog.read_fl_results)."""
    matched: dict[str, dict[int, int]] = defaultdict(lambda: dict.fromkeys(range(2020, 2027), 0))
    for raw in read_csv(SOURCES / "nrmp_results_fl_2026.csv"):
        if raw["Table"] != "Main":
            continue
        years = matched[raw["Program Code"]]
        for year in range(2020, 2027):
            years[year] = max(years[year], int(raw[f"{year} Matched"]))
    return matched


def build() -> list[dict[str, str]]:
    programs = read_csv(DATA / "programs.csv")
    titles = nrmp_titles()
    ids = acgme_ids()
    obgyn = match_acgme_obgyn(programs, titles)
    for code, (acgme, _since) in obgyn.items():
        ids.setdefault(code, (acgme, SRC_OBGYN))
    listed = match_acgme_list(programs, titles)
    for code, acgme in listed.items():
        ids.setdefault(code, (acgme, SRC_ACGME))
    homes = home_cities(programs, titles)
    campus_by_id = campuses(programs, titles, homes)
    geo = geography(programs)
    fl = build_catalog.read_fl_results()
    fl_matched = read_fl_matched()
    pages = {
        (r["specialty"], r["institution_code"]): r["acgme_id"]
        for r in read_csv(SOURCES / "program_pages_2026.csv")
        if r["acgme_id"]
    }

    # Reviewed program-level relations (a specialty's program run by a school's department at a
    # hospital whose sponsor-level relation is weaker), each with the page it rests on.
    reviews = {r["nrmp_code"]: r for r in read_csv(SOURCES / "program_reviews.csv")}
    known = {p["nrmp_code"] for p in programs}
    if set(reviews) - known:
        raise SystemExit(f"program_reviews.csv: codes not in the catalog: {sorted(set(reviews) - known)}")
    schools = {r["school_key"] for r in read_csv(SOURCES / "medical_schools_nih.csv")}
    for code, review in reviews.items():
        if review["school_key"] and review["school_key"] not in schools:
            raise SystemExit(f"program_reviews.csv {code}: unknown school key {review['school_key']!r}")

    lcas = h1b_resident_lcas()
    hospitals = sponsor_hospitals()
    if set(hospitals) - {p["id"][:4] for p in programs}:
        raise SystemExit("sponsor_hospitals.csv: sponsor codes not in the catalog")
    # How many NRMP tracks the sponsor offers in this specialty (3-digit code) in this city: a
    # size proxy where no positions are published (a large IM program splits into categorical,
    # primary-care, preliminary and research tracks; a small one has one).
    tracks: Counter[tuple[str, str, str]] = Counter(
        (p["id"][:4], p["nrmp_code"][4:7], p["city"]) for p in programs if p["nrmp_code"]
    )
    img_track_sponsors = {
        p["id"][:4]
        for p in programs
        if p["nrmp_code"]
        and track_type(
            p["nrmp_code"], p["specialty"], p["track"], titles.get(p["nrmp_code"], ("", ""))[0], ""
        )
        in ("sponsored-img", "img-pathway")
    }

    osteo_track_sponsors = {
        p["id"][:4] for p in programs if OSTEO_TITLE.search(titles.get(p["nrmp_code"], ("", ""))[0])
    }
    # Sponsor vintage: the series of the ACGME ids known for any of its NRMP programs (legacy
    # when any is legacy), with the sources of the ids that decide it.
    sponsor_series: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for code, (acgme, src) in ids.items():
        sponsor_series[code[:4]][acgme_series(acgme)[0]].add(src)

    rows = []
    for p in programs:
        code4 = p["id"][:4]
        nrmp = p["nrmp_code"]
        title, title_src = titles.get(nrmp, ("", ""))
        sources: list[str] = [title_src] if title_src else []
        campus = campus_by_id[p["id"]]
        kind = track_type(nrmp, p["specialty"], p["track"], title, campus)

        if OSTEO_TITLE.search(title):
            osteo = "track"
        elif OSTEO_SPONSOR.search(p["institution"]):
            osteo = "sponsor-school"
        elif code4 in osteo_track_sponsors:
            osteo = "sponsor-track"
        else:
            osteo = ""

        acgme, acgme_src = ids.get(nrmp, ("", ""))
        if not acgme and "-AUA-" in p["id"]:
            acgme, acgme_src = p["id"].split("-AUA-")[1], SRC_URO
            if SRC_URO not in p["source"]:
                acgme_src = SRC_PAGES
        if not acgme and p["specialty"] in ("ophthalmology", "urology"):
            page = pages.get((p["specialty"], code4), "")
            if page and not p["id"].endswith("-AUA"):
                acgme, acgme_src = page, SRC_PAGES
        if acgme_src and acgme_src not in sources:
            sources.append(acgme_src)
        series, seq = acgme_series(acgme)
        sponsor = sponsor_series.get(code4, {})
        sponsor_vintage = "legacy" if "legacy" in sponsor else ("new" if sponsor else "")
        for src in sorted(sponsor.get(sponsor_vintage, ())):
            if src not in sources:
                sources.append(src)

        fill = fill_history(nrmp, fl, fl_matched)
        if fill["fill_years"]:
            sources.append(SRC_FL)
        review = reviews.get(nrmp, {})
        if review:
            sources.append(SRC_REVIEWS)
        sources += [SRC_LCA, SRC_LCA24]
        ownership, school_affiliation = hospitals.get(code4, ("", ""))
        if code4 in hospitals:
            sources.append(SRC_CMS)
        if geo[p["id"]]["people_within_30mi"]:
            sources.append(SRC_GEO)
        rows.append(
            {
                "id": p["id"],
                "track_type": kind,
                "campus": campus,
                "osteopathic": osteo,
                "acgme_id": acgme,
                "acgme_series": series,
                "acgme_seq": seq,
                "sponsor_acgme_series": sponsor_vintage,
                **fill,
                "tracks_at_site": str(tracks[(code4, nrmp[4:7], p["city"])]) if nrmp else "",
                "sponsor_h1b_resident_lcas": str(lcas.get(code4, (0, 0))[0]),
                "sponsor_h1b_years": str(lcas.get(code4, (0, 0))[1]),
                "sponsor_img_track": "yes" if code4 in img_track_sponsors else "",
                "reviewed_school": review.get("school_key", ""),
                "reviewed_relation": review.get("relation", ""),
                "program_since": review.get("since", ""),
                "sponsor_ownership": ownership,
                "sponsor_school_affiliation": school_affiliation,
                "acgme_since": obgyn.get(nrmp, ("", ""))[1] if nrmp else "",
                **geo[p["id"]],
                "source": ";".join(sources),
            }
        )
    return rows


def render(rows: list[dict[str, str]]) -> str:
    return build_catalog.render(rows, COLUMNS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if program_facts.csv is stale")
    args = parser.parse_args()
    return build_catalog.write_or_check(OUT, render(build()), args.check)


if __name__ == "__main__":
    sys.exit(main())

"""Reading the raw extracts of data/sources/: the source keys, the NRMP code tables, and one
reader per file. Nothing here decides where a program is or what it is called; the later
stages do (see the package docstring)."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from smartpick_tui.core.geography import STATE_NAME

DATA = Path(__file__).resolve().parent.parent
SOURCES = DATA / "sources"

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


# State name -> code: the app's table (core.geography), plus the NRMP directory's own spelling.
STATE_CODE = {name: code for code, name in STATE_NAME.items()} | {"District Of Columbia": "DC"}
STATE_CODES = set(STATE_CODE.values())
# NRMP lists sponsors grouped by state in this order (alphabetical by state name).
STATE_ORDER = [code for code, _ in sorted(STATE_NAME.items(), key=lambda item: item[1])]

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


def load_specialties() -> set[str]:
    """The specialty ids of data/specialties.json: every catalog row's specialty is one."""
    listed = json.loads((DATA / "specialties.json").read_text(encoding="utf-8"))["specialties"]
    return {s["id"] for s in listed}


def load_academic_sponsors() -> dict[str, str]:
    """Sponsor code -> setting, for the curated teaching hospitals (basis column says why)."""
    path = SOURCES / "academic_sponsors.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["institution_code"]: row["setting"] for row in csv.DictReader(handle)}


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
            state = STATE_CODE.get(raw["State"].strip())
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


def read_source_csv(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(encoding="utf-8", newline="") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]

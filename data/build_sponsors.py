"""Rebuild data/sponsors.csv: the per-sponsor facts the program model reads.

Why a separate file: the program model needs facts about each program's sponsoring institution
(which medical school it teaches for, that school's NIH research funding and faculty size, how
many programs and specialties it sponsors) and those facts are per sponsor, not per program.
Like data/programs.csv it is never edited by hand: this script joins the reviewed extracts in
data/sources/ deterministically, and tests/catalog/test_sponsor_facts.py fails if the shipped
file differs from what it rebuilds. Provenance: data/PROGRAMS.md, "Sponsor facts".

Run:  python data/build_sponsors.py            (writes data/sponsors.csv)
      python data/build_sponsors.py --check    (exit 1 if data/sponsors.csv is stale)
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent
sys.path.insert(0, str(DATA))
import build_catalog  # noqa: E402  the sibling script: one CSV writer and check for both

SOURCES = DATA / "sources"
OUT = DATA / "sponsors.csv"

COLUMNS = (
    "institution_code",
    "institution",
    "relation",
    "school_key",
    "school",
    "nih_funding_2024_usd",
    "nih_rank_2024",
    "nih_ranked_schools",
    "faculty_2024",
    "programs",
    "specialties",
    "basis",
    "relation_source",
    "source",
)
RELATIONS = ("principal", "affiliate", "none", "military", "unknown")
# Without a reviewed row, the catalog's name-based setting stands in (labelled in `basis`).
SETTING_RELATION = {
    "university": "principal",
    "university-affiliated": "affiliate",
    "community": "none",
}
SRC_MAP = "sponsor-schools-reviewed"
SRC_NIH = "brimr-nih-2024;aamc-faculty-2024"
SRC_SETTING = "catalog-setting-rule"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build() -> list[dict[str, str]]:
    programs = read_csv(DATA / "programs.csv")
    schools = {row["school_key"]: row for row in read_csv(SOURCES / "medical_schools_nih.csv")}
    funded = sorted(
        (k for k, r in schools.items() if r["nih_funding_2024_usd"]),
        key=lambda k: (-int(schools[k]["nih_funding_2024_usd"]), k),
    )
    rank = {key: str(i) for i, key in enumerate(funded, start=1)}
    reviewed_path = SOURCES / "sponsor_schools.csv"
    reviewed = {r["institution_code"]: r for r in read_csv(reviewed_path)} if reviewed_path.exists() else {}

    sponsored: dict[str, dict[str, object]] = {}
    specialties: dict[str, set[str]] = defaultdict(set)
    for p in programs:
        code = p["id"][:4]
        entry = sponsored.setdefault(
            code, {"institution": p["institution"], "setting": p["setting"], "programs": 0}
        )
        entry["programs"] = int(entry["programs"]) + 1  # type: ignore[call-overload]
        specialties[code].add(p["specialty"])

    rows = []
    for code in sorted(sponsored):
        entry = sponsored[code]
        review = reviewed.get(code)
        if review is not None and review["relation"] in RELATIONS:
            relation, key, basis, relation_source, source = (
                review["relation"],
                review["school_key"].strip(),
                review["basis"].strip(),
                review["source"].strip(),
                SRC_MAP,
            )
        else:
            relation = SETTING_RELATION[str(entry["setting"])]
            key, basis, source = "", "no reviewed mapping: the catalog's setting rule", SRC_SETTING
            relation_source = ""
        school = schools.get(key)
        if key and school is None:
            raise SystemExit(f"sponsor {code}: school key {key!r} is not in medical_schools_nih.csv")
        rows.append(
            {
                "institution_code": code,
                "institution": str(entry["institution"]),
                "relation": relation,
                "school_key": key,
                "school": school["school"] if school else "",
                "nih_funding_2024_usd": school["nih_funding_2024_usd"] if school else "",
                "nih_rank_2024": rank.get(key, ""),
                "nih_ranked_schools": str(len(funded)),
                "faculty_2024": school["faculty_2024"] if school else "",
                "programs": str(entry["programs"]),
                "specialties": str(len(specialties[code])),
                "basis": basis,
                "relation_source": relation_source,
                "source": f"{source};{SRC_NIH}" if school else source,
            }
        )
    return rows


def render(rows: list[dict[str, str]]) -> str:
    return build_catalog.render(rows, COLUMNS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if sponsors.csv is stale")
    args = parser.parse_args()
    return build_catalog.write_or_check(OUT, render(build()), args.check)


if __name__ == "__main__":
    sys.exit(main())

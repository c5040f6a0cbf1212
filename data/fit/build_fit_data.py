"""Build the fit-only ground truth: per-program interview rates by applicant type and the
crosswalk from their program names to the catalog's NRMP codes.

Source: GitHub `datadoc1/signal-analysis` (MIT licence), `data/<Specialty>.csv`: AAMC Residency
Explorer-origin aggregates (interview rate per applicant type, per ACGME program). These rows
are used ONLY to fit and to check the weights of public facts (bench/fit_model.py,
bench/calibration.py); they never ship (not in the wheel, not in the sdist) and no program's
identity or name is ever a feature of the model.

    python data/fit/build_fit_data.py --source /path/to/signal-analysis/checkout-or-bare-repo

writes `data/fit/interview_rates.csv` (the extract: one row per program with the rates) and
`data/fit/crosswalk.csv` (their program -> our NRMP code, with the match score and basis).
Matching: same specialty and state; a name-similarity score over normalised tokens (NRMP's
abbreviations expanded) plus agreement of the city; one catalog program per source row and
one source row per catalog program (greedy by score); `crosswalk_review.csv` holds the
reviewed decisions that override the automatic ones (a code, or "none").
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCE_COMMIT = "8b3b9f366400ad01eb010b22874834132e2a2cac"

FILES: dict[str, str] = {
    "Anatomic and Clinical Pathology": "pathology",
    "Anesthesiology": "anesthesiology",
    "Dermatology": "dermatology",
    "Diagnostic Radiology": "diagnostic-radiology",
    "Emergency Medicine": "emergency-medicine",
    "Family Medicine": "family-medicine",
    "General Surgery": "general-surgery",
    "Internal Medicine": "internal-medicine",
    "Neurological Surgery": "neurological-surgery",
    "Neurology": "neurology",
    "Obstetrics and Gynecology": "obstetrics-gynecology",
    "Orthopedic Surgery": "orthopaedic-surgery",
    "Otolaryngology": "otolaryngology",
    "PM&R": "pmr",
    "Pediatrics": "pediatrics",
    "Psychiatry": "psychiatry",
    "Rad Onc": "radiation-oncology",
    "Thoracic Surgery": "thoracic-surgery",
    "Vasc Surg": "vascular-surgery",
}
RATE_COLUMNS = (
    "Signal",
    "No Signal",
    "Gold Signal",
    "Silver Signal",
    "In-State School",
    "Out-Of-State School",
    "MD",
    "DO",
    "US IMG",
    "Non US IMG",
)
OUT_RATES = (
    "signal",
    "no_signal",
    "gold_signal",
    "silver_signal",
    "in_state",
    "out_of_state",
    "md",
    "do",
    "us_img",
    "non_us_img",
)

ABBREVIATIONS = {
    "u": "university",
    "univ": "university",
    "med": "medical",
    "ctr": "center",
    "ctrs": "centers",
    "hosp": "hospital",
    "hosps": "hospitals",
    "hlth": "health",
    "sch": "school",
    "coll": "college",
    "mem": "memorial",
    "reg": "regional",
    "comm": "community",
    "sys": "system",
    "inst": "institute",
    "sci": "sciences",
    "science": "sciences",
    "cty": "county",
    "natl": "national",
    "gen": "general",
    "ctrl": "central",
    "cent": "central",
    "prog": "program",
    "fdn": "foundation",
    "hlthcare": "healthcare",
    "grp": "group",
    "assoc": "associates",
    "affil": "affiliated",
    "osteo": "osteopathic",
    "mt": "mount",
    "ft": "fort",
    "so": "southern",
    "no": "northern",
    "ne": "northeast",
    "nw": "northwest",
    "se": "southeast",
    "sw": "southwest",
    "svc": "services",
    "svcs": "services",
    "ed": "education",
    "gme": "gme",
    "wmns": "womens",
    "chldns": "childrens",
    "childrens": "childrens",
    "pres": "presbyterian",
    "presby": "presbyterian",
    "cmc": "cmc",
    "va": "va",
    "tx": "texas",
    "ny": "new york",
}
STOP = {"of", "the", "and", "at", "in", "for", "program", "a", "inc", "llc", "residency", "campus"}
MIN_SCORE, MIN_SCORE_OTHER_CITY = 0.70, 0.75  # name similarity (+0.25 for the same city)
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for raw in _TOKEN.findall(text.casefold().replace("&", " and ").replace("'", "")):
        word = ABBREVIATIONS.get(raw, raw)
        out.extend(w for w in word.split() if w not in STOP)
    return out


def read_source(source: Path) -> dict[str, str]:
    """File name -> CSV text, from a checkout or a bare repository (git show)."""
    texts: dict[str, str] = {}
    for name in FILES:
        path = f"data/{name}.csv"
        if (source / path).exists():
            texts[name] = (source / path).read_text(encoding="utf-8-sig")
        else:
            git_dir = source / ".git" if (source / ".git").exists() else source
            texts[name] = subprocess.run(
                ["git", f"--git-dir={git_dir}", "show", f"{SOURCE_COMMIT}:{path}"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.lstrip("\ufeff")
    return texts


def catalog_rows() -> list[dict[str, str]]:
    with (ROOT / "data" / "programs.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def acgme_names() -> dict[str, str]:
    """Institution code -> the ACGME program name that sponsor_cities.csv quotes (a key)."""
    out: dict[str, str] = {}
    with (ROOT / "data" / "sources" / "sponsor_cities.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            basis = row["basis"]
            if basis.startswith("ACGME program name: "):
                out[row["institution_code"]] = basis.removeprefix("ACGME program name: ")
    return out


def acgme_program_names() -> dict[str, str]:
    """Catalog id -> the ACGME program name of its ACGME id (data/program_facts.csv's
    `acgme_id` against data/sources/acgme_programs_2019.csv): the source rows' own naming."""
    names: dict[str, str] = {}
    with (ROOT / "data" / "sources" / "acgme_programs_2019.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names[row["acgme_id"]] = row["program"]
    out: dict[str, str] = {}
    facts = ROOT / "data" / "program_facts.csv"
    if facts.exists():
        with facts.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["acgme_id"] in names:
                    out[row["id"]] = names[row["acgme_id"]]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/.mirror/datadoc1+signal-analysis/repo"))
    args = parser.parse_args()
    texts = read_source(args.source)
    catalog = catalog_rows()
    by_spec_state: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in catalog:
        if row["track"] in ("preliminary", "physician", "transitional"):
            continue
        by_spec_state[(row["specialty"], row["state"])].append(row)
    acgme = acgme_names()
    program_names = acgme_program_names()
    # token document frequency over both name lists (rare words weigh more)
    df: Counter[str] = Counter()
    source_rows: list[dict[str, str]] = []
    for name, specialty in FILES.items():
        for row in csv.DictReader(io.StringIO(texts[name])):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            row["_specialty"] = specialty
            source_rows.append(row)
            df.update(set(tokens(row["Program"])))
    for row in catalog:
        df.update(set(tokens(row["institution"])))
    total = len(source_rows) + len(catalog)

    def weight(tok: str) -> float:
        return math.log(total / (1 + df[tok]))

    def similarity(a: list[str], b: list[str]) -> float:
        sa, sb = set(a), set(b)
        if not sa or not sb:
            return 0.0
        common = sum(weight(t) for t in sa & sb)
        return 2 * common / (sum(weight(t) for t in sa) + sum(weight(t) for t in sb))

    review: dict[tuple[str, str, str], str] = {}
    review_path = HERE / "crosswalk_review.csv"
    if review_path.exists():
        with review_path.open(encoding="utf-8", newline="") as handle:
            for r in csv.DictReader(handle):
                review[(r["specialty"], r["program"], r["state"])] = r["nrmp_code"]

    rates_out: list[list[str]] = []
    cross_out: list[list[str]] = []
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in source_rows:
        groups[(row["_specialty"], row["State"])].append(row)
        rates_out.append(
            [row["_specialty"], row["Program"], row["City"], row["State"]]
            + [row.get(col, "") for col in RATE_COLUMNS]
        )
    for (specialty, state), rows in sorted(groups.items()):
        candidates = by_spec_state.get((specialty, state), [])
        scored: list[tuple[float, int, int, str]] = []
        for i, row in enumerate(rows):
            theirs = tokens(row["Program"])
            for j, cand in enumerate(candidates):
                site = cand["name"].split(" - ", 1)[0].partition("/")[2]  # "Family Medicine/Rexburg"
                name_sim = similarity(theirs, tokens(f"{cand['institution']} {site}"))
                basis = "name"
                for key, label in (
                    (acgme.get(cand["id"][:4]), "acgme-sponsor-name"),
                    (program_names.get(cand["id"]), "acgme-program-name"),
                ):
                    if key is not None:
                        key_sim = similarity(theirs, tokens(key))
                        if key_sim > name_sim:
                            name_sim, basis = key_sim, label
                city = 0.25 if cand["city"].casefold() == row["City"].casefold() else 0.0
                # the main track: categorical before primary-care, site 0 before sites 1..
                order = (
                    (cand["id"][7] != "C") * 0.01 + int(cand["id"][8]) * 0.002
                    if cand["id"][8].isdigit()
                    else 0.02
                )
                scored.append((name_sim + city - order, i, j, basis + ("+city" if city else "")))
        scored.sort(key=lambda s: (-s[0], s[1], s[2]))
        used_rows: set[int] = set()
        used_sponsor_cands: set[str] = set()
        chosen: dict[int, tuple[float, str, str]] = {}
        for i, row in enumerate(rows):
            forced = review.get((specialty, row["Program"], state))
            if forced is not None:
                chosen[i] = (1.0, forced, "reviewed")
                used_rows.add(i)
                if forced != "none":
                    used_sponsor_cands.add(forced)
        for score, i, j, basis in scored:
            code = candidates[j]["id"]
            # a different city needs a near-certain name (site tracks share the sponsor's name)
            threshold = MIN_SCORE if basis.endswith("+city") else MIN_SCORE_OTHER_CITY
            if i in used_rows or code in used_sponsor_cands or score < threshold:
                continue
            # one catalog program per source row and one source row per catalog program (a
            # sponsor's site tracks are ACGME programs of their own, so they stay available)
            used_rows.add(i)
            used_sponsor_cands.add(code)
            chosen[i] = (score, code, basis)
        for i, row in enumerate(rows):
            score, code, basis = chosen.get(i, (0.0, "", "unmatched"))
            if code == "none":
                code, basis = "", "reviewed: no catalog program"
            cross_out.append([specialty, row["Program"], row["City"], state, code, f"{score:.3f}", basis])
    with (HERE / "interview_rates.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["specialty", "program", "city", "state", *OUT_RATES])
        writer.writerows(sorted(rates_out))
    with (HERE / "crosswalk.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["specialty", "program", "city", "state", "nrmp_code", "score", "basis"])
        writer.writerows(sorted(cross_out))
    matched = sum(1 for r in cross_out if r[4])
    print(f"{len(cross_out)} source programs, {matched} matched to a catalog program", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

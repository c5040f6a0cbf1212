"""Calibration report: the model's figures against measured and published Match outcomes.

Run:  python bench/calibration.py            (print both tables; exit 1 if a fitted row misses
                                              its tolerance)
      python bench/calibration.py --markdown (the tables as docs/calibration.md shows them)
      python bench/calibration.py --write-doc (and put them into docs/calibration.md)

Two tables, kept apart on purpose:

- **Fitted rows**: figures a parameter was set to reproduce (the level shift per applicant type
  of core/fit.py, the curve's points). Meeting them shows the fit worked, not that the model
  predicts: they are in-sample by construction.
- **Held-out rows**: figures no parameter saw. The out-of-fold Spearman correlation per
  specialty and applicant type between the model's chance and the measured interview rate
  (bench/fit_model.py's grouped cross-validation by sponsor: each program's prediction comes
  from a fit without its sponsor), the non-US IMG list checks, the spread and ties of the
  chances, the Step 2 CK bands (the app's figures; no published band rate was reachable) and
  the crowdsourced IM tier list (never an input).

Every row builds real SmartPick lists from the shipped catalog (`run_smartpick`) or reads the
model's own curve, so a change to any parameter of core/estimates.py, core/fit.py,
core/smartpick/distribution.py or match_curve.py shows here.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_model

from smartpick_tui.core.estimates import TYPE_KEYS, estimate_all
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.core.program_facts import TrackType, facts_for
from smartpick_tui.core.program_features import feature_vector
from smartpick_tui.core.programs import Program, shipped_catalog
from smartpick_tui.core.rules import Situation
from smartpick_tui.core.smartpick.engine import run_smartpick
from smartpick_tui.core.smartpick.match_curve import curve_for
from smartpick_tui.core.specialties import specialty_by_id

NRMP_2025 = "NRMP 2025 Main Match press release (PGY-1 match rates)"
AAMC_APPS = "AAMC ERAS 2025 applications per applicant: US MD 58, US DO 72, IMG 129 (secondary)"
# A typical applicant's Step 2 CK per type: the app's assumption (USMLE and NRMP summary
# figures put US/Canadian first takers near 248; DO and IMG applicants' means lower).
TYPICAL_STEP2 = {
    SchoolType.US_MD: 248,
    SchoolType.US_DO: 245,
    SchoolType.US_IMG: 236,
    SchoolType.NON_US_IMG: 240,
}
APPLICATIONS = {
    SchoolType.US_MD: 58,
    SchoolType.US_DO: 72,
    SchoolType.US_IMG: 129,
    SchoolType.NON_US_IMG: 129,
}
# Share of IM applicants by type (NRMP 2025 IM applicant mix, rounded; the app's weights).
IM_APPLICANT_MIX = {
    SchoolType.US_MD: 0.30,
    SchoolType.US_DO: 0.20,
    SchoolType.US_IMG: 0.15,
    SchoolType.NON_US_IMG: 0.35,
}


@dataclass(frozen=True)
class Row:
    profile: str
    published: float
    source: str
    tolerance: float
    compute: Callable[[], float]
    unit: str = "%"

    def measure(self) -> tuple[float, float, bool]:
        value = self.compute()
        error = value - self.published
        return value, error, abs(error) <= self.tolerance


def _typical(school: SchoolType, specialty: str = "internal-medicine") -> Profile:
    situation = Situation.DO_IMG if school.is_do_or_img else Situation.NO_HOME_PROGRAM
    return Profile(school=school, step2=TYPICAL_STEP2[school], specialty=specialty, situation=situation)


def _match(profile: Profile, n: int, supported: bool) -> float:
    return 100 * run_smartpick(profile, shipped_catalog(), n=n, home_supported=supported).match_estimate


def _invite_rate() -> float:
    """Expected interviews per application over the IM applicant mix."""
    interviews = applications = 0.0
    for school, share in IM_APPLICANT_MIX.items():
        n = APPLICATIONS[school]
        result = run_smartpick(
            _typical(school), shipped_catalog(), n=n, home_supported=not school.is_do_or_img
        )
        interviews += share * result.expected_interviews
        applications += share * n
    return 100 * interviews / applications


def _curve(specialty: str, interviews: float) -> float:
    curve = curve_for(specialty_by_id(specialty))
    low, high = int(interviews), int(interviews) + 1
    frac = interviews - low
    return 100 * ((1 - frac) * curve.p_match(low) + frac * curve.p_match(high))


# Katsma et al., "The Real Match Rate? US DO Students Match Into Orthopaedic Surgery at
# Significantly Lower Rates than US MD Students Despite Single Accreditation", JBJS Open Access
# 2025;10(2), doi:10.2106/JBJS.OA.24.00002, from NRMP data: the unadjusted 2023 match rate of
# seniors who ranked orthopaedics, US MD 73% and US DO 50%.
ORTHO_2023 = "NRMP 2023 orthopaedic match rate of ranking seniors (Katsma et al., JBJS OA 2025)"
# The app's typical orthopaedic applicant: Step 2 CK a little under the matched US MD mean (257,
# NRMP Charting Outcomes 2024), research output in double digits, the article's 80 programs.
ORTHO_STEP2, ORTHO_RESEARCH = 254, 12


def _ortho(school: SchoolType) -> float:
    situation = Situation.DO_IMG if school.is_do_or_img else Situation.NO_HOME_PROGRAM
    profile = Profile(
        school=school,
        step2=ORTHO_STEP2,
        specialty="orthopaedic-surgery",
        research=ORTHO_RESEARCH,
        situation=situation,
    )
    return _match(profile, 80, not school.is_do_or_img)


def _derm(supported: bool) -> float:
    profile = Profile(step2=257, specialty="dermatology", research=12, situation=Situation.NO_HOME_PROGRAM)
    return _match(profile, 80, supported)


ROWS: tuple[Row, ...] = (
    Row(
        "IM, US MD 248, home support, 58 programs",
        93.5,
        NRMP_2025 + "; " + AAMC_APPS,
        4.0,
        lambda: _match(_typical(SchoolType.US_MD), 58, True),
    ),
    Row(
        "IM, US DO 245, home support, 72 programs",
        92.6,
        NRMP_2025 + "; " + AAMC_APPS,
        4.0,
        lambda: _match(_typical(SchoolType.US_DO), 72, True),
    ),
    Row(
        "IM, US IMG 236, 129 programs",
        67.8,
        NRMP_2025 + "; " + AAMC_APPS,
        8.0,
        lambda: _match(_typical(SchoolType.US_IMG), 129, False),
    ),
    Row(
        "IM, non-US IMG 240, 129 programs",
        58.0,
        NRMP_2025 + "; " + AAMC_APPS,
        8.0,
        lambda: _match(_typical(SchoolType.NON_US_IMG), 129, False),
    ),
    Row(
        "IM invitations per application, applicant mix",
        11.0,
        "IM programs invite roughly 11% of their applicants (program-side averages, as cited "
        "NRMP Program Director Survey order of magnitude)",
        5.0,
        _invite_rate,
    ),
    Row(
        "Derm, US MD 257, 12 research, no home program, 80 programs",
        64.0,
        "applicant survey: ~64% matched without a home dermatology program",
        10.0,
        lambda: _derm(False),
    ),
    Row(
        "Derm, US MD 257, 12 research, home program, 80 programs",
        80.0,
        "applicant survey: ~80% matched with a home dermatology program",
        10.0,
        lambda: _derm(True),
    ),
    Row(
        "Ortho, US MD 254, 12 research, home support, 80 programs",
        73.0,
        ORTHO_2023 + "; the typical applicant is the app's",
        8.0,
        lambda: _ortho(SchoolType.US_MD),
    ),
    Row(
        "Ortho, US DO 254, 12 research, no home program, 80 programs",
        50.0,
        ORTHO_2023 + "; the typical applicant is the app's",
        8.0,
        lambda: _ortho(SchoolType.US_DO),
    ),
    Row(
        "Core specialty, P(match | 4 contiguous ranks)",
        83.0,
        "NRMP Impact of Length of Rank Order List, US MD seniors, all specialties (rounded, "
        "republished by Residency Advisor); the curve is fitted to these points",
        2.0,
        lambda: _curve("internal-medicine", 4),
    ),
    Row(
        "Core specialty, P(match | 10 contiguous ranks)",
        93.0,
        "NRMP Impact of Length of Rank Order List, as above",
        2.0,
        lambda: _curve("internal-medicine", 10),
    ),
    Row(
        "Orthopaedics, P(match | 6.5 contiguous ranks)",
        50.0,
        "NRMP 2016-22 ortho: unmatched US MD seniors ranked 6.5 (Sudah et al.)",
        1.0,
        lambda: _curve("orthopaedic-surgery", 6.5),
    ),
    Row(
        "Orthopaedics, P(match | 12.3 contiguous ranks)",
        80.0,
        "NRMP 2016-22 ortho: matched US MD seniors ranked 12.3 (Sudah et al.); the app expects "
        "a clear majority there",
        10.0,
        lambda: _curve("orthopaedic-surgery", 12.3),
    ),
)


ROOT = Path(__file__).resolve().parent.parent
COEFFICIENTS = ROOT / "data" / "model_coefficients.json"
OOF = ROOT / "data" / "fit" / "oof_predictions.csv"
RATES = ROOT / "data" / "fit" / "interview_rates.csv"
CROSSWALK = ROOT / "data" / "fit" / "crosswalk.csv"
HELD_OUT_SPECIALTIES = (
    ("internal-medicine", "IM"),
    ("family-medicine", "FM"),
    ("pediatrics", "Peds"),
    ("psychiatry", "Psych"),
    ("emergency-medicine", "EM"),
    ("anesthesiology", "Anes"),
    ("general-surgery", "GS"),
    ("neurology", "Neuro"),
    ("obstetrics-gynecology", "OB/GYN"),
)
# The bar for the out-of-fold Spearman per type (non-US IMG: judged by the list).
SPEARMAN_TARGET = {"md": 0.3, "do": 0.5, "us_img": 0.4}
TYPE_LABEL = {"md": "US MD", "do": "US DO", "us_img": "US IMG", "non_us_img": "non-US IMG"}
NON_US_LIST = 40  # programs on the non-US IMG list checked against the measured rates


def _measured(kind: str) -> dict[str, float]:
    """Catalog id -> the measured interview rate of applicant type `kind` (fit-only data)."""
    codes: dict[tuple[str, str, str, str], str] = {}
    with CROSSWALK.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["nrmp_code"]:
                codes[(r["specialty"], r["program"], r["city"], r["state"])] = r["nrmp_code"]
    out: dict[str, float] = {}
    with RATES.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            code = codes.get((r["specialty"], r["program"], r["city"], r["state"]))
            if code and r[kind] not in ("", "-"):
                out[code] = float(r[kind])
    return out


def _oof(kind: str) -> dict[str, float]:
    with OOF.open(encoding="utf-8", newline="") as handle:
        return {r["nrmp_code"]: float(r["oof_logit"]) for r in csv.DictReader(handle) if r["type"] == kind}


def _list_check(specialty: str, ranking: dict[str, float], measured: dict[str, float]) -> tuple[float, float]:
    """(the list's mean measured non-US IMG rate / the specialty's mean, share that invited
    none) for the NON_US_LIST measured programs ranked highest by `ranking`."""
    ids = {p.id for p in shipped_catalog() if p.specialty == specialty}
    rated = {code: rate for code, rate in measured.items() if code in ids}
    chosen = sorted((c for c in rated if c in ranking), key=lambda c: (-ranking[c], c))[:NON_US_LIST]
    average = sum(rated.values()) / len(rated)
    mean_list = sum(rated[c] for c in chosen) / len(chosen)
    return mean_list / average, sum(rated[c] == 0 for c in chosen) / len(chosen)


def _open_track(program: Program) -> bool:
    """Not a sponsored-IMG track (closed to a typical applicant by rule: all share one chance)."""
    facts = facts_for(program)
    return facts is None or facts.track_type is not TrackType.SPONSORED_IMG


def _spread_and_ties(specialty: str) -> tuple[float, int]:
    """For a typical US MD (home support): the mean chance of the top tenth of the specialty's
    programs over the bottom tenth, and how many pairs of programs with different facts share
    one chance."""
    pool = [p for p in shipped_catalog() if p.specialty == specialty and _open_track(p)]
    fits = fit_all(_typical(SchoolType.US_MD, specialty), pool, home_supported=True)
    chances = sorted(f.p_interview for f in fits)
    tenth = max(1, len(chances) // 10)
    ratio = (sum(chances[-tenth:]) / tenth) / (sum(chances[:tenth]) / tenth)
    by_chance: dict[float, set[tuple[float, ...]]] = defaultdict(set)
    for program, fit in zip(pool, fits, strict=True):
        by_chance[fit.p_interview].add((program.state, *feature_vector(program)))
    ties = sum(len(v) - 1 for v in by_chance.values())
    return ratio, ties


def _held_out_spread(kind: str, specialty: str) -> tuple[float, float]:
    """What the measured rates support: (mean measured rate of the tenth of the specialty's
    measured programs the out-of-fold chance ranks highest ÷ the tenth it ranks lowest, the
    same for the measured rates sorted by themselves: the spread of a perfect order)."""
    ids = {p.id for p in shipped_catalog() if p.specialty == specialty}
    oof = _oof(kind)
    # by the chance alone: ties in the chance keep the measured rates' own order, not a sort by rate
    pairs = sorted(
        ((oof[c], rate) for c, rate in _measured(kind).items() if c in ids and c in oof),
        key=lambda pair: pair[0],
    )
    tenth = max(1, len(pairs) // 10)
    by_model = [rate for _, rate in pairs]
    by_rate = sorted(by_model)

    def ratio(values: list[float]) -> float:
        low = sum(values[:tenth]) / tenth
        return (sum(values[-tenth:]) / tenth) / low if low > 0 else math.inf

    return ratio(by_model), ratio(by_rate)


def calibration_slope(kind: str) -> float:
    """The slope b of logit E[measured rate] = level[specialty] + b × out-of-fold logit
    (the fit's own fractional logistic calibration, `fit_model.calibrate`): 1 when the held-out
    chances spread as much as the rates they predict, below 1 when they spread more (too wide),
    above 1 when less (too shrunk)."""
    oof = _oof(kind)
    specialty_of = {p.id: p.specialty for p in shipped_catalog()}
    measured = [(c, rate) for c, rate in _measured(kind).items() if c in oof]
    rows = [fit_model.Row(code=c, specialty=specialty_of[c], x=(), y=rate) for c, rate in measured]
    _levels, slope = fit_model.calibrate(rows, [oof[c] for c, _ in measured])
    return slope


STEP2_BANDS = (220, 230, 240, 250, 260)


def _band_row(school: SchoolType, specialty: str) -> str:
    situation = Situation.DO_IMG if school.is_do_or_img else Situation.NO_HOME_PROGRAM
    n = APPLICATIONS[school]
    cells = []
    for band in STEP2_BANDS:
        profile = Profile(school=school, step2=band + 5, specialty=specialty, situation=situation)
        result = run_smartpick(profile, shipped_catalog(), n=n, home_supported=not school.is_do_or_img)
        cells.append(f"{100 * result.match_estimate:.0f}%")
    return " | ".join(cells)


TIER_LEVEL = {
    "Big 4": 0,
    "Definitely Top ~10": 0,
    "Top ~20": 0,
    "Top ~30": 0,
    "Upper mid (top 40)": 1,
    "Middle (Top 65)": 1,
    "Lower mid": 2,
    "Lower": 2,
}


def tier_list_agreement() -> tuple[float, int]:
    """(share of agreement, programs) between the crowdsourced IM tier list in three levels (top
    ~30 / middle to ~65 / lower) and the model's selectivity order cut at the same sizes."""
    catalog = {p.id: p for p in shipped_catalog()}
    with (ROOT / "data" / "sources" / "im_tierlist_us.csv").open(encoding="utf-8", newline="") as handle:
        listed = [
            (row["nrmp_code"], TIER_LEVEL[row["tier"]])
            for row in csv.DictReader(handle)
            if row["nrmp_code"] in catalog
        ]
    estimates = dict(zip((c for c, _ in listed), estimate_all([catalog[c] for c, _ in listed]), strict=True))
    order = sorted(listed, key=lambda item: -estimates[item[0]].selectivity)
    sizes = Counter(level for _, level in listed)
    cut = (sizes[0], sizes[0] + sizes[1])
    app = {code: 0 if i < cut[0] else 1 if i < cut[1] else 2 for i, (code, _) in enumerate(order)}
    return sum(app[code] == level for code, level in listed) / len(listed), len(listed)


def held_out(markdown: bool = False) -> str:
    """The held-out table (and what it is judged against), as text or Markdown."""
    shipped = json.loads(COEFFICIENTS.read_text(encoding="utf-8"))["types"]
    lines: list[str] = []
    head = ["type", *(label for _, label in HELD_OUT_SPECIALTIES), "target"]
    lines.append("Out-of-fold Spearman (grouped 5-fold CV by sponsor), model chance vs measured rate:")
    lines.append("| " + " | ".join(head) + " |")
    lines.append("| --- |" + " ---: |" * (len(head) - 1))
    for kind in TYPE_KEYS.values():
        cells = shipped[kind]["cv_spearman"]
        target = SPEARMAN_TARGET.get(kind)
        row = [TYPE_LABEL[kind]]
        for specialty, _ in HELD_OUT_SPECIALTIES:
            value = cells.get(specialty)
            mark = "" if target is None or value is None or value >= target else " ✗"
            row.append("—" if value is None else f"{value:.3f}{mark}")
        row.append(f"≥ {target}" if target is not None else "by the list (below)")
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    measured = _measured("non_us_img")
    oof = _oof("non_us_img")
    lines.append(
        f"Non-US IMG lists: the {NON_US_LIST} measured programs ranked highest, their mean measured "
        "non-US IMG rate over the specialty's mean (target ≥ 2×) and the share that invited none "
        "(target ≤ 5%):"
    )
    lines.append("| specialty | ranking | rate × average | invited none |")
    lines.append("| --- | --- | ---: | ---: |")
    for specialty, label in (("internal-medicine", "IM"), ("family-medicine", "FM")):
        pool = [p for p in shipped_catalog() if p.specialty == specialty]
        profile = _typical(SchoolType.NON_US_IMG, specialty)
        shipped_fit = {p.id: f.p_interview for p, f in zip(pool, fit_all(profile, pool), strict=True)}
        for name, ranking in (("out-of-fold (held out)", oof), ("shipped model (in-sample)", shipped_fit)):
            ratio, none = _list_check(specialty, ranking, measured)
            lines.append(f"| {label} | {name} | {ratio:.2f}× | {100 * none:.0f}% |")
    lines.append("")
    lines.append(
        "Spread and ties, typical US MD (home support), shipped model (target ≥ 4×, 0 ties), and "
        "what the measured US MD rates support: the measured rate of the tenth of the measured "
        "programs the out-of-fold chance ranks highest over the tenth it ranks lowest (held out), "
        "and of the measured rates sorted by themselves (a perfect order):"
    )
    lines.append(
        "| specialty | top tenth ÷ bottom tenth | programs sharing a chance despite different facts "
        "| measured, by out-of-fold chance | measured, perfect order |"
    )
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for specialty, label in HELD_OUT_SPECIALTIES:
        ratio, ties = _spread_and_ties(specialty)
        held, perfect = _held_out_spread("md", specialty)
        lines.append(f"| {label} | {ratio:.1f}× | {ties} | {held:.1f}× | {perfect:.1f}× |")
    slopes = ", ".join(f"{TYPE_LABEL[k]} {calibration_slope(k):.2f}" for k in ("md", "do", "us_img"))
    lines.append("")
    lines.append(
        "Out-of-fold calibration slope (logit of the measured rate on the out-of-fold logit, a "
        f"level per specialty; 1 = as spread as the rates, < 1 = too wide, > 1 = too shrunk): {slopes}."
    )
    lines.append("")
    lines.append(
        "Match by Step 2 CK band (the app's figures, typical list size per type; no published "
        "per-band match rate was reachable here, so no error is computed):"
    )
    lines.append("| profile | " + " | ".join(f"{b}-{b + 9}" for b in STEP2_BANDS) + " |")
    lines.append("| --- |" + " ---: |" * len(STEP2_BANDS))
    for school, specialty, label in (
        (SchoolType.US_MD, "internal-medicine", "IM, US MD"),
        (SchoolType.US_DO, "internal-medicine", "IM, US DO"),
        (SchoolType.US_MD, "family-medicine", "FM, US MD"),
        (SchoolType.US_MD, "pediatrics", "Peds, US MD"),
        (SchoolType.US_MD, "psychiatry", "Psych, US MD"),
        (SchoolType.US_MD, "emergency-medicine", "EM, US MD"),
        (SchoolType.US_MD, "anesthesiology", "Anes, US MD"),
    ):
        lines.append(f"| {label} | {_band_row(school, specialty)} |")
    lines.append("")
    agreement, listed = tier_list_agreement()
    lines.append(
        f"Crowdsourced IM tier list (GitHub wavegate/resmatch, never an input): {listed} catalog "
        f"programs in three levels against the model's selectivity order: {100 * agreement:.0f}% "
        "agree (target ≥ 80%)."
    )
    text = "\n".join(lines)
    if markdown:
        return text
    return text.replace("| --- |", "|-----|")


def report(markdown: bool = False) -> tuple[str, bool]:
    lines = []
    ok = True
    if markdown:
        lines += [
            "| profile | published | app | error | tolerance | source |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
    else:
        lines.append(f"{'profile':<62} {'published':>9} {'app':>6} {'error':>6} {'tol':>5}  ok")
    for row in ROWS:
        value, error, fine = row.measure()
        ok &= fine
        if markdown:
            lines.append(
                f"| {row.profile} | {row.published:.1f}{row.unit} | {value:.1f}{row.unit} | "
                f"{error:+.1f} | ±{row.tolerance:.0f} | {row.source} |"
            )
        else:
            lines.append(
                f"{row.profile:<62} {row.published:>8.1f}% {value:>5.1f}% {error:>+6.1f} "
                f"{row.tolerance:>5.0f}  {'yes' if fine else 'NO'}"
            )
    return "\n".join(lines), ok


DOC = ROOT / "docs" / "calibration.md"
START, END = "<!-- calibration-table -->", "<!-- /calibration-table -->"
HELD_START, HELD_END = "<!-- held-out-table -->", "<!-- /held-out-table -->"


def documented_table(start: str = START, end: str = END) -> str:
    """The table docs/calibration.md holds between its markers."""
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(start) + len(start) : text.index(end)].strip()


def _replace(doc: str, start: str, end: str, text: str) -> str:
    head, rest = doc.split(start, 1)
    return f"{head}{start}\n{text}\n{end}{rest.split(end, 1)[1]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help="replace the table in docs/calibration.md with this run's",
    )
    args = parser.parse_args()
    markdown = args.markdown or args.write_doc
    text, ok = report(markdown)
    held = held_out(markdown)
    print("Fitted rows (parameters were set to reproduce these):")
    print(text)
    print()
    print("Held-out rows (no parameter saw these):")
    print(held)
    if args.write_doc:
        doc = _replace(DOC.read_text(encoding="utf-8"), START, END, text)
        DOC.write_text(_replace(doc, HELD_START, HELD_END, held), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

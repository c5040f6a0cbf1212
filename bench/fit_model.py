"""Fit the invitation model's coefficients to measured per-program interview rates.

Run:  python bench/fit_model.py            (rewrite data/model_coefficients.json)
      python bench/fit_model.py --check    (exit 1 if the shipped file is not this fit's output)

Inputs (repository only, never shipped): `data/fit/interview_rates.csv` — per program and
applicant type (US MD, US DO, US IMG, non-US IMG), the share of applicants of that type the
program invited (AAMC Residency Explorer-origin aggregates republished by GitHub
`datadoc1/signal-analysis`, MIT) — and `data/fit/crosswalk.csv`, their program to our NRMP code.
The model's inputs are the public facts of `core.program_features` only; the rates are the
outcome it is fitted to, and the held-out check (bench/calibration.py) reads them back.

The model, per applicant type t, in two steps:

    order:  z = a[specialty] + Σ_k (coef[k] + family[f, k] + own[specialty, k]) · fact_k
            (ridge least squares; z is the measured rate's normal score within its specialty)
    level:  logit E[rate] = level[specialty, t] + scale[t] · (z − a[specialty])
            (fractional logistic, unpenalised)

The order is fitted to what the check measures (the order of programs within a specialty), the
level makes it a chance with the spread the measured rates show. Non-US IMG rates (mostly 0-3%,
rounded: their ranks are mostly ties) keep the former one-step fit, `TARGET` "rate":

    logit E[rate] = intercept[specialty] + Σ_k (coef[k] + family[f, k]) · fact_k

(ridge-penalised fractional logistic regression, Newton's method as reweighted ridge least
squares), which puts fewer programs that invited none at the top of its lists. The ridge penalty is λ × the
fact's variance (the same penalty as on standardised facts), harder on the family and specialty
deviations; the specialty blocks are solved by a Schur complement, in plain Python, so the fit
needs nothing beyond the package. λ is chosen per type by grouped 5-fold cross-validation:
folds are sponsors (the first 4 characters of the NRMP code), so no sponsor is on both sides,
and the figure reported is the out-of-fold Spearman correlation per specialty between the
model's chance and the measured rate (the choice maximises its mean over `FOLD_SEEDS`, three
assignments of sponsors to folds; the one reported is the first); then, at that λ, the
specialty deviations' penalty (`SPECIALTY_PENALTIES`, stored as "specialty_penalty").
`--ablation` refits without one group of facts at a time and prints what the cross-validated
correlation loses.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smartpick_tui.core.program_features import (  # noqa: E402
    FAMILIES,
    FAMILY_OF,
    FEATURES,
    INTERACT,
    SETTING_INTERACT,
    SPECIALTY_INTERACT,
    feature_vector,
)
from smartpick_tui.core.programs import read_catalog  # noqa: E402

RATES = ROOT / "data" / "fit" / "interview_rates.csv"
CROSSWALK = ROOT / "data" / "fit" / "crosswalk.csv"
OUTPUT = ROOT / "data" / "model_coefficients.json"
OOF = ROOT / "data" / "fit" / "oof_predictions.csv"  # held-out predictions, for bench/calibration.py
TYPES = ("md", "do", "us_img", "non_us_img")
FOLDS = 5
LAMBDAS = {
    "rank": (200.0, 300.0, 600.0, 2000.0),  # on the normal-score scale (least squares)
    "any": (200.0, 600.0, 2000.0),
    "rate": (0.3, 1.0, 3.0),  # on the logit scale (fractional logistic)
}
ITERATIONS = 25
RATE_ITERATIONS = 30
# What the fit fits, per type: "rank", the two steps on the measured rate's normal score within
# its specialty; "any", the two steps on whether the program invited any applicant of the type
# (scaled to a normal score's range); "rate", one step on the rate itself (the former fit).
# Non-US IMG rates are mostly 0-3% rounded to two decimals: their within-specialty ranks are
# mostly ties, and the type is judged by its list (the highest-ranked programs' rates and how
# many invited none). Out of fold, "rank" put 28% programs that invited none on the IM list
# (0.99x the average rate) and FM's list at 0.78x; "rate" without per-specialty deviations
# gives IM 1.06x / 12%, FM 1.12x / 42% (main's former fit: 0.91x / 18%, 1.08x / 42%). "any"
# cut IM's none to 5%, but its chances bunch so that every pick of an IM non-US IMG 240 is a
# target (the class-mix tests): not used (docs/calibration.md, "What was tried").
TARGET = {"md": "rank", "do": "rank", "us_img": "rank", "non_us_img": "rate"}
# Per-specialty deviations (SPECIALTY_INTERACT) per type: off for non-US IMG, where they cut
# the out-of-fold IM list to 23-25% none with the one-step fit (15% without).
DEVIATIONS = {"md": True, "do": True, "us_img": True, "non_us_img": False}
# Facts a type's fit leaves out. The setting interactions (`SETTING_INTERACT`: a fact's weight
# at university and at community programs) raise the mean out-of-fold Spearman of US MD
# (.281 -> .288) and US IMG (.321 -> .328); for the non-US IMG one-step fit they made the
# out-of-fold lists worse (IM 1.06x / 10% none -> 0.97x / 15%, FM 1.13x / 40% -> 1.05x / 43%).
# The people and other sponsors' programs around it (`GEOGRAPHY`, precomputed by the build)
# raise DO (.507 -> .515) and US IMG (.337 -> .341); for non-US IMG they moved the mean by
# noise (.1746 -> .1742) and the out-of-fold IM list from 0.92x to 0.91x: left out of that fit.
GEOGRAPHY = ("log_people_near", "log_peers_near")
WITHOUT: dict[str, tuple[str, ...]] = {
    "non_us_img": (
        *(f.key for f in FEATURES if f.key.endswith(tuple(f"_x_{k}" for k in SETTING_INTERACT))),
        *GEOGRAPHY,
    )
}
ANY_SCALE = 2.5
# A rare one-hot fact (a state with three programs) is penalised as if it had this variance:
# ridge on standardised facts would barely hold it back.
MIN_VARIANCE = 0.05
REPORT_SPECIALTIES = (
    "internal-medicine",
    "family-medicine",
    "pediatrics",
    "psychiatry",
    "emergency-medicine",
    "anesthesiology",
    "general-surgery",
    "neurology",
    "obstetrics-gynecology",
)
# Groups of facts for the ablation (what the cross-validation says each adds).
GROUPS: dict[str, tuple[str, ...]] = {
    "setting (catalog rule)": ("setting_university", "setting_affiliated"),
    "relation to a school (reviewed)": ("principal", "affiliate", "no_school"),
    "NIH research rank": ("research_principal", "research_affiliate"),
    "sponsor breadth": ("log_specialties", "single_specialty", "log_programs"),
    "track type and campus (program facts)": (
        "site_track",
        "rural_track",
        "primary_care_track",
        "advanced_track",
        "research_track",
        "pstp_track",
        "sponsored_img_track",
    ),
    "osteopathic (program facts)": ("osteopathic_track", "osteopathic_sponsor", "osteopathic_sister"),
    "ACGME vintage (program facts)": ("acgme_new", "sponsor_acgme_new", "acgme_seq"),
    "tracks at the site (size proxy)": ("log_tracks_at_site",),
    "census division": tuple(f.key for f in FEATURES if f.key.startswith("division_")),
    "state": tuple(f.key for f in FEATURES if f.key.startswith("state_")),
    "city size": ("log_population",),
    "programs around it (catalog counts)": (
        "log_spec_city",
        "log_spec_state",
        "log_city_programs",
        "spec_state_share",
    ),
    "school's faculty size": ("log_faculty", "faculty_known"),
    "H-1B filings and IMG tracks": ("log_h1b_lcas", "h1b_years", "img_track_sponsor"),
    "sponsor's NRMP number (vintage)": ("sponsor_number",),
    "setting interactions": tuple(f.key for f in FEATURES if "_x_" in f.key),
    "people and programs around it (precomputed)": GEOGRAPHY,
}
SOURCES = {
    "interview_rates": "GitHub datadoc1/signal-analysis (MIT), data/<Specialty>.csv at commit "
    "8b3b9f366400ad01eb010b22874834132e2a2cac: per-program interview rates by applicant type, "
    "AAMC Residency Explorer-origin aggregates; used only to fit and to check (data/fit/)",
    "crosswalk": "data/fit/crosswalk.csv (data/fit/build_fit_data.py: same specialty and state, "
    "name similarity and city; reviewed decisions in data/fit/crosswalk_review.csv)",
    "facts": "smartpick_tui/core/program_features.py over data/programs.csv and data/sponsors.csv",
}


FAMILY_PENALTY = 3.0
SPECIALTY_PENALTY = 1.0
# The specialty deviations' penalty (× λ) is chosen per type by the same cross-validation, after
# λ: US MD rates reward specialties their own weights, the noisier DO and US IMG rates a harder
# pull to the shared and family ones (out of fold at their λ, penalty 1 / 3 / 10: US MD .288 /
# .279 / .267, DO .501 / .504 / .507, US IMG .328 / .336 / .335).
SPECIALTY_PENALTIES = (1.0, 3.0, 10.0)
_INTERACT_INDEX = tuple(next(i for i, f in enumerate(FEATURES) if f.key == key) for key in INTERACT)
_SPEC_INDEX = tuple(next(i for i, f in enumerate(FEATURES) if f.key == key) for key in SPECIALTY_INTERACT)
# Specialties with their own deviations: every specialty of the ground truth (data/fit/), set by
# load_rows before any fit (the blocks of `augmented` follow it).
SPECIALTIES: tuple[str, ...] = ()
DENSE = len(FEATURES) + len(FAMILIES) * len(INTERACT)  # shared and family columns
K = len(SPECIALTY_INTERACT)


def width() -> int:
    return DENSE + len(SPECIALTIES) * K


def augmented(specialty: str, x: Sequence[float]) -> tuple[float, ...]:
    """The facts, each interacting fact again in its specialty family's block, then the
    specialty's own deviation block (SPECIALTY_INTERACT, zero outside its specialty)."""
    extra = [0.0] * (len(FAMILIES) * len(INTERACT))
    family = FAMILY_OF.get(specialty)
    if family is not None:
        base = FAMILIES.index(family) * len(INTERACT)
        for j, i in enumerate(_INTERACT_INDEX):
            extra[base + j] = x[i]
    own = [0.0] * (len(SPECIALTIES) * K)
    if specialty in SPECIALTIES:
        base = SPECIALTIES.index(specialty) * K
        for j, i in enumerate(_SPEC_INDEX):
            own[base + j] = x[i]
    return (*x, *extra, *own)


@dataclass(frozen=True)
class Row:
    code: str
    specialty: str
    x: tuple[float, ...]
    y: float


def load_rows() -> dict[str, list[Row]]:
    """Per applicant type, one row per crosswalked program with a measured rate."""
    catalog = {p.id: p for p in read_catalog(ROOT / "data" / "programs.csv")}
    codes: dict[tuple[str, str, str, str], str] = {}
    with CROSSWALK.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["nrmp_code"]:
                codes[(r["specialty"], r["program"], r["city"], r["state"])] = r["nrmp_code"]
    global SPECIALTIES
    rows: dict[str, list[Row]] = {t: [] for t in TYPES}
    with RATES.open(encoding="utf-8", newline="") as handle:
        measured = list(csv.DictReader(handle))
    SPECIALTIES = tuple(sorted({r["specialty"] for r in measured}))
    for r in measured:
        code = codes.get((r["specialty"], r["program"], r["city"], r["state"]))
        program = catalog.get(code or "")
        if program is None:
            continue
        x = feature_vector(program)
        for t in TYPES:
            if r[t] not in ("", "-"):
                rows[t].append(
                    Row(
                        program.id,
                        r["specialty"],
                        augmented(r["specialty"], x),
                        min(1.0, max(0.0, float(r[t]))),
                    )
                )
    return rows


# The penalties are chosen by the mean over these assignments of sponsors to folds ("" is the
# reported one): with one assignment the choice followed its noise. Another assignment moves a
# type's mean out-of-fold Spearman by up to .03 (US MD .256-.288 over six), while the paired
# difference between two penalties is steady (DO and US IMG: λ 300 beats 600 in each of four).
FOLD_SEEDS = ("", "1", "2")


def fold_of(code: str, seed: str = "") -> int:
    """Grouped folds: every program of one sponsor lands in the same fold (`seed` "" is the
    reported assignment; others shuffle the sponsors among the folds)."""
    return zlib.crc32((seed + code[:4]).encode("ascii")) % FOLDS


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small and positive definite)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        head = m[col][col]
        for r in range(col + 1, n):
            factor = m[r][col] / head
            if factor:
                row, top = m[r], m[col]
                for c in range(col, n + 1):
                    row[c] -= factor * top[c]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (m[r][n] - sum(m[r][c] * out[c] for c in range(r + 1, n))) / m[r][r]
    return out


@dataclass(frozen=True)
class Model:
    specialties: tuple[str, ...]
    intercepts: tuple[float, ...]
    coefs: tuple[float, ...]

    def logit(self, specialty: str, x: Sequence[float]) -> float:
        i = self.specialties.index(specialty)
        return self.intercepts[i] + sum(c * v for c, v in zip(self.coefs, x, strict=True))


def normal_scores(rows: Sequence[Row]) -> list[float]:
    """Each row's measured rate as a normal score within its specialty (the rank of the rate,
    mapped to the standard normal): the target of the ranking fit, so the fit works on what the
    check measures (the order of programs within a specialty), not on a few large rates."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by[r.specialty].append(i)
    out = [0.0] * len(rows)
    normal = NormalDist()
    for members in by.values():
        rank = ranks([rows[i].y for i in members])
        for i, q in zip(members, rank, strict=True):
            out[i] = normal.inv_cdf((q + 0.5) / len(members))
    return out


def _ridge_scores(
    rows: Sequence[Row],
    lam: float,
    keep: Sequence[bool],
    target: str = "rank",
    own: float = SPECIALTY_PENALTY,
) -> list[float]:
    """Ridge least squares of the order target (normal scores, or "invited any") on the facts."""
    z = normal_scores(rows) if target == "rank" else [ANY_SCALE if r.y > 0 else 0.0 for r in rows]
    return _ridge(rows, lam, keep, z, [1.0] * len(rows), own)[1]


def _ridge(
    rows: Sequence[Row],
    lam: float,
    keep: Sequence[bool],
    z: Sequence[float],
    weights: Sequence[float],
    own: float = SPECIALTY_PENALTY,
) -> tuple[dict[str, float], list[float]]:
    """Weighted ridge least squares of `z` on the facts: specialty intercepts (free), shared,
    family and specialty-deviation coefficients (penalised); (intercepts, coefficients). The
    specialty blocks are independent of each other, so the normal equations are solved by a
    Schur complement on the shared part: a pure-Python solve of seconds instead of one dense
    system."""
    specialties = tuple(sorted({r.specialty for r in rows}))
    s_index = {s: i for i, s in enumerate(specialties)}
    ns = len(specialties)
    nf = width()
    m = ns + DENSE
    blocks = len(SPECIALTIES)
    count = len(rows)
    mean = [0.0] * nf
    for r in rows:
        for k, v in enumerate(r.x):
            if v:
                mean[k] += v
    mean = [v / count for v in mean]
    var = [0.0] * nf
    for r in rows:
        for k in range(nf):
            d = r.x[k] - mean[k]
            if d:
                var[k] += d * d
    var = [max(1e-6, v / count) for v in var]
    scale = [1.0] * len(FEATURES) + [FAMILY_PENALTY] * (DENSE - len(FEATURES)) + [own] * (nf - DENSE)
    penalty = [1e-6] * ns + [
        lam * scale[k] * max(var[k], MIN_VARIANCE) if keep[k] else 1e9 for k in range(nf)
    ]
    a = [[0.0] * m for _ in range(m)]
    ra = [0.0] * m
    d = [[[0.0] * K for _ in range(K)] for _ in range(blocks)]
    b = [[[0.0] * K for _ in range(m)] for _ in range(blocks)]
    rd = [[0.0] * K for _ in range(blocks)]
    for r, value, weight in zip(rows, z, weights, strict=True):
        root = math.sqrt(weight)  # weighted least squares: each row scaled by √weight
        target = root * value
        dense = [(s_index[r.specialty], root)]
        own: list[tuple[int, float]] = []
        block = -1
        for k, v in enumerate(r.x):
            if v and keep[k]:
                if k < DENSE:
                    dense.append((ns + k, root * v))
                else:
                    block = (k - DENSE) // K
                    own.append(((k - DENSE) % K, root * v))
        for i, vi in dense:
            ra[i] += vi * target
            row = a[i]
            for j, vj in dense:
                row[j] += vi * vj
        if own:
            bb, dd, rr = b[block], d[block], rd[block]
            for i, vi in own:
                rr[i] += vi * target
                for j, vj in own:
                    dd[i][j] += vi * vj
                for j, vj in dense:
                    bb[j][i] += vj * vi
    for j in range(m):
        a[j][j] += penalty[j]
    for s in range(blocks):
        for i in range(K):
            d[s][i][i] += penalty[m + s * K + i]
    # Schur complement: a' = a - Σ b_s d_s⁻¹ b_sᵀ, ra' = ra - Σ b_s d_s⁻¹ rd_s
    solved: list[tuple[list[list[float]], list[float]]] = []
    for s in range(blocks):
        bt = [[b[s][j][i] for j in range(m)] for i in range(K)]  # K × m
        columns = _solve_many(d[s], [*[[bt[i][j] for i in range(K)] for j in range(m)], rd[s]])
        inv_bt = [[columns[j][i] for j in range(m)] for i in range(K)]  # d⁻¹ bᵀ, K × m
        inv_r = columns[m]
        solved.append((inv_bt, inv_r))
        for j in range(m):
            bj = b[s][j]
            if not any(bj):
                continue
            row = a[j]
            for i in range(K):
                if bj[i]:
                    coef = bj[i]
                    inv_row = inv_bt[i]
                    for c in range(m):
                        row[c] -= coef * inv_row[c]
            ra[j] -= sum(bj[i] * inv_r[i] for i in range(K))
    top = _solve(a, ra)
    beta = top[ns:] + [0.0] * (nf - DENSE)
    for s in range(blocks):
        inv_bt, inv_r = solved[s]
        for i in range(K):
            beta[DENSE + s * K + i] = inv_r[i] - sum(inv_bt[i][c] * top[c] for c in range(m))
    intercepts = {specialty: top[i] for i, specialty in enumerate(specialties)}
    return intercepts, [v if keep[k] else 0.0 for k, v in enumerate(beta)]


def _solve_many(matrix: list[list[float]], columns: list[list[float]]) -> list[list[float]]:
    """matrix⁻¹ · each column (Gauss-Jordan on a small positive definite block)."""
    n = len(matrix)
    m = [[*matrix[i], *(col[i] for col in columns)] for i in range(n)]
    width_ = len(m[0])
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        head = m[col][col]
        top = m[col] = [v / head for v in m[col]]
        for r in range(n):
            if r != col:
                factor = m[r][col]
                if factor:
                    row = m[r]
                    for c in range(col, width_):
                        row[c] -= factor * top[c]
    return [[m[i][n + j] for i in range(n)] for j in range(len(columns))]


def calibrate(rows: Sequence[Row], scores: Sequence[float]) -> tuple[dict[str, float], float]:
    """The ranking score made a chance: logit E[rate] = level[specialty] + scale · score, by
    Newton's method on the measured rates (fractional logistic, unpenalised): the spread of the
    chances across programs is the one the measured rates show for the fitted order."""
    specialties = tuple(sorted({r.specialty for r in rows}))
    s_index = {s: i for i, s in enumerate(specialties)}
    n = len(specialties) + 1
    beta = [0.0] * n
    for s in specialties:
        ys = [r.y for r in rows if r.specialty == s]
        level = min(0.99, max(0.01, sum(ys) / len(ys)))
        beta[s_index[s]] = math.log(level / (1 - level))
    for _ in range(ITERATIONS):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for r, x in zip(rows, scores, strict=True):
            i = s_index[r.specialty]
            eta = max(-30.0, min(30.0, beta[i] + beta[-1] * x))
            mu = 1.0 / (1.0 + math.exp(-eta))
            w = mu * (1.0 - mu)
            resid = r.y - mu
            grad[i] += resid
            grad[-1] += resid * x
            hess[i][i] += w
            hess[i][-1] += w * x
            hess[-1][i] += w * x
            hess[-1][-1] += w * x * x
        for j in range(n):
            hess[j][j] += 1e-6
        step = _solve(hess, grad)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return {s: beta[s_index[s]] for s in specialties}, beta[-1]


def _fit_rates(rows: Sequence[Row], lam: float, keep: Sequence[bool]) -> Model:
    """One step: ridge-penalised fractional logistic regression of the measured rate itself
    (Newton's method as iteratively reweighted ridge least squares, the same penalties and
    blocks as the order step)."""
    specialties = tuple(sorted({r.specialty for r in rows}))
    levels: dict[str, float] = {}
    for s in specialties:  # start at each specialty's mean rate
        ys = [r.y for r in rows if r.specialty == s]
        level = min(0.99, max(0.01, sum(ys) / len(ys)))
        levels[s] = math.log(level / (1 - level))
    beta = [0.0] * width()
    for _ in range(RATE_ITERATIONS):
        z: list[float] = []
        w: list[float] = []
        for r in rows:
            eta = max(
                -30.0,
                min(30.0, levels[r.specialty] + sum(c * v for c, v in zip(beta, r.x, strict=True) if v)),
            )
            mu = 1.0 / (1.0 + math.exp(-eta))
            weight = max(1e-6, mu * (1.0 - mu))
            z.append(eta + (r.y - mu) / weight)
            w.append(weight)
        new_levels, new_beta = _ridge(rows, lam, keep, z, w)
        change = max(
            max(abs(a - b) for a, b in zip(new_beta, beta, strict=True)),
            max(abs(new_levels[s] - levels[s]) for s in specialties),
        )
        levels, beta = new_levels, new_beta
        if change < 1e-7:
            break
    return Model(specialties, tuple(levels[s] for s in specialties), tuple(beta))


def fit(
    rows: Sequence[Row],
    lam: float,
    keep: Sequence[bool],
    target: str = "rank",
    own: float = SPECIALTY_PENALTY,
) -> Model:
    """Two steps: the order (ridge on within-specialty normal scores of the measured rate),
    then its calibration to the measured rates (one level per specialty, one scale per type);
    or, for target "rate", one step (`_fit_rates`)."""
    if target == "rate":
        return _fit_rates(rows, lam, keep)
    beta = _ridge_scores(rows, lam, keep, target, own)
    scores = [sum(c * v for c, v in zip(beta, r.x, strict=True) if v) for r in rows]
    levels, scale = calibrate(rows, scores)
    specialties = tuple(sorted(levels))
    return Model(specialties, tuple(levels[s] for s in specialties), tuple(scale * c for c in beta))


def ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2.0
        i = j + 1
    return out


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    n = len(ra)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    sa = math.sqrt(sum((x - ma) ** 2 for x in ra))
    sb = math.sqrt(sum((y - mb) ** 2 for y in rb))
    return cov / (sa * sb) if sa and sb else 0.0


def out_of_fold(
    rows: Sequence[Row],
    lam: float,
    keep: Sequence[bool],
    target: str = "rank",
    own: float = SPECIALTY_PENALTY,
    seed: str = "",
) -> list[float]:
    """Each row's logit from the model fitted without its sponsor's fold."""
    predictions = [0.0] * len(rows)
    for fold in range(FOLDS):
        train = [r for r in rows if fold_of(r.code, seed) != fold]
        model = fit(train, lam, keep, target, own)
        for i, r in enumerate(rows):
            if fold_of(r.code, seed) == fold:
                predictions[i] = model.logit(r.specialty, r.x)
    return predictions


def per_specialty(rows: Sequence[Row], predictions: Sequence[float]) -> dict[str, float]:
    by: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for r, p in zip(rows, predictions, strict=True):
        by[r.specialty][0].append(p)
        by[r.specialty][1].append(r.y)
    return {s: round(spearman(p, y), 3) for s, (p, y) in sorted(by.items()) if len(p) >= 10}


def summary(cells: dict[str, float]) -> float:
    values = [cells[s] for s in REPORT_SPECIALTIES if s in cells]
    return sum(values) / len(values)


def keep_for(t: str) -> list[bool]:
    """Which columns the fit of type `t` may use (all but the specialty deviations where
    DEVIATIONS turns them off, and the facts WITHOUT names for the type)."""
    dropped = WITHOUT.get(t, ())
    shared = [f.key not in dropped for f in FEATURES]
    return shared + [True] * (DENSE - len(FEATURES)) + [DEVIATIONS[t]] * (width() - DENSE)


def run(ablate: bool = False) -> tuple[dict[str, object], list[tuple[str, str, str, str, str]]]:
    """The coefficient file's content and the out-of-fold predictions (repository only)."""
    rows = load_rows()
    oof: list[tuple[str, str, str, str, str]] = []
    out_types: dict[str, object] = {}
    for t in TYPES:
        best: tuple[float, float, float, dict[str, float], list[float]] | None = None
        # λ first (at the default deviation penalty), then the deviation penalty at that λ
        # (where the type has per-specialty deviations): a coordinate search, not the full grid
        # (the fit's time).
        grid = [(lam, SPECIALTY_PENALTY) for lam in LAMBDAS[TARGET[t]]]
        for step in (0, 1):
            if step == 1:
                if not DEVIATIONS[t] or best is None:
                    break
                grid = [(best[1], own) for own in SPECIALTY_PENALTIES if own != SPECIALTY_PENALTY]
            for lam, own in grid:
                predictions = out_of_fold(rows[t], lam, keep_for(t), TARGET[t], own)
                cells = per_specialty(rows[t], predictions)
                score = summary(cells)
                others = (
                    out_of_fold(rows[t], lam, keep_for(t), TARGET[t], own, seed) for seed in FOLD_SEEDS[1:]
                )
                scores = [score, *(summary(per_specialty(rows[t], p)) for p in others)]
                chosen_by = sum(scores) / len(scores)
                if best is None or chosen_by > best[0] + 1e-9:
                    best = (chosen_by, lam, own, cells, predictions, score)
        assert best is not None
        chosen_by, lam, own, cells, predictions, score = best
        out_types[t] = {
            "lambda": lam,
            "specialty_penalty": own,
            "rows": len(rows[t]),
            "target": TARGET[t],
            **final_fit(rows[t], lam, t, own),
            "cv_spearman": cells,
            "cv_spearman_mean_9": round(score, 3),
            "cv_spearman_mean_9_over_fold_seeds": round(chosen_by, 3),
        }
        if ablate:
            print(t, "what each group adds (mean out-of-fold Spearman, 9 specialties):")
            for group, keys in GROUPS.items():
                keep = (
                    [f.key not in keys and f.key not in WITHOUT.get(t, ()) for f in FEATURES]
                    + [key not in keys for _family in FAMILIES for key in INTERACT]
                    + [DEVIATIONS[t] and key not in keys for _s in SPECIALTIES for key in SPECIALTY_INTERACT]
                )
                without = summary(per_specialty(rows[t], out_of_fold(rows[t], lam, keep, TARGET[t], own)))
                print(f"  {group}: {score - without:+.3f}", flush=True)
        oof.extend(
            (t, r.specialty, r.code, f"{p:.4f}", f"{r.y:g}")
            for r, p in zip(rows[t], predictions, strict=True)
        )
    result = {
        "schema": 1,
        "model": 'per applicant type (target "rank"): ridge least squares of the '
        "within-specialty normal score of the measured rate on public facts (shared, "
        "specialty-family and specialty coefficients), then a fractional logistic calibration "
        '(one level per specialty, one scale); target "rate" (non-US IMG): one ridge-penalised '
        "fractional logistic regression of the rate (shared and specialty-family coefficients); "
        "grouped 5-fold CV by sponsor",
        "features": [f.key for f in FEATURES],
        "sources": SOURCES,
        "types": out_types,
    }
    return result, sorted(oof)


def final_fit(rows: Sequence[Row], lam: float, t: str, own: float = SPECIALTY_PENALTY) -> dict[str, object]:
    """The shipped part of type `t`'s block: the model fitted to every row."""
    model = fit(rows, lam, keep_for(t), TARGET[t], own)
    out: dict[str, object] = {
        "intercepts": {s: round(a, 6) for s, a in zip(model.specialties, model.intercepts, strict=True)},
        "coefficients": {
            f.key: round(c, 6) for f, c in zip(FEATURES, model.coefs[: len(FEATURES)], strict=True)
        },
        "family_coefficients": {
            family: {
                key: round(model.coefs[len(FEATURES) + b * len(INTERACT) + j], 6)
                for j, key in enumerate(INTERACT)
            }
            for b, family in enumerate(FAMILIES)
        },
        "specialty_coefficients": {
            specialty: {
                key: round(model.coefs[DENSE + b * K + j], 6) for j, key in enumerate(SPECIALTY_INTERACT)
            }
            for b, specialty in enumerate(SPECIALTIES)
        },
    }
    if not DEVIATIONS[t]:
        del out["specialty_coefficients"]
    return out


def check_coefficients() -> int:
    shipped = json.loads(OUTPUT.read_text(encoding="utf-8"))
    rows = load_rows()
    for t in TYPES:
        block = shipped["types"][t]
        again = final_fit(rows[t], block["lambda"], t, block.get("specialty_penalty", SPECIALTY_PENALTY))
        stale = any(again[key] != block.get(key) for key in again) or block["rows"] != len(rows[t])
        if stale or block.get("target") != TARGET[t] or ("specialty_coefficients" in block) != DEVIATIONS[t]:
            print(f"{OUTPUT}: the {t} coefficients are not the fit's output", file=sys.stderr)
            return 1
    print("model coefficients are the fit's output")
    return 0


def render(result: dict[str, object]) -> str:
    return json.dumps(result, indent=1, sort_keys=False) + "\n"


def render_oof(oof: Sequence[tuple[str, str, str, str, str]]) -> str:
    lines = ["type,specialty,nrmp_code,oof_logit,measured_rate", *(",".join(row) for row in oof)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description="Fit data/model_coefficients.json")
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file is stale")
    parser.add_argument(
        "--check-coefficients",
        action="store_true",
        help="refit at the shipped penalties only (no cross-validation, seconds): exit 1 if the "
        "coefficients differ (the test suite runs this)",
    )
    parser.add_argument(
        "--ablation",
        action="store_true",
        help="also print what each group of facts adds to the out-of-fold correlation (refits "
        "without it; slow, not written to the coefficient file)",
    )
    args = parser.parse_args()
    if args.check_coefficients:
        return check_coefficients()
    result, oof = run(args.ablation)
    text, oof_text = render(result), render_oof(oof)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        current_oof = OOF.read_text(encoding="utf-8") if OOF.exists() else ""
        if current != text or current_oof != oof_text:
            print(f"{OUTPUT} is not the fit's output: run python bench/fit_model.py", file=sys.stderr)
            return 1
        print("model coefficients are the fit's output")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    OOF.write_text(oof_text, encoding="utf-8")
    result = json.loads(text)
    for t, block in result["types"].items():
        print(t, block["lambda"], block["cv_spearman_mean_9"], block["cv_spearman"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

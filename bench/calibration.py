"""Calibration report: the model's figures against published Match outcomes.

Run:  python bench/calibration.py            (print the table; exit 1 if a row misses its tolerance)
      python bench/calibration.py --markdown (the table as docs/calibration.md shows it)
      python bench/calibration.py --write-doc (and put it into docs/calibration.md)

Every row builds real SmartPick lists from the shipped catalog (`run_smartpick`) or reads the
model's own curve, so a change to any parameter of core/estimates.py, core/fit.py,
core/smartpick/distribution.py or match_curve.py shows here. The targets, their sources and
the tolerances are the table below; docs/calibration.md explains the choices.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.core.programs import shipped_catalog
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


DOC = Path(__file__).resolve().parent.parent / "docs" / "calibration.md"
START, END = "<!-- calibration-table -->", "<!-- /calibration-table -->"


def documented_table() -> str:
    """The table docs/calibration.md holds between its markers."""
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(START) + len(START) : text.index(END)].strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help="replace the table in docs/calibration.md with this run's",
    )
    args = parser.parse_args()
    text, ok = report(args.markdown or args.write_doc)
    print(text)
    if args.write_doc:
        doc = DOC.read_text(encoding="utf-8")
        head, rest = doc.split(START, 1)
        DOC.write_text(f"{head}{START}\n{text}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

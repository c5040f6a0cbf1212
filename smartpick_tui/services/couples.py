"""The couples view for the CLI (`smartpick couples`) and the Plan tab (`c`): the student's
SmartPick list, the partner's programs near it (the partner's own chances, from the same model
with the partner's specialty, score and school), the pair list, and its CSV in the order the
NRMP couples rank order list takes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smartpick_tui.core.couples import JOINT_NOTE, Chance, Couple, PairRow, pair_list
from smartpick_tui.core.export import safe_cell
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.geo import Place, PlaceError, locate, miles_between, parse_place
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile, ProfileError
from smartpick_tui.core.programs import Program
from smartpick_tui.core.smartpick import run_smartpick
from smartpick_tui.core.smartpick.signals import load_signals
from smartpick_tui.core.trackers import Away, ProgramMark

CSV_COLUMNS = (
    "rank",
    "your_program",
    "your_nrmp_code",
    "partner_program",
    "partner_nrmp_code",
    "miles_apart",
    "joint_invite_chance_estimate",
)


@dataclass(frozen=True)
class CouplesView:
    rows: tuple[PairRow, ...]
    near_partner_cities: tuple[Chance, ...]  # your programs within reach of the partner's cities
    unknown_cities: tuple[str, ...]  # partner cities the gazetteer could not place
    notes: tuple[str, ...]


def _place(program: Program) -> Place | None:
    return locate(program.city, program.state) if program.city else None


def _miles(a: Program, b: Program) -> float | None:
    pa, pb = _place(a), _place(b)
    return None if pa is None or pb is None else miles_between(pa, pb)


def couples_view(
    profile: Profile,
    couple: Couple,
    programs: Sequence[Program],
    *,
    marks: Mapping[str, ProgramMark] | None = None,
    aways: Sequence[Away] = (),
    interviews: Sequence[Interview] = (),
) -> CouplesView:
    """ProfileError when the student has no Step 2 CK yet; ValueError when the partner is not
    entered (specialty and Step 2 CK)."""
    if not couple.complete:
        raise ValueError("enter your partner's specialty and Step 2 CK first")
    result = run_smartpick(
        profile, programs, marks=marks, aways=aways, interviews=interviews, signal_table=load_signals()
    )
    yours = [Chance(pick.program, pick.p_interview) for pick in result.picks]
    partner_profile = Profile(
        specialty=couple.partner_specialty, step2=couple.partner_step2, school=couple.partner_school
    )
    pool = [p for p in programs if p.specialty == couple.partner_specialty]
    partners = [
        Chance(p, fit.p_interview) for p, fit in zip(pool, fit_all(partner_profile, pool), strict=True)
    ]
    rows = pair_list(yours, partners, couple.within_miles, _miles)
    cities: list[Place] = []
    unknown: list[str] = []
    for text in couple.partner_cities:
        try:
            cities.append(parse_place(text))
        except PlaceError:
            unknown.append(text)
    near: list[Chance] = []
    if cities:
        for own in yours:
            place = _place(own.program)
            if place is not None and any(miles_between(place, c) <= couple.within_miles for c in cities):
                near.append(own)
    notes = [JOINT_NOTE]
    paired = sum(row.partner is not None for row in rows)
    if not paired:
        notes.append(
            f"No program of your partner's specialty is within {couple.within_miles} miles of your "
            "list: widen the distance or add programs in shared cities."
        )
    return CouplesView(tuple(rows), tuple(near), tuple(unknown), tuple(notes))


def couples_csv(rows: Sequence[PairRow]) -> str:
    """The pair list as CSV (spreadsheet-safe cells), rank 1 first."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, row in enumerate(rows, start=1):
        partner = row.partner
        writer.writerow(
            safe_cell(value)
            for value in (
                rank,
                display_name(row.yours.program),
                row.yours.program.nrmp_code,
                display_name(partner.program) if partner else "No match",
                partner.program.nrmp_code if partner else "",
                "" if row.miles is None else round(row.miles),
                f"{row.joint:.3f}",
            )
        )
    return out.getvalue()


__all__ = ["CouplesView", "ProfileError", "couples_csv", "couples_view"]

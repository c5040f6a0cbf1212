"""`smartpick couples`: the couples pair list (NRMP couples rank order list), from your SmartPick
list and your partner's specialty, score and cities.

  smartpick couples set --partner-specialty psych --partner-step2 240 \
      [--partner-cities "Houston, TX; Boston"] [--within 50]
  smartpick couples [--json]
  smartpick couples export FILE.csv [--force]
"""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from smartpick_tui.cli.common import CliError, add_db_flag, db_path, print_json, shown, write_output

if TYPE_CHECKING:
    from smartpick_tui.core.couples import Couple
    from smartpick_tui.services.couples import CouplesView

WIDTH = 78
SHOWN_ROWS = 40


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "couples",
        help="couples in the Match: pairs of programs near each other, with a joint chance",
        description="Pairs of programs within reach of each other for you and your partner (the "
        "NRMP couples rank order list ranks pairs, and 'no match' for one of you), each with a "
        "joint chance of an invitation to both (an estimate), then your programs with no match "
        "for your partner. Enter your partner with `couples set`.",
    )
    add_db_flag(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_show)
    actions = parser.add_subparsers(dest="couples_action", metavar="ACTION")
    setter = actions.add_parser("set", help="enter your partner (stored with your plan)")
    add_db_flag(setter)
    setter.add_argument("--partner-specialty", metavar="NAME", help="your partner's specialty (IM, psych, …)")
    setter.add_argument("--partner-step2", metavar="SCORE", help="your partner's Step 2 CK")
    setter.add_argument("--partner-school", metavar="TYPE", help="us-md | us-do | us-img | non-us-img")
    setter.add_argument(
        "--partner-cities",
        metavar="CITIES",
        help="cities your partner wants, separated by ';' ('Houston, TX; Boston')",
    )
    setter.add_argument("--within", metavar="MILES", help="how far apart two programs may be (default 50)")
    setter.set_defaults(handler=run_set)
    exporter = actions.add_parser("export", help="write the pair list as CSV")
    add_db_flag(exporter)
    exporter.add_argument("file", metavar="FILE.csv", help="the file to write, or - for stdout")
    exporter.add_argument("--force", action="store_true", help="overwrite FILE.csv if it exists")
    exporter.set_defaults(handler=run_export)


def run_set(args: argparse.Namespace) -> int:
    from smartpick_tui.core.profile import parse_field
    from smartpick_tui.store import open_state

    changes: dict[str, object] = {}
    for flag, field in (
        ("partner_specialty", "partner_specialty"),
        ("partner_step2", "partner_step2"),
        ("partner_cities", "partner_cities"),
        ("within", "within_miles"),
    ):
        value = getattr(args, flag)
        if value is not None:
            changes[field] = value
    if args.partner_school is not None:
        school, error = parse_field("school", args.partner_school)
        if error:
            raise CliError(f"--partner-school: {error}")
        changes["partner_school"] = school
    if not changes:
        raise CliError(
            "give at least one of --partner-specialty, --partner-step2, --partner-school, "
            "--partner-cities, --within"
        )
    try:
        with open_state(db_path(args)) as state:
            couple = state.patch_couple(**changes)
    except ValueError as error:
        raise CliError(str(error)) from None
    cities = "; ".join(couple.partner_cities) or "(none)"
    print(
        f"Partner: {couple.partner_specialty or '(specialty not set)'}, Step 2 CK "
        f"{couple.partner_step2 or '(not set)'}, {couple.partner_school.label}; cities {cities}; "
        f"within {couple.within_miles} miles"
    )
    return 0


def _view(args: argparse.Namespace) -> tuple[Couple, CouplesView]:
    from smartpick_tui.core.catalog import cached_catalog
    from smartpick_tui.core.profile import ProfileError
    from smartpick_tui.services.couples import couples_view
    from smartpick_tui.services.reading import read_profile
    from smartpick_tui.store import open_state
    from smartpick_tui.store.imports import imports_path

    path = db_path(args)
    with open_state(path, readonly=True) as state:
        profile, couple = read_profile(state), state.couple()
        marks, aways, interviews = state.marks(), state.aways(), state.interviews()
    try:
        return couple, couples_view(
            profile,
            couple,
            cached_catalog(imports_path(path)).programs,
            marks=marks,
            aways=aways,
            interviews=interviews,
        )
    except ProfileError as error:
        raise CliError(f"your profile: {error.message}") from None
    except ValueError as error:
        raise CliError(f"{error}: smartpick couples set --partner-specialty … --partner-step2 …") from None


def run_show(args: argparse.Namespace) -> int:
    from smartpick_tui.core.names import display_name
    from smartpick_tui.core.sanitize import clean_line

    couple, view = _view(args)
    if args.json:
        print_json(
            {
                "estimate": True,
                "partner": couple.to_dict(),
                "pairs": [
                    {
                        "rank": rank,
                        "yours": row.yours.program.id,
                        "partner": row.partner.program.id if row.partner else None,
                        "miles": None if row.miles is None else round(row.miles, 1),
                        "joint_estimate": round(row.joint, 4),
                    }
                    for rank, row in enumerate(view.rows, start=1)
                ],
                "near_partner_cities": [c.program.id for c in view.near_partner_cities],
                "unknown_cities": list(view.unknown_cities),
                "notes": list(view.notes),
            }
        )
        return 0
    paired = [row for row in view.rows if row.partner is not None]
    print(f"Couples list — {len(paired)} pairs within {couple.within_miles} miles, then your programs alone")
    for rank, row in enumerate(view.rows[:SHOWN_ROWS], start=1):
        partner = display_name(row.partner.program) if row.partner else "No match for your partner"
        miles = "" if row.miles is None else f" · {round(row.miles)} mi"
        print(f"{rank:3}. " + clean_line(f"{display_name(row.yours.program)} + {partner}"))
        print(f"       joint chance {round(row.joint * 100)}% (estimate){miles}")
    if len(view.rows) > SHOWN_ROWS:
        print(f"     … {len(view.rows) - SHOWN_ROWS} more: smartpick couples export FILE.csv")
    if couple.partner_cities:
        print(
            f"\nYour programs within {couple.within_miles} miles of your partner's cities: "
            f"{len(view.near_partner_cities)}"
        )
        for chance in view.near_partner_cities:
            print(
                "  "
                + clean_line(
                    f"{display_name(chance.program)} — {chance.program.city}, {chance.program.state}"
                )
            )
    for city in view.unknown_cities:
        print("! " + clean_line(f"{city!r}: no such place in the gazetteer (type e.g. 'Houston, TX')"))
    for note in view.notes:
        print(textwrap.fill(note, WIDTH, initial_indent="- ", subsequent_indent="  "))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from smartpick_tui.services.couples import couples_csv

    _couple, view = _view(args)
    target = write_output(args.file, couples_csv(view.rows), args.force)
    if target is not None:
        print(f"Exported {len(view.rows)} ranks to {shown(target)}")
    return 0

"""`smartpick pick`: the SmartPick list (estimates) as a report or as JSON."""

from __future__ import annotations

import argparse
import textwrap

from smartpick_tui.cli.common import (
    CliError,
    add_db_flag,
    add_profile_flags,
    db_path,
    print_json,
    resolve_profile,
)
from smartpick_tui.core.catalog import load_catalog
from smartpick_tui.core.costs import fees
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.names import display_name
from smartpick_tui.core.own_figures import OwnFigure
from smartpick_tui.core.profile import ProfileError
from smartpick_tui.core.smartpick import SmartPick, run_smartpick
from smartpick_tui.core.smartpick.engine import MAX_LIST
from smartpick_tui.core.smartpick.signals import load_signals
from smartpick_tui.core.smartpick.text import pct, what_if_lines
from smartpick_tui.core.trackers import Away, ProgramClass, ProgramMark
from smartpick_tui.core.tracks import labelled_name

WIDTH = 78


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "pick",
        help="build the SmartPick program list (with estimates)",
        description="Build a balanced program list for a profile: reach, target and safety "
        "picks with reasons, the expected number of interviews, an estimated match "
        "chance, away-rotation candidates and where to spend program signals. "
        "Every number is an estimate. Pinned and excluded programs, away candidates, "
        "logged away rotations and interviews are read from the app's state unless "
        "--no-marks is given.",
    )
    add_db_flag(parser)
    add_profile_flags(parser)
    parser.add_argument(
        "--n",
        type=int,
        metavar="N",
        help="list size (default: the article's number for the specialty)",
    )
    parser.add_argument(
        "--budget",
        type=int,
        metavar="USD",
        help="build the list that the application fees of this many dollars buy (instead of --n)",
    )
    parser.add_argument(
        "--all-tracks",
        action="store_true",
        help="keep the tracks your profile does not fit (sponsored-IMG, research pathways...)",
    )
    parser.add_argument(
        "--no-marks",
        action="store_true",
        help="ignore the stored pins, exclusions, away candidates, aways and interviews",
    )
    parser.add_argument("--json", action="store_true", help="print JSON (a stable interface)")
    parser.set_defaults(handler=run)


def _stored_marks(args: argparse.Namespace) -> tuple[dict[str, ProgramMark], list[Away], list[Interview]]:
    from smartpick_tui.store import open_state

    with open_state(db_path(args), readonly=True) as state:
        return state.marks(), state.aways(), state.interviews()


def _stored_figures(args: argparse.Namespace) -> dict[str, OwnFigure]:
    """The student's own per-program figures (`smartpick figures`); kept with --no-marks,
    since they are facts about programs, not choices about the list."""
    from smartpick_tui.store import open_state

    if not db_path(args).exists():
        return {}
    with open_state(db_path(args), readonly=True) as state:
        return state.own_figures()


def run(args: argparse.Namespace) -> int:
    if args.n is not None and not 1 <= args.n <= MAX_LIST:
        raise CliError(f"--n: list size must be from 1 to {MAX_LIST}")
    if args.budget is not None and args.n is not None:
        raise CliError("--budget: give a list size (--n) or a budget, not both")
    if args.budget is not None and args.budget < 1:
        raise CliError("--budget: give a positive number of dollars")
    profile = resolve_profile(args)
    marks, aways, interviews = ({}, [], []) if args.no_marks else _stored_marks(args)
    from smartpick_tui.store.imports import imports_path

    catalog = load_catalog(imports_path(db_path(args)))
    try:
        result = run_smartpick(
            profile,
            catalog.programs,
            marks=marks,
            aways=aways,
            interviews=interviews,
            n=args.n,
            budget=args.budget,
            signal_table=load_signals(),
            all_tracks=args.all_tracks,
            own_figures=_stored_figures(args),
        )
    except ProfileError as error:
        raise CliError(f"--step2: {error.message} (or --comlex for a COMLEX Level 2-CE)") from None
    except ValueError as error:
        raise CliError(f"--budget: {error}") from None
    if args.json:
        data = result.to_json()
        data["warnings"] = list(catalog.warnings)
        print_json(data)
    else:
        print(format_report(result))
        for warning in catalog.warnings:
            print(f"warning: {warning}")
    return 0


def _wrapped(text: str, indent: str = "    ") -> list[str]:
    return textwrap.wrap(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent)


def format_report(r: SmartPick) -> str:
    d = r.diagnosis
    low, high = r.interviews_80
    lines = [
        f"SmartPick list — {d.specialty.name}, Step 2 CK {d.profile.step2}, "
        f"{d.profile.school.label} (all numbers are estimates)",
        f"  {len(r.picks)} programs (the article's number: {d.programs_to_apply}"
        + (
            ""
            if d.programs_to_apply_adjusted is None
            else f"; the app's DO/IMG volume suggestion: {d.programs_to_apply_adjusted.value}"
        )
        + f"); {fees().cost_text(d.specialty.id, len(r.picks))}",
        f"  List: {r.mix.describe()}",
        f"  Expected interviews (estimate): {r.expected_interviews:.1f}, 80% range {low}-{high}; "
        f"target {d.interviews} (FAQ 5)",
        f"  Match chance (estimate): {pct(r.match_estimate)}   " + "   ".join(what_if_lines(r)),
    ]
    for klass in ProgramClass:
        picks = r.by_class(klass)
        lines += ["", f"{klass.value.capitalize()} ({len(picks)})"]
        for pick in picks:
            pin = " [pinned]" if pick.pinned else ""
            swing = " [swing]" if pick.swing else ""
            lines.append(
                f"  {pct(pick.p_interview):>4}  "
                f"{labelled_name(pick.program, display_name(pick.program))[:62]}, "
                f"{pick.program.state}{pin}{swing}"
            )
            lines.append(f"        {pick.marginal}")
            lines += _wrapped(pick.reason, "        ")
    lines += ["", f"Away-rotation candidates (§4 target {r.away_target}; estimates)"]
    for a in r.aways:
        lines.append(f"  {display_name(a.program)[:60]}, {a.program.state}")
        lines += _wrapped(a.reason, "        ")
    if not r.aways:
        lines.append("  none")
    lines += ["", "Program signals"]
    lines += _wrapped(r.signals.note, "  ")
    for s in r.signals.suggestions:
        lines.append(
            f"  {s.tier:<6} {display_name(s.program)[:50]}: {pct(s.p_before)} → {pct(s.p_after)} (estimate)"
        )
        lines += _wrapped(s.why, "         ")
    if r.signals.match_estimate_with_signals is not None and r.signals.suggestions:
        lines.append(
            f"  Match chance with these signals (estimate): {pct(r.signals.match_estimate_with_signals)}"
        )
    if r.notes:
        lines += ["", "Notes"]
        for note in r.notes:
            lines += _wrapped(note, "  • ")
    lines += ["", "How this is computed"]
    for line in r.assumptions:
        lines += textwrap.wrap(line, width=WIDTH, initial_indent="  • ", subsequent_indent="    ")
    return "\n".join(lines)

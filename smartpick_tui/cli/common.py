"""Pieces every subcommand shares: the profile flags, the stored profile, errors, JSON out."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from smartpick_tui.core.profile import Profile, parse_profile
from smartpick_tui.core.rules import STEP2_MAX, STEP2_MIN
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.locations import DB_ENV, default_db_path


class CliError(Exception):
    """A user mistake: printed as one line on stderr, exit status 2."""


# flag -> (profile field, help)
PROFILE_FLAGS: dict[str, tuple[str, str]] = {
    "--step2": ("step2", f"Step 2 CK score, a whole number from {STEP2_MIN} to {STEP2_MAX}"),
    "--specialty": (
        "specialty",
        "target specialty: name, abbreviation or its start (IM, ENT, "
        "Anesthesia, emergency...); a typo is told the closest names",
    ),
    "--backup": ("backup_specialty", "backup specialty"),
    "--situation": ("situation", "no-home-program | indifferent | discouraging | do-img"),
    "--school": ("school", "us-md | us-do | us-img | non-us-img, any case (MD, DO too)"),
    "--step1": ("step1", "pass | fail (failed, then passed)"),
    "--ties": (
        "ties",
        "states (codes or names) or Census regions with ties, comma-separated (CA,Oregon,Midwest)",
    ),
    "--preferred": ("preferred", "preferred states or regions, comma-separated (soft weight)"),
    "--home-city": (
        "home_city",
        "a city you want to be near, as `programs --near` reads it ('Houston, TX'); SmartPick "
        "weighs programs within --within-miles of it as a wish",
    ),
    "--within-miles": ("near_miles", "the radius of --home-city in miles (default 100)"),
    "--comlex": (
        "comlex2",
        "COMLEX Level 2-CE score (DO); read through its Step 2 CK equivalent when no Step 2 CK is given",
    ),
    "--visa": ("visa", "visa you need: none | j-1 | h-1b"),
    "--grad-year": ("grad_year", "year of graduation (e.g. 2027)"),
    "--usce": ("usce_months", "months of US clinical experience"),
    "--research": ("research", "number of research products (papers, posters, abstracts)"),
    "--red-flags": ("red_flags", "red flags, separated by ';' (e.g. 'repeated clerkship')"),
    "--evals": ("clinical_evals", "clinical evaluations: strong | average | weak"),
    "--name": ("name", "your name, for drafts"),
    "--school-name": ("school_name", "your school's name, for drafts"),
    "--year": ("year", "your year, for drafts (e.g. fourth-year)"),
}


def add_db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="state file to use (default: $SMARTPICK_DB, else the user data dir)",
    )


def add_profile_flags(parser: argparse.ArgumentParser, default: object = None) -> None:
    """`default=argparse.SUPPRESS` on a subcommand keeps what its parent command parsed
    (a subparser's defaults would otherwise overwrite flags given before its name)."""
    group = parser.add_argument_group("profile (overrides the stored profile)")
    for flag, (_field, help_text) in PROFILE_FLAGS.items():
        group.add_argument(
            flag,
            dest=f"profile_{PROFILE_FLAGS[flag][0]}",
            metavar="VALUE",
            default=default,
            help=help_text,
        )


def db_path(args: argparse.Namespace) -> Path:
    given = getattr(args, "db", None)
    if given is not None and not given.strip():
        raise CliError("--db: give a file name (an empty one would silently use the default)")
    if not (given or "").strip() and DB_ENV in os.environ and not os.environ[DB_ENV].strip():
        raise CliError(f"{DB_ENV} is set but empty: unset it or give a file name")
    try:
        return default_db_path(given)
    except RuntimeError as error:  # platformdirs: no HOME and no passwd entry
        raise CliError(
            f"cannot find your home directory ({error}); set HOME, or choose the "
            f"state file with --db PATH or SMARTPICK_DB"
        ) from None


def given_profile_fields(args: argparse.Namespace) -> dict[str, Any]:
    return {
        field: getattr(args, f"profile_{field}")
        for field, _ in PROFILE_FLAGS.values()
        if getattr(args, f"profile_{field}", None) is not None
    }


def apply_profile_flags(args: argparse.Namespace, base: Profile) -> Profile:
    """The base profile with the flags given on top; CliError naming the first bad flag."""
    fields = given_profile_fields(args)
    for field, value in fields.items():
        if isinstance(value, str) and not value.strip():
            flag = next(f for f, (name, _) in PROFILE_FLAGS.items() if name == field)
            raise CliError(f"{flag}: give a value (an empty one would clear the stored field)")
    profile, errors = parse_profile(fields, base)
    if errors:
        field, message = next(iter(errors.items()))
        flag = next(f for f, (name, _) in PROFILE_FLAGS.items() if name == field)
        raise CliError(f"{flag}: {message}")
    return profile


def stored_profile(args: argparse.Namespace) -> Profile:
    """The profile saved by the app (defaults when none is stored); never creates a file."""
    from smartpick_tui.store import open_state

    with open_state(db_path(args), readonly=True) as state:
        return state.profile()


def resolve_profile(args: argparse.Namespace) -> Profile:
    """Profile flags describe a whole persona (defaults + flags); without any, the stored one.

    Mixing a stored profile with a few flags would make scripted runs depend on whatever the
    user last typed in the app; `smartpick profile set` is the way to change the stored one.
    """
    if given_profile_fields(args):
        return apply_profile_flags(args, Profile())
    return stored_profile(args)


def shown(path: object) -> str:
    """A path as printed: a file name may hold escape sequences (docs/pitfalls.md), never sent raw."""
    return clean_line(str(path))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def check_replaceable(target: Path, force: bool, flag: str = "") -> None:
    """A file a command writes: nothing there, or a regular file with --force. Anything else
    (a device, a FIFO, a socket, a link, a folder) is refused in one line, even with --force."""
    from smartpick_tui.store.paths import not_replaceable

    prefix = f"{flag}: " if flag else ""
    kind = not_replaceable(target)
    if kind is not None:
        raise CliError(f"{prefix}{shown(target)} is {kind}, not a regular file; it was not replaced")
    if target.exists() and not force:
        raise CliError(f"{prefix}{shown(target)} exists; pass --force to replace it")


def write_output(file: str, text: str, force: bool) -> Path | None:
    """Write a command's file: '-' is stdout (None returned); a folder or an existing file
    without --force is a one-line error; the file is written atomically, mode 0600."""
    from smartpick_tui.store.atomic import atomic_write_text
    from smartpick_tui.store.paths import describe

    if file == "-":
        sys.stdout.write(text)
        return None
    target = Path(file)
    if target.is_dir():
        raise CliError(f"{shown(target)} is a directory; give a file name")
    check_replaceable(target, force)
    try:
        atomic_write_text(target, text)
    except OSError as error:
        raise CliError(f"cannot write {shown(target)}: {describe(error)}") from None
    return target

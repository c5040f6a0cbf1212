"""`smartpick profile | export | import | backup | locate`: the stored state, scriptable.

Exit status: 0 done; 2 nothing was done (a bad flag or file, or a state file problem, said in
one line on stderr); 3 the state file could not be used, so it was moved aside and the newest
good backup restored — the message says where everything is, and the command itself was not
run (run it again once you have looked).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import Any

from smartpick_tui.cli.common import (
    PROFILE_FLAGS,
    CliError,
    add_db_flag,
    add_profile_flags,
    apply_profile_flags,
    db_path,
    given_profile_fields,
    print_json,
    shown,
    write_output,
)
from smartpick_tui.config import config_path
from smartpick_tui.core.profile import Profile, parse_profile, profile_warnings
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.locations import user_config_dir
from smartpick_tui.store import State, StoreError, open_state
from smartpick_tui.store.atomic import atomic_write_text
from smartpick_tui.store.backups import backup_dir, list_backups, load_backup
from smartpick_tui.store.imports import imports_path
from smartpick_tui.store.paths import check_state_path, describe, lock_path, not_replaceable
from smartpick_tui.store.schema import summary
from smartpick_tui.store.transfer import ImportFileError, parse_export

EXIT_RECOVERED = 3
RECOVERED_HELP = (
    "Exit status 3: the state file could not be used, so it was moved aside and "
    "the newest good backup restored; this command did not run."
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    profile = subparsers.add_parser(
        "profile",
        help="show or change the stored profile",
        description="The profile the app stores (used by `advise` when no profile flag is given).",
    )
    actions = profile.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the stored profile")
    show.add_argument("--json", action="store_true", help="print JSON (a stable interface)")
    show.set_defaults(handler=run_profile_show)
    change = actions.add_parser(
        "set",
        help="change the stored profile (only the flags given)",
        description="Change the fields given by flags; every other field keeps its stored value.",
        epilog=RECOVERED_HELP,
    )
    add_profile_flags(change)
    change.add_argument(
        "--clear",
        action="append",
        default=[],
        metavar="FLAG",
        help="empty a stored field, named by its flag without dashes (e.g. --clear home-city); repeatable",
    )
    change.set_defaults(handler=run_profile_set)

    export = subparsers.add_parser(
        "export",
        help="write everything to a JSON file (or trackers as CSV)",
        description="Write the whole state (profile, marks, aways, "
        "letters, outreach, checklist, settings) as "
        "pretty, versioned JSON. FILE '-' is stdout. With "
        "--csv DIR: the aways, letters, outreach, interviews "
        "and the rank order list as spreadsheet-safe CSV "
        "files in DIR.",
    )
    export.add_argument("file", metavar="FILE.json", nargs="?")
    export.add_argument(
        "--csv",
        metavar="DIR",
        type=Path,
        help="write aways.csv, letters.csv, outreach.csv, interviews.csv, rank.csv",
    )
    export.add_argument("--force", action="store_true", help="replace files that exist")
    export.set_defaults(handler=run_export)

    imp = subparsers.add_parser(
        "import",
        help="replace everything with an exported file",
        description="Check the whole file first; if any entry is "
        "wrong nothing changes and the entry is named. "
        "The state it replaces is kept as backup 1.",
        epilog=RECOVERED_HELP,
    )
    imp.add_argument("file", metavar="FILE.json")
    imp.set_defaults(handler=run_import)

    backup = subparsers.add_parser(
        "backup",
        help="list or restore the automatic backups",
        description="SmartPick keeps the last 10 good states beside "
        "the state file (one per app start, then hourly).",
    )
    backup_actions = backup.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = backup_actions.add_parser("list", help="list the backups, newest (1) first")
    listing.add_argument("--json", action="store_true", help="print JSON (a stable interface)")
    listing.set_defaults(handler=run_backup_list)
    restore = backup_actions.add_parser(
        "restore",
        help="make backup N the current state",
        description="The current state is backed up first, so a restore can itself be undone.",
    )
    restore.add_argument("number", metavar="N", type=int, help="backup number from `backup list`")
    restore.set_defaults(handler=run_backup_restore)

    locate = subparsers.add_parser("locate", help="print the paths SmartPick uses")
    locate.add_argument("--json", action="store_true", help="print JSON (a stable interface)")
    locate.set_defaults(handler=run_locate)

    for parser in (show, change, export, imp, listing, restore, locate):
        add_db_flag(parser)


# --- shared plumbing ------------------------------------------------------------------------


def state_file(args: argparse.Namespace) -> Path:
    return check_state_path(db_path(args), readonly=True)


def open_writable(args: argparse.Namespace) -> State:
    """Commands open without the session backup: that is for app starts (scripts run often)."""
    return open_state(db_path(args), backup_on_open=False)


def report_recovery(state: State) -> bool:
    """Say what was repaired; True when the whole file was (the command then stops, so the
    user looks first). Entries set aside from an otherwise good file are said, and the
    command goes on."""
    if state.recovery_message is None:
        return False
    print(f"smartpick: {clean_line(state.recovery_message or '')}", file=sys.stderr)
    return state.recovery is not None


def profile_lines(profile: Profile) -> list[str]:
    data = profile.to_dict()
    lines = []
    for flag, (field, _help) in PROFILE_FLAGS.items():
        value = data[field]
        if isinstance(value, list):
            value = ", ".join(value)
        lines.append(f"  {flag:<14} {'(not set)' if value in (None, '') else value}")
    return lines


# --- profile ----------------------------------------------------------------------------------


def run_profile_show(args: argparse.Namespace) -> int:
    with open_state(db_path(args), readonly=True) as state:
        profile = state.profile()
    if args.json:
        print_json(profile.to_dict())
        return 0
    print(f"Stored profile ({shown(state.path)}):")
    print("\n".join(profile_lines(profile)))
    for warning in profile_warnings(profile):
        print(f"warning: {warning}")
    return 0


def run_profile_set(args: argparse.Namespace) -> int:
    cleared = cleared_profile_fields(args.clear)
    if not given_profile_fields(args) and not cleared:
        raise CliError(
            "give at least one profile flag to change (e.g. --step2 245) or --clear FLAG; "
            "see `smartpick profile set --help`"
        )
    with open_writable(args) as state:
        if report_recovery(state):
            return EXIT_RECOVERED

        def change(s: State) -> Profile:
            profile = apply_profile_flags(args, clear_profile_fields(s.profile(), cleared))
            s.set_profile(profile)
            return profile

        profile = state.update(change)
    print(f"Saved to {shown(state.path)}:")
    print("\n".join(profile_lines(profile)))
    for warning in profile_warnings(profile):
        print(f"warning: {warning}")
    return 0


# --- export / import ------------------------------------------------------------------------

CSV_TABLES = ("aways", "letters", "outreach", "interviews")


def run_export(args: argparse.Namespace) -> int:
    if (args.file is None) == (args.csv is None):
        raise CliError("give FILE.json, or --csv DIR (one of them)")
    if args.csv is not None:
        return _export_csv(args, args.csv)
    with open_state(db_path(args), readonly=True) as state:
        text = state.export_text()
        held = state.summary()
    target = write_output(args.file, text, args.force)  # 0600: it holds scores and names
    if target is not None:
        print(f"Exported {held} to {shown(target)}")
    return 0


def _export_csv(args: argparse.Namespace, folder: Path) -> int:
    """The trackers as CSV files (formula-safe cells), for the spreadsheets students keep;
    nothing is replaced without --force, and nothing is written if one file would be."""
    from dataclasses import fields

    from smartpick_tui.cli.season import rank_text
    from smartpick_tui.core.export import records_csv
    from smartpick_tui.core.interviews import Interview
    from smartpick_tui.core.trackers import Away, Letter, OutreachEntry, Record
    from smartpick_tui.services.reading import read_interviews

    kinds = {"aways": Away, "letters": Letter, "outreach": OutreachEntry, "interviews": Interview}
    with open_state(db_path(args), readonly=True) as state:
        records: dict[str, Sequence[Record]] = {
            "aways": state.aways(),
            "letters": state.letters(),
            "outreach": state.outreach(),
            "interviews": read_interviews(state),  # the thank-you as one fact
        }
        rating_columns = state.criteria().columns()  # named as rank.csv names them
    texts = {
        f"{name}.csv": records_csv(
            records[name],
            [f.name for f in fields(kinds[name])],
            rating_columns if name == "interviews" else None,
        )
        for name in CSV_TABLES
    }
    texts["rank.csv"], _ = rank_text(args)
    if folder.exists() and not folder.is_dir():
        raise CliError(f"{shown(folder)} is not a directory")
    for name in texts:  # a device or FIFO under one of the names: refused even with --force
        kind = not_replaceable(folder / name)
        if kind is not None:
            raise CliError(f"{shown(folder / name)} is {kind}, not a regular file; nothing was written")
    there = [name for name in texts if (folder / name).exists()]
    if there and not args.force:
        raise CliError(f"{', '.join(there)} exist in {shown(folder)}; pass --force to replace them")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            atomic_write_text(folder / name, text)  # 0600: names and notes are personal
    except OSError as error:
        raise CliError(f"cannot write in {shown(folder)}: {describe(error)}") from None
    counts = ", ".join(f"{len(records[name])} {name}" for name in CSV_TABLES)
    print(f"Exported {counts} and the rank order list to {shown(folder)}: {', '.join(texts)}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else source.read_bytes()
    except OSError as error:
        raise CliError(f"cannot read {source}: {describe(error)}") from None
    try:
        tables = parse_export(raw)
    except ImportFileError as error:
        for problem in error.errors:
            print(f"smartpick: error: {shown(source)}: {clean_line(str(problem))}", file=sys.stderr)
        print("smartpick: nothing was imported; the state is unchanged", file=sys.stderr)
        return 2
    with open_writable(args) as state:
        if report_recovery(state):
            return EXIT_RECOVERED
        had_state = state.path.exists()
        state.replace_all(tables)
    print(f"Imported {summary(tables)} from {shown(source)} into {shown(state.path)}")
    if had_state:
        print("The state it replaced is backup 1: `smartpick backup restore 1` undoes the import.")
    return 0


# --- backups ----------------------------------------------------------------------------------


def _backup_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for backup in list_backups(path):
        row: dict[str, Any] = {
            "number": backup.number,
            "path": str(backup.path),
            "taken_at": backup.taken_at.astimezone(UTC).isoformat(),
            "when": backup.when,
        }
        try:
            row["size"] = backup.path.stat().st_size
            row["holds"] = summary(load_backup(backup))
            row["problem"] = None
        except (OSError, StoreError) as error:  # broken, newer, or a FIFO / device / huge file
            row["holds"] = None
            row["problem"] = getattr(error, "reason", None) or (
                describe(error) if isinstance(error, OSError) else str(error)
            )
        rows.append(row)
    return rows


def run_backup_list(args: argparse.Namespace) -> int:
    path = state_file(args)
    rows = _backup_rows(path)
    if args.json:
        print_json({"state_file": str(path), "backup_dir": str(backup_dir(path)), "backups": rows})
        return 0
    if not rows:
        print(f"No backups of {shown(path)} yet (one is taken when the app starts, then hourly).")
        return 0
    print(f"Backups of {shown(path)} (in {shown(backup_dir(path))}), newest first:")
    for row in rows:
        what = row["holds"] if row["problem"] is None else f"cannot be used: {row['problem']}"
        print(f"  {row['number']:>2}  {row['when']}  {what}")
    print("Restore one with: smartpick backup restore N")
    return 0


def run_backup_restore(args: argparse.Namespace) -> int:
    with open_writable(args) as state:
        report_recovery(state)  # the user chose a backup: restoring it is still what they asked
        had_state = state.path.exists()
        chosen = state.restore_backup(args.number)
        holds = state.summary()
    print(f"Restored backup {args.number} (taken {chosen.when}) into {shown(state.path)}: {holds}")
    if had_state:
        print("The state it replaced was backed up first (`smartpick backup list`).")
    return 0


# --- locate -----------------------------------------------------------------------------------


def run_locate(args: argparse.Namespace) -> int:
    path = state_file(args)
    try:
        config: Path | None = user_config_dir()
        config_file: Path | None = config_path()
    except RuntimeError:  # no home directory; the state file was given with --db
        config = config_file = None
    paths = {
        "state_file": path,
        "lock_file": lock_path(path),
        "backup_dir": backup_dir(path),
        "imports_file": imports_path(path),
        "config_dir": config,
        "config_file": config_file,
    }
    if args.json:
        print_json({name: None if value is None else str(value) for name, value in paths.items()})
        return 0
    labels = {
        "state_file": "state file",
        "lock_file": "lock file",
        "backup_dir": "backups",
        "imports_file": "imports file",
        "config_dir": "config dir",
        "config_file": "config file",
    }
    for name, value in paths.items():
        if value is None:
            print(f"{labels[name]:<13} (unknown: no home directory; set HOME)")
        else:
            print(f"{labels[name]:<13} {shown(value)}{'' if value.exists() else '  (not created yet)'}")
    return 0


def cleared_profile_fields(flags: list[str]) -> dict[str, str]:
    """`--clear home-city` (or `--clear --home-city`) -> {"home_city": "--home-city"}; a name
    that is no profile flag is told the flags it could mean."""
    cleared: dict[str, str] = {}
    for raw in flags:
        flag = "--" + raw.strip().lstrip("-").lower()
        if flag not in PROFILE_FLAGS:
            close = difflib.get_close_matches(flag, PROFILE_FLAGS, n=3)
            hint = f"; did you mean {', '.join(c.removeprefix('--') for c in close)}?" if close else ""
            raise CliError(f"--clear: {clean_line(raw)!r} is not a profile flag{hint}")
        cleared[PROFILE_FLAGS[flag][0]] = flag
    return cleared


def clear_profile_fields(base: Profile, cleared: dict[str, str]) -> Profile:
    """The profile with each cleared field emptied through its own parser (the same rule as
    emptying it in the app); a field that cannot be empty (the specialty) says so."""
    if not cleared:
        return base
    profile, errors = parse_profile(dict.fromkeys(cleared, ""), base)
    if errors:
        field, message = next(iter(errors.items()))
        raise CliError(f"--clear {cleared[field].removeprefix('--')}: {message}")
    return profile

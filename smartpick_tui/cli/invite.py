"""`smartpick invite`: read a pasted invitation email (a file or stdin), propose the program,
the offered dates and the reply deadline, flag dates that clash with booked interviews, and with
`--add` log it as an invitation (Interviews tab; the queue orders open invites by deadline)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from smartpick_tui.cli.common import CliError, add_db_flag, db_path, print_json, shown
from smartpick_tui.core.sanitize import clean_line

TEXT_MAX_BYTES = 200_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "invite",
        help="read an interview invitation email: program, dates, reply deadline, clashes",
        description="Read an interview invitation (paste it on stdin, or give the saved email "
        "as FILE): the program it names (searched in the catalog, your specialty first), the "
        "dates it offers, the reply deadline and any offered date that clashes with an "
        "interview you booked. Nothing is saved unless --add is given.",
    )
    add_db_flag(parser)
    parser.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="the email as text (default: stdin)"
    )
    parser.add_argument("--add", action="store_true", help="log it as an invitation in the Interviews tab")
    parser.add_argument("--program", metavar="ID", help="the catalog program (id or NRMP code) when --add")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def _read_text(file: str) -> str:
    if file == "-":
        return sys.stdin.read(TEXT_MAX_BYTES)
    path = Path(file)
    try:
        if not path.is_file():
            raise CliError(f"{shown(path)} is not a regular file")
        with path.open("rb") as handle:
            return handle.read(TEXT_MAX_BYTES).decode("utf-8", errors="replace")
    except OSError as error:
        raise CliError(f"cannot read {shown(path)}: {error.strerror or error}") from None


def run(args: argparse.Namespace) -> int:
    from smartpick_tui.services.catalog import indexed_catalog
    from smartpick_tui.services.invites import propose
    from smartpick_tui.services.reading import read_profile
    from smartpick_tui.store import open_state
    from smartpick_tui.store.imports import imports_path

    text = _read_text(args.file)
    path = db_path(args)
    catalog, index = indexed_catalog(imports_path(path))
    today = date.today()
    with open_state(path, readonly=True) as state:
        specialty = read_profile(state).specialty
        interviews = state.interviews()
    proposal = propose(text, index, specialty, interviews, today)
    reading = proposal.reading
    chosen = proposal.programs[0] if proposal.programs else None
    if args.program:
        chosen = catalog.by_id.get(args.program.strip().upper()) or catalog.by_id.get(args.program.strip())
        if chosen is None:
            raise CliError(f"--program: no program {args.program!r} in the catalog")
    if args.json:
        print_json(
            {
                "program_hint": reading.program_hint,
                "programs": [
                    {"id": p.id, "name": p.name, "city": p.city, "state": p.state} for p in proposal.programs
                ],
                "offered_dates": [d.isoformat() for d in reading.offered],
                "reply_by": reading.reply_by.isoformat() if reading.reply_by else None,
                "format": reading.format.value if reading.format else None,
                "clashes": list(proposal.conflicts),
                "notes": list(reading.notes),
                "added": bool(args.add),
            }
        )
    else:
        _print(proposal, today)
    if args.add:
        record = proposal.interview(chosen, today=today)
        with open_state(path) as state:
            state.upsert_interview(record)
        if not args.json:
            print(clean_line(f"Logged the invitation from {record.program_name} (Interviews tab)."))
    elif not args.json:
        print("Nothing saved: add --add to log it (--program ID to choose another match).")
    return 0


def _print(proposal: object, today: date) -> None:
    from smartpick_tui.core.names import display_name
    from smartpick_tui.services.invites import InviteProposal

    assert isinstance(proposal, InviteProposal)
    reading = proposal.reading
    print("Read from the invitation (check it):")
    print("  Program named: " + clean_line(reading.program_hint or "(none found)"))
    for number, program in enumerate(proposal.programs, start=1):
        print(
            f"    {number}. "
            + clean_line(f"{display_name(program)} — {program.city}, {program.state} ({program.id})")
        )
    print(f"  Offered dates: {reading.offered_text or '(none found)'}")
    if reading.reply_by:
        days = (reading.reply_by - today).days
        print(f"  Reply by: {reading.reply_by.isoformat()} ({days} days from today)")
    print(f"  Format: {reading.format.value if reading.format else '(not said)'}")
    for clash in proposal.conflicts:
        print("  ! " + clean_line(clash))
    for note in reading.notes:
        print(f"  - {note}")

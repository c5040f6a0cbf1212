"""`smartpick calendar [--ics FILE]`: the season's dates (the cycle's, marked published or
estimated with their source, and yours) as a list, or as an iCalendar file for any calendar app."""

from __future__ import annotations

import argparse
from datetime import date

from smartpick_tui.cli.common import add_db_flag, db_path, print_json, shown, write_output
from smartpick_tui.core.calendar import YOUR_ENTRY, cycle, timeline, to_ics
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.services.season import season_events
from smartpick_tui.store import open_state


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "calendar",
        help="the season's dates and yours; --ics for a calendar app",
        description="The cycle's dates (published or estimated, each "
        "with its source) merged with your aways, "
        "interviews and plan due dates.",
    )
    add_db_flag(parser)
    parser.add_argument("--ics", metavar="FILE", help="write an iCalendar (.ics) file; - is stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument("--json", action="store_true", help="print JSON (a stable interface)")
    parser.set_defaults(handler=run_calendar)


def run_calendar(args: argparse.Namespace) -> int:
    path = db_path(args)
    with open_state(path, readonly=True) as state:
        events = season_events(state)
        specialty = state.profile().specialty
    today = date.today()
    if args.ics:
        target = write_output(args.ics, to_ics(events), args.force)
        if target is not None:
            print(f"Wrote {len(events)} dates to {shown(target)}")
        return 0
    if args.json:
        print_json(
            {
                "cycle": cycle().name,
                "phase": cycle().phase(today, specialty),
                "events": [
                    {
                        "id": e.id,
                        "date": e.day.isoformat(),
                        "title": clean_line(e.title),
                        "status": e.status,
                        "source": e.source or ("your entry" if e.status == YOUR_ENTRY else ""),
                    }
                    for e in events
                ],
            }
        )
        return 0
    print(f"{cycle().name} · now: {cycle().phase(today, specialty)}")
    print("(est.) = the app's estimate from the organiser's usual dates; see `--json` for sources")
    for line in timeline(events, today):
        print(line)
    return 0

"""`smartpick soap`: Match Week and SOAP — the rules, the week's dates, a short list of programs
that historically left positions unfilled (public NRMP results, where they exist), and the two
texts to have ready (the SOAP application note, what to say when a program calls)."""

from __future__ import annotations

import argparse
import textwrap

from smartpick_tui.cli.common import add_db_flag, db_path, print_json

WIDTH = 78


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "soap",
        help="Match Week and SOAP: rules, dates, a list to prepare, texts to have ready",
        description="Prepare for Match Week before it starts: the SOAP rules and dates, a short list "
        "of programs in your specialty, your backup and the one-year positions that left positions "
        "unfilled in past Matches (public NRMP results; Florida only so far — an estimate of where "
        "places may be, not this year's list), and draft texts for a SOAP application and a call.",
    )
    add_db_flag(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from smartpick_tui.core.calendar import cycle
    from smartpick_tui.core.names import display_name
    from smartpick_tui.core.sanitize import clean_line
    from smartpick_tui.services.catalog import indexed_catalog
    from smartpick_tui.services.reading import read_profile
    from smartpick_tui.services.soap import soap_view
    from smartpick_tui.store import open_state
    from smartpick_tui.store.imports import imports_path

    path = db_path(args)
    catalog, _index = indexed_catalog(imports_path(path))
    with open_state(path, readonly=True) as state:
        profile, aways = read_profile(state), state.aways()
    view = soap_view(profile, catalog.programs, aways)
    week = [e for e in cycle().events if e.id in ("match-week", "soap-offers", "soap-ends", "match-day")]
    plan = view.plan
    if args.json:
        print_json(
            {
                "estimate": True,
                "application_limit": plan.limit,
                "rules": list(plan.rules),
                "dates": [
                    {"id": e.id, "date": e.day.isoformat(), "title": e.title, "status": e.status}
                    for e in week
                ],
                "programs": [
                    {
                        "id": c.program.id,
                        "name": display_name(c.program),
                        "specialty": c.program.specialty,
                        "group": c.group,
                        "unfilled_years": c.history.unfilled_years,
                        "years": c.history.years,
                        "fill_rate": c.history.fill_rate,
                    }
                    for c in plan.candidates
                ],
                "no_public_history": plan.unknown,
                "notes": list(plan.notes),
                "texts": {which.value: text for which, text in view.texts.items()},
            }
        )
        return 0
    print("Match Week and SOAP (the rules; NRMP)")
    for rule in plan.rules:
        print(textwrap.fill(rule, WIDTH, initial_indent="  - ", subsequent_indent="    "))
    print("\nThe week (estimated from the 2026 NRMP calendar)")
    for event in week:
        print(f"  {event.day.isoformat()}  {event.label}")
    print(f"\nPrograms to prepare before Monday ({len(plan.candidates)}; estimates, not this year's list)")
    for number, c in enumerate(plan.candidates, start=1):
        place = ", ".join(part for part in (c.program.city, c.program.state) if part)
        print(f"  {number:2}. " + clean_line(f"{display_name(c.program)} — {place}"))
        print(textwrap.fill(c.reason, WIDTH, initial_indent="      ", subsequent_indent="      "))
    if not plan.candidates:
        print("  none with a public record of unfilled positions")
    for note in plan.notes:
        print(textwrap.fill(note, WIDTH, initial_indent="  ! ", subsequent_indent="    "))
    for which, text in view.texts.items():
        print(f"\nDraft: SOAP {which.value} (check every line; copy with `smartpick soap --json`)")
        print(textwrap.indent(text.rstrip(), "  "))
    return 0

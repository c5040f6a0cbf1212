"""`smartpick peers`: interview invitations reported by other applicants (a public CSV you
import; docs/peer-invites.md has the format). Kept beside your state file; nothing leaves the
machine; shown per program as crowd-reported and unverified.

  smartpick peers import FILE.csv
  smartpick peers [--program ID] [--json]
  smartpick peers clear
"""

from __future__ import annotations

import argparse
from pathlib import Path

from smartpick_tui.cli.common import CliError, add_db_flag, db_path, print_json, shown


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "peers",
        help="interview invitations reported by others (a CSV you import; local only)",
        description="Crowd-reported interview invitation dates per program, from a CSV you "
        "import (program, date, applicant_type; see docs/peer-invites.md). Kept beside your "
        "state file, never sent anywhere, shown as unverified.",
    )
    add_db_flag(parser)
    parser.add_argument("--program", metavar="ID", help="only this program (catalog id or NRMP code)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_show)
    actions = parser.add_subparsers(dest="peers_action", metavar="ACTION")
    importer = actions.add_parser("import", help="read a CSV of reported invitations")
    add_db_flag(importer)
    importer.add_argument("file", metavar="FILE.csv")
    importer.set_defaults(handler=run_import)
    clearer = actions.add_parser("clear", help="forget every imported report")
    add_db_flag(clearer)
    clearer.set_defaults(handler=run_clear)


def run_import(args: argparse.Namespace) -> int:
    from smartpick_tui.core.peer_invites import PeerFileError
    from smartpick_tui.core.sanitize import clean_line
    from smartpick_tui.services.peer_invites import import_peer_file

    try:
        parsed, total = import_peer_file(db_path(args), Path(args.file))
    except PeerFileError as error:
        raise CliError(str(error)) from None
    print(
        f"Read {parsed.rows} rows of {shown(Path(args.file))}: {len(parsed.invites)} reports kept, "
        f"{len(parsed.rejected)} rejected; {total} reports stored in all."
    )
    for line, why in parsed.rejected[:20]:
        print("  line " + clean_line(f"{line}: {why}"))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from smartpick_tui.core.catalog import cached_catalog
    from smartpick_tui.core.names import display_name
    from smartpick_tui.core.sanitize import clean_line
    from smartpick_tui.services.peer_invites import peer_summaries
    from smartpick_tui.store.imports import imports_path

    path = db_path(args)
    found = peer_summaries(path)
    if args.program:
        found = {k: v for k, v in found.items() if k == args.program.strip()}
    by_id = cached_catalog(imports_path(path)).by_id
    if args.json:
        print_json(
            {
                "crowd_reported": True,
                "programs": [
                    {
                        "id": pid,
                        "name": display_name(by_id[pid]) if pid in by_id else pid,
                        "count": s.count,
                        "first": s.first,
                        "latest": s.latest,
                        "by_type": {t.value: n for t, n in s.by_type},
                    }
                    for pid, s in sorted(found.items(), key=lambda kv: kv[1].latest, reverse=True)
                ],
            }
        )
        return 0
    if not found:
        print("No reported invitations: smartpick peers import FILE.csv (format: docs/peer-invites.md)")
        return 0
    for pid, summary in sorted(found.items(), key=lambda kv: kv[1].latest, reverse=True):
        name = display_name(by_id[pid]) if pid in by_id else pid
        print(clean_line(f"{name}: {summary.text}"))
    return 0


def run_clear(args: argparse.Namespace) -> int:
    from smartpick_tui.store.peer_invites import peer_invites_path, write_peer_invites

    target = peer_invites_path(db_path(args))
    if not target.exists():
        print("No reported invitations stored.")
        return 0
    write_peer_invites(target, [])
    print(f"Forgot every reported invitation ({shown(target)} is now empty).")
    return 0

"""`smartpick share`: the plan as a read-only page for an outside mentor (§2, §5: "new advocates
outside the institution"), a file to attach to an email — HTML (printable) or Markdown.

Notes stay out unless `--notes` is given. Without FILE the page goes to `exports/` beside the
state file under a new name each time (never over an earlier one).
"""

from __future__ import annotations

import argparse
from datetime import date

from smartpick_tui.cli.common import CliError, add_db_flag, db_path, shown, write_output


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "share",
        help="write your plan as a read-only page for a mentor (HTML or Markdown)",
        description="Write a self-contained, read-only page of your plan for an outside mentor: "
        "profile summary, diagnosis, the SmartPick list with classes and reasons, aways, "
        "letters, interviews and what is left to do. Personal notes are left out unless "
        "--notes is given. No server: a file to attach to an email.",
    )
    add_db_flag(parser)
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="the file to write, or - for stdout (default: a new file in exports/ beside the state file)",
    )
    parser.add_argument("--markdown", action="store_true", help="write Markdown instead of HTML")
    parser.add_argument("--notes", action="store_true", help="include your notes and interview impressions")
    parser.add_argument(
        "--force", action="store_true", help="overwrite FILE if it exists (a regular file only)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from smartpick_tui.core.catalog import cached_catalog
    from smartpick_tui.drafts.shared_plan import ShareFormat
    from smartpick_tui.services.shared_plan import rendered_shared_plan, save_shared_plan
    from smartpick_tui.store import open_state
    from smartpick_tui.store.imports import imports_path
    from smartpick_tui.store.paths import describe

    fmt = ShareFormat.MARKDOWN if args.markdown else ShareFormat.HTML
    path = db_path(args)
    programs = cached_catalog(imports_path(path)).programs
    today = date.today()
    if args.file is None:
        try:
            with open_state(path) as state:
                target = save_shared_plan(state, programs, today, fmt, args.notes)
        except OSError as error:
            raise CliError(f"cannot write the page beside {shown(path)}: {describe(error)}") from None
        print(f"Wrote your plan for a mentor to {shown(target)}")
        return 0
    with open_state(path, readonly=True) as state:
        text = rendered_shared_plan(state, programs, today, fmt, args.notes)
    written = write_output(args.file, text, args.force)
    if written is not None:
        print(f"Wrote your plan for a mentor to {shown(written)}")
    return 0

"""Start the Textual app; imported only when no subcommand is given, to keep scripts fast."""

from __future__ import annotations

import argparse

from smartpick_tui.cli.common import db_path


def run_tui(args: argparse.Namespace) -> int:
    from smartpick_tui.tui.app import SmartPickApp

    SmartPickApp(db_path=db_path(args)).run()
    return 0

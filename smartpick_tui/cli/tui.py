"""Start the Textual app; imported only when no subcommand is given, to keep scripts fast."""

from __future__ import annotations

import argparse

from smartpick_tui.cli.common import db_path
from smartpick_tui.config import Config


def run_tui(args: argparse.Namespace, config: Config, config_error: str | None) -> int:
    from smartpick_tui.tui.app import SmartPickApp

    SmartPickApp(db_path=db_path(args), config=config, config_error=config_error).run()
    return 0

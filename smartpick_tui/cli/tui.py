"""Start the Textual app; imported only when no subcommand is given, to keep scripts fast."""

from __future__ import annotations

import argparse
import gc

from smartpick_tui.cli.common import db_path
from smartpick_tui.config import Config


def run_tui(args: argparse.Namespace, config: Config, config_error: str | None) -> int:
    from smartpick_tui.tui.app import SmartPickApp

    app = SmartPickApp(db_path=db_path(args), config=config, config_error=config_error)
    # Once, at start-up: what exists now (Textual, the app's modules and widgets) lives as long
    # as the process, so it leaves the collector's full passes. Never later from a worker: a
    # freeze makes whatever garbage exists at that moment permanent (it was once called on
    # every catalog change, from the SmartPick build).
    gc.freeze()
    app.run()
    return 0

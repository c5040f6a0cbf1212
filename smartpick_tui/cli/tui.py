"""Start the Textual app; imported only when no subcommand is given, to keep scripts fast."""

from __future__ import annotations

import argparse
import gc

from smartpick_tui.cli.common import db_path
from smartpick_tui.config import Config


def run_tui(args: argparse.Namespace, config: Config, config_error: str | None) -> int:
    # No garbage collection until the first screen is up (`main` turned it off already, before
    # the store and Textual were imported): at start-up Python ran ~230 collections of the young
    # generation over objects that all live on, ~15% of the CPU before the first screen (issue
    # 26). From then on the collector follows `services.collector`: `start` once the screen is
    # drawn, then a collect-and-freeze after each large catalog is installed (the panes call it).
    gc.disable()
    from smartpick_tui.services import collector
    from smartpick_tui.tui.app import SmartPickApp

    app = SmartPickApp(
        db_path=db_path(args), config=config, config_error=config_error, after_start_up=collector.start
    )
    app.run()
    return 0

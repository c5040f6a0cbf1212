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
    # 26). `_start_collecting` turns it back on once the screen is drawn.
    gc.disable()
    from smartpick_tui.tui.app import SmartPickApp

    app = SmartPickApp(
        db_path=db_path(args), config=config, config_error=config_error, after_start_up=_start_collecting
    )
    app.run()
    return 0


def _start_collecting() -> None:
    """Once, when the first screen is up (`SmartPickApp.after_start_up`): collect the garbage
    of start-up, freeze what is left and collect as usual from then on. What exists now
    (Textual, the app's modules, the first tab's widgets) lives as long as the process, so the
    freeze takes it out of every later full pass. Never later from a worker: a freeze makes
    whatever garbage exists at that moment permanent (it was once called on every catalog
    change, from the SmartPick build), hence the collection first."""
    gc.collect()
    gc.freeze()
    gc.enable()

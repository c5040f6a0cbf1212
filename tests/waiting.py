"""Waiting for the app without guessing how long: `wait_until` lets the app run (every pending
message, worker and refresh) until what the test waits for is true, however slowly a loaded
machine gets there. It never passes early and never fails for slowness short of `limit`, which
only turns a thing that never happens into a clear failure instead of a hang."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

LIMIT_S = 60.0  # far beyond any wait on a loaded machine; the test's own timeout is above it


async def wait_until(
    pilot: Any, check: Callable[[], object], what: str, limit: float = LIMIT_S, workers: bool = True
) -> None:
    """Run the app until `check()` is true; AssertionError naming `what` if it never is.
    `workers=False` when a worker is held on purpose (a test of superseded results): then the
    workers are not waited for, only the app's messages and timers."""
    deadline = time.monotonic() + limit
    while True:
        await pilot.pause()
        if workers:
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if check():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"after {limit:.0f} s still not true: {what}")
        await pilot.pause(0.02)  # let timers (the save-on-pause, the disk poll) come due

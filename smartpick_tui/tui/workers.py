"""The one way a worker thread hands its result to the screen.

Every long job runs as `@work(thread=True, exclusive=True, group=...)`: starting a job
cancels the previous one of its group. A thread cannot be stopped, so a superseded job still
finishes; `post_result` drops its result. Cancelling happens on the UI thread, so the check
is made there too, just before the callback runs: a job cancelled after it finished but
before its result was drawn (the profile changed meanwhile) never lands on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.worker import get_current_worker


def post_result(app: App[Any], callback: Callable[..., object], *args: Any) -> None:
    """From a worker thread: run `callback(*args)` on the UI thread, unless this worker has
    been cancelled (superseded) by then."""
    worker = get_current_worker()
    if worker.is_cancelled:
        return

    def deliver() -> None:
        if not worker.is_cancelled:
            callback(*args)

    app.call_from_thread(deliver)

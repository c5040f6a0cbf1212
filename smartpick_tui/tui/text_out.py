"""Text leaving the app: to the clipboard, or to a file — in a terminal and in a browser alike.

Copy uses OSC 52 (`App.copy_to_clipboard`): the text goes to the terminal, which puts it on
the clipboard of the machine you type on — if it allows OSC 52 (docs/pitfalls.md: tmux needs
`set-clipboard on`; macOS Terminal.app ignores it). Nothing confirms it, so the message says the
text was *sent* and offers saving as the fallback. Under `smartpick serve` the page puts it on
the browser's clipboard, and a saved file goes to the student's own machine as a download
(textual-serve's file delivery), not to a folder on the server they cannot open.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path

from textual.widget import Widget

from smartpick_tui.store.atomic import write_new_text


def copy_text(widget: Widget, text: str, what: str, save_key: str | None = None, check: str = "") -> None:
    """Send `text` (`what`: "the away request") to the clipboard and say where it went and
    what to do when it does not arrive (`save_key`: the key that saves it instead, where the
    screen has one; `check`: a sentence the toast ends with)."""
    widget.app.copy_to_clipboard(text)
    tail = f" {check}" if check else ""
    if widget.app.is_web:
        fallback = f" If your browser blocked it, {save_key} downloads the draft." if save_key else ""
        widget.notify(
            f"Copied {len(text):,} characters of {what} to your browser's clipboard.{fallback}{tail}",
            title="Copy",
            markup=False,
            timeout=8,
        )
        return
    hint = " Inside tmux, `tmux set -s set-clipboard on` lets it through." if os.environ.get("TMUX") else ""
    fallback = (
        f"If nothing arrives, your terminal blocks OSC 52: save to a file with {save_key}."
        if save_key
        else "If nothing arrives, your terminal blocks OSC 52."
    )
    widget.notify(
        f"Sent {len(text):,} characters of {what} to your terminal's clipboard (OSC 52). "
        f"{fallback}{hint}{tail}",
        title="Copy",
        markup=False,
        timeout=8,
    )


def save_text(widget: Widget, text: str, what: str, folder: Path, paths: Iterable[Path]) -> None:
    """Write `text` to the first of `paths` (in `folder`) that does not exist yet, never over
    a file; in a browser, download it under the first one's name."""
    if widget.app.is_web:
        name = next(iter(paths)).name
        widget.app.deliver_text(io.StringIO(text), save_filename=name, mime_type="text/plain")
        widget.notify(
            f"Your browser is downloading {what} as {name}.", title="Save", markup=False, timeout=10
        )
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = write_new_text(paths, text)
    except OSError as error:
        widget.notify(
            f"Not saved: cannot write in {folder}: {error.strerror or error}",
            severity="error",
            timeout=10,
            markup=False,
        )
        return
    widget.notify(f"Saved {what} to {path}", title="Save", markup=False, timeout=10)

"""The Programs tab's CSV import: path → preview → ctrl+s stores the accepted rows.

The preview is `smartpick programs import FILE --dry-run`'s (`services.catalog_import`), read
in a child process (`tui.import_preview`) so a large file never stalls the keys. File and cell
text is drawn with `Text`/`Content`, never as markup.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from smartpick_tui.core.csv_import import ImportPreview
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.services.catalog_import import CsvPreview, catalog_states, csv_preview_lines
from smartpick_tui.store import StoreError
from smartpick_tui.tui.widgets.text_input import TextInput
from smartpick_tui.tui.workers import post_result

REJECTS_SHOWN = 8


def preview_text(found: CsvPreview) -> Text:
    """The preview's lines (the CLI's), the file's line in bold, and what ctrl+s would do."""
    text = Text()
    for number, line in enumerate(csv_preview_lines(found, REJECTS_SHOWN)):
        text.append(f"{line}\n", style="bold" if number == 0 else "")
    if found.preview.accepted:
        text.append("ctrl+s to import the accepted rows.", style="bold")
    else:
        text.append("Nothing to import.", style="bold")
    return text


class ImportScreen(ModalScreen[bool]):
    """Path → preview (worker) → ctrl+s stores the accepted rows (worker). Escape cancels;
    the result says whether anything was stored (the tab then reloads its catalog)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
        Binding("ctrl+s", "confirm", "Import", id="import.confirm"),
    ]

    def __init__(self, imports_path: Path) -> None:
        super().__init__()
        self.imports_path = imports_path
        self.preview: ImportPreview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-box"):
            yield Static(Content("Import programs from a CSV file"), classes="dialog-title")
            yield TextInput(placeholder="path to the .csv file, then enter", compact=True, id="import-path")
            yield Static(Content(""), id="import-preview")
            yield Static(
                Content("enter: preview · ctrl+s: import the accepted rows · escape: cancel"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def _say(self, message: str | Text) -> None:
        self.query_one("#import-preview", Static).update(
            message if isinstance(message, Text) else Content(message)
        )

    @on(Input.Submitted, "#import-path")
    def _preview(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self._say("Enter the path of a CSV file.")
            return
        self.preview = None
        self._say(f"Reading {clean_line(raw)}…")
        self._read(Path(raw).expanduser())

    @work(thread=True, exclusive=True, group="import-preview")
    def _read(self, path: Path) -> None:
        from smartpick_tui.tui.import_preview import read_and_plan

        result = read_and_plan(path, catalog_states(self.imports_path), self.imports_path)
        if isinstance(result, str):
            post_result(self.app, self._say, result)
        else:
            post_result(self.app, self._show_preview, result)

    def _show_preview(self, found: CsvPreview) -> None:
        self.preview = found.preview
        self._say(preview_text(found))

    def action_confirm(self) -> None:
        preview = self.preview
        if preview is None or not preview.accepted:
            self._say("Preview a file with accepted rows first (enter in the path field).")
            return
        self._say("Importing…")
        self._store(preview)

    @work(thread=True, exclusive=True, group="import-store")
    def _store(self, preview: ImportPreview) -> None:
        from smartpick_tui.store.imports import store_import

        try:
            plan = store_import(self.imports_path, preview.accepted)
        except StoreError as error:
            post_result(self.app, self._failed, str(error))
            return
        post_result(self.app, self._stored, plan.added, plan.updated)

    def _failed(self, message: str) -> None:
        self._say(f"Not saved: {message}")
        self.app.notify(f"Not saved: {message}", severity="error", timeout=8, markup=False)

    def _stored(self, added: int, updated: int) -> None:
        self.app.notify(f"Imported: {added:,} added, {updated:,} updated.", markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

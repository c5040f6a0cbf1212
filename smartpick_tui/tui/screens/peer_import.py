"""Import crowd-reported invitations (palette: "Import invites reported by others"): a path,
then the file is read in a worker and the toast says what was kept and rejected. The reports
show on the Programs tab's detail line, labelled unverified (`core.peer_invites`)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from smartpick_tui.tui.widgets.text_input import TextInput


class PeerImportScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="peers.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="peers-box"):
            yield Static(
                "A CSV of interview invitations reported by others (columns: program, date, "
                "applicant_type — docs/peer-invites.md). Kept on this machine only.",
                markup=False,
            )
            yield TextInput(placeholder="path to the CSV, e.g. ~/Downloads/invites.csv", id="peers-path")
            yield Static("enter: import · escape: cancel", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextInput).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)

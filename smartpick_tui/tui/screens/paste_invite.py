"""Paste an interview invitation: the email's text in, `core.invites` reads it (Interviews, `p`).

A TextArea, because an email is many lines; ctrl+s reads it, escape cancels. The text never
reaches the screen elsewhere unread: what the app proposes goes through the catalog picker and
the add form, where the student checks it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from smartpick_tui.core.invites import INVITE_TEXT_MAX
from smartpick_tui.core.sanitize import clean_text


class PasteInviteScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    PasteInviteScreen #invite-box { width: 90%; max-width: 100; height: 80%; }
    PasteInviteScreen #invite-text { height: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+s", "read", "Read it", id="invite.read"),
        Binding("escape", "cancel", "Cancel", id="invite.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="invite-box", classes="dialog"):
            yield Static(
                "Paste the invitation email (the subject line helps). ctrl+s reads it; "
                "you check the program, dates and deadline before anything is saved.",
                markup=False,
            )
            yield TextArea(id="invite-text", soft_wrap=True, show_line_numbers=False)
            yield Static("ctrl+s: read it    escape: cancel", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_read(self) -> None:
        text = clean_text(self.query_one(TextArea).text[:INVITE_TEXT_MAX])
        if not text.strip():
            self.notify("Paste the invitation first (or escape).", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""A yes/no dialog for destructive actions (delete an away, a letter, an email log)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True on y/enter, False on n/escape. The question is plain text."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes, delete", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No, keep it", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(self.question, markup=False, id="confirm-question")
            yield Static("y / enter: yes    n / escape: no", classes="dialog-hint", markup=False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

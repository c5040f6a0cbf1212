"""Asked before the Drafts tab leaves an edited draft for another variant: keep it, discard it,
or stay."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

EditChoice = Literal["keep", "discard"]


class KeepOrDiscardScreen(ModalScreen["EditChoice | None"]):
    """Dismisses with "keep" (k/enter: the edit stays saved under its variant), "discard"
    (d: the edit is deleted) or None (escape: stay on the edited variant). The question is
    plain text (it names a program)."""

    BINDINGS = [
        Binding("k,enter", "answer('keep')", "Keep the edit", id="draft_edit.keep"),
        Binding("d", "answer('discard')", "Discard the edit", id="draft_edit.discard"),
        Binding("escape", "answer(None)", "Stay", id="draft_edit.stay"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(self.question, markup=False, id="confirm-question")
            yield Static(
                "k / enter: keep it (saved, back when you choose this variant again)\n"
                "d: discard it    escape: stay here",
                classes="dialog-hint",
                markup=False,
            )

    def action_answer(self, answer: EditChoice | None) -> None:
        self.dismiss(answer)

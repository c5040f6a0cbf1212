"""Modal questions: a plain-text question, a line of key hints, one answer per binding.

`ConfirmScreen` asks yes/no before a destructive action (delete an away, a letter, an email
log); `screens/draft_edit.py` asks keep / discard / stay about an edited draft. Both are a
`QuestionScreen`: subclasses only declare their answers (BINDINGS calling `answer(...)`) and the
hint line.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

AnswerT = TypeVar("AnswerT")


class QuestionScreen(ModalScreen[AnswerT], Generic[AnswerT]):
    """Dismisses with the value its binding passes to `answer`. The question is plain text
    (it may name a program or a person)."""

    HINT: ClassVar[str] = ""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(self.question, markup=False, id="confirm-question")
            yield Static(self.HINT, classes="dialog-hint", markup=False)

    def action_answer(self, answer: AnswerT) -> None:
        self.dismiss(answer)


class ConfirmScreen(QuestionScreen[bool]):
    """True on y/enter, False on n/escape."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes, delete", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No, keep it", id="confirm.no"),
    ]
    HINT = "y / enter: yes    n / escape: no"

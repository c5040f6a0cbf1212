"""Asked when a save meets another session's change (docs/reliability.md, "Two sessions"):

- `MergeConflictScreen`: both sessions changed the same field (or the same draft) to different
  values since this form opened. Keep mine, keep theirs, or both (text only); escape goes back
  to the form with nothing saved.
- `DeletedElsewhereScreen`: the record the form was opened on was deleted in another session
  (its tombstone). Keep mine (save it again) or drop it; escape goes back to the form.

Values are shown as plain text (they are the user's and another session's typing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from smartpick_tui.core.merge import Choice, FieldConflict
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.tui.screens.confirm import QuestionScreen

SHOWN_CHARS = 60


def shown_value(value: Any) -> str:
    """One line, cut to fit a dialog: booleans as yes/no, empty as '(empty)'."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "(empty)"
    text = clean_line(str(value).replace("\n", " ⏎ "))
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def conflict_question(noun: str, conflicts: Sequence[FieldConflict], labels: dict[str, str]) -> str:
    lines = [f"Another session changed this {noun} while you edited it:"]
    for conflict in conflicts:
        label = labels.get(conflict.name, conflict.name.replace("_", " "))
        mine, theirs = shown_value(conflict.mine), shown_value(conflict.theirs)
        if conflict.is_text:
            mine, theirs = f"“{mine}”", f"“{theirs}”"
        lines.append(f"• {label}: yours {mine} · theirs {theirs}")
    return "\n".join(lines)


class MergeConflictScreen(QuestionScreen["Choice | None"]):
    """Choice.MINE (m), Choice.THEIRS (t), Choice.BOTH (b, when every field is text), or None
    (escape: back, nothing saved)."""

    BINDINGS = [
        Binding("m", "answer('mine')", "Keep mine", id="conflict.mine"),
        Binding("t", "answer('theirs')", "Keep theirs", id="conflict.theirs"),
        Binding("b", "answer('both')", "Keep both", id="conflict.both"),
        Binding("escape", "answer(None)", "Back", id="conflict.back"),
    ]

    def __init__(self, question: str, both: bool = True) -> None:
        super().__init__(question)
        self.both = both

    def compose(self) -> ComposeResult:
        both = "b: keep both    " if self.both else ""
        hint = f"m: keep mine    t: keep theirs    {both}escape: back"
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(self.question, markup=False, id="confirm-question")
            yield Static(hint, classes="dialog-hint", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters == ("both",):
            return self.both
        return True

    def action_answer(self, answer: Any) -> None:
        self.dismiss(None if answer is None else Choice(answer))


class DeletedElsewhereScreen(QuestionScreen["bool | None"]):
    """True (k: keep mine, saved again), False (d: drop it) or None (escape: back to the form)."""

    BINDINGS = [
        Binding("k", "answer(True)", "Keep mine", id="deleted.keep"),
        Binding("d", "answer(False)", "Drop it", id="deleted.drop"),
        Binding("escape", "answer(None)", "Back", id="deleted.back"),
    ]
    HINT = "k: keep mine (save it again)    d: drop it    escape: back to the form"

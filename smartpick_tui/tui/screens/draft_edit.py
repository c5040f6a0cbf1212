"""Asked before the Drafts tab leaves an edited draft for another variant: keep it, discard it,
or stay."""

from __future__ import annotations

from typing import Literal

from textual.binding import Binding

from smartpick_tui.tui.screens.confirm import QuestionScreen

EditChoice = Literal["keep", "discard"]


class KeepOrDiscardScreen(QuestionScreen["EditChoice | None"]):
    """ "keep" (k/enter: the edit stays saved under its variant), "discard" (d: the edit is
    deleted) or None (escape: stay on the edited variant)."""

    BINDINGS = [
        Binding("k,enter", "answer('keep')", "Keep the edit", id="draft_edit.keep"),
        Binding("d", "answer('discard')", "Discard the edit", id="draft_edit.discard"),
        Binding("escape", "answer(None)", "Stay", id="draft_edit.stay"),
    ]
    HINT = (
        "k / enter: keep it (saved, back when you choose this variant again)\n"
        "d: discard it    escape: stay here"
    )

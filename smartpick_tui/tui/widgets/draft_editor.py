"""The Drafts tab's pieces that draw: the editor that hands every change over before the
screen shows it, the program labels, the article checks' verdict. Template and catalog text is
drawn with `Text`, never as markup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import TextArea

from smartpick_tui.core.draft_checks import Finding
from smartpick_tui.core.names import display_name
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line


def finding_text(findings: list[Finding]) -> Text:
    if not findings:
        return Text(
            "✓ Passes the article's checks (length, score once, tone; §6, §7, §9, FAQ 1-3)",
            style="green",
        )
    text = Text()
    for number, finding in enumerate(findings):
        if number:
            text.append("\n")
        text.append("✗ ", style="red")
        text.append(f"{finding.rule} ({finding.source}): ", style="bold")
        text.append(clean_line(finding.message))
    return text


def program_label(program: Program) -> Text:
    where = ", ".join(part for part in (program.city, program.state) if part)
    return Text(clean_line(display_name(program) + (f" — {where}" if where else "")))


class DraftEditor(TextArea):
    """The draft's text area. Every change (typing, paste, delete, undo, redo) is handed to
    `on_change` synchronously, before its `Changed` message is even queued: the pane writes the
    edit to disk before the screen can draw it. A handler of `Changed` may run after the redraw:
    for `Input`, `kill -9` in between lost typed text (docs/pitfalls.md, "screen ahead of the disk")."""

    def __init__(self, *args: Any, on_change: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_change = on_change

    def post_message(self, message: Message) -> bool:
        if isinstance(message, TextArea.Changed):
            self._on_change(self.text)
        return super().post_message(message)

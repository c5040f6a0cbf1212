"""Match Week and SOAP (Plan tab, `w`): the rules, the week's dates, the short list to prepare
(public fill history; an estimate, never this year's list) and the two texts to have ready.
`ctrl+o` sends the application note to the clipboard, `o` the call notes; escape closes.
The same content as `smartpick soap`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from smartpick_tui.core.calendar import Event
from smartpick_tui.core.names import display_name
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.drafts.soap import SoapText
from smartpick_tui.services.soap import SoapView
from smartpick_tui.tui.text_out import copy_text

WEEK_EVENTS = ("match-week", "soap-offers", "soap-ends", "match-day")


def soap_content(view: SoapView, week: list[Event]) -> Content:
    plan = view.plan
    lines: list[Content] = [Content.styled("The rules (NRMP)", "bold $accent")]
    lines += [Content("  - " + rule) for rule in plan.rules]
    lines += [Content(""), Content.styled("The week (estimated from the 2026 NRMP calendar)", "bold $accent")]
    lines += [Content(f"  {event.day.isoformat()}  {event.label}") for event in week]
    lines += [
        Content(""),
        Content.styled(
            f"Programs to prepare before Monday ({len(plan.candidates)}; estimates, not this year's list)",
            "bold $accent",
        ),
    ]
    for number, c in enumerate(plan.candidates, start=1):
        place = ", ".join(part for part in (c.program.city, c.program.state) if part)
        lines.append(Content(f"  {number:2}. " + clean_line(f"{display_name(c.program)} — {place}")))
        lines.append(Content.styled(f"      {c.reason}", "$text-muted"))
    if not plan.candidates:
        lines.append(Content("  none with a public record of unfilled positions"))
    lines += [Content.styled("  ! " + note, "$warning") for note in plan.notes]
    for which, text in view.texts.items():
        key = "ctrl+o" if which is SoapText.APPLICATION else "o"
        lines += [Content(""), Content.styled(f"Draft: SOAP {which.value} ({key}: copy)", "bold $accent")]
        lines += [Content("  " + line) for line in text.rstrip().splitlines()]
    return Content("\n").join(lines)


class SoapScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="soap.close"),
        Binding("ctrl+o", "copy('application')", "Copy application", id="soap.copy_application"),
        Binding("o", "copy('call')", "Copy call notes", id="soap.copy_call"),
    ]

    def __init__(self, view: SoapView, week: list[Event]) -> None:
        super().__init__()
        self.view, self.week = view, week

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="soap-box"):
            yield Static("Match Week and SOAP", classes="dialog-title", markup=False)
            yield Static(soap_content(self.view, self.week), id="soap-text")
            yield Static(
                "ctrl+o: copy the application note · o: copy the call notes · escape: close · "
                "smartpick soap on the command line",
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#soap-box").focus()

    def action_copy(self, which: str) -> None:
        text = self.view.texts[SoapText(which)]
        copy_text(self, text, f"the SOAP {which} text", check="Check every line before you use it.")

    def action_close(self) -> None:
        self.dismiss(None)

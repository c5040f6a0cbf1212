"""The season's timeline: the cycle's dates (published, or "(est.)") and the user's own, in
date order, today marked; escape closes. The same events as `smartpick calendar`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from smartpick_tui.core.calendar import Event, cycle, timeline
from smartpick_tui.core.charts import season_legend, season_line


class TimelineScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,t,q", "close", "Close", id="timeline.close")]

    def __init__(self, events: Sequence[Event], today: date, specialty: str | None = None) -> None:
        super().__init__()
        self.events, self.today, self.specialty = tuple(events), today, specialty

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="timeline-box"):
            yield Static(
                f"{cycle().name} · now: {cycle().phase(self.today, self.specialty)}",
                classes="dialog-title",
                markup=False,
            )
            bar = season_line(self.events, self.today, 48)
            if bar:
                yield Static(
                    f"{bar}\n{season_legend(self.events, self.today)}", id="timeline-bar", markup=False
                )
            yield Static("\n".join(timeline(self.events, self.today)), id="timeline-text", markup=False)
            yield Static(
                "(est.) = the app's estimate from the organiser's usual dates · "
                "smartpick calendar --ics FILE for a calendar app · escape: close",
                classes="dialog-hint",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)

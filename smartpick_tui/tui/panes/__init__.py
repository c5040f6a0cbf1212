"""The app's tabs, ordered by their key. Each pane module adds its class here (an import and
one line in the tuple)."""

from __future__ import annotations

from smartpick_tui.tui.panes.aways import AwaysPane
from smartpick_tui.tui.panes.base import Pane
from smartpick_tui.tui.panes.drafts import DraftsPane
from smartpick_tui.tui.panes.interviews import InterviewsPane
from smartpick_tui.tui.panes.letters import LettersPane
from smartpick_tui.tui.panes.outreach import OutreachPane
from smartpick_tui.tui.panes.plan import PlanPane
from smartpick_tui.tui.panes.profile import ProfilePane
from smartpick_tui.tui.panes.programs import ProgramsPane
from smartpick_tui.tui.panes.smartpick import SmartPickPane

PANES: tuple[type[Pane], ...] = tuple(
    sorted(
        (
            ProfilePane,
            ProgramsPane,
            SmartPickPane,
            PlanPane,
            AwaysPane,
            LettersPane,
            OutreachPane,
            DraftsPane,
            InterviewsPane,
        ),
        key=lambda pane: pane.KEY,
    )
)

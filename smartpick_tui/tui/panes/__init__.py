"""The app's tabs, ordered by their key: what each is called and where its class lives.

A tab's module is imported, and its pane built, when the tab is first shown (issue 26: importing
and composing all nine at start-up cost ~0.5 s and 200 widgets); `PaneSpec` carries what the
tab bar, the keys and the help need before that. A new pane: its module, and one line here
(tests/tui/test_lazy_tabs.py checks each line against its class).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smartpick_tui.tui.panes.base import Pane


@dataclass(frozen=True)
class PaneSpec:
    """One tab: the pane class's PANE_ID, TITLE and KEY, and its module and class name."""

    PANE_ID: str
    TITLE: str
    KEY: str
    module: str
    class_name: str

    def load(self) -> type[Pane]:
        """The pane class (imports its module on first use)."""
        module = importlib.import_module(f"smartpick_tui.tui.panes.{self.module}")
        pane: type[Pane] = getattr(module, self.class_name)
        return pane


PANES: tuple[PaneSpec, ...] = (
    PaneSpec("profile", "Profile", "1", "profile", "ProfilePane"),
    PaneSpec("programs", "Programs", "2", "programs", "ProgramsPane"),
    PaneSpec("smartpick", "SmartPick", "3", "smartpick", "SmartPickPane"),
    PaneSpec("plan", "Plan", "4", "plan", "PlanPane"),
    PaneSpec("aways", "Aways", "5", "aways", "AwaysPane"),
    PaneSpec("letters", "Letters", "6", "letters", "LettersPane"),
    PaneSpec("outreach", "Outreach", "7", "outreach", "OutreachPane"),
    PaneSpec("drafts", "Drafts", "8", "drafts", "DraftsPane"),
    PaneSpec("interviews", "Interviews", "9", "interviews", "InterviewsPane"),
)
PANE_BY_ID = {spec.PANE_ID: spec for spec in PANES}

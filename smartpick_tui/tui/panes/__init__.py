"""The app's tabs, in order. Each pane module adds its class here (one line each)."""

from __future__ import annotations

from smartpick_tui.tui.panes.base import Pane

PANES: tuple[type[Pane], ...] = ()

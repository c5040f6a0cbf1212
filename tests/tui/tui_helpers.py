"""Shared by the TUI tests: a fixed profile, a fixed today, and how to wait for the app."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App
from textual.widget import Widget

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import Situation
from smartpick_tui.store import open_state

TODAY = date(2026, 3, 1)  # before ERAS opens (2026-06-03): no radio-silence warning yet
PROFILE = Profile(
    step2=252,
    specialty="emergency-medicine",
    situation=Situation.INDIFFERENT,
    ties=("CA", "West"),
    research=2,
    name="Test Student",
)
SMALL = (80, 24)


def seed(path: Path, profile: Profile | None = PROFILE) -> None:
    if profile is not None:
        with open_state(path) as state:
            state.set_profile(profile)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the first fill (after the first frame), workers and refreshes finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(widget: Widget) -> str:
    """The plain text a Static shows (what the user reads, without styles)."""
    return str(widget.content)  # type: ignore[attr-defined]


def label_of(app: App[None], name: str) -> str:
    """The Profile form's label as drawn on the line of field `name` (one widget draws every
    label, `widgets.form_labels`): what the user reads beside the field."""
    from smartpick_tui.tui.widgets.form_labels import FormLabels

    labels = app.query_one(FormLabels)
    row = app.query_one(f"#pf-{name}").region.y - labels.region.y
    return labels.render_line(row).text.strip()

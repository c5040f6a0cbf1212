"""The state as the tabs read it: one fallback per kind of read, instead of a
`try/except` of its own in every tab.

An unreadable profile (a damaged record: ValueError) is the Profile tab's to report; every
other tab carries on with the empty profile. A store that cannot be read at all (StoreError)
goes up to the app's one read-error path (`SmartPickApp._refresh_pane`), which says so once.
"""

from __future__ import annotations

from smartpick_tui.core.interviews import Interview, with_thanks
from smartpick_tui.core.own_figures import OwnFigure
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.services.catalog import FitBasis
from smartpick_tui.store import State, StoreError


def read_profile(state: State) -> Profile:
    """The stored profile, or the empty one when its record cannot be read."""
    try:
        return state.profile()
    except ValueError:
        return Profile()


def read_fit_basis(state: State) -> FitBasis:
    """The profile, the programs rotated at and the student's own figures: what the classes
    are fitted for."""
    return FitBasis.of(read_profile(state), state.aways(), read_own_figures(state).values())


def read_own_figures(state: State) -> dict[str, OwnFigure]:
    """The student's own per-program figures, or none when their records cannot be read (the
    app's read-error path says why at the next refresh; the model's estimates stand in)."""
    try:
        return state.own_figures()
    except (StoreError, ValueError):
        return {}


def read_marks(state: State) -> dict[str, ProgramMark]:
    """The program marks, or none when they cannot be read. For drawing marks beside programs
    where nothing else would report a failure (a worker's result arriving): the app's
    read-error path says why at the next refresh."""
    try:
        return state.marks()
    except (StoreError, ValueError):
        return {}


def read_interviews(state: State) -> list[Interview]:
    """The interviews with their thank-you as one fact (`core.interviews.with_thanks`): ticked
    on the interview or logged as an email in Outreach."""
    return with_thanks(state.interviews(), state.outreach())


def read_ranked(state: State) -> list[Interview]:
    """The rank order list (`State.ranked_interviews`), thank-yous read as `read_interviews`."""
    return with_thanks(state.ranked_interviews(), state.outreach())

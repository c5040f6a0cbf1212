"""The state as the tabs read it when a read can fail (a damaged record, a store error).

The app reports such a failure once, where it happens (the status line, the Profile tab); a
tab that only *uses* the profile or the marks carries on with the empty value instead of
writing its own `try/except (StoreError, ValueError)` each time — the same fallback in every
tab that has one.
"""

from __future__ import annotations

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.services.catalog import FitBasis
from smartpick_tui.store import State, StoreError


def read_profile(state: State) -> Profile:
    """The stored profile, or the empty one when it cannot be read."""
    try:
        return state.profile()
    except (StoreError, ValueError):
        return Profile()


def read_marks(state: State) -> dict[str, ProgramMark]:
    """The program marks, or none when they cannot be read."""
    try:
        return state.marks()
    except (StoreError, ValueError):
        return {}


def read_fit_basis(state: State) -> FitBasis:
    """The profile and the programs rotated at, or the empty basis when they cannot be read."""
    try:
        return FitBasis.of(state.profile(), state.aways())
    except (StoreError, ValueError):
        return FitBasis(Profile())

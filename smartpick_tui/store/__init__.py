"""TinyDB persistence behind a small repository API (`open_state` -> `State`)."""

from smartpick_tui.store.errors import (
    CorruptStateError,
    ForeignFileError,
    StoreError,
    StoreWriteError,
)
from smartpick_tui.store.state import State, open_state

__all__ = [
    "CorruptStateError",
    "ForeignFileError",
    "State",
    "StoreError",
    "StoreWriteError",
    "open_state",
]

"""TinyDB persistence behind a small repository API (`open_state` -> `State`)."""

from smartpick_tui.store.errors import CorruptStateError, StoreError, StoreWriteError
from smartpick_tui.store.state import State, open_state

__all__ = ["CorruptStateError", "State", "StoreError", "StoreWriteError", "open_state"]

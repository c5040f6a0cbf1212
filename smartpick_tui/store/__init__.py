"""TinyDB persistence behind a small repository API (`open_state` -> `State`)."""

from smartpick_tui.store.state import State, StoreError, StoreWriteError, open_state

__all__ = ["State", "StoreError", "StoreWriteError", "open_state"]

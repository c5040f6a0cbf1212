"""SmartPick: the balanced list builder with its interview and match estimates (§3, §4, FAQ 5).

`run_smartpick(profile, programs, marks=..., aways=..., n=..., signal_table=...)` is the one
entry point; the modules below each hold one part of the model.
"""

from smartpick_tui.core.smartpick.engine import SmartPick, run_smartpick

__all__ = ["SmartPick", "run_smartpick"]

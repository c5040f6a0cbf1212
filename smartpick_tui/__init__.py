"""SmartPick TUI: plan residency applications without home-program support.

Kept free of imports so that `smartpick --version` and the core stay cheap to load.
"""

__version__ = "0.1.0"

"""Screens pushed over the tabs: help, typed record forms, the delete confirmation."""

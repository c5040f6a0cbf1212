"""Reusable widgets of the app (the program list lives in `program_list.py`)."""

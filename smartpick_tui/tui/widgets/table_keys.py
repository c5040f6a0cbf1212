"""The row keys of every list and table in the app, in one place (a new user's walk found: j/k moved
the cursor in Programs but not in the SmartPick table, so "j x" excluded the wrong program).

`ProgramList` (the virtual list) and `KeyTable` (every `DataTable`) bind these; both also
have page up/down and home/end.
"""

UP_KEYS = "up,k"
DOWN_KEYS = "down,j"

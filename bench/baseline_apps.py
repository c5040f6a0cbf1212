"""The yardsticks the app is timed against, in the same run: `python bench/baseline_apps.py bare|echo`.

- bare: a Textual app with what our first screen has at the least — Tabs, a DataTable with a
  few rows, a Footer. Start-up and memory are quoted as ratios to it.
- echo: an Input whose value a Static echoes as `"value"`: the cost of a key through Textual
  to a frame with no work in between. Keystroke times are quoted beside it.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static, Tabs

READY = "bare app ready"


class BareApp(App[None]):
    BINDINGS = [Binding("question_mark", "help", "Help"), Binding("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Tabs("1 Profile", "2 Programs", "3 SmartPick", "4 Plan", "5 Aways")
        yield DataTable(id="table")
        yield Static(READY)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Program", "City", "State")
        for i in range(20):
            table.add_row(f"Program {i}", "Boston", "MA")

    def action_help(self) -> None:
        pass


class EchoApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="field")
        yield Static('""', id="echo", markup=False)
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(f'"{event.value}"')


if __name__ == "__main__":
    {"bare": BareApp, "echo": EchoApp}[sys.argv[1]]().run()

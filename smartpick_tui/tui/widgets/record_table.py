"""A keyboard-first table of tracker records (aways, letters, emails).

Small data, so a `DataTable` is fine. Rows are keyed by record id; every cell is a
`rich.text.Text`, so a name holding "[bold]" or "[/" shows literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


def cell(value: object, style: str = "") -> Text:
    """A literal, one-line, ellipsised table cell."""
    return Text("" if value is None else str(value), style=style, no_wrap=True, overflow="ellipsis")


class RecordTable(DataTable[Text]):
    """Row cursor, j/k like arrows, enter posts `RowSelected` (the pane edits that row)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, columns: Sequence[tuple[str, int | None]], **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._columns_spec = tuple(columns)

    def on_mount(self) -> None:
        for label, width in self._columns_spec:
            self.add_column(label, width=width, key=label)

    @property
    def selected_key(self) -> str | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def fill(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Replace the rows, keeping the cursor on the same record when it still exists."""
        keep = self.selected_key
        row = self.cursor_row
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        keys = [key for key, _ in rows]
        if keep in keys:
            self.move_cursor(row=keys.index(keep))
        elif keys:
            self.move_cursor(row=min(row, len(keys) - 1))

"""Keyboard-first tables: `KeyTable` (the row keys every table of the app shares) and
`RecordTable`, a table of tracker records (aways, letters, emails).

Small data, so a `DataTable` is fine. Rows are keyed by record id; every cell is a
`rich.text.Text`, so a name holding "[bold]" or "[/" shows literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable

from smartpick_tui.tui.widgets.table_keys import DOWN_KEYS, UP_KEYS


def cell(value: object, style: str = "") -> Text:
    """A literal, one-line, ellipsised table cell."""
    return Text("" if value is None else str(value), style=style, no_wrap=True, overflow="ellipsis")


class KeyTable(DataTable[Text]):
    """A row-cursor table with the keys of every list in the app (`table_keys`): j/k like
    the arrows, beside DataTable's own page up/down and home/end."""

    BINDINGS = [
        Binding(DOWN_KEYS, "cursor_down", "Down", show=False, id="table.down"),
        Binding(UP_KEYS, "cursor_up", "Up", show=False, id="table.up"),
    ]


class RecordTable(KeyTable):
    """Enter posts `RowSelected` (the pane edits that row).

    `stretch` names the column (the program or writer) that takes whatever width the others
    leave: a fixed 26-cell program column cut names at 80 columns and stayed 26 wide at 160."""

    SCROLLBAR_W = 2  # room kept for the vertical scrollbar

    def __init__(
        self, columns: Sequence[tuple[str, int | None]], stretch: str | None = None, **kwargs: object
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._columns_spec = tuple(columns)
        self._stretch = stretch
        self._widths = [width for _, width in self._columns_spec]
        self._rows: Sequence[tuple[str, Sequence[Text]]] = ()

    def on_mount(self) -> None:
        self._widths = self._fitted_widths()
        self._add_columns()

    def _add_columns(self) -> None:
        for (label, _), width in zip(self._columns_spec, self._widths, strict=True):
            self.add_column(label, width=width, key=label)

    def _fitted_widths(self) -> list[int | None]:
        widths = [width for _, width in self._columns_spec]
        labels = [label for label, _ in self._columns_spec]
        if self._stretch not in labels or not self.size.width:
            return widths
        at = labels.index(self._stretch)
        others = sum(width or len(labels[i]) for i, width in enumerate(widths) if i != at)
        room = self.size.width - others - 2 * self.cell_padding * len(widths) - self.SCROLLBAR_W
        widths[at] = max(widths[at] or 0, room)
        return widths

    def on_resize(self, event: events.Resize) -> None:
        widths = self._fitted_widths()
        if widths != self._widths:
            self._widths = widths
            self.clear(columns=True)
            self._add_columns()
            self.fill(self._rows)

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
        self._rows = rows
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        keys = [key for key, _ in rows]
        if keep in keys:
            self.move_cursor(row=keys.index(keep))
        elif keys:
            self.move_cursor(row=min(row, len(keys) - 1))

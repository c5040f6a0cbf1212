"""The Profile form's labels, drawn by one widget beside the column of fields.

Twenty labels were twenty `Static`s, each styled, laid out and drawn on its own at start-up
(~1/4 of the first screen's CPU over a bare Textual app, issue 26). This widget draws them all:
each field's label on the line where its field is, with the field's mark ("*" editing, "!" not
saved, `panes/profile.py`). A message under a field (mounted there when it first has one) takes
lines in the fields' column; the label column leaves those lines blank.

Where a field is comes from the column's layout (each child's height), read when the labels are
drawn: Textual lays out the screen before it draws, so the first frame is right. A message that
appears, goes or re-wraps changes the column's height, and this widget's with it (it is as tall
as the column), which redraws it; a change that keeps the height (one message going as another
comes) is caught after the layout (`screen_layout_refresh_signal`), one frame later.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

WIDTH = 13  # the label column, in cells (the other forms' `.form-label` are as wide)


class FormLabels(Widget):
    """One line per field of `column`, its label (and mark) where the field is."""

    DEFAULT_CSS = f"""
    FormLabels {{
        width: {WIDTH};
        height: 100%;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: clip;
    }}
    """

    def __init__(self, column: Widget, labels: Mapping[str, str], **kwargs: object) -> None:
        """`labels`: a field's widget id -> its label, for the fields of `column`."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._column = column
        self._labels = dict(labels)
        self._marks: dict[str, str] = {}
        self._drawn: tuple[str, ...] = ()

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def set_mark(self, widget_id: str, mark: str) -> None:
        """Show `mark` after the field's label ("" for none)."""
        if self._marks.get(widget_id, "") != mark:
            self._marks[widget_id] = mark
            self.refresh()

    def shown(self, widget_id: str) -> str:
        """The field's label as drawn: the label, and its mark if it has one. A label too
        long to take the mark in this column is cut for it ("US clin. ex *"): the mark shows."""
        label, mark = self._labels[widget_id], self._marks.get(widget_id, "")
        if not mark:
            return label
        head = label if len(label) + 1 + len(mark) <= WIDTH else label[: WIDTH - 1 - len(mark)].rstrip(" .")
        return f"{head} {mark}"

    def lines(self) -> tuple[str, ...]:
        """What the widget draws, line by line: each label on its field's line of the column."""
        lines: list[str] = []
        for child in self._column.children:
            if not child.display:
                continue
            height = child.outer_size.height or 1  # (not laid out yet: a field is one line)
            lines.append(self.shown(child.id) if child.id in self._labels else "")
            lines.extend([""] * (height - 1))
        return tuple(lines)

    def render(self) -> Content:
        self._drawn = self.lines()
        return Content("\n".join(self._drawn))

    def _laid_out(self, screen: Screen[object]) -> None:
        if self.is_attached and self.lines() != self._drawn:
            self.refresh()

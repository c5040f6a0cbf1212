"""A virtual program list: draws only the rows on screen, so 50,000 programs cost nothing extra.

Line API (`ScrollView.render_line`), the Toolong habit: the widget holds a list of row keys
(program indexes) and asks a `RowSource` for the text of a row only when that row is drawn.
Replacing the rows on each keystroke is O(1) here; a `DataTable` would measure every cell of
every row (docs/pitfalls.md: ~0.9 s at 10k rows). Every string is drawn as a plain `Segment`: program
names from files never pass through markup, and control characters are stripped before display.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.tui import textual_fixes
from smartpick_tui.tui.widgets.table_keys import DOWN_KEYS, UP_KEYS


class RowView(NamedTuple):
    """What one row shows; every field is plain text."""

    flags: str  # marks: A apply, W away candidate, E email target, X excluded, N notes
    klass: str  # "reach" / "target" / "safety" (estimate)
    name: str  # the display name (core.names)
    short: str  # the short name, drawn when the display name does not fit
    place: str  # "City, ST"
    specialty: str
    gap: str  # your score minus the est. typical score, "+6" / "-3" / ""
    excluded: bool = False


class RowSource(Protocol):
    def row_view(self, key: int) -> RowView: ...


FLAGS_W, CLASS_W, PLACE_W, SPECIALTY_W, GAP_W = 4, 7, 16, 12, 4
# The cursor stays on its program when the rows change only if the program is among the first
# rows: looking further meant ranking every hit of a search (`core.catalog_search.Ranking`
# ranks only the rows read; ~40 ms a key at 100,000 programs), and the view jumping to row
# 40,000 as a query is typed helps no one. (Before: anywhere in a list under 100,000 rows.)
KEEP_WITHIN = 1000
SPECIALTY_MIN_WIDTH = 70  # below this the specialty column gives its room to the name
HEADINGS = RowView(
    flags="Mk",
    klass="Class",
    name="Program",
    short="Program",
    place="Place",
    specialty="Specialty",
    gap="Gap",
)


def name_width(width: int, specialty: bool = True) -> tuple[int, bool]:
    """(cells for the name, whether the specialty column is shown) at this list width: one
    layout for the rows and their headings. `specialty=False`: the column would repeat the
    specialty filter on every row, so the name takes its room (at 80 columns names were cut,
    "Baylor Scott & White Med.…", beside fourteen columns of "Internal Med")."""
    name_w = max(8, width - FLAGS_W - CLASS_W - PLACE_W - SPECIALTY_W - GAP_W - 4)
    if width < SPECIALTY_MIN_WIDTH or not specialty:
        return max(8, name_w + SPECIALTY_W + 1), False
    return name_w, True


def fit_cell(text: str, width: int) -> str:
    """Pad or cut to exactly `width` terminal cells ('…' when cut; wide characters count 2)."""
    if width <= 0:
        return ""
    if len(text) > width or not text.isascii():
        fitted = set_cell_size(text, width)
        if fitted.rstrip() != text:
            fitted = set_cell_size(text, width - 1) + "…"
        return fitted
    return text.ljust(width)


class ProgramList(ScrollView, can_focus=True):
    """Keys: up/down (j/k), page up/down, home/end. Posts `Highlighted` when the cursor moves."""

    BINDINGS = [
        Binding(UP_KEYS, "cursor(-1)", "Up", show=False, id="list.up"),
        Binding(DOWN_KEYS, "cursor(1)", "Down", show=False, id="list.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="list.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="list.last"),
    ]
    COMPONENT_CLASSES = {
        "program-list--cursor",
        "program-list--reach",
        "program-list--target",
        "program-list--safety",
        "program-list--excluded",
        "program-list--flags",
        "program-list--muted",
    }
    DEFAULT_CSS = """
    ProgramList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;
        background: $surface;
    }
    ProgramList > .program-list--cursor { background: $block-cursor-blurred-background;
                                          color: $block-cursor-blurred-foreground;
                                          text-style: $block-cursor-blurred-text-style; }
    ProgramList:focus > .program-list--cursor { background: $block-cursor-background;
                                                color: $block-cursor-foreground;
                                                text-style: $block-cursor-text-style; }
    ProgramList > .program-list--reach { color: $error; }
    ProgramList > .program-list--target { color: $warning; }
    ProgramList > .program-list--safety { color: $success; }
    ProgramList > .program-list--excluded { color: $text-disabled; }
    ProgramList > .program-list--flags { color: $accent; }
    ProgramList > .program-list--muted { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor is on another program (`key` is None when the list is empty)."""

        def __init__(self, program_list: ProgramList, key: int | None) -> None:
            super().__init__()
            self.program_list = program_list
            self.key = key

        @property
        def control(self) -> ProgramList:
            return self.program_list

    def __init__(self, source: RowSource, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self._rows: Sequence[int] = ()
        # False while a specialty filter makes the column the same on every row (the pane
        # sets it with the rows; the headings follow)
        self.specialty_column = True
        # Each drawn row, before the cursor's style, by (program, width, specialty column):
        # typing a query redraws mostly the programs the last key showed ("medi" → "medic").
        # Emptied whenever what a row says may have changed (`forget_rows`).
        self._drawn: dict[tuple[int, int, bool], Strip] = {}
        self._base_style: Style | None = None  # the widget's style, once per redraw

    # --- data ------------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[int]:
        return self._rows

    @property
    def highlighted_key(self) -> int | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def set_rows(
        self,
        rows: Sequence[int],
        keep_key: bool = True,
        specialty_column: bool = True,
        same_programs: bool = False,
    ) -> None:
        """Show these program indexes; the cursor stays on the same program if it is still
        listed, else on the first row. `specialty_column=False` hides the specialty column
        (it would repeat the filter on every row). `same_programs=True`: only which programs
        are listed changed (a search), not what a program's row says (marks, classes, fits),
        so rows drawn before are drawn again as they were."""
        if not same_programs:
            self._drawn.clear()
        if specialty_column != self.specialty_column:
            self.specialty_column = specialty_column
            for headings in self.screen.query(ProgramListHeadings).results(ProgramListHeadings):
                headings.refresh()
        previous = self.highlighted_key if keep_key else None
        self._rows = rows
        self._set_virtual_height(len(rows))
        cursor = 0
        if previous is not None and rows:
            try:
                cursor = rows.index(previous, 0, KEEP_WITHIN)
            except ValueError:
                cursor = 0
        self.cursor = cursor
        self.refresh()

    def refresh_rows(self) -> None:
        """Redraw the visible rows (their marks or classes changed)."""
        self._drawn.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        """A new theme or style: no row is drawn as before."""
        self._drawn.clear()
        super().notify_style_update()

    # --- cursor -----------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.highlighted_key))

    def scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_jump(self, where: int) -> None:
        self.cursor = len(self._rows) - 1 if where < 0 else 0

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows))

    def _set_virtual_height(self, height: int) -> None:
        """New row count without a layout pass of the whole screen (`virtual_size` is a
        layout reactive: ~10 ms per keystroke). Only the scrollbars need to know, as in
        Textual's own size update (`textual_fixes.scroll_update`); a scrollbar appearing still
        re-lays out."""
        size = Size(self.size.width, height)
        if size != self.virtual_size:
            self.set_reactive(ProgramList.virtual_size, size)
            textual_fixes.scroll_update(self, size)

    # --- drawing ---------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # the widget's own style is worked out from its ancestors' (~0.1 ms): once a redraw
        self._base_style = None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        if row >= len(self._rows):
            return Strip.blank(width, base)
        key = self._rows[row]
        drawn = (key, width, self.specialty_column)
        strip = self._drawn.get(drawn)
        if strip is None:
            if len(self._drawn) > 4096:
                self._drawn.clear()
            view = self.source.row_view(key)
            strip = Strip(self._segments(view, width, base)).crop_extend(0, width, base)
            self._drawn[drawn] = strip
        if row == self.cursor:
            # over the cells' own colours (a base style would lose to their background: the
            # cursor row was drawn 234 on 234 in 256 colours)
            cursor = self.get_component_rich_style("program-list--cursor")
            strip = Strip(Segment.apply_style(strip, post_style=cursor), strip.cell_length)
        return strip

    def _segments(self, view: RowView, width: int, base: Style) -> list[Segment]:
        style = self.get_component_rich_style
        name_w, show_specialty = name_width(width, self.specialty_column)
        name = clean_line(view.name)
        if len(name) > name_w:
            name = clean_line(view.short)
        text_style = style("program-list--excluded") if view.excluded else Style()
        klass_style = style(f"program-list--{view.klass}") if view.klass else Style()
        muted = style("program-list--muted")
        cells = [
            Segment(fit_cell(view.flags, FLAGS_W), base + style("program-list--flags")),
            Segment(fit_cell(view.klass, CLASS_W), base + klass_style),
            Segment(fit_cell(name, name_w) + " ", base + text_style),
            Segment(fit_cell(clean_line(view.place), PLACE_W) + " ", base + muted),
        ]
        if show_specialty:
            cells.append(Segment(fit_cell(clean_line(view.specialty), SPECIALTY_W) + " ", base + muted))
        cells.append(Segment(view.gap.rjust(GAP_W), base + klass_style))
        return cells


class ProgramListHeadings(Widget):
    """The column headings of a `ProgramList`, laid out by the same `name_width` rule.

    A separate one-line widget rather than a first row of the list, so the cursor, paging
    and virtual height of the list stay row-for-row with the programs."""

    DEFAULT_CSS = """
    ProgramListHeadings { height: 1; background: $surface; color: $text-muted; text-style: bold; }
    """

    def __init__(self, program_list: ProgramList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.program_list = program_list

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        # The list's own content width (its scrollbar excluded), so every heading sits over
        # its column.
        columns = self.program_list.scrollable_content_region.width or width
        if y:
            return Strip.blank(width)
        name_w, show_specialty = name_width(columns, self.program_list.specialty_column)
        h = HEADINGS
        text = (
            fit_cell(h.flags, FLAGS_W)
            + fit_cell(h.klass, CLASS_W)
            + fit_cell(h.name, name_w)
            + " "
            + fit_cell(h.place, PLACE_W)
            + " "
            + (fit_cell(h.specialty, SPECIALTY_W) + " " if show_specialty else "")
            + h.gap.rjust(GAP_W)
        )
        return Strip([Segment(text, self.rich_style)]).crop_extend(0, width, self.rich_style)

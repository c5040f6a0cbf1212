"""Pick a program from the catalog by typing, or keep the typed text for one not listed.

Used by the trackers that name a program (Interviews, Aways): before their form opens on
add, and from the form's program field (down arrow) to pick again. The catalog and its
search index load in a thread (shared with the Programs tab after the first load), so the
field takes keys at once. The search is the Programs tab's (`services.program_search`:
everyday names such as "UTSW", typos, best match first), the user's specialty first. The last
option is always the typed text itself, so a program missing from the catalog (or typed
before the catalog is ready) can still be recorded.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import NamedTuple

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from smartpick_tui.core.catalog_search import CatalogIndex
from smartpick_tui.core.names import names as program_names
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import all_specialties
from smartpick_tui.core.tracks import labelled_name
from smartpick_tui.services.catalog import indexed_catalog
from smartpick_tui.services.program_search import search_programs
from smartpick_tui.tui.widgets.text_input import TextInput

MAX_SHOWN = 30
FREE_TEXT = "free-text"


class Picked(NamedTuple):
    name: str
    program_id: str | None  # None: typed, not from the catalog


class ProgramPicker(ModalScreen[Picked | None]):
    DEFAULT_CSS = """
    ProgramPicker #picker-options { height: auto; max-height: 14; }
    ProgramPicker #picker-options > .option-list--option-highlighted { text-style: bold reverse; }
    ProgramPicker #picker-options > .option-list--option { text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False, priority=True, id="picker.next"),
        Binding("up", "move(-1)", "Previous", show=False, priority=True, id="picker.previous"),
    ]

    def __init__(
        self,
        specialty: str,
        imports: Path,
        title: str = "Interview at which program?",
        query: str = "",
    ) -> None:
        super().__init__()
        self.specialty = specialty
        self.imports = imports
        self.title_text = title
        self.query_text = query  # what the field held when the picker was opened from a form
        self._index: CatalogIndex | None = None
        self._specialty_names = {specialty.id: specialty.name for specialty in all_specialties()}
        self._shown: dict[str, Picked] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog program-picker"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield TextInput(
                self.query_text, placeholder="type a name, city or state", compact=True, id="picker-input"
            )
            yield OptionList(id="picker-options")
            yield Static(
                "enter: choose · ↑/↓: move · escape: cancel · the last line keeps what "
                "you typed (a program not in the catalog)",
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._fill(self.query_text)
        self._load()

    @work(thread=True, exclusive=True, group="picker-catalog")
    def _load(self) -> None:
        _, index = indexed_catalog(self.imports)
        self.app.call_from_thread(self._ready, index)

    def _ready(self, index: CatalogIndex) -> None:
        self._index = index
        self._fill(self.query_one(Input).value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.input.value)  # what the field holds now (keys may come in a burst)

    def _label(self, program: Program) -> tuple[str, str]:
        """(the option's text, the name the record keeps). The option says the track in words
        when there is one, as the Programs tab does, so two tracks of one hospital (Woodhull's
        categorical and primary-care rows, Mayo's three Rochester dermatology rows) never read
        the same; the record keeps the hospital's name."""
        specialty = self._specialty_names.get(program.specialty, program.specialty)
        name = program_names(program).display or program.name
        shown = labelled_name(program, name)
        return clean_line(f"{shown} — {program.city}, {program.state} · {specialty}"), clean_line(name)

    def _fill(self, text: str) -> None:
        options: list[Option] = []
        self._shown = {}
        if text.strip() and self._index is not None:
            found = search_programs(self._index, text, self.specialty, MAX_SHOWN)
            labels = [self._label(program) for program in found]
            seen = Counter(label for label, _ in labels)
            for program, (label, name) in zip(found, labels, strict=True):
                if seen[label] > 1 and program.nrmp_code:  # still alike: the NRMP code tells them apart
                    label = f"{label} · NRMP {clean_line(program.nrmp_code)}"
                self._shown[program.id] = Picked(name, program.id)
                options.append(Option(Content(label), id=program.id))
        typed = clean_line(text).strip()
        if typed:
            self._shown[FREE_TEXT] = Picked(typed, None)
            options.append(
                Option(
                    Content.assemble(("Not listed: use ", "italic"), f"“{typed}”", (" as typed", "italic")),
                    id=FREE_TEXT,
                )
            )
        elif self._index is None:
            options.append(Option(Content("Loading the catalog… (you can type already)"), disabled=True))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        if self._shown:
            listing.highlighted = 0

    def action_move(self, step: int) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            current = listing.highlighted or 0
            listing.highlighted = max(0, min(listing.option_count - 1, current + step))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        listing = self.query_one(OptionList)
        if self.is_current and listing.highlighted is not None:  # not twice (type-ahead)
            option = listing.get_option_at_index(listing.highlighted)
            if option.id in self._shown:
                self.dismiss(self._shown[option.id])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if self.is_current and event.option.id in self._shown:
            self.dismiss(self._shown[event.option.id])

    def action_cancel(self) -> None:
        if self.is_current:
            self.dismiss(None)

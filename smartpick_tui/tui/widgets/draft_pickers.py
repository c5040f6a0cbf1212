"""The Drafts tab's selectors: kind, program and variant, and the search that fills the program
selector from the whole catalog when the kind's own programs are not the one wanted.

What they show together is the draft's `Choice`; the pane renders (or asks keep / discard)
when it changes. A selector's own `Select.Changed` reaches the pane as usual; a change the
user did not make on the selector itself — a search's hits replacing the chosen program — is
posted as `DraftPickers.Moved`, so the text always follows the selector (the selection used to
move silently to a search hit while the text stayed for the program before). The search is
the Programs tab's (`services.program_search`: typos, everyday names, the student's specialty
first), run in a worker: the catalog's first load must never hold the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select

from smartpick_tui.core.draft_checks import DRAFT_SPECS, DraftKind, draft_name
from smartpick_tui.core.programs import Program
from smartpick_tui.drafts.catalog import TemplateRef
from smartpick_tui.drafts.session import AUTO, Choice
from smartpick_tui.services.catalog import indexed_catalog
from smartpick_tui.services.draft_programs import search_programs
from smartpick_tui.tui import textual_fixes
from smartpick_tui.tui.widgets.draft_editor import program_label
from smartpick_tui.tui.widgets.text_input import TextInput
from smartpick_tui.tui.workers import post_result

SEARCH_MIN_CHARS = 2


class DraftPickers(Widget):
    DEFAULT_CSS = "DraftPickers { height: auto; }"

    class Moved(Message):
        """The chosen program changed without a `Select.Changed` (a search's hits, a cleared
        search): the draft must follow."""

    def __init__(
        self, imports: Callable[[], Path], specialty: Callable[[], str | None], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._imports = imports  # the imports file whose catalog the search reads
        self._specialty = specialty  # the student's specialty: its hits first
        self.programs: dict[str, Program] = {}  # options of the program select, by id
        self._offered: list[Program] = []  # the kind's own programs (program_choices)
        self._pinned = False  # the user chose the program: a kind change keeps it
        self._searched: str | None = None  # the query whose hits the program select holds
        self._open_on_hits = False  # enter in the search came before its hits
        self.kinds: list[str] = [kind.value for kind in DraftKind]

    def compose(self) -> ComposeResult:
        with Horizontal(id="draft-pickers"):
            yield Select(
                [(Text(spec.name), spec.kind.value) for spec in DRAFT_SPECS.values()],
                value=DraftKind.AWAY_REQUEST.value,
                allow_blank=False,
                compact=True,
                id="draft-kind",
            )
            yield Select(
                [],
                prompt="Program (mark some in Programs, or search)",
                compact=True,
                id="draft-program",
            )
            yield Select(
                [(Text("Variant: auto"), AUTO)],
                value=AUTO,
                allow_blank=False,
                compact=True,
                id="draft-variant",
            )
        yield TextInput(placeholder="Search all programs by name or city…", compact=True, id="draft-search")

    # --- what is chosen ---------------------------------------------------------------------
    @property
    def kind(self) -> DraftKind:
        return DraftKind(self.query_one("#draft-kind", Select).value)

    @kind.setter
    def kind(self, kind: DraftKind) -> None:
        self.query_one("#draft-kind", Select).value = kind.value

    @property
    def program(self) -> Program | None:
        value = self.query_one("#draft-program", Select).value
        return self.programs.get(value) if isinstance(value, str) else None

    @property
    def variant(self) -> int | None:
        value = self.query_one("#draft-variant", Select).value
        return None if value in (AUTO, Select.NULL) else int(value)  # type: ignore[arg-type]

    @property
    def choice(self) -> Choice:
        program = self.program
        return Choice(self.kind, program.id if program else None, self.variant or AUTO)

    # --- what is offered --------------------------------------------------------------------
    def offer_kinds(self, kinds: list[str]) -> bool:
        """Offer the kinds the profile allows. True when the chosen kind is no longer one of
        them (the selector moved to another kind: its variants must be offered)."""
        select = self.query_one("#draft-kind", Select)
        current = select.value
        if kinds == self.kinds:
            return False
        self.kinds = kinds
        with self.prevent(Select.Changed):
            select.set_options([(Text(draft_name(kind)), kind) for kind in kinds])
            if current in kinds:
                select.value = current
        return current not in kinds

    def offer_programs(self, programs: list[Program]) -> None:
        """The kind's own programs, offered unless a search holds the program selector. The
        caller renders when the selectors no longer match what is shown."""
        self._offered = programs
        if not self.query_one("#draft-search", Input).value.strip():
            self._set_program_options(programs, keep=self._pinned)

    def offer_variants(self, variants: Sequence[TemplateRef]) -> None:
        select = self.query_one("#draft-variant", Select)
        current = select.value
        options = [(Text("Variant: auto"), AUTO)] + [
            (Text(f"Variant {ref.label}"), ref.number) for ref in variants
        ]
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current in {value for _, value in options}:
                select.value = current

    def restore_variant(self, variant: int) -> None:
        """Back to `variant` without a change event (the user chose to stay on an edit)."""
        with self.prevent(Select.Changed):
            self.query_one("#draft-variant", Select).value = variant

    def _set_program_options(self, programs: list[Program], keep: bool) -> bool:
        """Offer `programs`. The chosen program stays chosen (and listed) when `keep`, else
        the first is chosen. True when the chosen program changed."""
        select = self.query_one("#draft-program", Select)
        current = select.value
        chosen = self.programs.get(current) if isinstance(current, str) else None
        self.programs = {p.id: p for p in programs}
        if keep and chosen is not None and chosen.id not in self.programs:
            self.programs[chosen.id] = chosen  # listed last: the hits come first
        with self.prevent(Select.Changed):
            select.set_options([(program_label(p), p.id) for p in self.programs.values()])
            if keep and chosen is not None:
                select.value = chosen.id
            elif self.programs:
                select.value = next(iter(self.programs))
        return select.value != current

    @on(Select.Changed, "#draft-program")
    def _program_chosen(self) -> None:
        self._pinned = True  # the pane renders on the same event

    # --- the search -------------------------------------------------------------------------
    @on(Input.Changed, "#draft-search")
    def _search_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if len(query) < SEARCH_MIN_CHARS:
            self._searched = None
            if self._set_program_options(self._offered, keep=True):
                self.post_message(self.Moved())
            return
        self._search_worker(query)

    @work(thread=True, exclusive=True, group="draft-search")
    def _search_worker(self, query: str) -> None:
        _, index = indexed_catalog(self._imports())
        post_result(self.app, self._show_hits, query, search_programs(index, query, self._specialty()))

    def _show_hits(self, query: str, hits: list[Program]) -> None:
        if query != self.query_one("#draft-search", Input).value.strip():
            return  # typed on since; the newer search is on its way
        self._searched = query
        if self._set_program_options(hits, keep=True):
            self.post_message(self.Moved())
        if self._open_on_hits:
            self._open_on_hits = False
            self._open_hits(len(hits))

    @on(Input.Submitted, "#draft-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        """Enter: the program list opens on the first hit (enter again picks it)."""
        query = event.value.strip()
        if len(query) >= SEARCH_MIN_CHARS and self._searched != query:
            self._open_on_hits = True  # the hits are still being found
            return
        self._open_hits(len(self.programs))

    def _open_hits(self, count: int) -> None:
        select = self.query_one("#draft-program", Select)
        select.focus()
        if count:
            select.expanded = True
            overlay = textual_fixes.select_overlay(select)
            overlay.highlighted = overlay.option_count - len(self.programs)  # past the blank row

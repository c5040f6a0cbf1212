"""What the Aways, Letters, Outreach and Interviews tabs share: counters and warnings over a
table of records, with add (a) / edit (enter) / delete (d, confirmed) in a typed modal form.

A form is a stale copy as soon as another session writes: it saves as a three-way merge against
the record it was opened on (`State.save_edit`), so only the fields it changed are written; the
same field changed in both sessions, or the record deleted meanwhile, is asked about
(`screens.conflict`), never lost silently."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from smartpick_tui.core.lint import Lint, lint
from smartpick_tui.core.merge import Choice
from smartpick_tui.core.trackers import ProgramClass
from smartpick_tui.services.reading import read_profile
from smartpick_tui.store import State
from smartpick_tui.store.errors import MergeConflictError, RecordDeletedError, StoreWriteError
from smartpick_tui.store.paths import imports_path
from smartpick_tui.tui.panes.base import Pane
from smartpick_tui.tui.screens.confirm import ConfirmScreen
from smartpick_tui.tui.screens.conflict import (
    DeletedElsewhereScreen,
    MergeConflictScreen,
    conflict_question,
)
from smartpick_tui.tui.screens.form import RecordForm
from smartpick_tui.tui.screens.program_picker import Picked, ProgramPicker
from smartpick_tui.tui.widgets.lint_view import LintView
from smartpick_tui.tui.widgets.record_table import RecordTable


class Tracked(Protocol):
    """A tracked record: every kind a tracker lists (Away, Letter, OutreachEntry, Interview) has an id."""

    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=Tracked)


def lint_state(state: State, today: date, list_classes: Sequence[ProgramClass] | None = None) -> Lint:
    """The counters and §9 findings for what is stored now."""
    return lint(read_profile(state), state.aways(), state.letters(), state.outreach(), today, list_classes)


class TrackerPane(Pane, Generic[R]):
    """Subclasses say what a record is (columns, row cells, form, store calls)."""

    COLUMNS: ClassVar[Sequence[tuple[str, int | None]]]
    STRETCH: ClassVar[str | None] = "Program"  # the column that takes the room the others leave
    NOUN: ClassVar[str]  # "away rotation"
    TABLE: ClassVar[str]  # the store table (`State.EDITED_TABLES`): "aways"
    FOOTNOTE: ClassVar[str] = ""
    # Records that name a program (aways, interviews, emails): adding starts with this catalog
    # question (`ProgramPicker`: type to search, or keep the typed text); ↓ in the form's Program
    # field asks it again. None: the tracker's records name no program (letters).
    PICKER_TITLE: ClassVar[str | None] = None

    BINDINGS = [
        Binding("a", "add", "Add", id="tracker.add", tooltip="Add a row"),
        Binding("e", "edit", "Edit", id="tracker.edit", tooltip="Edit the highlighted row"),
        Binding(
            "d", "delete", "Delete", id="tracker.delete", tooltip="Delete the highlighted row (asks first)"
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._records: dict[str, R] = {}

    def compose(self) -> ComposeResult:
        # Scrollable (and focusable with tab) when the warnings outgrow their 9 lines.
        with VerticalScroll(classes="lint"):
            yield LintView(id=f"{self.PANE_ID}-lint")
        yield RecordTable(self.COLUMNS, stretch=self.STRETCH, id=f"{self.PANE_ID}-table")
        if self.FOOTNOTE:
            yield Static(self.FOOTNOTE, classes="footnote", markup=False)

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def focus_main(self) -> None:
        self.table.focus()

    # --- what subclasses provide --------------------------------------------------------------
    def load(self, state: State) -> list[R]:
        raise NotImplementedError

    def record_id(self, record: R) -> str:
        return str(record.id)  # every tracked kind has an id (core.trackers.Record)

    def cells(self, record: R) -> list[Text]:
        raise NotImplementedError

    def form(self, record: R | None, picked: Picked | None = None) -> RecordForm[R]:
        """The add / edit form; `picked`: the catalog program chosen before adding."""
        raise NotImplementedError

    def delete_record(self, state: State, record_id: str) -> None:
        raise NotImplementedError

    def describe(self, record: R) -> str:
        raise NotImplementedError

    def show_lint(self, view: LintView, result: Lint, empty: bool) -> None:
        raise NotImplementedError

    def list_classes(self) -> Sequence[ProgramClass] | None:
        return None

    # --- shared behaviour ----------------------------------------------------------------------
    def refresh_from_state(self) -> None:
        state = self.smartpick.state
        records = self.load(state)
        self._records = {self.record_id(record): record for record in records}
        self.table.fill([(self.record_id(record), self.cells(record)) for record in records])
        result = lint_state(state, self.today(), self.list_classes())
        self.show_lint(self.query_one(LintView), result, empty=not records)

    @property
    def selected(self) -> R | None:
        key = self.table.selected_key
        return self._records.get(key) if key else None

    def empty_hint(self) -> Content:
        return Content.styled(f"No {self.NOUN}s yet: press a to add one.", "italic $text-muted")

    def action_add(self) -> None:
        if self.PICKER_TITLE is None:
            self._open_form(None)
            return

        def picked(choice: Picked | None) -> None:
            if choice is not None:
                self._open_form(None, choice)

        self.app.push_screen(self.program_picker(""), picked)

    def program_picker(self, typed: str) -> ProgramPicker:
        """The catalog search for a Program field, the profile's specialty first."""
        return ProgramPicker(
            read_profile(self.smartpick.state).specialty,
            imports_path(self.smartpick.db_path),
            title=self.PICKER_TITLE or "Which program?",
            query=typed,
        )

    def action_edit(self) -> None:
        record = self.selected
        if record is None:
            self.action_add()
            return
        self._open_form(record)

    def _open_form(self, record: R | None, picked: Picked | None = None) -> None:
        """The form saves before it closes, so a failed save leaves the entry on screen. Its
        base is `record` as the form opened on it, whatever the disk polls show meanwhile."""
        form = self.form(record, picked)
        form.commit = lambda built: self._commit(form, record, built)
        self.app.push_screen(form, self._saved)

    def _commit(
        self,
        form: RecordForm[R],
        base: R | None,
        built: R,
        choices: dict[str, Choice] | None = None,
        recreate: bool = False,
    ) -> bool | None:
        """Save `built` merged against `base`; True saved, False not saved (said), None asking."""
        asked: list[StoreWriteError] = []

        def change(state: State) -> None:
            try:
                state.save_edit(self.TABLE, base, built, choices, recreate)  # type: ignore[type-var]
            except (MergeConflictError, RecordDeletedError) as question:
                asked.append(question)

        saved = self.smartpick.save(change)
        if not asked:
            return saved
        question = asked[0]

        def finish(again: bool | None) -> None:
            if again and form.is_current:
                form.dismiss(built)

        if isinstance(question, RecordDeletedError):

            def keep_or_drop(keep: bool | None) -> None:
                if keep:
                    finish(self._commit(form, base, built, choices, recreate=True))
                elif keep is False and form.is_current:
                    self.notify(f"Dropped: it stays deleted ({self.describe(built)}).", markup=False)
                    form.dismiss(None)

            self.app.push_screen(
                DeletedElsewhereScreen(
                    f"{self.describe(built)[0].upper()}{self.describe(built)[1:]} was deleted in "
                    "another session while you edited it. Keep yours (save it again) or drop it?"
                ),
                keep_or_drop,
            )
            return None
        assert isinstance(question, MergeConflictError)
        conflicts = question.conflicts
        labels = {spec.name: spec.label for spec in form.fields}

        def chosen(choice: Choice | None) -> None:
            if choice is not None:
                merged = dict(choices or {}) | {c.name: choice for c in conflicts}  # type: ignore[attr-defined]
                finish(self._commit(form, base, built, merged, recreate))

        self.app.push_screen(
            MergeConflictScreen(
                conflict_question(self.NOUN, conflicts, labels),  # type: ignore[arg-type]
                both=all(getattr(c, "is_text", False) for c in conflicts),
            ),
            chosen,
        )
        return None

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _saved(self, record: R | None) -> None:
        if record is not None:  # already saved by the form
            self.table.focus()
            key = self.record_id(record)
            keys = list(self._records)
            if key in keys:
                self.table.move_cursor(row=keys.index(key))

    def action_delete(self) -> None:
        record = self.selected
        if record is None:
            return
        record_id = self.record_id(record)

        def answered(yes: bool | None) -> None:
            if yes:
                self.smartpick.save(
                    lambda state: self.delete_record(state, record_id), f"Deleted {self.describe(record)}."
                )

        self.app.push_screen(ConfirmScreen(f"Delete {self.describe(record)}?"), answered)

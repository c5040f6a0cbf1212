"""A typed modal form for one tracker record (an away, a letter, an email, a plan step).

The form knows fields, not records: `build(values)` turns the raw values into the record and
raises ValueError("field: message") when something is wrong; the message then appears under
that field and the form stays open. With `commit`, the form saves the record itself and closes
only once the save succeeded: a full disk or an I/O error keeps the typed values on screen to
retry (docs/pitfalls.md: the app must say the change was not saved). Escape closes without saving.
A commit may also answer "asking": another session changed or deleted the record, and a
question (`screens.conflict`) decides; the form stays until it is answered.

A "program" field is a text field that also knows the catalog: down arrow opens the caller's
program picker with what is typed, and the pick fills the field and `program_id` (the catalog
id, so the model and the drafts know the program). Typing another name by hand drops the id:
what is stored is never a catalog id for a name the user changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Select, Static

from smartpick_tui.core.trackers import parse_date
from smartpick_tui.tui.widgets.text_input import TextInput

T = TypeVar("T")
FieldKind = Literal["text", "date", "select", "bool", "program"]
# Opens a picker for the typed text; it dismisses with (name, catalog id or None), or None.
ProgramPick = Callable[[str], ModalScreen[Any]]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: FieldKind = "text"
    options: Sequence[tuple[str, str]] = ()  # (label, value) for selects
    placeholder: str = ""


class RecordForm(ModalScreen[T | None], Generic[T]):
    """Dismisses with the built record, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
        # priority: the Input (a scroll view) binds down itself; check_action limits it to the field
        Binding(
            "down", "pick_program", "Search the catalog", show=False, priority=True, id="form.pick_program"
        ),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        values: dict[str, Any],
        build: Callable[[dict[str, Any]], T],
        commit: Callable[[T], bool | None] | None = None,
        pick_program: ProgramPick | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = tuple(fields)
        self.values = values
        self.build = build
        # saves the record: True saved, False not saved (already reported), None a question about
        # another session's change is being asked (its answer saves and dismisses, or not)
        self.commit = commit
        self.pick_program = pick_program
        # the program field's catalog pick: (the name it filled in, the catalog id)
        self.picked: tuple[str, str] | None = (
            (str(values.get("program_name") or ""), str(values["program_id"]))
            if values.get("program_id")
            else None
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog record-form"):
            yield Static(self.form_title, classes="dialog-title", markup=False)
            for spec in self.fields:
                with Horizontal(classes="form-row"):
                    yield Static(spec.label, classes="form-label", markup=False)
                    yield self._widget(spec)
                if spec.kind == "program":
                    yield Static("", id=f"catalog-{spec.name}", classes="field-catalog", markup=False)
                yield Static("", id=f"error-{spec.name}", classes="field-error", markup=False)
            yield Static("", id="error-form", classes="field-error", markup=False)
            yield Static(
                "enter (in a text field) or ctrl+s: save · escape: cancel",
                classes="dialog-hint",
                markup=False,
            )

    def _widget(self, spec: FormField) -> Input | Select[str] | Checkbox:
        value = self.values.get(spec.name)
        widget_id = f"field-{spec.name}"
        if spec.kind == "select":
            return Select(
                spec.options,
                value=value if value is not None else Select.NULL,
                allow_blank=False,
                compact=True,
                id=widget_id,
            )
        if spec.kind == "bool":
            return Checkbox("", bool(value), compact=True, id=widget_id)
        placeholder = spec.placeholder or {"date": "YYYY-MM-DD", "program": "↓: search the catalog"}.get(
            spec.kind, ""
        )
        return TextInput(
            "" if value is None else str(value), placeholder=placeholder, compact=True, id=widget_id
        )

    def on_mount(self) -> None:
        for widget in self.query(".field-error"):
            widget.display = False
        self._show_catalog()
        self.query_one(f"#field-{self.fields[0].name}").focus()

    def _program_field(self) -> FormField | None:
        return next((spec for spec in self.fields if spec.kind == "program"), None)

    def _picked_id(self) -> str | None:
        """The catalog id, while the field still holds the name the pick filled in."""
        spec = self._program_field()
        if spec is None or self.picked is None:
            return None
        name, program_id = self.picked
        return program_id if self.query_one(f"#field-{spec.name}", Input).value.strip() == name else None

    def _show_catalog(self) -> None:
        spec = self._program_field()
        if spec is None:
            return
        program_id = self._picked_id()
        line = self.query_one(f"#catalog-{spec.name}", Static)
        if program_id:
            line.update(f"from the catalog ({program_id}) · ↓: pick another")
        else:
            line.update("not linked to the catalog · ↓: search the catalog" if self.pick_program else "")
        line.set_class(bool(program_id), "-linked")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick_program":  # down only means "search" in the program field
            spec = self._program_field()
            focused = self.focused
            return bool(
                spec and self.pick_program and focused is not None and focused.id == f"field-{spec.name}"
            )
        return True

    def action_pick_program(self) -> None:
        spec = self._program_field()
        if spec is None or self.pick_program is None:
            return
        field = self.query_one(f"#field-{spec.name}", Input)

        def picked(choice: Any) -> None:
            if choice is not None:
                name, program_id = choice
                self.picked = (name, program_id) if program_id else None
                field.value = name
                field.cursor_position = len(name)
                self._show_catalog()
            field.focus()

        self.app.push_screen(self.pick_program(field.value), picked)

    def raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, (Input, Checkbox)):
                values[spec.name] = widget.value
            elif isinstance(widget, Select):
                values[spec.name] = None if widget.is_blank() else widget.value
        if self._program_field() is not None:
            values["program_id"] = self._picked_id()
        return values

    def _set_message(self, name: str, message: str) -> None:
        """Show (or clear) the message under one field; an empty message takes no room."""
        widget = self.query_one(f"#error-{name}", Static)
        widget.update(message)
        widget.display = bool(message)

    def _show_error(self, name: str | None, message: str) -> None:
        for spec in self.fields:
            self._set_message(spec.name, "")
        known = name in {spec.name for spec in self.fields}
        self._set_message(name if known and name else "form", message)

    def _date_errors(self) -> dict[str, str]:
        errors = {}
        for spec in self.fields:
            if spec.kind == "date":
                try:
                    parse_date(self.query_one(f"#field-{spec.name}", Input).value)
                except ValueError as error:
                    errors[spec.name] = str(error)
        return errors

    @on(Input.Changed)
    def _check_date(self, event: Input.Changed) -> None:
        """Dates are checked as you type; the rest when saving."""
        name = (event.input.id or "").removeprefix("field-")
        kind = next((spec.kind for spec in self.fields if spec.name == name), None)
        if kind == "date":
            self._set_message(name, self._date_errors().get(name, ""))
        elif kind == "program":
            self._show_catalog()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        # Two Enters in one read (type-ahead over SSH) queue a second save behind the first:
        # once the form has closed, that one must not save a duplicate nor pop another screen.
        if not self.is_current:
            return
        for name, message in self._date_errors().items():
            self._show_error(name, message)
            return
        try:
            record = self.build(self.raw_values())
        except ValueError as error:
            name, sep, message = str(error).partition(": ")
            self._show_error(name if sep else None, message if sep else str(error))
            return
        saved = True if self.commit is None else self.commit(record)
        if saved is None:
            return
        if not saved:
            self._show_error(
                None,
                "Not saved (see the message for why). Your entry is still here: "
                "ctrl+s tries again, escape drops it.",
            )
            return
        self.dismiss(record)

    def action_cancel(self) -> None:
        if self.is_current:
            self.dismiss(None)

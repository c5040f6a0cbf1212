"""Tab 1: the profile form and, beside it, the live diagnosis.

Durable before visible (docs/reliability.md): a field never looks saved before it is on disk.
A choice in a drop-down is saved in the same step that changes it, before the screen can draw
it. Typed text is validated as you type (`core.profile.parse_field`) but saved when the typing
pauses (EDIT_PAUSE_S), on Enter, or on leaving the field — so typing "999" never stores "9" or
"99" on the way, and ",Oregon" never stores the "OR" of a half-typed word. Until then the
field's label carries `*` ("editing, not saved yet"), drawn in the same frame as the text; an
invalid value keeps `!` and its message and leaves the stored value alone. A value the store
failed to write (disk full) stays on screen, marked not saved, until an edit saves it. The
diagnosis redraws from the saved profile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from smartpick_tui.core.profile import (
    ClinicalEvals,
    Profile,
    SchoolType,
    Step1Result,
    VisaNeed,
    parse_field,
    profile_warnings,
)
from smartpick_tui.core.rules import Situation
from smartpick_tui.core.specialties import all_specialties
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.widgets.diagnosis_view import DiagnosisView
from smartpick_tui.tui.widgets.search_input import focus_now
from smartpick_tui.tui.widgets.text_input import TextInput

Options = Callable[[], Sequence[tuple[str, Any]]]

EDIT_PAUSE_S = 0.5  # typed text is saved after this much quiet (or on Enter, or leaving)
EDITING, NOT_SAVED = "*", "!"  # the label's mark: typed but not saved yet / refused


class ProfileInput(TextInput):
    """A text field that tells its pane about a new value synchronously, from the same call
    that changed it: the pane marks the field "editing" before the screen can draw the text."""

    def __init__(self, on_edit: Callable[[ProfileInput], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_edit = on_edit
        self._quiet = False

    def show_stored(self, text: str) -> None:
        """Put the stored value in the field (not an edit: no mark, no save)."""
        self._quiet = True
        try:
            with self.prevent(Input.Changed):
                self.value = text
        finally:
            self._quiet = False

    def watch_value(self, value: str) -> None:
        if not self._quiet:
            self._on_edit(self)


class ProfileSelect(Select[Any]):
    """A drop-down whose change is saved by its pane synchronously, from the same call that
    changed the value, so no frame shows a choice that is not on disk."""

    def __init__(
        self,
        options: Sequence[tuple[str, Any]],
        on_choice: Callable[[ProfileSelect, Any], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(options, **kwargs)
        self._on_choice = on_choice
        self._quiet = False

    def show_stored(self, value: Any) -> None:
        self._quiet = True
        try:
            with self.prevent(Select.Changed):
                self.value = value
        finally:
            self._quiet = False

    def watch_value(self, value: Any) -> None:
        if not self._quiet:
            self._on_choice(self, value)


@dataclass(frozen=True)
class ProfileField:
    name: str
    label: str
    options: Options | None = None  # a Select when set, else an Input
    placeholder: str = ""
    blank: bool = False  # the Select may be empty (None)

    @property
    def widget_id(self) -> str:
        return f"pf-{self.name}"


def _specialties() -> list[tuple[str, str]]:
    return [(specialty.name, specialty.id) for specialty in all_specialties()]


# The §2 situations, in words short enough for the 24-column select at 80x24.
SHORT_SITUATIONS: dict[Situation, str] = {
    Situation.NO_HOME_PROGRAM: "No home program",
    Situation.INDIFFERENT: "Home, indifferent",
    Situation.DISCOURAGING: "Home, discouraging",
    Situation.DO_IMG: "DO/IMG, strong Step 2",
}

FIELDS: tuple[ProfileField, ...] = (
    ProfileField("specialty", "Specialty", _specialties),
    ProfileField("step2", "Step 2 CK", placeholder="score, e.g. 252"),
    ProfileField("comlex2", "COMLEX 2-CE", placeholder="DO: e.g. 620"),
    ProfileField(
        "situation",
        "Situation",
        lambda: [(label, situation.value) for situation, label in SHORT_SITUATIONS.items()],
    ),
    ProfileField("school", "School type", lambda: [(school.label, school.value) for school in SchoolType]),
    ProfileField("visa", "Visa need", lambda: [(visa.label, visa.value) for visa in VisaNeed]),
    ProfileField("grad_year", "Graduation", placeholder="year, e.g. 2027"),
    ProfileField("usce_months", "US clin. exp.", placeholder="months, e.g. 3"),
    ProfileField("step1", "Step 1", lambda: [(result.label, result.value) for result in Step1Result]),
    ProfileField("backup_specialty", "Backup", _specialties, blank=True),
    ProfileField("ties", "Ties", placeholder="e.g. CA, OR, West"),
    ProfileField("preferred", "Preferred", placeholder="e.g. NY, Midwest"),
    ProfileField("home_city", "Near city", placeholder="e.g. Houston, TX"),
    ProfileField("near_miles", "Within (mi)", placeholder="miles, default 100"),
    ProfileField("research", "Research", placeholder="papers, posters: e.g. 3"),
    ProfileField(
        "clinical_evals",
        "Clin. evals",
        lambda: [(evals.value.capitalize(), evals.value) for evals in ClinicalEvals],
    ),
    ProfileField("red_flags", "Red flags", placeholder="separate with ;"),
    ProfileField("name", "Name"),
    ProfileField("school_name", "School name"),
    ProfileField("year", "Year", placeholder="fourth-year"),
)
FIELDS_BY_ID = {field.widget_id: field for field in FIELDS}


def field_text(profile: Profile, name: str) -> str:
    """How a stored value reads in its text field (the inverse of `parse_field`)."""
    value = getattr(profile, name)
    if value is None:
        return ""
    if name in ("ties", "preferred"):
        return ", ".join(value)
    if name == "red_flags":
        return "; ".join(value)
    return str(value)


def select_value(profile: Profile, name: str) -> Any:
    value = getattr(profile, name)
    if value is None:
        return Select.NULL
    return getattr(value, "value", value)


class ProfilePane(Pane):
    PANE_ID = "profile"
    TITLE = "Profile"
    KEY = "1"

    BINDINGS = [
        Binding("escape", "leave_field", "Leave field", show=False, id="profile.leave_field"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._errors: dict[str, str] = {}
        self._pending: dict[str, Timer] = {}  # typed fields waiting for the pause to be saved
        # False until the form shows the stored profile: a Select announces its first option
        # when it mounts, and that must not overwrite what is saved.
        self._filled = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="profile-columns"):
            with VerticalScroll(id="profile-form"):
                for spec in FIELDS:
                    with Horizontal(classes="pf-row"):
                        yield Static(spec.label, id=f"lbl-{spec.name}", classes="pf-label", markup=False)
                        yield self._widget(spec)
                    yield Static("", id=f"msg-{spec.name}", classes="field-message", markup=False)
            with VerticalScroll(id="diagnosis-scroll"):
                yield DiagnosisView(id="diagnosis")

    def _widget(self, spec: ProfileField) -> Widget:
        if spec.options is not None:
            return ProfileSelect(
                spec.options(),
                self._chosen,
                allow_blank=spec.blank,
                compact=True,
                id=spec.widget_id,
                prompt="(none)" if spec.blank else "Select",
            )
        return ProfileInput(self._edited, placeholder=spec.placeholder, compact=True, id=spec.widget_id)

    def on_mount(self) -> None:
        for widget in self.query(".field-message"):
            widget.display = False

    def focus_main(self) -> None:
        # A Select, not a text field, so the digit tab keys keep working on arrival. Now, not
        # deferred: at start-up the keys typed as the app opens must find it focused.
        focus_now(self.query_one("#pf-specialty"))

    def action_leave_field(self) -> None:
        self.query_one("#diagnosis-scroll").focus()

    # --- from the store to the form -----------------------------------------------------------
    def _stored_profile(self) -> Profile:
        try:
            return self.smartpick.state.profile()
        except ValueError as error:
            self.smartpick.notify(
                f"The saved profile could not be read ({error}); showing defaults.",
                severity="error",
                markup=False,
            )
            return Profile()

    def refresh_from_state(self) -> None:
        profile = self._stored_profile()
        for spec in FIELDS:
            if spec.name in self._errors or spec.name in self._pending:
                continue  # the user's unsaved text stays, with its mark and message
            widget = self.query_one(f"#{spec.widget_id}")
            if isinstance(widget, ProfileSelect):
                wanted = select_value(profile, spec.name)
                if widget.value != wanted:
                    widget.show_stored(wanted)
            elif isinstance(widget, ProfileInput):
                shown, error = parse_field(spec.name, widget.value)
                if error or shown != getattr(profile, spec.name):
                    widget.show_stored(field_text(profile, spec.name))
        self._filled = True
        self._show_warnings(profile)
        self.query_one(DiagnosisView).show(profile)

    # --- from the form to the store ---------------------------------------------------------------
    def _edited(self, widget: ProfileInput) -> None:
        """Called from inside the keystroke that changed the text, before any redraw."""
        spec = FIELDS_BY_ID.get(widget.id or "")
        if spec is None or not self._filled:
            return
        self._mark(spec.name, EDITING)
        timer = self._pending.pop(spec.name, None)
        if timer is not None:
            timer.stop()
        self._pending[spec.name] = self.set_timer(EDIT_PAUSE_S, lambda: self._commit(spec))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        """Say at once what is wrong with the text (saving waits for the pause)."""
        spec = FIELDS_BY_ID.get(event.input.id or "")
        if spec is not None:
            event.stop()
            if spec.name in self._pending:
                _, error = parse_field(spec.name, event.value)
                self._message(spec.name, error or "", error=bool(error))

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _input_done(self, event: Input.Submitted | Input.Blurred) -> None:
        spec = FIELDS_BY_ID.get(event.input.id or "")
        if spec is not None and spec.name in self._pending:
            event.stop()
            self._commit(spec)

    def flush(self) -> None:
        """Save every typed value still waiting for its pause (before the app quits)."""
        for spec in FIELDS:
            if spec.name in self._pending:
                self._commit(spec)

    def _commit(self, spec: ProfileField) -> None:
        timer = self._pending.pop(spec.name, None)
        if timer is not None:
            timer.stop()
        if self.is_mounted:
            self._apply(spec, self.query_one(f"#{spec.widget_id}", ProfileInput).value)

    def _chosen(self, widget: ProfileSelect, value: Any) -> None:
        """Called from inside the change of a drop-down's value, before any redraw."""
        spec = FIELDS_BY_ID.get(widget.id or "")
        if spec is not None:
            self._apply(spec, None if value is Select.NULL else value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id in FIELDS_BY_ID:
            event.stop()  # saved already, by `_chosen`

    def _apply(self, spec: ProfileField, raw: Any) -> None:
        if not self._filled:
            return
        value, error = parse_field(spec.name, raw)
        if error:
            self._errors[spec.name] = error
            self._message(spec.name, f"{error} — not saved", error=True)
            self._mark(spec.name, NOT_SAVED)
            return
        self._errors.pop(spec.name, None)
        self._message(spec.name, "")
        current = self._stored_profile()
        if getattr(current, spec.name) != value and not self.smartpick.save(
            lambda state: state.patch_profile(**{spec.name: value})
        ):
            # Kept like an invalid value: a refresh must not put the stored value back over it.
            self._errors[spec.name] = "not saved (see the message); edit the field to try again"
            self._message(spec.name, self._errors[spec.name], error=True)
            self._mark(spec.name, NOT_SAVED)
            return
        self._mark(spec.name, "")
        self._show_warnings(self._stored_profile())

    def _mark(self, name: str, mark: str) -> None:
        spec = next(f for f in FIELDS if f.name == name)
        self.query_one(f"#lbl-{name}", Static).update(f"{spec.label} {mark}" if mark else spec.label)
        widget = self.query_one(f"#{spec.widget_id}")
        widget.set_class(mark == EDITING, "-editing")
        widget.set_class(mark == NOT_SAVED, "-not-saved")

    def _message(self, name: str, text: str, error: bool = False) -> None:
        widget = self.query_one(f"#msg-{name}", Static)
        widget.update(text)
        widget.display = bool(text)
        widget.set_class(error, "-error")

    def _show_warnings(self, profile: Profile) -> None:
        """Warnings (not errors: the value is saved) under the fields they concern."""
        warnings = {"step2": "", "backup_specialty": ""}
        for warning in profile_warnings(profile):
            warnings["backup_specialty" if warning.startswith("backup") else "step2"] = warning
        for name, text in warnings.items():
            if name not in self._errors:
                self._message(name, text)

    # --- palette ---------------------------------------------------------------------------------
    def commands(self) -> list[PaneCommand]:
        def focus(widget_id: str) -> Callable[[], None]:
            def run() -> None:
                self.query_one(f"#{widget_id}").focus()

            return run

        return [
            PaneCommand(
                "Edit Step 2 CK score",
                "Jump to the Step 2 CK field of the profile",
                focus("pf-step2"),
            ),
            PaneCommand("Edit specialty", "Choose the target specialty", focus("pf-specialty")),
            PaneCommand("Edit regional ties", "States or regions you have a tie to", focus("pf-ties")),
            PaneCommand(
                "Read the diagnosis",
                "Focus the diagnosis to scroll it with the arrows",
                focus("diagnosis-scroll"),
            ),
        ]

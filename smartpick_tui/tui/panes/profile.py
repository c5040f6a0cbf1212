"""Tab 1: the profile form and, beside it, the live diagnosis.

Every field is validated as you type with `core.profile.parse_field`; a valid value is saved at
once (no save button to forget), an invalid one is kept on screen with its message and not
saved. A value the store failed to write (disk full) stays on screen, marked not saved, until
an edit saves it. The diagnosis redraws from the saved profile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from smartpick_tui.core.profile import (ClinicalEvals, Profile, SchoolType, Step1Result, parse_field,
                                        profile_warnings)
from smartpick_tui.core.rules import Situation
from smartpick_tui.core.specialties import all_specialties
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.widgets.diagnosis_view import DiagnosisView

Options = Callable[[], Sequence[tuple[str, Any]]]


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


# core.profile.SITUATION_LABELS, shortened to fit the 24-column select at 80x24.
SHORT_SITUATIONS: dict[Situation, str] = {
    Situation.NO_HOME_PROGRAM: "No home program",
    Situation.INDIFFERENT: "Home, indifferent",
    Situation.DISCOURAGING: "Home, discouraging",
    Situation.DO_IMG: "DO/IMG, strong Step 2",
}

FIELDS: tuple[ProfileField, ...] = (
    ProfileField("specialty", "Specialty", _specialties),
    ProfileField("step2", "Step 2 CK", placeholder="score, e.g. 252"),
    ProfileField("situation", "Situation",
                 lambda: [(label, situation.value) for situation, label in SHORT_SITUATIONS.items()]),
    ProfileField("school", "School type", lambda: [(school.label, school.value) for school in SchoolType]),
    ProfileField("step1", "Step 1", lambda: [(result.label, result.value) for result in Step1Result]),
    ProfileField("backup_specialty", "Backup", _specialties, blank=True),
    ProfileField("ties", "Ties", placeholder="e.g. CA, OR, West"),
    ProfileField("preferred", "Preferred", placeholder="e.g. NY, Midwest"),
    ProfileField("research", "Research", placeholder="papers, posters: e.g. 3"),
    ProfileField("clinical_evals", "Clin. evals",
                 lambda: [(evals.value.capitalize(), evals.value) for evals in ClinicalEvals]),
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
        Binding("escape", "leave_field", "Leave field", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._errors: dict[str, str] = {}
        # False until the form shows the stored profile: a Select announces its first option
        # when it mounts, and that must not overwrite what is saved.
        self._filled = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="profile-columns"):
            with VerticalScroll(id="profile-form"):
                for spec in FIELDS:
                    with Horizontal(classes="pf-row"):
                        yield Static(spec.label, classes="pf-label", markup=False)
                        yield self._widget(spec)
                    yield Static("", id=f"msg-{spec.name}", classes="field-message", markup=False)
            with VerticalScroll(id="diagnosis-scroll"):
                yield DiagnosisView(id="diagnosis")

    def _widget(self, spec: ProfileField) -> Widget:
        if spec.options is not None:
            return Select(spec.options(), allow_blank=spec.blank, compact=True, id=spec.widget_id,
                          prompt="(none)" if spec.blank else "Select")
        return Input(placeholder=spec.placeholder, compact=True, id=spec.widget_id)

    def on_mount(self) -> None:
        for widget in self.query(".field-message"):
            widget.display = False

    def focus_main(self) -> None:
        # A Select, not a text field, so the digit tab keys keep working on arrival.
        self.query_one("#pf-specialty").focus()

    def action_leave_field(self) -> None:
        self.query_one("#diagnosis-scroll").focus()

    # --- from the store to the form -----------------------------------------------------------
    def _stored_profile(self) -> Profile:
        try:
            return self.smartpick.state.profile()
        except ValueError as error:
            self.smartpick.notify(f"The saved profile could not be read ({error}); showing defaults.",
                                  severity="error", markup=False)
            return Profile()

    def refresh_from_state(self) -> None:
        profile = self._stored_profile()
        for spec in FIELDS:
            if spec.name in self._errors:
                continue  # the user's unsaved text stays, with its message
            widget = self.query_one(f"#{spec.widget_id}")
            if isinstance(widget, Select):
                wanted = select_value(profile, spec.name)
                if widget.value != wanted:
                    with widget.prevent(Select.Changed):
                        widget.value = wanted
            elif isinstance(widget, Input):
                shown, error = parse_field(spec.name, widget.value)
                if error or shown != getattr(profile, spec.name):
                    with widget.prevent(Input.Changed):
                        widget.value = field_text(profile, spec.name)
        self._filled = True
        self._show_warnings(profile)
        self.query_one(DiagnosisView).show(profile)

    # --- from the form to the store ---------------------------------------------------------------
    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        spec = FIELDS_BY_ID.get(event.input.id or "")
        if spec is not None:
            event.stop()
            self._apply(spec, event.value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        spec = FIELDS_BY_ID.get(event.select.id or "")
        if spec is not None:
            event.stop()
            self._apply(spec, None if event.value is Select.NULL else event.value)

    def _apply(self, spec: ProfileField, raw: Any) -> None:
        if not self._filled:
            return
        value, error = parse_field(spec.name, raw)
        if error:
            self._errors[spec.name] = error
            self._message(spec.name, error, error=True)
            return
        self._errors.pop(spec.name, None)
        self._message(spec.name, "")
        current = self._stored_profile()
        if getattr(current, spec.name) == value:
            return
        if not self.smartpick.save(lambda state: state.patch_profile(**{spec.name: value})):
            # Kept like an invalid value: a refresh must not put the stored value back over it.
            self._errors[spec.name] = "not saved (see the message); edit the field to try again"
            self._message(spec.name, self._errors[spec.name], error=True)

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
            return lambda: self.query_one(f"#{widget_id}").focus()

        return [
            PaneCommand("Edit Step 2 CK score", "Jump to the Step 2 CK field of the profile", focus("pf-step2")),
            PaneCommand("Edit specialty", "Choose the target specialty", focus("pf-specialty")),
            PaneCommand("Edit regional ties", "States or regions you have a tie to", focus("pf-ties")),
            PaneCommand("Read the diagnosis", "Focus the diagnosis to scroll it with the arrows",
                        focus("diagnosis-scroll")),
        ]

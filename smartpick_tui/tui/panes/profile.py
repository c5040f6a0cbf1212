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

Two sessions, one field (docs/reliability.md, "Two sessions"): each field keeps its base, the
value it showed from disk when the edit began. A save is a three-way merge against it
(`State.save_profile_fields`): when another session (a second terminal, `smartpick profile
set`, the browser) saved a different value meanwhile, nothing is written and the user chooses
in the conflict dialog the tracker forms use (`screens/conflict.py`): keep mine, keep theirs,
or, for a list (ties, preferred, red flags), both. Enter, leaving the field and quitting ask at
once; a pause (the user may be about to type on) marks the field `!` and says so, and Enter or
leaving asks. Until it is chosen and saved, the field keeps its mark.

Longer than the ~450 lines a module aims at: the form, its marks, the save-on-pause timers and
the conflict questions keep one invariant (a field never looks saved before it is on disk) over
the same per-field state (`_pending`, `_errors`, the bases); the conflict questions (`_ask`)
are the seam if it grows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from smartpick_tui.core.geo import gazetteer
from smartpick_tui.core.merge import Choice, FieldConflict, resolved
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
from smartpick_tui.store import State
from smartpick_tui.store.errors import MergeConflictError, StoreError
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.textual_fixes import LightSelect, styled_when_mounted
from smartpick_tui.tui.widgets.diagnosis_view import DiagnosisView
from smartpick_tui.tui.widgets.form_labels import FormLabels
from smartpick_tui.tui.widgets.search_input import focus_now
from smartpick_tui.tui.widgets.text_input import TextInput

Options = Callable[[], Sequence[tuple[str, Any]]]

EDIT_PAUSE_S = 0.5  # typed text is saved after this much quiet (or on Enter, or leaving)
# Fields whose check reads the gazetteer (a did-you-mean over ~21,000 places, 20-40 ms): checked
# when the typing pauses, not on every key.
CHECKED_ON_PAUSE = frozenset({"home_city"})
EDITING, NOT_SAVED = "*", "!"  # the label's mark: typed but not saved yet / refused


class ProfileInput(TextInput):
    """A text field that tells its pane about a new value synchronously, from the same call
    that changed it: the pane marks the field "editing" before the screen can draw the text."""

    def __init__(self, on_edit: Callable[[ProfileInput], None], **kwargs: Any) -> None:
        self._on_edit = on_edit
        self._quiet = True  # a `value` given here is the stored one, not an edit
        super().__init__(**kwargs)
        self._quiet = False

    def update_node_styles(self, animate: bool = True) -> None:
        styled_when_mounted(self, animate)  # (built with its classes, styled once when mounted)

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


class ProfileSelect(LightSelect):
    """A drop-down whose change is saved by its pane synchronously, from the same call that
    changed the value, so no frame shows a choice that is not on disk. Light at start-up
    (`textual_fixes.LightSelect`: one widget until first opened)."""

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
FIELDS_BY_NAME = {field.name: field for field in FIELDS}


def readable(spec: ProfileField, value: Any) -> Any:
    """A stored value as its field shows it (for the conflict question): a drop-down's label,
    a list joined as typed."""
    if spec.options is not None:
        wanted = getattr(value, "value", value)
        return next((label for label, option in spec.options() if option == wanted), value)
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return value


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


def shown_text(profile: Profile, name: str) -> str:
    """What a text field shows of a stored value: its text, or nothing (the placeholder) when
    an empty field means the same value (research 0, no US clinical experience)."""
    text = field_text(profile, name)
    if text and name not in CHECKED_ON_PAUSE:  # (a city's check reads the gazetteer)
        empty, error = parse_field(name, "")
        if error is None and empty == getattr(profile, name):
            return ""
    return text


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
        self._base: dict[str, Any] = {}  # each field's value as last shown from disk
        # fields another session changed under an unsaved edit: the conflict met (mine, theirs)
        self._clashes: dict[str, FieldConflict] = {}
        self._asking: str | None = None  # the field whose conflict dialog is open
        self._gazetteer_asked = False  # the home city's places are loading or loaded
        # False until the form shows the stored profile: a Select announces its first option
        # when it mounts, and that must not overwrite what is saved.
        self._filled = False

    def compose(self) -> ComposeResult:
        # Each field is built showing the stored value, so the first fill finds nothing to
        # change: filled afterwards, a text field with a value restyled itself (its "-valid"
        # class), ~1/4 of the first fill's CPU (issue 26). `refresh_from_state` still sets
        # the bases and says when the profile cannot be read.
        try:
            stored = self.smartpick.state.profile()
        except (StoreError, ValueError):
            stored = Profile()
        # The labels are one widget (`FormLabels`) beside one column of fields, no container
        # per row; a field's message is mounted under it when it first has one (`_message`):
        # fewer widgets at start-up.
        fields = Vertical(*(self._widget(spec, stored) for spec in FIELDS), id="profile-fields")
        with Horizontal(id="profile-columns"):
            with VerticalScroll(id="profile-form"), Horizontal(id="profile-rows"):
                yield FormLabels(fields, {spec.widget_id: spec.label for spec in FIELDS}, id="profile-labels")
                yield fields
            with VerticalScroll(id="diagnosis-scroll"):
                yield DiagnosisView(id="diagnosis")

    def _widget(self, spec: ProfileField, stored: Profile) -> Widget:
        if spec.options is not None:
            options = spec.options()
            value = select_value(stored, spec.name)
            return ProfileSelect(
                options,
                self._chosen,
                allow_blank=spec.blank,
                compact=True,
                id=spec.widget_id,
                prompt="(none)" if spec.blank else "Select",
                value=value if any(option == value for _, option in options) else Select.NULL,
            )
        return ProfileInput(
            self._edited,
            value=shown_text(stored, spec.name),
            placeholder=spec.placeholder,
            compact=True,
            id=spec.widget_id,
        )

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
            if spec.name in self._errors or spec.name in self._pending or spec.name in self._clashes:
                continue  # the user's unsaved text stays, with its mark and message
            self._base[spec.name] = getattr(profile, spec.name)  # the base of the next edit
            widget = self.query_one(f"#{spec.widget_id}")
            if isinstance(widget, ProfileSelect):
                wanted = select_value(profile, spec.name)
                if widget.value != wanted:
                    widget.show_stored(wanted)
            elif isinstance(widget, ProfileInput):
                if widget.value == field_text(profile, spec.name):
                    continue  # shows the stored value already (no parse: a city's reads the gazetteer)
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
        self._clashes.pop(spec.name, None)  # typed on: the next save merges (and asks) again
        timer = self._pending.pop(spec.name, None)
        if timer is not None:
            timer.stop()
        self._pending[spec.name] = self.set_timer(EDIT_PAUSE_S, lambda: self._commit(spec, ask=False))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        """Say at once what is wrong with the text (saving waits for the pause)."""
        spec = FIELDS_BY_ID.get(event.input.id or "")
        if spec is not None:
            event.stop()
            if spec.name in self._pending and spec.name not in CHECKED_ON_PAUSE:
                _, error = parse_field(spec.name, event.value)
                self._message(spec.name, error or "", error=bool(error))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Load the gazetteer in a thread when its field is entered, so the check at the pause
        does not stall the screen (~0.3-0.6 s the first time)."""
        spec = FIELDS_BY_ID.get(event.widget.id or "")
        if spec is not None and spec.name in CHECKED_ON_PAUSE and not self._gazetteer_asked:
            self._gazetteer_asked = True
            self.run_worker(gazetteer, thread=True, group="gazetteer", exit_on_error=False)

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _input_done(self, event: Input.Submitted | Input.Blurred) -> None:
        spec = FIELDS_BY_ID.get(event.input.id or "")
        if spec is None or spec.name == self._asking:
            return  # (the dialog taking the focus blurs the field it asks about)
        if spec.name in self._pending:
            event.stop()
            self._commit(spec)
        elif spec.name in self._clashes:
            event.stop()
            self._ask(spec)

    def flush(self) -> bool:
        """Save every typed value still waiting for its pause (before the app quits). False
        when another session changed one of them: the dialog asks, and quits once answered."""
        for spec in FIELDS:
            if self._asking is not None:
                return False
            if spec.name in self._pending:
                self._commit(spec, quitting=True)
            elif spec.name in self._clashes:
                self._ask(spec, quitting=True)
        return self._asking is None

    def _commit(self, spec: ProfileField, ask: bool = True, quitting: bool = False) -> None:
        timer = self._pending.pop(spec.name, None)
        if timer is not None:
            timer.stop()
        if self.is_mounted:
            self._apply(spec, self.query_one(f"#{spec.widget_id}", ProfileInput).value, ask, quitting)

    def _chosen(self, widget: ProfileSelect, value: Any) -> None:
        """Called from inside the change of a drop-down's value, before any redraw."""
        spec = FIELDS_BY_ID.get(widget.id or "")
        if spec is not None:
            self._apply(spec, None if value is Select.NULL else value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id in FIELDS_BY_ID:
            event.stop()  # saved already, by `_chosen`

    def _apply(self, spec: ProfileField, raw: Any, ask: bool = True, quitting: bool = False) -> None:
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
        self._save(spec, value, self._base.get(spec.name, value), ask, quitting)

    def _save(self, spec: ProfileField, value: Any, base: Any, ask: bool, quitting: bool) -> None:
        """Merge `value` against `base` and the disk; a conflict is kept and asked about (now,
        or on Enter / leaving when `ask` is False), never written over."""
        met: list[FieldConflict] = []

        def change(state: State) -> None:
            try:
                state.save_profile_fields({spec.name: base}, {spec.name: value})
            except MergeConflictError as conflict:
                found = conflict.conflicts[0]
                assert isinstance(found, FieldConflict)
                met.append(found)
                self._clashes[spec.name] = found  # before the save's refresh runs

        if not self.smartpick.save(change):
            # Kept like an invalid value: a refresh must not put the stored value back over it.
            self._errors[spec.name] = "not saved (see the message); edit the field to try again"
            self._message(spec.name, self._errors[spec.name], error=True)
            self._mark(spec.name, NOT_SAVED)
            return
        if met:
            from smartpick_tui.tui.screens.conflict import shown_value  # (rare: not at start-up)

            self._mark(spec.name, NOT_SAVED)
            how = "choose" if ask else "press Enter to choose"
            self._message(
                spec.name,
                f"Not saved: another session saved {shown_value(readable(spec, met[0].theirs))} here — {how}",
                error=True,
            )
            if ask:
                self._ask(spec, quitting)
            return
        self._base[spec.name] = value
        self._mark(spec.name, "")
        self._message(spec.name, "")  # (a conflict's, answered)
        self._show_warnings(self._stored_profile())

    def _ask(self, spec: ProfileField, quitting: bool = False) -> None:
        """The conflict dialog for one field: keep mine (saved over the value the dialog showed
        as theirs: changed yet again meanwhile, it asks again), keep theirs, or both (lists).
        Escape leaves mine on screen, not saved; Enter or leaving the field asks again."""
        if self._asking is not None:
            return
        from smartpick_tui.tui.screens.conflict import MergeConflictScreen, conflict_question

        conflict = self._clashes[spec.name]
        self._asking = spec.name

        def chosen(choice: Choice | None) -> None:
            self._asking = None
            if spec.name not in self._clashes or not self.is_mounted:
                return
            if choice is Choice.THEIRS:
                del self._clashes[spec.name]
                self._message(spec.name, "")
                self._mark(spec.name, "")
                self.refresh_from_state()  # the field shows the disk's value, its new base
            elif choice is not None:
                del self._clashes[spec.name]
                value = resolved(conflict, choice)
                self._save(spec, value, conflict.theirs, ask=True, quitting=quitting)
                if spec.name not in self._clashes:
                    self._show_saved(spec)
            if quitting and choice is None and spec.name in self._clashes:
                del self._clashes[spec.name]  # escape while quitting: quit, this one unsaved
                self._errors[spec.name] = "not saved: another session changed it"
            if quitting and self._asking is None:
                self.call_later(self.app.action_quit)  # the other fields, then quit

        shown = replace(conflict, mine=readable(spec, conflict.mine), theirs=readable(spec, conflict.theirs))
        self.app.push_screen(
            MergeConflictScreen(
                conflict_question("profile", [shown], {spec.name: spec.label}),
                both=conflict.is_list,
            ),
            chosen,
        )

    def _show_saved(self, spec: ProfileField) -> None:
        """The field shows what its conflict's choice saved (mine, or both lists merged)."""
        profile = self._stored_profile()
        widget = self.query_one(f"#{spec.widget_id}")
        if isinstance(widget, ProfileSelect):
            widget.show_stored(select_value(profile, spec.name))
        elif isinstance(widget, ProfileInput) and spec.name not in self._pending:
            widget.show_stored(field_text(profile, spec.name))

    def label(self, name: str) -> str:
        """A field's label as the form draws it, with its mark ("Step 2 CK *")."""
        return self.query_one(FormLabels).shown(FIELDS_BY_NAME[name].widget_id)

    def _mark(self, name: str, mark: str) -> None:
        spec = FIELDS_BY_NAME[name]
        self.query_one(FormLabels).set_mark(spec.widget_id, mark)
        widget = self.query_one(f"#{spec.widget_id}")
        widget.set_class(mark == EDITING, "-editing")
        widget.set_class(mark == NOT_SAVED, "-not-saved")

    def _message(self, name: str, text: str, error: bool = False) -> None:
        found = self.query(f"#msg-{name}")
        if not found:
            if not text:
                return
            widget = Static(text, id=f"msg-{name}", classes="field-message", markup=False)
            field = self.query_one(f"#{FIELDS_BY_NAME[name].widget_id}")
            self.query_one("#profile-fields").mount(widget, after=field)
        else:
            widget = found.only_one(Static)
        widget.update(text)
        widget.display = bool(text)
        widget.set_class(error, "-error")

    def _show_warnings(self, profile: Profile) -> None:
        """Warnings (not errors: the value is saved) under the fields they concern."""
        warnings = {"step2": "", "backup_specialty": ""}
        for warning in profile_warnings(profile):
            warnings["backup_specialty" if warning.startswith("backup") else "step2"] = warning
        for name, text in warnings.items():
            if name not in self._errors and name not in self._clashes:
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

"""Tab 5: away rotations (§4) with VSLO status, dates and whether a letter was asked.

Adding starts from the catalog (`ProgramPicker`, as on the Interviews tab: type to search, or
keep the typed text), and the form's program field searches again with the down arrow. The
catalog id is stored with the away (`program_id`): an accepted or completed away then raises
that program's estimated chance everywhere (core.fit AWAY_BONUS) and any logged away keeps the
program in the SmartPick list (core.smartpick.engine)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from smartpick_tui.core import rules
from smartpick_tui.core.lint import Lint
from smartpick_tui.core.trackers import Away, VsloStatus
from smartpick_tui.store import State
from smartpick_tui.tui.panes.base import PaneCommand
from smartpick_tui.tui.panes.tracker import TrackerPane
from smartpick_tui.tui.screens.form import FormField, RecordForm
from smartpick_tui.tui.screens.program_picker import Picked
from smartpick_tui.tui.widgets.lint_view import LintView
from smartpick_tui.tui.widgets.record_table import cell

STATUS_STYLE = {
    VsloStatus.ACCEPTED: "bold",
    VsloStatus.COMPLETED: "green",
    VsloStatus.DECLINED: "dim",
    VsloStatus.OFFERED: "bold",
}
FIELDS = (
    FormField("program_name", "Program", "program"),
    FormField("status", "VSLO status", "select", [(status.value, status.value) for status in VsloStatus]),
    FormField("start", "Starts", "date"),
    FormField("end", "Ends", "date"),
    FormField("letter_asked", "Letter asked", "bool"),
    FormField("notes", "Notes"),
)


class AwaysPane(TrackerPane[Away]):
    PANE_ID = "aways"
    TITLE = "Aways"
    PICKER_TITLE = "Away rotation at which program?"
    KEY = "5"
    NOUN = "away rotation"
    TABLE = "aways"
    COLUMNS = (("Program", 30), ("Status", 9), ("Starts", 10), ("Ends", 10), ("Letter", 6))
    FOOTNOTE = "Where (§4): " + " · ".join(c.rstrip(".") for c in rules.AWAY_CRITERIA)

    BINDINGS = [
        Binding(
            "l",
            "toggle_letter",
            "Letter asked",
            id="aways.letter_asked",
            tooltip="Letter asked for: yes / no",
        )
    ]

    def load(self, state: State) -> list[Away]:
        return sorted(state.aways(), key=lambda away: (away.start or "9999", away.program_name.casefold()))

    def cells(self, away: Away) -> list[Text]:
        style = STATUS_STYLE.get(away.status, "")
        return [
            cell(away.program_name, style),
            cell(away.status.value, style),
            cell(away.start),
            cell(away.end),
            cell("yes" if away.letter_asked else "no"),
        ]

    def form(self, away: Away | None, picked: Picked | None = None) -> RecordForm[Away]:
        if away is not None:
            values = away.to_dict()
        else:
            values = {"status": VsloStatus.PLANNED.value, "letter_asked": False}
            if picked is not None:
                values |= {"program_name": picked.name, "program_id": picked.program_id}
        title = f"Edit away: {away.program_name}" if away else "Add away rotation"
        return RecordForm(
            title, FIELDS, values, lambda raw: Away.from_form(away, raw), pick_program=self.program_picker
        )

    def delete_record(self, state: State, record_id: str) -> None:
        state.delete_away(record_id)

    def describe(self, away: Away) -> str:
        return f"the away at {away.program_name}"

    def show_lint(self, view: LintView, result: Lint, empty: bool) -> None:
        view.show([result.aways], result.for_area("aways"), [self.empty_hint()] if empty else [])

    def action_toggle_letter(self) -> None:
        away = self.selected
        if away is not None:
            value = not away.letter_asked  # only this field, over the away as it is on disk
            self.smartpick.save(lambda state: state.patch_record("aways", away.id, letter_asked=value))

    def commands(self) -> list[PaneCommand]:
        return [
            PaneCommand("Add away rotation", "Record a VSLO application or offer (§4)", self.action_add),
            PaneCommand("Edit away rotation", "Edit the highlighted away", self.action_edit),
            PaneCommand(
                "Delete away rotation",
                "Delete the highlighted away (asks first)",
                self.action_delete,
            ),
            PaneCommand(
                "Toggle letter asked at away",
                "Mark that you asked the highlighted away for a letter",
                self.action_toggle_letter,
            ),
        ]

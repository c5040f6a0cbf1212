"""Tab 6: letters of recommendation, sorted by the §5 priority list."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from smartpick_tui.core import rules
from smartpick_tui.core.lint import Lint, letters_by_priority
from smartpick_tui.core.rules import LetterKind
from smartpick_tui.core.trackers import Letter, LetterStatus
from smartpick_tui.services.reading import read_profile
from smartpick_tui.store import State
from smartpick_tui.tui.panes.base import PaneCommand
from smartpick_tui.tui.panes.tracker import TrackerPane
from smartpick_tui.tui.screens.form import FormField, RecordForm
from smartpick_tui.tui.screens.program_picker import Picked
from smartpick_tui.tui.widgets.lint_view import LintView
from smartpick_tui.tui.widgets.record_table import cell

KIND_LABELS = {
    LetterKind.AWAY_SPECIALTY: "Away, specialty",
    LetterKind.HOME_INDIVIDUAL: "Home individual",
    LetterKind.RESEARCH_MENTOR: "Research mentor",
    LetterKind.BACKUP_SUBI: "Backup / sub-I",
    LetterKind.SLOE: "SLOE (EM)",
}


def fields_for(specialty: str, current: LetterKind | None = None) -> tuple[FormField, ...]:
    """The form, with the kinds of the profile's specialty (and a stored letter's own kind)."""
    kinds = [rule.kind for rule in rules.letter_priority(specialty)]
    if current is not None and current not in kinds:
        kinds.append(current)
    return (
        FormField("writer", "Writer"),
        FormField(
            "kind",
            "Kind (§5)",
            "select",
            [(f"{rules.letter_rule(kind).priority}. {KIND_LABELS[kind]}", kind.value) for kind in kinds],
        ),
        FormField("status", "Status", "select", [(status.value, status.value) for status in LetterStatus]),
        FormField("role", "Role", placeholder="e.g. Program director"),
        FormField("institution", "Institution"),
        FormField("generic", "Generic", "bool"),
        FormField("notes", "Notes"),
    )


class LettersPane(TrackerPane[Letter]):
    PANE_ID = "letters"
    TITLE = "Letters"
    KEY = "6"
    NOUN = "letter"
    TABLE = "letters"
    COLUMNS = (("§5", 2), ("Writer", 22), ("Kind", 15), ("Status", 8), ("Institution", 15))
    STRETCH = "Writer"
    FOOTNOTE = rules.LETTERS_AVOID + " Mark such a letter 'generic'."

    BINDINGS = [
        Binding(
            "u", "uploaded", "Uploaded", id="letters.uploaded", tooltip="Mark the highlighted letter uploaded"
        )
    ]

    def load(self, state: State) -> list[Letter]:
        return letters_by_priority(state.letters())

    def cells(self, letter: Letter) -> list[Text]:
        style = "dim" if letter.generic else ("bold" if letter.status is LetterStatus.UPLOADED else "")
        kind = KIND_LABELS[letter.kind] + (" (generic)" if letter.generic else "")
        return [
            cell(rules.letter_rule(letter.kind).priority),
            cell(letter.writer, style),
            cell(kind, style),
            cell(letter.status.value, style),
            cell(letter.institution or letter.role),
        ]

    def form(self, letter: Letter | None, picked: Picked | None = None) -> RecordForm[Letter]:
        specialty = read_profile(self.smartpick.state).specialty
        first = rules.letter_priority(specialty)[0].kind
        values = (
            letter.to_dict()
            if letter
            else {"kind": first.value, "status": LetterStatus.TO_ASK.value, "generic": False}
        )
        title = f"Edit letter: {letter.writer}" if letter else "Add letter"
        return RecordForm(
            title,
            fields_for(specialty, letter.kind if letter else None),
            values,
            lambda raw: Letter.from_form(letter, raw),
        )

    def delete_record(self, state: State, record_id: str) -> None:
        state.delete_letter(record_id)

    def describe(self, letter: Letter) -> str:
        return f"the letter from {letter.writer}"

    def show_lint(self, view: LintView, result: Lint, empty: bool) -> None:
        view.show([result.letters], result.for_area("letters"), [self.empty_hint()] if empty else [])

    def action_uploaded(self) -> None:
        letter = self.selected
        if letter is not None:
            self.smartpick.save(  # only the status, over the letter as it is on disk
                lambda state: state.patch_record("letters", letter.id, status=LetterStatus.UPLOADED),
                f"Marked the letter from {letter.writer} uploaded.",
            )

    def commands(self) -> list[PaneCommand]:
        return [
            PaneCommand("Add letter", "Record a letter writer (§5 priority list)", self.action_add),
            PaneCommand("Edit letter", "Edit the highlighted letter", self.action_edit),
            PaneCommand(
                "Mark letter uploaded",
                "Set the highlighted letter's status to uploaded",
                self.action_uploaded,
            ),
            PaneCommand("Delete letter", "Delete the highlighted letter (asks first)", self.action_delete),
        ]

"""Tab 7: the log of emails sent (§6), its counters, and the §9 check of the whole strategy.

The prestige check needs the reach/target/safety class of the programs marked "apply"; that
comes from the catalog and the fit model, which are loaded in a thread so this tab never waits
on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.content import Content

from smartpick_tui.core import rules
from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.draft_checks import draft_name
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.lint import PRESTIGE_MIN_PROGRAMS, UNDETECTABLE, Lint
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, Mistake
from smartpick_tui.core.trackers import OutreachEntry, ProgramClass, ProgramMark
from smartpick_tui.services.reading import read_profile
from smartpick_tui.store import State
from smartpick_tui.tui.panes.base import PaneCommand
from smartpick_tui.tui.panes.tracker import TrackerPane
from smartpick_tui.tui.screens.form import FormField, RecordForm
from smartpick_tui.tui.screens.program_picker import Picked
from smartpick_tui.tui.widgets.lint_view import LintView, finding_line
from smartpick_tui.tui.widgets.record_table import cell
from smartpick_tui.tui.workers import post_result

# The drafts' one table of kind names (the email kinds are draft kinds of the same value).
KIND_LABELS = {kind: draft_name(kind.value) for kind in EmailKind}
FIELDS = (
    FormField("program_name", "Program", "program"),
    FormField("kind", "Kind (§6)", "select", [(KIND_LABELS[kind], kind.value) for kind in EmailKind]),
    FormField("sent_on", "Sent on", "date"),
    FormField("notes", "Notes"),
)


def classify_marked(profile: Profile, marks: Sequence[ProgramMark]) -> list[ProgramClass] | None:
    """The class of each program marked "apply": the user's override, else the fit model's
    estimate. None when some program cannot be classed (no score yet, or not in the catalog)."""
    classes = [mark.class_override for mark in marks if mark.class_override is not None]
    rest = [mark.program_id for mark in marks if mark.class_override is None]
    if not rest:
        return classes
    if profile.step2 is None:
        return None
    catalog = cached_catalog(None)
    programs = [catalog.by_id[program_id] for program_id in rest if program_id in catalog.by_id]
    if len(programs) < len(rest):
        return None
    return classes + [fit.klass for fit in fit_all(profile, programs)]


class OutreachPane(TrackerPane[OutreachEntry]):
    PANE_ID = "outreach"
    TITLE = "Outreach"
    PICKER_TITLE = "Email to which program?"
    KEY = "7"
    NOUN = "email"
    TABLE = "outreach"
    COLUMNS = (("Sent on", 10), ("Program", 30), ("Kind", 14), ("Notes", 14))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._reach_classes: list[ProgramClass] | None = None
        self._classified_for: object = None

    def load(self, state: State) -> list[OutreachEntry]:
        entries = sorted(state.outreach(), key=lambda entry: entry.program_name.casefold())
        return sorted(entries, key=lambda entry: entry.sent_on, reverse=True)

    def cells(self, entry: OutreachEntry) -> list[Text]:
        return [
            cell(entry.sent_on),
            cell(entry.program_name),
            cell(KIND_LABELS[entry.kind]),
            cell(entry.notes.replace("\n", " ")),
        ]

    def form(self, entry: OutreachEntry | None, picked: Picked | None = None) -> RecordForm[OutreachEntry]:
        if entry is not None:
            values = entry.to_dict()
        else:
            values = {"kind": EmailKind.AWAY_REQUEST.value, "sent_on": self.today().isoformat()}
            if picked is not None:
                values |= {"program_name": picked.name, "program_id": picked.program_id}
        title = f"Edit email to {entry.program_name}" if entry else "Log an email sent"
        return RecordForm(
            title,
            FIELDS,
            values,
            lambda raw: OutreachEntry.from_form(entry, raw),
            pick_program=self.program_picker,
        )

    def delete_record(self, state: State, record_id: str) -> None:
        state.delete_outreach(record_id)

    def describe(self, entry: OutreachEntry) -> str:
        return f"the {KIND_LABELS[entry.kind].lower()} to {entry.program_name} ({entry.sent_on})"

    # --- the §9 check --------------------------------------------------------------------------
    def list_classes(self) -> Sequence[ProgramClass] | None:
        state = self.smartpick.state
        profile = read_profile(state)
        marks = tuple(mark for mark in state.marks().values() if mark.apply and not mark.exclude)
        key = (profile, marks)
        if key != self._classified_for:
            self._classified_for = key
            self._classify(profile, marks)
        return self._reach_classes

    @work(thread=True, exclusive=True, group="outreach-classes")
    def _classify(self, profile: Profile, marks: tuple[ProgramMark, ...]) -> None:
        classes = classify_marked(profile, marks)
        post_result(self.app, self._classes_ready, classes)

    def _classes_ready(self, classes: list[ProgramClass] | None) -> None:
        if classes != self._reach_classes:
            self._reach_classes = classes
            self.refresh_from_state()

    def show_lint(self, view: LintView, result: Lint, empty: bool) -> None:
        """Counters, then the §9 check: what is detected, what is clear, what the data cannot show."""
        found = {finding.mistake for finding in result.mistakes}
        clear, unknown = [], []
        for mistake in Mistake:
            title = rules.MISTAKES[mistake][0]
            if mistake in found:
                continue
            if mistake in UNDETECTABLE:
                unknown.append(f"{title} (not in the data)")
            elif mistake is Mistake.PRESTIGE and (
                self._reach_classes is None or len(self._reach_classes) < PRESTIGE_MIN_PROGRAMS
            ):
                unknown.append(
                    f"{title} (needs a score and {PRESTIGE_MIN_PROGRAMS}+ programs marked to apply)"
                )
            else:
                clear.append(title)
        lines = [finding_line(finding) for finding in result.for_area("outreach") if finding.mistake is None]
        lines.append(Content.styled("Common mistakes (§9)", "bold $accent"))
        lines += [finding_line(finding) for finding in result.mistakes]
        if clear:
            lines.append(Content.assemble(("✓ Not seen: ", "bold $success"), ", ".join(clear)))
        if unknown:
            lines.append(Content.assemble(("· Not checked: ", "bold"), ("; ".join(unknown), "$text-muted")))
        if empty:
            lines.append(self.empty_hint())
        view.show([result.emails, result.radar], [], lines)

    def commands(self) -> list[PaneCommand]:
        return [
            PaneCommand(
                "Log an email sent",
                "Record an away request, radar note, thank-you or pre-rank email (§6)",
                self.action_add,
            ),
            PaneCommand("Edit email log entry", "Edit the highlighted email", self.action_edit),
            PaneCommand(
                "Delete email log entry",
                "Delete the highlighted email (asks first)",
                self.action_delete,
            ),
        ]

"""Tab 9: interviews (invited, scheduled, completed ...) with the FAQ 5 count, impressions and
ratings on the user's own criteria; r opens the rank order list (`screens.rank`).

Adding starts from the catalog (`ProgramPicker`: type to search, or keep the typed text).
Edits save only the fields the form changed, over the interview as it is on disk, so an edit
made in another session to another field is kept (docs/pitfalls.md: whole-record writes lost it).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.content import Content

from smartpick_tui.core.interviews import (
    CRITERIA_SLOTS,
    Criteria,
    Interview,
    InterviewFormat,
    InterviewStatus,
    changed_fields,
    interview_check,
    weighted_score,
)
from smartpick_tui.core.lint import Lint
from smartpick_tui.core.profile import Profile
from smartpick_tui.services.reading import read_profile
from smartpick_tui.store import State
from smartpick_tui.tui.panes.base import PaneCommand
from smartpick_tui.tui.panes.tracker import TrackerPane
from smartpick_tui.tui.screens.form import FormField, RecordForm
from smartpick_tui.tui.screens.program_picker import Picked
from smartpick_tui.tui.widgets.lint_view import LintView, counter_line, finding_line
from smartpick_tui.tui.widgets.record_table import cell

STATUS_STYLE = {
    InterviewStatus.COMPLETED: "green",
    InterviewStatus.SCHEDULED: "bold",
    InterviewStatus.DECLINED: "dim",
    InterviewStatus.CANCELLED: "dim",
}
THANK_YOU_LABEL = "Thank-you"  # the form's label; the Drafts tab has the thank-you email kind


def interview_fields(criteria: Criteria) -> tuple[FormField, ...]:
    return (
        FormField("program_name", "Program"),
        FormField("status", "Status", "select", [(s.value, s.value) for s in InterviewStatus]),
        FormField("format", "Format", "select", [(f.value, f.value) for f in InterviewFormat]),
        FormField("invited_on", "Invited on", "date"),
        FormField("scheduled_for", "Interview", "date"),
        FormField("thank_you_sent", THANK_YOU_LABEL, "bool"),
        *(
            FormField(f"rating_{slot}", criteria.name(slot)[:12], placeholder="1-5, empty: not rated")
            for slot in criteria.slots
        ),
        FormField("impressions", "Impressions", placeholder="what stood out, for the rank list"),
    )


CRITERIA_FIELDS = tuple(
    field
    for slot in range(1, CRITERIA_SLOTS + 1)
    for field in (
        FormField(f"name_{slot}", f"Criterion {slot}"),
        FormField(f"weight_{slot}", "  weight", placeholder="0-5 (0: left out)"),
    )
)


class InterviewsPane(TrackerPane[Interview]):
    PANE_ID = "interviews"
    TITLE = "Interviews"
    PICKER_TITLE = "Interview at which program?"
    KEY = "9"
    NOUN = "interview"
    TABLE = "interviews"
    COLUMNS = (
        ("Program", 26),
        ("Status", 10),
        ("Date", 10),
        ("Format", 9),
        ("Thx", 3),
        ("Score", 5),
    )
    FOOTNOTE = (
        "t: thank-you sent (write it in Drafts, kind thank-you) · c: your criteria and "
        "weights · r: the rank order list"
    )

    BINDINGS = [
        Binding(
            "t",
            "toggle_thank_you",
            "Thank-you",
            id="interviews.thank_you",
            tooltip="Mark the thank-you note sent / not sent",
        ),
        Binding(
            "c",
            "criteria",
            "Criteria",
            id="interviews.criteria",
            tooltip="Your ranking criteria and their weights",
        ),
        Binding("r", "rank", "Rank list", id="interviews.rank", tooltip="Open the rank order list"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._criteria = Criteria()

    def _profile(self) -> Profile:
        return read_profile(self.smartpick.state)

    def load(self, state: State) -> list[Interview]:
        self._criteria = state.criteria()
        return sorted(
            state.interviews(), key=lambda i: (i.scheduled_for or "9999", i.program_name.casefold())
        )

    def cells(self, interview: Interview) -> list[Text]:
        style = STATUS_STYLE.get(interview.status, "")
        score = weighted_score(interview, self._criteria)
        return [
            cell(interview.program_name, style),
            cell(interview.status.value, style),
            cell(interview.scheduled_for or interview.invited_on),
            cell(interview.format.value),
            cell("yes" if interview.thank_you_sent else "no"),
            cell("" if score is None else f"{score:.1f}"),
        ]

    def form(self, interview: Interview | None, picked: Picked | None = None) -> RecordForm[Interview]:
        if interview is not None:
            values = interview.to_dict()
            title = f"Edit interview: {interview.program_name}"
            base = interview
        else:
            values = {
                "program_name": picked.name if picked else "",
                "status": InterviewStatus.INVITED.value,
                "format": InterviewFormat.VIRTUAL.value,
                "invited_on": self.today().isoformat(),
                "thank_you_sent": False,
            }
            title = "Add interview"
            base = None
        program_id = picked.program_id if picked else None

        def build(raw: dict[str, Any]) -> Interview:
            if base is None:
                raw = {**raw, "program_id": program_id}
            return Interview.from_form(base, raw)

        return RecordForm(title, interview_fields(self._criteria), values, build)

    def delete_record(self, state: State, record_id: str) -> None:
        state.delete_interview(record_id)

    def describe(self, interview: Interview) -> str:
        return f"the interview at {interview.program_name}"

    def show_lint(self, view: LintView, result: Lint, empty: bool) -> None:
        """The FAQ 5 counter, whose target it is, and the warnings (the §9 lint is elsewhere)."""
        check = interview_check(self._profile(), list(self._records.values()))
        lines = [
            counter_line(check.counter),
            Content.styled(f"Target {check.target_note}", "$text-muted"),
        ]
        lines += [finding_line(finding) for finding in check.findings]
        if empty:
            lines.append(self.empty_hint())
        view.update(Content("\n").join(lines))

    # --- actions ---------------------------------------------------------------------------
    def action_toggle_thank_you(self) -> None:
        interview = self.selected
        if interview is not None:
            value = not interview.thank_you_sent
            self.smartpick.save(
                lambda state: state.patch_interview(interview.id, thank_you_sent=value),
                f"Thank-you to {interview.program_name}: {'sent' if value else 'not sent'}.",
            )

    def action_criteria(self) -> None:
        base = self._criteria
        form: RecordForm[Criteria] = RecordForm(
            "Your interview criteria (names) and their weights for sorting the rank list",
            CRITERIA_FIELDS,
            base.to_dict(),
            lambda raw: base.with_changes(**raw),
        )
        form.commit = lambda built: self.smartpick.save(
            lambda state: state.patch_criteria(**changed_fields(base, built))
        )
        self.app.push_screen(form)

    def action_rank(self) -> None:
        from smartpick_tui.tui.screens.rank import RankScreen

        self.app.push_screen(RankScreen(self.action_criteria))

    def commands(self) -> list[PaneCommand]:
        return [
            PaneCommand("Add interview", "Record an interview invitation (FAQ 5 count)", self.action_add),
            PaneCommand("Edit interview", "Edit the highlighted interview", self.action_edit),
            PaneCommand(
                "Delete interview",
                "Delete the highlighted interview (asks first)",
                self.action_delete,
            ),
            PaneCommand(
                "Toggle thank-you sent",
                "Mark the thank-you email to the highlighted program "
                "sent (write it in Drafts, kind thank-you)",
                self.action_toggle_thank_you,
            ),
            PaneCommand(
                "Edit interview criteria",
                "Rename your rating criteria and set their weights",
                self.action_criteria,
            ),
            PaneCommand(
                "Rank order list",
                "Order your interviewed programs, check the §10 safety net, export CSV",
                self.action_rank,
            ),
        ]

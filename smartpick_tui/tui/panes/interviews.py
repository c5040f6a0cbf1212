"""Tab 9: interviews (invited, scheduled, completed ...) with the FAQ 5 count, impressions and
ratings on the user's own criteria; r opens the rank order list (`screens.rank`).

Adding starts from the catalog (`ProgramPicker`: type to search, or keep the typed text).
Edits save only the fields the form changed, over the interview as it is on disk, so an edit
made in another session to another field is kept (docs/pitfalls.md: whole-record writes lost it).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
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
    thanks_for,
    weighted_score,
)
from smartpick_tui.core.invites import clashes, offered_conflicts, open_invites
from smartpick_tui.core.lint import Lint
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.trackers import OutreachEntry
from smartpick_tui.services.invites import InviteProposal
from smartpick_tui.services.reading import read_interviews, read_profile
from smartpick_tui.store import State
from smartpick_tui.tui.panes.base import PaneCommand
from smartpick_tui.tui.panes.tracker import TrackerPane
from smartpick_tui.tui.screens.form import FormField, RecordForm
from smartpick_tui.tui.screens.program_picker import Picked
from smartpick_tui.tui.widgets.lint_view import LintView, counter_line, finding_line
from smartpick_tui.tui.widgets.record_table import cell
from smartpick_tui.tui.workers import post_result

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
        # The invitation's own dates (a pasted invitation fills them: p); last, so the fields
        # used at every interview keep their places.
        FormField("offered_dates", "Offered", placeholder="dates offered: YYYY-MM-DD, YYYY-MM-DD"),
        FormField("reply_by", "Reply by", "date"),
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
        "p: paste an invitation · t: thank-you sent (write it in Drafts, kind thank-you) · "
        "c: your criteria and weights · r: the rank order list"
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
        Binding(
            "p",
            "paste_invite",
            "Paste invite",
            id="interviews.paste",
            tooltip="Paste an invitation email: program, offered dates and reply deadline read for you",
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._criteria = Criteria()
        self._proposal: InviteProposal | None = None  # a pasted invitation, until its form opens

    def _profile(self) -> Profile:
        return read_profile(self.smartpick.state)

    def load(self, state: State) -> list[Interview]:
        self._criteria = state.criteria()
        return sorted(
            read_interviews(state), key=lambda i: (i.scheduled_for or "9999", i.program_name.casefold())
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
            values = interview.to_dict() | {"offered_dates": ", ".join(interview.offered_dates)}
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
            proposal, self._proposal = self._proposal, None
            if proposal is not None:  # what the pasted invitation said, to check before saving
                reading = proposal.reading
                values |= {
                    "offered_dates": reading.offered_text,
                    "reply_by": reading.reply_by.isoformat() if reading.reply_by else "",
                }
                if reading.format is not None:
                    values["format"] = reading.format.value
                title = "Add interview (read from the invitation: check it)"
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
        today = self.today()
        interviews = list(self._records.values())
        queue = open_invites(interviews, today)
        if queue:
            lines.append(Content.styled(f"Open invitations ({len(queue)}), nearest deadline first:", "bold"))
            for invite in queue:
                late = invite.days_left is None or invite.days_left <= 1
                lines.append(Content.styled("  " + invite.text, "$warning" if late else ""))
                lines += [
                    Content.styled("    ! " + c, "$warning")
                    for c in offered_conflicts(invite.interview, interviews)
                ]
        lines += [Content.styled("! Clash " + clash.text, "bold $error") for clash in clashes(interviews)]
        if empty:
            lines.append(self.empty_hint())
        view.update(Content("\n").join(lines))

    # --- actions ---------------------------------------------------------------------------
    def action_toggle_thank_you(self) -> None:
        """One fact with the Drafts tab's ctrl+t: sent logs the email in Outreach (dated today;
        it counts toward §6's 10-20 emails) and ticks the interview; not sent undoes both."""
        interview = self.selected
        if interview is None:
            return
        value = not interview.thank_you_sent
        today = self.today().isoformat()

        def change(state: State) -> None:
            logged = thanks_for(interview, state.outreach())
            if value and not logged:
                state.upsert_outreach(
                    OutreachEntry(
                        interview.program_name, EmailKind.THANK_YOU, today, program_id=interview.program_id
                    )
                )
            for entry in logged if not value else ():
                state.delete_outreach(entry.id)
            state.patch_interview(interview.id, thank_you_sent=value)

        said = "sent (logged in Outreach)" if value else "not sent (removed from Outreach)"
        self.smartpick.save(change, f"Thank-you to {interview.program_name}: {said}.")

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

    def action_paste_invite(self) -> None:
        """Paste → read (a worker: the catalog search) → the picker on the name read → the form
        with the dates and deadline read. Nothing is saved until the form is."""
        from smartpick_tui.tui.screens.paste_invite import PasteInviteScreen

        def pasted(text: str | None) -> None:
            if text:
                self._read_invite(text)

        self.app.push_screen(PasteInviteScreen(), pasted)

    @work(thread=True, exclusive=True, group="interviews-invite")
    def _read_invite(self, text: str) -> None:
        from smartpick_tui.services.catalog import indexed_catalog
        from smartpick_tui.services.invites import propose
        from smartpick_tui.store.paths import imports_path

        _catalog, index = indexed_catalog(imports_path(self.smartpick.db_path))
        proposal = propose(text, index, self._profile().specialty, list(self._records.values()), self.today())
        post_result(self.app, self._invite_read, proposal)

    def _invite_read(self, proposal: InviteProposal) -> None:
        reading = proposal.reading
        for note in (*reading.notes, *proposal.conflicts):
            self.notify(note, severity="warning", markup=False, timeout=8)
        self._proposal = proposal

        def picked(choice: Picked | None) -> None:
            if choice is None:
                self._proposal = None
            else:
                self._open_form(None, choice)

        # The catalog's best match by name when the search found one (the picker lists it
        # first, the other matches below); otherwise the words the email used.
        best = proposal.programs[0] if proposal.programs else None
        picker = self.program_picker(display_name(best) if best is not None else reading.program_hint)
        self.app.push_screen(picker, picked)

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
                "Paste an interview invitation",
                "Read the program, offered dates and reply deadline from the email (p on Interviews)",
                self.action_paste_invite,
            ),
            PaneCommand(
                "Rank order list",
                "Order your interviewed programs, check the §10 safety net, export CSV",
                self.action_rank,
            ),
        ]

"""Tab 8: write the §6 emails and §7 personal-statement snippets from templates, check them
against the article as you type, and copy them out over SSH (`tui.text_out`: OSC 52, or the
browser under `smartpick serve`).

A view over `drafts.session.DraftSession`, which keeps the tab's invariant (the editor holds
the text for exactly the `Choice` the selectors show, and an edit on screen is on disk) and
decides writes, conflicts, keep / discard and what may be copied, saved or logged, without the
app. This module draws what it returns, asks its questions and runs the workers: the catalog
and the renders load in threads (a user template renders in a sandboxed child process), never
on the UI thread, where the catalog's cache lock could hold the keys while the Programs tab
loads it. Elsewhere: the selectors and the program search (`widgets.draft_pickers`), the
editor, labels and check verdict (`widgets.draft_editor`), the programs a kind is written to
(`services.draft_programs`), saved drafts' file names (`store.paths`).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Select, Static, TextArea

from smartpick_tui.core.catalog import Catalog
from smartpick_tui.core.draft_checks import (
    DRAFT_SPECS,
    DraftKind,
    check_draft,
    draft_name,
    facts_for,
    kind_applies,
)
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.merge import Choice as MergeChoice
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.trackers import OutreachEntry, ProgramMark
from smartpick_tui.drafts.render import Draft, DraftError, DraftRequest
from smartpick_tui.drafts.session import (
    CONFLICT_STATUS,
    STILL_RENDERING,
    Choice,
    Conflict,
    DraftSession,
    Shown,
)
from smartpick_tui.services.catalog import indexed_catalog
from smartpick_tui.services.draft_programs import program_choices
from smartpick_tui.store import StoreError
from smartpick_tui.store.paths import draft_paths, drafts_dir, imports_path
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.screens.confirm import ConfirmScreen
from smartpick_tui.tui.screens.conflict import MergeConflictScreen, shown_value
from smartpick_tui.tui.screens.draft_edit import EditChoice, KeepOrDiscardScreen
from smartpick_tui.tui.text_out import copy_text, save_text
from smartpick_tui.tui.widgets.draft_editor import DraftEditor, finding_text
from smartpick_tui.tui.widgets.draft_pickers import DraftPickers
from smartpick_tui.tui.workers import post_result


class DraftsPane(Pane):
    PANE_ID = "drafts"
    TITLE = "Drafts"
    KEY = "8"
    BINDINGS = [
        Binding(
            "ctrl+o",
            "copy_draft",
            "Copy",
            tooltip="Send the draft to your clipboard (OSC 52)",
            id="drafts.copy",
        ),
        Binding("ctrl+s", "save_draft", "Save", tooltip="Save the draft to a new file", id="drafts.save"),
        Binding(
            "ctrl+t", "mark_sent", "Sent", tooltip="Log this email as sent in Outreach", id="drafts.sent"
        ),
        Binding(
            "ctrl+r",
            "rerender",
            "Reset",
            tooltip="Back to the template (asks before dropping an edit)",
            id="drafts.reset",
        ),
    ]
    HELP_NOTE = (
        "Kinds of draft: "
        + ", ".join(spec.name for spec in DRAFT_SPECS.values())
        + ". An edit is saved as you type, per kind, program and variant; it comes back "
        "when you return to them, until ctrl+r resets it to the template."
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = DraftSession(lambda: self.smartpick.state, self.today)
        self._catalog: Catalog | None = None  # shipped + imports, loaded in a worker
        self._filled = False  # refresh_from_state has run: the selectors hold the state's choices
        self._profile = Profile()
        self._aways: list[Any] = []
        self._letters: list[Any] = []
        self._marks: dict[str, ProgramMark] = {}
        self._outreach: list[OutreachEntry] = []
        self._interviews: list[Interview] = []
        self._loading = False  # the editor is being loaded: its change is not an edit
        self._variants_offered = False  # the variant select lists the kind's templates

    # --- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DraftPickers(
            lambda: imports_path(self.smartpick.db_path), lambda: self._profile.specialty, id="draft-choice"
        )
        yield Static("", id="draft-status", markup=False)
        yield DraftEditor(
            "",
            id="draft-editor",
            soft_wrap=True,
            tab_behavior="focus",
            on_change=self._editor_changed,
        )
        yield Static("", id="draft-checks", markup=False)

    def focus_main(self) -> None:
        self.query_one("#draft-kind", Select).focus()

    # --- state ----------------------------------------------------------------------------
    @property
    def pickers(self) -> DraftPickers:
        return self.query_one(DraftPickers)

    @property
    def kind(self) -> DraftKind:
        return self.pickers.kind

    @property
    def program(self) -> Program | None:
        return self.pickers.program

    @property
    def text(self) -> str:
        return self.query_one("#draft-editor", TextArea).text

    @property
    def edited(self) -> bool:
        return self.session.edited(self.text)

    @property
    def _draft(self) -> Draft | None:
        """The render shown (tests read its variant)."""
        return self.session.draft

    def _choice(self) -> Choice:
        return self.pickers.choice

    def on_mount(self) -> None:
        self.call_after_refresh(self._load_catalog)

    def _load_catalog(self) -> None:
        """Fetch the catalog (a new one after an import) off the UI thread."""
        self._catalog_worker(imports_path(self.smartpick.db_path))

    @work(thread=True, exclusive=True, group="draft-catalog")
    def _catalog_worker(self, path: Path) -> None:
        post_result(self.app, self._catalog_loaded, indexed_catalog(path)[0])

    def _catalog_loaded(self, catalog: Catalog) -> None:
        if catalog is self._catalog:
            return
        self._catalog = catalog
        if self._filled:
            self._fill()

    def refresh_from_state(self) -> None:
        state = self.smartpick.state
        try:
            self._profile = state.profile()
            self._aways, self._letters = state.aways(), state.letters()
            self._marks, self._outreach = state.marks(), state.outreach()
            self._interviews = state.interviews()
        except (
            StoreError,
            ValueError,
        ) as error:  # the app reports it too; say why this tab is stale
            self._status(f"Could not read the state: {error}")
            return
        self._filled = True
        self._load_catalog()
        self._fill()

    def _fill(self) -> None:
        """The selectors for what was read, and the draft for them."""
        self._sync_kinds()
        self._offer_kind_programs()
        # Someone else's change (profile, trackers) re-renders an unedited draft; an edit
        # stays on screen as typed (it is on disk) unless the selectors moved off it (a
        # new default program, a kind the profile no longer offers).
        if self.session.asking:
            return  # the keep / discard question decides what is shown next
        if self.session.needs_render(self._choice(), self.text):
            self.render_draft()
        elif theirs := self.session.take_theirs(self.text):
            self._draw(theirs)
            self.notify("This draft was changed in another session; it now shows that text.", markup=False)
        else:
            self._status(self.session.edited_status())

    def _offer_kind_programs(self) -> None:
        """The kind's own programs in the program selector (unless a search holds it). The
        callers render when the selectors no longer match what is shown."""
        catalog = self._catalog
        self.pickers.offer_programs(
            []
            if catalog is None
            else program_choices(
                self.kind, self._marks, self._aways, self._outreach, self._interviews, catalog
            )
        )

    def _sync_kinds(self) -> None:
        kinds = [spec.kind.value for spec in DRAFT_SPECS.values() if kind_applies(spec, self._profile)]
        if self.pickers.offer_kinds(kinds):
            self._set_variant_options()

    def _set_variant_options(self) -> None:
        self._variants_offered = True
        self.pickers.offer_variants(self.session.renderer.templates.variants(self.kind))

    # --- choosing -------------------------------------------------------------------------
    @on(Select.Changed, "#draft-kind")
    def _kind_changed(self) -> None:
        self._set_variant_options()
        self._offer_kind_programs()
        self.render_draft()

    @on(Select.Changed, "#draft-program")
    @on(DraftPickers.Moved)
    def _program_changed(self) -> None:
        self.render_draft()

    @on(Select.Changed, "#draft-variant")
    def _variant_changed(self) -> None:
        session, choice = self.session, self._choice()
        shown = session.shown
        concrete = partial(session.concrete_variant, choice, self.program, self._profile)
        if shown is None or not session.asks_before(choice, concrete, self.text):
            self.render_draft()
            return
        label = session.draft.template.label if session.draft else ""
        where = f" for {clean_line(display_name(self.program))}" if self.program else ""
        key = session.key
        self.app.push_screen(
            KeepOrDiscardScreen(
                f"You edited variant {label} of this {draft_name(shown.kind).lower()}{where}. "
                "Switch variant: keep your edit or discard it?"
            ),
            lambda answer: self._variant_answer(shown, key, answer),
        )

    def _variant_answer(self, shown: Choice, key: str | None, answer: EditChoice | None) -> None:
        render, error = self.session.answered(key, None if answer is None else answer == "keep")
        if error:
            self.notify(error, severity="error", markup=False)
        if render:
            self.render_draft()
            return
        self.pickers.restore_variant(shown.variant)  # stay (or the discard failed): the edited variant

    # --- rendering ------------------------------------------------------------------------
    def render_draft(self) -> None:
        """Render the chosen kind/program/variant into the editor (in a thread)."""
        if not self._variants_offered:
            self._set_variant_options()
        choice = self._choice()
        request = self.session.request(
            choice, self.program, self._profile, tuple(self._aways), tuple(self._letters)
        )
        if isinstance(request, Shown):
            self._draw(request)
            return
        self._status("Rendering…")
        self._render_worker(choice, request)

    @work(thread=True, exclusive=True, group="draft-render")
    def _render_worker(self, choice: Choice, request: DraftRequest) -> None:
        post_result(self.app, self._show_result, choice, self.session.renderer.render(request))

    def _show_result(self, choice: Choice, result: Draft | DraftError) -> None:
        if choice != self._choice():
            return  # made for a choice the selectors no longer show; its successor is coming
        self._draw(self.session.rendered(choice, result))

    def _draw(self, shown: Shown) -> None:
        """Draw what the session says is shown: the editor's text (when it changes), the status,
        an error to tell."""
        if shown.text is not None:
            editor = self.query_one("#draft-editor", TextArea)
            self._loading = True
            try:
                editor.load_text(shown.text)
            finally:
                self._loading = False
        self._status(shown.status)
        if shown.error:
            self.notify(shown.error, severity="error", markup=False)
        if shown.text is not None:
            self._run_checks()

    def _status(self, message: str) -> None:
        self.query_one("#draft-status", Static).update(Content(clean_line(message)))

    @on(TextArea.Changed, "#draft-editor")
    def _run_checks(self) -> None:
        checks = self.query_one("#draft-checks", Static)
        if not self.text.strip():
            checks.update(Content(""))
            return
        checks.update(finding_text(check_draft(self.kind, self.text, facts_for(self._profile, self.today()))))

    # --- the edit is state --------------------------------------------------------------------
    def _editor_changed(self, text: str) -> None:
        """Called by the editor before it shows a change: the session stores the edit (or asks
        about another session's typing into the same draft) before the screen can draw it."""
        if self._loading:
            return
        result = self.session.edit(text)
        if isinstance(result, Conflict):
            self._ask_draft_conflict(result)
        elif result is not None:
            self._draw(result)

    def _ask_draft_conflict(self, conflict: Conflict) -> None:
        """Another session changed this draft: keep mine, keep theirs, or both (theirs, then
        mine). Escape leaves mine on screen, not saved, and the next keystroke asks again."""
        self._status(CONFLICT_STATUS)

        def chosen(choice: MergeChoice | None) -> None:
            shown = self.session.resolve(conflict, choice)
            if shown is not None:
                self._draw(shown)

        question = (
            "Another session changed this draft while you typed.\n"
            f"Theirs: {shown_value(conflict.theirs)}\nYours: {shown_value(conflict.mine)}\n"
            "Keep both puts theirs first, then yours."
        )
        self.app.push_screen(MergeConflictScreen(question), chosen)

    # --- actions ----------------------------------------------------------------------------
    def _output(self, verb: str) -> str | None:
        """The text to copy or save: the editor's, only when it is for what the selectors show
        (not one still rendering) and not empty; None after saying why."""
        text = self.session.output(self._choice(), self.text)
        if text is None:
            self.notify(STILL_RENDERING, severity="warning")
        elif not text.strip():
            self.notify(f"Nothing to {verb} yet.", severity="warning")
            return None
        return text

    def action_copy_draft(self) -> None:
        if (text := self._output("copy")) is not None:
            copy_text(self, text, f"the {draft_name(self.kind).lower()}", "ctrl+s")

    def action_save_draft(self) -> None:
        if (text := self._output("save")) is not None:
            folder = drafts_dir(self.smartpick.db_path)
            paths = draft_paths(folder, self.kind, self.program, self.today().isoformat())
            save_text(self, text, f"the {draft_name(self.kind).lower()}", folder, paths)

    def action_mark_sent(self) -> None:
        entry = self.session.sent_entry(self._choice(), self.program, self.smartpick.state.outreach)
        if isinstance(entry, str):
            self.notify(entry, severity="warning", markup=False)
            return
        self.smartpick.save(
            lambda state: state.upsert_outreach(entry),
            f"Logged in Outreach: {draft_name(self.kind).lower()} to "
            f"{clean_line(entry.program_name)}, {entry.sent_on}",
        )

    def action_rerender(self) -> None:
        key = self.session.key
        if not self.edited or key is None:
            self.render_draft()
            return
        where = f" for {clean_line(display_name(self.program))}" if self.program else ""

        def answered(drop: bool | None) -> None:
            if not drop or key != self.session.key:
                return
            if error := self.session.forget(key):
                self.notify(error, severity="error", markup=False)
                return
            self.render_draft()

        self.app.push_screen(
            ConfirmScreen(
                f"Drop your edit of this {draft_name(self.kind).lower()}{where} and go back to the template?"
            ),
            answered,
        )

    def select_kind(self, kind: DraftKind) -> None:
        """Palette: write this kind of draft (the selector moves; the draft follows)."""
        if kind.value not in self.pickers.kinds:
            self.notify(
                f"{draft_name(kind)} is for a profile with a Step 1 fail (FAQ 3); set Step 1 in Profile.",
                severity="warning",
                markup=False,
            )
            return
        self.pickers.kind = kind

    def commands(self) -> list[PaneCommand]:
        return [
            PaneCommand(
                "Copy draft",
                "Send the draft to your clipboard over SSH (OSC 52; ctrl+o)",
                self.action_copy_draft,
            ),
            PaneCommand(
                "Save draft",
                "Save the draft to a new file beside your state file (ctrl+s)",
                self.action_save_draft,
            ),
            PaneCommand(
                "Mark draft sent",
                "Log the email in Outreach with today's date (ctrl+t)",
                self.action_mark_sent,
            ),
            PaneCommand(
                "Reset draft",
                "Back to the template; asks before dropping your edit (ctrl+r)",
                self.action_rerender,
            ),
        ] + [
            PaneCommand(
                f"Draft: {spec.name}",
                f"Write a {spec.title.lower()} ({spec.source})",
                partial(self.select_kind, spec.kind),
            )
            for spec in DRAFT_SPECS.values()
        ]

"""Tab 8: write the §6 emails and §7 personal-statement snippets from templates, check them
against the article as you type, and copy them out over SSH.

Copy uses OSC 52 (`App.copy_to_clipboard`): the text goes to the terminal, which puts it on
the clipboard of the machine you type on — if it allows OSC 52 (docs/pitfalls.md: tmux needs
`set-clipboard on`; macOS Terminal.app ignores it). Nothing confirms it, so the app says the
text was *sent* and offers Save as a fallback. The catalog is loaded, and a program searched,
in worker threads (never on the UI thread, where the catalog's cache lock could hold the keys
while the Programs tab loads it); the search is the Programs tab's (`CatalogIndex.search`,
typo-tolerant). Rendering runs in a thread too: a user template renders in a sandboxed child
process. Saved drafts' file names are `store.paths`'.

A view over `drafts.session.DraftSession`, which keeps the tab's invariant (the editor holds
the text for exactly the `Choice` the selectors show, and an edit on screen is on disk) and
decides writes, conflicts and keep / discard without the app. This module draws what it
returns, fills the selectors, asks its questions and runs the workers. Elsewhere too: the
editor widget, labels and check verdict (`widgets.draft_editor`), the programs offered and
searched (`services.draft_programs`), the file names (`store.paths`).

Longer than the ~350 lines a tab module aims at, as a view only: three selectors filled from
the state, the catalog and a search (each change must re-render or ask, so they stay beside
the handlers that do), the two questions the session names, and copy / save / log-as-sent
with their messages for a terminal and for a browser (`smartpick serve`).
"""

from __future__ import annotations

import io
import os
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Select, Static, TextArea

from smartpick_tui.core.catalog import Catalog
from smartpick_tui.core.draft_checks import (
    DRAFT_SPECS,
    DraftKind,
    check_draft,
    draft_name,
    draft_spec,
    facts_for,
    kind_applies,
)
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.merge import Choice as MergeChoice
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.trackers import OutreachEntry, ProgramMark
from smartpick_tui.drafts.render import Draft, DraftError, DraftRequest
from smartpick_tui.drafts.session import AUTO, CONFLICT_STATUS, Choice, Conflict, DraftSession, Shown
from smartpick_tui.services.catalog import indexed_catalog
from smartpick_tui.services.draft_programs import program_choices, search_programs
from smartpick_tui.store import StoreError
from smartpick_tui.store.atomic import write_new_text
from smartpick_tui.store.paths import draft_paths, drafts_dir, imports_path
from smartpick_tui.tui import textual_fixes
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.screens.confirm import ConfirmScreen
from smartpick_tui.tui.screens.conflict import MergeConflictScreen, shown_value
from smartpick_tui.tui.screens.draft_edit import EditChoice, KeepOrDiscardScreen
from smartpick_tui.tui.widgets.draft_editor import DraftEditor, finding_text, program_label
from smartpick_tui.tui.widgets.text_input import TextInput
from smartpick_tui.tui.workers import post_result

SEARCH_MIN_CHARS = 2


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
        self._programs: dict[str, Program] = {}  # options of the program select, by id
        self._choices: list[Program] = []  # the kind's programs (program_choices)
        self._pinned = False  # the user chose the program: a kind change keeps it
        self._searched: str | None = None  # the query whose hits the program select holds
        self._open_on_hits = False  # enter in the search came before its hits
        self._loading = False  # the editor is being loaded: its change is not an edit
        self._variants_offered = False  # the variant select lists the kind's templates
        self._kinds: list[str] = [kind.value for kind in DraftKind]

    # --- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="draft-pickers"):
            yield Select(
                [(Text(spec.name), spec.kind.value) for spec in DRAFT_SPECS.values()],
                value=DraftKind.AWAY_REQUEST.value,
                allow_blank=False,
                compact=True,
                id="draft-kind",
            )
            yield Select(
                [],
                prompt="Program (mark some in Programs, or search)",
                compact=True,
                id="draft-program",
            )
            yield Select(
                [(Text("Variant: auto"), AUTO)],
                value=AUTO,
                allow_blank=False,
                compact=True,
                id="draft-variant",
            )
        yield TextInput(placeholder="Search all programs by name or city…", compact=True, id="draft-search")
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
    def kind(self) -> DraftKind:
        return DraftKind(self.query_one("#draft-kind", Select).value)

    @property
    def program(self) -> Program | None:
        value = self.query_one("#draft-program", Select).value
        return self._programs.get(value) if isinstance(value, str) else None

    @property
    def variant(self) -> int | None:
        value = self.query_one("#draft-variant", Select).value
        return None if value in (AUTO, Select.NULL) else int(value)  # type: ignore[arg-type]

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
        program = self.program
        return Choice(self.kind, program.id if program else None, self.variant or AUTO)

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
        """Fill the program select with the kind's programs, unless a search holds it. The
        callers render when the selectors no longer match what is shown."""
        catalog = self._catalog
        self._choices = (
            []
            if catalog is None
            else program_choices(
                self.kind, self._marks, self._aways, self._outreach, self._interviews, catalog
            )
        )
        if not self.query_one("#draft-search", Input).value.strip():
            self._set_program_options(self._choices, keep=self._pinned)

    def _sync_kinds(self) -> None:
        select = self.query_one("#draft-kind", Select)
        current = select.value
        kinds = [spec.kind.value for spec in DRAFT_SPECS.values() if kind_applies(spec, self._profile)]
        if kinds != self._kinds:
            self._kinds = kinds
            with self.prevent(Select.Changed):
                select.set_options([(Text(draft_name(kind)), kind) for kind in kinds])
                if current in kinds:
                    select.value = current
            if current not in kinds:
                self._set_variant_options()

    def _set_program_options(self, programs: list[Program], keep: bool) -> bool:
        """Offer `programs`. The chosen program stays chosen (and listed) when `keep`, else
        the first is chosen. True when the chosen program changed: the caller renders, so the
        text always follows the selector (the selection used to move silently to a search
        hit while the text stayed for the program before)."""
        select = self.query_one("#draft-program", Select)
        current = select.value
        chosen = self._programs.get(current) if isinstance(current, str) else None
        self._programs = {p.id: p for p in programs}
        if keep and chosen is not None and chosen.id not in self._programs:
            self._programs[chosen.id] = chosen  # listed last: the hits come first
        with self.prevent(Select.Changed):
            select.set_options([(program_label(p), p.id) for p in self._programs.values()])
            if keep and chosen is not None:
                select.value = chosen.id
            elif self._programs:
                select.value = next(iter(self._programs))
        return select.value != current

    def _set_variant_options(self) -> None:
        self._variants_offered = True
        renderer = self.session.renderer
        select = self.query_one("#draft-variant", Select)
        current = select.value
        options = [(Text("Variant: auto"), AUTO)] + [
            (Text(f"Variant {ref.label}"), ref.number) for ref in renderer.templates.variants(self.kind)
        ]
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current in {value for _, value in options}:
                select.value = current

    # --- choosing -------------------------------------------------------------------------
    @on(Select.Changed, "#draft-kind")
    def _kind_changed(self) -> None:
        self._set_variant_options()
        self._offer_kind_programs()
        self.render_draft()

    @on(Select.Changed, "#draft-program")
    def _program_changed(self) -> None:
        self._pinned = True
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
        # stay (or the discard failed): the selector goes back to the edited variant
        select = self.query_one("#draft-variant", Select)
        with self.prevent(Select.Changed):
            select.value = shown.variant

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

    # --- program search fallback --------------------------------------------------------------
    @on(Input.Changed, "#draft-search")
    def _search_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if len(query) < SEARCH_MIN_CHARS:
            self._searched = None
            if self._set_program_options(self._choices, keep=True):
                self.render_draft()
            return
        self._search_worker(query)

    @work(thread=True, exclusive=True, group="draft-search")
    def _search_worker(self, query: str) -> None:
        _, index = indexed_catalog(imports_path(self.smartpick.db_path))
        post_result(self.app, self._show_hits, query, search_programs(index, query, self._profile.specialty))

    def _show_hits(self, query: str, hits: list[Program]) -> None:
        if query != self.query_one("#draft-search", Input).value.strip():
            return  # typed on since; the newer search is on its way
        self._searched = query
        if self._set_program_options(hits, keep=True):
            self.render_draft()
        if self._open_on_hits:
            self._open_on_hits = False
            self._open_hits(len(hits))

    @on(Input.Submitted, "#draft-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        """Enter: the program list opens on the first hit (enter again picks it)."""
        query = event.value.strip()
        if len(query) >= SEARCH_MIN_CHARS and self._searched != query:
            self._open_on_hits = True  # the hits are still being found
            return
        self._open_hits(len(self._programs))

    def _open_hits(self, count: int) -> None:
        select = self.query_one("#draft-program", Select)
        select.focus()
        if count:
            select.expanded = True
            overlay = textual_fixes.select_overlay(select)
            overlay.highlighted = overlay.option_count - len(self._programs)  # past the blank row

    # --- actions ----------------------------------------------------------------------------
    def _output(self) -> str | None:
        """The text to copy or save: the editor's, only when it is for what the selectors show
        (not one still rendering); None after saying so."""
        text = self.session.output(self._choice(), self.text)
        if text is None:
            self.notify(
                "The draft for this choice is still being made; try again in a moment.",
                severity="warning",
            )
        return text

    def action_copy_draft(self) -> None:
        text = self._output()
        if text is None:
            return
        if not text.strip():
            self.notify("Nothing to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        if self.app.is_web:  # textual-serve's page puts it on the browser's clipboard
            self.notify(
                f"Copied {len(text):,} characters of the {draft_name(self.kind).lower()} to your "
                "browser's clipboard. If your browser blocked it, ctrl+s downloads the draft.",
                title="Copy",
                markup=False,
                timeout=8,
            )
            return
        hint = (
            " Inside tmux, `tmux set -s set-clipboard on` lets it through." if os.environ.get("TMUX") else ""
        )
        self.notify(
            f"Sent {len(text):,} characters of the {draft_name(self.kind).lower()} to your "
            "terminal's clipboard (OSC 52). If nothing arrives, your terminal blocks OSC 52: "
            f"save to a file with ctrl+s.{hint}",
            title="Copy",
            markup=False,
            timeout=8,
        )

    def action_save_draft(self) -> None:
        text = self._output()
        if text is None:
            return
        if not text.strip():
            self.notify("Nothing to save yet.", severity="warning")
            return
        folder = drafts_dir(self.smartpick.db_path)
        if self.app.is_web:
            self._download(
                text, next(iter(draft_paths(folder, self.kind, self.program, self.today().isoformat())))
            )
            return
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = write_new_text(
                draft_paths(folder, self.kind, self.program, self.today().isoformat()), text
            )
        except OSError as error:
            self.notify(
                f"Not saved: cannot write in {folder}: {error.strerror or error}",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.notify(
            f"Saved the {draft_name(self.kind).lower()} to {path}",
            title="Save",
            markup=False,
            timeout=10,
        )

    def _download(self, text: str, path: Path) -> None:
        """In a web browser the file goes to the student's own machine, as a download (textual-
        serve's file delivery), not to a folder on the server they cannot open."""
        self.app.deliver_text(io.StringIO(text), save_filename=path.name, mime_type="text/plain")
        self.notify(
            f"Your browser is downloading the {draft_name(self.kind).lower()} as {path.name}.",
            title="Save",
            markup=False,
            timeout=10,
        )

    def action_mark_sent(self) -> None:
        spec = draft_spec(self.kind)
        program = self.program
        if not spec.is_email:
            self.notify(
                f"A personal-statement snippet ({draft_name(spec.kind)}) is not sent; copy "
                "or save it instead.",
                severity="warning",
                markup=False,
            )
            return
        if program is None:
            self.notify("Choose the program this email went to first.", severity="warning")
            return
        if self._output() is None:
            return
        day = self.today().isoformat()
        kind = EmailKind(spec.kind.value)
        if any(
            e.program_id == program.id and e.kind is kind and e.sent_on == day
            for e in self.smartpick.state.outreach()
        ):
            self.notify("Already logged today for this program.", severity="warning")
            return
        entry = OutreachEntry(
            program_name=display_name(program), kind=kind, sent_on=day, program_id=program.id
        )
        self.smartpick.save(
            lambda state: state.upsert_outreach(entry),
            f"Logged in Outreach: {draft_name(spec.kind).lower()} to "
            f"{clean_line(display_name(program))}, {day}",
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
        if kind.value not in self._kinds:
            self.notify(
                f"{draft_name(kind)} is for a profile with a Step 1 fail (FAQ 3); set Step 1 in Profile.",
                severity="warning",
                markup=False,
            )
            return
        self.query_one("#draft-kind", Select).value = kind.value

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

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

Longer than the ~350 lines a tab module aims at: every handler here keeps one invariant —
the editor holds the text for exactly the `Choice` the selectors show, and an edit on screen
is on disk (`_editor_changed`) — and split across modules the selectors, the renders, the
edits and the keep/discard question would hide that from each other. What needs none of it
is elsewhere: the editor widget, labels and check verdict (`widgets.draft_editor`), the
programs offered and searched (`services.draft_programs`), the file names (`store.paths`).
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
from smartpick_tui.core.draft_edits import DraftEdit, draft_key
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.merge import Choice as MergeChoice
from smartpick_tui.core.merge import both_texts
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.sanitize import clean_line, clean_text
from smartpick_tui.core.trackers import OutreachEntry, ProgramMark
from smartpick_tui.drafts.render import Draft, DraftError, DraftRequest, Renderer
from smartpick_tui.services.catalog import indexed_catalog
from smartpick_tui.services.draft_programs import program_choices, search_programs
from smartpick_tui.store import StoreError
from smartpick_tui.store.atomic import write_new_text
from smartpick_tui.store.errors import DraftConflictError
from smartpick_tui.store.paths import draft_paths, drafts_dir, imports_path
from smartpick_tui.tui import textual_fixes
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.screens.confirm import ConfirmScreen
from smartpick_tui.tui.screens.conflict import MergeConflictScreen, shown_value
from smartpick_tui.tui.screens.draft_edit import EditChoice, KeepOrDiscardScreen
from smartpick_tui.tui.widgets.draft_editor import Choice, DraftEditor, finding_text, program_label
from smartpick_tui.tui.widgets.text_input import TextInput
from smartpick_tui.tui.workers import post_result

AUTO = 0  # variant select value: the program's stable choice
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
        self._renderer: Renderer | None = None
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
        self._draft: Draft | None = None
        self._rendered_text = ""  # the template's text for what is shown
        self._shown: Choice | None = None  # the choice the editor's text was made for
        self._shown_key: str | None = None  # its draft_key (None: nothing that can be edited)
        self._stored_text: str | None = None  # the edit on disk for _shown_key
        # the text this session last read from or wrote to disk for _shown_key (None: no edit);
        # a write checks the disk still holds it, so two sessions never silently drop one side
        self._seen_text: str | None = None
        self._conflict_open = False  # the keep mine / theirs / both question is open
        self._loading = False
        self._asking = False  # the variant keep / discard question is open
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
        return self._shown_key is not None and self.text != self._rendered_text

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
        if self._asking:
            return  # the keep / discard question decides what is shown next
        if self._shown != self._choice() or not self.edited or self._draft is None:
            self.render_draft()
        elif not self._take_their_draft():
            self._status(self._edited_status())

    def _take_their_draft(self) -> bool:
        """Another session changed the edit shown here, and nothing typed here is waiting
        (every keystroke is on disk): show their text, so the next keystroke builds on it
        instead of meeting a conflict. True when the editor was reloaded."""
        key, shown = self._shown_key, self._shown
        if key is None or shown is None or self._conflict_open or self.text != self._seen_text:
            return False
        try:
            stored = self.smartpick.state.draft_edit(key)
        except (StoreError, ValueError):
            return False
        theirs = stored.text if stored else None
        if theirs == self._seen_text:
            return False
        self._show_text(shown, key, self._rendered_text, self._template_status(), theirs)
        self.notify("This draft was changed in another session; it now shows that text.", markup=False)
        return True

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
        renderer = self._get_renderer()
        select = self.query_one("#draft-variant", Select)
        current = select.value
        options = [(Text("Variant: auto"), AUTO)] + [
            (Text(f"Variant {ref.label}"), ref.number) for ref in renderer.templates.variants(self.kind)
        ]
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current in {value for _, value in options}:
                select.value = current

    def _get_renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer()
        return self._renderer

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
        shown = self._shown
        if shown is None or not self.edited or shown[:2] != self._choice()[:2]:
            self.render_draft()
            return
        if self._concrete_variant() == (self._draft.template.number if self._draft else None):
            self.render_draft()  # the same variant by another name (auto = 2): the same edit
            return
        label = self._draft.template.label if self._draft else ""
        where = f" for {clean_line(display_name(self.program))}" if self.program else ""
        key = self._shown_key
        self._asking = True  # a refresh meanwhile must not move the text off the edit
        self.app.push_screen(
            KeepOrDiscardScreen(
                f"You edited variant {label} of this {draft_name(shown.kind).lower()}{where}. "
                "Switch variant: keep your edit or discard it?"
            ),
            lambda answer: self._variant_answer(shown, key, answer),
        )

    def _concrete_variant(self) -> int | None:
        """The variant number the choice renders (auto resolved), without rendering it."""
        if self.variant is not None:
            return self.variant
        ref = self._get_renderer().choose(DraftRequest(self.kind, self._profile, self.program))
        return None if isinstance(ref, DraftError) else ref.number

    def _variant_answer(self, shown: Choice, key: str | None, answer: EditChoice | None) -> None:
        self._asking = False
        if answer is None or (answer == "discard" and key is not None and not self._forget_edit(key)):
            # stay (or the discard failed): the selector goes back to the edited variant
            select = self.query_one("#draft-variant", Select)
            with self.prevent(Select.Changed):
                select.value = shown.variant
            return
        self.render_draft()

    # --- rendering ------------------------------------------------------------------------
    def render_draft(self) -> None:
        """Render the chosen kind/program/variant into the editor (in a thread)."""
        if self._renderer is None:
            self._set_variant_options()
        choice = self._choice()
        spec = draft_spec(choice.kind)
        if spec.is_email and self.program is None:
            self._show_text(
                choice,
                None,
                "",
                f"Choose a program for the {spec.title.lower()}: mark "
                "programs in Programs (email target, apply, away) or search below.",
            )
            return
        request = DraftRequest(
            choice.kind,
            self._profile,
            self.program,
            tuple(self._aways),
            tuple(self._letters),
            self.variant,
            self.today(),
        )
        self._status("Rendering…")
        self._render_worker(choice, request)

    @work(thread=True, exclusive=True, group="draft-render")
    def _render_worker(self, choice: Choice, request: DraftRequest) -> None:
        post_result(self.app, self._show_result, choice, self._get_renderer().render(request))

    def _show_result(self, choice: Choice, result: Draft | DraftError) -> None:
        if choice != self._choice():
            return  # made for a choice the selectors no longer show; its successor is coming
        if isinstance(result, DraftError):
            self._draft = None
            self._show_text(choice, None, "", f"Template problem — {result}")
            return
        self._draft = result
        key = draft_key(result.kind, choice.program_id, result.template.number)
        try:
            stored = self.smartpick.state.draft_edit(key)
        except (StoreError, ValueError) as error:
            stored = None
            self.notify(
                f"Could not read your saved edit of this draft: {error}",
                severity="error",
                markup=False,
            )
        self._show_text(choice, key, result.text, self._template_status(), stored.text if stored else None)

    def _template_status(self) -> str:
        """What is shown, in one 80-column line (the keys are in the footer)."""
        result = self._draft
        if result is None:
            return ""
        spec = draft_spec(result.kind)
        how = "auto" if self.variant is None else "chosen"
        return (
            f"{spec.title} ({spec.source}) · variant {result.template.label} of "
            f"{len(result.variants)} ({how}), from the template"
        )

    def _edited_status(self) -> str:
        label = self._draft.template.label if self._draft else ""
        return f"Edited (saved as you type) — ctrl+r to reset to the template · variant {label}"

    def _show_text(
        self, choice: Choice, key: str | None, template: str, status: str, stored: str | None = None
    ) -> None:
        """Show `stored` (the user's saved edit) or else the template's `template` text."""
        self._shown, self._shown_key = choice, key
        self._rendered_text, self._stored_text = template, stored
        self._seen_text = stored
        editor = self.query_one("#draft-editor", TextArea)
        self._loading = True
        try:
            editor.load_text(stored if stored is not None else template)
        finally:
            self._loading = False
        self._status(self._edited_status() if stored is not None else status)
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
        """Called by the editor before it shows a change: store the edit under the shown key
        (or remove it when the text is the template's again). A failed write keeps the text
        on screen, says so, and the next keystroke tries again. Another session's typing
        into the same draft since this one last saw it is asked about (keep mine / theirs /
        both), never overwritten."""
        key, shown = self._shown_key, self._shown
        if self._loading or key is None or shown is None or self._draft is None:
            return
        if self._conflict_open:
            return
        try:
            self._store_text(key, shown, text)
        except DraftConflictError as conflict:
            self._ask_draft_conflict(key, shown, text, conflict.theirs)
        except (StoreError, ValueError) as error:
            self._stored_text = None
            self._status(f"Edit NOT saved: {error}")
            self.notify(f"Your edit was not saved: {error}", severity="error", markup=False)

    def _store_text(self, key: str, shown: Choice, text: str, force: bool = False) -> None:
        """Write `text` for `key` (or drop the edit when it is the template's), checked against
        what this session last saw on disk unless `force`."""
        assert self._draft is not None
        state = self.smartpick.state
        if text == self._rendered_text:
            if self._stored_text is not None or force:
                state.reset_draft(key, self._seen_text, force=force)
            self._stored_text = self._seen_text = None
            self._status(self._template_status())
        elif text != self._stored_text or force:
            edit = DraftEdit(
                shown.kind.value,
                shown.program_id or "",
                self._draft.template.number,
                text,
                self.today().isoformat(),
            )
            state.save_draft_text(edit, self._seen_text, force=force)
            self._stored_text = self._seen_text = text
            self._status(self._edited_status())

    def _ask_draft_conflict(self, key: str, shown: Choice, mine: str, theirs: str | None) -> None:
        """Another session changed this draft: keep mine, keep theirs, or both (theirs, then
        mine). Escape leaves mine on screen, not saved, and the next keystroke asks again."""
        self._conflict_open = True
        other = theirs if theirs is not None else self._rendered_text
        self._status("Edit NOT saved: another session changed this draft — choose what to keep")

        def chosen(choice: MergeChoice | None) -> None:
            self._conflict_open = False
            if self._shown_key != key or self._draft is None:
                return
            if choice is None:
                self._status("Edit NOT saved: another session changed this draft; type to choose again")
                return
            text = {MergeChoice.MINE: mine, MergeChoice.THEIRS: other}.get(choice) or both_texts(other, mine)
            try:
                if choice is not MergeChoice.THEIRS:
                    self._store_text(key, shown, text, force=True)
            except (StoreError, ValueError) as error:
                self._status(f"Edit NOT saved: {error}")
                self.notify(f"Your edit was not saved: {error}", severity="error", markup=False)
                return
            stored = None if text == self._rendered_text else text
            self._show_text(shown, key, self._rendered_text, self._template_status(), stored)

        question = (
            "Another session changed this draft while you typed.\n"
            f"Theirs: {shown_value(other)}\nYours: {shown_value(mine)}\n"
            "Keep both puts theirs first, then yours."
        )
        self.app.push_screen(MergeConflictScreen(question), chosen)

    def _forget_edit(self, key: str) -> bool:
        try:
            self.smartpick.state.delete_draft_edit(key)
        except StoreError as error:
            self.notify(f"Not reset: {error}", severity="error", markup=False)
            return False
        return True

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
    def _ready(self) -> bool:
        """The editor holds the draft for what the selectors show (not one still rendering)."""
        if self._shown == self._choice():
            return True
        self.notify(
            "The draft for this choice is still being made; try again in a moment.",
            severity="warning",
        )
        return False

    def action_copy_draft(self) -> None:
        if not self._ready():
            return
        text = clean_text(self.text)
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
        if not self._ready():
            return
        text = clean_text(self.text)
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
        if not self._ready():
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
        if not self.edited or self._shown_key is None:
            self.render_draft()
            return
        key = self._shown_key
        where = f" for {clean_line(display_name(self.program))}" if self.program else ""

        def answered(drop: bool | None) -> None:
            if drop and key == self._shown_key and self._forget_edit(key):
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

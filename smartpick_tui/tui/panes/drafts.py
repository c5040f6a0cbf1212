"""Tab 8: write the §6 emails and §7 personal-statement snippets from templates, check them
against the article as you type, and copy them out over SSH.

Copy uses OSC 52 (`App.copy_to_clipboard`): the text goes to the terminal, which puts it on
the clipboard of the machine you type on — if it allows OSC 52 (PITFALLS: tmux needs
`set-clipboard on`; macOS Terminal.app ignores it). Nothing confirms it, so the app says the
text was *sent* and offers Save as a fallback. Rendering runs in a thread: a user template
renders in a sandboxed child process.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Select, Static, TextArea
from textual.worker import get_current_worker

from smartpick_tui.core.catalog import Catalog, cached_catalog
from smartpick_tui.core.draft_checks import (DRAFT_SPECS, DraftKind, Finding, check_draft,
                                             draft_spec, facts_for, kind_applies)
from smartpick_tui.core.names import display_name, names
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.sanitize import clean_line, clean_text
from smartpick_tui.core.trackers import OutreachEntry
from smartpick_tui.drafts.render import Draft, DraftError, DraftRequest, Renderer
from smartpick_tui.store import StoreError
from smartpick_tui.store.atomic import atomic_write_text
from smartpick_tui.store.imports import imports_path
from smartpick_tui.tui.panes.base import Pane, PaneCommand

AUTO = 0  # variant select value: the program's stable choice
SEARCH_MIN_CHARS = 2
SEARCH_LIMIT = 40
DRAFTS_DIR = "drafts"
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def drafts_dir(db_path: Path) -> Path:
    """Saved drafts go beside the state file (the user data dir unless --db says otherwise)."""
    return Path(db_path).parent / DRAFTS_DIR


def draft_filename(kind: DraftKind, program: Program | None, day: str) -> str:
    who = _UNSAFE_FILENAME.sub("-", program.id).strip("-.")[:60] if program else "snippet"
    return f"{day}-{kind.value}-{who or 'program'}.txt"


def marked_programs(state_marks: dict[str, Any], catalog: Catalog) -> list[Program]:
    """Programs the user marked as email target, apply or away candidate, in catalog order."""
    wanted = {pid for pid, mark in state_marks.items()
              if not mark.exclude and (mark.email_target or mark.apply or mark.away_candidate)}
    return [p for p in catalog.programs if p.id in wanted]


def search_programs(catalog: Catalog, query: str, specialty: str) -> list[Program]:
    """Every word in the NRMP or display name, an everyday alias, institution or city; the
    user's specialty first."""
    words = query.casefold().split()

    def hay(p: Program) -> str:
        known = names(p)
        return f"{p.name} {known.display} {' '.join(known.aliases)} {p.institution} {p.city}".casefold()

    hits = [p for p in catalog.programs if all(w in hay(p) for w in words)]
    hits.sort(key=lambda p: p.specialty != specialty)
    return hits[:SEARCH_LIMIT]


def finding_text(findings: list[Finding]) -> Text:
    if not findings:
        return Text("✓ Passes the article's checks (length, score once, tone; §6, §7, §9, FAQ 1-3)",
                    style="green")
    text = Text()
    for number, finding in enumerate(findings):
        if number:
            text.append("\n")
        text.append("✗ ", style="red")
        text.append(f"{finding.rule} ({finding.source}): ", style="bold")
        text.append(clean_line(finding.message))
    return text


def program_label(program: Program) -> Text:
    where = ", ".join(part for part in (program.city, program.state) if part)
    return Text(clean_line(display_name(program) + (f" — {where}" if where else "")))


class DraftsPane(Pane):
    PANE_ID = "drafts"
    TITLE = "Drafts"
    KEY = "8"
    BINDINGS = [
        Binding("ctrl+o", "copy_draft", "Copy", tooltip="Send the draft to your clipboard (OSC 52)"),
        Binding("ctrl+s", "save_draft", "Save", tooltip="Save the draft to a file"),
        Binding("ctrl+t", "mark_sent", "Sent", tooltip="Log this email as sent in Outreach"),
        Binding("ctrl+r", "rerender", "Reset", tooltip="Re-render from the template (drops edits)"),
    ]
    DEFAULT_CSS = """
    DraftsPane { layout: vertical; }
    DraftsPane #draft-pickers { height: 1; }
    DraftsPane #draft-kind { width: 22; }
    DraftsPane #draft-program { width: 1fr; }
    DraftsPane #draft-variant { width: 16; }
    DraftsPane #draft-search { height: 1; }
    DraftsPane #draft-status { height: 1; color: $text-muted; }
    DraftsPane #draft-editor { height: 1fr; min-height: 5; }
    DraftsPane #draft-checks { height: auto; max-height: 6; overflow-y: auto; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._renderer: Renderer | None = None
        self._profile = Profile()
        self._aways: list[Any] = []
        self._letters: list[Any] = []
        self._programs: dict[str, Program] = {}  # options of the program select, by id
        self._marked: list[Program] = []
        self._draft: Draft | None = None
        self._rendered_text = ""
        self._kinds: list[str] = [kind.value for kind in DraftKind]

    # --- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="draft-pickers"):
            yield Select([(Text(spec.kind.value), spec.kind.value) for spec in DRAFT_SPECS.values()],
                         value=DraftKind.AWAY_REQUEST.value, allow_blank=False, compact=True,
                         id="draft-kind")
            yield Select([], prompt="Program (mark some in Programs, or search)", compact=True,
                         id="draft-program")
            yield Select([(Text("Variant: auto"), AUTO)], value=AUTO, allow_blank=False,
                         compact=True, id="draft-variant")
        yield Input(placeholder="Search all programs by name or city…", compact=True, id="draft-search")
        yield Static("", id="draft-status", markup=False)
        yield TextArea("", id="draft-editor", soft_wrap=True, tab_behavior="focus")
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
        return self.text != self._rendered_text

    def _load_catalog(self) -> Catalog:
        return cached_catalog(imports_path(self.smartpick.db_path))

    def refresh_from_state(self) -> None:
        state = self.smartpick.state
        try:
            self._profile = state.profile()
            self._aways, self._letters = state.aways(), state.letters()
            marks = state.marks()
        except (StoreError, ValueError) as error:  # the app reports it too; say why this tab is stale
            self._status(f"Could not read the state: {error}")
            return
        catalog = self._load_catalog()
        self._marked = marked_programs(marks, catalog)
        if not self.query_one("#draft-search", Input).value.strip():
            self._set_program_options(self._marked)
        self._sync_kinds()
        # Someone else's change (profile, trackers) re-renders only an unedited draft.
        if not self.edited or self._draft is None:
            self.render_draft()
        else:
            self._status("Edited — ctrl+r re-renders from the template (your edits are dropped)")

    def _sync_kinds(self) -> None:
        select = self.query_one("#draft-kind", Select)
        current = select.value
        kinds = [spec.kind.value for spec in DRAFT_SPECS.values() if kind_applies(spec, self._profile)]
        if kinds != self._kinds:
            self._kinds = kinds
            with self.prevent(Select.Changed):
                select.set_options([(Text(kind), kind) for kind in kinds])
                if current in kinds:
                    select.value = current
            if current not in kinds:
                self._set_variant_options()

    def _set_program_options(self, programs: list[Program]) -> None:
        select = self.query_one("#draft-program", Select)
        current = select.value
        self._programs = {p.id: p for p in programs}
        chosen = self.program
        if chosen is not None and chosen.id not in self._programs:
            self._programs[chosen.id] = chosen  # keep the chosen one while searching
        with self.prevent(Select.Changed):
            select.set_options([(program_label(p), p.id) for p in self._programs.values()])
            if current in self._programs:
                select.value = current
            elif self._programs:
                select.value = next(iter(self._programs))

    def _set_variant_options(self) -> None:
        renderer = self._get_renderer()
        select = self.query_one("#draft-variant", Select)
        current = select.value
        options = [(Text("Variant: auto"), AUTO)] + [
            (Text(f"Variant {ref.label}"), ref.number) for ref in renderer.templates.variants(self.kind)]
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current in {value for _, value in options}:
                select.value = current

    def _get_renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer()
        return self._renderer

    # --- rendering ------------------------------------------------------------------------
    @on(Select.Changed, "#draft-kind")
    def _kind_changed(self) -> None:
        self._set_variant_options()
        self.render_draft()

    @on(Select.Changed, "#draft-program")
    @on(Select.Changed, "#draft-variant")
    def _choice_changed(self) -> None:
        self.render_draft()

    def render_draft(self) -> None:
        """Render the chosen kind/program/variant into the editor (in a thread)."""
        if self._renderer is None:
            self._set_variant_options()
        spec = draft_spec(self.kind)
        if spec.is_email and self.program is None:
            self._show_text("", f"Choose a program for the {spec.title.lower()}: mark programs in "
                            "Programs (email target, apply, away) or search below.")
            return
        request = DraftRequest(self.kind, self._profile, self.program, tuple(self._aways),
                               tuple(self._letters), self.variant)
        self._status("Rendering…")
        self._render_worker(request)

    @work(thread=True, exclusive=True, group="draft-render")
    def _render_worker(self, request: DraftRequest) -> None:
        result = self._get_renderer().render(request)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_result, result)

    def _show_result(self, result: Draft | DraftError) -> None:
        if isinstance(result, DraftError):
            self._draft = None
            self._show_text("", f"Template problem — {result}")
            return
        self._draft = result
        spec = draft_spec(result.kind)
        count = len(result.variants)
        how = "auto" if self.variant is None else "chosen"
        self._show_text(result.text, f"{spec.title} ({spec.source}) · variant {result.template.label} "
                        f"of {count} ({how}) · ctrl+o copy · ctrl+s save"
                        + (" · ctrl+t sent" if spec.is_email else ""))

    def _show_text(self, text: str, status: str) -> None:
        self._rendered_text = text
        editor = self.query_one("#draft-editor", TextArea)
        editor.load_text(text)
        self._status(status)
        self._run_checks()

    def _status(self, message: str) -> None:
        self.query_one("#draft-status", Static).update(Content(clean_line(message)))

    @on(TextArea.Changed, "#draft-editor")
    def _run_checks(self) -> None:
        checks = self.query_one("#draft-checks", Static)
        if not self.text.strip():
            checks.update(Content(""))
            return
        checks.update(finding_text(check_draft(self.kind, self.text, facts_for(self._profile))))

    # --- program search fallback --------------------------------------------------------------
    @on(Input.Changed, "#draft-search")
    def _search_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if len(query) < SEARCH_MIN_CHARS:
            self._set_program_options(self._marked)
            return
        self._search_worker(query)

    @work(thread=True, exclusive=True, group="draft-search")
    def _search_worker(self, query: str) -> None:
        hits = search_programs(self._load_catalog(), query, self._profile.specialty)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._set_program_options, hits)

    @on(Input.Submitted, "#draft-search")
    def _search_submitted(self) -> None:
        self.query_one("#draft-program", Select).focus()

    # --- actions ----------------------------------------------------------------------------
    def action_copy_draft(self) -> None:
        text = clean_text(self.text)
        if not text.strip():
            self.notify("Nothing to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        hint = (" Inside tmux, `tmux set -s set-clipboard on` lets it through." if os.environ.get("TMUX")
                else "")
        self.notify(f"Sent {len(text):,} characters to your terminal's clipboard (OSC 52). If "
                    f"nothing arrives, your terminal blocks OSC 52: save to a file with ctrl+s.{hint}",
                    title="Copy", markup=False, timeout=8)

    def action_save_draft(self) -> None:
        text = clean_text(self.text)
        if not text.strip():
            self.notify("Nothing to save yet.", severity="warning")
            return
        folder = drafts_dir(self.smartpick.db_path)
        path = folder / draft_filename(self.kind, self.program, self.today().isoformat())
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write_text(path, text)
        except OSError as error:
            self.notify(f"Not saved: cannot write {path}: {error.strerror or error}",
                        severity="error", timeout=10, markup=False)
            return
        self.notify(f"Saved to {path}", title="Save", markup=False, timeout=10)

    def action_mark_sent(self) -> None:
        spec = draft_spec(self.kind)
        program = self.program
        if not spec.is_email:
            self.notify("A personal-statement snippet is not sent; copy or save it instead.",
                        severity="warning")
            return
        if program is None:
            self.notify("Choose the program this email went to first.", severity="warning")
            return
        day = self.today().isoformat()
        kind = EmailKind(spec.kind.value)
        if any(e.program_id == program.id and e.kind is kind and e.sent_on == day
               for e in self.smartpick.state.outreach()):
            self.notify("Already logged today for this program.", severity="warning")
            return
        entry = OutreachEntry(program_name=display_name(program), kind=kind, sent_on=day, program_id=program.id)
        self.smartpick.save(lambda state: state.add_outreach(entry),
                            f"Logged in Outreach: {spec.title.lower()} to {clean_line(display_name(program))}, {day}")

    def action_rerender(self) -> None:
        self.render_draft()

    def commands(self) -> list[PaneCommand]:
        return [
            PaneCommand("Copy draft", "Send the draft to your clipboard over SSH (OSC 52; ctrl+o)",
                        self.action_copy_draft),
            PaneCommand("Save draft", "Save the draft to a file beside your state file (ctrl+s)",
                        self.action_save_draft),
            PaneCommand("Mark draft sent", "Log the email in Outreach with today's date (ctrl+t)",
                        self.action_mark_sent),
            PaneCommand("Re-render draft", "Drop your edits and render the template again (ctrl+r)",
                        self.action_rerender),
        ]

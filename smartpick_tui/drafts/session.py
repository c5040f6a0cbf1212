"""The Drafts tab's invariant as a plain object: the text on screen is always for exactly the
choice the selectors show, and an edit of it is on disk.

A `Choice` (kind × program × variant selector) is rendered from the templates; the user's
edit of that text is state, kept per kind × program × concrete variant (`core.draft_edits`).
`DraftSession` is the one place that knows, for the choice shown, the template's text, the
edit stored for it and the text this session last read or wrote (so a write never silently
drops another session's typing), and that decides:

- what the editor shows after a render (the stored edit, else the template) and its status;
- when an edit is written, dropped (typed back to the template) or in conflict with another
  session's (keep mine / theirs / both);
- whether moving the variant selector off an edited draft must ask keep / discard first;
- whether copy, save and log-as-sent may act: only when the text shown is for the choice
  the selectors show (never a render still on its way for a newer choice).

It knows no Textual: the pane (`tui/panes/drafts.py`) draws what it returns, asks the questions
it names, and runs the renders in a worker. Tests drive it with a real `State` file and the
real templates (`tests/drafts/test_draft_session.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Protocol

from smartpick_tui.core.draft_checks import DraftKind, draft_name, draft_spec
from smartpick_tui.core.draft_edits import DraftEdit, draft_key
from smartpick_tui.core.merge import Choice as MergeChoice
from smartpick_tui.core.merge import both_texts
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.sanitize import clean_text
from smartpick_tui.core.trackers import Away, Letter, OutreachEntry
from smartpick_tui.drafts.render import Draft, DraftError, DraftRequest, Renderer
from smartpick_tui.store.errors import DraftConflictError, StoreError

AUTO = 0  # the variant selector's value for "the program's stable choice"


class Choice(NamedTuple):
    """What the selectors show: the editor's text must always be for exactly this."""

    kind: DraftKind
    program_id: str | None
    variant: int  # the variant selector's value: AUTO or a variant number


class DraftStore(Protocol):
    """The part of `store.State` a draft session writes through (field-level, locked)."""

    def draft_edit(self, key: str) -> DraftEdit | None: ...

    def save_draft_text(self, edit: DraftEdit, seen: str | None, force: bool = False) -> DraftEdit: ...

    def reset_draft(self, key: str, seen: str | None, force: bool = False) -> None: ...

    def delete_draft_edit(self, key: str) -> None: ...


@dataclass(frozen=True)
class Shown:
    """What the pane draws after a step: `text` for the editor (None: leave the editor as it
    is), the status line, and an error the user must be told of (None: none)."""

    text: str | None
    status: str
    error: str | None = None


@dataclass(frozen=True)
class Conflict:
    """Another session changed the shown draft since this one last saw it: the question to
    ask (keep mine / theirs / both), with both sides."""

    key: str
    mine: str
    theirs: str  # their text, or the template's when they dropped their edit


CONFLICT_STATUS = "Edit NOT saved: another session changed this draft — choose what to keep"
STILL_RENDERING = "The draft for this choice is still being made; try again in a moment."


class DraftSession:
    """The choice shown and its texts (template, stored edit, last seen on disk), and every
    decision that keeps them in step with the store. `store` and `today` are read when needed:
    the app may reopen its state file, and a session may run past midnight."""

    def __init__(
        self,
        store: Callable[[], DraftStore],
        today: Callable[[], date],
        renderer: Callable[[], Renderer] = Renderer,
    ) -> None:
        self._store = store
        self._today = today
        self._make_renderer = renderer
        self._renderer: Renderer | None = None
        self.draft: Draft | None = None  # the render shown (None: a message, or nothing yet)
        self.shown: Choice | None = None  # the choice the editor's text was made for
        self.key: str | None = None  # its draft_key (None: nothing that can be edited)
        self.template_text = ""  # the template's text for what is shown
        self.stored_text: str | None = None  # the edit on disk for `key`
        # the text this session last read from or wrote to disk for `key` (None: no edit); a
        # write checks the disk still holds it, so two sessions never silently drop one side
        self.seen_text: str | None = None
        self.conflict_open = False  # the keep mine / theirs / both question is open
        self.asking = False  # the variant keep / discard question is open

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = self._make_renderer()
        return self._renderer

    # --- what is shown ----------------------------------------------------------------------
    def is_shown(self, choice: Choice) -> bool:
        """The editor holds the text for `choice` (not one still rendering for another)."""
        return self.shown == choice

    def edited(self, text: str) -> bool:
        """`text` (the editor's) differs from the template's for an editable draft."""
        return self.key is not None and text != self.template_text

    def output(self, choice: Choice, text: str) -> str | None:
        """The text to copy, save or log for `choice`: the editor's, cleaned; None while the
        editor still shows another choice's text (its render is on the way)."""
        return clean_text(text) if self.is_shown(choice) else None

    def sent_entry(
        self, choice: Choice, program: Program | None, logged: Callable[[], Sequence[OutreachEntry]]
    ) -> OutreachEntry | str:
        """The Outreach entry that logs the email shown as sent today, or why there is none: a
        snippet is not sent, an email needs its program, the text must be the one for `choice`,
        and `logged` (read only when needed) may already have it for the day."""
        spec = draft_spec(choice.kind)
        if not spec.is_email:
            name = draft_name(spec.kind)
            return f"A personal-statement snippet ({name}) is not sent; copy or save it instead."
        if program is None:
            return "Choose the program this email went to first."
        if not self.is_shown(choice):
            return STILL_RENDERING
        day, kind = self._today().isoformat(), EmailKind(spec.kind.value)
        if any(e.program_id == program.id and e.kind is kind and e.sent_on == day for e in logged()):
            return "Already logged today for this program."
        return OutreachEntry(
            program_name=display_name(program), kind=kind, sent_on=day, program_id=program.id
        )

    def template_status(self) -> str:
        """What is shown, in one 80-column line (the keys are in the footer)."""
        result, shown = self.draft, self.shown
        if result is None or shown is None:
            return ""
        spec = draft_spec(result.kind)
        how = "auto" if shown.variant == AUTO else "chosen"
        return (
            f"{spec.title} ({spec.source}) · variant {result.template.label} of "
            f"{len(result.variants)} ({how}), from the template"
        )

    def edited_status(self) -> str:
        label = self.draft.template.label if self.draft else ""
        return f"Edited (saved as you type) — ctrl+r to reset to the template · variant {label}"

    def _show(
        self, choice: Choice, key: str | None, template: str, stored: str | None, status: str | None = None
    ) -> Shown:
        """Show `stored` (the user's saved edit) or else the template's `template` text, with
        `status` (None: the template's status line for what is now shown)."""
        self.shown, self.key = choice, key
        self.template_text, self.stored_text = template, stored
        self.seen_text = stored
        if stored is not None:
            return Shown(stored, self.edited_status())
        return Shown(template, self.template_status() if status is None else status)

    # --- rendering --------------------------------------------------------------------------
    def request(
        self,
        choice: Choice,
        program: Program | None,
        profile: Profile,
        aways: tuple[Away, ...] = (),
        letters: tuple[Letter, ...] = (),
    ) -> DraftRequest | Shown:
        """What to render for `choice`, or (an email with no program) what to show instead."""
        spec = draft_spec(choice.kind)
        if spec.is_email and program is None:
            self.draft = None
            return self._show(
                choice,
                None,
                "",
                None,
                f"Choose a program for the {spec.title.lower()}: mark "
                "programs in Programs (email target, apply, away) or search below.",
            )
        variant = None if choice.variant == AUTO else choice.variant
        return DraftRequest(choice.kind, profile, program, aways, letters, variant, self._today())

    def rendered(self, choice: Choice, result: Draft | DraftError) -> Shown:
        """Show a render for `choice`: the edit stored for it if any, else the template's text.
        (The caller drops a render made for a choice the selectors no longer show.)"""
        if isinstance(result, DraftError):
            self.draft = None
            return self._show(choice, None, "", None, f"Template problem — {result}")
        self.draft = result
        key = draft_key(result.kind, choice.program_id, result.template.number)
        error = None
        try:
            stored = self._store().draft_edit(key)
        except (StoreError, ValueError) as problem:
            stored, error = None, f"Could not read your saved edit of this draft: {problem}"
        shown = self._show(choice, key, result.text, stored.text if stored else None)
        return Shown(shown.text, shown.status, error)

    def needs_render(self, choice: Choice, text: str) -> bool:
        """After the selectors were refilled (a change here or in another session): render
        again unless the edit shown is still for them (it stays as typed; it is on disk)."""
        return self.shown != choice or not self.edited(text) or self.draft is None

    def concrete_variant(self, choice: Choice, program: Program | None, profile: Profile) -> int | None:
        """The variant number `choice` renders (auto resolved), without rendering it."""
        if choice.variant != AUTO:
            return choice.variant
        ref = self.renderer.choose(DraftRequest(choice.kind, profile, program))
        return None if isinstance(ref, DraftError) else ref.number

    # --- the edit is state ------------------------------------------------------------------
    def take_theirs(self, text: str) -> Shown | None:
        """Another session changed the edit shown here and nothing typed here is waiting
        (every keystroke is on disk): show their text, so the next keystroke builds on it
        instead of meeting a conflict. None when there is nothing to take."""
        key, shown = self.key, self.shown
        if key is None or shown is None or self.conflict_open or text != self.seen_text:
            return None
        try:
            stored = self._store().draft_edit(key)
        except (StoreError, ValueError):
            return None
        theirs = stored.text if stored else None
        if theirs == self.seen_text:
            return None
        return self._show(shown, key, self.template_text, theirs)

    def edit(self, text: str) -> Shown | Conflict | None:
        """The editor's text changed (before the screen shows it): store it under the shown key,
        or drop the stored edit when it is the template's again. A failed write keeps the text
        on screen and says so (the next keystroke tries again); another session's typing into
        the same draft since this one last saw it is a `Conflict` to ask about, never
        overwritten. None: nothing to do (nothing editable shown, or a question is open)."""
        key, shown = self.key, self.shown
        if key is None or shown is None or self.draft is None or self.conflict_open:
            return None
        try:
            return Shown(None, self._store_text(key, shown, text))
        except DraftConflictError as conflict:
            self.conflict_open = True
            theirs = conflict.theirs if conflict.theirs is not None else self.template_text
            return Conflict(key, text, theirs)
        except (StoreError, ValueError) as error:
            self.stored_text = None
            return Shown(None, f"Edit NOT saved: {error}", f"Your edit was not saved: {error}")

    def _store_text(self, key: str, shown: Choice, text: str, force: bool = False) -> str:
        """Write `text` for `key` (or drop the edit when it is the template's), checked against
        what this session last saw on disk unless `force`. Returns the status line."""
        assert self.draft is not None
        store = self._store()
        if text == self.template_text:
            if self.stored_text is not None or force:
                store.reset_draft(key, self.seen_text, force=force)
            self.stored_text = self.seen_text = None
            return self.template_status()
        if text != self.stored_text or force:
            edit = DraftEdit(
                shown.kind.value,
                shown.program_id or "",
                self.draft.template.number,
                text,
                self._today().isoformat(),
            )
            store.save_draft_text(edit, self.seen_text, force=force)
            self.stored_text = self.seen_text = text
        return self.edited_status()

    def resolve(self, conflict: Conflict, answer: MergeChoice | None) -> Shown | None:
        """The answer to a `Conflict`: keep mine, keep theirs, or both (theirs, then mine).
        None (escape) leaves mine on screen, not saved, and the next keystroke asks again.
        Returns None when the draft shown moved on meanwhile (nothing to do)."""
        self.conflict_open = False
        shown = self.shown
        if self.key != conflict.key or self.draft is None or shown is None:
            return None
        if answer is None:
            return Shown(None, "Edit NOT saved: another session changed this draft; type to choose again")
        mine, theirs = conflict.mine, conflict.theirs
        text = {MergeChoice.MINE: mine, MergeChoice.THEIRS: theirs}.get(answer) or both_texts(theirs, mine)
        try:
            if answer is not MergeChoice.THEIRS:
                self._store_text(conflict.key, shown, text, force=True)
        except (StoreError, ValueError) as error:
            return Shown(None, f"Edit NOT saved: {error}", f"Your edit was not saved: {error}")
        stored = None if text == self.template_text else text
        return self._show(shown, conflict.key, self.template_text, stored)

    def forget(self, key: str) -> str | None:
        """Drop the stored edit for `key` (reset, discard): None, or why it could not be."""
        try:
            self._store().delete_draft_edit(key)
        except StoreError as error:
            return f"Not reset: {error}"
        return None

    # --- keep / discard ---------------------------------------------------------------------
    def asks_before(self, choice: Choice, concrete_variant: Callable[[], int | None], text: str) -> bool:
        """The variant selector moved to `choice` (`concrete_variant()`: the number it renders):
        True when that leaves an edited draft for another variant of the same kind and program,
        so the user must choose keep or discard first (the session is then `asking`: a
        refresh must not move the text off the edit). False: render the new choice."""
        shown = self.shown
        if shown is None or not self.edited(text) or shown[:2] != choice[:2]:
            return False
        if concrete_variant() == (self.draft.template.number if self.draft else None):
            return False  # the same variant by another name (auto = 2): the same edit
        self.asking = True
        return True

    def answered(self, key: str | None, keep: bool | None) -> tuple[bool, str | None]:
        """The keep (True) / discard (False) / stay (None) answer for the edit under `key`:
        (render the new choice?, an error to tell). Stay, or a discard that failed, keeps the
        edited variant: the caller moves the selector back to `shown.variant`."""
        self.asking = False
        if keep is None:
            return False, None
        if not keep and key is not None and (error := self.forget(key)):
            return False, error
        return True, None

"""The Drafts tab's invariant without the app: `DraftSession` on a real state file and the real
templates. The text shown is always for the choice it was made for; an edit is kept per kind ×
program × variant; keep / discard and another session's typing are decided here; what is
copied, saved or logged is the text for the choice the selectors show, never an older one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import pytest
from drafts_helpers import HENNEPIN, UTAH, make_profile, trackers

from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.draft_edits import DraftEdit, draft_key
from smartpick_tui.core.merge import Choice as MergeChoice
from smartpick_tui.core.merge import both_texts
from smartpick_tui.core.programs import Program
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.trackers import OutreachEntry
from smartpick_tui.drafts.render import Renderer
from smartpick_tui.drafts.session import AUTO, STILL_RENDERING, Choice, Conflict, DraftSession, Shown
from smartpick_tui.store import StoreError, open_state
from smartpick_tui.store.state import State

TODAY = date(2026, 8, 3)
AWAY = DraftKind.AWAY_REQUEST
RENDERER = Renderer()  # the shipped templates (XDG dirs are per test; no user template here)


@pytest.fixture
def states(tmp_path: Path) -> Iterator[tuple[State, State]]:
    """Two sessions' handles on one real state file."""
    path = tmp_path / "state.json"
    with ExitStack() as stack:
        first = stack.enter_context(open_state(path))
        second = stack.enter_context(open_state(path, backup_on_open=False))
        yield first, second


def session_on(state: State) -> DraftSession:
    return DraftSession(lambda: state, lambda: TODAY, lambda: RENDERER)


def show(session: DraftSession, choice: Choice, program: Program | None) -> Shown:
    """What the pane does for a selector change: request, render (in a worker there), show."""
    aways, letters = trackers()
    request = session.request(choice, program, make_profile(), tuple(aways), tuple(letters))
    if isinstance(request, Shown):
        return request
    return session.rendered(choice, session.renderer.render(request))


def test_an_edit_is_kept_per_kind_program_and_variant(states: tuple[State, State]) -> None:
    state, _ = states
    session = session_on(state)
    utah, hennepin = Choice(AWAY, UTAH.id, AUTO), Choice(AWAY, HENNEPIN.id, AUTO)
    template = show(session, utah, UTAH).text
    assert template and "Utah" in template and not session.edited(template)
    mine = template + "\nI rotated in your clinic."
    assert session.edit(mine) == Shown(None, session.edited_status())
    variant = session.draft.template.number  # type: ignore[union-attr]
    assert state.draft_edit(draft_key(AWAY, UTAH.id, variant)).text == mine  # type: ignore[union-attr]

    assert show(session, hennepin, HENNEPIN).text != mine  # another program: its template
    assert show(session, utah, UTAH).text == mine  # back: the edit, not the template
    # the same variant chosen by hand instead of "auto": the same edit
    assert show(session, Choice(AWAY, UTAH.id, variant), UTAH).text == mine
    other = 1 if variant != 1 else 2
    assert show(session, Choice(AWAY, UTAH.id, other), UTAH).text != mine


def test_typing_back_to_the_template_drops_the_stored_edit(states: tuple[State, State]) -> None:
    state, _ = states
    session = session_on(state)
    template = show(session, Choice(AWAY, UTAH.id, AUTO), UTAH).text
    assert template is not None
    session.edit(template + "x")
    assert len(state.draft_edits()) == 1
    assert session.edit(template) == Shown(None, session.template_status())
    assert state.draft_edits() == {}


def test_only_the_text_for_the_selected_choice_is_copied_saved_or_logged(states: tuple[State, State]) -> None:
    state, _ = states
    session = session_on(state)
    utah, hennepin = Choice(AWAY, UTAH.id, AUTO), Choice(AWAY, HENNEPIN.id, AUTO)
    text = show(session, utah, UTAH).text
    assert text is not None
    assert session.output(utah, text) == text
    # the selector moved to Hennepin; its render is still on the way: Utah's text goes nowhere
    assert session.output(hennepin, text) is None
    hennepin_text = show(session, hennepin, HENNEPIN).text
    assert hennepin_text is not None and session.output(hennepin, hennepin_text) == hennepin_text
    assert session.output(utah, hennepin_text) is None


def test_an_email_without_a_program_asks_for_one_and_nothing_is_stored(states: tuple[State, State]) -> None:
    state, _ = states
    session = session_on(state)
    shown = show(session, Choice(DraftKind.RADAR, None, AUTO), None)
    assert shown.text == "" and "Choose a program" in shown.status
    assert session.edit("typed with no program") is None
    assert state.draft_edits() == {}


def test_switching_variant_off_an_edit_asks_keep_or_discard(states: tuple[State, State]) -> None:
    state, _ = states
    session = session_on(state)
    template = show(session, Choice(AWAY, UTAH.id, AUTO), UTAH).text
    assert template is not None
    edited = template + "\nmine"
    session.edit(edited)
    variant = session.draft.template.number  # type: ignore[union-attr]
    other = 1 if variant != 1 else 2
    key = session.key
    assert key == draft_key(AWAY, UTAH.id, variant)

    # unedited, another program, or the same variant by another name: no question
    assert not session.asks_before(Choice(AWAY, UTAH.id, other), lambda: other, template)
    assert not session.asks_before(Choice(AWAY, HENNEPIN.id, other), lambda: other, edited)
    assert not session.asks_before(Choice(AWAY, UTAH.id, variant), lambda: variant, edited)
    assert not session.asking

    assert session.asks_before(Choice(AWAY, UTAH.id, other), lambda: other, edited)
    assert session.asking  # a refresh meanwhile must not move the text off the edit
    assert session.answered(key, None) == (False, None)  # stay
    assert not session.asking and state.draft_edit(key).text == edited  # type: ignore[union-attr]

    assert session.asks_before(Choice(AWAY, UTAH.id, other), lambda: other, edited)
    assert session.answered(key, True) == (True, None)  # keep: stored under its variant
    assert state.draft_edit(key).text == edited  # type: ignore[union-attr]

    assert session.answered(key, False) == (True, None)  # discard: gone
    assert state.draft_edit(key) is None


def test_another_sessions_typing_is_asked_about_never_overwritten(states: tuple[State, State]) -> None:
    first, second = states
    here, there = session_on(first), session_on(second)
    choice = Choice(AWAY, UTAH.id, AUTO)
    template = show(here, choice, UTAH).text
    assert template is not None and show(there, choice, UTAH).text == template
    key = here.key
    assert key is not None

    here.edit(template + "\nfrom here")
    conflict = there.edit(template + "\nfrom there")
    assert conflict == Conflict(key, template + "\nfrom there", template + "\nfrom here")
    assert first.draft_edit(key).text == template + "\nfrom here"  # type: ignore[union-attr]
    assert there.edit(template + "\nfrom there!") is None  # the question is open

    escaped = there.resolve(conflict, None)  # escape: nothing saved, the next keystroke asks again
    assert escaped is not None and escaped.text is None and "NOT saved" in escaped.status
    assert isinstance(there.edit(template + "\nfrom there"), Conflict)

    both = there.resolve(conflict, MergeChoice.BOTH)
    expected = both_texts(conflict.theirs, conflict.mine)
    assert both is not None and both.text == expected
    assert second.draft_edit(key).text == expected  # type: ignore[union-attr]


def test_an_edit_not_typed_into_here_follows_the_other_session(states: tuple[State, State]) -> None:
    first, second = states
    here, there = session_on(first), session_on(second)
    choice = Choice(AWAY, UTAH.id, AUTO)
    template = show(here, choice, UTAH).text
    assert template is not None
    here.edit(template + "\nfrom here")
    seen = show(there, choice, UTAH).text  # the other session opens the draft: the edit
    assert seen == template + "\nfrom here"
    assert not there.needs_render(choice, seen)  # an edit on screen stays as it is
    assert there.take_theirs(seen) is None  # nothing changed elsewhere since
    here.edit(template + "\nfrom here, and more")
    taken = there.take_theirs(seen)
    assert taken is not None and taken.text == template + "\nfrom here, and more"
    # its next keystroke builds on their text: no conflict
    assert there.edit(template + "\nfrom here, and more, then there") == Shown(None, there.edited_status())
    assert there.take_theirs(template + "\ntyped here, not yet on disk") is None


class BrokenStore:
    """A state whose writes fail (a full disk, a lost lock)."""

    def draft_edit(self, key: str) -> DraftEdit | None:
        return None

    def save_draft_text(self, edit: DraftEdit, seen: str | None, force: bool = False) -> DraftEdit:
        raise StoreError("disk full")

    def reset_draft(self, key: str, seen: str | None, force: bool = False) -> None:
        raise StoreError("disk full")

    def delete_draft_edit(self, key: str) -> None:
        raise StoreError("disk full")


def test_a_failed_write_says_so_and_the_next_keystroke_tries_again() -> None:
    session = DraftSession(BrokenStore, lambda: TODAY, lambda: RENDERER)
    template = show(session, Choice(AWAY, UTAH.id, AUTO), UTAH).text
    assert template is not None
    failed = session.edit(template + "x")
    assert isinstance(failed, Shown) and failed.text is None
    assert failed.status == "Edit NOT saved: disk full" and failed.error
    assert session.stored_text is None  # not counted as stored: the next keystroke writes again
    assert session.forget(session.key or "") == "Not reset: disk full"


def test_only_the_email_shown_for_its_program_is_logged_once_a_day(states: tuple[State, State]) -> None:
    state, _ = states
    session = session_on(state)
    utah = Choice(AWAY, UTAH.id, AUTO)
    reads: list[int] = []

    def logged() -> list[OutreachEntry]:
        reads.append(1)
        return state.outreach()

    snippet = Choice(DraftKind.PS_STEP2, None, AUTO)
    assert "not sent" in str(session.sent_entry(snippet, None, logged))
    assert "Choose the program" in str(session.sent_entry(Choice(AWAY, None, AUTO), None, logged))
    assert session.sent_entry(utah, UTAH, logged) == STILL_RENDERING  # nothing shown for it yet
    show(session, utah, UTAH)
    assert session.sent_entry(Choice(AWAY, HENNEPIN.id, AUTO), HENNEPIN, logged) == STILL_RENDERING
    assert reads == []  # the outreach log is read only for an email that can be logged
    entry = session.sent_entry(utah, UTAH, logged)
    assert isinstance(entry, OutreachEntry)
    assert (entry.program_id, entry.kind, entry.sent_on) == (
        UTAH.id,
        EmailKind.AWAY_REQUEST,
        TODAY.isoformat(),
    )
    state.upsert_outreach(entry)
    assert session.sent_entry(utah, UTAH, logged) == "Already logged today for this program."

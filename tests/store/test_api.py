"""The repository API: `core` dataclasses in and out, one durable change per call."""

from __future__ import annotations

import threading
from pathlib import Path

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import (
    Away,
    ChecklistEntry,
    Letter,
    LetterStatus,
    OutreachEntry,
    ProgramMark,
    Settings,
    VsloStatus,
)
from smartpick_tui.store import State, open_state


def test_every_kind_round_trips_through_the_file(db: Path) -> None:
    with open_state(db) as state:
        state.set_profile(Profile(step2=239, ties=("TX",)))
        state.set_settings(Settings(theme="nord"))
        state.set_mark(ProgramMark("tx-ut-im", apply=True, email_target=True, notes="call [b]PD[/b]"))
        away = state.upsert_away(
            Away(
                program_name="UT Southwestern",
                start="2025-08-01",
                end="2025-08-29",
                status=VsloStatus.OFFERED,
                letter_asked=True,
            )
        )
        letter = state.upsert_letter(
            Letter(writer="Dr Kim", kind=LetterKind.RESEARCH_MENTOR, status=LetterStatus.ASKED)
        )
        entry = state.upsert_outreach(
            OutreachEntry(program_name="UT IM", kind=EmailKind.THANK_YOU, sent_on="2025-11-02")
        )
        state.set_checklist(ChecklistEntry("ask-letters", done=True, done_on="2025-06-15"))
    with open_state(db, readonly=True) as state:  # a fresh read of the file
        assert state.profile().ties == ("TX",) and state.settings().theme == "nord"
        assert state.mark("tx-ut-im").notes == "call [b]PD[/b]"
        assert state.aways() == [away] and away.id
        assert state.letters() == [letter] and state.outreach() == [entry]
        assert state.checklist()["ask-letters"].done_on == "2025-06-15"
        assert state.mark("unknown") == ProgramMark("unknown")


def test_updates_and_deletes(filled: Path) -> None:
    state = open_state(filled, backup_on_open=False)
    state.upsert_letter(
        Letter(
            writer="Dr Reyes",
            kind=LetterKind.AWAY_SPECIALTY,
            id="letter-1",
            status=LetterStatus.UPLOADED,
        )
    )
    assert [letter.status for letter in state.letters()] == [LetterStatus.UPLOADED]
    state.set_mark(ProgramMark("program-0"))  # an empty mark removes the entry
    state.delete_away("away-1")
    state.delete_letter("letter-1")
    state.delete_outreach("out-1")
    reread = open_state(filled, readonly=True)
    assert "program-0" not in reread.marks() and len(reread.marks()) == 39
    assert reread.aways() == [] and reread.letters() == [] and reread.outreach() == []


def test_update_returns_and_sees_its_own_changes(filled: Path) -> None:
    state = open_state(filled, backup_on_open=False)

    def change(s: State) -> int:
        s.set_mark(ProgramMark("inside", apply=True))
        return len(s.marks())

    assert state.update(change) == 41


def test_threads_sharing_one_state(filled: Path) -> None:
    """TUI workers share the app's `State`: its batches must not interleave."""
    state = open_state(filled, backup_on_open=False)

    def bump(s: State) -> None:
        mark = s.mark("counter")
        s.set_mark(mark.with_changes(pinned=True, notes=str(int(mark.notes or "0") + 1)))

    def work() -> None:
        for _ in range(50):
            state.update(bump)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert open_state(filled, readonly=True).mark("counter").notes == "150"

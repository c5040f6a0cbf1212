"""A separate process that changes a state file through the real `State` API.

Run by the crash and two-session tests (`python store_worker.py MODE ...`); not a test itself.

crash PATH START   apply changes START, START+1, ... forever; print each number once `State`
                   has returned (the change is acknowledged) — the parent SIGKILLs us.
session PATH WHO N GO [--no-lock]
                   wait for the file GO (a start barrier), then make N changes: even ones add
                   our own outreach entry, odd ones increment one shared counter in
                   `update()`. --no-lock swaps the inter-process lock for a no-op (the control
                   showing the lock is what prevents lost updates).
kill-at-fsync PATH stock|ours
                   delete half of the marks; the first fsync SIGKILLs the process, i.e. a
                   crash in the middle of the write.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time

from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import ChecklistEntry, Letter, OutreachEntry, ProgramMark
from smartpick_tui.store import State, open_state

KINDS = ("mark", "letter", "step")
SLOTS = 32


def crash_target(number: int) -> tuple[str, str]:
    """Change `number` writes str(number) into this record: (kind, record key)."""
    kind = KINDS[number % len(KINDS)]
    return kind, f"crash-{kind}-{(number // len(KINDS)) % SLOTS}"


def crash_note(number: int) -> str:
    """The number, padded so that the file grows and shrinks: an in-place rewrite that is
    killed after writing a shorter file leaves the old tail behind (TinyDB's JSONStorage)."""
    return f"{number}:" + "x" * (number * 7919 % 5 * 300)


def apply_crash_change(state: State, number: int) -> None:
    kind, key = crash_target(number)
    note = crash_note(number)
    if kind == "mark":
        state.set_mark(ProgramMark(key, apply=True, notes=note))
    elif kind == "letter":
        state.upsert_letter(Letter(writer="Dr Crash", kind=LetterKind.AWAY_SPECIALTY, id=key, notes=note))
    else:
        state.set_checklist(ChecklistEntry(key, done=True, note=note))


def _number(note: str) -> int:
    return int(note.partition(":")[0])


def read_crash_values(state: State) -> dict[str, int]:
    values = {
        mark.program_id: _number(mark.notes)
        for mark in state.marks().values()
        if mark.program_id.startswith("crash-")
    }
    values.update(
        {letter.id: _number(letter.notes) for letter in state.letters() if letter.id.startswith("crash-")}
    )
    values.update(
        {step: _number(entry.note) for step, entry in state.checklist().items() if step.startswith("crash-")}
    )
    return values


def crash(path: str, start: str) -> None:
    state = open_state(path)
    number = int(start)
    while True:
        apply_crash_change(state, number)
        print(number, flush=True)
        number += 1


def increment(state: State) -> None:
    current = state.mark("shared-counter")
    count = int(current.notes or "0") + 1
    state.set_mark(current.with_changes(pinned=True, notes=str(count)))


def session(path: str, who: str, count: str, go: str, *flags: str) -> None:
    state = open_state(path, backup_on_open=False)
    if "--no-lock" in flags:
        state._lock = contextlib.nullcontext()  # the control run: no inter-process lock
    while not os.path.exists(go):
        time.sleep(0.001)
    for i in range(int(count)):
        if i % 2 == 0:
            state.upsert_outreach(
                OutreachEntry(
                    program_name=f"{who} program {i}",
                    kind=EmailKind.RADAR,
                    sent_on="2025-08-01",
                    id=f"{who}-{i}",
                )
            )
        else:
            state.update(increment)


def kill_at_fsync(path: str, storage: str) -> None:
    def die(_fd: int) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    if storage == "stock":
        from tinydb import Query, TinyDB

        db = TinyDB(path)  # TinyDB's own JSONStorage
        os.fsync = die
        db.table("marks").remove(Query().apply == False)  # noqa: E712 (TinyDB query syntax)
    else:
        state = open_state(path, backup_on_open=False)
        doomed = [mark for mark in state.marks().values() if not mark.apply]
        os.fsync = die

        def remove(s: State) -> None:
            for mark in doomed:
                s.set_mark(ProgramMark(mark.program_id))  # an empty mark deletes the entry

        state.update(remove)
    print("fsync was never called", flush=True)


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    {"crash": crash, "session": session, "kill-at-fsync": kill_at_fsync}[mode](*rest)
    sys.exit(0)

"""A separate process that changes interviews through the real `State` API (not a test).

crash PATH START     numbered changes START, START+1, ... forever, printing each number once
                     `State` returned (acknowledged); the parent SIGKILLs us. Change n writes
                     n into the impressions of interview slot n % SLOTS (a field-level
                     patch) and, every third change, moves that slot to the top of the list.
session PATH WHO N GO  wait for the file GO, then make N field-level edits to the shared
                     interviews: session "a" only writes impressions, "b" only ratings and the
                     thank-you flag, and both move programs in the rank list.
"""

from __future__ import annotations

import os
import sys
import time

from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.store import open_state

SLOTS = 8


def slot_id(slot: int) -> str:
    return f"slot-{slot}"


def seed(path: str) -> None:
    with open_state(path, backup_on_open=False) as state:

        def change(s) -> None:  # type: ignore[no-untyped-def]
            for slot in range(SLOTS):
                s.upsert_interview(
                    Interview(f"Program {slot}", id=slot_id(slot), status=InterviewStatus.COMPLETED)
                )

        state.update(change)


def crash(path: str, start: str) -> None:
    state = open_state(path, backup_on_open=False)
    number = int(start)
    while True:
        slot = number % SLOTS
        # padded so that the file grows and shrinks between writes
        state.patch_interview(slot_id(slot), impressions=f"{number}:" + "x" * (number * 7919 % 5 * 300))
        if number % 3 == 0:
            state.move_in_rank(slot_id(slot), -SLOTS)
        print(number, flush=True)
        number += 1


def session(path: str, who: str, count: str, go: str) -> None:
    state = open_state(path, backup_on_open=False)
    while not os.path.exists(go):
        time.sleep(0.001)
    for i in range(int(count)):
        slot = i % SLOTS
        if who == "a":
            state.patch_interview(slot_id(slot), impressions=f"a {i}")
        else:
            state.patch_interview(slot_id(slot), rating_1=i % 5 + 1, thank_you_sent=i % 2 == 0)
        state.move_in_rank(slot_id(slot), 1 if who == "a" else -1)


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    {"crash": crash, "session": session, "seed": seed}[mode](*rest)
    sys.exit(0)

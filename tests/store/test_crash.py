"""Guarantee 2: SIGKILL a writer at random moments; every acknowledged change survives.

The worker applies numbered changes through the real `State` API and prints each number
after `State` returned. After each kill the file must open read-only (no repair needed: a
repair would hide a broken file) and hold, for every record, the last acknowledged value —
or the one change that was in flight when the kill came, which may or may not have landed.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path

import pytest
from store_helpers import fill, worker
from store_worker import crash_target, read_crash_values

from smartpick_tui.store import open_state

pytestmark = pytest.mark.serial  # timing-sensitive: see pyproject's markers

DEFAULT_KILLS = 12
FULL_KILLS = 200


def _kill_after_random_moment(proc, rng: random.Random) -> list[int]:
    """Most kills land mid-stream (after the first ack), some during start-up."""
    acked: list[int] = []
    buffer = ""
    deadline = time.monotonic() + rng.uniform(0.0, 0.35) if rng.random() < 0.2 else None
    while True:
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            break
        wait = 60.0 if deadline is None else max(0.0, deadline - now)  # a hang, not a slow start
        ready, _, _ = select.select([proc.stdout], [], [], wait)
        if not ready:
            if deadline is None:
                raise AssertionError(
                    f"worker made no progress: {proc.stderr.read() if proc.poll() is not None else ''}"
                )
            continue
        chunk = os.read(proc.stdout.fileno(), 65536).decode()
        if not chunk:
            raise AssertionError(f"worker exited: {proc.wait()} {proc.stderr.read()}")
        buffer += chunk
        if deadline is None:
            deadline = time.monotonic() + rng.uniform(0.0, 0.12)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    rest = proc.stdout.read()
    buffer += rest.decode() if isinstance(rest, bytes) else rest
    complete = buffer.split("\n")[:-1]  # a number without its newline was not acknowledged
    acked.extend(int(line) for line in complete)
    return acked


def run_crashes(path: Path, kills: int, seed: int) -> int:
    rng = random.Random(seed)
    with open_state(path) as state:
        fill(state, marks=400)  # a realistic file, so writes take long enough to be hit
    expected: dict[str, int] = {}
    next_number = 0
    landed_mid_stream = 0
    for kill in range(kills):
        proc = worker("crash", str(path), str(next_number), bufsize=0)
        acked = _kill_after_random_moment(proc, rng)
        assert acked == list(range(next_number, next_number + len(acked))), "acks out of order"
        for number in acked:
            expected[crash_target(number)[1]] = number
        in_flight = next_number + len(acked)
        assert not list(path.parent.glob("*.corrupt"))
        with open_state(path, readonly=True) as state:  # raises if the file is broken
            found = read_crash_values(state)
            assert len(state.marks()) >= 400
        for key, value in expected.items():
            if found.get(key) != value:
                assert found.get(key) == in_flight and crash_target(in_flight)[1] == key, (
                    f"kill {kill}: {key} is {found.get(key)}, acknowledged {value}"
                )
        unexpected = set(found) - set(expected)
        assert unexpected <= {crash_target(in_flight)[1]}, f"kill {kill}: {unexpected} never acknowledged"
        landed_mid_stream += bool(acked)
        next_number = in_flight
    return landed_mid_stream


def test_crash_harness_default(tmp_path: Path) -> None:
    mid_stream = run_crashes(tmp_path / "state.json", DEFAULT_KILLS, seed=20240601)
    assert mid_stream >= DEFAULT_KILLS // 2  # most kills hit a writer that was busy writing


@pytest.mark.slow
def test_crash_harness_full(tmp_path: Path) -> None:
    mid_stream = run_crashes(tmp_path / "state.json", FULL_KILLS, seed=int(time.time()))
    assert mid_stream >= FULL_KILLS // 2

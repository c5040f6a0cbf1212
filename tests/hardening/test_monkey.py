"""A seeded monkey: random keys (letters, digits, arrows, tab, enter, escape, ctrl combinations,
the palette, tab switches) across every pane at 80x24 and 40x15. No exception may escape, and
the state file must still load afterwards. The default run sends a short sequence; `-m slow`
sends 5,000 keys. Each run prints its seed and the keys/second it sustained (Pilot waits for
the app to go idle after every key, so this is keys fully processed, not keys queued).

Reproduce a run: SMARTPICK_MONKEY_SEED=<seed> pytest tests/hardening/test_monkey.py -m '' -s
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from hardening_helpers import TODAY, seed_hostile

from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp

SEED = int(os.environ.get("SMARTPICK_MONKEY_SEED", "20261125"))
SIZES = ((80, 24), (40, 15))
SHORT_KEYS = 30  # per size in the default run (Pilot waits for idle after each key: ~0.2 s a key)

# (weight, keys): what a student's fingers (or a cat) produce, minus ctrl+q/ctrl+c (quit) and
# ctrl+z (suspend), which would only end the run. The palette's own "Quit" can still be picked
# by chance: the monkey then starts the app again on the same file, which is also a test.
KEYS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (30, tuple("abcdefghijklmnopqrstuvwxyz")),
    (10, tuple("0123456789")),
    (15, ("up", "down", "left", "right", "pageup", "pagedown", "home", "end")),
    (8, ("tab", "shift+tab")),
    (7, ("enter",)),
    (8, ("escape",)),
    (5, ("space", "backspace", "question_mark", "slash", "plus", "minus")),
    (7, ("ctrl+s", "ctrl+o", "ctrl+t", "ctrl+r", "ctrl+a", "ctrl+k", "ctrl+u", "ctrl+e")),
    (3, ("ctrl+p",)),
    (10, tuple(f"alt+{n}" for n in "12345678")),
)


def key_stream(rng: random.Random, count: int) -> list[str]:
    weights = [weight for weight, _ in KEYS]
    return [rng.choice(rng.choices(KEYS, weights)[0][1]) for _ in range(count)]


async def run_monkey(db: Path, keys_per_size: int, seed: int) -> tuple[int, float, int]:
    """Send the keys; (keys sent, seconds, app restarts)."""
    seed_hostile(db)
    rng = random.Random(seed)
    sent, restarts = 0, 0
    history: list[str] = []
    started = time.perf_counter()
    for size in SIZES:
        keys = key_stream(rng, keys_per_size)
        while keys:
            app = SmartPickApp(db, today=lambda: TODAY)
            app.animation_level = "none"
            try:
                async with app.run_test(size=size) as pilot:  # re-raises any exception in the app
                    await pilot.pause()
                    while keys and app.is_running:
                        history.append(keys.pop(0))
                        await pilot.press(history[-1])
                        sent += 1
                    if app.is_running:
                        await app.workers.wait_for_complete()
                        await pilot.pause()
            except Exception as error:  # say how to get back here
                raise AssertionError(
                    f"seed {seed}, {size[0]}x{size[1]}, key #{sent}: "
                    f"{type(error).__name__}: {error}; last keys {history[-30:]}"
                ) from error
            restarts += bool(keys)
            with open_state(db, readonly=True) as state:  # raises if the file is unusable
                state.profile()
                state.summary()
    return sent, time.perf_counter() - started, restarts


async def test_monkey_short(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sent, seconds, restarts = await run_monkey(db, SHORT_KEYS, SEED)
    print(
        f"\nmonkey seed {SEED}: {sent} keys in {seconds:.1f} s = {sent / seconds:.0f} keys/s, "
        f"{restarts} restarts"
    )
    assert sent == 2 * SHORT_KEYS
    assert not list(db.parent.glob("*.corrupt"))


@pytest.mark.slow
async def test_monkey_5000(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sent, seconds, restarts = await run_monkey(db, 2500, SEED)
    print(
        f"\nmonkey seed {SEED}: {sent} keys in {seconds:.1f} s = {sent / seconds:.0f} keys/s, "
        f"{restarts} restarts"
    )
    assert sent == 5000
    assert not list(db.parent.glob("*.corrupt"))

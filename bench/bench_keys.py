"""Keystrokes as a user feels them: the real `smartpick` binary on a pseudo-terminal, typing into
the Programs search, from the byte of a key leaving the terminal to the frame whose status line
shows the result for the text typed so far; paired in the same run with an echo app (a Textual
Input whose value a Static repeats, `baseline_apps.py`), the floor of a key through Textual.

Catalog sizes: the shipped programs padded with clearly synthetic rows (imports file beside a
temporary state file), every filter cleared so every program is searched. Keys: words, typos,
backspaces and a query that matches almost everything (`TYPING`), one key every ~33 ms (a fast
typist), each timed to its own frame.

Goals (issue 26): p95 <= 20 ms at 10,000 programs, <= 40 ms at 50,000, <= 60 ms at 100,000.
Run: `python bench/bench_keys.py [--sizes 10000 50000 100000] [--keys 108]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_startup import smartpick_argv
from ptyrun import PtyApp, ensure_bytecode, percentile, result_line
from synthetic import TYPING, shipped_count, synthetic_programs

from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports

HERE = Path(__file__).resolve().parent
GOALS = {10_000: 20.0, 50_000: 40.0, 100_000: 60.0}
PACE_S = 0.033
SLOWEST: list[tuple[float, str]] = []  # (ms, text) of every timed key of the last run
SIZE = (120, 30)  # wide enough for the longest status line


def typed(keys: int) -> list[tuple[str, str]]:
    """(key, the search text after it) for `keys` keys of TYPING."""
    text, out = "", []
    for key in (TYPING * (1 + keys // len(TYPING)))[:keys]:
        text = text[:-1] if key == "backspace" else text + key
        out.append((key, text))
    return out


def time_keys(app: PtyApp, keys: list[tuple[str, str]], shown: Callable[[str, str], bool]) -> list[float]:
    """Latency of each key: sent → the first frame after it for which `shown(screen, text)`
    holds. A key that leaves the result as it was (a space between words: the status line
    does not change) is typed but not timed: no frame of its own says it was handled."""
    latencies = []
    for key, text in keys:
        app.settle(0.01, timeout=30)
        before = shown(app.text(), text)
        sent = app.press(key)
        if before:
            app.settle(0.05, timeout=30)
        else:
            drawn = app.wait_for(lambda screen, text=text: shown(screen, text), timeout=30, after=sent)
            latencies.append((drawn - sent) * 1000)
            SLOWEST.append(((drawn - sent) * 1000, text))
        time.sleep(PACE_S)
    return latencies


def status_shows(screen: str, text: str) -> bool:
    """The Programs status line for this search text ("no filters" once it is empty)."""
    query = " ".join(text.split())
    return f'"{query}"' in screen if query else "no filters" in screen


def echo_shows(screen: str, text: str) -> bool:
    return f'"{text}"' in screen


def measure_echo(keys: list[tuple[str, str]], which: str = "echo") -> list[float]:
    with PtyApp([sys.executable, str(HERE / "baseline_apps.py"), which], *SIZE) as app:
        app.wait_for(lambda screen: '""' in screen)
        app.settle(0.3)
        return time_keys(app, keys, echo_shows)


def measure_ours(size: int, keys: list[tuple[str, str]], folder: Path) -> tuple[list[float], float]:
    """(latencies, ms from start until the Programs tab listed every program)."""
    db = folder / f"state-{size}.json"
    with open_state(db) as state:
        state.set_profile(Profile(step2=252, specialty="internal-medicine", ties=("OH",)))
    write_imports(imports_path(db), synthetic_programs(max(0, size - shipped_count())))
    env = {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}
    with PtyApp(smartpick_argv(db), *SIZE, env=env) as app:
        app.wait_for(lambda screen: "Step 2 CK" in screen)
        app.settle(0.3)
        app.press("2")
        loaded = f"of {size:,} programs"  # the status line once the catalog is in
        app.wait_for(lambda screen: loaded in screen, timeout=180)
        app.press("c")  # clear the filters: search every program
        ready = app.wait_for(lambda screen: f"{size:,} of {size:,} programs" in screen, timeout=120)
        app.press("/")
        app.settle(0.3)  # the search field's cursor blinks every 0.5 s
        return time_keys(app, keys, status_shows), (ready - app.started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument(
        "--keys", type=int, default=len(TYPING), help=f"keys per run (TYPING has {len(TYPING)})"
    )
    parser.add_argument(
        "--echo-hop",
        action="store_true",
        help="also time the earlier echo app (its echo a message hop, and so a frame, later)",
    )
    args = parser.parse_args()
    ensure_bytecode()  # as installed (ptyrun.ensure_bytecode)
    keys = typed(args.keys)
    folder = Path(tempfile.mkdtemp(prefix="smartpick-bench-"))
    print(f"terminal {SIZE[0]}x{SIZE[1]}; {len(keys)} keys per run, one every ~{PACE_S * 1000:.0f} ms")
    print(f"{'app':>18} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'p95/echo':>9} {'goal':>6}")
    for size in args.sizes:
        echo = measure_echo(keys)  # paired: an echo run right before each size
        SLOWEST.clear()
        ours, ready_ms = measure_ours(size, keys, folder)
        slowest = sorted(SLOWEST, reverse=True)[:5]
        echo_p95, p95 = percentile(echo, 0.95), percentile(ours, 0.95)
        goal = GOALS.get(size)
        print(f"{'echo app':>18} {statistics.median(echo):>7.1f} {echo_p95:>7.1f} {max(echo):>7.1f}")
        if args.echo_hop:
            hop = measure_echo(keys, "echo-hop")
            print(
                f"{'echo app, hop':>18} {statistics.median(hop):>7.1f} {percentile(hop, 0.95):>7.1f} "
                f"{max(hop):>7.1f}"
            )
        print(
            f"{f'smartpick {size:,}':>18} {statistics.median(ours):>7.1f} {p95:>7.1f} {max(ours):>7.1f} "
            f"{p95 / echo_p95:>9.2f} {f'<= {goal:.0f}' if goal else '':>6}"
            f"   (catalog listed at {ready_ms:.0f} ms)"
        )
        print("  slowest keys: " + ", ".join(f"{ms:.0f} ms {text!r}" for ms, text in slowest))
        print(
            result_line(
                f"keys_{size}",
                p50=f"{statistics.median(ours):.1f}",
                p95=f"{p95:.1f}",
                echo_p95=f"{echo_p95:.1f}",
                met=goal is None or p95 <= goal,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

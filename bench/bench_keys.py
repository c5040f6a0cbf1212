"""Keystrokes as a user feels them: the real `smartpick` binary on a pseudo-terminal, typing into
the Programs search, from the byte of a key leaving the terminal to the frame whose status line
shows the result for the text typed so far; paired in the same run with an echo app (a Textual
Input whose value a Static repeats, `baseline_apps.py`), the floor of a key through Textual.

Catalog sizes: the shipped programs padded with clearly synthetic rows (imports file beside a
temporary state file), every filter cleared so every program is searched. Keys: words, typos,
backspaces and a query that matches almost everything (`TYPING`), one key every ~33 ms (a fast
typist), each timed to its own frame.

CPU a key is the app's whole process (every thread, from the kernel's scheduler statistics, ns)
while the keys are typed, divided by the keys typed: what the machine spends, beside what the
user waits (on a shared machine the wait moves with the load; the CPU much less).

`--against DIR` pairs another checkout (e.g. `git archive main | tar -x -C DIR`) in the same
run: its package is put first on the app's `PYTHONPATH`, and for every size the two are run
alternately `--rounds` times (the order swapped each round), so a change of load hits both.

Goals (issue 26): p95 <= 20 ms at 10,000 programs, <= 40 ms at 50,000, <= 60 ms at 100,000.
Run: `python bench/bench_keys.py [--sizes 10000 50000 100000] [--keys 108] [--against DIR]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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
SIZE = (120, 30)  # wide enough for the longest status line


def typed(keys: int) -> list[tuple[str, str]]:
    """(key, the search text after it) for `keys` keys of TYPING."""
    text, out = "", []
    for key in (TYPING * (1 + keys // len(TYPING)))[:keys]:
        text = text[:-1] if key == "backspace" else text + key
        out.append((key, text))
    return out


def time_keys(
    app: PtyApp, keys: list[tuple[str, str]], shown: Callable[[str, str], bool]
) -> list[tuple[float, str]]:
    """(ms, the search text after it) of each timed key: sent → the first frame after it for
    which `shown(screen, text)` holds. A key that leaves the result as it was (a space between
    words: the status line does not change) is typed but not timed: no frame of its own says it
    was handled."""
    latencies = []
    for key, text in keys:
        app.settle(0.01, timeout=30)
        before = shown(app.text(), text)
        sent = app.press(key)
        if before:
            app.settle(0.05, timeout=30)
        else:
            drawn = app.wait_for(lambda screen, text=text: shown(screen, text), timeout=30, after=sent)
            latencies.append(((drawn - sent) * 1000, text))
        time.sleep(PACE_S)
    return latencies


def status_shows(screen: str, text: str) -> bool:
    """The Programs status line for this search text ("no filters" once it is empty)."""
    query = " ".join(text.split())
    return f'"{query}"' in screen if query else "no filters" in screen


def echo_shows(screen: str, text: str) -> bool:
    return f'"{text}"' in screen


@dataclass
class Run:
    """The keys of one or more runs of one app."""

    latencies: list[float] = field(default_factory=list)  # ms, each timed key
    cpu_ms: float = 0.0  # the process's CPU while typing, ms
    keys: int = 0  # keys typed (timed or not)
    slowest: list[tuple[float, str]] = field(default_factory=list)  # (ms, text) of each timed key
    ready_ms: list[float] = field(default_factory=list)  # start → every program listed

    def add(self, other: Run) -> None:
        self.latencies += other.latencies
        self.cpu_ms += other.cpu_ms
        self.keys += other.keys
        self.slowest += other.slowest
        self.ready_ms += other.ready_ms

    def cpu_per_key(self) -> float:
        return self.cpu_ms / max(1, self.keys)


def process_cpu_ns(pid: int) -> int:
    """CPU time of every thread of `pid` so far, ns (`/proc/PID/task/*/schedstat`, first field:
    nanoseconds on a CPU; `/proc/PID/stat` counts in 10 ms ticks, too coarse for a key)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                total += int(stat.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):  # a thread that just ended
            pass
    return total


def typing_run(app: PtyApp, keys: list[tuple[str, str]], shown: Callable[[str, str], bool]) -> Run:
    cpu = process_cpu_ns(app.process.pid)
    timed = time_keys(app, keys, shown)
    cpu = process_cpu_ns(app.process.pid) - cpu
    return Run([ms for ms, _ in timed], cpu / 1e6, len(keys), timed)


def measure_echo(keys: list[tuple[str, str]], which: str = "echo") -> Run:
    with PtyApp([sys.executable, str(HERE / "baseline_apps.py"), which], *SIZE) as app:
        app.wait_for(lambda screen: '""' in screen)
        app.settle(0.3)
        return typing_run(app, keys, echo_shows)


def write_catalog(size: int, folder: Path) -> Path:
    """A state file (a profile, so classes show) beside an imports file padding the catalog to
    `size` programs."""
    db = folder / f"state-{size}.json"
    if not db.exists():
        with open_state(db) as state:
            state.set_profile(Profile(step2=252, specialty="internal-medicine", ties=("OH",)))
        write_imports(imports_path(db), synthetic_programs(max(0, size - shipped_count())))
    return db


def measure_ours(size: int, keys: list[tuple[str, str]], folder: Path, checkout: Path | None = None) -> Run:
    """Type into the Programs search with every filter cleared (`checkout`: another checkout's
    package instead of this one)."""
    db = write_catalog(size, folder)
    env = {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
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
        run = typing_run(app, keys, status_shows)
        run.ready_ms.append((ready - app.started) * 1000)
        return run


def report(name: str, run: Run, echo_p95: float | None = None, goal: float | None = None) -> str:
    p95 = percentile(run.latencies, 0.95)
    line = (
        f"{name:>22} {statistics.median(run.latencies):>7.1f} {p95:>7.1f} {max(run.latencies):>7.1f} "
        f"{run.cpu_per_key():>8.1f}"
    )
    if echo_p95 is not None:
        line += f" {p95 / echo_p95:>9.2f} {f'<= {goal:.0f}' if goal else '':>6}"
    if run.ready_ms:
        line += f"   (catalog listed at {statistics.median(run.ready_ms):.0f} ms)"
    slowest = sorted(run.slowest, reverse=True)[:5]
    if slowest and echo_p95 is not None:
        line += "\n  slowest keys: " + ", ".join(f"{ms:.0f} ms {text!r}" for ms, text in slowest)
    return line


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
    parser.add_argument(
        "--against", type=Path, help="another checkout to pair with (its package on PYTHONPATH)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="alternating runs per size with --against")
    args = parser.parse_args()
    ensure_bytecode()  # as installed (ptyrun.ensure_bytecode)
    if args.against is not None:
        ensure_bytecode(args.against / "smartpick_tui")
    keys = typed(args.keys)
    folder = Path(tempfile.mkdtemp(prefix="smartpick-bench-"))
    print(f"terminal {SIZE[0]}x{SIZE[1]}; {len(keys)} keys per run, one every ~{PACE_S * 1000:.0f} ms")
    print(f"{'app':>22} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'CPU/key':>8} {'p95/echo':>9} {'goal':>6}")
    rounds = args.rounds if args.against is not None else 1
    for size in args.sizes:
        echo, ours, theirs = Run(), Run(), Run()
        for turn in range(rounds):
            echo.add(measure_echo(keys))  # paired: an echo run before each round
            if args.against is None:
                ours.add(measure_ours(size, keys, folder))
            elif turn % 2 == 0:
                ours.add(measure_ours(size, keys, folder))
                theirs.add(measure_ours(size, keys, folder, args.against))
            else:
                theirs.add(measure_ours(size, keys, folder, args.against))
                ours.add(measure_ours(size, keys, folder))
        echo_p95, p95 = percentile(echo.latencies, 0.95), percentile(ours.latencies, 0.95)
        goal = GOALS.get(size)
        print(report("echo app", echo))
        if args.echo_hop:
            print(report("echo app, hop", measure_echo(keys, "echo-hop")))
        if args.against is not None:
            print(report(f"{args.against.name} {size:,}", theirs, echo_p95, goal))
        print(report(f"smartpick {size:,}", ours, echo_p95, goal))
        print(
            result_line(
                f"keys_{size}",
                p50=f"{statistics.median(ours.latencies):.1f}",
                p95=f"{p95:.1f}",
                echo_p95=f"{echo_p95:.1f}",
                cpu_per_key=f"{ours.cpu_per_key():.1f}",
                met=goal is None or p95 <= goal,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

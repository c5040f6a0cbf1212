"""Start-up as a user sees it: the real `smartpick` binary on a pseudo-terminal, from starting
the process to its first fully drawn screen, paired in the same run against a bare Textual app
(Tabs + DataTable + Footer, `baseline_apps.py`); and the memory each holds at that moment.

"Fully drawn": the screen shows its content (the Profile form and the footer for SmartPick; the
table and the footer for the bare app) and then nothing more is drawn for 0.3 s; the time is
when the last bytes before that pause arrived. Rounds alternate which program starts first, and
each ratio is taken within a round, so a machine that slows down mid-run moves both alike.

Goals (issue 26): first screen <= 1.5x the bare app; memory <= 1.5x the bare app.
Run: `python bench/bench_startup.py [--rounds 7] [--size 100x30]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from ptyrun import PtyApp, ensure_bytecode, result_line

from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state

HERE = Path(__file__).resolve().parent
GOAL_TIME, GOAL_MEMORY = 1.5, 1.5


def smartpick_argv(db: Path) -> list[str]:
    """The installed console script when there is one (what a user runs), else `-m`."""
    script = Path(sys.executable).parent / "smartpick"
    head = [str(script)] if script.exists() else [sys.executable, "-m", "smartpick_tui"]
    return [*head, "--db", str(db)]


def first_screen(
    argv: list[str], ready: tuple[str, ...], size: tuple[int, int], env: dict[str, str]
) -> tuple[float, float]:
    """(ms from start to the first fully drawn screen, MiB resident then)."""
    with PtyApp(argv, *size, env=env) as app:
        app.wait_for(lambda text: all(word in text for word in ready))
        drawn = app.settle(0.3)
        return (drawn - app.started) * 1000, app.rss_mib()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--size", default="100x30", help="terminal COLUMNSxLINES")
    args = parser.parse_args()
    ensure_bytecode()  # as installed (ptyrun.ensure_bytecode)
    size = tuple(int(part) for part in args.size.split("x"))
    folder = Path(tempfile.mkdtemp(prefix="smartpick-bench-"))
    env = {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}
    db = folder / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(step2=248, specialty="internal-medicine", ties=("OH",)))
    bare = [sys.executable, str(HERE / "baseline_apps.py"), "bare"]
    ours = smartpick_argv(db)
    rows: list[tuple[float, float, float, float]] = []
    print(f"terminal {size[0]}x{size[1]}; {args.rounds} rounds, alternating which starts first")
    print(
        f"{'round':>5} {'bare ms':>8} {'ours ms':>8} {'ratio':>6} "
        f"{'bare MiB':>9} {'ours MiB':>9} {'ratio':>6}"
    )
    for round_ in range(args.rounds):
        runs = {}
        for name in ("bare", "ours") if round_ % 2 == 0 else ("ours", "bare"):
            if name == "bare":
                runs[name] = first_screen(bare, ("bare app ready", "Help"), size, env)
            else:
                runs[name] = first_screen(ours, ("Step 2 CK", "Help"), size, env)
        (bare_ms, bare_mib), (ours_ms, ours_mib) = runs["bare"], runs["ours"]
        rows.append((bare_ms, ours_ms, bare_mib, ours_mib))
        print(
            f"{round_ + 1:>5} {bare_ms:>8.0f} {ours_ms:>8.0f} {ours_ms / bare_ms:>6.2f} "
            f"{bare_mib:>9.1f} {ours_mib:>9.1f} {ours_mib / bare_mib:>6.2f}"
        )
    time_ratio = statistics.median(r[1] / r[0] for r in rows)
    memory_ratio = statistics.median(r[3] / r[2] for r in rows)
    print(
        f"median: bare {statistics.median(r[0] for r in rows):.0f} ms, ours "
        f"{statistics.median(r[1] for r in rows):.0f} ms, ratio {time_ratio:.2f} (goal <= {GOAL_TIME}); "
        f"memory {statistics.median(r[2] for r in rows):.1f} vs "
        f"{statistics.median(r[3] for r in rows):.1f} MiB, "
        f"ratio {memory_ratio:.2f} (goal <= {GOAL_MEMORY})"
    )
    print(
        result_line(
            "startup",
            ratio=f"{time_ratio:.2f}",
            ours_ms=f"{statistics.median(r[1] for r in rows):.0f}",
            bare_ms=f"{statistics.median(r[0] for r in rows):.0f}",
            met=time_ratio <= GOAL_TIME,
        )
    )
    print(
        result_line(
            "memory",
            ratio=f"{memory_ratio:.2f}",
            ours_mib=f"{statistics.median(r[3] for r in rows):.1f}",
            bare_mib=f"{statistics.median(r[2] for r in rows):.1f}",
            met=memory_ratio <= GOAL_MEMORY,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

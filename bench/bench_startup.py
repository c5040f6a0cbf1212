"""Start-up as a user sees it: the real `smartpick` binary on a pseudo-terminal, from starting
the process to its first fully drawn screen, paired in the same run against a bare Textual app
(Tabs + DataTable + Footer, `baseline_apps.py`); and the memory each holds at that moment.

"Fully drawn": the screen shows its content (the Profile form and the footer for SmartPick; the
table and the footer for the bare app) and then nothing more is drawn for 0.3 s; the time is
when the last bytes before that pause arrived. Rounds alternate which program starts first, and
each ratio is taken within a round, so a machine that slows down mid-run moves both alike.

Goals (issue 26): first screen <= 1.5x the bare app; memory <= 1.5x the bare app. The CPU each
used by then is shown beside them (all threads; the wall time is the goal, the CPU says how much
of it is work). `--frames` shows what each frame of one start changed instead.
Run: `python bench/bench_startup.py [--rounds 7] [--size 100x30] [--frames]`.
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


def cpu_ms(pid: int) -> float:
    """CPU time the process has used so far, all its threads (ns-precise `schedstat`), in ms."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[0])
        except (OSError, ValueError, IndexError):  # a thread that ended meanwhile
            pass
    return total / 1e6


def first_screen(
    argv: list[str], ready: tuple[str, ...], size: tuple[int, int], env: dict[str, str]
) -> tuple[float, float, float]:
    """(ms from start to the first fully drawn screen, MiB resident then, ms of CPU by then)."""
    with PtyApp(argv, *size, env=env) as app:
        app.wait_for(lambda text: all(word in text for word in ready))
        drawn = app.settle(0.3)
        return (drawn - app.started) * 1000, app.rss_mib(), cpu_ms(app.process.pid)


def frames(argv: list[str], size: tuple[int, int], env: dict[str, str]) -> None:
    """Each change of the screen from the start until it settles: when, and which lines. The
    first screen is timed to its last frame, so every frame after the first costs start-up
    time; this shows what each one changed (text or colours), to find the frames to fold into
    the first (issue 26: the tab highlight and the diagnosis's scrollbar came in later ones)."""
    with PtyApp(argv, *size, env=env) as app:
        before: list[str] = list(app.screen.display)
        looks: list[list[tuple[str, str, bool]]] | None = None
        while app.pump(0.4 if looks is not None else 30.0):  # (the first bytes may take a while)
            text = list(app.screen.display)
            now = [
                [(cell.fg, cell.bg, cell.reverse) for cell in app.screen.buffer[y].values()]
                for y in range(size[1])
            ]
            changed = [y for y in range(size[1]) if text[y] != before[y]]
            recoloured = [y for y in range(size[1]) if looks is None or now[y] != looks[y]]
            print(
                f"{(app.last_output - app.started) * 1000:7.0f} ms  text lines {changed or '-'}  "
                f"colours {recoloured or '-'}"
            )
            before = text
            looks = now


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--size", default="100x30", help="terminal COLUMNSxLINES")
    parser.add_argument(
        "--frames", action="store_true", help="show what each frame of one start changes, and stop"
    )
    args = parser.parse_args()
    ensure_bytecode()  # as installed (ptyrun.ensure_bytecode)
    columns, lines = (int(part) for part in args.size.split("x"))
    size = (columns, lines)
    folder = Path(tempfile.mkdtemp(prefix="smartpick-bench-"))
    env = {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}
    db = folder / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(step2=248, specialty="internal-medicine", ties=("OH",)))
    bare = [sys.executable, str(HERE / "baseline_apps.py"), "bare"]
    ours = smartpick_argv(db)
    if args.frames:
        for name, argv in (("bare", bare), ("ours", ours)):
            print(name)
            frames(argv, size, env)
        return 0
    rows: list[tuple[float, float, float, float, float, float]] = []
    print(f"terminal {size[0]}x{size[1]}; {args.rounds} rounds, alternating which starts first")
    print(
        f"{'round':>5} {'bare ms':>8} {'ours ms':>8} {'ratio':>6} "
        f"{'bare MiB':>9} {'ours MiB':>9} {'ratio':>6} {'bare CPU':>9} {'ours CPU':>9} {'ratio':>6}"
    )
    for round_ in range(args.rounds):
        runs = {}
        for name in ("bare", "ours") if round_ % 2 == 0 else ("ours", "bare"):
            if name == "bare":
                runs[name] = first_screen(bare, ("bare app ready", "Help"), size, env)
            else:
                runs[name] = first_screen(ours, ("Step 2 CK", "Help"), size, env)
        (bare_ms, bare_mib, bare_cpu), (ours_ms, ours_mib, ours_cpu) = runs["bare"], runs["ours"]
        rows.append((bare_ms, ours_ms, bare_mib, ours_mib, bare_cpu, ours_cpu))
        print(
            f"{round_ + 1:>5} {bare_ms:>8.0f} {ours_ms:>8.0f} {ours_ms / bare_ms:>6.2f} "
            f"{bare_mib:>9.1f} {ours_mib:>9.1f} {ours_mib / bare_mib:>6.2f} "
            f"{bare_cpu:>9.0f} {ours_cpu:>9.0f} {ours_cpu / bare_cpu:>6.2f}"
        )
    time_ratio = statistics.median(r[1] / r[0] for r in rows)
    memory_ratio = statistics.median(r[3] / r[2] for r in rows)
    print(
        f"median: bare {statistics.median(r[0] for r in rows):.0f} ms, ours "
        f"{statistics.median(r[1] for r in rows):.0f} ms, ratio {time_ratio:.2f} (goal <= {GOAL_TIME}); "
        f"memory {statistics.median(r[2] for r in rows):.1f} vs "
        f"{statistics.median(r[3] for r in rows):.1f} MiB, "
        f"ratio {memory_ratio:.2f} (goal <= {GOAL_MEMORY}); CPU to the first screen "
        f"{statistics.median(r[4] for r in rows):.0f} vs {statistics.median(r[5] for r in rows):.0f} ms, "
        f"ratio {statistics.median(r[5] / r[4] for r in rows):.2f}"
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

"""Run every benchmark in turn and print the issue-26 table of goals: `python bench/run_all.py`.

Each script also runs alone (see its docstring for its options). The load average and `uptime`
are printed first and last because these 2-core machines are shared and the figures move with
them; where a baseline exists (a bare Textual app, an echo app, `python -c pass`, the disk's own
durable-write floor) it is measured in the same run and the goal is a ratio to it.
`--quick` runs fewer rounds and keys (a smoke run, not figures to quote).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

# (script, its arguments, quick arguments)
SCRIPTS = (
    ("bench_cli.py", [], ["--pairs", "7"]),
    ("bench_startup.py", [], ["--rounds", "3"]),
    ("bench_keys.py", [], ["--sizes", "10000", "--keys", "40"]),
    ("bench_store.py", [], ["--changes", "60"]),
    ("bench_pick.py", ["--pty"], ["--programs", "10000", "50000", "--runs", "10"]),
    ("bench_serve.py", [], ["--rounds", "2"]),
    ("bench_programs_tab.py", [], ["--sizes", "10000", "--keys", "30"]),
)
# The rows of issue 26's table: (result name, what, goal, the figure to quote)
ROWS = (
    ("startup", "start → first fully drawn screen", "≤ 1.5× bare app", "ratio"),
    ("keys_10000", "keystroke → filtered frame, 10k", "p95 ≤ 20 ms", "p95"),
    ("keys_50000", "the same at 50k", "p95 ≤ 40 ms", "p95"),
    ("keys_100000", "the same at 100k", "p95 ≤ 60 ms", "p95"),
    ("pick_10000", "SmartPick list of 80 from 10k", "≤ 100 ms", "p50"),
    ("pick_100000", "… at 100k, per program vs 10k", "≤ 1.2 (linear)", "per_program_vs_smallest"),
    ("pick_app", "profile saved → list rebuilt in the app", "p95 ≤ 150 ms", "p95"),
    ("pick_app_process", "… the real binary under a pty (rebuild key)", "p95 ≤ 150 ms", "p95"),
    ("store_season", "durable write p95, 132 KB", "≤ 5 ms", "p95"),
    ("store_1MB", "durable write p95, 1 MB", "≤ 5 ms", "p95"),
    ("store_10MB", "durable write p95, 10 MB (no goal)", "—", "p95"),
    ("cli_version", "`smartpick --version`", "≤ 3× python -c pass", "ratio"),
    ("serve", "`serve` → first screen in a browser", "≤ 1.3× bare app", "ratio"),
    ("memory", "memory at first screen", "≤ 1.5× bare app", "ratio"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and keys: a smoke run")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"uptime: {uptime}", flush=True)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    results: dict[str, dict[str, str]] = {}
    status = 0
    for script, full, quick in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        process = subprocess.Popen(
            [sys.executable, str(here / script), *(quick if args.quick else full)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith("RESULT "):
                name, *pairs = line.split()[1:]
                results[name] = dict(pair.split("=", 1) for pair in pairs)
        status |= process.wait()
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n| what | goal | measured | met |\n| --- | --- | --- | --- |")
    for name, what, goal, figure in ROWS:
        found = results.get(name)
        measured = found.get(figure, "?") if found else "not run"
        met = {"True": "yes", "False": "**no**"}.get(found.get("met", ""), "") if found else ""
        print(f"| {what} | {goal} | {measured} | {met} |")
    return status


if __name__ == "__main__":
    raise SystemExit(main())

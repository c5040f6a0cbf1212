"""`smartpick --version` as a whole process, paired with `python -c pass` in the same run.

The two commands run in turn (A B A B ...) and each ratio is taken within a pair, so a machine
that slows down mid-run moves both alike; the median ratio is quoted. Goal (issue 26): <= 3x.
Run: `python bench/bench_cli.py [--pairs 21]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ptyrun import ensure_bytecode, result_line

GOAL = 3.0


def wall_ms(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=21)
    args = parser.parse_args()
    ensure_bytecode()  # as installed (ptyrun.ensure_bytecode)
    script = Path(sys.executable).parent / "smartpick"
    ours = (
        [str(script), "--version"]
        if script.exists()
        else [sys.executable, "-m", "smartpick_tui", "--version"]
    )
    floor = [sys.executable, "-c", "pass"]
    wall_ms(ours), wall_ms(floor)  # warm the file cache and the bytecode
    pairs = [(wall_ms(ours), wall_ms(floor)) for _ in range(args.pairs)]
    ratio = statistics.median(a / b for a, b in pairs)
    ours_ms, floor_ms = statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs)
    print(
        f"smartpick --version {ours_ms:.1f} ms, python -c pass {floor_ms:.1f} ms "
        f"(medians of {args.pairs} pairs)"
    )
    print(f"ratio {ratio:.2f} (goal <= {GOAL})")
    print(
        result_line(
            "cli_version",
            ratio=f"{ratio:.2f}",
            ours_ms=f"{ours_ms:.1f}",
            floor_ms=f"{floor_ms:.1f}",
            met=ratio <= GOAL,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run every benchmark in turn and print their figures: `python bench/run_all.py`.

Each script also runs alone (see its docstring for its options). The machine's load average is
printed first because these 2-core machines are shared and the figures move with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPTS = ("bench_store.py", "bench_pick.py", "bench_browser.py")


def main() -> int:
    here = Path(__file__).resolve().parent
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    status = 0
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        status |= subprocess.run([sys.executable, str(here / script)]).returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main())

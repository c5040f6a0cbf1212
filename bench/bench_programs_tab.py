"""Where the Programs tab's time goes, in-process (`App.run_test()`, headless): a diagnostic.

What a user feels is measured by bench_keys.py (the real binary on a pty: headless Textual skips
rendering and the terminal write, so these keystroke figures read low) and bench_startup.py.
This script splits the work: CPU per key, the catalog load, re-classing after a profile change.

For each size (default 10,000 and 50,000 programs: the shipped catalog plus clearly synthetic
"Synthetic Program 00001" rows written to the imports file beside a temporary state file):
- first frame: from starting the app to the first frame it draws;
- catalog ready: from starting the app until the Programs list holds every program (the
  Programs tab is opened, with `2`, as soon as the first frame is out: tabs are composed on
  their first visit, and its catalog loads in a worker, so no frame waits for it);
- keystroke → list: from sending a key event to the first frame drawn after the list took the
  new result, p50 / p95 over the keystrokes typed (docs/pitfalls.md: `pilot.press` waits in idle loops,
  so keys are sent to the driver directly and frames are timestamped), with the process CPU
  time per keystroke beside it;
- re-class: from saving a new Step 2 CK to the first frame showing the re-sorted list, and the
  core part alone (`fit_all` + new sort orders) for every program.

No targets here: the goals are bench_keys.py's and bench_startup.py's.
Run: `python bench/bench_programs_tab.py [--sizes 10000 50000 100000] [--keys 60]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from synthetic import TYPING, shipped_count, synthetic_programs
from textual import events

from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import fit_all
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(size: int, keys: int) -> dict[str, float]:
    from smartpick_tui.tui.app import SmartPickApp
    from smartpick_tui.tui.panes.programs import ProgramsPane
    from smartpick_tui.tui.widgets.program_list import ProgramList

    folder = Path(tempfile.mkdtemp(prefix="smartpick-bench-"))
    db = folder / "state.json"
    with open_state(db) as state:
        profile = state.profile().with_changes(step2=252, ties=("OH",))
        state.set_profile(profile)
    write_imports(imports_path(db), synthetic_programs(max(0, size - shipped_count())))

    frames: list[float] = []
    results: dict[str, float] = {}
    start = time.perf_counter()
    app = SmartPickApp(db_path=db)
    original_display = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None:
            frames.append(time.perf_counter())
        return original_display(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        while not frames:
            await asyncio.sleep(0.001)
        results["first_frame_ms"] = (frames[0] - start) * 1000
        # Tabs are composed on their first visit (issue 26): open Programs as a user does, then
        # wait for its catalog (loaded in a worker once the tab is up).
        await pilot.press("2")
        while not app.query("#programs"):
            await asyncio.sleep(0.005)
        pane = app.query_one("#programs", ProgramsPane)
        program_list = pane.query_one(ProgramList)
        while pane.index is None:
            await asyncio.sleep(0.005)
        results["catalog_ready_ms"] = (time.perf_counter() - start) * 1000
        results["programs"] = len(pane.index)
        await pilot.pause(0.2)
        pane.action_clear_filters()  # the worst case: search every program, not one specialty
        await pilot.pause(0.2)
        pane.query_one("#program-search").focus()
        await pilot.pause(0.1)

        updates: list[float] = []
        original_set_rows = program_list.set_rows

        def set_rows(rows, *args, **kwargs):  # type: ignore[no-untyped-def]
            original_set_rows(rows, *args, **kwargs)
            updates.append(time.perf_counter())

        program_list.set_rows = set_rows  # type: ignore[method-assign]
        latencies, cpu = [], []
        typed = (TYPING * (1 + keys // len(TYPING)))[:keys]
        driver = app._driver
        assert driver is not None
        for key in typed:
            char = key if len(key) == 1 else None
            seen_updates = len(updates)
            cpu0, t0 = time.process_time(), time.perf_counter()
            event = events.Key("space" if key == " " else key, char)
            event.set_sender(app)
            driver.send_message(event)
            while True:
                await asyncio.sleep(0.0005)
                if len(updates) > seen_updates and frames[-1] > updates[-1]:
                    break
                if time.perf_counter() - t0 > 5:
                    raise RuntimeError(f"no list update after key {key!r}")
            latencies.append((frames[-1] - t0) * 1000)
            cpu.append((time.process_time() - cpu0) * 1000)
            await asyncio.sleep(0.03)  # a fast typist: ~30 keys per second
        results["key_p50_ms"] = statistics.median(latencies)
        results["key_p95_ms"] = percentile(latencies, 0.95)
        results["key_cpu_ms"] = statistics.mean(cpu)
        results["keys"] = len(latencies)

        seen_updates = len(updates)
        t0 = time.perf_counter()
        app.save(lambda state: state.set_profile(state.profile().with_changes(step2=262)))
        while not (len(updates) > seen_updates and frames[-1] > updates[-1]):
            await asyncio.sleep(0.001)
        results["reclass_ui_ms"] = (frames[-1] - t0) * 1000

    index = pane.index
    t0 = time.perf_counter()
    index.fit_orders(fit_all(profile.with_changes(step2=240), index.programs, frozenset(), index.estimates))
    results["reclass_core_ms"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    estimate_all(index.programs)
    results["estimates_ms"] = (time.perf_counter() - t0) * 1000
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--keys", type=int, default=60, help="keystrokes to time (>= 50)")
    args = parser.parse_args()
    print(f"shipped programs: {shipped_count():,}; terminal 80x24; {sys.version.split()[0]}")
    print(
        f"{'programs':>9} {'1st frame':>10} {'catalog':>9} {'key p50':>8} {'key p95':>8} "
        f"{'cpu/key':>8} {'reclass UI':>11} {'reclass core':>13}"
    )
    for size in args.sizes:
        r = asyncio.run(measure(size, args.keys))
        print(
            f"{int(r['programs']):>9,} {r['first_frame_ms']:>8.0f}ms {r['catalog_ready_ms']:>7.0f}ms "
            f"{r['key_p50_ms']:>6.1f}ms {r['key_p95_ms']:>6.1f}ms {r['key_cpu_ms']:>6.1f}ms "
            f"{r['reclass_ui_ms']:>9.0f}ms {r['reclass_core_ms']:>11.0f}ms"
            f"   ({int(r['keys'])} keys)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

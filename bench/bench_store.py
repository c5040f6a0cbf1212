"""Time one durable change to a realistic state file, from a heavy season (132 KB) to 1 MB and
10 MB (goal, issue 26: p95 <= 5 ms up to 1 MB), a batch of 4,000 changes in one `update`, and a
read of every mark.

The season holds 500 marked programs, 20 away rotations, 10 letters and 200 outreach entries;
the bigger states add marks with notes. Each timed change is one public `State` call (lock,
re-read, validate when the content changed, write a temp file, fsync, rename, fsync the
directory), exactly what the TUI does on a keypress. Beside it, the floor of the same disk,
paired (one floor write after each timed change, so both meet the same load): one durable
write of a 100-byte file by the same path (`store.atomic.recycling_write_bytes`: two fsyncs, a
link and a rename), which no change can beat; and the same with a new file each time
(`atomic_write_bytes`, the state's path before issue 26's third pass: on this ext4, mounted
`discard`, freeing the replaced file's blocks made every commit wait for a trim: 10 ms p50 for
100 bytes at load 5, against 0.4 ms). Run: `python bench/bench_store.py [--changes N] [--sizes 1 10]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import (
    Away,
    ChecklistEntry,
    Letter,
    LetterStatus,
    OutreachEntry,
    ProgramMark,
    VsloStatus,
)
from smartpick_tui.store import State, open_state
from smartpick_tui.store.atomic import atomic_write_bytes

try:
    from smartpick_tui.store.atomic import recycling_write_bytes
except ImportError:  # a checkout before issue 26's third pass, timed as "before": its own path
    recycling_write_bytes = atomic_write_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ptyrun import result_line

SIZES = {"marks": 500, "aways": 20, "letters": 10, "outreach": 200}


def populate(state: State) -> None:
    """One locked batch, so building the fixture is not what we time."""

    def fill(s: State) -> None:
        s.set_profile(Profile(step2=245, ties=("CA", "Midwest"), research=3))
        for i in range(SIZES["marks"]):
            s.set_mark(
                ProgramMark(
                    f"program-{i:04d}",
                    apply=i % 2 == 0,
                    email_target=i % 5 == 0,
                    notes=f"note for program {i}: interviewed residents, strong fit",
                )
            )
        for i in range(SIZES["aways"]):
            s.upsert_away(
                Away(
                    program_name=f"Away hospital {i}",
                    id=f"away-{i}",
                    start="2025-07-01",
                    end="2025-07-28",
                    status=VsloStatus.APPLIED,
                )
            )
        kinds = list(LetterKind)
        for i in range(SIZES["letters"]):
            s.upsert_letter(Letter(writer=f"Dr Writer {i}", kind=kinds[i % len(kinds)], id=f"letter-{i}"))
        email_kinds = list(EmailKind)
        for i in range(SIZES["outreach"]):
            s.upsert_outreach(
                OutreachEntry(
                    program_name=f"Program {i}",
                    kind=email_kinds[i % len(email_kinds)],
                    sent_on="2025-08-15",
                    id=f"out-{i}",
                )
            )

    state.update(fill)


def changes(state: State) -> list[tuple[str, Callable[[int], object]]]:
    statuses = list(LetterStatus)
    return [
        (
            "toggle a mark",
            lambda i: state.set_mark(ProgramMark(f"program-{i % 500:04d}", apply=True, pinned=i % 2 == 0)),
        ),
        (
            "letter status",
            lambda i: state.upsert_letter(
                Letter(
                    writer="Dr Writer 3",
                    kind=LetterKind.AWAY_SPECIALTY,
                    id="letter-3",
                    status=statuses[i % 4],
                )
            ),
        ),
        (
            "tick a step",
            lambda i: state.set_checklist(ChecklistEntry(f"step-{i % 12}", done=i % 2 == 0)),
        ),
    ]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def grow(state: State, path: Path, megabytes: float) -> None:
    """Add marks with notes (one batch) until the file is about `megabytes` MB."""
    per_mark = 260  # bytes of one mark with this note, encoded
    missing = int((megabytes * 1_000_000 - path.stat().st_size) / per_mark)
    note = "interviewed residents, strong fit; call the coordinator about the away rotation dates"

    def fill(s: State) -> None:
        for i in range(max(0, missing)):
            s.set_mark(ProgramMark(f"extra-{i:06d}", apply=i % 2 == 0, notes=f"{note} {i}"))

    state.update(fill)


def floor_write(folder: Path, i: int, new_file: bool = False) -> float:
    """One durable write of a tiny file by the state's own path (or a new file each time),
    ms: the disk's own cost of a change."""
    start = time.perf_counter()
    if new_file:
        atomic_write_bytes(folder / "floor-new.bin", b"x" * 100 + str(i).encode())
    else:
        recycling_write_bytes(folder / "floor.bin", b"x" * 100 + str(i).encode())
    return (time.perf_counter() - start) * 1000


def durable_floor(folder: Path, count: int, new_file: bool = False) -> list[float]:
    return [floor_write(folder, i, new_file) for i in range(count)]


def batch_cpu(folder: Path, count: int) -> float:
    """CPU seconds of `count` marks set in one `update` (one write at the end)."""
    with open_state(folder / "batch.json") as state:
        start = time.process_time()
        state.update(lambda s: [s.set_mark(ProgramMark(f"p-{i:05d}", apply=True)) for i in range(count)])
        return time.process_time() - start


def size_run(folder: Path, megabytes: float, changes_per_kind: int) -> tuple[float, float, float, float]:
    """(size KB, p50 ms, p95 ms, read-every-mark p50 ms) of the changes on a state this big."""
    path = folder / f"state-{megabytes}.json"
    with open_state(path) as state:
        populate(state)
        grow(state, path, megabytes)
        size_kb = path.stat().st_size / 1024
        times: list[float] = []
        for _label, change in changes(state):
            for i in range(changes_per_kind):
                start = time.perf_counter()
                change(i)
                times.append((time.perf_counter() - start) * 1000)
        reads = []
        for _ in range(30):
            start = time.perf_counter()
            state.marks()
            reads.append((time.perf_counter() - start) * 1000)
    return size_kb, statistics.median(times), percentile(times, 0.95), statistics.median(reads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300, help="timed changes per kind (default 300)")
    parser.add_argument("--dir", help="directory for the state file (default: a temp dir)")
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 10.0], help="bigger states, MB")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "state.json"
        with open_state(path) as state:
            populate(state)
            size_kb = path.stat().st_size / 1024
            print(f"state file: {size_kb:.0f} KB ({', '.join(f'{n} {k}' for k, n in SIZES.items())})")
            print(f"{'change':<16} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8}")
            all_times: list[float] = []
            all_cpu: list[float] = []
            paired_floor: list[float] = []
            for label, change in changes(state):
                times, cpu = [], []
                for i in range(args.changes):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    change(i)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                    paired_floor.append(floor_write(Path(tmp), i))
                all_times += times
                all_cpu += cpu
                print(
                    f"{label:<16} {len(times):>5} {statistics.median(times):>8.2f} "
                    f"{percentile(times, 0.95):>8.2f} {max(times):>8.2f} {statistics.median(cpu):>8.2f}"
                )
            p95 = percentile(all_times, 0.95)
            print(
                f"{'all':<16} {len(all_times):>5} {statistics.median(all_times):>8.2f} "
                f"{p95:>8.2f} {max(all_times):>8.2f} {statistics.median(all_cpu):>8.2f}"
            )
            print(
                "(wall time includes two fsyncs and waits for the CPU on a shared machine; "
                "cpu = this process's CPU time)"
            )
            reads = []
            for _ in range(args.changes):
                start = time.perf_counter()
                state.marks()
                reads.append((time.perf_counter() - start) * 1000)
            print(
                f"read 500 marks: p50 {statistics.median(reads):.2f} ms, p95 {percentile(reads, 0.95):.2f} ms"
            )
            season_floor = percentile(paired_floor, 0.95)
            print(
                f"disk floor, paired (100 bytes, the same write path): p50 "
                f"{statistics.median(paired_floor):.2f}, p95 {season_floor:.2f} ms; "
                f"season p95 / floor p95 {p95 / season_floor:.2f}"
            )
            print(
                result_line(
                    "store_season",
                    size_kb=f"{size_kb:.0f}",
                    p95=f"{p95:.2f}",
                    floor_p95=f"{season_floor:.2f}",
                    met=p95 <= 5,
                )
            )
        folder = Path(tmp)
        floor = durable_floor(folder, args.changes)
        floor_p95 = percentile(floor, 0.95)
        new_file = durable_floor(folder, args.changes, new_file=True)
        print(
            f"disk floor (durable write of 100 bytes, the same path): p50 {statistics.median(floor):.2f}, "
            f"p95 {floor_p95:.2f} ms; a new file each time: p50 {statistics.median(new_file):.2f}, "
            f"p95 {percentile(new_file, 0.95):.2f} ms"
        )
        print(f"{'state':>9} {'p50 ms':>8} {'p95 ms':>8} {'p95/floor':>10} {'read marks':>11}")
        for megabytes in args.sizes:
            size_kb, p50, p95, read = size_run(folder, megabytes, max(20, args.changes // 5))
            print(f"{size_kb:>7.0f}KB {p50:>8.2f} {p95:>8.2f} {p95 / floor_p95:>10.2f} {read:>9.2f}ms")
            print(
                result_line(
                    f"store_{megabytes:g}MB",
                    p95=f"{p95:.2f}",
                    floor_p95=f"{floor_p95:.2f}",
                    met=megabytes > 1 or p95 <= 5,
                )
            )
        cpu = batch_cpu(folder, 4000)
        print(f"4,000 marks set in one update: {cpu:.2f} s CPU")
        print(result_line("store_batch_4000", cpu_s=f"{cpu:.2f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Imports by volume: a 10 MB CSV (50 MB under `-m slow`), a binary file named .csv, a CSV with
10,000 columns — each a clear outcome in bounded memory, with the app answering keys while the
worker reads. Their speed budgets are `perf` tests (`-m perf`, on a quiet machine).
The 100,000-row refusal (and its tracemalloc bound) is tests/catalog/test_catalog_csv_import.py::
test_a_100000_row_file_is_refused_clearly_in_bounded_memory; malformed files, BOM, UTF-16,
Excel, PNG and over-long lines are in ::test_file_level_problems_are_one_clear_error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardening_helpers import PROFILE, TODAY
from textual.widgets import Input

from smartpick_tui.core.csv_import import CsvImportError, parse_csv_file
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp

MB = 1024 * 1024


@pytest.fixture(
    scope="module",
    params=[pytest.param(10, id="10MB"), pytest.param(50, id="50MB", marks=pytest.mark.slow)],
)
def big_csv(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """~10 MB of valid rows (long Notes cells, which the importer ignores), 50 MB under
    `-m slow`: (path, rows)."""
    size = request.param * MB
    path = tmp_path_factory.mktemp("volume") / f"big{request.param}.csv"
    tail = ",Boston,MA,IM," + "n" * 1200 + "\n"
    rows = size // (len(tail) + 24) + 1
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Program,City,State,Specialty,Notes\n")
        handle.writelines(f"Synthetic Program {i:06d}{tail}" for i in range(rows))
    assert path.stat().st_size >= size
    return path, rows


def parse_in_child(path: Path) -> tuple[int, int, float, int]:
    """(accepted, rejected, seconds, peak RSS in MB) of `parse_csv_file` in a child process, so
    its peak RSS is the import's own (plus the interpreter). VmHWM, not ru_maxrss: Linux carries
    ru_maxrss over fork+exec, so a child of a big pytest process reported the parent's peak."""
    code = (
        "import re, sys, time\n"
        "from smartpick_tui.core.csv_import import parse_csv_file\n"
        "from pathlib import Path\n"
        "t = time.perf_counter(); p = parse_csv_file(Path(sys.argv[1])); t = time.perf_counter() - t\n"
        "hwm = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "print(len(p.accepted), p.rejected_total, t, hwm // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr
    accepted, rejected, seconds, peak_mb = done.stdout.split()
    return int(accepted), int(rejected), float(seconds), int(peak_mb)


def test_a_big_csv_is_read_whole_in_bounded_memory(big_csv: tuple[Path, int], tmp_path: Path) -> None:
    """Memory does not follow the file: the import's peak over a one-row file's grows by less
    than the file's size (it is never held whole, nor as text twice)."""
    path, rows = big_csv
    small = tmp_path / "one.csv"
    small.write_text(
        "Program,City,State,Specialty,Notes\nSynthetic Program,Boston,MA,IM,n\n", encoding="utf-8"
    )
    *_, baseline_mb = parse_in_child(small)
    accepted, rejected, seconds, peak_mb = parse_in_child(path)
    size_mb = path.stat().st_size // MB
    print(
        f"\n{size_mb} MB CSV: {accepted} rows in {seconds:.2f} s, "
        f"peak RSS {peak_mb} MB (one row: {baseline_mb})"
    )
    assert accepted == rows and rejected == 0
    assert peak_mb - baseline_mb < size_mb, (peak_mb, baseline_mb, size_mb)


@pytest.mark.perf
def test_big_csv_speed(big_csv: tuple[Path, int]) -> None:
    """Speed budget (`-m perf`): 50 MB in under 15 s, in proportion for smaller files."""
    path, _ = big_csv
    *_, seconds, _ = parse_in_child(path)
    assert seconds < 15 * path.stat().st_size / (50 * MB), seconds


def test_binary_file_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(os.urandom(4 * MB))
    with pytest.raises(CsvImportError, match="binary file"):
        parse_csv_file(path)


def wide_csv(tmp_path: Path, header_name: str) -> tuple[Path, list[str]]:
    header = ["Program", "City", "State", "Specialty"] + [header_name.format(i) for i in range(10_000)]
    rows = [[f"Synthetic Wide {r}", "Boston", "MA", "IM"] + ["x"] * 10_000 for r in range(40)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path, header


@pytest.mark.parametrize("header_name", ["c{}", "Extra column number {:05d}"])
def test_ten_thousand_columns(tmp_path: Path, header_name: str) -> None:
    """Short headers: read, the extra columns ignored. A header line past the 64 KB line cap:
    refused naming the line (read line by line, never the whole line into memory)."""
    path, header = wide_csv(tmp_path, header_name)
    if len(",".join(header)) < 64 * 1024:
        preview = parse_csv_file(path)
        assert [p.name for p in preview.accepted] == [f"Synthetic Wide {r}" for r in range(40)]
    else:
        with pytest.raises(CsvImportError, match="line 1: longer than 64 KB"):
            parse_csv_file(path)


@pytest.mark.perf
@pytest.mark.parametrize("header_name", ["c{}", "Extra column number {:05d}"])
def test_refusals_are_at_once(tmp_path: Path, header_name: str) -> None:
    """Speed budget (`-m perf`): a binary file refused in under 1 s, 10,000 columns in under 5 s."""
    path = tmp_path / "photo.csv"
    path.write_bytes(os.urandom(4 * MB))
    started = time.perf_counter()
    with pytest.raises(CsvImportError):
        parse_csv_file(path)
    assert time.perf_counter() - started < 1
    path, _ = wide_csv(tmp_path, header_name)
    started = time.perf_counter()
    try:
        parse_csv_file(path)
    except CsvImportError:
        pass
    assert time.perf_counter() - started < 5


async def run_big_import(db: Path, big_csv: tuple[Path, int]) -> tuple[list[float], int]:
    """Import `big_csv` from the Programs tab, pressing keys in the path field while the
    worker reads it: (seconds per key, keys answered while the read was still going)."""
    path, rows = big_csv
    with open_state(db) as state:
        state.set_profile(PROFILE)
    app = SmartPickApp(db, today=lambda: TODAY)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("alt+2")
        await app.workers.wait_for_complete()
        app.query_one("#program-list").focus()
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#import-path", Input)
        field.value = str(path)
        field.post_message(Input.Submitted(field, field.value))  # enter, without waiting for idle
        lags = []
        during = 0  # keys answered, and the preview still not there: answered while reading
        while screen.preview is None and len(lags) < 200:
            started = time.perf_counter()
            await pilot.press("x", "backspace")
            lags.append((time.perf_counter() - started) / 2)
            during += screen.preview is None
        assert field.value == str(path)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.preview is not None and len(screen.preview.accepted) == rows
    return sorted(lags), during


async def test_app_stays_responsive_while_a_big_import_is_read(db: Path, big_csv: tuple[Path, int]) -> None:
    """Keys are answered while the file is read (in a child process: in a thread the parse held
    the GIL): a frozen UI would hold every key until the preview is done, so no key would be
    answered before it. How fast they are answered is `test_big_import_key_lag`'s (`-m perf`)."""
    lags, during = await run_big_import(db, big_csv)
    assert during >= 1, f"no key was answered while the import was read ({len(lags)} keys)"


@pytest.mark.perf
async def test_big_import_key_lag(db: Path, big_csv: tuple[Path, int]) -> None:
    lags, _ = await run_big_import(db, big_csv)
    print(
        f"\nkeys while importing: {len(lags)}, median {lags[len(lags) // 2] * 1000:.0f} ms, "
        f"max {lags[-1] * 1000:.0f} ms"
    )
    assert lags[len(lags) // 2] < 0.5 and lags[-1] < 1.0

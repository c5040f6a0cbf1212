"""The coverage CI prints (`tests/coverage_report.py`): what one test process ran counts for all,
and each package's line is its own files' sum."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coverage_report import main, merged, report


def process_data(files: dict[str, tuple[list[int], list[int], list[list[int]], list[list[int]]]]) -> dict:
    """One process's file in SlipCover's JSON format: per file the lines run and missed, the
    branches taken and missed."""
    return {
        "meta": {
            "software": "slipcover",
            "version": "1.1.0",
            "branch_coverage": True,
            "show_contexts": False,
        },
        "files": {
            path: {
                "executed_lines": run,
                "missing_lines": missed,
                "executed_branches": taken,
                "missing_branches": untaken,
            }
            for path, (run, missed, taken, untaken) in files.items()
        },
    }


def write(directory: Path, name: str, data: dict) -> None:
    directory.mkdir(exist_ok=True)
    (directory / f"slipcover-{name}.json").write_text(json.dumps(data), encoding="utf-8")


def test_a_line_run_in_any_process_is_run_and_packages_add_up(tmp_path: Path) -> None:
    core, store = "smartpick_tui/core/a.py", "smartpick_tui/store/b.py"
    write(
        tmp_path,
        "gw0-1",
        process_data({core: ([1, 2], [3, 4], [[2, 3]], [[2, 4]]), store: ([], [1, 2], [], [])}),
    )
    write(
        tmp_path,
        "gw1-2",
        process_data({core: ([3], [1, 2, 4], [[2, 4]], [[2, 3]]), store: ([1, 2], [], [], [])}),
    )
    data = merged(tmp_path)
    assert data["files"][core]["executed_lines"] == [1, 2, 3]
    assert data["files"][core]["missing_lines"] == [4]
    text = report(data)
    assert "coverage smartpick_tui.core: lines 75% (3/4), branches 100% (2/2)" in text
    assert "coverage smartpick_tui.store: lines 100% (2/2)" in text
    assert "coverage total: lines 83% (5/6), branches 100% (2/2)" in text
    assert core in text and store not in text.split("\n\n")[0]  # only files not fully covered


def test_no_data_is_an_error_not_a_zero(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no coverage data"):
        main([str(tmp_path)])

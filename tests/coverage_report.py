"""Print the suite's coverage from the files `tests/suite_coverage.py` wrote: the files not
fully covered (lowest first), then a line per package and the total, and keep the merged data
as JSON. `python tests/coverage_report.py DIR [--json OUT]` (`.ci/run`, `make coverage`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

PACKAGES = ("core", "store", "drafts", "services", "tui", "cli")


def merged(directory: Path) -> dict[str, Any]:
    """Every process's coverage, merged (a line run in any process is run)."""
    import slipcover

    files = sorted(directory.glob("slipcover-*.json"))
    if not files:
        raise SystemExit(f"no coverage data in {directory}: was SUITE_COVERAGE set for the run?")
    result: dict[str, Any] = json.loads(files[0].read_text(encoding="utf-8"))
    for other in files[1:]:
        slipcover.merge_coverage(result, json.loads(other.read_text(encoding="utf-8")))
    return result


def counts(entry: dict[str, Any]) -> tuple[int, int, int, int]:
    """Lines run, lines in all, branches taken, branches in all."""
    lines_run, lines_missed = len(entry["executed_lines"]), len(entry["missing_lines"])
    taken, missed = len(entry.get("executed_branches", ())), len(entry.get("missing_branches", ()))
    return lines_run, lines_run + lines_missed, taken, taken + missed


def share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def package_of(path: str) -> str:
    parts = Path(path).parts
    if "smartpick_tui" not in parts:
        return "?"
    below = parts[parts.index("smartpick_tui") + 1 :]
    return below[0] if len(below) > 1 else "(top level)"


def report(coverage: dict[str, Any]) -> str:
    rows = []
    packages: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for path, entry in coverage["files"].items():
        run, lines, taken, branches = counts(entry)
        for index, value in enumerate((run, lines, taken, branches)):
            packages[package_of(path)][index] += value
            packages["total"][index] += value
        if run < lines or taken < branches:
            rows.append(((run + taken) / max(lines + branches, 1), path, run, lines, taken, branches))
    out = [f"{'file (not fully covered)':<58} {'lines':>7} {'branches':>9}"]
    for _, path, run, lines, taken, branches in sorted(rows):
        out.append(f"{path:<58} {share(run, lines):>7} {share(taken, branches):>9}")
    out.append("")
    for name in (*PACKAGES, "total"):
        if name in packages:
            run, lines, taken, branches = packages[name]
            label = "total" if name == "total" else f"smartpick_tui.{name}"
            out.append(
                f"coverage {label}: lines {share(run, lines)} ({run}/{lines}), "
                f"branches {share(taken, branches)} ({taken}/{branches})"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--json", type=Path, help="write the merged data here (SlipCover's JSON format)")
    arguments = parser.parse_args(argv)
    coverage = merged(arguments.directory)
    if arguments.json:
        arguments.json.write_text(json.dumps(coverage), encoding="utf-8")
    print(report(coverage))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Line and branch coverage of the suite at a small cost: SlipCover, started by `tests/conftest.py`
when `SUITE_COVERAGE` names a directory (`.ci/run` and `make coverage` set it).

Why not coverage.py (pytest-cov): on Python 3.11 its C tracer is called on every Python call
of every frame, Textual's included, and the suite is mostly the app driven through Pilot; the
default suite took 9 min 36 s with it against 6 min 22 s without (2026-12-07, 2 cores). SlipCover
instead rewrites the bytecode of `smartpick_tui` only, as it is imported, and takes each probe out
again once it has fired, so Textual and the hot loops run at full speed.

What it measures: every test process (each xdist worker, or the one process of `-n 0`), where
the core, store, drafts and services tests and the Pilot tests of the whole app run. It does not
follow child processes: the app started by the CLI, pty, kill -9 and `serve` tests counts only
through the in-process tests of the same code (`.ci/run` says so beside the figures).

Each process writes `<SUITE_COVERAGE>/slipcover-<worker>-<pid>.json`; `tests/coverage_report.py` merges
them and prints the per-file table and a line per package.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

PACKAGE = "smartpick_tui"
ENV = "SUITE_COVERAGE"
# The same exclusions as coverage.py's defaults plus this project's (`pyproject.toml` had them
# for coverage.py: type-checking imports and abstract stubs are not code the suite can run).
EXCLUDE_ALSO = [r"if TYPE_CHECKING:", r"raise NotImplementedError"]

_running: Any = None


def start() -> None:
    """Instrument `smartpick_tui` from its first import on, when `SUITE_COVERAGE` is set. Must
    run before anything imports the package (the root conftest is read before any test module);
    a module imported earlier would be reported as never run, so that is refused loudly."""
    global _running
    if not os.environ.get(ENV) or _running is not None:
        return
    already = sorted(name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + "."))
    if already:
        raise RuntimeError(f"{ENV}: {already} imported before coverage started; it would read as unrun")
    import importlib.util

    import slipcover

    spec = importlib.util.find_spec(PACKAGE)
    assert spec is not None and spec.submodule_search_locations, PACKAGE
    source = [str(Path(next(iter(spec.submodule_search_locations))).resolve())]
    _running = slipcover.Slipcover(branch=True, source=source, exclude_also=EXCLUDE_ALSO)
    slipcover.ImportManager(_running, slipcover.FileMatcher(sources=source)).__enter__()


def write() -> None:
    """This process's coverage into the directory, one file per xdist worker (or `main`)."""
    if _running is None:
        return
    out = Path(os.environ[ENV])
    out.mkdir(parents=True, exist_ok=True)
    name = os.environ.get("PYTEST_XDIST_WORKER", "main")  # and the pid: a test may run pytest
    data = json.dumps(_running.get_coverage())
    (out / f"slipcover-{name}-{os.getpid()}.json").write_text(data, encoding="utf-8")

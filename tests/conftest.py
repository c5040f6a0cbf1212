"""Fixtures shared by several test folders."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import suite_coverage
from hypothesis import HealthCheck, settings

# Coverage (when SUITE_COVERAGE is set) starts before any test module imports the package.
suite_coverage.start()

# Property tests are the same every run and never fail for being slow: `ci` (the default) takes
# its examples from the test's own seed (derandomize) and has no per-example deadline, so a
# loaded machine cannot fail a property test and a failure is reproduced by running it again.
# `--hypothesis-profile=explore` searches at random for new counter-examples (a manual run).
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile("ci")


@pytest.fixture
def make_readonly() -> Iterator[Callable[[Path], None]]:
    """Make directories nobody can create files in — chmod for normal users, `chattr +i` for
    root (root ignores permission bits); skips where neither works. Undone after the test."""
    locked: list[tuple[Path, bool]] = []

    def lock(directory: Path) -> None:
        if os.geteuid() != 0:
            directory.chmod(0o500)
            locked.append((directory, False))
        elif (
            shutil.which("chattr")
            and subprocess.run(["chattr", "+i", str(directory)], capture_output=True).returncode == 0
        ):
            locked.append((directory, True))
        else:
            pytest.skip("running as root without chattr: cannot make a read-only directory")

    yield lock
    for directory, immutable in locked:
        if immutable:
            subprocess.run(["chattr", "-i", str(directory)], check=True)
        directory.chmod(0o700)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown() -> None:
    """After each test (its fixtures torn down), collect its garbage and freeze what lives on
    in this worker (imported modules, the shipped catalog and its caches, Textual's classes):
    Python's full collections visit every object not frozen, and over a worker's hundreds of
    app tests they grew until they cost ~25% of the tests' CPU (`tests/tui`: 179 user-CPU-s
    against 135 with this). Tests never relied on collections for what they check; the ones
    that check the app's own collector policy (`tests/tui/test_gc_freeze.py`) set the state they
    need themselves. Objects frozen here that become cyclic garbage later stay until the worker
    exits (a test process, not the app)."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A module marked `serial` is one xdist group: one worker runs its tests one after
    another, so a module-scoped process (the two app sessions of `test_two_session_races`)
    starts once and no two of its tests drive the same processes or files at once. Tests of
    other modules run beside it: every test drives time instead of waiting for it, and the
    suite passes with both cores loaded by other processes (README, "the tests").

    `tryfirst`: xdist's own hook reads the `xdist_group` marks and runs before a conftest's
    hook otherwise; until 2026-12-07 the mark was added too late and the group never formed.
    xdist hands the groups out first (the biggest first, `--loadscope-reorder`), so a group is
    not left to run alone at the end."""
    for item in items:
        if item.get_closest_marker("serial"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


def pytest_sessionfinish() -> None:
    """Each test process leaves its coverage (when SUITE_COVERAGE is set) for the report."""
    suite_coverage.write()

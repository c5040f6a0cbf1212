"""Fixtures shared by several test folders."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`serial` tests share one xdist group, so one worker runs them one after another while
    the other worker runs the rest: no two timing-sensitive tests compete for the cores."""
    for item in items:
        if item.get_closest_marker("serial"):
            item.add_marker(pytest.mark.xdist_group("serial"))

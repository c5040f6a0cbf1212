"""Fixtures shared by several test folders."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


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

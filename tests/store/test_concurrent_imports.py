"""Two CSV imports at once (two processes) both land in the imports file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smartpick_tui.store.imports import imports_path, read_imports

pytestmark = pytest.mark.serial  # timing-sensitive (lock waits): see pyproject's markers

WORKER = """
import sys
from pathlib import Path
from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.store.imports import store_import
path, tag = Path(sys.argv[1]), sys.argv[2]
for i in range(25):  # one import per program: many read-merge-write rounds to interleave
    store_import(path, [Program(id=f"imp-{tag}-{i}", name=f"Synthetic Import {tag} {i}",
        institution=f"Synthetic Hospital {tag} {i}", city="Houston", state="TX",
        specialty="internal-medicine", track=Track.CATEGORICAL, setting=Setting.COMMUNITY,
        imported=True)])
"""


def test_two_concurrent_imports_both_land(tmp_path: Path) -> None:
    path = imports_path(tmp_path / "state.json")
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), tag]) for tag in "ab"]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    names = {p.name for p in read_imports(path)}
    assert len(names) == 50, len(names)

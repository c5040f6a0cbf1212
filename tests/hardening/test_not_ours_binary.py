"""`--db` at something that is not a SmartPick state, against the real binary: a FIFO, a
device, a CSV, a text file, an export. Each is refused with one line, exit 2, the file left
as it was — the CLI as a subprocess, the TUI under a pty (where a FIFO used to leave a blank
screen that ignored ctrl+q, and `/dev/zero` read 3 GB)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_pty import SMARTPICK, PtyApp

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="FIFOs and devices as on the SSH hosts")

HANG_GUARD_S = 20  # a refusal is immediate; this only turns a hang into a failure


def not_ours(tmp_path: Path, kind: str) -> Path:
    if kind == "fifo":
        path = tmp_path / "state.json"
        os.mkfifo(path)
        return path
    if kind == "dev-zero":
        path = tmp_path / "zero.json"
        path.symlink_to("/dev/zero")
        return path
    path = tmp_path / {"csv": "my_list.csv", "text": "notes.txt", "export": "backup.json"}[kind]
    path.write_text(
        {
            "csv": "Program,City\nA,B\n",
            "text": "my notes\n",
            "export": '{"smartpick_export": 1, "profile": {}}',
        }[kind],
        encoding="utf-8",
    )
    return path


KINDS = ["fifo", "dev-zero", "csv", "text", "export"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_cli_refuses_in_one_line_and_leaves_it(tmp_path: Path, kind: str) -> None:
    path = not_ours(tmp_path, kind)
    before = None if kind in ("fifo", "dev-zero") else path.read_bytes()
    done = subprocess.run(
        [str(SMARTPICK), "--db", str(path), "profile", "show"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        env={k: v for k, v in os.environ.items() if k != "SMARTPICK_DB"},
    )
    assert done.returncode == 2, done
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    if before is not None:
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing beside it


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "csv"])
def test_the_app_says_so_and_quits_on_ctrl_q(tmp_path: Path, kind: str) -> None:
    path = not_ours(tmp_path, kind)
    with PtyApp(path, tmp_path) as app:
        app.wait_for("Nothing was changed")
        app.send("\x11")  # ctrl+q
        status = app.wait()
    assert os.WIFEXITED(status), status
    if kind == "csv":
        assert path.read_text(encoding="utf-8") == "Program,City\nA,B\n"

"""`--force` replaces only a regular file (issue 25, item 7).

`os.replace` renames over anything: `export F --force` with F a character device (as root,
`/dev/full`) or a FIFO replaced it with a JSON file. Every command that writes a file refuses
anything but a regular file in one line, even with --force, and leaves it as it was. The
device here is a `/dev/null`-like node made in the test's folder (root only), never a real
one under /dev, so a regression cannot damage the machine.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from smartpick_tui.cli import main
from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "export": lambda f: ["export", str(f), "--force"],
    "calendar --ics": lambda f: ["calendar", "--ics", str(f), "--force"],
    "rank export": lambda f: ["rank", "export", str(f), "--force"],
    "draft --out": lambda f: ["draft", "ps-step2", "--out", str(f), "--force"],
    "programs export": lambda f: ["programs", "export", str(f), "--force"],
}


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_device(path: Path) -> None:
    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # the numbers of /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")


def make_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def make_link(path: Path) -> None:
    target = path.with_name("real.txt")
    target.write_text("kept")
    path.symlink_to(target)


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (make_fifo, "a FIFO"),
    "character device": (make_device, "a character device"),
    "socket": (make_socket, "a socket"),
    "symbolic link": (make_link, "a symbolic link"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", COMMANDS)
def test_force_never_replaces_anything_but_a_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(specialty="internal-medicine", step2=250, name="Ann"))
    target = tmp_path / "out.file"
    make, said = KINDS[kind]
    make(target)
    before = os.lstat(target)
    code = main(["--db", str(db), *COMMANDS[command](target)])
    _out, err = capsys.readouterr()
    assert code == 2, err
    assert err.count("\n") == 1 and said in err and "not a regular file" in err, err
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)  # left as it was


@pytest.mark.parametrize("command", COMMANDS)
def test_force_still_replaces_a_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(specialty="internal-medicine", step2=250, name="Ann"))
    target = tmp_path / "out.file"
    target.write_text("old")
    assert main(["--db", str(db), *COMMANDS[command](target)]) == 0, capsys.readouterr().err
    assert target.read_text() != "old"


def test_csv_export_refuses_a_fifo_among_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "state.json"
    folder = tmp_path / "csv"
    folder.mkdir()
    os.mkfifo(folder / "letters.csv")
    assert main(["--db", str(db), "export", "--csv", str(folder), "--force"]) == 2
    assert "a FIFO" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["letters.csv"]  # nothing else written

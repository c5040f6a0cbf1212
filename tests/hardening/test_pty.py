"""The real `smartpick` under a pseudo-terminal, as over SSH: the bytes it writes, and what is
on disk when the connection drops.

docs/pitfalls.md: a dropped SSH connection sends SIGHUP, which kills a Textual app before `on_unmount`,
`finally` or `atexit` run; so an edit must be on disk by the time the screen shows it. These
tests make an edit, wait until the terminal shows it, then kill the app with SIGHUP (another
run: SIGTERM) and read the state file.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pyte
import pytest
from hardening_helpers import HOSTILE, PROFILE, seed_hostile

from smartpick_tui.core.trackers import ChecklistEntry
from smartpick_tui.store import open_state

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="pty and signals as on the SSH hosts"),
    pytest.mark.serial,  # timing-sensitive: see pyproject's markers
]

SMARTPICK = Path(sys.executable).with_name("smartpick")
WAIT_S = 30.0  # generous: the CI box is shared; a normal start takes about a second
FRAME_END = b"\x1b[?2026l"  # Textual ends each synchronized update with this


@cache  # a theme's colours never change; focused_edges asks on every frame it looks at
def focus_colour(theme: str = "textual-dark") -> str:
    """The focus edge's colour as pyte reports it (hex, 256 colours: the pty is xterm-256color)."""
    from textual.color import Color
    from textual.theme import BUILTIN_THEMES

    from smartpick_tui.tui.contrast import focus_variables, in_256

    variables = {**BUILTIN_THEMES[theme].to_color_system().generate(), **BUILTIN_THEMES[theme].variables}
    return in_256(Color.parse(focus_variables(variables)["sp-focus"])).hex.lstrip("#").lower()


def focused_edges(screen: pyte.Screen) -> list[tuple[int, int]]:
    """(row, column) of each focus edge ("▌", the draft editor's "▊") drawn in the focus colour
    (an unfocused field's edge is drawn in the field's own colour: app.tcss `$sp-edge`)."""
    focus = focus_colour()
    return [
        (y, x)
        for y in range(screen.lines)
        for x in range(screen.columns)
        if screen.buffer[y][x].data in "▌▊" and screen.buffer[y][x].fg.lower() == focus
    ]


class PtyApp:
    """`smartpick --db DB` on the slave side of a pty sized 80x24; we hold the master."""

    def __init__(self, db: Path, tmp: Path, measured: bool = True) -> None:
        """`measured=False` for an app the test ends with SIGKILL or SIGHUP: such a process never
        writes its coverage data (no atexit), so measuring it (the .pth coverage starts in every
        Python child of a measured run) would only slow it down."""
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": "80",
            "LINES": "24",
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_DATA_HOME": str(tmp / "data"),
        }
        env.pop("SMARTPICK_DB", None)
        env.pop("TEXTUAL", None)
        if not measured:
            env.pop("COVERAGE_PROCESS_START", None)
            env.pop("COVERAGE_PROCESS_CONFIG", None)
        pid, fd = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal, like an SSH session
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            for sig in (signal.SIGHUP, signal.SIGTERM):  # as sshd leaves them, whatever ran us
                signal.signal(sig, signal.SIG_DFL)  # (an ignored signal survives exec: nohup)
            os.execve(str(SMARTPICK), [str(SMARTPICK), "--db", str(db)], env)
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        # The terminal as the user sees it, replayed once: each complete frame is fed to pyte as
        # it arrives (replaying the whole output on every read made the waits quadratic).
        self._screen = pyte.Screen(80, 24)
        self._stream = pyte.ByteStream(self._screen)
        self._replayed = 0  # bytes of `output` fed to the screen (always up to a frame's end)
        self.frames: list[list[str]] = []  # the screen's text after each complete frame

    def replay(self) -> pyte.Screen:
        """The screen a terminal with synchronized output shows now (every complete frame of the
        output, fed once as it arrives; the same object every call, changed by later calls)."""
        while (end := self.output.find(FRAME_END, self._replayed)) >= 0:
            end += len(FRAME_END)
            self._stream.feed(bytes(self.output[self._replayed : end]))
            self._replayed = end
            self.frames.append(list(self._screen.display))
        return self._screen

    def read(self, timeout: float = 0.05) -> None:
        while select.select([self.fd], [], [], timeout)[0]:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the child has gone
                return
            if not chunk:
                return
            self.output += chunk
            timeout = 0.0

    def wait_for(self, text: str, since: int = 0) -> int:
        """Read until `text` appears after offset `since`; the offset just past it."""
        needle = text.encode()
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            self.read()
            found = self.output.find(needle, since)
            if found >= 0:
                return found + len(needle)
        raise AssertionError(f"{text!r} never appeared; last output: {bytes(self.output[-600:])!r}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def answer_sync_query(self) -> None:
        """Say, as a modern terminal does, that synchronized updates are supported: Textual then
        brackets every frame, so `replay` knows where each frame ends."""
        self.wait_for("\x1b[?2026$p")
        self.send("\x1b[?2026;2$y")

    def wait_for_screen(self, check: Callable[[pyte.Screen], bool], what: str) -> pyte.Screen:
        """Read until the last complete frame passes `check` (needs `answer_sync_query`)."""
        deadline = time.monotonic() + WAIT_S
        seen = -1
        while time.monotonic() < deadline:
            self.read()
            if len(self.output) != seen:
                seen = len(self.output)
                screen = self.replay()
                if check(screen):
                    return screen
        raise AssertionError(f"no frame showed {what}; last output: {bytes(self.output[-300:])!r}")

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """SIGKILL the app if it still runs (a wait_for that failed leaves it running)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def kill(self, sig: int) -> int:
        os.kill(self.pid, sig)
        return self.wait()

    def wait(self) -> int:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            self.read()
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return status
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("the app did not exit")


def test_hostile_data_never_reaches_the_terminal_as_escapes(db: Path, tmp_path: Path) -> None:
    seed_hostile(db)
    with PtyApp(db, tmp_path) as app:
        at = app.wait_for("]0;PWNED")  # the profile's school name, shown literally
        for key, marker in (
            ("2", "Boston, MA"),
            ("5", "A[2JB"),
            ("6", "[@click=app.quit]x[/]"),
            ("7", "[link=https://evil]x[/link]"),
            ("8", "Subject:"),
        ):
            app.send("\x1b" + key)  # alt+digit as an SSH client sends it
            at = app.wait_for(marker, at)
        app.send("\x11")  # ctrl+q
        status = app.wait()
    out = bytes(app.output)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, (status, out[-400:])
    assert b"Traceback" not in out
    for raw in HOSTILE.values():  # the data's own escape sequences, as bytes
        for sequence in (raw.encode(), raw.encode()[:8]):
            if b"\x1b" in sequence or "\x9b".encode() in sequence:
                assert sequence not in out, sequence
    assert b"\x1b]8;" not in out  # no hyperlink was made from "[link=...]"
    assert "\x9b".encode() not in out and "\x9d".encode() not in out  # no C1 introducer (UTF-8)
    assert b"]0;PWNED" in out and b"[/x]" in out  # ... and the text itself was shown


def _tick_a_plan_step(app: PtyApp) -> None:
    at = app.wait_for("Profile")
    app.send("\x1b4")
    at = app.wait_for("1 of 15 steps done", at)  # F1 ticked from the profile's Step 2 score
    app.send(" ")  # F2
    app.wait_for("2 of 15 steps done", at)


def _type_a_score(app: PtyApp) -> None:
    at = app.wait_for("Step 2 CK 252")
    # specialty select -> the Step 2 CK field (tab moves the focus as it is read: `key_routing`),
    app.send("\t\x15")  # then ctrl+u: delete. Sent apart from the digits: Textual runs an Input's
    at = app.wait_for("score, e.g. 252", at)  # bound keys after keys typed behind them (#6605)
    app.send("261")
    app.wait_for("Step 2 CK 261", at)


@pytest.mark.parametrize(
    "sig, edit",
    [(signal.SIGHUP, "tick"), (signal.SIGTERM, "score"), (signal.SIGHUP, "score")],
    ids=["SIGHUP-tick", "SIGTERM-score", "SIGHUP-score"],
)
def test_an_edit_shown_on_screen_survives_the_connection_dropping(
    db: Path, tmp_path: Path, sig: int, edit: str
) -> None:
    with open_state(db) as state:
        state.set_profile(PROFILE)
    with PtyApp(db, tmp_path, measured=False) as app:  # killed by the signal: no coverage data
        (_tick_a_plan_step if edit == "tick" else _type_a_score)(app)
        status = app.kill(sig)  # right after the screen showed it
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == sig, status  # killed, no clean exit
    with open_state(db, readonly=True) as state:
        if edit == "tick":
            entry = state.checklist().get("flow-2", ChecklistEntry("flow-2"))
            assert entry.done, state.checklist()
        else:
            assert state.profile().step2 == 261
    assert not list(db.parent.glob("*.corrupt")) and not list(db.parent.glob(".state.json.*.tmp"))

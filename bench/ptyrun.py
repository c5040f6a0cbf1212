"""Run a terminal program under a pseudo-terminal, the way a user's terminal runs it, and time
what it draws (shared by bench_startup.py and bench_keys.py).

The program's output is fed to a terminal emulator (pyte) as it arrives, so a condition on the
screen ("the footer is drawn", "the status line says 94,000 programs") is checked on what a user
would see, and its time is when the bytes that completed it arrived. Also: the child's resident
memory, and keys written to it as a terminal sends them.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte

KEYS = {"backspace": b"\x7f", "space": b" ", "enter": b"\r", "escape": b"\x1b", "tab": b"\t"}


class PtyApp:
    """One program on a pty of `columns` x `lines`, its screen emulated."""

    def __init__(
        self,
        argv: Sequence[str],
        columns: int = 100,
        lines: int = 30,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)}
        environment.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**environment, **(env or {})},
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.last_output = self.started

    # --- reading ------------------------------------------------------------------------------
    def pump(self, timeout: float) -> bool:
        """Read what the program wrote within `timeout` s into the screen; whether anything came.
        Terminal queries (cursor position, colours) are answered as a terminal would."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # the program exited
            raise RuntimeError(f"{self.process.args!r} exited ({self.process.poll()})") from None
        if not data:
            raise RuntimeError(f"{self.process.args!r} closed its terminal")
        self.last_output = time.perf_counter()
        # Drain what else has arrived before emulating any of it: pyte is pure Python (tens of
        # ms for a colourful frame on a loaded machine), and bytes that arrive while it parses
        # would otherwise be stamped when parsing ends, so a bigger frame looked slower to
        # arrive than it was. The time is when the last bytes were read, not parsed.
        while select.select([self.master], [], [], 0)[0]:
            try:
                more = os.read(self.master, 1 << 16)
            except OSError:
                break
            if not more:
                break
            data += more
            self.last_output = time.perf_counter()
        self.stream.feed(data)
        return True

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 60.0, after: float = 0.0) -> float:
        """Read until `condition(screen text)` holds on bytes that arrived after `after`; the time
        (perf_counter) the bytes that made it hold arrived."""
        deadline = time.perf_counter() + timeout
        while self.last_output <= after or not condition(self.text()):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"not on screen after {timeout} s:\n{self.text()}")
            self.pump(0.05)
        return self.last_output

    def settle(self, quiet: float = 0.3, timeout: float = 60.0) -> float:
        """Read until nothing is drawn for `quiet` s; the time the last bytes arrived."""
        deadline = time.perf_counter() + timeout
        while self.pump(quiet):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"still drawing after {timeout} s")
        return self.last_output

    # --- writing and the process ----------------------------------------------------------------
    def press(self, key: str) -> float:
        """Send one key as a terminal does; the time it was sent."""
        data = KEYS.get(key, key.encode())
        sent = time.perf_counter()
        os.write(self.master, data)
        return sent

    def rss_mib(self) -> float:
        """The program's resident memory now, MiB (its own process, from /proc)."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def ensure_bytecode(package: Path | None = None) -> None:
    """Compile the package's byte code (`__pycache__`, git-ignored) before timing a start.

    An installed app has it (pip compiles at install; an editable checkout writes it on first
    run). These machines set PYTHONDONTWRITEBYTECODE=1, so without this every timed start of
    `smartpick` compiled ~100 modules from source (~130 ms of CPU) while Textual, from
    site-packages, started from byte code: the pairing was unfair to us. Python still reads
    byte code under that variable; it only never writes it."""
    import compileall

    if package is None:  # this checkout's (another's: `bench_keys.py --against`)
        import smartpick_tui

        package = Path(smartpick_tui.__file__).parent
    compileall.compile_dir(str(package), quiet=1)


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def result_line(name: str, **figures: object) -> str:
    """One machine-readable line for run_all.py: `RESULT name key=value ...`."""
    return "RESULT " + name + " " + " ".join(f"{key}={value}" for key, value in figures.items())

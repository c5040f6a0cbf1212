"""`smartpick serve` as a browser user sees it: headless Chromium (Debian's `chromium`, driven by
Playwright with `executable_path`) opens the page, and the time is from asking for the page to
the terminal in it showing the app's first screen; paired in the same run with the bare app
(`baseline_apps.py bare`) under textual-serve on the same machine.

Each round starts both servers fresh (not timed), then times one page load of each, in
alternating order; the ratio is taken within a round. The terminal's rows are read from the
page's xterm.js buffer (as tests/serve/test_browser.py does). Goal (issue 26): <= 1.3x the bare app.
Run: `python bench/bench_serve.py [--rounds 5]` (needs the test extra and `apt-get install chromium`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ptyrun import ensure_bytecode, result_line

from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state

HERE = Path(__file__).resolve().parent
GOAL = 1.3
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    if (value && value.buffer) window.__benchTerminal = value;
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
  },
});
"""
SHOWS = """(words) => {
  const term = window.__benchTerminal;
  if (!term) return false;
  const lines = [];
  for (let i = 0; i < term.rows; i++) lines.push(term.buffer.active.getLine(i).translateToString(true));
  const text = lines.join("\\n");
  return words.every((word) => text.includes(word));
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(
    argv: list[str], port: int, env: dict[str, str], folder: Path, token: bool = False
) -> Iterator[str]:
    with (folder / f"serve-{port}.log").open("wb") as log:
        process = subprocess.Popen(
            argv, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, cwd=folder
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"server did not start: {argv}") from None
                    time.sleep(0.1)
            yield (
                tokened_address(folder / f"serve-{port}.log", port) if token else f"http://127.0.0.1:{port}/"
            )
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def tokened_address(log: Path, port: int) -> str:
    """The address `smartpick serve` prints, with its session token (without it the page is
    refused with 403)."""
    wanted = re.compile(rf"http://127\.0\.0\.1:{port}/\?token=[\w-]+")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = wanted.search(log.read_text(errors="replace"))
        if found:
            return found.group(0)
        time.sleep(0.05)
    raise RuntimeError(f"no tokened address in {log}")


def page_ms(browser: object, url: str, words: list[str]) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    try:
        page.add_init_script(CATCH_TERMINAL)
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(SHOWS, arg=words, timeout=60_000, polling=10)
        return (time.perf_counter() - start) * 1000
    finally:
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    ensure_bytecode()  # as installed (ptyrun.ensure_bytecode)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="smartpick-bench-"))
    env = {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}
    db = folder / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(step2=248, specialty="internal-medicine"))
    bare_command = f"{sys.executable} {HERE / 'baseline_apps.py'} bare"
    rows = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for round_ in range(args.rounds):
                ours_port, bare_port = free_port(), free_port()
                ours_argv = [
                    sys.executable,
                    "-m",
                    "smartpick_tui",
                    "--db",
                    str(db),
                    "serve",
                    "--port",
                    str(ours_port),
                ]
                bare_argv = [
                    sys.executable,
                    "-c",
                    "import sys; from textual_serve.server import Server; "
                    f"Server(sys.argv[1], port={bare_port}).serve()",
                    bare_command,
                ]
                with (
                    server(ours_argv, ours_port, env, folder, token=True) as ours_url,
                    server(bare_argv, bare_port, env, folder) as bare_url,
                ):
                    runs = {}
                    for name in ("bare", "ours") if round_ % 2 == 0 else ("ours", "bare"):
                        if name == "bare":
                            runs[name] = page_ms(browser, bare_url, ["bare app ready", "Help"])
                        else:
                            runs[name] = page_ms(browser, ours_url, ["Step 2 CK", "Help"])
                rows.append((runs["bare"], runs["ours"]))
                print(
                    f"round {round_ + 1}: bare {runs['bare']:.0f} ms, ours {runs['ours']:.0f} ms, "
                    f"ratio {runs['ours'] / runs['bare']:.2f}"
                )
        finally:
            browser.close()
    ratio = statistics.median(ours / bare for bare, ours in rows)
    print(f"median ratio {ratio:.2f} (goal <= {GOAL})")
    print(
        result_line(
            "serve",
            ratio=f"{ratio:.2f}",
            ours_ms=f"{statistics.median(r[1] for r in rows):.0f}",
            bare_ms=f"{statistics.median(r[0] for r in rows):.0f}",
            met=ratio <= GOAL,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`smartpick serve` for real: the server on a free localhost port, the page in headless Chromium,
keys typed into the Profile, the diagnosis changing in the page, and the change in the state file;
and a draft copied in the page arriving on the browser's clipboard.

What the page shows is read two ways: the rows of the page's xterm.js terminal (its buffer,
what the canvas paints) and the DOM text of xterm's accessibility tree (screen-reader mode,
turned on at the end: it takes over the tab key). A screenshot is kept in tests/artifacts/
(gitignored) for a human to look at when the test fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from smartpick_tui.core.catalog import load_catalog
from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state

playwright = pytest.importorskip("playwright.sync_api", reason="the test extra installs playwright")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# The page keeps its xterm.js Terminal in a closure; catch it when textual.js assigns it.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    if (value && value.buffer) window.__smartpickTerminal = value;
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
  },
});
"""
ROWS = """() => {
  const term = window.__smartpickTerminal;
  if (!term) return "";
  const lines = [];
  for (let i = 0; i < term.rows; i++) lines.push(term.buffer.active.getLine(i).translateToString(true));
  return lines.join("\\n");
}"""
CELL_BG = """([row, column]) => {
  const cell = window.__smartpickTerminal.buffer.active.getLine(row).getCell(column);
  return cell.getBgColor() * 4 + cell.getBgColorMode();
}"""
NO_SCORE = "Enter your Step 2 CK score to see the diagnosis."

pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK),
    reason=f"no Chromium at {CHROMIUM} (Debian: apt-get install -y chromium; .ci/run does it as root)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db: Path, tmp_path: Path) -> Iterator[str]:
    """`smartpick serve` on a free port for the state file `db`; yields the page's address."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("SMARTPICK_")}
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "smartpick_tui", "--db", str(db), "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    assert process.poll() is None, log_path.read_text()
                    assert time.monotonic() < deadline, "the server did not start listening"
                    time.sleep(0.1)
            printed = log_path.read_text()  # the address with this launch's token
            yield printed.split("SmartPick in your browser: ", 1)[1].split()[0]
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def browser_page(url: str) -> Iterator[Any]:
    """A headless Chromium page on `url`, its terminal caught, the clipboard allowed."""
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.grant_permissions(
                ["clipboard-read", "clipboard-write"], origin=url.split("/?", 1)[0].rstrip("/")
            )
            page = context.new_page()
            page.add_init_script(CATCH_TERMINAL)
            page.goto(url)
            yield page
        finally:
            browser.close()


def wait_for_rows(page, text: str, present: bool = True, timeout_ms: int = 30_000) -> str:  # type: ignore[no-untyped-def]
    """Wait until the terminal rows contain (or no longer contain) `text`; return the rows."""
    page.wait_for_function(
        f"(text) => ({ROWS})().includes(text) === {'true' if present else 'false'}",
        arg=text,
        timeout=timeout_ms,
    )
    return str(page.evaluate(ROWS))


def test_typing_a_score_in_the_browser_changes_the_diagnosis_and_the_state_file(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(specialty="internal-medicine"))
    with serving(db, tmp_path) as url, browser_page(url) as page:
        before = wait_for_rows(page, NO_SCORE)
        assert "Step 2 CK" in before and "◀ you" not in before

        page.locator(".xterm-helper-textarea").focus()
        # Keys typed right after tab can reach the widget that had the focus before it moved,
        # so wait for the field to look focused (its cells change colour) before typing.
        row = next(i for i, line in enumerate(before.splitlines()) if line.startswith("Step 2 CK"))
        column = before.splitlines()[row].index("score, e.g.")
        unfocused = page.evaluate(CELL_BG, [row, column])
        page.keyboard.press("Tab")  # Specialty -> Step 2 CK
        page.wait_for_function(f"(rc) => ({CELL_BG})(rc) !== {unfocused}", arg=[row, column])
        page.keyboard.type("x")  # said at once: the text reaches the field
        wait_for_rows(page, "'x' is not a whole number")
        page.keyboard.press("Backspace")
        page.keyboard.type("258")
        wait_for_rows(page, NO_SCORE, present=False)
        after = wait_for_rows(page, "◀ you")
        you = next(line for line in after.splitlines() if "◀ you" in line)
        assert "255-264" in you, after

        page.evaluate("() => { window.__smartpickTerminal.options.screenReaderMode = true; }")
        tree = page.locator(".xterm-accessibility-tree")
        tree.wait_for(timeout=15_000)
        page.wait_for_function(
            "() => document.querySelector('.xterm-accessibility-tree').innerText.includes('◀ you')",
            timeout=15_000,
        )
        dom_text = tree.inner_text()
        assert "255-264" in dom_text and NO_SCORE not in dom_text

        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "serve-profile-diagnosis.png"
        page.screenshot(path=str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    with open_state(db, readonly=True) as state:  # what the page showed is on disk
        assert state.profile().step2 == 258


def test_copy_in_drafts_reaches_the_browser_clipboard(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    program = next(p for p in load_catalog(None).programs if p.specialty == "internal-medicine")
    with open_state(db) as state:
        state.set_profile(
            Profile(specialty="internal-medicine", name="Test Student", school_name="Test School")
        )
        state.patch_mark(program.id, away_candidate=True)  # the away request's first program
    with serving(db, tmp_path) as url, browser_page(url) as page:
        wait_for_rows(page, "Step 2 CK")
        page.locator(".xterm-helper-textarea").focus()
        page.keyboard.press("8")
        wait_for_rows(page, "Subject: Away rotation inquiry")
        page.keyboard.press("Control+o")
        wait_for_rows(page, "Sent ")
        deadline = time.monotonic() + 15  # the toast is drawn before the OSC 52 write lands
        while not (copied := page.evaluate("() => navigator.clipboard.readText()")):
            assert time.monotonic() < deadline, "nothing arrived on the browser's clipboard"
            time.sleep(0.2)
    assert copied.startswith("Subject: Away rotation inquiry, Internal Medicine — Test Student")
    assert "Test School" in copied

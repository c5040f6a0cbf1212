"""User templates: the sandbox escapes tests/drafts/test_user_templates.py does not try (the
`|attr` format trick of CVE-2025-27516 and its relatives), and the app staying responsive
while a runaway user template is stopped. Already covered there: `cycler.__init__.__globals__`,
`''.__class__.__mro__`, `'x' * 500000000`, `range(10**9)`, memory bombs, output cap, time limit.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hardening_helpers import PROFILE, TODAY, hostile_program
from textual.widgets import Static
from waiting import wait_until

from smartpick_tui.core.catalog import encode_imports
from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.drafts.catalog import load_templates
from smartpick_tui.drafts.render import DraftError, DraftRequest, Renderer
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path
from smartpick_tui.tui.app import SmartPickApp

ATTR_TRICKS = {
    "attr format mro": "{{ '{0.__class__.__mro__}'|attr('format')(me) }}",
    "attr format globals": "{{ '{0.__init__.__globals__}'|attr('format')(program) }}",
    "attr format_map": "{{ '{a.__class__}'|attr('format_map')({'a': me}) }}",
    "attr dunder": "{{ ''|attr('__class__') }}",
    "format method": "{{ '{0.__class__}'.format(me) }}",
    "format_map method": "{{ '{a.__class__.__base__}'.format_map({'a': me}) }}",
}


def user_template(root: Path, kind: str, text: str) -> list[Path]:
    """The same hostile text in every variant, so whichever the app picks is the hostile one."""
    paths = []
    for variant in (1, 2, 3):
        path = root / "config" / "smartpick" / "templates" / kind / f"{variant}.txt.j2"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("name", list(ATTR_TRICKS))
def test_attr_and_format_tricks_are_refused(isolated_dirs: Path, name: str) -> None:
    """Refused by the sandbox ("unsafe"/"not allowed"), not stopped by a time or memory limit."""
    (path, *_) = user_template(isolated_dirs, "ps-step2", f"Line one\n\n{ATTR_TRICKS[name]}\n")
    result = Renderer(load_templates()).render(DraftRequest(DraftKind.PS_STEP2, PROFILE, variant=1))
    assert isinstance(result, DraftError), result
    assert str(result).startswith(f"{path}, line 3: ")
    assert "unsafe" in str(result) or "not allowed" in str(result), str(result)
    assert "<class" not in str(result) and "__builtins__" not in str(result)


async def run_runaway_template(isolated_dirs: Path, db: Path) -> tuple[str, list[Path], list[float]]:
    """Render a CPU-burning user template in the Drafts tab while switching tabs away and back;
    (the message it ends with, the template's paths, seconds per tab switch while it ran). The
    Outreach tab (7) is visited once first: its first composition is not the template's doing."""
    burn = (
        "Subject: x\n\n{% for i in range(999) %}{% for c in 'x'|center(20000) %}"
        "{{ '' if c.count('a') > 5 }}{% endfor %}{% endfor %}\n"
    )
    paths = user_template(isolated_dirs, "away-request", burn)
    program = hostile_program(1, "Synthetic Draft Hospital")
    db.parent.mkdir(parents=True)
    imports_path(db).write_bytes(encode_imports([program]))
    with open_state(db) as state:
        state.set_profile(PROFILE)
        state.set_mark(ProgramMark(program.id, email_target=True))
    app = SmartPickApp(db, today=lambda: TODAY)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("alt+7")
        await pilot.pause()
        await pilot.press("alt+8")
        status = app.query_one("#draft-status", Static)
        # the render has begun (not waiting for its worker, which is the runaway template)

        def rendering() -> bool:
            return "Rendering" in str(status.content)

        await wait_until(pilot, rendering, "the render's start", workers=False)
        lags = []
        started = time.perf_counter()
        while rendering() and time.perf_counter() - started < 60:
            t = time.perf_counter()
            await pilot.press("alt+7", "alt+8")  # switch tabs away and back while it renders
            lags.append((time.perf_counter() - t) / 2)
        # Then no more keys: the render going on now ends with its message however long a
        # loaded machine takes (one pause after the workers was not always enough under load)
        await wait_until(pilot, lambda: not rendering(), "the render's end")
        return str(status.content), paths, lags


async def test_app_stays_responsive_while_a_runaway_template_is_stopped(
    isolated_dirs: Path, db: Path
) -> None:
    """CPU-burning loops inside every per-call limit: stopped by the child's limits while the
    UI keeps answering keys (tab switches are handled while it renders); the message names the
    template and says why. How fast the keys are answered is `test_runaway_template_lag`'s."""
    message, paths, lags = await run_runaway_template(isolated_dirs, db)
    # Stopped by the child's 2 s wall clock or by its 2 s CPU limit, whichever fires first
    # (on a loaded box the wall clock can lose the race): both name the template and why.
    assert "Template problem" in message and (
        "took longer than" in message or "used too much CPU" in message
    ), message
    assert any(str(path) in message for path in paths), message
    assert lags, "no key was handled while the template rendered"


@pytest.mark.perf
async def test_runaway_template_lag(isolated_dirs: Path, db: Path) -> None:
    """Speed budget (`-m perf`, on a quiet machine): a tab switch while a runaway template
    renders takes under 0.5 s."""
    _, _, lags = await run_runaway_template(isolated_dirs, db)
    print(f"\nkeys while a runaway template ran: {len(lags) * 2}, max {max(lags) * 1000:.0f} ms")
    assert lags and max(lags) < 0.5, lags

"""No class without a Step 2 CK: the fit read every program at its own typical score, and the
Programs tab marked every program "reach" for a profile with no score. Now no program has a
class (the user's own class still shows) and the screen and the CLI say what to enter."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from cli_helpers import run
from textual.widgets import Static
from tui_helpers import PROFILE, SMALL, settle, text_of

from smartpick_tui.core.trackers import ProgramClass
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.panes.programs import ProgramsPane

NO_SCORE = replace(PROFILE, step2=None)


async def test_programs_shows_no_class_and_says_what_to_enter(
    make_app: Callable[..., SmartPickApp], db: Path
) -> None:
    app = make_app(NO_SCORE)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        pane = app.query_one(ProgramsPane)
        assert pane.index is not None
        rows = pane.query_one("#program-list").rows  # type: ignore[attr-defined]
        assert len(rows) > 100
        assert {pane.row_view(key).klass for key in rows} == {""}
        assert "Step 2 CK" in text_of(app.query_one("#program-status", Static))
        assert "NO CLASS" in str(app.query_one("#program-detail", Static).content)
        # the user's own class is theirs: it still shows
        await pilot.press("o")
        await settle(pilot)
        assert pane.row_view(rows[0]).klass == ProgramClass.REACH.value
        # a score entered: every program has its class again
        with open_state(db) as state:
            state.set_profile(PROFILE)
        app.refresh_panes()
        await settle(pilot)
        assert all(pane.row_view(key).klass for key in pane.query_one("#program-list").rows[:50])  # type: ignore[attr-defined]


def test_the_cli_lists_no_class_without_a_score(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(db.parent / "config"))
    with open_state(db) as state:
        state.set_profile(NO_SCORE)
    code, out, _ = run(capsys, "programs", "--db", str(db), "--limit", "20", "--json")
    assert code == 0
    assert {row["class"] for row in json.loads(out)} == {None}
    code, out, _ = run(capsys, "programs", "--db", str(db), "--limit", "5")
    assert "no reach / target / safety class" in out

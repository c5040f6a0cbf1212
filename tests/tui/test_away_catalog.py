"""Issue 14 item 6 through the real app: an away added from the catalog picker stores the
catalog id, and that id reaches the model everywhere (SmartPick tab, `smartpick programs` and
`smartpick pick`). The form's program field searches the catalog again with the down arrow;
typing another name by hand unlinks it. Real TinyDB file, real catalog, Pilot and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable, Input, Static
from tui_helpers import SMALL, settle, text_of

from smartpick_tui.core.trackers import VsloStatus
from smartpick_tui.store import open_state

CHRISTIANA_EM = "1099110C0"  # not on the default EM list for the test profile (a reach for it)


def cli(db: Path, *args: str) -> dict:  # type: ignore[type-arg]
    env = {**os.environ, "SMARTPICK_DB": str(db), "XDG_CONFIG_HOME": str(db.parent / "config")}
    done = subprocess.run(
        [sys.executable, "-m", "smartpick_tui", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def pick_ids(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(row.key.value) for row in app.query_one("#sp-picks", DataTable).ordered_rows]


async def test_away_from_the_catalog_reaches_smartpick_and_the_cli(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert CHRISTIANA_EM not in pick_ids(app)

        await pilot.press("5", "a", *"christiana newark")
        await settle(pilot)
        await pilot.press("enter")  # the first catalog hit (the profile's specialty first)
        await settle(pilot)
        form = app.screen
        assert type(form).__name__ == "RecordForm"
        assert "Christiana" in form.query_one("#field-program_name", Input).value
        assert CHRISTIANA_EM in text_of(form.query_one("#catalog-program_name", Static))
        await pilot.press("tab", "enter", "down", "down", "down", "enter", "ctrl+s")  # status: accepted
        await settle(pilot)
        with open_state(db) as state:
            (away,) = state.aways()
        assert away.program_id == CHRISTIANA_EM and away.status is VsloStatus.ACCEPTED

        await pilot.press("3")
        await settle(pilot)
        assert CHRISTIANA_EM in pick_ids(app)  # kept on the list by the logged away
        pick = next(p for p in app.query_one("#smartpick").result.picks if p.program.id == CHRISTIANA_EM)
        assert "your away there is accepted" in pick.reason and "away rotation here" in pick.reason

    listed = cli(db, "programs", "--query", "christiana")
    row = next(r for r in listed if r["id"] == CHRISTIANA_EM)
    assert "away rotation here" in json.dumps(row)
    picked = cli(db, "pick")
    row = next(p for p in picked["picks"] if p["id"] == CHRISTIANA_EM)
    assert row["kept"] == "your away there is accepted"


async def test_the_program_field_searches_again_and_unlinks_a_hand_typed_name(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("5", "a", *"My Own Hospital")
        await settle(pilot)
        await pilot.press("enter")  # no catalog match: the typed text
        await settle(pilot)
        line = app.screen.query_one("#catalog-program_name", Static)
        assert "not linked to the catalog" in text_of(line)
        await pilot.press("ctrl+u", *"christiana newark", "down")  # down: the picker, with the text
        await settle(pilot)
        assert type(app.screen).__name__ == "ProgramPicker"
        assert app.screen.query_one(Input).value == "christiana newark"
        await pilot.press("enter")
        await settle(pilot)
        assert CHRISTIANA_EM in text_of(line)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter", "end", *" (ED)")  # edit: a hand-typed change unlinks it
        await settle(pilot)
        assert "not linked" in text_of(app.screen.query_one("#catalog-program_name", Static))
        await pilot.press("ctrl+s")
        await settle(pilot)
    with open_state(db) as state:
        (away,) = state.aways()
    assert away.program_name.endswith(" (ED)") and away.program_id is None

"""Browser mode (`smartpick serve`) works like a web page (issue 24 item 8): ctrl+s hands the
draft to the browser as a download (textual-serve's file delivery) instead of writing it on
the server; the copy toast speaks of the browser's clipboard; keys the browser keeps for
itself (ctrl+t, ctrl+r) have alt+ alternatives shown in the footer; the page fetches nothing
from the internet. The app is the real one; only `App.is_web` (what textual-serve's driver
reports) is set, and the delivery is recorded where the web driver would send it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import textual_serve
from drafts_helpers import UTAH, make_profile, trackers

from smartpick_tui.cli.serve import offline_templates
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports
from smartpick_tui.tui import app as app_module
from smartpick_tui.tui.app import SmartPickApp

TODAY = date(2026, 9, 20)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "state.json"
    write_imports(imports_path(path), (UTAH,))
    aways, _letters = trackers()
    with open_state(path) as state:
        state.set_profile(make_profile())
        state.set_mark(ProgramMark(UTAH.id, email_target=True))
        for away in aways:
            state.upsert_away(away)
    return path


class BrowserApp(SmartPickApp):
    """The app as textual-serve runs it: `is_web` true; deliveries recorded."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))
    delivered: list[tuple[str, dict[str, Any]]]

    @property
    def is_web(self) -> bool:
        return True

    def deliver_text(self, path_or_file: Any, **kwargs: Any) -> str | None:  # type: ignore[override]
        self.delivered.append((path_or_file.read(), kwargs))
        return "key"


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_save_downloads_copy_speaks_of_the_browser_and_alt_keys_stand_in(db: Path) -> None:
    app = BrowserApp(db, today=lambda: TODAY)
    app.delivered = []
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("alt+8")
        await settle(pilot)
        text = app.query_one("#draft-editor").text  # type: ignore[attr-defined]
        assert text.startswith("Subject: ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(app.delivered) == 1
        body, options = app.delivered[0]
        assert body == text and options["save_filename"].endswith(".txt")
        assert not (db.parent / "drafts").exists()  # nothing written on the server
        assert any("downloading" in str(n.message) for n in app._notifications)

        await pilot.press("ctrl+o")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications if "Copied" in str(n.message)]
        assert said and "browser's clipboard" in said[-1] and "OSC 52" not in said[-1]

        # the footer shows alt+t / alt+r; alt+t logs the email as sent
        keys: dict[str, list[str]] = {}
        for key, active in app.active_bindings.items():
            keys.setdefault(active.binding.id or "", []).append(key)
        assert keys["drafts.sent"][0] == "alt+t" and "ctrl+t" in keys["drafts.sent"]
        assert keys["drafts.reset"][0] == "alt+r"
        await pilot.press("alt+t")
        await settle(pilot)
    with open_state(db, readonly=True) as state:
        assert len(state.outreach()) == 1  # alt+t logged the draft as sent


def test_the_served_page_fetches_nothing_from_the_internet(tmp_path: Path) -> None:
    page = (offline_templates(tmp_path) / "app_index.html").read_text(encoding="utf-8")
    external = re.findall(r"(?:href|src|url)\s*[=(]\s*[\"']?(https?://[^\"') ]+)", page)
    assert external == []
    fonts = re.findall(r"fonts/([\w-]+\.ttf)", page)
    assert fonts
    for font in fonts:
        assert (Path(textual_serve.__file__).parent / "static" / "fonts" / font).is_file()


async def test_soap_copy_in_the_browser_speaks_of_the_browser(db: Path) -> None:
    """The Match Week screen's copy (Plan tab, `w`, ctrl+o) says where the text went in the
    browser too, as the Drafts copy does: not the terminal's OSC 52 clipboard."""
    from smartpick_tui.tui.screens.soap import SoapScreen

    app = BrowserApp(db, today=lambda: TODAY)
    app.delivered = []
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SoapScreen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications if "SOAP application" in str(n.message)]
        assert said and "browser's clipboard" in said[-1] and "OSC 52" not in said[-1]
        assert "Check every line" in said[-1]

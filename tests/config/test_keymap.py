"""A [keymap] in config.toml changes the key in the running app, its footer and its help screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Footer, Input
from waiting import wait_until

from smartpick_tui.config import load_config
from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.keymap import binding_ids, known_key

TODAY = date(2026, 3, 1)


def make_app(tmp_path: Path, config_text: str) -> SmartPickApp:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(step2=250, specialty="internal-medicine"))
    path = tmp_path / "config.toml"
    path.write_text(config_text)
    app = SmartPickApp(db, today=lambda: TODAY, config=load_config(path))
    app.animation_level = "none"
    return app


def footer_keys(app: SmartPickApp) -> dict[str, str]:
    """Footer description -> the key it shows."""
    footer = app.screen.query_one(Footer)
    return {key.description: key.key_display for key in footer.query("FooterKey")}  # type: ignore[attr-defined]


async def test_keymap_moves_the_search_key_in_app_footer_and_help(tmp_path: Path) -> None:
    app = make_app(tmp_path, '[keymap]\n"programs.search" = "ctrl+f"\n"app.help" = "f2"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        search = app.query_one("#program-search", Input)
        await pilot.press("slash")  # the old key does nothing now
        await pilot.pause()
        assert app.focused is not search
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.focused is search
        await pilot.press("escape")
        await pilot.pause()
        assert footer_keys(app)["Search"] == app.get_key_display(Binding("ctrl+f", "focus_search"))
        assert footer_keys(app)["Help"] == "f2"
        await pilot.press("question_mark")  # no longer help
        await pilot.pause()
        assert type(app.screen).__name__ != "HelpScreen"
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        shown = str(app.screen.query_one("#help-text").render())
        search_line = next(line for line in shown.splitlines() if line.strip().endswith(" Search"))
        assert search_line.split()[0] == "^f"
        help_line = next(line for line in shown.splitlines() if line.strip().endswith(" Help"))
        assert help_line.split()[0] == "f2" and "?" not in help_line


async def test_bad_key_or_unknown_id_is_one_line_and_the_rest_applies(tmp_path: Path) -> None:
    text = '[keymap]\n"programs.search" = "ctlr+f"\n"no.such" = "f3"\n"app.help" = "f2"\n'
    app = make_app(tmp_path, text)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("line 2: keymap.programs.search: 'ctlr+f' is not a key name" in m for m in messages)
        assert any("line 3: keymap.no.such: no binding has this id" in m for m in messages)
        assert all("\n" not in m for m in messages)
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_broken_config_file_starts_the_app_with_defaults_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    app = SmartPickApp(db, today=lambda: TODAY, config_error="config.toml line 3: theme: expected a string")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["config.toml line 3: theme: expected a string"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


def test_every_binding_of_ours_has_an_id_and_a_known_key() -> None:
    from textual.dom import DOMNode

    from smartpick_tui.tui.keymap import _our_classes

    ids = binding_ids()
    assert {"programs.search", "app.help", "tabs.profile", "rank.export", "drafts.copy"} <= set(ids)
    for cls in _our_classes(DOMNode):
        for binding in cls.__dict__.get("BINDINGS", ()):
            assert isinstance(binding, Binding) and binding.id, (cls, binding)
            assert all(known_key(key) for key in binding.key.split(",")), binding


def test_known_key_names() -> None:
    for good in ("ctrl+f", "f2", "slash", "question_mark", "?", "a", "J", "shift+down", "plus", "space"):
        assert known_key(good), good
    for bad in ("ctlr+f", "kpow", "ctrl+", "", "f99"):
        assert not known_key(bad), bad


def test_docs_list_every_binding_id() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "config.md").read_text(encoding="utf-8")
    missing = [binding_id for binding_id in binding_ids() if f"| `{binding_id}` |" not in docs]
    assert not missing, f"add these to docs/config.md: {missing}"


async def test_a_toast_names_the_remapped_key(tmp_path: Path) -> None:
    app = make_app(tmp_path, '[keymap]\n"programs.exclude" = "z"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Excluded on: ") and m.endswith("(z again undoes it)") for m in messages), (
            messages
        )


async def test_config_theme_holds_over_the_state_and_is_not_written_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("smartpick_tui.tui.app.DISK_POLL_S", 0.05)  # the app's own poll, sooner
    app = make_app(tmp_path, 'theme = "nord"\n')
    said: list[str] = []  # every toast, kept: a shown one expires after 5 s, however slow the check
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (said.append(message), notify(message, **kw))[1])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        with open_state(tmp_path / "state.json") as other:  # another session picks a theme
            other.patch_settings(theme="textual-light")
        await wait_until(
            pilot,
            lambda: "Updated from another SmartPick session." in said,
            "the poll saw the other session's change",
        )
        assert app.theme == "nord"
    with open_state(tmp_path / "state.json", readonly=True) as state:
        assert state.settings().theme == "textual-light"  # config.toml's theme is never written there


async def test_an_unknown_theme_is_a_notice_naming_its_line(tmp_path: Path) -> None:
    app = make_app(tmp_path, '\ntheme = "no-such-theme"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        messages = [n.message for n in app._notifications]
        assert any("config.toml line 2: theme: no theme is called 'no-such-theme'" in m for m in messages)

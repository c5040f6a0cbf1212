"""Work Textual does at start-up that changes nothing on screen, and that the app skips (issue
26): the footer rebuilt on every focus change, the whole screen restyled on its first resume,
and laid out and repainted again for a resize to the size it already has. Each test checks
the saving and that what it skipped still happens when something does change."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.css.stylesheet import Stylesheet
from textual.widgets import Footer
from tui_helpers import SMALL, settle
from waiting import wait_until

from smartpick_tui.tui.textual_fixes import SettledFooter, SettledScreen


def footer_keys(app: Any) -> list[str]:
    return [str(key.description) for key in app.screen.query_one(Footer).query("FooterKey")]


async def footer_settled(pilot: Any) -> None:
    """Until the footer has no rebuild asked and not yet run (it runs after the next refresh)."""
    footer = pilot.app.screen.query_one(SettledFooter)
    await wait_until(pilot, lambda: not footer._rebuild_asked, "the footer's asked rebuild has run")


def count_footer_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, one entry per time the footer is built (its `compose` runs)."""
    builds: list[int] = []
    compose = SettledFooter.compose

    def counted(self: SettledFooter) -> Any:
        builds.append(1)
        return compose(self)

    monkeypatch.setattr(SettledFooter, "compose", counted)
    return builds


async def test_the_footer_is_built_once_at_start_up_with_its_keys(make_app, monkeypatch: pytest.MonkeyPatch):
    builds = count_footer_builds(monkeypatch)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await footer_settled(pilot)
        assert "Help" in footer_keys(app)
        assert len(builds) == 1  # Textual's footer: an empty one, then once per focus change


async def test_the_footer_follows_a_change_of_keys_and_only_then(make_app, monkeypatch: pytest.MonkeyPatch):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # Step 2 CK, a text field: "?" is typed there, not Help
        await settle(pilot)
        await footer_settled(pilot)
        assert "Help" not in footer_keys(app)
        builds = count_footer_builds(monkeypatch)
        await pilot.press("tab")  # COMLEX 2-CE, another text field: the same keys
        await settle(pilot)
        await footer_settled(pilot)
        assert builds == []
        await pilot.press("alt+2")  # the Programs tab has keys of its own
        await settle(pilot)
        await wait_until(pilot, lambda: "Search" in footer_keys(app), "the Programs tab's keys in the footer")
        assert builds


async def test_the_first_screen_is_styled_at_mount_not_again_on_resume(
    make_app, monkeypatch: pytest.MonkeyPatch
):
    whole: list[int] = []
    update = Stylesheet.update_nodes

    def counted(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        if len(nodes) > 40:  # a pass over the whole screen
            whole.append(len(nodes))
        update(self, nodes, animate=animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SettledScreen)
        assert whole == []
        app.theme = "textual-light"  # a change that does concern every widget still restyles all
        await settle(pilot)
        assert whole


async def test_a_resize_to_the_same_size_lays_nothing_out_and_a_real_one_does(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        layouts: list[object] = []
        refresh_layout = screen._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> None:
            layouts.append(args)
            refresh_layout(*args, **kwargs)

        screen._refresh_layout = counted  # type: ignore[method-assign]
        screen.post_message(events.Resize(screen.size, screen.size))
        await settle(pilot)
        assert layouts == []
        await pilot.resize_terminal(70, 24)  # narrower than NARROW_BELOW: the form stacks
        await settle(pilot)
        assert layouts
        assert app.query_one("#profile").has_class("-narrow")
        assert app.query_one("#diagnosis-scroll").region.y > app.query_one("#profile-form").region.y


async def test_the_form_is_built_showing_the_stored_profile(make_app, monkeypatch: pytest.MonkeyPatch):
    """Filled after it was built, every text field with a value restyled itself; built with
    its value, the first fill changes no field. What a field shows is as before: the stored
    text, or the placeholder where empty means the same (research 0)."""
    from smartpick_tui.tui.panes.profile import ProfileInput, ProfileSelect

    refilled: list[str] = []
    for cls in (ProfileInput, ProfileSelect):
        show_stored = cls.show_stored

        def recorded(self: Any, value: Any, _show: Any = show_stored) -> None:
            refilled.append(str(self.id))
            _show(self, value)

        monkeypatch.setattr(cls, "show_stored", recorded)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert refilled == []
        value = {widget.id: widget.value for widget in app.query(ProfileInput)}
        assert value["pf-step2"] == "252" and value["pf-ties"] == "CA, West" and value["pf-research"] == "2"
        assert value["pf-usce_months"] == ""  # 0 months: the placeholder, as before
        assert app.query_one("#pf-specialty", ProfileSelect).value == "emergency-medicine"

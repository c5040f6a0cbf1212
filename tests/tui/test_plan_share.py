"""Plan tab, `s`: the plan for a mentor is written beside the state file and the toast names it."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import SMALL, settle


async def test_s_on_plan_writes_the_page_and_names_it(make_app, db: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        written = list((db.parent / "exports").glob("plan-*.html"))
        assert len(written) == 1
        page = written[0].read_text()
        assert "Test Student&#39;s residency application plan" in page
        assert "Emergency Medicine" in page
        toasts = [str(n.message) for n in app._notifications]
        assert any(str(written[0]) in message for message in toasts)
        await pilot.press("s")  # a second page never replaces the first
        await settle(pilot)
        assert len(list((db.parent / "exports").glob("plan-*.html"))) == 2


async def test_w_on_plan_opens_match_week_and_copies_the_application(make_app) -> None:  # type: ignore[no-untyped-def]
    from smartpick_tui.tui.screens.soap import SoapScreen

    app = make_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # what would go out as OSC 52
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SoapScreen)
        shown = str(app.screen.query_one("#soap-text").content)
        assert "initial batch of 45 applications" in shown and "Programs to prepare before Monday" in shown
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert copied and "through SOAP" in copied[0] and "Test Student" in copied[0]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SoapScreen)

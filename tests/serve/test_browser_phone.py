"""`smartpick serve` on a phone and offline (issue 24 item 8), in headless Chromium: a
390-pixel-wide phone viewport gets a page laid out for its width (it rendered 108 columns of
unreadable text at 980 pixels, shrunk), with every tab and field on screen; and the page asks
nothing of the internet (offline, textual-serve's Google Fonts link left the palette icon a
blank box). Every request that does not go to the local server is recorded and refused."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_browser import CATCH_TERMINAL, CHROMIUM, CHROMIUM_ARGS, playwright, serving, wait_for_rows

from smartpick_tui.core.profile import Profile
from smartpick_tui.store import open_state

pytestmark = [pytest.mark.serial]

COLUMNS = "() => [window.__smartpickTerminal.cols, window.__smartpickTerminal.rows]"


def test_a_phone_gets_a_readable_page_and_nothing_is_fetched_from_the_internet(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(step2=250, specialty="internal-medicine", name="Phone Student"))
    external: list[str] = []
    with serving(db, tmp_path) as url, playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            page = context.new_page()
            page.add_init_script(CATCH_TERMINAL)

            parts = urlsplit(url)  # the address carries this launch's token: compare the origin
            origin = f"{parts.scheme}://{parts.netloc}/"

            def route(request_route) -> None:  # type: ignore[no-untyped-def]
                if request_route.request.url.startswith(origin):
                    request_route.continue_()
                else:
                    external.append(request_route.request.url)
                    request_route.abort()

            page.route("**/*", route)
            page.goto(url)
            rows = wait_for_rows(page, "Phone Student").splitlines()
            columns, lines = page.evaluate(COLUMNS)
            page.screenshot(path=str(tmp_path / "phone.png"))
        finally:
            browser.close()
    assert external == []
    assert 45 <= columns <= 70, (columns, lines)  # a readable 12-pixel font across 390 pixels
    tab_bar = rows[0]
    assert "1 Profile" in tab_bar and tab_bar.rstrip().endswith("9"), tab_bar  # every tab on screen
    assert any(line.startswith("Step 2 CK") and "250" in line for line in rows)

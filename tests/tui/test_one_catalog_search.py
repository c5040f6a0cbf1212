"""Every place a program is chosen searches the catalog the way the Programs tab does
(`services.program_search`: everyday names, typos, best match first), the profile's specialty
first. The trackers' pickers used to filter plain substrings in catalog order: "utmb" and
"UTSW" found nothing ("Not listed: use as typed"), "MGH" offered Brigham neurology before MGH
Internal Medicine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from textual.widgets import OptionList
from tui_helpers import PROFILE, SMALL, settle

from smartpick_tui.tui.app import SmartPickApp

IM = replace(PROFILE, specialty="internal-medicine")
TABS = {"aways": "5", "outreach": "7", "interviews": "9"}
FIRST_HIT = {
    "utmb": "1714140C0",  # University of Texas Medical Branch, Internal Medicine
    "UTSW": "2835140C0",  # UT Southwestern Medical Center, Internal Medicine
    "MGH": "1261140C0",  # Massachusetts General Hospital, Internal Medicine
    "bostn mass general": "1261140C0",  # a typo and the everyday name
}


@pytest.mark.parametrize("tab", sorted(TABS))
async def test_a_picker_finds_what_the_programs_search_finds_in_the_profile_specialty_first(
    make_app: Callable[..., SmartPickApp], tab: str
) -> None:
    app = make_app(IM)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(TABS[tab], "a")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProgramPicker"
        options = app.screen.query_one("#picker-options", OptionList)
        for query, first in FIRST_HIT.items():
            await pilot.press("ctrl+u", *query)
            await settle(pilot)
            assert options.highlighted == 0
            assert (query, options.get_option_at_index(0).id) == (query, first)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecordForm"


@pytest.mark.parametrize(
    ("specialty", "query", "twins"),
    [
        ("internal-medicine", "woodhull", ("3116140C1", "3116140M0")),
        ("dermatology", "mayo rochester", ("1328080C0", "1328080A0", "1328080A1")),
    ],
)
async def test_the_picker_says_how_two_tracks_of_one_hospital_differ(
    make_app: Callable[..., SmartPickApp], specialty: str, query: str, twins: tuple[str, ...]
) -> None:
    """Two tracks of one hospital used to read the same in the catalog question ("Woodhull
    Medical Center — Brooklyn, NY" twice): each option now says its track in words, and the
    record still keeps the hospital's name."""
    app = make_app(replace(PROFILE, specialty=specialty))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(TABS["interviews"], "a")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProgramPicker"
        options = app.screen.query_one("#picker-options", OptionList)
        await pilot.press(*query)
        await settle(pilot)
        shown = {
            option.id: str(option.prompt)
            for option in (options.get_option_at_index(i) for i in range(options.option_count))
        }
        assert set(twins) <= set(shown), shown
        labels = [shown[twin] for twin in twins]
        assert len(set(labels)) == len(labels), labels
        assert any("primary care" in label or "research" in label for label in labels)
        options.highlighted = list(shown).index(twins[-1])
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecordForm"

"""The Programs tab through the real app (Pilot): typing filters the virtual list, marks persist
in the TinyDB file, import from the TUI, and hostile program text is shown literally."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from catalog_helpers import program
from textual.widgets import Input, Select
from waiting import wait_until

from smartpick_tui.core.catalog_search import fold
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile
from smartpick_tui.services.catalog import FitBasis
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, read_imports, write_imports
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.widgets.program_list import ProgramList

HOSTILE = "Synthetic [bold]Evil[/] \x1b]0;PWNED\x1b\\ [@click=app.quit]click[/] [/"
PROFILE = Profile(step2=252, specialty="internal-medicine", ties=("CA",))


def screen_text(app: SmartPickApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_profile(PROFILE)
    programs = [program(i, imported=True) for i in range(1, 201)]
    programs.append(program(999, name=HOSTILE, institution="Synthetic [red]Sponsor[/]", imported=True))
    write_imports(imports_path(path), programs)
    return path


async def open_programs(pilot):  # type: ignore[no-untyped-def]
    await pilot.press("2")
    pane = pilot.app.query_one("#programs")
    await wait_until(pilot, lambda: pane.index is not None, "pane.index is not None")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pane


async def test_typing_a_query_filters_the_rows(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        program_list = pane.query_one(ProgramList)
        assert len(program_list.rows) >= 201  # the profile's specialty: IM
        await pilot.press("slash", *"00007")
        await pilot.pause()
        assert [pane.index.programs[i].name for i in program_list.rows] == ["Synthetic Program 00007"]
        text = screen_text(app)
        assert "Synthetic Program 00007" in text and "Synthetic Program 00008" not in text
        assert '"00007"' in text and "Internal Medicine" in text  # active filters visible
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press(*"bostn")  # one typo (the field kept the focus)
        await pilot.pause()
        assert program_list.rows
        assert all(pane.index.programs[i].city == "Boston" for i in program_list.rows)


async def test_hostile_name_is_displayed_literally(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_programs(pilot)
        await pilot.press("slash", *"synthetic bold evil")
        await pilot.pause()
        assert len(pane.query_one(ProgramList).rows) == 1
        text = screen_text(app)
        assert "Synthetic [bold]Evil[/]" in text  # in the row and the detail panel
        assert "[@click=app.quit]click[/]" in text and "Synthetic [red]Sponsor[/]" in text
        assert "\x1b" not in text and "PWNED" in text  # the ESC is stripped, the text stays
        assert app.is_running


async def test_mark_keys_persist_in_the_state_file(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_programs(pilot)
        await pilot.press("slash", *"00042", "enter")  # enter moves to the list
        await pilot.press("a", "w", "e")
        await pilot.pause()
        assert "AWE" in screen_text(app)
        await pilot.press("x", "x")  # toggled on, then off
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"call the coordinator", "ctrl+s")
        await pilot.pause()
    with open_state(db, readonly=True) as state:
        mark = state.mark("syn-00042")
    assert (mark.apply, mark.away_candidate, mark.email_target, mark.exclude) == (
        True,
        True,
        True,
        False,
    )
    assert mark.notes == "call the coordinator"


async def test_profile_change_reclasses_every_program(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        assert pane.index.fits[0].reason.startswith("your 252 vs")
        app.save(lambda state: state.set_profile(PROFILE.with_changes(step2=231)))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert all(f.reason.startswith("your 231 vs") for f in pane.index.fits)
        assert "your 231 vs" in screen_text(app)


async def test_sort_and_clear_filters_by_keyboard(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        await pilot.press("s")  # the list has the focus on arrival
        await pilot.pause()
        assert pane.filters.sort.value == "name"
        names = [fold(display_name(pane.index.programs[i])) for i in pane.query_one(ProgramList).rows]
        assert names == sorted(names)
        await pilot.press("c")
        await pilot.pause()
        assert pane.filters.specialty is None and pane.filters.sort.value == "name"
        assert "no filters" in screen_text(app)


async def test_specialty_filter_by_keyboard(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        await pilot.press("slash", "tab")  # search -> specialty select
        assert app.focused.id == "filter-specialty"
        await pilot.press("enter", *"Derm", "enter")
        await pilot.pause()
        assert pane.filters.specialty == "dermatology"
        assert all(
            pane.index.programs[i].specialty == "dermatology" for i in pane.query_one(ProgramList).rows
        )


async def test_import_from_the_tui(db, tmp_path):
    source = tmp_path / "more.csv"
    source.write_text(
        "Program;City;State;Specialty;Setting\r\n"
        "Synthetic Imported 00001;Seattle;WA;IM;community\r\n"
        "Synthetic Imported 00002;Seattle;XX;IM;community\r\n",
        encoding="utf-8-sig",
    )
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*str(source), "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "1 accepted, 1 rejected" in text and "line 3: unknown state 'XX'" in text
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert any(p.name == "Synthetic Imported 00001" for p in read_imports(imports_path(db)))
        assert any(p.name == "Synthetic Imported 00001" for p in pane.index.programs)


async def test_palette_offers_the_programs_commands(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_programs(pilot)
        titles = {command.title for command in app.palette_commands()}
        assert {"Search programs", "Import programs from CSV", "Clear program filters"} <= titles


async def test_own_class_override_cycles_and_persists(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        await pilot.press("slash", *"00011", "enter", "o")
        await pilot.pause()
        with open_state(db, readonly=True) as state:
            assert state.mark("syn-00011").class_override.value == "reach"
        key = pane.query_one(ProgramList).highlighted_key
        assert pane.index.klass(key).value == "reach"
        assert "class set by you" in screen_text(app).replace("\n", " ")
        await pilot.press("o", "o", "o")  # target, safety, back to the model
        await pilot.pause()
        with open_state(db, readonly=True) as state:
            assert state.mark("syn-00011").class_override is None
        assert pane.index.klass(key) is pane.index.fits[key].klass


def app_on_shipped_catalog(tmp_path: Path, profile: Profile) -> SmartPickApp:
    """The app on a fresh state holding `profile`, with no imports: the shipped catalog only."""
    db = tmp_path / "s.json"
    with open_state(db) as state:
        state.set_profile(profile)
    return SmartPickApp(db)


async def test_detail_says_what_moved_the_estimate(tmp_path):
    """The per-program model explains itself: the school and its NIH rank, the tier label."""
    app = app_on_shipped_catalog(tmp_path, Profile(step2=256))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_programs(pilot)
        await pilot.press("slash", *"massachusetts gen")
        await pilot.pause()
        text = screen_text(app)
        assert "What moved it" in text and "Harvard" in text and "NIH rank" in text
        assert "top program (est.)" in text  # the tier label over its selectivity


async def test_a_urology_row_shows_its_match_and_is_not_called_an_nrmp_title(tmp_path):
    """AUA Match rows have no NRMP code: the detail says which match, and lists the row's title
    as the catalog's, not NRMP's."""
    app = app_on_shipped_catalog(tmp_path, Profile(step2=256, specialty="urology"))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_programs(pilot)
        await pilot.press("slash", *"rush")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Rush University Medical Center · AUA Match" in text
        assert "Listed as: Urology (AUA Match) - Rush University Med Ctr" in text
        assert "NRMP: Urology" not in text


async def test_programs_follow_a_new_profile_specialty_without_a_restart(tmp_path):
    """Issue: set EM on a fresh state and Programs still listed Internal Medicine."""
    app = app_on_shipped_catalog(tmp_path, Profile(step2=250))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_programs(pilot)
        assert pane.filters.specialty == "internal-medicine"
        app.save(lambda state: state.patch_profile(specialty="emergency-medicine"))
        await pilot.pause()
        await wait_until(
            pilot,
            lambda: "Emergency Medicine" in screen_text(app),
            '"Emergency Medicine" in screen_text(app)',
        )
        assert pane.filters.specialty == "emergency-medicine"
        listed = pane.query_one(ProgramList).rows
        assert listed and all(pane.catalog.programs[i].specialty == "emergency-medicine" for i in listed[:50])


async def test_hidden_hits_are_counted_and_f_shows_them(db):
    app = SmartPickApp(db)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_programs(pilot)
        assert pane.filters.specialty == "internal-medicine"  # from the profile
        await pilot.press("slash", *"dermatology")
        await pilot.pause()
        rows = pane.query_one(ProgramList).rows
        text = screen_text(app)
        assert f'"dermatology": {len(rows)} in Internal Medicine · ' in text
        assert "in other specialties — press f to show them" in text
        await pilot.press("enter", "f")  # enter moves to the list
        await pilot.pause()
        assert pane.filters.specialty is None and pane.filters.text == "dermatology"
        assert len(pane.query_one(ProgramList).rows) > len(rows)


async def test_near_a_city_filters_by_distance_and_says_so(tmp_path):
    """d: programs within N miles of a city; a bad city is said in the form; empty city clears."""
    from smartpick_tui.core.geo import miles_between, parse_place

    app = app_on_shipped_catalog(tmp_path, Profile(step2=250, specialty="emergency-medicine"))
    async with app.run_test(size=(100, 40)) as pilot:
        pane = await open_programs(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"Houstn", "tab", "ctrl+u", *"60", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordForm"
        assert "did you mean" in screen_text(app) and "Houston" in screen_text(app)
        await pilot.press("shift+tab", "ctrl+u", *"houston texas", "ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ != "RecordForm"
        rows = pane.index.search(pane.filters)
        houston = parse_place("Houston, TX")
        places = pane.index.places()
        assert rows and all(miles_between(houston, places[i]) <= 60 for i in rows)
        assert {pane.index.programs[i].specialty for i in rows} == {"emergency-medicine"}
        assert "≤ 60 mi of Houston, TX" in screen_text(app)
        await pilot.press("d", "ctrl+u", "ctrl+s")  # an empty city: anywhere again
        await pilot.pause()
        assert pane.filters.near is None and "mi of Houston" not in screen_text(app)


async def test_a_stale_refit_never_overwrites_a_fresh_one(db, monkeypatch):
    """A profile change (Step 2 CK 215) starts a slow re-class, held on an Event; a second
    change (268) is made while it runs. The classes shown are 268's, and 215's, finished
    afterwards, never overwrite them (the refit used to check no cancellation)."""
    import smartpick_tui.tui.panes.programs as pane_module

    real = pane_module.fit_orders
    held, release = threading.Event(), threading.Event()
    finished: list[int | None] = []

    def fit(index, basis):  # type: ignore[no-untyped-def]
        if basis.profile.step2 == 215:
            held.set()
            assert release.wait(30), "the test never released the slow refit"
        orders = real(index, basis)
        finished.append(basis.profile.step2)
        return orders

    monkeypatch.setattr(pane_module, "fit_orders", fit)
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        app.save(lambda state: state.patch_profile(step2=215))
        await wait_until(pilot, lambda: held.is_set(), "held.is_set()", workers=False)
        assert held.is_set()
        app.save(lambda state: state.patch_profile(step2=268))
        await wait_until(
            pilot,
            lambda: pane._fit_basis.profile.step2 == 268,
            "pane._fit_basis.profile.step2 == 268",
            workers=False,
        )
        release.set()
        await wait_until(pilot, lambda: 215 in finished, "215 in finished", workers=False)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert 215 in finished  # the slow one ran to its end ...
        assert pane._fit_basis.profile.step2 == 268  # ... and its classes were dropped
        fresh = real(pane.index, FitBasis(PROFILE.with_changes(step2=268)))
        assert [f.p_interview for f in pane.index.fits] == [f.p_interview for f in fresh.fits]
        stale = real(pane.index, FitBasis(PROFILE.with_changes(step2=215)))
        assert [f.p_interview for f in pane.index.fits] != [f.p_interview for f in stale.fits]


async def test_the_controls_show_the_filters_whatever_changed_them(db):
    """The filters are one reactive value: a key, an action or a select changes it, and every
    select and the search field show it (they used to be set by hand beside each change)."""
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        specialty = pane.query_one("#filter-specialty", Select)
        sort = pane.query_one("#filter-sort", Select)
        search = pane.query_one("#program-search", Input)
        assert specialty.value == "internal-medicine"  # opened on the profile's specialty
        await pilot.press("s")  # a key: the sort select follows
        await pilot.pause()
        assert sort.value == "name"
        pane.query_one("#filter-place", Select).value = "CA"  # a select: the filters follow
        await pilot.pause()
        assert pane.filters.place == "CA"
        await pilot.press("slash", *"00007", "escape")
        await pilot.pause()
        assert pane.filters.text == "00007"
        pane.action_search_everywhere()  # keeps the text, clears the selects but the sort
        await pilot.pause()
        assert (pane.filters.specialty, pane.filters.place, pane.filters.text) == (None, None, "00007")
        assert specialty.value is Select.NULL and search.value == "00007" and sort.value == "name"
        pane.action_clear_filters()
        await pilot.pause()
        assert search.value == "" and pane.query_one("#filter-place", Select).value is Select.NULL
        assert "no filters" in screen_text(app)


async def test_a_select_cleared_by_the_user_drops_its_filter(db):
    """Choosing a select's blank row posts Select.NULL: the filter goes (it was read as the
    text 'Select.NULL': no program matched, and the setting select raised ValueError)."""
    app = SmartPickApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_programs(pilot)
        setting = pane.query_one("#filter-setting", Select)
        setting.value = "community"
        await pilot.pause()
        assert pane.filters.setting is not None and pane.filters.setting.value == "community"
        setting.clear()
        await pilot.pause()
        assert app.is_running and pane.filters.setting is None
        specialty = pane.query_one("#filter-specialty", Select)
        specialty.clear()
        await pilot.pause()
        assert pane.filters.specialty is None and len(pane.query_one(ProgramList).rows) >= 201

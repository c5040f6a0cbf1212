"""Profile pane: validated as you type, saved on a pause, Enter or leaving the field (typed
text) or at once (drop-downs), never shown as saved before it is on disk; diagnosis live beside it."""

import pytest
from textual.widgets import Select
from textual.widgets._select import SelectOverlay
from tui_helpers import SMALL, label_of, settle, text_of
from waiting import wait_until

from smartpick_tui.core.profile import Profile, SchoolType, VisaNeed, step2_from_comlex
from smartpick_tui.core.rules import Situation
from smartpick_tui.store import open_state
from smartpick_tui.tui.textual_fixes import ChoiceCurrent
from smartpick_tui.tui.widgets.diagnosis_view import DiagnosisView

PAUSE = "smartpick_tui.tui.panes.profile.EDIT_PAUSE_S"


@pytest.fixture(autouse=True)
def no_pause_save(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time is the test's to drive: the save-on-pause never comes by itself, however slowly a
    loaded machine delivers the keys (saved on Enter, on leaving the field or on quitting). A test
    of the pause itself sets a short one and waits for the save (`wait_until`)."""
    monkeypatch.setattr(PAUSE, 3600.0)


def stored(db) -> Profile:  # type: ignore[no-untyped-def]
    with open_state(db, readonly=True) as state:
        return state.profile()


async def test_entering_step2_saves_and_updates_the_diagnosis(make_app, db, no_pause_save):
    app = make_app(Profile(specialty="internal-medicine"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        diagnosis = app.query_one(DiagnosisView)
        assert "Enter your Step 2 CK score" in text_of(diagnosis)
        app.query_one("#pf-step2").focus()
        await pilot.press("2", "5", "4")
        # Typed, not saved yet: the label says so, the disk still has no score.
        assert label_of(app, "step2") == "Step 2 CK *"
        assert stored(db).step2 is None
        await pilot.press("enter")
        await settle(pilot)
        assert label_of(app, "step2") == "Step 2 CK"
        shown = text_of(diagnosis)
        assert "Step 2 CK 254" in shown
        assert "245-254 ████████████ 6 ◀ you" in shown
        assert "Programs to apply: 40" in shown  # IM is moderate (§3)
        assert app.query_one("TabbedContent").active == "tab-profile"  # digits went into the field
    with open_state(db) as state:
        assert state.profile().step2 == 254


async def test_the_diagnosis_names_the_match_of_the_specialty(make_app):
    app = make_app(Profile(step2=255, specialty="urology"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        shown = " ".join(text_of(app.query_one(DiagnosisView)).split())
        assert "Match: AUA Urology Match — early match, Match Day late January or early February" in shown
        assert "Urology does not use the NRMP Main Match (AUA Urology Match)" in shown


async def test_invalid_value_is_shown_and_not_saved(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        field = app.query_one("#pf-step2")
        field.focus()
        await pilot.press("end", "1")  # 2521
        await settle(pilot)
        message = app.query_one("#msg-step2")
        assert message.display and "outside the Step 2 CK scale" in text_of(message)
        assert field.value == "2521"  # the user's text stays
        assert "Step 2 CK 252" in text_of(app.query_one(DiagnosisView))
        await pilot.press("backspace")
        await settle(pilot)
        assert not message.display  # the stale message goes with the bad text
    with open_state(db) as state:
        assert state.profile().step2 == 252


async def test_below_passing_is_a_warning_but_saved_when_the_typing_pauses(
    make_app, db, monkeypatch: pytest.MonkeyPatch
):
    app = make_app(Profile())
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.query_one("#pf-step2").focus()
        monkeypatch.setattr(PAUSE, 0.05)  # "2" and "20" are off the scale: a pause after them saves nothing
        await pilot.press("2", "0", "0")
        await wait_until(pilot, lambda: stored(db).step2 == 200, "the pause saved 200")
        assert "below passing" in text_of(app.query_one("#msg-step2"))
    with open_state(db) as state:
        assert state.profile().step2 == 200


async def test_select_change_saves_and_redraws(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.query_one("#pf-situation").focus()
        await pilot.press("enter")  # open: the highlight starts on the current value (indifferent)
        await pilot.press("down", "enter")  # -> discouraging
        await settle(pilot)
        assert "Home program discouraging you" in text_of(app.query_one(DiagnosisView))
    with open_state(db) as state:
        assert state.profile().situation is Situation.DISCOURAGING


async def test_opening_the_app_writes_nothing(make_app, db):
    app = make_app(seeded=False)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4", "1")
        await settle(pilot)
    with open_state(db) as state:
        assert state.profile() == Profile()  # no default Select value was saved on mount


async def test_profile_text_is_rendered_literally(make_app):
    app = make_app(Profile(step2=240, red_flags=("[bold]late[/", "[@click=app.quit]x[/]")))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        shown = text_of(app.query_one(DiagnosisView))
        assert "[bold]late[/; [@click=app.quit]x[/]" in shown
        assert app.query_one("#pf-red_flags").value == "[bold]late[/; [@click=app.quit]x[/]"


async def test_a_typed_value_is_never_saved_by_its_prefixes(make_app, db):
    """Typing 999 over 252 must not leave 9 or 99 stored (each is a valid score on its own)."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        field = app.query_one("#pf-step2")
        field.focus()
        await pilot.press("ctrl+u")
        for key in "999":
            await pilot.press(key)
            assert stored(db).step2 == 252
        await pilot.press("enter")
        await settle(pilot)
        assert label_of(app, "step2") == "Step 2 CK !"
        assert "not saved" in text_of(app.query_one("#msg-step2"))
        assert field.value == "999"
        app.query_one("#profile").flush()  # what the pause (or quitting) would save: nothing
    assert stored(db).step2 == 252


async def test_ties_take_state_names_and_are_not_rewritten_while_typing(make_app, db, no_pause_save):
    app = make_app(Profile(step2=252, ties=("TX",)))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        field = app.query_one("#pf-ties")
        field.focus()
        await pilot.press("end", *",Oregon")
        assert field.value == "TX,Oregon"  # nothing rewrote the field under the cursor
        assert stored(db).ties == ("TX",)  # the half-typed "Or" was never stored as OR
        await pilot.press(*", Califor")
        assert field.value == "TX,Oregon, Califor"
        await pilot.press(*"nia", "enter")
        await settle(pilot)
        assert field.value == "TX,Oregon, California"
        assert stored(db).ties == ("TX", "OR", "CA")
        await pilot.press("ctrl+u", *"Texas", "tab")  # leaving the field saves it
        await settle(pilot)
    assert stored(db).ties == ("TX",)


async def test_a_change_from_another_session_reaches_the_fields(make_app, db):
    """`smartpick profile set --step2 259` in another terminal: the field follows the disk."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert app.query_one("#pf-step2").value == "252"
        with open_state(db) as state:
            state.patch_profile(step2=259)
        app._poll_disk()
        await settle(pilot)
        assert app.query_one("#pf-step2").value == "259"
        assert "Step 2 CK 259" in text_of(app.query_one(DiagnosisView))


async def test_quitting_saves_typed_text_still_waiting_for_its_pause(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.query_one("#pf-step2").focus()
        await pilot.press("ctrl+u", "2", "4", "4")
        await app.action_quit()
    assert stored(db).step2 == 244


async def test_a_do_with_only_comlex_gets_a_diagnosis_and_the_new_fields_save(make_app, db, no_pause_save):
    """COMLEX Level 2-CE alone is read through its Step 2 CK equivalent, said to be one; visa
    need, year of graduation and US clinical experience are stored like every field."""
    app = make_app(Profile(specialty="internal-medicine", school=SchoolType.US_DO))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.query_one("#pf-comlex2").focus()
        await pilot.press(*"620", "enter")
        await settle(pilot)
        shown = text_of(app.query_one(DiagnosisView))
        assert f"Step 2 CK {step2_from_comlex(620)} (COMLEX equivalent, est.)" in shown
        app.query_one("#pf-grad_year").focus()
        await pilot.press(*"2024", "enter")
        app.query_one("#pf-usce_months").focus()
        await pilot.press(*"6", "enter")
        app.query_one("#pf-visa", Select).value = VisaNeed.H1B.value
        await settle(pilot)
    profile = stored(db)
    assert (profile.comlex2, profile.grad_year, profile.usce_months, profile.visa) == (
        620,
        2024,
        6,
        VisaNeed.H1B,
    )
    assert profile.step2 is None  # the equivalent is computed, never stored as a Step 2 CK


async def test_a_drop_down_builds_its_list_on_first_opening_by_click_or_keys(make_app, db):
    """The form starts light (issue 26): a closed drop-down is one line and its list of options
    is built when first opened. Opened by a click, the list starts on the stored choice; keys
    typed at once after the opening key still land in the list, not on the closed line."""
    app = make_app(Profile(specialty="internal-medicine"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        visa = app.query_one("#pf-visa", Select)
        school = app.query_one("#pf-school", Select)
        assert not visa.query(SelectOverlay) and not school.query(SelectOverlay)
        assert "no visa needed" in visa.query_one(ChoiceCurrent).render().plain
        await pilot.click("#pf-visa ChoiceCurrent")
        await settle(pilot)
        assert visa.expanded and visa.query_one(SelectOverlay).highlighted == 0
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert not visa.expanded and stored(db).visa is VisaNeed.H1B
        assert "H-1B" in visa.query_one(ChoiceCurrent).render().plain
        school.focus()
        await pilot.press("enter", "down", "enter")  # built and opened by the first key
        await settle(pilot)
        assert stored(db).school is list(SchoolType)[1]
        assert app.query_one("#pf-school", Select).has_focus


async def test_the_home_city_is_checked_when_typing_stops_not_on_every_key(make_app, db):
    """Its check reads the gazetteer (a did-you-mean over ~21,000 places): on every key that
    stalled the screen, so it waits for Enter / leaving / the pause; the places load in a thread
    as the field is entered."""
    from smartpick_tui.core.geo import gazetteer

    gazetteer.cache_clear()  # as in a fresh process
    app = make_app(Profile(specialty="emergency-medicine", step2=245))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert gazetteer.cache_info().currsize == 0  # no city stored: not read at start
        field = app.query_one("#pf-home_city")
        field.focus()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert gazetteer.cache_info().currsize == 1  # loaded off the UI thread on focus
        await pilot.press(*"Hustn, TX")
        assert not app.query("#msg-home_city")  # nothing said while typing
        assert label_of(app, "home_city") == "Near city *"
        await pilot.press("enter")
        await settle(pilot)
        said = text_of(app.query_one("#msg-home_city"))
        assert "did you mean" in said and "not saved" in said
        assert stored(db).home_city == ""
        await pilot.press(*["backspace"] * 9, *"houston texas", "enter")
        await settle(pilot)
        assert stored(db).home_city == "Houston, TX"
        assert label_of(app, "home_city") == "Near city"

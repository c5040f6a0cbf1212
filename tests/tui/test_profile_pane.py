"""Profile pane: validated as you type, saved on change, diagnosis live beside it."""

from tui_helpers import SMALL, settle, text_of

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import Situation
from smartpick_tui.store import open_state
from smartpick_tui.tui.widgets.diagnosis_view import DiagnosisView


async def test_entering_step2_saves_and_updates_the_diagnosis(make_app, db):
    app = make_app(Profile(specialty="internal-medicine"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        diagnosis = app.query_one(DiagnosisView)
        assert "Enter your Step 2 CK score" in text_of(diagnosis)
        app.query_one("#pf-step2").focus()
        await pilot.press("2", "5", "4")
        await settle(pilot)
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
        assert not message.display
    with open_state(db) as state:
        assert state.profile().step2 == 252


async def test_below_passing_is_a_warning_but_saved(make_app, db):
    app = make_app(Profile())
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.query_one("#pf-step2").focus()
        await pilot.press("2", "0", "0")
        await settle(pilot)
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

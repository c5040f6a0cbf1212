"""Plan pane: ticking, due dates and notes persist in the file and survive a restart."""

from tui_helpers import SMALL, settle, text_of

from smartpick_tui.store import open_state
from smartpick_tui.tui.panes.plan import StepList


async def test_tick_persists_and_survives_restart(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.focused, StepList)
        # F1 "High Step 2 CK score in hand" is ticked from the profile's score
        assert text_of(app.query_one("#plan-summary")).startswith("1 of 15 steps done")
        await pilot.press("space")  # F2, the highlighted next step
        await pilot.press("j", "x")  # F3
        await pilot.press("j", "x", "x")  # F4 ticked and unticked
        await settle(pilot)
        assert text_of(app.query_one("#plan-summary")) == (
            "3 of 15 steps done  ·  next: F4 Secure 2-3 strong letters"
        )
    with open_state(db) as state:
        entries = state.checklist()
    assert entries["flow-2"].done and entries["flow-2"].done_on == "2026-03-01"
    assert entries["flow-3"].done and not entries["flow-4"].done

    again = make_app(seeded=False)  # same file, new process-like start
    async with again.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert text_of(again.query_one("#plan-summary")).startswith("3 of 15 steps done")
        first = again.query_one(StepList).get_option("flow-1")
        assert str(first.prompt).startswith("[x] F1")


async def test_due_date_and_note_in_a_form_escape_cancels(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("j", "enter")  # the next step is F2 (F1 is ticked from the data); F3 -> form
        await pilot.press(*"2026-02-15", "tab", *"[b]Lee[/b]", "ctrl+s")
        await settle(pilot)
        await pilot.press("j", "enter", *"2026-01-01", "escape")  # F4: cancelled
        await settle(pilot)
        steps = app.query_one(StepList)
        prompt = str(steps.get_option("flow-3").prompt)
        assert "due 2026-02-15 (overdue)" in prompt and "[b]Lee[/b]" in prompt
        assert "◀ next" in prompt  # the earliest due date is the next step
    with open_state(db) as state:
        entries = state.checklist()
    assert entries["flow-3"].due == "2026-02-15" and entries["flow-3"].note == "[b]Lee[/b]"
    assert "flow-4" not in entries


async def test_bad_due_date_keeps_the_form_open(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4", "enter", *"2026-13-01", "ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "RecordForm"
        assert "not a date" in text_of(app.screen.query_one("#error-due"))
        await pilot.press("escape")
    with open_state(db) as state:
        assert state.checklist() == {}


async def test_home_branch_follows_the_profile(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        prompt = str(app.query_one(StepList).get_option("flow-9").prompt)
        assert "Home program exists but does not back you" in prompt  # situation: indifferent


async def test_steps_the_data_shows_are_ticked_with_counts_and_the_user_keeps_the_last_word(make_app, db):
    from smartpick_tui.core.diagnosis import diagnose
    from smartpick_tui.core.programs import shipped_catalog
    from smartpick_tui.core.trackers import ProgramMark

    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        steps = app.query_one(StepList)
        assert str(steps.get_option("flow-1").prompt).startswith("[x] F1")
        assert "seen: Step 2 CK" in str(steps.get_option("flow-1").prompt)
        emails = str(steps.get_option("plan-5").prompt)
        assert emails.startswith("[ ] P5") and "seen: 0 of 10-20 targeted emails logged" in emails
        listed = str(steps.get_option("flow-5").prompt)
        assert listed.startswith("[ ] F5") and "0 programs marked apply" in listed
        # Marking the article's number of programs "apply" ticks F5 and P4.
        with open_state(db) as state:
            target = diagnose(state.profile()).programs_to_apply
            for program in shipped_catalog()[:target]:
                state.set_mark(ProgramMark(program.id, apply=True))
        app._poll_disk()
        await settle(pilot)
        listed = str(steps.get_option("flow-5").prompt)
        assert listed.startswith("[x] F5") and f"{target} programs marked apply" in listed
        assert str(steps.get_option("plan-4").prompt).startswith("[x] P4")
        # The user unticks F1: kept, across a restart, although the data still meets it.
        steps.highlighted = steps.get_option_index("flow-1")
        await pilot.press("space")
        await settle(pilot)
        assert str(steps.get_option("flow-1").prompt).startswith("[ ] F1")
    with open_state(db) as state:
        assert state.checklist()["flow-1"].declined
    again = make_app(seeded=False)
    async with again.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        steps = again.query_one(StepList)
        assert str(steps.get_option("flow-1").prompt).startswith("[ ] F1")
        steps.highlighted = steps.get_option_index("flow-1")
        await pilot.press("space")  # ticked again: the "no" is forgotten
        await settle(pilot)
        assert str(steps.get_option("flow-1").prompt).startswith("[x] F1")
    with open_state(db) as state:
        assert not state.checklist()["flow-1"].declined


async def test_the_plan_says_where_in_the_season_today_is_and_what_comes_next(make_app):
    app = make_app()  # today is 2026-03-01 in these tests
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        now = text_of(app.query_one("#plan-now"))
        # the test profile is emergency medicine: ResidencyCAS's dates and words, not ERAS's
        assert now.startswith("Now: Before ResidencyCAS opens")
        assert "Next: 2026-06-03 ResidencyCAS opens to applicants" in now


async def test_cost_estimates_and_the_timeline(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        costs = text_of(app.query_one("#plan-costs"))
        assert costs.startswith("Costs so far: $") and "m: breakdown" in costs
        await pilot.press("m")
        await pilot.pause()
        breakdown = text_of(app.screen.query_one(".dialog-title"))
        assert "Aways: 0 × VSLO $15 = $0" in breakdown and "travel: no estimate entered" in breakdown
        await pilot.press(*"1500", "tab", *"ten", "ctrl+s")  # a bad number keeps the form open
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordForm"
        await pilot.press("ctrl+u", *"400", "ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ != "RecordForm"
        costs = text_of(app.query_one("#plan-costs"))
        assert "+ your estimates" in costs
        await pilot.press("m")
        await pilot.pause()
        assert "housing 0 × $1,500 = $0 (your estimate)" in text_of(app.screen.query_one(".dialog-title"))
        await pilot.press("escape")
        await pilot.pause()
        app.action_toggle_theme()  # a theme switch must keep the estimates (field-level write)
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        shown = text_of(app.screen.query_one("#timeline-text"))
        assert "◀ today 2026-03-01" in shown and "Match Day (est.)" in shown
        await pilot.press("escape")
    with open_state(db) as state:
        settings = state.settings()
    assert (settings.away_housing_usd, settings.travel_per_interview_usd) == (1500, 400)

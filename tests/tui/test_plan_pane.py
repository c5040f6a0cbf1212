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
        assert text_of(app.query_one("#plan-summary")).startswith("0 of 15 steps done")
        await pilot.press("space")  # F1, the highlighted next step
        await pilot.press("j", "x")  # F2
        await pilot.press("j", "x", "x")  # F3 ticked and unticked
        await settle(pilot)
        assert text_of(app.query_one("#plan-summary")) == "2 of 15 steps done  ·  next: F3 Find individual mentors"
    with open_state(db) as state:
        entries = state.checklist()
    assert entries["flow-1"].done and entries["flow-1"].done_on == "2026-03-01"
    assert entries["flow-2"].done and not entries["flow-3"].done

    again = make_app(seeded=False)  # same file, new process-like start
    async with again.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert text_of(again.query_one("#plan-summary")).startswith("2 of 15 steps done")
        first = again.query_one(StepList).get_option("flow-1")
        assert str(first.prompt).startswith("[x] F1")


async def test_due_date_and_note_in_a_form_escape_cancels(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("j", "j", "enter")  # F3 -> form
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

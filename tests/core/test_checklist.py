"""The §10 plan: every step of the article, the home branch from the profile, progress, next."""

from datetime import date

from smartpick_tui.core import rules
from smartpick_tui.core.checklist import (
    HOME_STEP_ID,
    Observed,
    Seen,
    build_plan,
    has_home_program,
    observe,
    toggled,
)
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import Situation
from smartpick_tui.core.trackers import ChecklistEntry


def test_plan_has_every_flow_and_plan_step_in_article_order():
    plan = build_plan(Profile(), {})
    expected = [step.id for step in (*rules.ACTION_FLOW, *rules.SIX_STEP_PLAN)]
    assert [step.step.id for step in plan.steps] == expected
    assert [step.short for step in plan.steps][:2] == ["F1", "F2"]
    assert plan.steps[len(rules.ACTION_FLOW)].short == "P1"
    assert plan.total == 15 and plan.done == 0


def test_home_branch_is_answered_from_the_situation():
    for situation, has_home in (
        (Situation.NO_HOME_PROGRAM, False),
        (Situation.INDIFFERENT, True),
        (Situation.DISCOURAGING, True),
        (Situation.DO_IMG, False),
    ):
        profile = Profile(situation=situation)
        assert has_home_program(profile) is has_home
        step = build_plan(profile, {}).step(HOME_STEP_ID)
        assert step.detail == rules.HOME_BRANCH[has_home]
    # only the home step carries a branch answer
    assert sum(bool(step.detail) for step in build_plan(Profile(), {}).steps) == 1


def test_stored_entries_merge_and_count():
    entries = {
        "flow-1": ChecklistEntry("flow-1", done=True),
        "plan-3": ChecklistEntry("plan-3", note="draft"),
    }
    plan = build_plan(Profile(), entries)
    assert plan.done == 1
    assert plan.step("plan-3").entry.note == "draft"
    assert plan.next_step is not None and plan.next_step.step.id == "flow-2"


def test_next_step_prefers_the_earliest_due_date_then_article_order():
    entries = {
        "plan-4": ChecklistEntry("plan-4", due="2026-05-01"),
        "plan-2": ChecklistEntry("plan-2", due="2026-04-01"),
        "flow-5": ChecklistEntry("flow-5", due="2026-03-01", done=True),
    }
    plan = build_plan(Profile(), entries)
    assert plan.next_step.step.id == "plan-2"
    assert plan.step("plan-2").overdue(date(2026, 4, 2))
    assert not plan.step("plan-2").overdue(date(2026, 4, 1))
    assert not plan.step("flow-5").overdue(date(2027, 1, 1))  # done steps are never overdue


def test_all_done_has_no_next_step():
    entries = {
        step.id: ChecklistEntry(step.id, done=True) for step in (*rules.ACTION_FLOW, *rules.SIX_STEP_PLAN)
    }
    plan = build_plan(Profile(), entries)
    assert plan.done == plan.total and plan.next_step is None


def step_with(entry: ChecklistEntry, seen: Seen | None = None):  # type: ignore[no-untyped-def]
    plan = build_plan(Profile(), {entry.step_id: entry}, {entry.step_id: seen} if seen else None)
    return plan.step(entry.step_id)


def test_toggled_records_and_forgets_the_day():
    entry = toggled(step_with(ChecklistEntry("flow-1", note="keep")), date(2026, 3, 1))
    assert entry.done and entry.done_on == "2026-03-01" and entry.note == "keep"
    again = toggled(step_with(entry), date(2026, 3, 2))
    assert not again.done and again.done_on is None and again.note == "keep"


def test_a_step_the_data_meets_is_done_until_the_user_unticks_it():
    met = Seen("Step 2 CK 252 entered", True)
    step = step_with(ChecklistEntry("flow-1"), met)
    assert step.done and not step.entry.done
    declined = toggled(step, date(2026, 3, 1))
    assert declined.declined and not declined.done
    assert not step_with(declined, met).done  # the user's no outlasts the data
    again = toggled(step_with(declined, met), date(2026, 3, 2))
    assert again.done and not again.declined
    assert not step_with(ChecklistEntry("flow-1"), Seen("0 of 10-20", False)).done


def test_observe_counts_against_the_article_targets():
    from smartpick_tui.core.lint import lint
    from smartpick_tui.core.rules import EmailKind
    from smartpick_tui.core.trackers import OutreachEntry

    profile = Profile(step2=252, specialty="internal-medicine")
    emails = [OutreachEntry(f"P{i}", EmailKind.RADAR, "2026-08-01") for i in range(10)]
    seen = observe(profile, Observed(lint(profile, [], [], emails, date(2026, 9, 1)), 39, 40))
    assert seen["flow-1"].met and seen["plan-5"].met and seen["plan-5"].text.startswith("10 of 10-20")
    assert not seen["flow-5"].met and seen["flow-5"].text.startswith("39 programs marked apply")
    assert not seen["flow-4"].met and "flow-3" not in seen  # mentors leave no trace in the data

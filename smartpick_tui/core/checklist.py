"""The plan: the article's §10 action flow and six-step plan merged with what the user ticked.

The steps come from `rules.ACTION_FLOW` and `rules.SIX_STEP_PLAN`; the flowchart's last step
("Home program?") is answered from the profile with `rules.HOME_BRANCH`. What the user did
(done, due date, note) lives in the store as `ChecklistEntry` rows keyed by step id, so a
renamed step keeps its state.

Steps the data shows (a Step 2 score entered, aways booked, letters in hand, programs marked
"apply", emails logged) carry what the app sees (`Seen`, with a count against the article's
target) and count as done when it meets the step — unless the user unticked them, which is
kept (`ChecklistEntry.declined`): the user always has the last word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from smartpick_tui.core import rules
from smartpick_tui.core.lint import Lint
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import FlowStep, Situation
from smartpick_tui.core.trackers import ChecklistEntry

FLOW_GROUP = "Action flow (§10 flowchart)"
PLAN_GROUP = "Next 4-6 months (§10 plan)"
HOME_STEP_ID = "flow-9"

# Only these two situations say there is a home program in the specialty (§2 grid).
_HOME_PROGRAM_SITUATIONS = (Situation.INDIFFERENT, Situation.DISCOURAGING)


@dataclass(frozen=True)
class Seen:
    """What the app sees of a step in the user's data."""

    text: str  # "74 programs marked apply (the article's list: 40, §3)"
    met: bool  # the data meets the step


@dataclass(frozen=True)
class Observed:
    """The counts the plan reads; built by the caller from the state (see `observe`)."""

    lint: Lint
    apply_marks: int
    list_target: int | None  # the article's program count for the profile (None: no score)


def observe(profile: Profile, observed: Observed) -> dict[str, Seen]:
    """Step id -> what the data shows for it. Steps without a trace in the data (mentors,
    interview prep, the rank list, the home branch) are not here."""
    lint = observed.lint
    seen: dict[str, Seen] = {}
    if profile.step2 is not None:
        seen["flow-1"] = Seen(f"Step 2 CK {profile.step2} entered", True)
    aways = Seen(f"{lint.aways.text} logged (§4)", not lint.aways.below)
    seen["flow-2"] = seen["plan-1"] = aways
    letters = Seen(f"{lint.letters.text} (§5)", not lint.letters.below)
    seen["flow-4"] = seen["plan-2"] = letters
    target = observed.list_target
    listed = Seen(
        f"{observed.apply_marks} programs marked apply"
        + (f" (the article's list: {target}, §3)" if target else ""),
        bool(target) and observed.apply_marks >= (target or 0),
    )
    seen["flow-5"] = seen["plan-4"] = listed
    emails = Seen(f"{lint.emails.text} logged", not lint.emails.below)
    seen["flow-6"] = seen["plan-5"] = emails
    return seen


@dataclass(frozen=True)
class PlanStep:
    """One checklist line: the article's step, plus the user's entry for it."""

    step: FlowStep
    group: str
    short: str  # "F1".."F9", "P1".."P6": how the list and the CLI name the step
    entry: ChecklistEntry
    detail: str = ""  # the home branch answer, for the "Home program?" step
    seen: Seen | None = None  # what the data shows, when it shows anything

    @property
    def done(self) -> bool:
        return self.entry.done or (self.seen_done and not self.entry.declined)

    @property
    def seen_done(self) -> bool:
        return self.seen is not None and self.seen.met

    def overdue(self, today: date) -> bool:
        return not self.done and self.entry.due is not None and self.entry.due < today.isoformat()


@dataclass(frozen=True)
class Plan:
    steps: tuple[PlanStep, ...]

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def next_step(self) -> PlanStep | None:
        """The undone step with the earliest due date; without due dates, the first undone one
        in the article's order."""
        undone = [step for step in self.steps if not step.done]
        dated = [step for step in undone if step.entry.due]
        if dated:
            return min(dated, key=lambda step: step.entry.due or "")
        return undone[0] if undone else None

    def step(self, step_id: str) -> PlanStep:
        return next(step for step in self.steps if step.step.id == step_id)


def has_home_program(profile: Profile) -> bool:
    """The flowchart's "Home program?" question, answered from the §2 situation."""
    return profile.situation in _HOME_PROGRAM_SITUATIONS


def home_branch(profile: Profile) -> str:
    return rules.HOME_BRANCH[has_home_program(profile)]


def build_plan(
    profile: Profile, entries: dict[str, ChecklistEntry], seen: dict[str, Seen] | None = None
) -> Plan:
    steps: list[PlanStep] = []
    for group, prefix, source in (
        (FLOW_GROUP, "F", rules.ACTION_FLOW),
        (PLAN_GROUP, "P", rules.SIX_STEP_PLAN),
    ):
        for number, step in enumerate(source, start=1):
            entry = entries.get(step.id) or ChecklistEntry(step.id)
            detail = home_branch(profile) if step.id == HOME_STEP_ID else ""
            steps.append(PlanStep(step, group, f"{prefix}{number}", entry, detail, (seen or {}).get(step.id)))
    return Plan(tuple(steps))


def toggled(step: PlanStep, today: date) -> ChecklistEntry:
    """The step's entry with done flipped as the user sees it. Ticking records the day;
    unticking a step the data meets records that the user said no (`declined`)."""
    entry = step.entry
    if step.done:
        return entry.with_changes(done=False, done_on=None, declined=step.seen_done)
    return entry.with_changes(done=True, done_on=today.isoformat(), declined=False)

"""The plan: the article's §10 action flow and six-step plan merged with what the user ticked.

The steps come from `rules.ACTION_FLOW` and `rules.SIX_STEP_PLAN`; the flowchart's last step
("Home program?") is answered from the profile with `rules.HOME_BRANCH`. What the user did
(done, due date, note) lives in the store as `ChecklistEntry` rows keyed by step id, so a
renamed step keeps its state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from smartpick_tui.core import rules
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import FlowStep, Situation
from smartpick_tui.core.trackers import ChecklistEntry

FLOW_GROUP = "Action flow (§10 flowchart)"
PLAN_GROUP = "Next 4-6 months (§10 plan)"
HOME_STEP_ID = "flow-9"

# Only these two situations say there is a home program in the specialty (§2 grid).
_HOME_PROGRAM_SITUATIONS = (Situation.INDIFFERENT, Situation.DISCOURAGING)


@dataclass(frozen=True)
class PlanStep:
    """One checklist line: the article's step, plus the user's entry for it."""

    step: FlowStep
    group: str
    short: str  # "F1".."F9", "P1".."P6": how the list and the CLI name the step
    entry: ChecklistEntry
    detail: str = ""  # the home branch answer, for the "Home program?" step

    @property
    def done(self) -> bool:
        return self.entry.done

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


def build_plan(profile: Profile, entries: dict[str, ChecklistEntry]) -> Plan:
    steps: list[PlanStep] = []
    for group, prefix, source in ((FLOW_GROUP, "F", rules.ACTION_FLOW), (PLAN_GROUP, "P", rules.SIX_STEP_PLAN)):
        for number, step in enumerate(source, start=1):
            entry = entries.get(step.id) or ChecklistEntry(step.id)
            detail = home_branch(profile) if step.id == HOME_STEP_ID else ""
            steps.append(PlanStep(step, group, f"{prefix}{number}", entry, detail))
    return Plan(tuple(steps))


def toggled(entry: ChecklistEntry, today: date) -> ChecklistEntry:
    """The entry with done flipped; ticking records the day, unticking forgets it."""
    done = not entry.done
    return entry.with_changes(done=done, done_on=today.isoformat() if done else None)

"""The plan a student hands to an outside mentor (§2 and §5: "new advocates outside the
institution"): what the state holds, gathered into plain rows that a template turns into a
self-contained page. One gathering for the CLI (`smartpick share`) and the Plan tab (`s`).

What goes in is what a mentor needs to advise: the profile summary, the diagnosis, the SmartPick
list with its classes and reasons, aways, letters, interviews and what is left to do. Free-text
notes stay out unless the student asks (`include_notes`): they are often private ("PD seemed
cold"), and the page is made to be attached to an email.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from smartpick_tui.core.checklist import Observed, build_plan, observe
from smartpick_tui.core.diagnosis import Diagnosis, diagnose
from smartpick_tui.core.interviews import InterviewStatus
from smartpick_tui.core.lint import lint
from smartpick_tui.core.names import display_name
from smartpick_tui.core.profile import Profile, ProfileError
from smartpick_tui.core.programs import Program
from smartpick_tui.core.rules import SITUATIONS
from smartpick_tui.core.sanitize import clean_line, clean_text
from smartpick_tui.core.shared_plan import Row, SharedPlan, Table
from smartpick_tui.core.smartpick import run_smartpick
from smartpick_tui.core.smartpick.signals import load_signals
from smartpick_tui.core.specialties import UnknownSpecialty, specialty_by_id
from smartpick_tui.core.trackers import VsloStatus
from smartpick_tui.drafts.shared_plan import ShareFormat, render_shared_plan
from smartpick_tui.locations import templates_dir
from smartpick_tui.services.reading import read_profile
from smartpick_tui.services.season import season_costs
from smartpick_tui.store import State
from smartpick_tui.store.atomic import write_new_text
from smartpick_tui.store.paths import DIR_MODE, SAVE_NAMES_MAX, exports_dir


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _specialty_name(specialty_id: str) -> str:
    try:
        return specialty_by_id(specialty_id).name
    except UnknownSpecialty:
        return specialty_id


def _summary(profile: Profile) -> tuple[tuple[str, str], ...]:
    rows = [
        ("Name", profile.name),
        ("School", profile.school_name),
        ("Year", profile.year),
        ("School type", profile.school.label),
        ("Specialty", _specialty_name(profile.specialty)),
        ("Backup specialty", _specialty_name(profile.backup_specialty) if profile.backup_specialty else ""),
        ("Step 2 CK", "" if profile.step2 is None else str(profile.step2)),
        ("Step 1", profile.step1.label),
        ("Situation (§2)", SITUATIONS[profile.situation].title),
        ("Ties", ", ".join(profile.ties)),
        ("Research items", str(profile.research)),
    ]
    return tuple((label, clean_line(str(value))) for label, value in rows if str(value).strip())


def _diagnosis(d: Diagnosis) -> tuple[tuple[str, str], ...]:
    return (
        ("Leverage without home support (§1)", f"{d.leverage}/10 (Step 2 CK band {d.score_band})"),
        (
            "Situation (§2)",
            f"{d.situation.title}: Step 2 helps {d.situation.step2_helps}; {d.situation.workaround}",
        ),
        ("Tiers to target (§3)", d.tier_guidance),
        ("Programs to apply to (§3)", str(d.list_size)),
        ("Away rotations (§4)", str(d.aways)),
        ("Interviews to aim for (FAQ 5)", str(d.interviews)),
        ("Targeted emails (§6)", str(d.emails_total)),
    )


def _list_table(
    profile: Profile, programs: Sequence[Program], state: State, include_notes: bool
) -> tuple[str, Table | None, list[str]]:
    """SmartPick's list as the student keeps it (pins, exclusions, trackers)."""
    marks = state.marks()
    try:
        result = run_smartpick(
            profile,
            programs,
            marks=marks,
            aways=state.aways(),
            interviews=state.interviews(),
            signal_table=load_signals(),
        )
    except ProfileError as error:
        return f"No program list yet: {error.message}", None, []
    rows = tuple(
        Row(
            (
                clean_line(display_name(pick.program)),
                clean_line(", ".join(part for part in (pick.program.city, pick.program.state) if part)),
                pick.klass.value,
                _pct(pick.p_interview),
                clean_line(pick.reason),
            ),
            clean_text(marks[pick.program.id].notes) if include_notes and pick.program.id in marks else "",
        )
        for pick in result.picks
    )
    low, high = result.interviews_80
    headline = (
        f"{len(result.picks)} programs · expected interviews {result.expected_interviews:.1f} "
        f"(80% range {low}-{high}) · match chance {_pct(result.match_estimate)} (estimates)"
    )
    table = Table(
        "Program list (SmartPick)",
        ("Program", "Place", "Class (est.)", "Invite chance (est.)", "Why"),
        rows,
        "no programs",
    )
    return headline, table, list(result.notes)


def build_shared_plan(
    state: State, programs: Sequence[Program], today: date, include_notes: bool = False
) -> SharedPlan:
    """The page's content from the state as it is on disk now."""
    profile = read_profile(state)
    warnings: list[str] = []
    try:
        diagnosis: tuple[tuple[str, str], ...] = _diagnosis(diagnose(profile))
        target: int | None = diagnose(profile).programs_to_apply
    except ProfileError as error:
        diagnosis, target = (("Diagnosis", f"not yet: {error.message}"),), None
    headline, list_table, list_notes = _list_table(profile, programs, state, include_notes)
    warnings += list_notes

    def note(text: str) -> str:
        return clean_text(text) if include_notes else ""

    aways = Table(
        "Away rotations (§4)",
        ("Program", "Status", "Dates", "Letter asked"),
        tuple(
            Row(
                (
                    clean_line(a.program_name),
                    a.status.value,
                    " to ".join(day for day in (a.start, a.end) if day),
                    "yes" if a.letter_asked else "no",
                ),
                note(a.notes),
            )
            for a in state.aways()
            if a.status is not VsloStatus.DECLINED
        ),
        "none logged yet",
    )
    letters = Table(
        "Letters (§5)",
        ("Writer", "Kind", "Status"),
        tuple(
            Row(
                (
                    clean_line(
                        ", ".join(part for part in (letter.writer, letter.role, letter.institution) if part)
                    ),
                    letter.kind.value,
                    letter.status.value,
                ),
                note(letter.notes),
            )
            for letter in state.letters()
        ),
        "none logged yet",
    )
    interviews = Table(
        "Interviews (FAQ 5)",
        ("Program", "Status", "Date", "Format"),
        tuple(
            Row(
                (clean_line(i.program_name), i.status.value, i.scheduled_for or "", i.format.value),
                note(i.impressions),
            )
            for i in state.interviews()
            if i.status not in (InterviewStatus.DECLINED, InterviewStatus.CANCELLED)
        ),
        "none logged yet",
    )
    observed = Observed(
        lint(profile, state.aways(), state.letters(), state.outreach(), today),
        season_costs(state).applied,
        target,
    )
    plan = build_plan(profile, state.checklist(), observe(profile, observed))
    todo = tuple(
        clean_line(
            f"{step.short} {step.step.title}"
            + (f" → {step.detail}" if step.detail else "")
            + (f" (due {step.entry.due})" if step.entry.due else "")
        )
        for step in plan.steps
        if not step.done
    )
    tables = tuple(t for t in (list_table, aways, letters, interviews) if t is not None)
    who = clean_line(profile.name) or "A student"
    return SharedPlan(
        title=f"{who}'s residency application plan",
        generated_on=today.isoformat(),
        summary=_summary(profile),
        diagnosis=diagnosis,
        list_headline=headline,
        tables=tables,
        todo=todo,
        notes_included=include_notes,
        warnings=tuple(clean_line(w) for w in warnings),
    )


def rendered_shared_plan(
    state: State, programs: Sequence[Program], today: date, fmt: ShareFormat, include_notes: bool = False
) -> str:
    """The page as text, from the shipped template of `fmt`."""
    return render_shared_plan(build_shared_plan(state, programs, today, include_notes), fmt, templates_dir())


def shared_plan_paths(folder: Path, today: date, fmt: ShareFormat) -> Iterator[Path]:
    """'plan-2026-12-07.html', then '-2', '-3'…: a new file each time, never over an earlier one."""
    for number in range(1, SAVE_NAMES_MAX + 1):
        suffix = f"-{number}" if number > 1 else ""
        yield folder / f"plan-{today.isoformat()}{suffix}.{fmt.value}"


def save_shared_plan(
    state: State, programs: Sequence[Program], today: date, fmt: ShareFormat, include_notes: bool = False
) -> Path:
    """Write the page into `exports/` beside the state file (the Plan tab's `s`); OSError if
    the folder cannot be written."""
    text = rendered_shared_plan(state, programs, today, fmt, include_notes)
    folder = exports_dir(state.path)
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    return write_new_text(shared_plan_paths(folder, today, fmt), text)

"""Tab 4: the §10 action flow and six-step plan as a checklist, saved on every tick.

Longer than the ~350 lines a tab module aims at: besides the checklist, the tab is where the
season's other views open (costs, timeline, couples, Match Week and SOAP, the shared plan),
each a key, a palette command and a worker reading through the one `_worker_read`. Their
screens and computations are already elsewhere (`tui/screens/`, `services/couples`,
`services/soap`, `services/shared_plan`); what stays is the pane's wiring of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from smartpick_tui.core.calendar import Event, cycle, upcoming
from smartpick_tui.core.charts import season_line
from smartpick_tui.core.checklist import Observed, Plan, PlanStep, build_plan, observe, toggled
from smartpick_tui.core.costs import fees, usd
from smartpick_tui.core.couples import Couple
from smartpick_tui.core.diagnosis import diagnose
from smartpick_tui.core.profile import ProfileError, SchoolType
from smartpick_tui.core.programs import Program
from smartpick_tui.core.specialties import all_specialties
from smartpick_tui.core.trackers import ChecklistEntry, Settings
from smartpick_tui.services.couples import CouplesView
from smartpick_tui.services.reading import read_profile
from smartpick_tui.services.season import season_costs, season_events
from smartpick_tui.services.soap import SoapView
from smartpick_tui.store import State
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.panes.tracker import lint_state
from smartpick_tui.tui.screens.form import FormField, RecordForm
from smartpick_tui.tui.workers import post_result


class StepList(OptionList):
    """The checklist; j/k move like the arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="plan.down"),
        Binding("k", "cursor_up", "Up", show=False, id="plan.up"),
    ]


def step_prompt(step: PlanStep, is_next: bool, today_iso: str) -> Content:
    mark = ("[x]", "$success") if step.done else ("[ ]", "")
    title_style = "bold $accent" if is_next else ("$text-muted" if step.done else "")
    parts: list[tuple[str, str] | str] = [
        mark,
        " ",
        (f"{step.short:<3}", "bold"),
        (step.step.title, title_style),
    ]
    if step.detail:
        parts += [" → ", (step.detail, title_style or "")]
    if step.entry.due:
        overdue = not step.done and step.entry.due < today_iso
        parts.append(
            (
                f"  due {step.entry.due}{' (overdue)' if overdue else ''}",
                "bold $error" if overdue else "$text-muted",
            )
        )
    if is_next:
        parts.append(("  ◀ next", "bold $accent"))
    if step.seen is not None:  # what the data shows: a count, and a tick when it meets the step
        parts += [
            "\n       ",
            (f"seen: {step.seen.text}", "$success" if step.seen.met else "$text-muted"),
        ]
    if step.entry.note:
        parts += ["\n       ", (step.entry.note, "italic $text-muted")]
    return Content.assemble(*parts)


class PlanPane(Pane):
    PANE_ID = "plan"
    TITLE = "Plan"
    KEY = "4"

    BINDINGS = [
        Binding(
            "space,x", "toggle_step", "Done/undone", id="plan.toggle", tooltip="Mark the step done / not done"
        ),
        Binding("e", "edit", "Edit", id="plan.edit", tooltip="Edit the highlighted step"),
        Binding("n", "goto_next", "Next step", id="plan.next", tooltip="Jump to the next step to do"),
        Binding("m", "cost_estimates", "Costs", show=False, id="plan.costs"),
        Binding("t", "timeline", "Timeline", show=False, id="plan.timeline"),
        Binding(
            "c",
            "couples",
            "Couples",
            show=False,
            id="plan.couples",
            tooltip="Couples in the Match: pairs of programs near each other, with a joint chance",
        ),
        Binding(
            "w",
            "soap",
            "Match Week",
            id="plan.soap",
            tooltip="Match Week and SOAP: the rules, the dates, a list to prepare, texts to have ready",
        ),
        Binding(
            "s",
            "share_plan",
            "Share",
            id="plan.share",
            tooltip="Write your plan as a read-only page for a mentor (exports/, notes left out)",
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._plan: Plan | None = None

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=1, show_eta=False, id="plan-progress")
        yield Static("", id="plan-summary")
        yield Static("", id="plan-now", markup=False)
        yield Static("", id="plan-costs", markup=False)
        yield StepList(id="plan-steps")
        yield Static("", id="plan-detail")

    def focus_main(self) -> None:
        self.query_one(StepList).focus()

    def refresh_from_state(self) -> None:
        state = self.smartpick.state
        profile = read_profile(state)
        try:
            target: int | None = diagnose(profile).programs_to_apply
        except ProfileError:  # no Step 2 score yet: no list size to measure against
            target = None
        costs = season_costs(state)  # also counts the apply marks the plan reads
        observed = Observed(lint_state(state, self.today()), costs.applied, target)
        plan = self._plan = build_plan(profile, state.checklist(), observe(profile, observed))
        next_step = plan.next_step
        today_iso = self.today().isoformat()

        steps = self.query_one(StepList)
        keep = steps.highlighted_option.id if steps.highlighted_option else None
        options: list[Option | None] = []
        group = ""
        for step in plan.steps:
            if step.group != group:
                group = step.group
                options.append(Option(Content.styled(group, "bold $accent underline"), disabled=True))
            options.append(Option(step_prompt(step, step is next_step, today_iso), id=step.step.id))
        steps.set_options(options)
        wanted = keep or (next_step.step.id if next_step else plan.steps[0].step.id)
        steps.highlighted = steps.get_option_index(wanted)

        progress = self.query_one(ProgressBar)
        progress.update(total=plan.total, progress=plan.done)
        summary = Content.assemble(
            (f"{plan.done} of {plan.total} steps done", "bold"),
            "  ·  next: ",
            (
                f"{next_step.short} {next_step.step.title}" if next_step else "all done",
                "bold $accent",
            ),
        )
        self.query_one("#plan-summary", Static).update(summary)
        today = self.today()
        events = [
            e
            for e in season_events(state)  # a step ticked from the data is not due
            if not (e.id.startswith("plan-") and plan.step(e.id.removeprefix("plan-")).done)
        ]
        coming = upcoming(events, today, 1)
        dates = " · ".join(f"{e.day.isoformat()} {e.label}" for e in coming)
        estimated = costs.housing_each is not None or costs.travel_each is not None
        self.query_one("#plan-costs", Static).update(
            f"Costs so far: {usd(costs.total)} "
            f"({fees().year} {fees().service(costs.specialty).name}/VSLO fees"
            + (" + your estimates" if estimated else "")
            + ") · m: breakdown and estimates"
        )
        bar = season_line(events, today, max(20, (self.size.width or self.app.size.width) - 34))
        self.query_one("#plan-now", Static).update(
            f"Now: {cycle().phase(today, costs.specialty)}"
            + (f"\nNext: {dates} · t: timeline" if dates else "")
            + (f"\n{bar}  t: its key" if bar else "")
        )
        self._show_detail()

    # --- the highlighted step -----------------------------------------------------------------
    def _selected(self) -> PlanStep | None:
        option = self.query_one(StepList).highlighted_option
        if self._plan is None or option is None or option.id is None:
            return None
        return self._plan.step(option.id)

    @on(OptionList.OptionHighlighted, "#plan-steps")
    def _show_detail(self) -> None:
        step = self._selected()
        detail = self.query_one("#plan-detail", Static)
        if step is None:
            detail.update("")
            return
        parts: list[tuple[str, str] | str] = [
            (f"{step.short} ", "bold"),
            (step.step.section, "$text-muted"),
        ]
        if step.entry.done_on:
            parts.append((f" · done {step.entry.done_on}", "$success"))
        elif step.seen_done and step.entry.declined:
            parts.append((" · the data meets it, but you unticked it", "$text-muted"))
        elif step.seen_done:
            parts.append((" · ticked from your data (space to untick)", "$success"))
        if step.detail:
            parts += ["\nHome program? ", (step.detail, "")]
        detail.update(Content.assemble(*parts))

    @on(OptionList.OptionSelected, "#plan-steps")
    def _selected_by_enter(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_toggle_step(self) -> None:
        """Tick or untick the highlighted step (`action_toggle` is Textual's own action)."""
        step = self._selected()
        if step is None:
            return
        entry = toggled(step, self.today())
        self.smartpick.save(
            lambda state: state.patch_checklist(
                entry.step_id, done=entry.done, done_on=entry.done_on, declined=entry.declined
            )
        )

    def action_goto_next(self) -> None:
        if self._plan and self._plan.next_step:
            steps = self.query_one(StepList)
            steps.highlighted = steps.get_option_index(self._plan.next_step.step.id)
            steps.focus()

    def action_mark_next_done(self) -> None:
        self.action_goto_next()
        if self._plan and self._plan.next_step:
            self.action_toggle_step()

    def action_edit(self) -> None:
        step = self._selected()
        if step is None:
            return
        entry = step.entry
        fields = [
            FormField("due", "Due date", "date"),
            FormField("note", "Note", placeholder="optional"),
            FormField("done", "Done", "bool"),
        ]

        def build(values: dict[str, Any]) -> ChecklistEntry:
            done = bool(values["done"])
            if not done:  # unticking a step the data meets is remembered as the user's no
                return entry.with_changes(
                    due=values["due"],
                    note=values["note"],
                    done=False,
                    done_on=None,
                    declined=step.seen_done,
                )
            if step.seen_done:  # done because the data says so: nothing to record but "not no"
                return entry.with_changes(due=values["due"], note=values["note"], declined=False)
            return entry.with_changes(
                due=values["due"],
                note=values["note"],
                done=True,
                done_on=entry.done_on or self.today().isoformat(),
            )

        def commit(result: ChecklistEntry) -> bool:
            # only the fields edited in the form: another session's tick or note stays
            changed = {
                name: getattr(result, name)
                for name in ("due", "note", "done", "done_on", "declined")
                if getattr(result, name) != getattr(entry, name)
            }
            return self.smartpick.save(lambda state: state.patch_checklist(entry.step_id, **changed))

        self.app.push_screen(
            RecordForm(
                f"{step.short} {step.step.title}",
                fields,
                {"due": entry.due, "note": entry.note, "done": step.done},
                build,
                commit,
            )
        )

    def action_cost_estimates(self) -> None:
        """Your own estimates (housing per away, travel per in-person interview), kept in Settings."""
        settings = self.smartpick.state.settings()
        fields = [
            FormField("away_housing_usd", "Housing / away", placeholder="$ per rotation, e.g. 1500"),
            FormField(
                "travel_per_interview_usd",
                "Travel / interview",
                placeholder="$ per in-person interview, e.g. 400",
            ),
        ]
        values = {
            name: "" if getattr(settings, name) is None else str(getattr(settings, name))
            for name in ("away_housing_usd", "travel_per_interview_usd")
        }

        def build(raw: dict[str, Any]) -> Settings:
            return settings.with_changes(**{name: raw.get(name) or None for name in values}).validated()

        def commit(result: Settings) -> bool:
            return self.smartpick.save(
                lambda state: state.patch_settings(
                    away_housing_usd=result.away_housing_usd,
                    travel_per_interview_usd=result.travel_per_interview_usd,
                )
            )

        breakdown = "\n".join(season_costs(self.smartpick.state).lines())
        self.app.push_screen(
            RecordForm(
                f"Costs so far ({fees().year} fees; NRMP fees not included)\n"
                f"{breakdown}\nYour estimates (blank: none):",
                fields,
                values,
                build,
                commit,
            )
        )

    def action_timeline(self) -> None:
        """The season's dates and yours, in one list, today marked."""
        from smartpick_tui.tui.screens.timeline import TimelineScreen

        state = self.smartpick.state
        self.app.push_screen(TimelineScreen(season_events(state), self.today(), state.profile().specialty))

    def action_couples(self) -> None:
        couple = self.smartpick.state.couple()
        if not couple.complete:
            self.action_edit_partner()
            return
        self.notify("Pairing your list with your partner's programs…", timeout=2)
        self._load_couples()

    def action_edit_partner(self) -> None:
        """The partner's specialty, score, school, cities and distance (kept with the plan)."""
        couple = self.smartpick.state.couple()
        fields = [
            FormField(
                "partner_specialty", "Specialty", "select", [(s.name, s.id) for s in all_specialties()]
            ),
            FormField("partner_step2", "Step 2 CK", placeholder="your partner's score, e.g. 245"),
            FormField("partner_school", "School type", "select", [(t.label, t.value) for t in SchoolType]),
            FormField("partner_cities", "Cities", placeholder="optional: 'Houston, TX; Boston' (; between)"),
            FormField("within_miles", "Within (mi)", placeholder="how far apart two programs may be: 50"),
        ]
        values = {
            "partner_specialty": couple.partner_specialty or None,
            "partner_step2": "" if couple.partner_step2 is None else str(couple.partner_step2),
            "partner_school": couple.partner_school.value,
            "partner_cities": "; ".join(couple.partner_cities),
            "within_miles": str(couple.within_miles),
        }

        def build(raw: dict[str, Any]) -> Couple:
            if not raw.get("partner_specialty"):
                raise ValueError("partner_specialty: choose your partner's specialty")
            if not str(raw.get("partner_step2") or "").strip():
                raise ValueError("partner_step2: enter your partner's Step 2 CK")
            return couple.with_changes(**raw)

        def commit(result: Couple) -> bool:
            changed = {n: getattr(result, n) for n in values if getattr(result, n) != getattr(couple, n)}
            return self.smartpick.save(lambda state: state.patch_couple(**changed))

        def saved(result: Couple | None) -> None:
            if result is not None:
                self.action_couples()

        self.app.push_screen(
            RecordForm("Your partner (couples in the Match)", fields, values, build, commit), saved
        )

    @contextmanager
    def _worker_read(self) -> Iterator[tuple[Sequence[Program], State]]:
        """For the tab's worker threads (couples, SOAP, the shared plan): the merged catalog and
        a read-only handle of their own on the state file (the app's State belongs to the UI
        thread)."""
        from smartpick_tui.services.catalog import indexed_catalog
        from smartpick_tui.store import open_state
        from smartpick_tui.store.paths import imports_path

        db_path = self.smartpick.db_path
        catalog, _index = indexed_catalog(imports_path(db_path))
        with open_state(db_path, readonly=True) as state:
            yield catalog.programs, state

    @work(thread=True, exclusive=True, group="plan-couples")
    def _load_couples(self) -> None:
        from smartpick_tui.core.profile import ProfileError
        from smartpick_tui.services.couples import couples_view

        app = self.smartpick
        with self._worker_read() as (programs, state):
            profile, couple = read_profile(state), state.couple()
            marks, aways, interviews = state.marks(), state.aways(), state.interviews()
        try:
            view = couples_view(profile, couple, programs, marks=marks, aways=aways, interviews=interviews)
        except (ProfileError, ValueError) as error:
            post_result(app, self.notify, f"Couples: {error}", "", "warning")
            return
        post_result(app, self._show_couples, couple, view)

    def _show_couples(self, couple: Couple, view: CouplesView) -> None:
        from smartpick_tui.tui.screens.couples import CouplesScreen

        def export() -> None:
            self._export_couples(view)

        self.app.push_screen(CouplesScreen(couple, view, self.action_edit_partner, export))

    def _export_couples(self, view: CouplesView) -> None:
        from smartpick_tui.services.couples import couples_csv
        from smartpick_tui.store.atomic import write_new_text
        from smartpick_tui.store.paths import DIR_MODE, exports_dir

        folder = exports_dir(self.smartpick.db_path)
        day = self.today().isoformat()
        try:
            folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            path = write_new_text(
                (folder / f"couples-{day}{'' if n == 1 else f'-{n}'}.csv" for n in range(1, 1000)),
                couples_csv(view.rows),
            )
        except OSError as error:
            self.notify(f"Not exported: {error.strerror or error}", severity="error", markup=False)
            return
        self.notify(
            f"Exported {len(view.rows)} ranks to {path}", title="Couples list", markup=False, timeout=10
        )

    def action_soap(self) -> None:
        self.notify("Preparing Match Week and SOAP…", timeout=2)
        self._load_soap()

    @work(thread=True, exclusive=True, group="plan-soap")
    def _load_soap(self) -> None:
        from smartpick_tui.core.calendar import cycle
        from smartpick_tui.services.soap import soap_view
        from smartpick_tui.tui.screens.soap import WEEK_EVENTS

        with self._worker_read() as (programs, state):
            profile, aways = read_profile(state), state.aways()
        view = soap_view(profile, programs, aways)
        week = [e for e in cycle().events if e.id in WEEK_EVENTS]
        post_result(self.app, self._show_soap, view, week)

    def _show_soap(self, view: SoapView, week: list[Event]) -> None:
        from smartpick_tui.tui.screens.soap import SoapScreen

        self.app.push_screen(SoapScreen(view, week))

    def action_share_plan(self) -> None:
        """§2 / §5: a page an outside mentor can read, written beside the state (no server)."""
        self.notify("Writing your plan for a mentor…", timeout=2)
        self._write_shared_plan()

    @work(thread=True, exclusive=True, group="plan-share")
    def _write_shared_plan(self) -> None:
        from smartpick_tui.drafts.shared_plan import ShareFormat
        from smartpick_tui.services.shared_plan import save_shared_plan
        from smartpick_tui.store import StoreError

        app = self.smartpick
        try:
            with self._worker_read() as (programs, state):
                path = save_shared_plan(state, programs, self.today(), ShareFormat.HTML)
        except StoreError as error:
            post_result(app, self._shared, None, str(error))
            return
        except OSError as error:
            post_result(app, self._shared, None, error.strerror or str(error))
            return
        post_result(app, self._shared, path, "")

    def _shared(self, path: Path | None, error: str) -> None:
        if path is None:
            self.notify(f"Not written: {error}", severity="error", timeout=10, markup=False)
            return
        self.notify(
            f"Your plan for a mentor: {path} (HTML, printable; notes left out; "
            "`smartpick share --markdown` for Markdown)",
            title="Shared plan written",
            timeout=12,
            markup=False,
        )

    def commands(self) -> list[PaneCommand]:
        return [
            PaneCommand(
                "Couples in the Match",
                "Pairs of programs near each other for you and your partner (c on Plan)",
                self.action_couples,
            ),
            PaneCommand(
                "Match Week and SOAP",
                "The rules, the dates, programs to prepare, texts to have ready (w on Plan)",
                self.action_soap,
            ),
            PaneCommand(
                "Share plan with a mentor",
                "Write a read-only page of your plan for an outside mentor (s on Plan)",
                self.action_share_plan,
            ),
            PaneCommand(
                "Season timeline",
                "The cycle's dates and yours, today marked (t on Plan)",
                self.action_timeline,
            ),
            PaneCommand(
                "Enter your cost estimates",
                "Housing per away, travel per in-person interview (m on Plan)",
                self.action_cost_estimates,
            ),
            PaneCommand(
                "Mark next plan step done",
                "Tick the highlighted 'next' step of the §10 plan",
                self.action_mark_next_done,
            ),
            PaneCommand(
                "Toggle plan step done", "Tick or untick the highlighted step", self.action_toggle_step
            ),
            PaneCommand("Set due date and note for plan step", "Edit the highlighted step", self.action_edit),
            PaneCommand("Show next plan step", "Move to the step to do next", self.action_goto_next),
        ]

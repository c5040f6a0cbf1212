"""The Programs tab: search, filter and sort the catalog; see each program's class and why; mark it.

The catalog (shipped + imported) is loaded, estimated and indexed in a worker thread, so the
first frame never waits for it; re-classing after a profile change runs in a worker too.
Searching runs on the UI thread: it takes a few milliseconds at 50,000 programs
(`core.catalog_search`), and the list draws only its visible rows (`ProgramList`).
Program text comes from files: it is drawn with `Text`/`Content`, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.lazy import Lazy
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from smartpick_tui.core.catalog import Catalog, cached_catalog
from smartpick_tui.core.catalog_search import (
    CatalogIndex,
    Filters,
    FitOrders,
    Near,
    SortKey,
    elsewhere_hint,
)
from smartpick_tui.core.csv_import import ImportPreview, institution_states
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.geo import DEFAULT_MILES, PlaceError, parse_miles, parse_place
from smartpick_tui.core.geography import DIVISIONS, REGIONS, STATE_REGION
from smartpick_tui.core.names import display_name, names
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program, Setting, Tier
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import all_specialties
from smartpick_tui.core.sponsors import closed_to_students
from smartpick_tui.core.trackers import ProgramClass, ProgramMark, VsloStatus
from smartpick_tui.store import StoreError
from smartpick_tui.tui.keymap import remapped
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.screens.form import FormField, RecordForm
from smartpick_tui.tui.widgets.program_list import ProgramList, ProgramListHeadings, RowView
from smartpick_tui.tui.widgets.search_input import SearchInput, focus_now

MARK_FIELDS: dict[str, str] = {
    "apply": "apply",
    "away_candidate": "away candidate",
    "email_target": "email target",
    "exclude": "excluded",
}
AWAY_DONE = frozenset({VsloStatus.ACCEPTED, VsloStatus.COMPLETED})
REJECTS_SHOWN = 8


def away_program_ids(state: object) -> frozenset[str]:
    """Programs where the student has an accepted or completed away rotation (§4)."""
    return frozenset(
        a.program_id
        for a in state.aways()  # type: ignore[attr-defined]
        if a.program_id and a.status in AWAY_DONE
    )


def _place_options() -> list[tuple[str, str]]:
    options = [(f"{region} (region)", region) for region in REGIONS]
    options += [(f"{division} (division)", division) for division in DIVISIONS if division != "Territories"]
    options += [(state, state) for state in sorted(STATE_REGION)]
    return options


class ProgramsPane(Pane):
    PANE_ID = "programs"
    TITLE = "Programs"
    KEY = "2"

    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            key_display="/",
            id="programs.search",
            tooltip="Search by name, abbreviation or city",
        ),
        Binding("a", "toggle_mark('apply')", "Apply", id="programs.apply", tooltip="Mark / unmark to apply"),
        Binding(
            "w",
            "toggle_mark('away_candidate')",
            "Away",
            id="programs.away",
            tooltip="Mark / unmark as an away rotation candidate",
        ),
        Binding(
            "e", "toggle_mark('email_target')", "Email", id="programs.email", tooltip="Mark / unmark to email"
        ),
        Binding(
            "x",
            "toggle_mark('exclude')",
            "Exclude",
            id="programs.exclude",
            tooltip="Mark / unmark as excluded",
        ),
        Binding("n", "notes", "Notes", id="programs.notes", tooltip="Your notes on this program"),
        Binding("o", "cycle_override", "Own class", show=False, id="programs.own_class"),
        Binding("i", "import_csv", "Import", id="programs.import", tooltip="Import programs from a CSV file"),
        Binding("s", "cycle_sort", "Sort", show=False, id="programs.sort"),
        Binding("c", "clear_filters", "Clear filters", show=False, id="programs.clear_filters"),
        Binding(
            "f", "search_everywhere", "Search every specialty", show=False, id="programs.search_everywhere"
        ),
        Binding("d", "near", "Near a city", show=False, id="programs.near"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog: Catalog | None = None
        self.index: CatalogIndex | None = None
        self.filters = Filters()
        self.marks: dict[str, ProgramMark] = {}
        self._fit_basis: tuple[Profile, frozenset[str]] | None = None
        self._specialty_names = {s.id: s.name for s in all_specialties()}
        self._specialty_short = {
            s.id: (s.aliases[0] if s.aliases and len(s.name) > 12 else s.name) for s in all_specialties()
        }
        self._specialty_set_from_profile = False
        self._hint = ""  # "... 14 in other specialties" while the filters hide search hits
        self._updating_controls = False

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SearchInput(
            results="#program-list",
            id="program-search",
            placeholder="/ search name, MGH, Hopkins, city (typos ok)",
        )
        # Six selects cost ~80 ms to build: mount them just after the app's first frame.
        yield Lazy(
            Horizontal(
                Select(
                    [(s.name, s.id) for s in all_specialties()],
                    prompt="Specialty",
                    compact=True,
                    id="filter-specialty",
                ),
                Select(_place_options(), prompt="Place", compact=True, id="filter-place"),
                Select(
                    [(s.value, s.value) for s in Setting],
                    prompt="Setting",
                    compact=True,
                    id="filter-setting",
                ),
                Select(
                    [(f"{t.value} (est.)", t.value) for t in Tier],
                    prompt="Tier (est.)",
                    compact=True,
                    id="filter-tier",
                ),
                Select(
                    [(c.value, c.value) for c in ProgramClass],
                    prompt="Class",
                    compact=True,
                    id="filter-class",
                ),
                Select(
                    [(f"sort: {k.label}", k.value) for k in SortKey],
                    value=SortKey.FIT.value,
                    allow_blank=False,
                    compact=True,
                    id="filter-sort",
                ),
                id="program-filters",
            )
        )
        yield Static(Content("Loading the program catalog…"), id="program-status")
        program_list = ProgramList(self, id="program-list")
        yield ProgramListHeadings(program_list, id="program-headings")
        yield program_list
        yield Static(Content(""), id="program-detail")

    def on_mount(self) -> None:
        # Start loading once the first frame is out: the worker thread shares the GIL.
        self.call_after_refresh(self.load_catalog)

    def focus_main(self) -> None:
        """The list, not the search field: the tab's single-key shortcuts work on arrival;
        `/` goes to the search (`widgets.search_input`)."""
        focus_now(self.query_one(ProgramList))

    # --- loading (worker threads) -------------------------------------------------------------
    @property
    def imports_path(self) -> Path:
        from smartpick_tui.store.imports import imports_path

        return imports_path(self.smartpick.db_path)

    def load_catalog(self) -> None:
        """(Re)load shipped + imported programs off the UI thread."""
        profile, aways = self._current_basis()
        path = self.imports_path

        def work() -> None:
            catalog = cached_catalog(path)
            estimates = estimate_all(catalog.programs)
            index = CatalogIndex(catalog.programs, estimates)
            orders = index.fit_orders(fit_all(profile, catalog.programs, aways, estimates))
            self.app.call_from_thread(self._install, catalog, index, orders, (profile, aways))

        self.run_worker(work, thread=True, exclusive=True, group="program-catalog", name="load catalog")

    def _install(
        self,
        catalog: Catalog,
        index: CatalogIndex,
        orders: FitOrders,
        basis: tuple[Profile, frozenset[str]],
    ) -> None:
        self.catalog, self.index = catalog, index
        self._fit_basis = basis
        self.marks = self._read_marks()
        index.use_fits(orders, self._overrides())
        if not self._specialty_set_from_profile:
            self._specialty_set_from_profile = True
            self.filters = self.filters.with_changes(specialty=basis[0].specialty)
            self._set_select("#filter-specialty", basis[0].specialty)
        for warning in catalog.warnings:
            self.app.notify(warning, severity="warning", timeout=10, markup=False)
        self.apply_filters(keep_key=False)
        # a profile change may have happened while loading
        self.refresh_from_state()

    def _current_basis(self) -> tuple[Profile, frozenset[str]]:
        try:
            state = self.smartpick.state
            return state.profile(), away_program_ids(state)
        except (StoreError, ValueError):
            return Profile(), frozenset()

    def _read_marks(self) -> dict[str, ProgramMark]:
        try:
            return self.smartpick.state.marks()
        except (StoreError, ValueError):
            return {}

    def _overrides(self) -> dict[int, ProgramClass]:
        if self.index is None or self.catalog is None:
            return {}
        positions = (
            {p.id: i for i, p in enumerate(self.index.programs)}
            if any(m.class_override for m in self.marks.values())
            else {}
        )
        return {
            positions[m.program_id]: m.class_override
            for m in self.marks.values()
            if m.class_override and m.program_id in positions
        }

    def refresh_from_state(self) -> None:
        if self.index is None:
            return
        self.marks = self._read_marks()
        basis = self._current_basis()
        if basis != self._fit_basis:
            self._follow_profile_specialty(self._fit_basis[0].specialty, basis[0].specialty)
            self._refit(basis)
        self.index.set_overrides(self._overrides())
        if self.filters.klass is not None:
            self.apply_filters()
        else:
            self.query_one(ProgramList).refresh_rows()
            self._show_detail()

    def _follow_profile_specialty(self, before: str, now: str) -> None:
        """The specialty filter follows the profile's specialty (it ignored a change until a
        restart), unless the user had chosen another specialty here."""
        if now != before and self.filters.specialty == before:
            self.filters = self.filters.with_changes(specialty=now)
            self._set_select("#filter-specialty", now)
            self.apply_filters(keep_key=False)

    def _refit(self, basis: tuple[Profile, frozenset[str]]) -> None:
        index = self.index
        assert index is not None
        self._fit_basis = basis
        profile, aways = basis

        def work() -> None:
            orders = index.fit_orders(fit_all(profile, index.programs, aways, index.estimates))
            self.app.call_from_thread(self._use_orders, index, orders)

        self.run_worker(work, thread=True, exclusive=True, group="program-fits", name="re-class")

    def _use_orders(self, index: CatalogIndex, orders: FitOrders) -> None:
        if index is not self.index:
            return
        index.use_fits(orders, self._overrides())
        # New fits reorder the whole list: start again at its top (the best fit when sorted
        # by fit). Keeping the highlighted program left the cursor, and the view, wherever
        # that program fell in the new order (often the bottom: issue item 3).
        self.apply_filters(keep_key=False)

    # --- searching ----------------------------------------------------------------------------
    def apply_filters(self, keep_key: bool = True) -> None:
        """Run the search and show the result; called on every keystroke and filter change."""
        program_list = self.query_one(ProgramList)
        if self.index is None:
            return
        rows = self.index.search(self.filters)
        program_list.set_rows(rows, keep_key=keep_key)
        self._show_status(len(rows))
        self._show_detail()

    def _show_status(self, shown: int) -> None:
        total = len(self.index) if self.index else 0
        self._hint = ""
        if self.index is not None and self.filters.narrowed and self.filters.text.strip():
            self._hint = elsewhere_hint(
                self.filters,
                shown,
                self.index.count_text_matches(self.filters.text),
                self._specialty_names,
            )
        if self._hint:
            text = f"{self._hint} — press f to show them"
        else:
            active = self.filters.describe(self._specialty_names)
            text = f"{shown:,} of {total:,} programs"
            text += " · " + (", ".join(active) if active else "no filters")
            text += f" · sort {self.filters.sort.value} · classes are estimates"
        # fixed-size widgets: skip the layout pass on every keystroke
        self.query_one("#program-status", Static).update(Content(text), layout=False)

    @on(Input.Changed, "#program-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.filters = self.filters.with_changes(text=event.value)
        self.apply_filters()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        if self._updating_controls:
            return
        value = None if event.value is Select.BLANK else str(event.value)
        field = (event.select.id or "").removeprefix("filter-")
        converters: dict[str, Callable[[str], object]] = {
            "specialty": str,
            "place": str,
            "setting": Setting,
            "tier": Tier,
            "class": ProgramClass,
            "sort": SortKey,
        }
        if field not in converters:
            return
        converted = None if value is None else converters[field](value)
        if field == "sort":
            self.filters = self.filters.with_changes(sort=converted or SortKey.FIT)
        else:
            self.filters = self.filters.with_changes(**{"klass" if field == "class" else field: converted})
        event.stop()
        self.apply_filters()

    def _set_select(self, selector: str, value: str | None) -> None:
        self._updating_controls = True
        try:
            select = self.query_one(selector, Select)
            if value is None:
                select.clear()
            else:
                select.value = value
        finally:
            self.call_after_refresh(self._controls_done)

    def _controls_done(self) -> None:
        self._updating_controls = False

    # --- rows and detail ------------------------------------------------------------------------
    def row_view(self, key: int) -> RowView:
        """The text of one list row (called only for rows on screen)."""
        assert self.index is not None
        program = self.index.programs[key]
        known = names(program)
        mark = self.marks.get(program.id)
        klass = self.index.klass(key)
        fit = self.index.fits[key] if self.index.fits is not None else None
        gap = "" if fit is None or fit.score_gap is None else f"{fit.score_gap:+d}"
        return RowView(
            flags=_flags(mark),
            klass=klass.value if klass else "",
            name=known.display,
            short=known.short,
            place=", ".join(part for part in (program.city, program.state) if part),
            specialty=self._specialty_short.get(program.specialty, program.specialty),
            gap=gap,
            excluded=bool(mark and mark.exclude),
        )

    @on(ProgramList.Highlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def highlighted_program(self) -> Program | None:
        if self.index is None:
            return None
        key = self.query_one(ProgramList).highlighted_key
        return None if key is None else self.index.programs[key]

    def _show_detail(self) -> None:
        detail = self.query_one("#program-detail", Static)
        program_list = self.query_one(ProgramList)
        key = program_list.highlighted_key
        if self.index is None or key is None:
            if self.index is None:
                message = ""
            elif self._hint:
                message = f"No program matches here. {self._hint}: press f to show them."
            else:
                message = "No program matches. Press c to clear the filters."
            detail.update(Content(message), layout=False)
            return
        detail.update(self._detail_text(key), layout=False)

    def _detail_text(self, key: int) -> Text:
        """Name, class and reason first; facts and estimates on lines of their own, styled
        apart (estimates in italics, labelled), so the two are never confused."""
        assert self.index is not None
        program = self.index.programs[key]
        est = self.index.estimates[key]
        fit = self.index.fits[key] if self.index.fits is not None else None
        mark = self.marks.get(program.id)
        text = Text(no_wrap=False, overflow="fold")
        known = names(program)
        text.append(clean_line(known.display), style="bold")
        if known.subtitle and not known.site:
            text.append(f" · {clean_line(known.subtitle)}")
        if program.imported:
            text.append("  (imported)", style="italic")
        marks = [label for field, label in MARK_FIELDS.items() if mark and getattr(mark, field)]
        if marks:
            text.append(" · marked: " + ", ".join(marks), style="bold")
        if mark and mark.notes:
            text.append(" · notes: " + clean_line(mark.notes))
        if fit is not None:
            klass = self.index.klass(key)
            text.append(f"\n {(klass.value if klass else '').upper()} ", style="bold reverse")
            if mark and mark.class_override:
                text.append(" class set by you (o); model:", style="bold")
            text.append(f" est. {fit.p_interview:.0%} interview chance: {fit.reason}", style="italic")
        closed = closed_to_students(program)
        if closed:
            text.append(f"\nNot open to students: {closed}; SmartPick leaves it out.", style="bold")
        text.append("\nFacts: ", style="bold")
        facts = []
        if known.sponsor_nrmp != clean_line(program.institution):  # not already in the name
            facts.append(clean_line(program.institution))
        # Only NRMP rows carry NRMP's title; SF Match / AUA rows and imports are "listed as".
        facts += [
            f"{'NRMP' if program.nrmp_code else 'Listed as'}: {clean_line(program.name)}",
            ", ".join(part for part in (clean_line(program.city), program.state) if part),
            self._specialty_names.get(program.specialty, program.specialty),
            program.track.value,
            program.setting.value,
        ]
        if program.nrmp_code:
            facts.append(f"NRMP {clean_line(program.nrmp_code)}")
        if program.positions is not None:
            facts.append(
                f"{program.positions} positions"
                + (f" ({program.positions_year})" if program.positions_year else "")
            )
        if program.source:
            facts.append(f"source {clean_line(program.source)}")
        text.append(" · ".join(facts))
        moved = [*(fit.factors if fit is not None else ()), *est.factors]
        if moved:
            text.append("\nWhat moved it (estimates): ", style="bold italic")
            text.append(" · ".join(clean_line(factor) for factor in moved), style="italic")
        text.append("\nEstimates: ", style="bold italic")
        text.append(
            f"{est.tier.value} (selectivity {est.selectivity:.2f}) · typical Step 2 "
            f"{est.typical_step2} · outside rotators {_level(est.takes_outside_rotators)} · "
            f"home saturation {_level(est.home_saturation)} · DO {_level(est.do_friendly)} · "
            f"US IMG {_level(est.img_friendly)} · non-US IMG {_level(est.non_us_img_friendly)}",
            style="italic",
        )
        return text

    # --- marks -------------------------------------------------------------------------------------
    def action_toggle_mark(self, field: str) -> None:
        program = self.highlighted_program()
        if program is None:
            self.app.notify("No program highlighted.", severity="warning")
            return
        current = self.marks.get(program.id, ProgramMark(program.id))
        value = not getattr(current, field)  # the opposite of what the screen shows
        word = "on" if value else "off"
        again = f" ({self._keys_for(field)} again undoes it)" if value else ""
        self.smartpick.save(
            lambda state: state.patch_mark(program.id, **{field: value}),
            f"{MARK_FIELDS[field].capitalize()} {word}: {clean_line(display_name(program))}{again}",
        )

    def _keys_for(self, field: str) -> str:
        """The key bound to toggling `field` ("x"), said in the toast."""
        action = f"toggle_mark('{field}')"
        keymap = self.smartpick.keymap
        bindings = (b for b in self.BINDINGS if isinstance(b, Binding) and b.action == action)
        return next((remapped(b, keymap).key for b in bindings), "")

    def action_cycle_override(self) -> None:
        """Set your own class for the highlighted program: reach → target → safety → model's."""
        program = self.highlighted_program()
        if program is None:
            return
        current = self.marks.get(program.id, ProgramMark(program.id))
        cycle: list[ProgramClass | None] = [*ProgramClass, None]
        following = cycle[(cycle.index(current.class_override) + 1) % len(cycle)]
        said = following.value if following else "the model's estimate"
        self.smartpick.save(
            lambda state: state.patch_mark(program.id, class_override=following),
            f"Class of {clean_line(display_name(program))}: {said}",
        )

    def action_notes(self) -> None:
        program = self.highlighted_program()
        if program is None:
            return
        from smartpick_tui.tui.screens.form import FormField, RecordForm

        current = self.marks.get(program.id, ProgramMark(program.id))

        def build(values: dict[str, object]) -> ProgramMark:
            return current.with_changes(notes=str(values.get("notes") or ""))

        def commit(mark: ProgramMark) -> bool:
            return self.smartpick.save(
                lambda state: state.patch_mark(mark.program_id, notes=mark.notes), "Notes saved."
            )

        form = RecordForm(
            f"Notes: {clean_line(display_name(program))}",
            [FormField("notes", "Notes")],
            {"notes": current.notes},
            build,
            commit,
        )
        self.app.push_screen(form)

    # --- other actions -------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        focus_now(self.query_one("#program-search", Input))

    def action_cycle_sort(self) -> None:
        keys = list(SortKey)
        following = keys[(keys.index(self.filters.sort) + 1) % len(keys)]
        self.filters = self.filters.with_changes(sort=following)
        self._set_select("#filter-sort", following.value)
        self.apply_filters()

    def action_search_everywhere(self) -> None:
        """Keep the search text, drop every other filter (the hint's "press f")."""
        text = self.filters.text
        self.action_clear_filters()
        search = self.query_one("#program-search", Input)
        with search.prevent(Input.Changed):
            search.value = text
        self.filters = self.filters.with_changes(text=text)
        self.apply_filters()

    def action_clear_filters(self) -> None:
        self.filters = Filters(sort=self.filters.sort)
        self._updating_controls = True
        for select in self.query("#program-filters Select").results(Select):
            if select.id != "filter-sort":
                select.clear()
        self.call_after_refresh(self._controls_done)
        search = self.query_one("#program-search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self.apply_filters()

    def action_near(self) -> None:
        """Only programs within N miles of a city (`core.geo`); an empty city drops the filter."""
        near = self.filters.near
        fields = [
            FormField("city", "City", placeholder="e.g. Houston, TX (empty: anywhere)"),
            FormField("miles", "Within miles", placeholder=str(DEFAULT_MILES)),
        ]
        values = {
            "city": f"{near.place.name}, {near.place.state}" if near else "",
            "miles": str(near.miles) if near else str(DEFAULT_MILES),
        }

        def build(raw: dict[str, Any]) -> tuple[Near | None]:
            city = clean_line(str(raw.get("city") or ""))
            if not city.strip():
                return (None,)
            try:
                place = parse_place(city)
            except PlaceError as error:
                raise ValueError(f"city: {error}") from None
            try:
                miles = parse_miles(str(raw.get("miles") or ""))
            except PlaceError as error:
                raise ValueError(f"miles: {error}") from None
            return (Near(place, miles),)

        def done(result: tuple[Near | None] | None) -> None:
            if result is not None:
                self.filters = self.filters.with_changes(near=result[0])
                self.apply_filters(keep_key=False)

        self.app.push_screen(RecordForm("Programs near a city", fields, values, build), done)

    def action_import_csv(self) -> None:
        def done(imported: bool | None) -> None:
            if imported:
                self.load_catalog()

        self.app.push_screen(ImportScreen(self.imports_path, self.catalog), done)

    def commands(self) -> list[PaneCommand]:
        commands = [
            PaneCommand(
                "Search programs",
                "Type to filter by name, institution or city (/)",
                self.action_focus_search,
            ),
            PaneCommand(
                "Import programs from CSV",
                "Preview, then add programs from a CSV file (i)",
                self.action_import_csv,
            ),
            PaneCommand("Clear program filters", "Show every program again (c)", self.action_clear_filters),
            PaneCommand(
                "Search every specialty",
                "Keep the search text, drop the filters (f)",
                self.action_search_everywhere,
            ),
            PaneCommand(
                "Programs near a city",
                "Only programs within N miles of a city (d)",
                self.action_near,
            ),
            PaneCommand("Change program sort", "Fit, name, state, score gap (s)", self.action_cycle_sort),
            PaneCommand(
                "Edit notes on the highlighted program",
                "Notes kept with the program (n)",
                self.action_notes,
            ),
            PaneCommand(
                "Set your own class for the highlighted program",
                "Cycle reach, target, safety, back to the estimate (o)",
                self.action_cycle_override,
            ),
        ]
        for field, label in MARK_FIELDS.items():
            commands.append(
                PaneCommand(
                    f"Toggle '{label}' on the highlighted program",
                    "Mark the program under the cursor",
                    lambda field=field: self.action_toggle_mark(field),
                )
            )
        return commands


def _flags(mark: ProgramMark | None) -> str:
    if mark is None:
        return ""
    return "".join(
        letter
        for letter, on in (
            ("A", mark.apply),
            ("W", mark.away_candidate),
            ("E", mark.email_target),
            ("X", mark.exclude),
            ("N", bool(mark.notes)),
        )
        if on
    )


def _level(value: float) -> str:
    return "high" if value >= 0.65 else "medium" if value >= 0.4 else "low"


# --- import dialog -------------------------------------------------------------------------------


def preview_text(preview: ImportPreview, plan_text: str) -> Text:
    """The import preview: counts, the first rejected rows with line numbers, notes."""
    text = Text()
    text.append(
        f"{clean_line(preview.source)} — {preview.layout}, separator "
        f"{'tab' if preview.delimiter == chr(9) else repr(preview.delimiter)}\n",
        style="bold",
    )
    text.append(
        f"{preview.rows:,} rows: {len(preview.accepted):,} accepted, "
        f"{preview.rejected_total:,} rejected.\n{plan_text}\n"
    )
    for row in preview.rejected[:REJECTS_SHOWN]:
        text.append(f"  line {row.line}: {clean_line(row.reason)}\n")
    if preview.rejected_total > REJECTS_SHOWN:
        text.append(
            f"  … and {preview.rejected_total - REJECTS_SHOWN:,} more rejected rows "
            "(smartpick programs import FILE --dry-run lists them all)\n"
        )
    for note in preview.notes:
        text.append(f"{clean_line(note)}\n", style="italic")
    return text


class ImportScreen(ModalScreen[bool]):
    """Path → preview (worker) → ctrl+s stores the accepted rows (worker). Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
        Binding("ctrl+s", "confirm", "Import", id="import.confirm"),
    ]

    def __init__(self, imports_path: Path, catalog: Catalog | None) -> None:
        super().__init__()
        self.imports_path = imports_path
        self.catalog = catalog
        self.preview: ImportPreview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-box"):
            yield Static(Content("Import programs from a CSV file"), classes="dialog-title")
            yield Input(placeholder="path to the .csv file, then enter", compact=True, id="import-path")
            yield Static(Content(""), id="import-preview")
            yield Static(
                Content("enter: preview · ctrl+s: import the accepted rows · escape: cancel"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def _say(self, message: str | Text) -> None:
        self.query_one("#import-preview", Static).update(
            message if isinstance(message, Text) else Content(message)
        )

    @on(Input.Submitted, "#import-path")
    def _preview(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self._say("Enter the path of a CSV file.")
            return
        path = Path(raw).expanduser()
        self.preview = None
        self._say(f"Reading {clean_line(raw)}…")
        known = institution_states(self.catalog.programs) if self.catalog else {}
        imports_path = self.imports_path

        def work() -> None:
            from smartpick_tui.tui.import_preview import read_and_plan

            result = read_and_plan(path, known, imports_path)
            if isinstance(result, str):
                self.app.call_from_thread(self._say, result)
            else:
                self.app.call_from_thread(self._show_preview, *result)

        self.run_worker(work, thread=True, exclusive=True, group="import-preview")

    def _show_preview(self, preview: ImportPreview, plan_text: str) -> None:
        self.preview = preview
        text = preview_text(preview, plan_text)
        if preview.accepted:
            text.append("ctrl+s to import the accepted rows.", style="bold")
        else:
            text.append("Nothing to import.", style="bold")
        self._say(text)

    def action_confirm(self) -> None:
        preview = self.preview
        if preview is None or not preview.accepted:
            self._say("Preview a file with accepted rows first (enter in the path field).")
            return
        imports_path = self.imports_path

        def work() -> None:
            from smartpick_tui.store.imports import store_import

            try:
                plan = store_import(imports_path, preview.accepted)
            except StoreError as error:
                self.app.call_from_thread(self._failed, str(error))
                return
            self.app.call_from_thread(self._stored, plan.added, plan.updated)

        self._say("Importing…")
        self.run_worker(work, thread=True, exclusive=True, group="import-store")

    def _failed(self, message: str) -> None:
        self._say(f"Not saved: {message}")
        self.app.notify(f"Not saved: {message}", severity="error", timeout=8, markup=False)

    def _stored(self, added: int, updated: int) -> None:
        self.app.notify(f"Imported: {added:,} added, {updated:,} updated.", markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

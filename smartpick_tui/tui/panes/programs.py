"""The Programs tab: search, filter and sort the catalog; see each program's class and why; mark it.

This module is the tab's controller; the row flags and the detail text are
`widgets.program_detail`, the CSV import dialog `screens.import_csv`, the classified catalog
`services.catalog` (shared with `smartpick programs`). The catalog (shipped + imported) is
loaded, estimated and indexed in a worker thread, so the first frame never waits for it;
re-classing after a profile change runs in the same worker group, so a newer job always
supersedes an older one (`tui.workers`). Searching runs on the UI thread: it takes a few
milliseconds at 50,000 programs (`core.catalog_search`), and the list draws only its visible
rows (`ProgramList`). The filters are one reactive value: assigning it syncs the controls and
re-runs the search (`watch_filters`). Program text comes from files: it is drawn with
`Text`/`Content`, never as markup.

Longer than the ~350 lines a tab module aims at because it is the one controller of the
tab: loading and classing, the filters, twelve keys and the palette commands naming them;
what could stand alone (filter bar, list, detail, dialogs, pipeline) already does.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.lazy import Lazy
from textual.reactive import var
from textual.widgets import Input, Select, Static

from smartpick_tui.core.catalog import Catalog
from smartpick_tui.core.catalog_search import (
    CatalogIndex,
    Filters,
    FitOrders,
    Near,
    SortKey,
    elsewhere_hint,
)
from smartpick_tui.core.names import display_name, names
from smartpick_tui.core.own_figures import OwnFigure
from smartpick_tui.core.peer_invites import PeerSummary
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import all_specialties
from smartpick_tui.core.trackers import ProgramClass, ProgramMark
from smartpick_tui.core.tracks import labelled_name
from smartpick_tui.services import collector
from smartpick_tui.services.catalog import (
    NO_CLASS_HINT,
    FitBasis,
    class_overrides,
    fit_orders,
    indexed_catalog,
    needs_step2,
)
from smartpick_tui.services.peer_invites import peer_summaries
from smartpick_tui.services.reading import read_fit_basis, read_marks
from smartpick_tui.store import StoreError
from smartpick_tui.store.paths import imports_path
from smartpick_tui.tui.keymap import remapped
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.screens.form import FormField, RecordForm
from smartpick_tui.tui.screens.import_csv import ImportScreen
from smartpick_tui.tui.screens.near_city import near_form
from smartpick_tui.tui.screens.own_figures import own_figures_form
from smartpick_tui.tui.widgets.program_detail import MARK_FIELDS, program_detail, row_flags
from smartpick_tui.tui.widgets.program_filters import ProgramFilters
from smartpick_tui.tui.widgets.program_list import ProgramList, ProgramListHeadings, RowView
from smartpick_tui.tui.widgets.search_input import SearchInput, focus_now
from smartpick_tui.tui.workers import post_result


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
        Binding(
            "y",
            "own_figures",
            "Your figures",
            show=False,
            id="programs.own_figures",
            tooltip="Enter your own figures for this program (interview rate, Step 2 cut-off, visa)",
        ),
        Binding("i", "import_csv", "Import", id="programs.import", tooltip="Import programs from a CSV file"),
        Binding("s", "cycle_sort", "Sort", show=False, id="programs.sort"),
        Binding("c", "clear_filters", "Clear filters", show=False, id="programs.clear_filters"),
        Binding(
            "f", "search_everywhere", "Search every specialty", show=False, id="programs.search_everywhere"
        ),
        Binding("d", "near", "Near a city", show=False, id="programs.near"),
    ]

    filters: var[Filters] = var(Filters(), init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog: Catalog | None = None
        self.index: CatalogIndex | None = None
        self.marks: dict[str, ProgramMark] = {}
        self.figures: dict[str, OwnFigure] = {}  # the student's own figures, as last fitted
        self._fit_basis: FitBasis | None = None  # what the shown classes were fitted for
        self._wanted: FitBasis | None = None  # what the newest job fits for
        self._reload_wanted = False  # a job that re-reads the catalog is pending
        self._specialty_names = {s.id: s.name for s in all_specialties()}
        self._specialty_short = {
            s.id: (s.aliases[0] if s.aliases and len(s.name) > 12 else s.name) for s in all_specialties()
        }
        self._hint = ""  # "... 14 in other specialties" while the filters hide search hits
        self._typing = False  # the filters change because the user typed into the search
        self._peers: dict[str, PeerSummary] = {}  # invites reported by others, by program id
        self._detail_shown: Text | None = None  # what the detail line shows for a program

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SearchInput(
            results="#program-list",
            id="program-search",
            placeholder="/ search name, MGH, Hopkins, city (typos ok)",
            on_text=self._search_text,
        )
        # Six selects cost ~80 ms to build: mount them just after the app's first frame.
        yield Lazy(ProgramFilters(id="program-filters"))
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

    # --- loading and classing (one worker group) ----------------------------------------------
    @property
    def imports_path(self) -> Path:
        return imports_path(self.smartpick.db_path)

    def load_catalog(self) -> None:
        """(Re)load shipped + imported programs and class them, off the UI thread."""
        self._classify(reload=True)

    def _classify(self, reload: bool) -> None:
        """Start the job that classes the catalog for the state's basis. It supersedes the
        one in flight; a reload still pending is carried over, never dropped."""
        self._reload_wanted = self._reload_wanted or reload or self.index is None
        try:
            self._wanted = read_fit_basis(self.smartpick.state)
        except StoreError:  # not from a refresh: class for the empty profile; the app says why
            self._wanted = FitBasis(Profile())
        current = None if self._reload_wanted else (self.catalog, self.index)
        self._classify_worker(self._wanted, current)

    @work(thread=True, exclusive=True, group="program-catalog", name="class the catalog")
    def _classify_worker(self, basis: FitBasis, current: tuple[Catalog, CatalogIndex] | None) -> None:
        catalog, index = indexed_catalog(self.imports_path) if current is None else current
        post_result(self.app, self._install, catalog, index, fit_orders(index, basis), basis)

    def _install(self, catalog: Catalog, index: CatalogIndex, orders: FitOrders, basis: FitBasis) -> None:
        """Show the newest job's classes (`post_result` drops a superseded job's)."""
        loaded = index is not self.index
        first = self.index is None
        # Only your own figures changed (you just saved some on the highlighted program): stay
        # on it to see its new class, instead of starting again at the top.
        figures_only = self._fit_basis is not None and replace(self._fit_basis, figures=()) == replace(
            basis, figures=()
        )
        self.catalog, self.index, self._fit_basis = catalog, index, basis
        self.figures = basis.own_figures
        self._reload_wanted = False
        self.marks = read_marks(self.smartpick.state)
        self._peers = self._read_peers()
        index.use_fits(orders, class_overrides(index.programs, self.marks))
        if loaded:
            # The catalog and its index live as long as the app: keep their objects out of the
            # collector's full passes, which otherwise land on keystrokes (1 s at 100,000
            # programs): collected, then frozen, under the terminal app's policy only, once the
            # list is drawn.
            self.call_after_refresh(collector.keep_what_lives)
            for warning in catalog.warnings:
                self.app.notify(warning, severity="warning", timeout=10, markup=False)
        if first:  # the list opens on the profile's specialty
            self.set_reactive(
                ProgramsPane.filters, self.filters.with_changes(specialty=basis.profile.specialty)
            )
            self._sync_controls()
        # New fits reorder the whole list: start again at its top (the best fit when sorted
        # by fit). Keeping the highlighted program left the cursor, and the view, wherever
        # that program fell in the new order (often the bottom).
        self.apply_filters(keep_key=figures_only and not loaded)

    def refresh_from_state(self) -> None:
        if self._wanted is None:
            return  # the first load has not started yet: it reads the state itself
        basis = read_fit_basis(self.smartpick.state)
        if basis != self._wanted:
            self._follow_profile_specialty(self._wanted.profile.specialty, basis.profile.specialty)
            self._classify(reload=False)
        if self.index is None:
            return
        self.marks = read_marks(self.smartpick.state)
        self._peers = self._read_peers()
        self.index.set_overrides(class_overrides(self.index.programs, self.marks))
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

    # --- searching ----------------------------------------------------------------------------
    def watch_filters(self, before: Filters, now: Filters) -> None:
        """Every change of the filters, from a control or an action: the controls show them,
        the list runs the search (a new distance filter starts at the top)."""
        if not (self._typing and before.with_changes(text=now.text) == now):
            self._sync_controls(text=not self._typing)  # (typing changes only the text: ~5 ms a key)
        self.apply_filters(keep_key=before.near == now.near, same_programs=True)

    def _sync_controls(self, text: bool = True) -> None:
        """The selects and the search field show `filters` (without echoing a change back).

        `text=False` while the change came from the search field itself: the field is then the
        source of truth and is never written. Writing an older text back from a change event
        that arrived after later keys scrambled fast typing ("Br Collegeaylo" for "Baylor
        College", docs/pitfalls.md)."""
        with self.prevent(Select.Changed, Input.Changed):
            for bar in self.query(ProgramFilters).results(ProgramFilters):  # none until mounted
                bar.show(self.filters)
            search = self.query_one("#program-search", Input)
            if text and search.value != self.filters.text:
                search.value = self.filters.text

    def apply_filters(self, keep_key: bool = True, same_programs: bool = False) -> None:
        """Run the search and show the result (`same_programs`: only the filters changed, not
        what the programs' rows say, so the list may draw rows as it drew them before)."""
        program_list = self.query_one(ProgramList)
        if self.index is None:
            return
        rows = self.index.search_ranked(self.filters)  # ranked as far as the list reads it
        program_list.set_rows(
            rows,
            keep_key=keep_key,
            specialty_column=self.filters.specialty is None,
            same_programs=same_programs,
        )
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
            text += f" · sort {self.filters.sort.value} · " + (
                f"{NO_CLASS_HINT} (tab 1)" if self._no_classes() else "classes are estimates"
            )
        # fixed-size widgets: skip the layout pass on every keystroke
        self.query_one("#program-status", Static).update(Content(text), layout=False)

    def _no_classes(self) -> bool:
        return self._fit_basis is not None and needs_step2(self._fit_basis.profile)

    def _search_text(self, text: str) -> None:
        """Search for what the field holds now, called by the field itself while it handles
        the key (`SearchInput.on_text`: the result is drawn in the key's own frame; keys typed
        ahead are one search). The field is the source of the text: it is never written back."""
        self._typing = True
        try:
            self.filters = self.filters.with_changes(text=text)
        finally:
            self._typing = False

    @on(ProgramFilters.Changed)
    def _filter_changed(self, event: ProgramFilters.Changed) -> None:
        self.filters = self.filters.with_changes(**{event.field: event.value})

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
            flags=row_flags(mark, program.id in self.figures),
            klass=klass.value if klass else "",
            name=labelled_name(program, known.display),  # opt23: the track, so twins differ
            short=labelled_name(program, known.short, short=True),
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
            self._detail_shown = None
            detail.update(Content(message), layout=False)
            return
        index = self.index
        program = index.programs[key]
        fit = index.fits[key] if index.fits is not None else None
        text = program_detail(
            program,
            index.estimates[key],
            fit,
            index.klass(key),
            self.marks.get(program.id),
            self._specialty_names,
            self.figures.get(program.id),
        )
        peer = self._peers.get(program.id)
        if peer is not None:
            text.append(f"\n{peer.text}", style="italic")
        if text != self._detail_shown:  # the list's Highlighted after a search repeats it
            self._detail_shown = text
            detail.update(text, layout=False)

    def _read_peers(self) -> dict[str, PeerSummary]:
        try:
            return peer_summaries(self.smartpick.db_path)
        except StoreError as error:
            self.notify(str(error), severity="warning", markup=False, timeout=10)
            return {}

    def action_import_peers(self) -> None:
        from smartpick_tui.tui.screens.peer_import import PeerImportScreen

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._import_peers(path)

        self.app.push_screen(PeerImportScreen(), chosen)

    @work(thread=True, exclusive=True, group="programs-peers")
    def _import_peers(self, path: Path) -> None:
        from smartpick_tui.core.peer_invites import PeerFileError
        from smartpick_tui.services.peer_invites import import_peer_file

        try:
            parsed, total = import_peer_file(self.smartpick.db_path, path)
        except (PeerFileError, StoreError) as error:
            post_result(self.app, self._peers_imported, str(error), True)
            return
        message = (
            f"{len(parsed.invites)} reported invitations kept, {len(parsed.rejected)} rejected "
            f"({total} stored): shown on each program's detail line, unverified."
        )
        if parsed.rejected:
            line, why = parsed.rejected[0]
            message += f" First rejected: line {line}: {why}"
        post_result(self.app, self._peers_imported, message, False)

    def _peers_imported(self, message: str, failed: bool) -> None:
        self.notify(message, severity="error" if failed else "information", markup=False, timeout=10)
        self._peers = self._read_peers()
        self._show_detail()

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

    def action_own_figures(self) -> None:
        """Your own figures for the highlighted program (`core.own_figures`): saved field by
        field over what is on disk; all fields empty removes them."""
        program = self.highlighted_program()
        if program is None:
            self.app.notify("No program highlighted.", severity="warning")
            return
        try:
            stored = self.smartpick.state.own_figures()
        except (StoreError, ValueError):
            stored = dict(self.figures)
        base = stored.get(program.id, OwnFigure(program.id))
        name = clean_line(display_name(program))
        self.app.push_screen(own_figures_form(name, base, self.smartpick.save))

    # --- other actions -------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        focus_now(self.query_one("#program-search", Input))

    def action_cycle_sort(self) -> None:
        keys = list(SortKey)
        self.filters = self.filters.with_changes(sort=keys[(keys.index(self.filters.sort) + 1) % len(keys)])

    def action_search_everywhere(self) -> None:
        """Keep the search text, drop every other filter (the hint's "press f")."""
        self.filters = Filters(text=self.filters.text, sort=self.filters.sort)

    def action_clear_filters(self) -> None:
        self.filters = Filters(sort=self.filters.sort)

    def action_near(self) -> None:
        """Only programs within N miles of a city (`core.geo`); an empty city drops the filter."""

        def done(result: tuple[Near | None] | None) -> None:
            if result is not None:
                self.filters = self.filters.with_changes(near=result[0])

        self.app.push_screen(near_form(self.filters.near), done)

    def action_import_csv(self) -> None:
        def done(imported: bool | None) -> None:
            if imported:
                self.load_catalog()

        self.app.push_screen(ImportScreen(self.imports_path), done)

    def commands(self) -> list[PaneCommand]:
        commands = [
            PaneCommand(
                "Import invites reported by others",
                "A CSV of crowd-reported invitation dates (program, date, applicant_type), local only",
                self.action_import_peers,
            ),
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
                "Enter your own figures for the highlighted program",
                "Interview rate, Step 2 CK cut-off, visa policy: they win over the estimate (y)",
                self.action_own_figures,
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
                    partial(self.action_toggle_mark, field),
                )
            )
        return commands

"""The SmartPick tab: build the balanced list, see why each program is on it, accept it.

The list is built in a worker thread (`core.smartpick.run_smartpick`: catalog, fit, list,
what-if, aways, signals), so the UI never waits for it; it is rebuilt whenever the profile,
the list size, a pin/exclusion or a logged away rotation changes, and a newer build supersedes
an older one (`tui.workers.post_result`: a stale list never lands). Every number shown comes
from the model and is labelled an estimate; "how is this computed" lists the assumptions.
Program text comes from files: drawn with `Text`/`Content`, never as markup. The tables and
texts are drawn by `widgets.smartpick_views`; this module is the controller (state -> build,
ten keys and their palette commands), a little over the ~350 lines a tab module aims at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, DataTable, Static
from textual.widgets.data_table import ColumnKey

from smartpick_tui.core.catalog import Catalog, cached_catalog
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.names import display_name
from smartpick_tui.core.own_figures import OwnFigure
from smartpick_tui.core.profile import Profile, ProfileError
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.smartpick import SmartPick, run_smartpick
from smartpick_tui.core.smartpick.engine import MAX_LIST
from smartpick_tui.core.smartpick.signals import load_signals
from smartpick_tui.core.trackers import Away, ProgramMark
from smartpick_tui.core.tracks import labelled_name
from smartpick_tui.services import collector
from smartpick_tui.services.charts import PickCharts
from smartpick_tui.services.reading import read_marks, read_own_figures
from smartpick_tui.store import State, StoreError
from smartpick_tui.store.paths import imports_path
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.widgets.record_table import KeyTable
from smartpick_tui.tui.widgets.search_input import focus_now
from smartpick_tui.tui.widgets.smartpick_views import (
    add_columns,
    detail_text,
    explain_text,
    fill_aways,
    fill_picks,
    fill_signals,
    summary_lines,
)
from smartpick_tui.tui.workers import post_result

VIEWS = ("picks", "aways", "signals", "explain")
VIEW_TITLES = {
    "picks": "List",
    "aways": "Away candidates",
    "signals": "Signals",
    "explain": "How is this computed",
}
SIZE_STEP = 5
# The program column takes the room the other columns leave (a new user's walk found: at 120 columns
# it stayed 46 wide); never narrower than this. SCROLLBAR: the vertical one, when rows overflow.
NAME_MIN, SCROLLBAR = 20, 2


@dataclass(frozen=True)
class Basis:
    """Everything a build depends on; a new basis means a rebuild."""

    profile: Profile
    n: int | None
    pins: frozenset[str]
    excluded: frozenset[str]
    overrides: frozenset[tuple[str, str]]
    aways: tuple[tuple[str, str], ...]
    imports_mtime: float | None
    away_marks: frozenset[str] = frozenset()  # the user's away candidates (listed first)
    interviews: tuple[tuple[str, str], ...] = ()
    figures: tuple[OwnFigure, ...] = ()  # the student's own per-program figures


class SmartPickPane(Pane):
    PANE_ID = "smartpick"
    TITLE = "SmartPick"
    KEY = "3"

    BINDINGS = [
        Binding(
            "r",
            "rebuild",
            "Rebuild",
            id="smartpick.rebuild",
            tooltip="Build the list again",
        ),
        Binding(
            "a",
            "accept",
            "Accept",
            id="smartpick.accept",
            tooltip="Picks become apply marks, away candidates away marks",
        ),
        Binding("p", "pin", "Pin", id="smartpick.pin", tooltip="Pin the highlighted program into the list"),
        Binding(
            "x",
            "exclude",
            "Exclude",
            id="smartpick.exclude",
            tooltip="Exclude the highlighted program (u undoes)",
        ),
        Binding("u", "undo_exclude", "Undo exclude", show=False, id="smartpick.undo_exclude"),
        Binding("v", "next_view", "View", id="smartpick.view", tooltip="Next view of the list"),
        Binding(
            "e",
            "explain",
            "Explain",
            id="smartpick.explain",
            tooltip="Show / hide why each program was picked",
        ),
        Binding(
            "plus,equals_sign",
            "resize(1)",
            "+5",
            key_display="+",
            id="smartpick.grow",
            tooltip="Five more programs",
        ),
        Binding(
            "minus", "resize(-1)", "-5", key_display="-", id="smartpick.shrink", tooltip="Five fewer programs"
        ),
        Binding("backspace", "reset_size", "Article size", show=False, id="smartpick.reset_size"),
        Binding(
            "g",
            "charts",
            "Pictures",
            id="smartpick.charts",
            tooltip="Interviews to expect (with the FAQ 5 band) and the match chance by list length",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result: SmartPick | None = None
        self.n: int | None = None  # None: the article's number for the specialty
        self._basis: Basis | None = None
        self.view = "picks"
        # (program id, name, the mark fields an exclusion changed, as they were): what `u` puts back
        self._undo: list[tuple[str, str, dict[str, bool]]] = []
        # The catalog and specialty whose long-lived objects (the catalog, the specialty's facts)
        # were last taken out of the collector's full passes (`_keep_what_lives`).
        self._kept: tuple[Catalog, str] | None = None
        self._explained = ""  # the "how is this computed" text shown
        # Views whose content predates the newest result: each is filled when it is shown
        # (`_set_view`), so a rebuild fills, measures and draws one table, not three.
        self._stale: set[str] = set()

    # --- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Content("SmartPick: waiting for the profile…"), id="sp-summary")
        with ContentSwitcher(initial="sp-picks", id="sp-views"):
            # KeyTable: j/k move here as in every list (widgets/table_keys.py)
            yield KeyTable(id="sp-picks", cursor_type="row", zebra_stripes=True)
            yield KeyTable(id="sp-aways", cursor_type="row")
            yield KeyTable(id="sp-signals", cursor_type="row")
            with VerticalScroll(id="sp-explain"):
                yield Static(Content(""), id="sp-explain-text")
        yield Static(Content(""), id="sp-detail")

    def on_mount(self) -> None:
        add_columns(
            self.query_one("#sp-picks", DataTable),
            self.query_one("#sp-aways", DataTable),
            self.query_one("#sp-signals", DataTable),
            NAME_MIN,
        )

    def focus_main(self) -> None:
        # at once: "3jjx" typed ahead must move and exclude in the table
        focus_now(self.query_one("#sp-explain") if self.view == "explain" else self._table())

    # --- state -> build ------------------------------------------------------------------------
    @property
    def imports_path(self) -> Path:
        return imports_path(self.smartpick.db_path)

    def _read_basis(self) -> tuple[Basis, dict[str, ProgramMark], list[Away], list[Interview]] | None:
        try:
            state = self.smartpick.state
            profile, marks, aways = state.profile(), state.marks(), state.aways()
            interviews = state.interviews()
        except (StoreError, ValueError) as error:
            self._summary(f"SmartPick could not read your state: {error}")
            return None
        try:
            mtime: float | None = self.imports_path.stat().st_mtime
        except OSError:
            mtime = None
        basis = Basis(
            profile=profile,
            n=self.n,
            pins=frozenset(m.program_id for m in marks.values() if m.pinned),
            excluded=frozenset(m.program_id for m in marks.values() if m.exclude),
            overrides=frozenset(
                (m.program_id, m.class_override.value) for m in marks.values() if m.class_override is not None
            ),
            aways=tuple(sorted((a.program_id or "", a.status.value) for a in aways)),
            imports_mtime=mtime,
            away_marks=frozenset(m.program_id for m in marks.values() if m.away_candidate),
            interviews=tuple(sorted((i.program_id or "", i.status.value) for i in interviews)),
            figures=tuple(read_own_figures(state).values()),
        )
        return basis, marks, aways, interviews

    def refresh_from_state(self) -> None:
        read = self._read_basis()
        if read is None:
            return
        basis, marks, aways, interviews = read
        if basis == self._basis:
            self._draw()  # marks such as "apply" may have changed: redraw the pins/labels
            return
        self._basis = basis
        if basis.profile.step2 is None and basis.profile.comlex2 is None:
            self.result = None
            self._summary(
                "Enter your Step 2 CK (or COMLEX Level 2-CE) on the Profile tab (1) to build your list."
            )
            self._draw()
            return
        self._summary("Building your list… (estimates)")
        self.build(basis, marks, aways, interviews)

    @work(thread=True, exclusive=True, group="smartpick-build", name="SmartPick build")
    def build(
        self,
        basis: Basis,
        marks: dict[str, ProgramMark],
        aways: list[Away],
        interviews: list[Interview],
    ) -> None:
        """Catalog (cached until the imports file changes), then the whole SmartPick run."""
        # No freeze here, in a worker: `_install` asks for one on the UI thread (services.collector)
        catalog = cached_catalog(self.imports_path)
        try:
            result: SmartPick | str = run_smartpick(
                basis.profile,
                catalog.programs,
                marks=marks,
                aways=aways,
                interviews=interviews,
                n=basis.n,
                signal_table=load_signals(),
                own_figures={figure.program_id: figure for figure in basis.figures},
            )
        except (ProfileError, ValueError) as error:
            result = f"SmartPick cannot build a list: {error}"
        post_result(self.app, self._install, result, catalog)

    def _install(self, result: SmartPick | str, catalog: Catalog) -> None:
        """Show the newest build (`post_result` drops a superseded one)."""
        for warning in catalog.warnings:
            self.app.notify(warning, severity="warning", timeout=10, markup=False)
        if isinstance(result, str):
            self.result = None
            self._summary(result)
        else:
            self.result = result
            self._summary_for(result)
        self._draw()
        if isinstance(result, SmartPick) and not catalog.warnings:  # (one with warnings is not kept)
            self._keep_what_lives(catalog, result.diagnosis.specialty.id)

    def _keep_what_lives(self, catalog: Catalog, specialty: str) -> None:
        """The first list from a catalog (or for a specialty) made objects that live as long as
        the catalog: the catalog itself and the specialty's facts (`core.smartpick.engine`).
        Once the list is drawn, collect and freeze them (`services.collector`, a no-op unless
        the terminal app turned the policy on): the later rebuilds' full collections then no
        longer visit them (they cost 16-114 ms a pass at 10,000 programs, issue 26)."""
        kept = self._kept
        if kept is not None and kept[0] is catalog and kept[1] == specialty:
            return
        self._kept = (catalog, specialty)
        self.call_after_refresh(collector.keep_what_lives)

    # --- drawing -------------------------------------------------------------------------------
    def _summary(self, text: str) -> None:
        # No layout pass: the summary is 3 lines high whatever it says (app.tcss), and a layout
        # pass repaints the whole tab; "Building your list…" then cost ~12 ms of the UI thread
        # in the middle of every rebuild, taken from the build's worker (one GIL, issue 26).
        self.query_one("#sp-summary", Static).update(Content(text), layout=False)

    def _summary_for(self, r: SmartPick) -> None:
        self._summary("\n".join(summary_lines(r, chosen_size=self.n is not None)))

    def _draw(self) -> None:
        """Show `self.result` in the view on screen; the other views are filled when shown:
        a hidden table's rows cost as much to add and measure as a shown one's (at 10,000
        programs the away and signal tables were ~1/3 of the UI thread's work after a
        rebuild, issue 26)."""
        self._stale = set(VIEWS)
        self._fill(self.view)
        self._show_detail()

    def _fill(self, view: str) -> None:
        """Fill `view` from `self.result` unless it already shows it."""
        if view not in self._stale:
            return
        self._stale.discard(view)
        r = self.result
        if view == "explain":
            explain = explain_text(r)
            if explain != self._explained:  # mostly the same list after list: no layout pass for it
                self._explained = explain
                self.query_one("#sp-explain-text", Static).update(Content(explain))
            return
        table = self.query_one(f"#sp-{view}", DataTable)
        if view == "picks":
            fill_picks(table, r, self._marks(), self._name_width(table))
        elif view == "aways":
            fill_aways(table, r, self._name_width(table))
        else:
            fill_signals(table, r, self._name_width(table))

    def _name_width(self, table: DataTable[Any]) -> int:
        """Size the table's program column to the window (all views share the pane's width:
        a hidden table has none of its own) and return it."""
        column = table.columns[ColumnKey("name")]
        others = sum(
            c.width + 2 * table.cell_padding for key, c in table.columns.items() if key != column.key
        )
        room = self.query_one("#sp-views", ContentSwitcher).size.width
        width = max(NAME_MIN, room - SCROLLBAR - others - 2 * table.cell_padding)
        if column.width != width:
            column.width = width
            table.refresh()
        return width

    def on_resize(self) -> None:
        if self.result is not None:
            self._draw()

    def _marks(self) -> dict[str, ProgramMark]:
        return read_marks(self.smartpick.state)

    def _table(self) -> DataTable[Any]:
        return self.query_one(f"#sp-{self.view if self.view != 'explain' else 'picks'}", DataTable)

    def _highlighted_id(self) -> str | None:
        if self.view == "explain":
            return None
        table = self._table()
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def _show_detail(self) -> None:
        r = self.result
        text = "" if r is None else detail_text(r, self.view, self._highlighted_id())
        self.query_one("#sp-detail", Static).update(Content(text), layout=False)  # 3 lines high (app.tcss)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._show_detail()

    # --- actions -------------------------------------------------------------------------------
    def _set_view(self, view: str) -> None:
        self._fill(view)
        self.view = view
        self.query_one("#sp-views", ContentSwitcher).current = f"sp-{view}"
        self.focus_main()
        self._show_detail()
        self.app.notify(f"SmartPick: {VIEW_TITLES[view]}", timeout=2, markup=False)

    def action_next_view(self) -> None:
        self._set_view(VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)])

    def action_explain(self) -> None:
        self._set_view("picks" if self.view == "explain" else "explain")

    def action_charts(self) -> None:
        """The list's pictures: built in a worker (the other lengths are whole builds)."""
        read = self._read_basis()
        if self.result is None or read is None:
            self.notify("No list yet: enter your Step 2 CK on the Profile tab (1).", severity="warning")
            return
        _basis, marks, aways, interviews = read
        self.notify("Drawing your list's pictures…", timeout=2)
        self._build_charts(self.result, marks, aways, interviews)

    @work(thread=True, exclusive=True, group="smartpick-charts")
    def _build_charts(
        self, result: SmartPick, marks: dict[str, ProgramMark], aways: list[Away], interviews: list[Interview]
    ) -> None:
        from smartpick_tui.services.charts import pick_charts

        catalog = cached_catalog(self.imports_path)
        charts = pick_charts(
            result,
            result.diagnosis.profile,
            catalog.programs,
            marks=marks,
            aways=aways,
            interviews=interviews,
            signal_table=load_signals(),
        )
        post_result(self.app, self._show_charts, charts)

    def _show_charts(self, charts: PickCharts) -> None:
        from smartpick_tui.tui.screens.charts import ChartsScreen

        self.app.push_screen(ChartsScreen(charts))

    def action_rebuild(self) -> None:
        self._basis = None
        self.refresh_from_state()

    def action_resize(self, direction: int) -> None:
        current = self.n if self.n is not None else (self.result.n if self.result is not None else None)
        if current is None:
            return
        self.n = min(MAX_LIST, max(1, current + direction * SIZE_STEP))
        self.refresh_from_state()

    def action_reset_size(self) -> None:
        self.n = None
        self.refresh_from_state()

    def action_accept(self) -> None:
        """Picks -> "apply" marks; away candidates -> "away candidate" marks (one save)."""
        r = self.result
        if r is None:
            return
        if self.view == "aways":
            ids, field, what = [a.program.id for a in r.aways], "away_candidate", "away candidates"
        else:
            ids, field, what = [p.program.id for p in r.picks], "apply", "to apply"

        def change(state: State) -> None:
            def each(s: State) -> None:
                for program_id in ids:
                    s.set_mark(s.mark(program_id).with_changes(**{field: True}))

            state.update(each)

        self.smartpick.save(change, done=f"Marked {len(ids)} programs {what}.")

    def _toggle(self, pin: bool) -> None:
        program_id = self._highlighted_id()
        if program_id is None:
            return
        try:
            mark = self.smartpick.state.mark(program_id)
        except (StoreError, ValueError) as error:
            self.app.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        name = self._program_name(program_id)
        before: dict[str, bool] | None = None  # set for an exclusion: what `u` restores
        if pin:
            changes = {"pinned": not mark.pinned, "exclude": False}
            done = f"Pinned {name}: always on your list." if changes["pinned"] else f"Unpinned {name}."
        else:
            changes = {"exclude": True, "pinned": False, "apply": False}
            before = {"exclude": mark.exclude, "pinned": mark.pinned, "apply": mark.apply}
            done = f"Excluded {name}: never on your list (u undoes it)."
        if (
            self.smartpick.save(lambda state: state.patch_mark(program_id, **changes), done=done)
            and before is not None
        ):
            self._undo.append((program_id, name, before))

    def _program_name(self, program_id: str) -> str:
        """The highlighted program's name as the table shows it (said in the toasts, so the
        user sees which program a key acted on)."""
        r = self.result
        programs = (
            []
            if r is None
            else [p.program for p in r.picks]
            + [a.program for a in r.aways]
            + [s.program for s in r.signals.suggestions]
        )
        found = next((p for p in programs if p.id == program_id), None)
        return clean_line(labelled_name(found, display_name(found))) if found is not None else program_id

    def action_pin(self) -> None:
        self._toggle(pin=True)

    def action_exclude(self) -> None:
        self._toggle(pin=False)

    def action_undo_exclude(self) -> None:
        """Put back the last exclusion made here, with the pin and "apply" it took away."""
        if not self._undo:
            self.app.notify("Nothing to undo: no program was excluded here.", markup=False)
            return
        program_id, name, before = self._undo[-1]
        if self.smartpick.save(
            lambda state: state.patch_mark(program_id, **before),
            done=f"Exclusion undone: {name} is back in the running.",
        ):
            self._undo.pop()

    def commands(self) -> list[PaneCommand]:
        return [
            PaneCommand(
                "SmartPick: rebuild the list",
                "Build the balanced list again (r)",
                self.action_rebuild,
            ),
            PaneCommand(
                "SmartPick: pictures",
                "Interviews to expect with the FAQ 5 band, match chance by list length (g)",
                self.action_charts,
            ),
            PaneCommand(
                "SmartPick: accept the list",
                "Mark every pick 'apply' (a on the list; on the away view, mark the away candidates)",
                self.action_accept,
            ),
            PaneCommand(
                "SmartPick: how is this computed",
                "The assumptions behind every estimate (e)",
                lambda: self._set_view("explain"),
            ),
            PaneCommand(
                "SmartPick: away candidates",
                "Programs ranked by the §4 criteria",
                lambda: self._set_view("aways"),
            ),
            PaneCommand(
                "SmartPick: where to send signals",
                "Signal suggestions for your specialty's current cycle",
                lambda: self._set_view("signals"),
            ),
            PaneCommand(
                "SmartPick: pin the highlighted program",
                "Always keep it on the list (p)",
                self.action_pin,
            ),
            PaneCommand(
                "SmartPick: exclude the highlighted program",
                "Never put it on the list (x)",
                self.action_exclude,
            ),
            PaneCommand(
                "SmartPick: undo the last exclusion",
                "Put the program back, with its pin and 'apply' mark (u)",
                self.action_undo_exclude,
            ),
            PaneCommand(
                "SmartPick: 5 more programs",
                "Grow the list by 5 (+)",
                lambda: self.action_resize(1),
            ),
            PaneCommand(
                "SmartPick: 5 fewer programs",
                "Shrink the list by 5 (-)",
                lambda: self.action_resize(-1),
            ),
            PaneCommand(
                "SmartPick: the article's list size",
                "Back to the recommended number (backspace)",
                self.action_reset_size,
            ),
        ]

"""The rank order list, opened from the Interviews tab (r): §10 step 8 "rank list with a solid
safety net".

The completed interviews in the user's order; K/J (or shift+up/down) move the highlighted
program, s sorts by the weighted ratings, w edits the criteria weights, x writes a CSV beside
the state file. Every move is one locked write over the order on disk (`State.move_in_rank`).
The safety-net check under the list says what it compares and where each figure comes from;
the program classes (estimates) are computed in a thread from the catalog and the fit model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.interviews import COUNTED, Interview, InterviewStatus, weighted_score
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rank import NRMP_RULE, RANK_SOURCE, interview_classes, rank_csv, safety_net
from smartpick_tui.core.trackers import ProgramClass, ProgramMark
from smartpick_tui.services.reading import read_profile, read_ranked
from smartpick_tui.store import StoreError
from smartpick_tui.store.atomic import atomic_write_text
from smartpick_tui.store.imports import imports_path
from smartpick_tui.store.paths import describe
from smartpick_tui.tui.widgets.record_table import RecordTable, cell
from smartpick_tui.tui.workers import post_result

if TYPE_CHECKING:
    from smartpick_tui.tui.app import SmartPickApp

EXPORTS_DIR = "exports"
DISK_POLL_S = 1.0  # as the app's own poll (`tui.app.DISK_POLL_S`)
CLASS_STYLE = {ProgramClass.SAFETY: "green", ProgramClass.REACH: "yellow"}


class RankScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    RankScreen { background: $background; }
    RankScreen #rank-body { width: 100%; height: 100%; background: $surface; }
    RankScreen #rank-title { height: 1; padding: 0 1; text-style: bold; color: $accent; }
    RankScreen #rank-rule { height: auto; padding: 0 1; color: $text-muted; }
    RankScreen RecordTable { height: 1fr; }
    RankScreen #rank-check-scroll { height: auto; max-height: 10; padding: 0 1; }
    RankScreen #rank-check { height: auto; }
    """

    BINDINGS = [
        Binding("escape,r", "close", "Back", id="rank.back"),
        Binding("K,shift+up", "move(-1)", "Move up", id="rank.move_up"),
        Binding("J,shift+down", "move(1)", "Move down", id="rank.move_down"),
        Binding("s", "sort", "Sort by score", id="rank.sort"),
        Binding("w", "weights", "Weights", id="rank.weights"),
        Binding("x", "export", "Export CSV", id="rank.export"),
    ]

    def __init__(self, edit_criteria: Callable[[], None]) -> None:
        super().__init__()
        self.edit_criteria = edit_criteria  # the Interviews tab's criteria form
        self._ranked: list[Interview] = []
        self._program_classes: dict[str, ProgramClass | None] | None = None
        self._classified_for: object = None
        self._seen: object = None  # what the list was drawn from, for `_poll`

    @property
    def smartpick(self) -> SmartPickApp:
        return cast("SmartPickApp", self.app)

    def compose(self) -> ComposeResult:
        # Modal (full size), so the tab keys and the palette do not act on the tabs behind it.
        with Vertical(id="rank-body"):
            yield Static(
                "Rank order list — completed interviews, your first choice first",
                id="rank-title",
                markup=False,
            )
            yield Static(NRMP_RULE, id="rank-rule", markup=False)
            yield RecordTable(
                (("#", 2), ("Program", 30), ("Class", 7), ("Score", 5), ("Date", 10)),
                stretch="Program",
                id="rank-table",
            )
            with VerticalScroll(id="rank-check-scroll"):
                yield Static(id="rank-check")
            yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(RecordTable).focus()
        # The app's disk poll redraws the tabs, not this screen: look for another session's
        # change (a move, a new completed interview, new weights) as often as it does.
        self.set_interval(DISK_POLL_S, self._poll)

    def _poll(self) -> None:
        state = self.smartpick.state
        try:
            seen = (tuple(state.ranked_interviews()), state.criteria())
        except (StoreError, ValueError):  # the tabs behind say what is wrong with the file
            return
        if seen != self._seen:
            self.refresh_list()

    def _profile(self) -> Profile:
        return read_profile(self.smartpick.state)

    def refresh_list(self) -> None:
        state = self.smartpick.state
        interviews = state.interviews()
        self._ranked = read_ranked(state)
        criteria = state.criteria()
        self._seen = (tuple(self._ranked), criteria)
        rows = []
        for rank, interview in enumerate(self._ranked, start=1):
            klass = (self._program_classes or {}).get(interview.id)
            score = weighted_score(interview, criteria)
            rows.append(
                (
                    interview.id,
                    [
                        cell(rank),
                        cell(interview.program_name),
                        cell(
                            klass.value if klass else "?",
                            CLASS_STYLE.get(klass, "") if klass else "dim",
                        ),
                        cell("" if score is None else f"{score:.1f}"),
                        cell(interview.scheduled_for),
                    ],
                )
            )
        self.query_one(RecordTable).fill(rows)
        profile = self._profile()
        key = (
            profile,
            tuple((i.id, i.program_id) for i in self._ranked),
            tuple(state.marks().items()),
        )
        if key != self._classified_for:
            self._classified_for = key
            self._classify(profile, list(self._ranked), dict(state.marks()))
        pending = sum(i.status in COUNTED and i.status is not InterviewStatus.COMPLETED for i in interviews)
        net = safety_net(profile, self._ranked, self._program_classes, pending)
        lines = [Content.styled(f"Safety net ({RANK_SOURCE})", "bold $accent")]
        lines += [Content.assemble(("⚠ ", "bold $warning"), warning) for warning in net.warnings]
        lines += [Content.styled(line, "$text-muted") for line in net.lines]
        if not self._ranked:
            lines.insert(
                1,
                Content.styled(
                    "No completed interview yet: mark an interview completed "
                    "in the Interviews tab and it joins this list.",
                    "italic",
                ),
            )
        self.query_one("#rank-check", Static).update(Content("\n").join(lines))

    @work(thread=True, exclusive=True, group="rank-classes")
    def _classify(
        self, profile: Profile, ranked_list: list[Interview], marks: dict[str, ProgramMark]
    ) -> None:
        catalog = cached_catalog(imports_path(self.smartpick.db_path))
        classes = interview_classes(profile, ranked_list, marks, catalog.by_id)
        post_result(self.app, self._classes_ready, classes)

    def _classes_ready(self, classes: dict[str, ProgramClass | None] | None) -> None:
        if classes != self._program_classes:
            self._program_classes = classes
            self.refresh_list()

    @property
    def _selected_id(self) -> str | None:
        return self.query_one(RecordTable).selected_key

    def action_move(self, delta: int) -> None:
        interview_id = self._selected_id
        if interview_id is None:
            return
        if self.smartpick.save(lambda state: state.move_in_rank(interview_id, delta)):
            self.refresh_list()
            ids = [interview.id for interview in self._ranked]
            if interview_id in ids:
                self.query_one(RecordTable).move_cursor(row=ids.index(interview_id))

    def action_sort(self) -> None:
        if self.smartpick.save(
            lambda state: state.sort_rank_by_score(),
            "Sorted by your weighted ratings (unrated programs last); move any program with K/J.",
        ):
            self.refresh_list()

    def action_weights(self) -> None:
        self.edit_criteria()

    def on_screen_resume(self) -> None:
        self.refresh_list()  # back from the weights form

    def action_export(self) -> None:
        state = self.smartpick.state
        text = rank_csv(self._ranked, state.criteria(), self._program_classes)
        target = (
            self.smartpick.db_path.parent
            / EXPORTS_DIR
            / f"rank-list-{self.smartpick.today().isoformat()}.csv"
        )
        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write_text(target, text)
        except OSError as error:
            self.notify(f"Not exported: {describe(error)}", severity="error", markup=False)
            return
        self.notify(f"Exported {len(self._ranked)} ranks to {target}", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

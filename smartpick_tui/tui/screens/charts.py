"""SmartPick's pictures (`g` on SmartPick): how many interviews the list may bring, with the
FAQ 5 target band, and the match chance against the list's length. Block characters
(`core.charts`), so they draw the same at 80×24, over SSH and in the browser; escape closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from smartpick_tui.core.charts import interview_chart, size_chart
from smartpick_tui.services.charts import PickCharts

CHART_HEIGHT = 6


def charts_content(charts: PickCharts, width: int) -> Content:
    low, high = charts.band
    inside = sum(mass for k, mass in enumerate(charts.pmf) if k >= low)
    lines = [
        Content.styled(f"Interviews from your {charts.n} programs (estimate)", "bold $accent"),
        *(
            Content.styled(line, "$primary")
            for line in interview_chart(charts.pmf, charts.band, width, CHART_HEIGHT)
        ),
        Content.styled(
            f"▀ under the axis: FAQ 5 target {low}-{high} for {charts.specialty} · "
            f"chance of {low} or more: {round(inside * 100)}%",
            "$text-muted",
        ),
        Content(""),
        Content.styled("Match chance by number of programs (estimate)", "bold $accent"),
        *(Content(line) for line in size_chart(charts.by_size, charts.n, width)),
        Content.styled("+ / - on SmartPick change the list's length", "$text-muted"),
    ]
    return Content("\n").join(lines)


class ChartsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,g,q", "close", "Close", id="charts.close")]
    DEFAULT_CSS = """
    ChartsScreen #charts-box { width: 100%; max-width: 100; height: auto; max-height: 100%; }
    """

    def __init__(self, charts: PickCharts) -> None:
        super().__init__()
        self.charts = charts

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="charts-box"):
            yield Static(id="charts-text")
            yield Static("escape: close", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = max(30, min(self.size.width, 100) - 10)  # the dialog's border and padding
        self.query_one("#charts-text", Static).update(charts_content(self.charts, width))

    def action_close(self) -> None:
        self.dismiss(None)

"""Pictures (issue: students would rather look than read): the block-character charts of
core.charts, SmartPick's `g` screen (Pilot, and a snapshot at 80×24 on fixed figures), and the
season bar of the Plan tab."""

from __future__ import annotations

from datetime import date

from tui_helpers import SMALL, settle

from smartpick_tui.core.calendar import Event
from smartpick_tui.core.charts import (
    Column,
    horizontal_bar,
    interview_chart,
    season_legend,
    season_line,
    size_chart,
    vertical_bars,
)
from smartpick_tui.services.charts import PickCharts
from smartpick_tui.tui.screens.charts import ChartsScreen

FIXED = PickCharts(
    pmf=(0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.13, 0.12, 0.1, 0.08, 0.06, 0.04, 0.02, 0.01, 0.01),
    band=(12, 15),
    n=40,
    match_estimate=0.81,
    by_size=((20, 0.54), (30, 0.71), (40, 0.81), (50, 0.87), (60, 0.91), (80, 0.95)),
    specialty="Internal Medicine",
)


def test_vertical_bars_scale_to_the_tallest_with_eighths() -> None:
    rows = vertical_bars([Column(1.0, "a", False), Column(0.5, "b", False), Column(0.0625, "c", False)], 2)
    assert rows == ["█  ", "██▁"]


def test_the_interview_chart_marks_the_band_and_labels_every_fifth_count() -> None:
    lines = interview_chart(FIXED.pmf, FIXED.band, width=80, height=4)
    marks, axis = lines[-2], lines[-1]
    assert marks.index("▀") == 12 * 2 and marks.count("▀") == 4 * 2  # two cells a count at 80 wide
    assert axis.startswith("0         5         10        15")
    narrow = interview_chart(FIXED.pmf, FIXED.band, width=30, height=4)
    assert narrow[-2].index("▀") == 12  # one cell a count when two do not fit


def test_bars_and_the_size_chart() -> None:
    assert horizontal_bar(0.5, 8) == "████    " and horizontal_bar(1.5, 4) == "████"
    assert horizontal_bar(0.0625, 8) == "▌       "
    assert horizontal_bar(0.499, 8) == "████    "  # 3.992 cells: the last one rounds up, not past PARTIAL
    assert all(len(horizontal_bar(i / 1000, 37)) == 37 for i in range(1001))
    lines = size_chart(FIXED.by_size, 40, 60)
    assert lines[2].endswith(" 81% ◀ your list") and all(len(line) <= 60 for line in lines)


def test_the_season_bar_places_letters_by_date_and_ends_at_match_day() -> None:
    today = date(2027, 1, 1)
    events = [
        Event("rol-deadline", date(2027, 2, 24), "rank list", "estimated", ""),
        Event("match-week", date(2027, 3, 15), "Match Week", "estimated", ""),
        Event("interview-x", date(2027, 1, 10), "Interview: X", "your entry", ""),
        Event("match-day", date(2027, 3, 19), "Match Day", "estimated", ""),
    ]
    line = season_line(events, today, 77)
    bar = line.removeprefix("today ").removesuffix(" Mar 19")
    at = {mark: round(days / 77 * 76) for mark, days in (("•", 9), ("L", 54), ("W", 73))}  # 77 days to go
    assert len(bar) == 77 and all(bar.index(mark) == place for mark, place in at.items())
    assert season_legend(events, today) == "L rank list due Feb 24 · W Match Week Mar 15 · • interview Jan 10"
    assert season_line(events, date(2027, 3, 20), 77) == ""  # after Match Day: no bar


def test_charts_screen_80x24(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def open_charts(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.app.push_screen(ChartsScreen(FIXED))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=open_charts)


async def test_g_on_smartpick_draws_the_lists_pictures(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, ChartsScreen)
        charts = app.screen.charts
        pane_result = app.query_one("#smartpick").result
        assert charts.n == pane_result.n and charts.match_estimate == pane_result.match_estimate
        assert abs(sum(charts.pmf) - 1) < 1e-9
        assert [n for n, _ in charts.by_size] == [charts.n + step for step in (-20, -10, 0, 10, 20, 40)]
        estimates = [p for _, p in charts.by_size]
        assert estimates == sorted(estimates)  # more programs never lower the estimate
        shown = str(app.screen.query_one("#charts-text").render())
        assert "FAQ 5 target" in shown and "◀ your list" in shown

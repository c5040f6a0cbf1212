"""Pictures drawn with block characters, for the places where students would rather look than
read: how many interviews a list may bring (with the FAQ 5 target band), the match chance
against the list's length (the curve the "±10 programs" line samples), and the season as one
bar from today to Match Day.

Plain text, so the same picture works in a terminal at 80×24, over SSH, in the browser mode and
in a snapshot test; no plotting library (none fitted the speed budget and the look of the app).
Each function returns lines; a cell is one character wide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

EIGHTHS = " ▁▂▃▄▅▆▇█"
FULL = "█"
PARTIAL = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True)
class Column:
    """One bar of a vertical chart: its height (0..1 of the tallest), its label, in the band?"""

    value: float
    label: str
    in_band: bool


def vertical_bars(columns: Sequence[Column], height: int) -> list[str]:
    """Rows top to bottom, one character per column, eighth blocks for the top of each bar."""
    top = max((c.value for c in columns), default=0.0) or 1.0
    rows = []
    for row in range(height, 0, -1):
        line = []
        for column in columns:
            fill = column.value / top * height - (row - 1)
            line.append(FULL if fill >= 1 else EIGHTHS[max(0, min(8, round(fill * 8)))])
        rows.append("".join(line))
    return rows


def interview_chart(pmf: Sequence[float], band: tuple[int, int], width: int, height: int = 6) -> list[str]:
    """The distribution of the number of interviews: one column per count (two when the width
    allows), the FAQ 5 target band marked under the axis, the count every five."""
    last = max((k for k, mass in enumerate(pmf) if mass >= 0.002), default=0)
    last = max(last, band[1])
    counts = range(0, last + 1)
    per = 2 if len(counts) * 2 + 8 <= width else 1
    columns = [Column(pmf[k] if k < len(pmf) else 0.0, str(k), band[0] <= k <= band[1]) for k in counts]
    bars = vertical_bars(columns, height)
    lines = [("".join(cell * per for cell in row)).rstrip() for row in bars]
    marks = "".join(("▀" if c.in_band else "─") * per for c in columns)
    axis = [" "] * (len(columns) * per)
    for k in counts:
        if k % 5 == 0:
            text = str(k)
            start = k * per
            for offset, char in enumerate(text):
                if start + offset < len(axis):
                    axis[start + offset] = char
    lines += [marks, "".join(axis).rstrip()]
    return lines


def horizontal_bar(value: float, width: int) -> str:
    """A bar of `value` (0..1) in `width` cells, eighth blocks at its end."""
    cells = max(0.0, min(1.0, value)) * width
    whole = int(cells)
    rest = round((cells - whole) * 8)
    if rest == len(PARTIAL):  # rounds up to a whole cell (0.97 of a cell is drawn full)
        whole, rest = whole + 1, 0
    bar = FULL * min(whole, width) + (PARTIAL[rest] if rest and whole < width else "")
    return bar.ljust(width)


def size_chart(points: Sequence[tuple[int, float]], current: int, width: int) -> list[str]:
    """Match chance (estimate) against the number of programs: one row per size, the list's own
    size marked."""
    label_width = max((len(str(n)) for n, _ in points), default=2)
    bar_width = max(10, width - label_width - 19)  # " 100% ◀ your list" after the bar
    lines = []
    for n, chance in points:
        mark = " ◀ your list" if n == current else ""
        lines.append(
            f"{n:>{label_width}} {horizontal_bar(chance, bar_width)} {round(chance * 100):>3}%{mark}"
        )
    return lines


class SeasonEvent(Protocol):
    """What the season bar reads of a calendar event (`core.calendar.Event`)."""

    @property
    def id(self) -> str: ...
    @property
    def day(self) -> date: ...
    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class Milestone:
    day: date
    letter: str  # one character drawn on the bar
    title: str


def season_bar(today: date, end: date, milestones: Sequence[Milestone], width: int) -> list[str]:
    """Today to `end` (Match Day) as one bar: the part already passed, the days left, each
    milestone's letter at its place, then a legend line."""
    span = max(1, (end - today).days)
    cells = ["░"] * width
    for milestone in milestones:
        if today <= milestone.day <= end:
            at = min(width - 1, round((milestone.day - today).days / span * (width - 1)))
            cells[at] = milestone.letter
    bar = "".join(cells)
    legend = " · ".join(
        f"{m.letter} {m.title} {m.day.strftime('%b')} {m.day.day}"
        for m in milestones
        if today <= m.day <= end
    )
    return [f"today {bar} {end.strftime('%b')} {end.day}", legend]


# The season bar's letters (one character each); `season_legend` has the words.
SEASON_LETTERS = {
    "eras-submit": ("S", "applications submitted"),
    "ranking-opens": ("R", "ranking opens"),
    "rol-deadline": ("L", "rank list due"),
    "match-week": ("W", "Match Week"),
}
INTERVIEW_MARK = "•"


def _season_marks(events: Sequence[SeasonEvent]) -> list[Milestone]:
    marks = [Milestone(e.day, *SEASON_LETTERS[e.id]) for e in events if e.id in SEASON_LETTERS]
    return marks + [
        Milestone(e.day, INTERVIEW_MARK, "interview") for e in events if e.id.startswith("interview-")
    ]


def _match_day(events: Sequence[SeasonEvent]) -> date | None:
    return next((e.day for e in events if e.id == "match-day"), None)


def season_line(events: Sequence[SeasonEvent], today: date, width: int) -> str:
    """The season from today to Match Day as one bar ('' once Match Day has passed)."""
    end = _match_day(events)
    if end is None or end <= today:
        return ""
    return season_bar(today, end, _season_marks(events), width)[0]


def season_legend(events: Sequence[SeasonEvent], today: date) -> str:
    """What each letter on the bar stands for, with its date."""
    end = _match_day(events)
    if end is None or end <= today:
        return ""
    return season_bar(today, end, _season_marks(events), 1)[1]

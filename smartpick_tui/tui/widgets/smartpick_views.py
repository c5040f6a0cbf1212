"""What the SmartPick tab draws from a built list: the summary, the three tables (picks, away
candidates, signals), the assumptions, and the line under the table. Every number is the
model's and says so; program text is cleaned and drawn as `Text`/`Content`, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from smartpick_tui.core.names import display_name
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.smartpick import SmartPick
from smartpick_tui.core.smartpick.text import pct, what_if_lines
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.core.tracks import labelled_name


def _name(text: str, width: int | None = None) -> Text:
    """Untrusted catalog text, cleaned and drawn literally."""
    line = clean_line(text)
    return Text(line if width is None or len(line) <= width else line[: width - 1] + "…")


def add_columns(
    picks: DataTable[Any], aways: DataTable[Any], signals: DataTable[Any], name_width: int
) -> None:
    """The three tables' columns; each program column has the key "name", the one the pane
    widens to the window (`SmartPickPane._name_width`)."""
    picks.add_column("Class", width=6, key="class")
    picks.add_column("Chance", width=6, key="p")
    picks.add_column("Program", width=name_width, key="name")
    picks.add_column("St", width=2, key="state")
    picks.add_column("", width=3, key="pin")
    aways.add_column("Score", width=5)
    aways.add_column("Away candidate", width=name_width, key="name")
    aways.add_column("St", width=2)
    signals.add_column("Signal", width=6)
    signals.add_column("Program", width=name_width, key="name")
    signals.add_column("Now → signalled", width=16)


def summary_lines(r: SmartPick, chosen_size: bool) -> tuple[str, str, str]:
    """Specialty and size, match chance and interviews, the what-ifs (`chosen_size`: the
    user set the list size with + / -)."""
    d = r.diagnosis
    low, high = r.interviews_80
    adjusted = d.programs_to_apply_adjusted
    size = (
        "your size"
        if chosen_size
        else f"article: {d.programs_to_apply}"
        if adjusted is None
        else f"article: {d.programs_to_apply}; app's DO/IMG volume: {adjusted.value}"
    )
    return (
        f"{d.specialty.name}: {len(r.picks)} programs ({size}) · every number is an estimate",
        # the target before the range: at 60 columns the line is cut at its end, not its target
        f"Match chance {pct(r.match_estimate)} · {r.expected_interviews:.1f} interviews, "
        f"target {d.interviews} (80%: {low}-{high})",
        " · ".join(what_if_lines(r)),
    )


def explain_text(r: SmartPick | None) -> str:
    if r is None:
        return ""
    return "\n\n".join(
        ["How is this computed (every SmartPick number is an estimate):"]
        + [f"• {line}" for line in r.assumptions]
        + [f"• Note: {note}" for note in r.notes]
    )


def fill_picks(
    table: DataTable[Any], r: SmartPick | None, marks: Mapping[str, ProgramMark], name_width: int
) -> None:
    """The picks, the cursor kept on its row number."""
    row = table.cursor_row
    table.clear()
    if r is None:
        return
    for pick in r.picks:
        mark = marks.get(pick.program.id)
        flags = ("P" if pick.pinned else " ") + ("A" if mark is not None and mark.apply else " ")
        table.add_row(
            Text(pick.klass.value),
            Text(pct(pick.p_interview)),
            _name(labelled_name(pick.program, display_name(pick.program)), name_width),
            _name(pick.program.state),
            Text(flags),
            key=pick.program.id,
        )
    if table.row_count:
        table.move_cursor(row=min(row, table.row_count - 1))


def fill_aways(table: DataTable[Any], r: SmartPick | None, name_width: int) -> None:
    """Away candidates; the user's own (marked `w` on the Programs tab) first, said so."""
    table.clear()
    for away in () if r is None else r.aways:
        table.add_row(
            Text(f"{away.score:.2f}"),
            _name(("your pick: " if away.yours else "") + display_name(away.program), name_width),
            _name(away.program.state),
            key=away.program.id,
        )


def fill_signals(table: DataTable[Any], r: SmartPick | None, name_width: int) -> None:
    table.clear()
    for s in () if r is None else r.signals.suggestions:
        table.add_row(
            Text(s.tier),
            _name(labelled_name(s.program, display_name(s.program)), name_width),
            Text(f"{pct(s.p_before)} → {pct(s.p_after)}"),
            key=s.program.id,
        )


def detail_text(r: SmartPick, view: str, program_id: str | None) -> str:
    """The line under the table of `view` for the highlighted program."""
    if view == "picks":
        pick = next((p for p in r.picks if p.program.id == program_id), None)
        if pick is None:
            return ""
        return (
            f"{clean_line(labelled_name(pick.program, display_name(pick.program)))}: {pick.reason} · "
            f"{pick.marginal}{' · a swing' if pick.swing else ''} · what moved "
            f"it: {'; '.join(pick.factors)}"
        )
    if view == "aways":
        away = next((a for a in r.aways if a.program.id == program_id), None)
        return (f"§4 target {r.away_target}. " + (clean_line(away.reason) if away else "")).strip()
    if view == "signals":
        signal = next((s for s in r.signals.suggestions if s.program.id == program_id), None)
        text = (
            f"{clean_line(display_name(signal.program))}: {signal.why}. " if signal else ""
        ) + r.signals.note
        if r.signals.match_estimate_with_signals is not None and r.signals.suggestions:
            text += f" Match chance with them: {pct(r.signals.match_estimate_with_signals)}."
        return text
    return "Every number here is the app's estimate; e or v to go back to the list."

"""How SmartPick numbers are written, the same in the CLI and the TUI."""

from __future__ import annotations

from smartpick_tui.core.costs import fees, usd
from smartpick_tui.core.smartpick.engine import SmartPick


def pct(value: float) -> str:
    """A probability as a whole percentage, never claiming certainty or impossibility."""
    if value >= 0.995:
        return ">99%"
    if 0 < value < 0.005:
        return "<1%"
    return f"{value:.0%}"


def what_if_lines(result: SmartPick) -> list[str]:
    """ "+10 programs: 91% → 94% for $300" for each what-if size (the specialty's application
    service's fees, core.costs)."""
    table = fees()
    specialty = result.diagnosis.specialty.id
    lines = []
    for w in result.what_if:
        now, then = table.application(specialty, result.n), table.application(specialty, w.n)
        change = 0 if now is None or then is None else then - now
        money = f" for {usd(change)}" if change > 0 else f", saves {usd(-change)}" if change < 0 else ""
        lines.append(
            f"{'+' if w.n > result.n else '-'}{abs(w.n - result.n)} programs: "
            f"{pct(result.match_estimate)} → {pct(w.match_estimate)}{money}"
        )
    return lines

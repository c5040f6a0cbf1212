"""The data behind SmartPick's pictures (`g` on SmartPick): the interview distribution of the
list as built and the match chance at other lengths, from the same engine as the list (so the
picture and the numbers never disagree). Run it in a worker: one build per length sampled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.smartpick import SmartPick, distribution, run_smartpick
from smartpick_tui.core.smartpick.engine import MAX_LIST
from smartpick_tui.core.smartpick.signals import SignalTable
from smartpick_tui.core.trackers import Away, ProgramMark

SIZE_STEPS = (-20, -10, 0, 10, 20, 40)  # around the list's own length; ±10 is the what-if line


@dataclass(frozen=True)
class PickCharts:
    pmf: tuple[float, ...]  # P(k interviews), k = 0.. (estimate, shared applicant factor)
    band: tuple[int, int]  # the FAQ 5 interview target
    n: int
    match_estimate: float
    by_size: tuple[tuple[int, float], ...]  # (list length, match estimate)
    specialty: str


def pick_charts(
    result: SmartPick,
    profile: Profile,
    programs: Sequence[Program],
    *,
    marks: Mapping[str, ProgramMark] | None = None,
    aways: Sequence[Away] = (),
    interviews: Sequence[Interview] = (),
    signal_table: SignalTable | None = None,
) -> PickCharts:
    """`result` is the list on screen; the other lengths are built the same way."""
    pmf = distribution.mixed_pmf(distribution.mixture([pick.p_interview for pick in result.picks]))
    known = {result.n: result.match_estimate} | {w.n: w.match_estimate for w in result.what_if}
    for step in SIZE_STEPS:
        size = result.n + step
        if 1 <= size <= MAX_LIST and size not in known:
            other = run_smartpick(
                profile,
                programs,
                marks=marks,
                aways=aways,
                interviews=interviews,
                n=size,
                signal_table=signal_table,
            )
            known[size] = other.match_estimate
    wanted = sorted(n for n in known if n - result.n in SIZE_STEPS)
    target = result.diagnosis.interviews
    return PickCharts(
        tuple(pmf),
        (target.min, target.max),
        result.n,
        result.match_estimate,
        tuple((n, known[n]) for n in wanted),
        result.diagnosis.specialty.name,
    )

"""The list builder before issue 23, kept as the baseline the optimiser is measured against:
fixed §3 tier quotas per score band, filled greedily by the highest weighted chance, one
program per institution (a faithful copy of its selection rule at 221d471, test code only)."""

from __future__ import annotations

from collections.abc import Sequence

from smartpick_tui.core.smartpick.builder import Candidate, Group

# (top, mid-high academic) shares per band, the floor the rest (the old `MIXES`)
MIXES: tuple[tuple[float, float], ...] = ((0.0, 0.10), (0.0, 0.25), (0.0, 0.40), (0.10, 0.40), (0.15, 0.40))


def quota_list(candidates: Sequence[Candidate], n: int, band_index: int) -> list[Candidate]:
    top_share, academic_share = MIXES[band_index]
    top = min(n, round(n * top_share))
    academic = min(n - top, round(n * academic_share))
    room = {Group.TOP: top, Group.ACADEMIC: academic, Group.FLOOR: n - top - academic}
    ranked = sorted(candidates, key=lambda c: (-c.p, c.tiebreak, c.index))
    chosen: list[Candidate] = []
    taken: set[str] = set()
    left: list[Candidate] = []
    for c in ranked:
        if len(chosen) >= n:
            break
        if c.institution and c.institution in taken:
            continue
        if room[c.group] > 0:
            chosen.append(c)
            room[c.group] -= 1
            taken.add(c.institution)
        else:
            left.append(c)
    for c in left:  # groups that ran short hand their slots to the best of any group
        if len(chosen) >= n:
            break
        if not (c.institution and c.institution in taken):
            chosen.append(c)
            taken.add(c.institution)
    return chosen

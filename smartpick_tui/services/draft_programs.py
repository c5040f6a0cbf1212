"""Which programs a draft can be written to: the kind's own first, then a search.

The Drafts tab offers these in its program selector; they follow the article's order of who
gets which email (§6) and never the order marks were saved.
"""

from __future__ import annotations

from smartpick_tui.core.catalog import Catalog
from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.interviews import COUNTED, Interview, InterviewStatus
from smartpick_tui.core.programs import Program
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.trackers import Away, OutreachEntry, ProgramMark, VsloStatus
from smartpick_tui.services.program_search import SEARCH_LIMIT, search_programs

__all__ = ["SEARCH_LIMIT", "program_choices", "search_programs"]


def program_choices(
    kind: DraftKind,
    marks: dict[str, ProgramMark],
    aways: list[Away],
    outreach: list[OutreachEntry],
    interviews: list[Interview],
    catalog: Catalog,
) -> list[Program]:
    """The programs the program selector offers without a search, the kind's own first (the
    first is the default): a radar note goes to an email target (§6.2); an away request to an
    away candidate or a program with an away logged in Aways (§6.1); a thank-you or pre-rank
    letter to a program you interviewed at (§6.3): a thank-you to a completed interview, a
    pre-rank letter to any interview on the way (Interviews tab), then a program already
    thanked, then the ones you apply to. The other marked programs follow; each group in
    catalog order, never in the order marks were saved."""
    live = {pid: mark for pid, mark in marks.items() if not mark.exclude}
    groups: list[list[str]] = []  # best first
    if kind is DraftKind.RADAR:
        groups.append([pid for pid, mark in live.items() if mark.email_target])
    elif kind is DraftKind.AWAY_REQUEST:
        groups.append(
            [pid for pid, mark in live.items() if mark.away_candidate]
            + [a.program_id for a in aways if a.program_id and a.status is not VsloStatus.DECLINED]
        )
    elif kind in (DraftKind.THANK_YOU, DraftKind.PRE_RANK):
        wanted = {InterviewStatus.COMPLETED} if kind is DraftKind.THANK_YOU else COUNTED
        groups.append([i.program_id for i in interviews if i.program_id and i.status in wanted])
        groups.append(
            [
                e.program_id
                for e in outreach
                if e.program_id and e.kind in (EmailKind.THANK_YOU, EmailKind.PRE_RANK)
            ]
        )
        groups.append([pid for pid, mark in live.items() if mark.apply])
    groups.append(
        [pid for pid, mark in live.items() if mark.email_target or mark.apply or mark.away_candidate]
    )
    order = {program.id: index for index, program in enumerate(catalog.programs)}
    chosen: list[Program] = []
    seen: set[str] = set()
    for group in groups:
        for pid in sorted(set(group) - seen, key=lambda pid: order.get(pid, len(order))):
            if pid in catalog.by_id:
                chosen.append(catalog.by_id[pid])
                seen.add(pid)
    return chosen

"""`smartpick interviews` and `smartpick rank [export]`: the season's interviews and rank order
list from the state the app keeps, read-only (the app is where they are changed).

`rank export FILE.csv` writes the list with spreadsheet-safe cells (`core.rank.rank_csv`,
through `core.export.safe_cell`), atomically and private (0600), like `programs export`.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import NamedTuple

from smartpick_tui.cli.common import CliError, add_db_flag, db_path, print_json, shown, write_output
from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.interviews import (
    COUNTED,
    Criteria,
    Interview,
    InterviewStatus,
    interview_check,
    weighted_score,
)
from smartpick_tui.core.invites import clashes, open_invites
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rank import NRMP_RULE, interview_classes, rank_csv, safety_net
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.trackers import ProgramClass
from smartpick_tui.services.reading import read_interviews, read_ranked
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    interviews = subparsers.add_parser(
        "interviews",
        help="list your interviews and the FAQ 5 count",
        description="Your interviews (kept in the app's Interviews "
        "tab) with the count against the FAQ 5 target.",
    )
    add_db_flag(interviews)
    interviews.add_argument("--json", action="store_true", help="print JSON")
    interviews.set_defaults(handler=run_interviews)

    rank = subparsers.add_parser(
        "rank",
        help="print the rank order list and its safety-net check",
        description="The rank order list (ordered in the app: Interviews "
        "tab, r) with the §10 step 8 safety-net check.",
    )
    add_db_flag(rank)
    rank.add_argument("--json", action="store_true", help="print JSON")
    rank.set_defaults(handler=run_rank)
    actions = rank.add_subparsers(dest="rank_action", metavar="ACTION")
    exporter = actions.add_parser("export", help="write the rank order list to a CSV file")
    add_db_flag(exporter)
    exporter.add_argument("file", metavar="FILE.csv", help="the file to write, or - for stdout")
    exporter.add_argument("--force", action="store_true", help="overwrite FILE.csv if it exists")
    exporter.set_defaults(handler=run_rank_export)


class _Season(NamedTuple):
    profile: Profile
    interviews: list[Interview]
    ranked_list: list[Interview]
    criteria: Criteria
    classes: dict[str, ProgramClass | None] | None


def _read(args: argparse.Namespace) -> _Season:
    """Profile, interviews, the ranked list, criteria and the classes, from one read-only open."""
    path = db_path(args)
    try:
        with open_state(path, readonly=True) as state:
            profile, interviews = state.profile(), read_interviews(state)
            ranked_list, criteria, marks = (
                read_ranked(state),
                state.criteria(),
                state.marks(),
            )
    except ValueError as error:
        raise CliError(str(error)) from None
    classes = interview_classes(profile, ranked_list, marks, cached_catalog(imports_path(path)).by_id)
    return _Season(profile, interviews, ranked_list, criteria, classes)


def run_interviews(args: argparse.Namespace) -> int:
    profile, interviews, _ranked, criteria, _classes = _read(args)
    check = interview_check(profile, interviews)
    today = date.today()
    queue, found = open_invites(interviews, today), clashes(interviews)
    if args.json:
        print_json(
            {
                "open_invites": [
                    {
                        "id": o.interview.id,
                        "program": o.interview.program_name,
                        "reply_by": o.reply_by.isoformat() if o.reply_by else None,
                        "days_left": o.days_left,
                        "offered_dates": list(o.interview.offered_dates),
                    }
                    for o in queue
                ],
                "clashes": [
                    {"date": c.day.isoformat(), "programs": [c.first.id, c.second.id], "travel": c.travel}
                    for c in found
                ],
                "count": check.counter.count,
                "target": [check.counter.low, check.counter.high],
                "target_note": check.target_note,
                "findings": [finding.text for finding in check.findings],
                "interviews": [
                    interview.to_dict() | {"weighted_score": weighted_score(interview, criteria)}
                    for interview in interviews
                ],
            }
        )
        return 0
    print(f"{check.counter.text} ({check.counter.source})")
    print(f"Target {check.target_note}")
    for finding in check.findings:
        print(("! " if finding.warning else "- ") + finding.text)
    if queue:
        print(f"Open invitations ({len(queue)}), the nearest deadline first:")
        for invite in queue:
            print("  " + clean_line(invite.text))
    for clash in found:
        print("! Clash " + clean_line(clash.text))
    for interview in sorted(interviews, key=lambda i: (i.scheduled_for or "9999", i.program_name.casefold())):
        print(
            clean_line(
                f"{interview.scheduled_for or '':10}  {interview.status.value:10}  "
                f"{interview.format.value:9}  {interview.program_name}"
            )
        )
    return 0


def run_rank(args: argparse.Namespace) -> int:
    profile, interviews, ranked_list, criteria, classes = _read(args)
    pending = sum(i.status in COUNTED and i.status is not InterviewStatus.COMPLETED for i in interviews)
    net = safety_net(profile, ranked_list, classes, pending)
    if args.json:
        print_json(
            {
                "ranks": [
                    {
                        "rank": rank,
                        "id": i.id,
                        "program": i.program_name,
                        "program_id": i.program_id,
                        "class_estimate": (classes or {}).get(i.id).value  # type: ignore[union-attr]
                        if (classes or {}).get(i.id)
                        else None,
                        "weighted_score": weighted_score(i, criteria),
                    }
                    for rank, i in enumerate(ranked_list, start=1)
                ],
                "p_match_estimate": round(net.p_match, 4),
                "warnings": list(net.warnings),
                "check": list(net.lines),
                "nrmp_rule": NRMP_RULE,
            }
        )
        return 0
    for rank, interview in enumerate(ranked_list, start=1):
        klass = (classes or {}).get(interview.id)
        print(clean_line(f"{rank:2}. {interview.program_name}  [{klass.value if klass else '?'}]"))
    for warning in net.warnings:
        print(f"! {warning}")
    for line in net.lines:
        print(f"- {line}")
    print(NRMP_RULE)
    return 0


def rank_text(args: argparse.Namespace) -> tuple[str, int]:
    """The rank order list as CSV (and its length), as `rank export` and `export --csv` write it."""
    _profile, _interviews, ranked_list, criteria, classes = _read(args)
    return rank_csv(ranked_list, criteria, classes), len(ranked_list)


def run_rank_export(args: argparse.Namespace) -> int:
    text, ranks = rank_text(args)
    target = write_output(args.file, text, args.force)
    if target is not None:
        print(f"Exported {ranks} ranks to {shown(target)}")
    return 0

"""`smartpick advise`: the diagnosis as a report or as JSON."""

from __future__ import annotations

import argparse
import textwrap

from smartpick_tui.cli.common import (
    CliError,
    add_db_flag,
    add_profile_flags,
    print_json,
    resolve_profile,
)
from smartpick_tui.core import rules
from smartpick_tui.core.costs import NOT_INCLUDED, fees, usd
from smartpick_tui.core.diagnosis import Diagnosis, diagnose
from smartpick_tui.core.profile import ProfileError, profile_warnings

BAR_WIDTH = 20  # cells for a leverage of 10


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "advise",
        help="print the diagnosis for the stored profile or the flags given",
        description="Print the article's advice for a profile. With any profile flag, the "
        "flags describe the whole profile (defaults for the rest); without, the "
        "profile stored by the app is used.",
    )
    add_db_flag(parser)
    add_profile_flags(parser)
    parser.add_argument("--json", action="store_true", help="print JSON (a stable interface)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    profile = resolve_profile(args)
    try:
        diagnosis = diagnose(profile)
    except ProfileError as error:
        raise CliError(f"--step2: {error.message}") from None
    if args.json:
        data = diagnosis.to_json()
        data["warnings"] = profile_warnings(profile)
        print_json(data)
    else:
        print(format_report(diagnosis))
        for warning in profile_warnings(profile):
            print(f"warning: {warning}")
    return 0


def cost_line(d: Diagnosis) -> str:
    """The application fees of the specialty's own service (ERAS, ResidencyCAS...)."""
    table = fees()
    specialty = d.specialty.id
    line = table.cost_text(specialty, d.programs_to_apply)
    if d.programs_to_apply_adjusted is not None:
        n = d.programs_to_apply_adjusted.value
        cost = table.application(specialty, n)
        if cost is not None:
            line += f" ({n} programs: {usd(cost)})"
    service = table.service(specialty)
    return (
        f"{line} ({service.fee_cycle or service.source}); VSLO {usd(table.vslo_each)} per away "
        f"application (AAMC); {NOT_INCLUDED}"
    )


def service_line(d: Diagnosis) -> str:
    """Which service carries the applications and when they reach programs."""
    table = fees()
    service = table.service(d.specialty.id)
    entry = table.specialties.get(d.specialty.id)
    since = f" (since {entry.since})" if entry is not None and entry.since else ""
    return f"{service.name}{since}: {service.to_programs}."


def leverage_chart(diagnosis: Diagnosis) -> list[str]:
    """The article's §1 bar chart, the user's band marked."""
    lines = []
    for bar in diagnosis.leverage_bars:
        fill = "█" * (bar.value * BAR_WIDTH // rules.LEVERAGE_SCALE_MAX)
        marker = " ◀ you" if bar.is_user else ""
        lines.append(f"  {bar.label:>8} {fill:<{BAR_WIDTH}} {bar.value}{marker}")
    return lines


def _wrap(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, width=78, initial_indent=f"{label:<22}", subsequent_indent=" " * 22) or [label]


def format_report(d: Diagnosis) -> str:
    p = d.profile
    lines = [
        f"SmartPick diagnosis — {d.specialty.name}, Step 2 CK {p.step2}"
        + (
            f" (from COMLEX Level 2-CE {p.comlex2})"
            if p.comlex2 is not None and d.profile.step2 is not None and "COMLEX" in " ".join(d.notes)
            else ""
        )
        + f", {p.school.label}",
        "",
        f"Leverage without home support: {d.leverage}/10 (band {d.score_band}) — {rules.LEVERAGE_SOURCE}",
        *leverage_chart(d),
        "",
        *_wrap(
            "Situation",
            f"{d.situation.title}: Step 2 helps {d.situation.step2_helps}; "
            f"workaround: {d.situation.workaround} (§2)",
        ),
        *_wrap("Application", service_line(d)),
        *_wrap("Match", d.specialty.match_calendar_text),
        *_wrap(
            "Specialty group",
            f"{d.specialty.group.members} — Step 2 power {d.step2_power}, "
            f"home support importance {d.home_support_importance} (§8)",
        ),
        *_wrap("Tier guidance", d.tier_guidance),
        *_wrap(
            "Programs to apply",
            f"{d.programs_to_apply} ({d.competitiveness.value}; §3 Step 2 — {rules.PROGRAMS_NOTE})",
        ),
        *(
            _wrap(
                "App's suggestion",
                f"{d.programs_to_apply_adjusted.value}: {d.programs_to_apply_adjusted.basis}",
            )
            if d.programs_to_apply_adjusted
            else ()
        ),
        *_wrap("Costs", cost_line(d)),
        *_wrap(
            "Away rotations",
            f"{d.aways}"
            + (f", sometimes {d.aways_stretch}" if d.aways_stretch else "")
            + " (§4): "
            + " ".join(rules.AWAY_CRITERIA),
        ),
        *_wrap(
            "Interviews",
            f"{d.interviews} ("
            + ("FAQ 5" if not d.interviews_extrapolated else "the app's estimate; FAQ 5 gives no number here")
            + f"). {rules.INTERVIEWS_NOTE}",
        ),
        *_wrap(
            "Emails",
            f"{d.emails_total} targeted in all; {d.emails_radar} pre-ERAS radar notes (§6, §10)",
        ),
        *_wrap(
            "Score in emails",
            ("yes, once" if d.mention_score_in_emails else "no")
            + f" (asset from {d.score_threshold_for_emails}; FAQ 1)",
        ),
        *_wrap(
            "Letters",
            "; ".join(f"{r.priority}. {r.title}" for r in d.letters)
            + f". Aim for {rules.LETTERS_TARGET[0]}-{rules.LETTERS_TARGET[1]} strong letters (§5).",
        ),
        *_wrap(
            "Mistakes to avoid",
            "; ".join(rules.MISTAKES[m][0] for m in d.mistakes_to_avoid) + " (§9)",
        ),
    ]
    if d.extrapolated:
        lines += [
            "",
            "Parts of this answer are the app's own extrapolation, where the article is silent:",
        ]
    elif d.notes:
        lines += ["", "Notes:"]
    for note in d.notes:
        lines += textwrap.wrap(note, width=78, initial_indent="  • ", subsequent_indent="    ")
    return "\n".join(lines)

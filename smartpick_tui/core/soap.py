"""Match Week and SOAP: a short list to prepare before Monday, the rules, and what to send.

An unmatched student learns it at 10:00 a.m. ET on Monday of Match Week and has hours, not days,
to apply through ERAS to programs on the NRMP List of Unfilled Programs (published only then, to
SOAP-eligible applicants). What can be prepared before is a list of programs that historically
left positions unfilled — where a public source says so — in the specialty, the backup and the
preliminary / transitional years that most often have places. The list is an estimate of where
places may be; Monday's list is the only truth, and it is said on every screen.

Rules (NRMP, cited in `SOAP_RULES`): apply only through ERAS and only to programs on the List of
Unfilled Programs; an initial batch of 45 applications; no contacting programs before they
contact you; offers come in rounds and are accepted or rejected in the R3 system.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program

SOAP_APPLICATION_LIMIT = 45  # NRMP help: "your initial batch of 45" SOAP applications through ERAS
SOAP_LIST_SIZE = 20  # the short list to prepare before Monday (the app's number)
# Shares of the short list by group (the app's numbers): mostly the specialty, then the backup
# and the one-year positions, so one state's history cannot fill the whole list with one group.
GROUP_SHARE = {"your specialty": 0.5, "your backup": 0.25, "one-year positions": 0.25}
# Where unmatched applicants most often find places: the one-year positions (the app's reading of
# NRMP's SOAP data, where preliminary and transitional positions are a large share of the unfilled).
FALLBACK_SPECIALTIES = ("preliminary-medicine", "transitional-year", "preliminary-surgery")
SOAP_SOURCE = (
    "NRMP Match Week and SOAP pages and the 2026 Main Residency Match calendar; the SOAP "
    "application limit from NRMP help ('your initial batch of 45')"
)
SOAP_RULES = (
    "Monday of Match Week, 10:00 a.m. ET: you learn whether you matched; SOAP-eligible applicants "
    "see the List of Unfilled Programs in the NRMP R3 system.",
    "Apply only through ERAS, and only to programs on that list: an initial batch of "
    f"{SOAP_APPLICATION_LIMIT} applications.",
    "Do not contact a program (nor have anyone contact it for you) until it contacts you.",
    "Offers come in rounds; accept or reject each in R3 within its round. An accepted offer is "
    "binding, and after it you cannot apply further.",
    "SOAP concludes Thursday; Friday is Match Day.",
)
UNKNOWN_NOTE = (
    "Public fill history is known only for Florida programs (NRMP program results 2020-2026): "
    "elsewhere, Monday's List of Unfilled Programs is the only source."
)


@dataclass(frozen=True)
class FillHistory:
    """From a public source: Main Matches with positions, how many left one unfilled, fill rate."""

    years: int
    unfilled_years: int
    fill_rate: float | None


@dataclass(frozen=True)
class SoapCandidate:
    program: Program
    history: FillHistory
    group: str  # "your specialty", "your backup", "one-year positions"

    @property
    def reason(self) -> str:
        rate = "" if self.history.fill_rate is None else f", {round(self.history.fill_rate * 100)}% filled"
        return (
            f"{self.group}: left positions unfilled in {self.history.unfilled_years} of "
            f"{self.history.years} Main Matches{rate} (public NRMP results; an estimate of where "
            "places may be, not this year's list)"
        )


@dataclass(frozen=True)
class SoapPlan:
    candidates: tuple[SoapCandidate, ...]
    unknown: dict[str, int]  # specialty -> programs with no public fill history
    notes: tuple[str, ...]
    rules: tuple[str, ...] = SOAP_RULES
    limit: int = SOAP_APPLICATION_LIMIT


def soap_plan(
    profile: Profile,
    programs: Sequence[Program],
    history_of: Callable[[Program], FillHistory | None],
    size: int = SOAP_LIST_SIZE,
) -> SoapPlan:
    """Programs that historically had unfilled positions, the student's specialty first, then
    the backup, then the one-year positions; within each, the most often unfilled first."""
    groups: list[tuple[str, str]] = [(profile.specialty, "your specialty")]
    if profile.backup_specialty and profile.backup_specialty != profile.specialty:
        groups.append((profile.backup_specialty, "your backup"))
    groups += [(s, "one-year positions") for s in FALLBACK_SPECIALTIES if s not in dict(groups)]
    rank = {specialty: index for index, (specialty, _label) in enumerate(groups)}
    label = dict(groups)
    candidates: list[SoapCandidate] = []
    unknown: dict[str, int] = {}
    for program in programs:
        if program.specialty not in rank or program.nrmp_code == "":  # SOAP is the NRMP Match's
            continue
        history = history_of(program)
        if history is None:
            unknown[program.specialty] = unknown.get(program.specialty, 0) + 1
        elif history.unfilled_years > 0:
            candidates.append(SoapCandidate(program, history, label[program.specialty]))
    candidates.sort(
        key=lambda c: (
            rank[c.program.specialty],
            -c.history.unfilled_years / c.history.years,
            c.history.fill_rate if c.history.fill_rate is not None else 1.0,
            c.program.id,
        )
    )
    chosen: list[SoapCandidate] = []
    for group, share in GROUP_SHARE.items():
        chosen += [c for c in candidates if c.group == group][: round(size * share)]
    chosen += [c for c in candidates if c not in chosen][: size - len(chosen)]
    chosen.sort(key=candidates.index)
    notes = [UNKNOWN_NOTE] if unknown else []
    if not any(c.program.specialty == profile.specialty for c in candidates):
        notes.append(
            "No program of your specialty has a public record of unfilled positions: prepare "
            "the one-year positions and your backup, and read Monday's list first for your specialty."
        )
    return SoapPlan(tuple(chosen[:size]), unknown, tuple(notes))

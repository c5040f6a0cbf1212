"""A program's track in words, and whether a profile fits it: the one place that reads them.

One hospital often lists several NRMP programs in a specialty: the categorical one, a primary-
care track, a research pathway, a physician-scientist track (PSTP), a "sponsored IMG" track,
rural or site tracks, preliminary and advanced positions, and rows the NRMP only numbers
("NRMP track C4"). By the hospital's name alone they look identical, and some are not open to
every applicant: a sponsored-IMG track takes international graduates whose positions are
funded by a sponsor, a research pathway expects research to show, a physician track ("R" code,
"Phase 3-R") is for applicants with prior residency training, a 3-year MD pathway is for that
school's own accelerated students.

Read from the NRMP title (the part of `Program.name` before " - ") and the track letter of the
NRMP code (`programs.TRACK_BY_LETTER`). When the catalog gains a track-type column (facts22),
`track_of` reads it here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from smartpick_tui.core.names import is_site, split_name, subtitle_of
from smartpick_tui.core.profile import Profile, SchoolType, VisaNeed
from smartpick_tui.core.programs import Program, Track


class TrackKind(str, Enum):
    CATEGORICAL = "categorical"
    PRIMARY_CARE = "primary care"
    PRELIMINARY = "preliminary"
    ADVANCED = "advanced"
    PHYSICIAN = "physician"
    RESEARCH = "research pathway"
    PSTP = "physician-scientist"
    SPONSORED_IMG = "sponsored IMG"
    ACCELERATED = "3-year MD pathway"
    RURAL = "rural"
    SITE = "site"
    NAMED = "named track"  # osteopathic, global health, child psychiatry, ...
    NUMBERED = "numbered track"  # "NRMP track C4": the NRMP gives no words


RESEARCH_TO_SHOW = 5  # research products from which a research pathway is "with research to show"

# Rules over the title's subtitle, first match wins (case-insensitive).
_RULES: tuple[tuple[re.Pattern[str], TrackKind], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"phase 3-r|\bphysician(?!.?scien)", TrackKind.PHYSICIAN),
        (
            r"sponsored img|immigrant img|intl scholars|international(ly)? (funded|scholar)|funded intl",
            TrackKind.SPONSORED_IMG,
        ),
        (
            r"\bp+stp\d?\b|physician.?scientist|\bmd scientist|phys.?sci|clin(ical)? scientist"
            r"|investigator|molecular medicine|2\+2 scientists",
            TrackKind.PSTP,
        ),
        (r"research|\bt32\b|\bphd\b|\bcor\b", TrackKind.RESEARCH),
        (r"3.yr md path|3 yr\b", TrackKind.ACCELERATED),
        (r"\brural\b|\bfrontier\b|midocs", TrackKind.RURAL),
        (r"primary|prim care", TrackKind.PRIMARY_CARE),
        (r"prelim", TrackKind.PRELIMINARY),
        (r"nrmp track [a-z]\d", TrackKind.NUMBERED),
    )
)


@dataclass(frozen=True)
class TrackInfo:
    kind: TrackKind
    words: str  # what the row says after the name: "" for a plain categorical program
    detail: str = ""  # the NRMP subtitle, expanded ("Sponsored IMG", "Gainesville")


def _letter(program: Program) -> str:
    code = program.nrmp_code or ""
    return code[7].upper() if len(code) >= 8 else ""


@lru_cache(maxsize=32768)
def _track(name: str, institution: str, track: Track, letter: str, code: str) -> TrackInfo:
    title, _ = split_name(name, institution)
    subtitle = subtitle_of(title) if title else ""
    head = title.split("/", 1)[0]
    if track is Track.PHYSICIAN or letter == "R":
        return TrackInfo(TrackKind.PHYSICIAN, "physician track (prior residency training)", subtitle)
    for pattern, kind in _RULES:
        if pattern.search(subtitle) or (kind is TrackKind.PRIMARY_CARE and pattern.search(head)):
            return TrackInfo(kind, _words(kind, subtitle, code), subtitle)
    if track is Track.PRELIMINARY:
        return TrackInfo(TrackKind.PRELIMINARY, _words(TrackKind.PRELIMINARY, subtitle, code), subtitle)
    if track is Track.ADVANCED:
        return TrackInfo(TrackKind.ADVANCED, "advanced (starts PGY-2)", subtitle)
    if letter == "M":
        return TrackInfo(TrackKind.PRIMARY_CARE, "primary care track", subtitle)
    if subtitle and not re.fullmatch(r"(aua|sf) match|integrated", subtitle.strip(), re.IGNORECASE):
        if is_site(subtitle):
            return TrackInfo(TrackKind.SITE, f"{subtitle} site", subtitle)
        return TrackInfo(TrackKind.NAMED, f"{subtitle} track", subtitle)
    return TrackInfo(TrackKind.CATEGORICAL, "", subtitle)


def _words(kind: TrackKind, subtitle: str, code: str) -> str:
    if kind is TrackKind.NUMBERED:
        return f"a further NRMP track ({code or subtitle}): ask the program how it differs"
    if kind is TrackKind.PRELIMINARY and subtitle and not re.fullmatch(r"(?i)prelim\w*", subtitle.strip()):
        # "Med-Prelim/Neurology": the preliminary year for that specialty's residents
        return f"preliminary (PGY-1 only) for {subtitle}"
    return {
        TrackKind.SPONSORED_IMG: "sponsored-IMG track",
        TrackKind.PSTP: "physician-scientist track (PSTP)",
        TrackKind.RESEARCH: "research pathway",
        TrackKind.ACCELERATED: "3-year MD pathway (the school's own students)",
        TrackKind.RURAL: "rural track",
        TrackKind.PRIMARY_CARE: "primary care track",
        TrackKind.PRELIMINARY: "preliminary (PGY-1 only)",
    }.get(kind, subtitle)


_PLAIN = TrackInfo(TrackKind.CATEGORICAL, "")


def track_of(program: Program) -> TrackInfo:
    """The program's track (cached by its NRMP name, track and code)."""
    code = program.nrmp_code or ""
    letter = _letter(program)
    name = program.name
    if program.track is Track.CATEGORICAL and letter in ("C", "") and "/" not in name and "(" not in name:
        return _PLAIN  # a plain categorical program: no subtitle, no track letter to read
    return _track(name, program.institution, program.track, letter, code)


def track_words(program: Program) -> str:
    """The track in words for a row ("" for a plain categorical program)."""
    return track_of(program).words


_TAGS: dict[TrackKind, str] = {
    TrackKind.PRIMARY_CARE: "primary care",
    TrackKind.PRELIMINARY: "prelim",
    TrackKind.ADVANCED: "advanced",
    TrackKind.PHYSICIAN: "physician",
    TrackKind.RESEARCH: "research",
    TrackKind.PSTP: "PSTP",
    TrackKind.SPONSORED_IMG: "sponsored IMG",
    TrackKind.ACCELERATED: "3-yr MD",
    TrackKind.RURAL: "rural",
}


def track_tag(program: Program) -> str:
    """The track in a word or two, for narrow columns ("" for a plain categorical program)."""
    info = track_of(program)
    if info.kind is TrackKind.NUMBERED:
        code = program.nrmp_code or ""
        return f"track {code[7:9]}" if len(code) >= 9 else "NRMP track"
    if info.kind in (TrackKind.SITE, TrackKind.NAMED):
        return info.detail
    return _TAGS.get(info.kind, "")


def labelled_name(program: Program, name: str, short: bool = False) -> str:
    """`name` (a display or short name) with the track when there is one, so rows that would
    read the same say how they differ: "George Washington University · sponsored-IMG track",
    or with `short` "GWU [sponsored IMG]"."""
    info = track_of(program)
    if not info.words or (info.kind is TrackKind.SITE and info.detail.casefold() in name.casefold()):
        return name  # nothing to add, or the site is already in the name
    return f"{name} [{track_tag(program)}]" if short else f"{name} · {info.words}"


def unfit_reason(profile: Profile, program: Program) -> str | None:
    """Why a default list leaves this track out for this profile, or None when it fits.
    The student can still ask for it (pin it, or ask for every track)."""
    kind = track_of(program).kind
    if kind is TrackKind.PHYSICIAN:
        return "a physician track (for applicants with prior residency training)"
    if kind is TrackKind.SPONSORED_IMG:
        img = profile.school in (SchoolType.US_IMG, SchoolType.NON_US_IMG)
        if not img or profile.visa is VisaNeed.NONE:
            return "a sponsored-IMG track (for international graduates who need sponsorship)"
    if kind in (TrackKind.RESEARCH, TrackKind.PSTP) and profile.research < RESEARCH_TO_SHOW:
        return f"a {kind.value} track (expects research to show: {RESEARCH_TO_SHOW}+ products)"
    if kind is TrackKind.ACCELERATED:
        return "a 3-year MD pathway (for the school's own accelerated students)"
    return None

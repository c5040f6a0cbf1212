"""What the app knows of a program's visa sponsorship, for an applicant who needs a visa.

Programs differ: many take J-1 physicians (sponsored by ECFMG), fewer sponsor H-1B visas, some
take neither. The one public fact the catalog carries is the US Department of Labor's H-1B
labor condition applications for residents and fellows (data/program_facts.csv,
`sponsor_h1b_resident_lcas`): a sponsor that filed them sponsors H-1B for trainees. No filing in
the extracts read proves nothing (two quarters are covered), so the answer there stays "the model
does not know", and the screen says so rather than guess; `sponsorship` reads the facts here
and nowhere else.
"""

from __future__ import annotations

from enum import Enum

from smartpick_tui.core.profile import Profile, VisaNeed
from smartpick_tui.core.program_facts import facts_for
from smartpick_tui.core.programs import Program


class Sponsorship(str, Enum):
    H1B = "h-1b"  # sponsors H-1B (and J-1)
    J1_ONLY = "j-1"  # takes J-1, no H-1B
    NONE = "none"  # sponsors no visa


UNKNOWN_WORDS = "the model does not know whether it sponsors"


def sponsorship(program: Program) -> Sponsorship | None:
    """The program's sponsorship when a fact is known (None: not known): H-1B where its sponsor
    filed H-1B labor condition applications for residents or fellows (DOL disclosure data)."""
    facts = facts_for(program)
    if facts is not None and facts.sponsor_h1b_resident_lcas > 0:
        return Sponsorship.H1B
    return None


def fits(need: VisaNeed, known: Sponsorship | None) -> bool | None:
    """Whether a program can take an applicant with this need (None: not known)."""
    if need is VisaNeed.NONE:
        return True
    if known is None:
        return None
    if need is VisaNeed.H1B:
        return known is Sponsorship.H1B
    return known is not Sponsorship.NONE


def words(profile: Profile, program: Program) -> str:
    """ "sponsors H-1B", "does not sponsor H-1B", "the model does not know whether it sponsors
    H-1B"; "" when the applicant needs no visa."""
    if profile.visa is VisaNeed.NONE:
        return ""
    known = sponsorship(program)
    fit = fits(profile.visa, known)
    label = profile.visa.label
    if fit is None:
        return f"{UNKNOWN_WORDS} {label}"
    if fit:
        return f"sponsors {label} (its sponsor filed H-1B for residents: US Department of Labor data)"
    return f"does not sponsor {label}"

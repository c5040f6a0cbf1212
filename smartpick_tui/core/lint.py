"""Strategy lint: the article's counters and the §9 mistakes that the data can show.

Pure functions over the tracker records. Four of the five §9 mistakes leave a trace in the
data (prestige: the marked list; aways: the away tracker; radio silence: the outreach log and
the date; disorganized narrative: generic letters). Arrogance does not, so it is only listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from smartpick_tui.core import rules
from smartpick_tui.core.calendar import cycle
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, Mistake
from smartpick_tui.core.specialties import specialty_by_id
from smartpick_tui.core.trackers import (
    Away,
    Letter,
    LetterStatus,
    OutreachEntry,
    ProgramClass,
    VsloStatus,
)

# The season's date, from the cycle's calendar (data/calendar.json: ERAS 2027 opens 2026-06-03, AAMC).
ERAS_OPENS = cycle().event("eras-opens").day
ERAS_SEASON = "ERAS 2027"

# "A list that is mostly reach" (§9 overweighting prestige): more than half of the classed
# programs, once the list has enough programs for a share to mean something (app's choice).
PRESTIGE_MIN_PROGRAMS = 5
PRESTIGE_REACH_SHARE = 0.5

STRONG_PRIORITY = 2  # §5 priorities 1-2 (away letters in the specialty, home individuals)

UNDETECTABLE = (Mistake.ARROGANCE,)


@dataclass(frozen=True)
class Counter:
    """A count against the article's range: "2 of 2-3 aways"."""

    what: str
    count: int
    low: int
    high: int
    source: str  # the section, short: "§4"
    extra: str = ""

    @property
    def below(self) -> bool:
        return self.count < self.low

    @property
    def above(self) -> bool:
        return self.count > self.high

    @property
    def text(self) -> str:
        extra = f" ({self.extra})" if self.extra else ""
        return f"{self.count} of {self.low}-{self.high} {self.what}{extra}"


@dataclass(frozen=True)
class Finding:
    """One warning (or a gentler reminder) tied to the tracker it concerns."""

    area: str  # "aways", "letters", "outreach", "programs"
    text: str
    source: str
    mistake: Mistake | None = None
    warning: bool = True

    @property
    def title(self) -> str:
        return rules.MISTAKES[self.mistake][0] if self.mistake else ""


@dataclass(frozen=True)
class Lint:
    aways: Counter
    letters: Counter
    emails: Counter
    radar: Counter
    findings: tuple[Finding, ...]

    def for_area(self, area: str) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.area == area)

    @property
    def mistakes(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.mistake is not None)


_STATUS_RANK = {
    LetterStatus.UPLOADED: 0,
    LetterStatus.AGREED: 1,
    LetterStatus.ASKED: 2,
    LetterStatus.TO_ASK: 3,
}


def letters_by_priority(letters: Sequence[Letter]) -> list[Letter]:
    """§5 order: the article's priority first, generic letters last within it, then the
    furthest along, then by writer."""
    return sorted(
        letters,
        key=lambda letter: (
            rules.letter_rule(letter.kind).priority,
            letter.generic,
            _STATUS_RANK[letter.status],
            letter.writer.casefold(),
        ),
    )


def days_to_eras(today: date) -> int:
    return (ERAS_OPENS - today).days


def lint(
    profile: Profile,
    aways: Sequence[Away],
    letters: Sequence[Letter],
    outreach: Sequence[OutreachEntry],
    today: date,
    list_classes: Sequence[ProgramClass] | None = None,
) -> Lint:
    """Counters and findings. `list_classes`: reach/target/safety of the programs marked
    "apply" (None while they cannot be classed: the prestige check is then skipped)."""
    competitiveness = specialty_by_id(profile.specialty).competitiveness
    target = rules.away_target(competitiveness)
    findings: list[Finding] = []

    # --- aways (§4) ------------------------------------------------------------------------
    active = [away for away in aways if away.status is not VsloStatus.DECLINED]
    stretch = f"sometimes {target.stretch}" if target.stretch else ""
    away_counter = Counter("aways", len(active), target.min, target.max, "§4", stretch)
    if away_counter.below:
        competitive = target.min >= 2
        findings.append(
            Finding(
                "aways",
                f"{away_counter.text}{' in a competitive specialty' if competitive else ''}: without a "
                "home program, aways are how programs get to know you. "
                f"Plan {target.min - len(active)} more.",
                rules.AWAYS_SOURCE,
                Mistake.UNDERUSING_AWAYS,
            )
        )
    for away in active:
        if away.status is VsloStatus.COMPLETED and not away.letter_asked:
            findings.append(
                Finding(
                    "aways",
                    f"Completed away at {away.program_name}: ask for a letter — away letters "
                    "in your specialty are §5's first priority.",
                    rules.LETTERS_SOURCE,
                    warning=False,
                )
            )

    # --- letters (§5) ------------------------------------------------------------------------
    strong = [letter for letter in letters if not letter.generic]
    # A letter counts once it is in hand (uploaded); the others are said beside the count.
    in_hand = [letter for letter in strong if letter.status is LetterStatus.UPLOADED]
    coming = len(strong) - len(in_hand)
    low, high = rules.LETTERS_TARGET
    letter_counter = Counter(
        "strong letters uploaded",
        len(in_hand),
        low,
        high,
        "§5",
        f"{coming} more not uploaded yet" if coming else "",
    )
    if letter_counter.below:
        findings.append(
            Finding(
                "letters",
                f"{letter_counter.text}: aim for {low}-{high} strong letters from people who know you.",
                rules.LETTERS_SOURCE,
            )
        )
    for letter in letters:
        if letter.generic:
            findings.append(
                Finding(
                    "letters",
                    f"Generic letter from {letter.writer}: {rules.LETTERS_AVOID} Generic "
                    "letters make the story fall apart.",
                    rules.LETTERS_SOURCE,
                    Mistake.DISORGANIZED_NARRATIVE,
                )
            )
    high_priority = [
        letter for letter in strong if rules.letter_rule(letter.kind).priority <= STRONG_PRIORITY
    ]
    low_priority = [letter for letter in strong if rules.letter_rule(letter.kind).priority > STRONG_PRIORITY]
    if len(low_priority) > len(high_priority):  # most of the strong letters are low priority
        names = ", ".join(letter.writer for letter in low_priority)
        findings.append(
            Finding(
                "letters",
                f"Lower-priority letters carry your file ({names}): §5 puts away-rotation "
                "letters in your specialty first and home letters from individuals second.",
                rules.LETTERS_SOURCE,
            )
        )

    # --- emails (§6, §10 plan 5) ---------------------------------------------------------------
    email_counter = Counter("targeted emails", len(outreach), *rules.TOTAL_EMAILS_TARGET, "§10 plan 5")
    radar_programs = {entry.program_name.casefold() for entry in outreach if entry.kind is EmailKind.RADAR}
    radar_counter = Counter("radar emails", len(radar_programs), *rules.RADAR_EMAILS_TARGET, "§6.2")
    days = days_to_eras(today)
    if not outreach and days <= 0:
        findings.append(
            Finding(
                "outreach",
                f"{ERAS_SEASON} opened on {ERAS_OPENS.isoformat()} and no email is logged: "
                "reach out to the programs you genuinely want.",
                rules.MISTAKES_SOURCE,
                Mistake.RADIO_SILENCE,
            )
        )
    elif radar_counter.below and days > 0:
        findings.append(
            Finding(
                "outreach",
                f"{ERAS_SEASON} opens {ERAS_OPENS.isoformat()} (in {days} days): "
                f"{radar_counter.text}; send the pre-ERAS 'on their radar' notes before then.",
                "§6.2",
                warning=False,
            )
        )
    if email_counter.above:
        findings.append(
            Finding(
                "outreach",
                f"{email_counter.text}: the plan says 10-20 targeted emails; more "
                "than that stops being targeted.",
                rules.EMAILS_SOURCE,
                warning=False,
            )
        )

    # --- the program list (§3, §9) -------------------------------------------------------------
    if list_classes is not None and len(list_classes) >= PRESTIGE_MIN_PROGRAMS:
        reach = sum(klass is ProgramClass.REACH for klass in list_classes)
        if reach / len(list_classes) > PRESTIGE_REACH_SHARE:
            findings.append(
                Finding(
                    "programs",
                    f"{reach} of the {len(list_classes)} programs you marked to apply "
                    "are reach (estimate): pair them with a stable floor of target and safety "
                    "programs.",
                    rules.MISTAKES_SOURCE,
                    Mistake.PRESTIGE,
                )
            )

    return Lint(away_counter, letter_counter, email_counter, radar_counter, tuple(findings))

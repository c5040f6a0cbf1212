"""The student's own per-program figures, and how they win over the model's estimate (issue 22 item 4).

A student often knows more about a program than public facts say: their own AAMC Residency
Explorer view, an advisor's sheet, the program's stated Step 2 CK cut-off or visa policy. They
enter those per program (the Programs tab, `y`; `smartpick figures import FILE.csv`) and the
program then uses them, labelled "your figure", in its class, the SmartPick list, the
explanation (factors), the CLI and `--json`. Nothing of it ships: it lives in the user's state
file like marks and notes.

How each figure combines with the model's chance of an invitation (`core.fit`), in this order;
every rule is the app's own reading and the factors say which one applied:

1. **Visa sponsorship** (none / J-1 / H-1B / both). When the profile says which visa you need
   and the program sponsors none, or not that one, the chance is 0: a program that cannot
   sponsor you does not rank you. A profile without a visa field (before issue 23's field) or
   one needing no visa leaves the chance alone, and the factors say the figure was not applied.
2. **Takes DO / takes IMG** (yes / no). "No" for your school type makes the chance 0 (the
   program says it does not interview your type). "Yes" is shown but changes nothing: the
   model's openness estimate stays until you enter the rate it invites your type at (rule 3).
3. **Base chance**, one of:
   a. *Invites people like me* (percent): the chance itself, already for your type and your
      score, so Step 2 CK does not move it again.
   b. *Interview rate for my applicant type* (percent; invites ÷ applicants of your type):
      replaces the model's base chance for your type, and your Step 2 CK moves it the usual way:
      logit p = logit rate + (the model's logit at your score − the model's logit at the
      program's typical score: the one you stated, else the model's estimate). A rate entered
      for another applicant type than the profile's (`rate_for`) is not used, and said so. A
      stated 0% stays 0: the program invited none of your type.
   c. *Typical Step 2 CK* alone (no rate): the model's chance with your gap to the stated
      typical score in place of the gap to its estimate.
   d. None of these: the model's chance.
4. **Minimum Step 2 CK**. Below it, the chance is capped at `BELOW_MINIMUM` (1%: programs screen
   by their stated minimum; a few read applications by hand), and the reason says so. At or above
   it nothing changes: meeting a cut-off does not raise a chance. Without a score in the
   profile it cannot be checked, and the factors say that too.

The class then comes from the resulting chance with the model's one set of thresholds
(`fit.classify`). The fit's reason starts with `OWN_LABEL` whenever a figure moved the chance
(`moved_by_own`), and the model's estimate before the figures is kept in the factors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from smartpick_tui.core.profile import Profile, SchoolType, parse_school
from smartpick_tui.core.rules import STEP2_MAX, STEP2_MIN
from smartpick_tui.core.sanitize import clean_line, clean_text
from smartpick_tui.core.trackers import NAME_MAX, NOTE_MAX, ProgramClass, Record

if TYPE_CHECKING:
    from smartpick_tui.core.fit import Fit
    from smartpick_tui.core.programs import Estimates, Program

OWN_LABEL = "your figure"
BELOW_MINIMUM = 0.01  # chance under a program's stated Step 2 CK minimum (rule 4)
RATE_CLAMP = (0.001, 0.999)  # a stated rate is read inside these bounds for the logit (rule 3b)
SOURCE_MAX = 200
# The profile fields that may hold the visa the student needs (issue 23 adds one): read by
# name so this module works before and after that field lands.
PROFILE_VISA_FIELDS = ("visa", "visa_need", "visa_needed")


class Visa(str, Enum):
    """What a program sponsors (or, read from a profile, what the student needs)."""

    NONE = "none"
    J1 = "j-1"
    H1B = "h-1b"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {"none": "no visas", "j-1": "J-1", "h-1b": "H-1B", "both": "J-1 and H-1B"}[self.value]

    def sponsors(self, need: Visa) -> bool:
        """Whether a program sponsoring `self` covers an applicant needing `need` (J-1 or H-1B;
        an applicant who would take either is covered by any sponsorship)."""
        if need is Visa.NONE:
            return True
        if self is Visa.NONE:
            return False
        return self is Visa.BOTH or need is Visa.BOTH or need is self


def parse_visa(raw: Any) -> Visa | None:
    """'J1', 'J-1', 'h1b', 'H-1B', 'both', 'J-1 and H-1B', 'none', 'no' -> Visa; '' -> None."""
    if raw is None:
        return None
    if isinstance(raw, Visa):
        return raw
    if isinstance(raw, Enum):
        raw = raw.value
    key = re.sub(r"[\s_\-/.]+", "", str(raw).strip().lower())
    if not key:
        return None
    words = {
        "none": Visa.NONE,
        "no": Visa.NONE,
        "nosponsorship": Visa.NONE,
        "j1": Visa.J1,
        "h1b": Visa.H1B,
        "h1": Visa.H1B,
        "both": Visa.BOTH,
        "j1andh1b": Visa.BOTH,
        "j1h1b": Visa.BOTH,
        "h1bandj1": Visa.BOTH,
        "either": Visa.BOTH,
        "any": Visa.BOTH,
    }
    if key in words:
        return words[key]
    raise ValueError(f"{clean_line(str(raw))!r} is not a visa policy: none, J-1, H-1B or both")


def parse_percent(raw: Any, name: str) -> float | None:
    """A percent from 0 to 100 ('12', '12%', '0.5' = 0.5%); '' -> None. Never a fraction: a
    non-US IMG rate of 0.5% is common, so '0.5' must mean half a percent."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(f"{name}: give a percent from 0 to 100")
    text = str(raw).strip().removesuffix("%").strip()
    if not re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,3})?", text):
        raise ValueError(f"{name}: {clean_line(str(raw))!r} is not a percent from 0 to 100 (e.g. 12 or 0.5)")
    value = float(text)
    if not 0 <= value <= 100:
        raise ValueError(f"{name}: {value:g} is not a percent from 0 to 100")
    return value


def parse_score(raw: Any, name: str) -> int | None:
    """A Step 2 CK score on the USMLE scale, or None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip()
    if isinstance(raw, bool) or not re.fullmatch(r"[0-9]{1,3}", text):
        raise ValueError(f"{name}: {clean_line(text)!r} is not a Step 2 CK score ({STEP2_MIN}-{STEP2_MAX})")
    value = int(text)
    if not STEP2_MIN <= value <= STEP2_MAX:
        raise ValueError(f"{name}: {value} is outside the Step 2 CK scale ({STEP2_MIN}-{STEP2_MAX})")
    return value


def parse_yes_no(raw: Any, name: str) -> bool | None:
    if raw is None or isinstance(raw, bool):
        return raw
    key = str(raw).strip().lower()
    if not key:
        return None
    if key in ("yes", "y", "true", "1"):
        return True
    if key in ("no", "n", "false", "0"):
        return False
    raise ValueError(f"{name}: {clean_line(str(raw))!r} is not yes or no")


@dataclass(frozen=True)
class OwnFigure(Record):
    """The student's figures for one catalog program; every field but the id is optional."""

    program_id: str
    interview_rate: float | None = None  # % of applicants of your type it invites (rule 3b)
    invites_like_me: float | None = None  # % of applicants like you it invites (rule 3a)
    rate_for: SchoolType | None = None  # the applicant type `interview_rate` is for (None: yours)
    step2_min: int | None = None  # its stated minimum Step 2 CK (rule 4)
    step2_typical: int | None = None  # its stated typical Step 2 CK (rule 3b/3c)
    visa: Visa | None = None  # what it sponsors (rule 1)
    takes_do: bool | None = None  # rule 2
    takes_img: bool | None = None  # rule 2
    note: str = ""
    source: str = ""  # where the figure comes from ("my Residency Explorer, 2026-11")

    def validated(self) -> OwnFigure:
        program_id = clean_line(str(self.program_id))[:NAME_MAX]
        if not program_id:
            raise ValueError("program_id: give the program")
        step2_min = parse_score(self.step2_min, "step2_min")
        step2_typical = parse_score(self.step2_typical, "step2_typical")
        return replace(
            self,
            program_id=program_id,
            interview_rate=parse_percent(self.interview_rate, "interview_rate"),
            invites_like_me=parse_percent(self.invites_like_me, "invites_like_me"),
            rate_for=None if self.rate_for in (None, "") else parse_school(self.rate_for),
            step2_min=step2_min,
            step2_typical=step2_typical,
            visa=parse_visa(self.visa),
            takes_do=parse_yes_no(self.takes_do, "takes_do"),
            takes_img=parse_yes_no(self.takes_img, "takes_img"),
            note=clean_text(str(self.note or ""))[:NOTE_MAX],
            source=clean_line(str(self.source or ""))[:SOURCE_MAX],
        )

    @property
    def is_empty(self) -> bool:
        """No figure at all: the record is removed rather than stored."""
        return all(getattr(self, name) in (None, "") for name in FIGURE_FIELDS)

    def summary(self) -> str:
        """The figures in a few words, as the Programs detail and `figures list` show them."""
        parts = []
        if self.invites_like_me is not None:
            parts.append(f"invites {self.invites_like_me:g}% of applicants like you")
        if self.interview_rate is not None:
            who = self.rate_for.label if self.rate_for else "your type"
            parts.append(f"interview rate {self.interview_rate:g}% ({who})")
        if self.step2_min is not None:
            parts.append(f"Step 2 CK minimum {self.step2_min}")
        if self.step2_typical is not None:
            parts.append(f"typical Step 2 CK {self.step2_typical}")
        if self.visa is not None:
            parts.append(f"sponsors {self.visa.label}")
        if self.takes_do is not None:
            parts.append("takes DO" if self.takes_do else "takes no DO")
        if self.takes_img is not None:
            parts.append("takes IMG" if self.takes_img else "takes no IMG")
        return "; ".join(parts) or "a note only"


# The fields that are figures (the rest: id, note, source). `is_empty` reads these and the note.
FIGURE_FIELDS = (
    "interview_rate",
    "invites_like_me",
    "rate_for",
    "step2_min",
    "step2_typical",
    "visa",
    "takes_do",
    "takes_img",
    "note",
    "source",
)


def profile_visa_need(profile: Profile) -> Visa | None:
    """The visa the profile says the student needs; None when the profile has no such field
    (so rule 1 cannot be applied) or it cannot be read. `Visa.NONE`: no visa needed."""
    for name in PROFILE_VISA_FIELDS:
        value = getattr(profile, name, None)
        if value is not None:
            try:
                return parse_visa(value)
            except ValueError:
                return None
    return None


def _logit(p: float) -> float:
    low, high = RATE_CLAMP
    p = min(high, max(low, p))
    return math.log(p / (1.0 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _pct(p: float) -> str:
    return f"{p * 100:.1f}%" if p < 0.1 else f"{p:.0%}"


# (position in the programs, Step 2 CK) -> the model's chance for that program at that score
Refit = Callable[[int, int], float]
F = TypeVar("F", bound="Fit")


@dataclass(frozen=True)
class Combined:
    """The chance after the student's figures, and what each rule did (factors)."""

    p: float
    moved: bool  # a figure replaced or moved the model's chance
    lines: tuple[str, ...]
    score_gap: int | None  # your Step 2 CK − the stated typical, when one was stated


def combine(
    figure: OwnFigure,
    profile: Profile,
    model_p: float,
    model_typical: int,
    refit: Callable[[int], float],
) -> Combined:
    """Rules 1-4 of the module docstring for one program; `refit(score)` is the model's chance
    for this program at another Step 2 CK (the model's own Step 2 effect, whatever it is)."""
    lines: list[str] = []
    step2 = profile.step2
    school = profile.school

    # 1. visa
    if figure.visa is not None:
        need = profile_visa_need(profile)
        if need is None:
            lines.append(
                f"{OWN_LABEL}: sponsors {figure.visa.label} "
                "(not applied: your profile does not say which visa you need)"
            )
        elif need is not Visa.NONE and not figure.visa.sponsors(need):
            lines.append(f"{OWN_LABEL}: sponsors {figure.visa.label}, not the {need.label} you need → 0%")
            return Combined(0.0, True, tuple(lines), None)
    # 2. takes DO / IMG
    closed = (school is SchoolType.US_DO and figure.takes_do is False) or (
        school in (SchoolType.US_IMG, SchoolType.NON_US_IMG) and figure.takes_img is False
    )
    if closed:
        lines.append(f"{OWN_LABEL}: does not take {school.label} applicants → 0%")
        return Combined(0.0, True, tuple(lines), None)
    takes = figure.takes_do if school is SchoolType.US_DO else figure.takes_img
    if takes and school is not SchoolType.US_MD:
        lines.append(f"{OWN_LABEL}: takes {school.label} applicants (the model's openness estimate stays)")

    # 3. base chance
    p, moved = model_p, False
    gap = None
    reference = figure.step2_typical if figure.step2_typical is not None else model_typical
    if step2 is not None and figure.step2_typical is not None:
        gap = step2 - figure.step2_typical
    rate_usable = figure.interview_rate is not None and figure.rate_for in (None, school)
    if figure.interview_rate is not None and not rate_usable:
        assert figure.rate_for is not None
        lines.append(
            f"{OWN_LABEL}: interview rate {figure.interview_rate:g}% is for {figure.rate_for.label} "
            f"applicants, your profile says {school.label}: not used"
        )
    if figure.invites_like_me is not None:
        p, moved = figure.invites_like_me / 100.0, True
        lines.append(f"{OWN_LABEL}: invites {figure.invites_like_me:g}% of applicants like you (used as is)")
    elif rate_usable:
        assert figure.interview_rate is not None
        rate = figure.interview_rate / 100.0
        moved = True
        if rate <= 0.0:
            p = 0.0
            lines.append(f"{OWN_LABEL}: interview rate 0% for {school.label} applicants → 0%")
        elif step2 is None:
            p = rate
            lines.append(
                f"{OWN_LABEL}: interview rate {figure.interview_rate:g}% for {school.label} applicants "
                "(no Step 2 CK entered: used as is)"
            )
        else:
            shift = _logit(model_p) - _logit(refit(_on_scale(reference)))
            p = _sigmoid(_logit(rate) + shift) if rate < 1.0 else 1.0
            said = "stated" if figure.step2_typical is not None else "est."
            lines.append(
                f"{OWN_LABEL}: interview rate {figure.interview_rate:g}% for {school.label} applicants, "
                f"moved by your Step 2 CK {step2 - reference:+d} vs {said} typical {reference}: "
                f"{shift:+.2f}"
            )
    elif figure.step2_typical is not None and step2 is not None:
        shifted = _on_scale(step2 + model_typical - figure.step2_typical)
        p, moved = refit(shifted), True
        lines.append(
            f"{OWN_LABEL}: typical Step 2 CK {figure.step2_typical}: your {step2} is "
            f"{step2 - figure.step2_typical:+d} against it (model est. was {model_typical})"
        )
    elif figure.step2_typical is not None:
        lines.append(f"{OWN_LABEL}: typical Step 2 CK {figure.step2_typical} (enter your score to use it)")

    # 4. minimum
    if figure.step2_min is not None:
        if step2 is None:
            lines.append(f"{OWN_LABEL}: Step 2 CK minimum {figure.step2_min} (enter your score to check it)")
        elif step2 < figure.step2_min:
            p, moved = min(p, BELOW_MINIMUM), True
            lines.append(
                f"{OWN_LABEL}: your {step2} is below its stated minimum {figure.step2_min} → "
                f"{_pct(BELOW_MINIMUM)} at most"
            )
        else:
            lines.append(f"{OWN_LABEL}: your {step2} meets its stated minimum {figure.step2_min}")
    return Combined(p, moved, tuple(lines), gap)


def _on_scale(score: int) -> int:
    return max(STEP2_MIN, min(STEP2_MAX, score))


def apply_own_figures(
    profile: Profile,
    programs: Sequence[Program],
    estimates: Sequence[Estimates],
    fits: list[F],
    figures: Mapping[str, OwnFigure],
    refit: Refit,
    classify: Callable[[float], ProgramClass],
) -> list[F]:
    """The fits with the student's figures applied (the hook `core.fit.fit_all` calls). Only
    programs with a figure change; the rest are the same objects."""
    if not figures:
        return fits
    result = list(fits)
    for i, program in enumerate(programs):
        figure = figures.get(program.id)
        if figure is None:
            continue
        fit = fits[i]
        combined = combine(
            figure.validated(),  # stored ones already are; a caller's may not be
            profile,
            fit.p_interview,
            estimates[i].typical_step2,
            partial(refit, i),
        )
        result[i] = _with_figures(fit, combined, classify)
    return result


def _with_figures(fit: F, combined: Combined, classify: Callable[[float], ProgramClass]) -> F:
    if not combined.moved:
        extra = "; ".join(line.removeprefix(f"{OWN_LABEL}: ") for line in combined.lines)
        return replace(
            fit,
            reason=fit.reason + (f"; {OWN_LABEL}s: {extra}" if extra else ""),
            factors=(*combined.lines, *fit.factors),
        )
    klass = classify(combined.p)
    head = f"{OWN_LABEL}s → {_pct(combined.p)} → {klass.value} (model est. {_pct(fit.p_interview)})"
    return replace(
        fit,
        p_interview=combined.p,
        klass=klass,
        reason=head,
        score_gap=combined.score_gap if combined.score_gap is not None else fit.score_gap,
        factors=(
            *combined.lines,
            f"model est. before your figures: {_pct(fit.p_interview)}",
            *fit.factors,
        ),
    )


def moved_by_own(fit: Fit) -> bool:
    """Whether `fit`'s chance comes from the student's figures (its reason says so first)."""
    return fit.reason.startswith(OWN_LABEL)

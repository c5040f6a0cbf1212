"""The student's profile and its validation.

Validation returns messages, never raises at the caller: the TUI shows them beside the field
as the user types, the CLI prints one line and exits non-zero.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from enum import Enum
from typing import Any

from smartpick_tui.core.geography import normalise_tie
from smartpick_tui.core.rules import STEP2_MAX, STEP2_MIN, Situation
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import UnknownSpecialty, resolve_specialty

STEP2_PASSING = 218  # since 2025-07-01 (USMLE announcement); 214 from 2022-07-01, 209 from 2014
STEP2_PASSING_NOTE = "current passing score is 218 (since July 2025; 214 before)"
RESEARCH_MAX = 500
TEXT_MAX = 200


class SchoolType(str, Enum):
    US_MD = "us-md"
    US_DO = "us-do"
    US_IMG = "us-img"
    NON_US_IMG = "non-us-img"

    @property
    def label(self) -> str:
        return {"us-md": "US MD", "us-do": "US DO", "us-img": "US IMG", "non-us-img": "Non-US IMG"}[
            self.value
        ]

    @property
    def is_do_or_img(self) -> bool:
        return self is not SchoolType.US_MD


class Step1Result(str, Enum):
    PASS = "pass"
    FAIL_THEN_PASS = "fail"

    @property
    def label(self) -> str:
        return "Pass" if self is Step1Result.PASS else "Fail, then pass"


class ClinicalEvals(str, Enum):
    STRONG = "strong"
    AVERAGE = "average"
    WEAK = "weak"


@dataclass(frozen=True)
class Profile:
    """Everything the advice depends on. `step2` is None until the user enters it."""

    school: SchoolType = SchoolType.US_MD
    step1: Step1Result = Step1Result.PASS
    step2: int | None = None
    specialty: str = "internal-medicine"  # specialty id
    backup_specialty: str | None = None
    situation: Situation = Situation.NO_HOME_PROGRAM
    ties: tuple[str, ...] = ()  # state codes or Census regions/divisions
    preferred: tuple[str, ...] = ()  # soft preferences, same vocabulary as ties
    research: int = 0  # research products (papers, posters, abstracts)
    red_flags: tuple[str, ...] = ()
    clinical_evals: ClinicalEvals = ClinicalEvals.AVERAGE
    name: str = ""
    school_name: str = ""
    year: str = "fourth-year"

    def with_changes(self, **changes: Any) -> Profile:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, Enum):
                data[key] = value.value
            elif isinstance(value, tuple):
                data[key] = list(value)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """Build from stored data; raises ProfileError naming the first bad field."""
        profile, errors = parse_profile(data)
        if errors:
            name, message = next(iter(errors.items()))
            raise ProfileError(name, message)
        return profile


class ProfileError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field_name = field_name
        self.message = message


# --- one validator per field: text in, (value, error) out ----------------------------------


def parse_step2(raw: Any) -> int | None:
    """Step 2 CK: a whole number on the USMLE scale (`rules.STEP2_SCALE`), or empty (None)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(f"must be a whole number from {STEP2_MIN} to {STEP2_MAX}")
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        # a sign is read, so "-5" is told it is out of range, not that it is not a number
        if not re.fullmatch(r"[+-]?[0-9]{1,6}", text):
            raise ValueError(f"{text!r} is not a whole number; enter a score from {STEP2_MIN} to {STEP2_MAX}")
        value = int(text)
    if not STEP2_MIN <= value <= STEP2_MAX:
        raise ValueError(
            f"{value} is outside the Step 2 CK scale: enter a score from {STEP2_MIN} to {STEP2_MAX}"
        )
    return value


def step2_warning(step2: int | None) -> str | None:
    if step2 is not None and step2 < STEP2_PASSING:
        return f"{step2} is below passing: the {STEP2_PASSING_NOTE}"
    return None


def _enum_key(raw: Any) -> str:
    """'US DO', 'us_do', ' No home program ' -> 'us-do', 'no-home-program'."""
    return re.sub(r"[\s_]+", "-", str(raw).strip().lower().replace(".", ""))


def parse_enum(enum: type[Enum], raw: Any) -> Enum:
    """A value in any case, with spaces or underscores for its hyphens."""
    if isinstance(raw, enum):
        return raw
    try:
        return enum(_enum_key(raw))
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValueError(f"{raw!r} is not one of: {allowed}") from None


SCHOOL_ALIASES: dict[str, SchoolType] = {
    "md": SchoolType.US_MD,
    "usmd": SchoolType.US_MD,
    "do": SchoolType.US_DO,
    "usdo": SchoolType.US_DO,
    "usimg": SchoolType.US_IMG,
    "nonusimg": SchoolType.NON_US_IMG,
}


def parse_school(raw: Any) -> SchoolType:
    """School type: us-md / us-do / us-img / non-us-img in any case, or MD, DO ("--school DO");
    a bare IMG is ambiguous and says so."""
    if isinstance(raw, SchoolType):
        return raw
    key = _enum_key(raw)
    if key in SCHOOL_ALIASES:
        return SCHOOL_ALIASES[key]
    if key == "img":
        raise ValueError(
            f"{raw!r} could be us-img (a US citizen at a school abroad) or non-us-img; give one of them"
        )
    return parse_enum(SchoolType, raw)  # type: ignore[return-value]


def parse_specialty(raw: Any) -> str:
    """A specialty as a person types it: name, abbreviation or a unique start ("emergency");
    the error says "did you mean" (core.specialties.resolve_specialty)."""
    try:
        return resolve_specialty(str(raw)).id
    except UnknownSpecialty as error:
        raise ValueError(str(error)) from None


def parse_optional_specialty(raw: Any) -> str | None:
    if raw is None or not str(raw).strip():
        return None
    return parse_specialty(raw)


def parse_places(raw: Any) -> tuple[str, ...]:
    """ "CA, OR, West" or a list -> normalised, de-duplicated, in order."""
    tokens = raw.replace(";", ",").split(",") if isinstance(raw, str) else list(raw or ())
    result: list[str] = []
    for token in tokens:
        if str(token).strip():
            place = normalise_tie(str(token))
            if place not in result:
                result.append(place)
    return tuple(result)


def parse_research(raw: Any) -> int:
    text = str(raw).strip() if raw is not None else "0"
    if text == "":
        return 0
    if isinstance(raw, bool) or not text.isdigit() or not text.isascii():
        raise ValueError(f"{text!r} is not a whole number of research products")
    value = int(text)
    if value > RESEARCH_MAX:
        raise ValueError(f"{value} is more than {RESEARCH_MAX}; count papers, posters and abstracts")
    return value


def parse_flags(raw: Any) -> tuple[str, ...]:
    items = raw.split(";") if isinstance(raw, str) else list(raw or ())
    return tuple(clean_line(str(item))[:TEXT_MAX] for item in items if clean_line(str(item)))


def parse_text(raw: Any) -> str:
    return clean_line(str(raw or ""))[:TEXT_MAX]


FIELD_PARSERS: dict[str, Any] = {
    "school": parse_school,
    "step1": lambda raw: parse_enum(Step1Result, raw),
    "step2": parse_step2,
    "specialty": parse_specialty,
    "backup_specialty": parse_optional_specialty,
    "situation": lambda raw: parse_enum(Situation, raw),
    "ties": parse_places,
    "preferred": parse_places,
    "research": parse_research,
    "red_flags": parse_flags,
    "clinical_evals": lambda raw: parse_enum(ClinicalEvals, raw),
    "name": parse_text,
    "school_name": parse_text,
    "year": parse_text,
}


def parse_field(name: str, raw: Any) -> tuple[Any, str | None]:
    """Validate one field: (value, None) or (None, message)."""
    try:
        return FIELD_PARSERS[name](raw), None
    except ValueError as error:
        return None, str(error)


def parse_profile(data: dict[str, Any], base: Profile | None = None) -> tuple[Profile, dict[str, str]]:
    """Apply the given raw fields on top of `base`; unknown keys are errors, not ignored."""
    base = base or Profile()
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in data.items():
        if name not in FIELD_PARSERS:
            errors[name] = "unknown profile field"
            continue
        value, error = parse_field(name, raw)
        if error:
            errors[name] = error
        else:
            changes[name] = value
    return base.with_changes(**changes), errors


def profile_warnings(profile: Profile) -> list[str]:
    warnings = []
    if (warning := step2_warning(profile.step2)) is not None:
        warnings.append(warning)
    if profile.backup_specialty == profile.specialty:
        warnings.append("backup specialty is the same as the target specialty")
    return warnings

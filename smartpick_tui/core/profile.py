"""The student's profile and its validation.

Validation returns messages, never raises at the caller: the TUI shows them beside the field
as the user types, the CLI prints one line and exits non-zero.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from enum import Enum
from typing import Any

from smartpick_tui.core.geo import DEFAULT_MILES, MAX_MILES, parse_place
from smartpick_tui.core.geography import normalise_tie
from smartpick_tui.core.rules import STEP2_MAX, STEP2_MIN, Situation
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import UnknownSpecialty, resolve_specialty

STEP2_PASSING = 218  # since 2025-07-01 (USMLE announcement); 214 from 2022-07-01, 209 from 2014
STEP2_PASSING_NOTE = "current passing score is 218 (since July 2025; 214 before)"
RESEARCH_MAX = 500
TEXT_MAX = 200
# COMLEX-USA Level 2-CE: a three-digit score from 9 to 999 (NBOME), 400 to pass.
COMLEX_MIN, COMLEX_MAX, COMLEX2_PASSING = 9, 999, 400
# COMLEX Level 2-CE -> a Step 2 CK equivalent, for a DO who took only COMLEX. Equipercentile
# on the one published paired cohort with both means and spreads: 356 applicants to a dually
# approved EM residency, 2006-2013, COMLEX Level 2 mean 566 (SD 80), USMLE Step 2 CK mean 228
# (SD 18), r = 0.72 ("Correlation Between United States Medical Licensing Examination and
# Comprehensive Osteopathic Medical Licensing Examination Scores for Applicants to a Dually
# Approved Emergency Medicine Residency", Lehigh Valley Health Network,
# scholarlyworks.lvhn.org/emergency-medicine/436).
# Both scales have drifted up since, so the equivalent is an estimate and says so.
COMLEX_CONVERSION = (566.0, 80.0, 228.0, 18.0)  # COMLEX mean, SD; Step 2 CK mean, SD
COMLEX_SOURCE = (
    "COMLEX Level 2-CE converted at equal percentiles of a paired cohort (2006-13 EM applicants: "
    "COMLEX 566 ± 80, Step 2 CK 228 ± 18, r 0.72; Lehigh Valley Health Network); an estimate — "
    "enter a Step 2 CK if you took it"
)
USCE_MAX_MONTHS = 120


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


class VisaNeed(str, Enum):
    """What the applicant needs to train in the US: programs differ in the visas they sponsor."""

    NONE = "none"
    J1 = "j-1"
    H1B = "h-1b"

    @property
    def label(self) -> str:
        return {"none": "no visa needed", "j-1": "J-1", "h-1b": "H-1B"}[self.value]


def step2_from_comlex(comlex2: int) -> int:
    """The Step 2 CK equivalent of a COMLEX Level 2-CE score (`COMLEX_SOURCE`)."""
    c_mean, c_sd, s_mean, s_sd = COMLEX_CONVERSION
    value = round(s_mean + s_sd * (comlex2 - c_mean) / c_sd)
    return max(STEP2_MIN, min(STEP2_MAX, value))


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
    comlex2: int | None = None  # COMLEX Level 2-CE (DO applicants)
    visa: VisaNeed = VisaNeed.NONE
    grad_year: int | None = None  # year of graduation (or expected)
    usce_months: int = 0  # months of US clinical experience (IMG applicants)
    home_city: str = ""  # a city the student wants to be near, as the gazetteer names it ("Houston, TX")
    near_miles: int | None = None  # "within N miles" of home_city (None: geo.DEFAULT_MILES)

    @property
    def within_miles(self) -> int:
        """The radius of the "near home" wish (the default when none is given)."""
        return self.near_miles if self.near_miles is not None else DEFAULT_MILES

    @property
    def step2_from_comlex(self) -> bool:
        """True when the score the advice reads is the COMLEX equivalent (no Step 2 CK)."""
        return self.step2 is None and self.comlex2 is not None

    def scored(self) -> Profile:
        """The profile the advice reads: Step 2 CK, or its COMLEX equivalent when only COMLEX
        Level 2-CE is entered (`COMLEX_SOURCE`)."""
        if self.step2_from_comlex:
            assert self.comlex2 is not None
            return replace(self, step2=step2_from_comlex(self.comlex2))
        return self

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
        profile, errors = parse_profile(data, stored=True)
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


def parse_comlex(raw: Any) -> int | None:
    """COMLEX Level 2-CE: a whole number from COMLEX_MIN to COMLEX_MAX, or empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip()
    if isinstance(raw, bool) or not re.fullmatch(r"[+-]?[0-9]{1,6}", text):
        raise ValueError(
            f"{text!r} is not a whole number; enter a COMLEX Level 2-CE score from "
            f"{COMLEX_MIN} to {COMLEX_MAX}"
        )
    value = int(text)
    if not COMLEX_MIN <= value <= COMLEX_MAX:
        raise ValueError(
            f"{value} is outside the COMLEX scale: enter a score from {COMLEX_MIN} to {COMLEX_MAX}"
        )
    return value


VISA_ALIASES: dict[str, VisaNeed] = {
    "j1": VisaNeed.J1,
    "h1b": VisaNeed.H1B,
    "no": VisaNeed.NONE,
    "": VisaNeed.NONE,
}


def parse_visa(raw: Any) -> VisaNeed:
    """none / j-1 / h-1b in any case, with or without the hyphen."""
    if isinstance(raw, VisaNeed):
        return raw
    key = re.sub(r"[\s_.-]+", "", str(raw or "").strip().lower())
    if key in VISA_ALIASES:
        return VISA_ALIASES[key]
    return parse_enum(VisaNeed, raw)  # type: ignore[return-value]


def parse_grad_year(raw: Any) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip()
    if isinstance(raw, bool) or not re.fullmatch(r"[0-9]{4}", text) or not 1950 <= int(text) <= 2100:
        raise ValueError(f"{text!r} is not a year of graduation (four digits, e.g. 2027)")
    return int(text)


def parse_usce(raw: Any) -> int:
    text = str(raw).strip() if raw is not None else "0"
    if text == "":
        return 0
    if isinstance(raw, bool) or not text.isdigit() or not text.isascii():
        raise ValueError(f"{text!r} is not a whole number of months of US clinical experience")
    value = int(text)
    if value > USCE_MAX_MONTHS:
        raise ValueError(
            f"{value} months is more than {USCE_MAX_MONTHS}; count months of US clinical experience"
        )
    return value


def parse_home_city(raw: Any) -> str:
    """A city as the Programs `--near` filter reads it ("Houston", "houston texas",
    "St. Louis, MO"), stored as the gazetteer names it ("Houston, TX"); an unknown place is told
    the closest spellings (core.geo.parse_place)."""
    text = clean_line(str(raw or ""))[:TEXT_MAX]
    if not text:
        return ""
    place = parse_place(text)  # PlaceError is a ValueError: the message says what to type
    return f"{place.name}, {place.state}"


def _stored_home_city(raw: Any) -> str:
    """A stored home city is not looked up again (the gazetteer costs ~0.5 s to load, and the
    profile is read at every start): it was checked when entered, and the list says so when a
    hand-edited one is not a known place."""
    return clean_line(str(raw or ""))[:TEXT_MAX]


def parse_near_miles(raw: Any) -> int | None:
    """ "within N miles": a whole number from 1 to geo.MAX_MILES, or empty (the default)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip().removesuffix("mi").removesuffix("miles").strip()
    if isinstance(raw, bool) or not text.isdigit() or not text.isascii():
        raise ValueError(f"{str(raw).strip()!r} is not a whole number of miles")
    miles = int(text)
    if not 1 <= miles <= MAX_MILES:
        raise ValueError(f"{miles} miles is outside 1-{MAX_MILES}")
    return miles


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
    "comlex2": parse_comlex,
    "visa": parse_visa,
    "grad_year": parse_grad_year,
    "usce_months": parse_usce,
    "home_city": parse_home_city,
    "near_miles": parse_near_miles,
}
# what a stored profile reads differently from what a person types (see each function)
STORED_PARSERS: dict[str, Any] = {**FIELD_PARSERS, "home_city": _stored_home_city}


def parse_field(name: str, raw: Any, *, stored: bool = False) -> tuple[Any, str | None]:
    """Validate one field: (value, None) or (None, message)."""
    try:
        return (STORED_PARSERS if stored else FIELD_PARSERS)[name](raw), None
    except ValueError as error:
        return None, str(error)


def parse_profile(
    data: dict[str, Any], base: Profile | None = None, *, stored: bool = False
) -> tuple[Profile, dict[str, str]]:
    """Apply the given raw fields on top of `base`; unknown keys are errors, not ignored.
    `stored`: the data is a saved profile (`STORED_PARSERS`), not what a person typed."""
    base = base or Profile()
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in data.items():
        if name not in FIELD_PARSERS:
            errors[name] = "unknown profile field"
            continue
        value, error = parse_field(name, raw, stored=stored)
        if error:
            errors[name] = error
        else:
            changes[name] = value
    return base.with_changes(**changes), errors


def profile_warnings(profile: Profile) -> list[str]:
    warnings = []
    if (warning := step2_warning(profile.step2)) is not None:
        warnings.append(warning)
    if profile.comlex2 is not None and profile.comlex2 < COMLEX2_PASSING:
        warnings.append(f"COMLEX Level 2-CE {profile.comlex2} is below passing ({COMLEX2_PASSING})")
    if profile.backup_specialty == profile.specialty:
        warnings.append("backup specialty is the same as the target specialty")
    return warnings

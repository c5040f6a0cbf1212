"""From a profile to the article's advice: the diagnosis every pane and command shows.

Each number comes from `rules` (the article) or, where the article is silent, from an
extrapolation that is flagged and explained in `notes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartpick_tui.core import rules
from smartpick_tui.core.costs import fees
from smartpick_tui.core.profile import COMLEX_SOURCE, Profile, SchoolType, Step1Result
from smartpick_tui.core.reading import ScoreReading, band_label, read_band
from smartpick_tui.core.rules import Competitiveness, Situation
from smartpick_tui.core.specialties import Specialty, specialty_by_id

# AAMC ERAS statistics 2025 (mid-October, secondary): applications per applicant.
APPLICATIONS_PER_APPLICANT = {"us-md": 58, "us-do": 72, "img": 129}
VOLUME_SOURCE = "AAMC ERAS 2025: applications per applicant US MD 58, US DO 72, IMG 129 (secondary)"


def programs_in(specialty: Specialty) -> int | None:
    """How many programs of the specialty exist: NRMP 2025 (secondary), else the catalog's."""
    if specialty.nrmp_programs_2025:
        return specialty.nrmp_programs_2025
    from smartpick_tui.core.programs import shipped_catalog

    try:
        count = sum(1 for p in shipped_catalog() if p.specialty == specialty.id)
    except (OSError, ValueError, KeyError):
        return None
    return count or None


def volume_factor(school: SchoolType) -> float:
    """How much more volume DO and IMG applicants need than US MD (§2 'volume strategy')."""
    if school is SchoolType.US_MD:
        return 1.0
    key = "us-do" if school is SchoolType.US_DO else "img"
    return APPLICATIONS_PER_APPLICANT[key] / APPLICATIONS_PER_APPLICANT["us-md"]


@dataclass(frozen=True)
class Adjusted:
    """The app's own adjustment of one of the article's numbers, never shown as the article's."""

    value: int
    basis: str
    capped_at: int | None  # the number of programs that exist in the specialty, if it capped

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "basis": self.basis,
            "capped_at": self.capped_at,
            "is_article": False,
        }


@dataclass(frozen=True)
class Range:
    min: int
    max: int

    def to_json(self) -> dict[str, int]:
        return {"min": self.min, "max": self.max}

    def __str__(self) -> str:
        return f"{self.min}-{self.max}"


@dataclass(frozen=True)
class LeverageBar:
    label: str
    value: int
    is_user: bool


@dataclass(frozen=True)
class Diagnosis:
    profile: Profile
    specialty: Specialty
    leverage: int
    score_band: str
    leverage_bars: tuple[LeverageBar, ...]
    tier_guidance: str
    competitiveness: Competitiveness
    programs_to_apply: int  # the article's number (§3 Step 2), never scaled
    aways: Range
    aways_stretch: int | None
    interviews: Range
    interviews_extrapolated: bool
    interviews_basis: str
    emails_total: Range
    emails_radar: Range
    step2_power: str
    home_support_importance: str
    situation: rules.SituationRule
    mention_score_in_emails: bool
    score_threshold_for_emails: int
    letters: tuple[rules.LetterRule, ...]
    mistakes_to_avoid: tuple[rules.Mistake, ...]
    extrapolated: bool
    notes: tuple[str, ...] = field(default_factory=tuple)
    programs_to_apply_adjusted: Adjusted | None = None  # the DO/IMG volume strategy (the app's)
    reading: ScoreReading | None = None

    @property
    def list_size(self) -> int:
        """SmartPick's default list size: the volume strategy where it applies, else the article's."""
        adjusted = self.programs_to_apply_adjusted
        return adjusted.value if adjusted is not None else self.programs_to_apply

    def to_json(self) -> dict[str, Any]:
        """The public `advise --json` shape; keys are a stable interface."""
        return {
            "specialty": {
                "id": self.specialty.id,
                "name": self.specialty.name,
                "match": self.specialty.match,
                "match_name": self.specialty.match_info.name,
                "match_calendar": self.specialty.match_info.calendar,
            },
            "step2": self.profile.step2,
            "leverage": self.leverage,
            "score_band": self.score_band,
            "tier_guidance": self.tier_guidance,
            "competitiveness": self.competitiveness.value,
            "programs_to_apply": self.programs_to_apply,
            "programs_to_apply_adjusted": None
            if self.programs_to_apply_adjusted is None
            else self.programs_to_apply_adjusted.to_json(),
            "score_reading": None
            if self.reading is None
            else {
                "band": band_label(self.reading.band),
                "own_band": band_label(self.reading.own_band),
                "adjustments": list(self.reading.reasons),
            },
            "aways": self.aways.to_json(),
            "interviews": {
                **self.interviews.to_json(),
                "is_article": not self.interviews_extrapolated,
                "basis": self.interviews_basis,
            },
            "emails": {"total": self.emails_total.to_json(), "radar": self.emails_radar.to_json()},
            "step2_power": self.step2_power,
            "home_support_importance": self.home_support_importance,
            "situation": {
                "type": self.profile.situation.value,
                "title": self.situation.title,
                "step2_helps": self.situation.step2_helps,
                "workaround": self.situation.workaround,
            },
            "mention_score_in_emails": self.mention_score_in_emails,
            "score_threshold_for_emails": {
                "value": self.score_threshold_for_emails,
                "is_article": self.competitiveness is not Competitiveness.VERY_COMPETITIVE,
                "basis": rules.SCORE_IN_EMAIL_SOURCE
                if self.competitiveness is not Competitiveness.VERY_COMPETITIVE
                else rules.SCORE_IN_EMAIL_VC_REASON,
            },
            "letters": [
                {"priority": rule.priority, "kind": rule.kind.value, "title": rule.title}
                for rule in self.letters
            ],
            "mistakes_to_avoid": [rules.MISTAKES[m][0] for m in self.mistakes_to_avoid],
            "extrapolated": self.extrapolated,
            "notes": list(self.notes),
            "costs": self.costs_json(),
        }

    def costs_json(self) -> dict[str, Any]:
        """Application fees (the specialty's service: ERAS, ResidencyCAS...) of the article's
        list and of the app's adjusted one, VSLO per away."""
        table = fees()
        adjusted = self.programs_to_apply_adjusted
        specialty = self.specialty.id
        return {
            "programs_to_apply": table.application_json(specialty, self.programs_to_apply),
            "programs_to_apply_adjusted": None
            if adjusted is None
            else table.application_json(specialty, adjusted.value),
            "aways": {
                "applications": self.aways.max,
                "vslo_fees_usd": table.vslo(self.aways.max),
                "each_usd": table.vslo_each,
                "fee_year": table.year,
                "source": table.vslo_source,
            },
        }


def diagnose(profile: Profile) -> Diagnosis:
    """The article's advice for this profile; ProfileError when Step 2 CK (or COMLEX Level 2-CE,
    read through its Step 2 CK equivalent) is missing."""
    from_comlex = profile.step2_from_comlex
    profile = profile.scored()
    reading = read_band(profile)  # raises the ProfileError
    step2 = reading.step2
    specialty = specialty_by_id(profile.specialty)
    notes: list[str] = []
    extrapolated = False
    if from_comlex:
        notes.append(
            f"Step 2 CK {step2} is the equivalent of your COMLEX Level 2-CE {profile.comlex2}: "
            f"{COMLEX_SOURCE}."
        )

    if not specialty.in_main_match:
        notes.append(
            f"{specialty.name} does not use the NRMP Main Match ({specialty.match_info.name}); "
            "the article's numbers are applied by analogy."
        )
    for reason in specialty.extrapolation_reasons:
        extrapolated = True
        notes.append(f"Extrapolated — {reason}")

    band = rules.leverage_band(step2)
    tier = reading.band
    guidance = tier.text
    if tier.extrapolated:
        extrapolated = True
        notes.append(f"Extrapolated — {tier.reason}")
    if tier.low >= rules.STABLE_FLOOR_FROM:
        guidance = f"{guidance} {rules.STABLE_FLOOR_TEXT}"

    if reading.shifted:
        extrapolated = True
        flags = f" ({'; '.join(profile.red_flags)})" if profile.red_flags else ""
        notes.append(
            f"Extrapolated — {rules.TIER_ASSUMPTION} Your score is {reading.describe()}"
            f"{flags}; SmartPick builds that band's mix and weights regions with ties "
            "more."
        )

    competitiveness = specialty.competitiveness
    programs = rules.PROGRAMS_TO_APPLY[competitiveness]
    adjusted = None
    factor = volume_factor(profile.school)
    if factor != 1.0:
        extrapolated = True
        value = round(programs * factor)
        cap = programs_in(specialty)
        capped = cap if cap is not None and value > cap else None
        basis = (
            f"§2 volume strategy for DO/IMG applicants: the article's {programs} scaled by "
            f"{factor:.2f} ({VOLUME_SOURCE}); the app's own scaling"
        )
        if capped is not None:
            basis += f", capped at the {capped} {specialty.name} programs that exist"
        adjusted = Adjusted(min(value, capped or value), basis, capped)
        notes.append(
            f"Extrapolated — programs to apply: the article says {programs}; the app "
            f"suggests {adjusted.value} ({basis})."
        )

    away = rules.away_target(competitiveness)
    interviews = rules.INTERVIEW_TARGETS[competitiveness]
    if interviews.extrapolated:
        extrapolated = True
        notes.append(
            f"Interview target {interviews.min}-{interviews.max} is the app's estimate: {interviews.reason}"
        )

    threshold = rules.score_threshold_for_emails(competitiveness)
    mention = step2 >= threshold
    if competitiveness is Competitiveness.VERY_COMPETITIVE:
        extrapolated = True
        notes.append(f"Score-in-email threshold {threshold}: {rules.SCORE_IN_EMAIL_VC_REASON}")

    situation = rules.SITUATIONS[profile.situation]
    if profile.situation is Situation.DO_IMG and not profile.school.is_do_or_img:
        notes.append("Situation 'DO/IMG' was chosen with a US MD school; check the profile.")
    if profile.school.is_do_or_img and profile.situation is not Situation.DO_IMG:
        notes.append(
            "As a DO/IMG applicant, the §2 'volume strategy + targeted emails' applies "
            "on top of your situation's workaround."
        )
    if profile.step1 is Step1Result.FAIL_THEN_PASS:
        notes.append(rules.STEP1_FAIL_NOTE)

    needs_backup = step2 < rules.ARTICLE_SCORE_FLOOR or (
        competitiveness is Competitiveness.VERY_COMPETITIVE
        and specialty.step2_mean_2024 is not None
        and step2 < specialty.step2_mean_2024
    )
    if needs_backup and not profile.backup_specialty:
        notes.append(
            "Consider a backup specialty: many applicants in competitive fields carry "
            "one (FAQ 5), and your score is below the matched mean."
        )

    mistakes = list(rules.Mistake)
    if step2 >= rules.STABLE_FLOOR_FROM:
        notes.append("At ≥250, the first mistake to avoid is overweighting prestige (§3, §9).")

    return Diagnosis(
        profile=profile,
        specialty=specialty,
        leverage=band.leverage,
        score_band=band.key,
        leverage_bars=tuple(LeverageBar(b.label, b.leverage, b is band) for b in rules.LEVERAGE_BANDS),
        tier_guidance=guidance,
        competitiveness=competitiveness,
        programs_to_apply=programs,
        programs_to_apply_adjusted=adjusted,
        reading=reading,
        aways=Range(away.min, away.max),
        aways_stretch=away.stretch,
        interviews=Range(interviews.min, interviews.max),
        interviews_extrapolated=interviews.extrapolated,
        interviews_basis=interviews.reason,
        emails_total=Range(*rules.TOTAL_EMAILS_TARGET),
        emails_radar=Range(*rules.RADAR_EMAILS_TARGET),
        step2_power=specialty.group.step2_power,
        home_support_importance=specialty.group.home_support_importance,
        situation=situation,
        mention_score_in_emails=mention,
        score_threshold_for_emails=threshold,
        letters=rules.letter_priority(specialty.id),
        mistakes_to_avoid=tuple(mistakes),
        extrapolated=extrapolated,
        notes=tuple(notes),
    )

"""The per-program model: ESTIMATES derived from each program's own public facts.

Nothing here is published per program. Two parts:

- **The invitation model** (fitted, `data/model_coefficients.json`): per applicant type the
  chance that a program invites a typical applicant of that type, a logistic function of the
  program's public facts (`core.program_features`) with coefficients fitted by
  `bench/fit_model.py` to measured per-program interview rates (used only to fit and to
  check; docs/calibration.md). `core.fit` moves it with the applicant's own profile.
- **The descriptive labels** (the app's rules, below): selectivity, the §3 tier, the typical
  Step 2 CK, outside rotators and home saturation — over the sponsor's relation to a medical
  school (reviewed), that school's NIH research funding rank (Blue Ridge Institute 2024), how
  many specialties the sponsor trains in, the program's size where NRMP publishes it, its track.
  They label the program and shape the list's §3 mix; the chance comes from the fitted model.

The TUI shows these under "Estimates", the JSON under `estimates`, and `factors` lists what
moved each one. The crowdsourced IM IMG tier list is no input (a held-out check only).

The rules, one place each (numbers below; bench/calibration.py checks them against published
Match outcomes, docs/calibration.md holds the last report):

- **Selectivity** (0-1, continuous): a base per relation to a school, plus the school's NIH
  research index (1 for the most funded school, 0 for the least) for principal teaching
  hospitals (less for affiliates), plus sponsor breadth and program size. Research funding is
  the public fact closest to academic standing; no reputation ranking is used (SPEC §4b).
- **Tier** is a label over selectivity (`TIER_FROM`), in the article's §3 vocabulary.
- **Typical Step 2 CK of interviewed applicants** = the specialty's mean for matched US MD
  seniors (NRMP 2024, secondary) + `TYPICAL_SPAN` × (selectivity − `TYPICAL_CENTER`).
- **Openness** to DO, US IMG and non-US IMG applicants: where the fitted chance for a typical
  applicant of that type falls among the specialty's programs (1 = the most open).
- **Outside rotators / home saturation** (§4): a principal teaching hospital of a large
  research school fills electives with its own students; community programs lean on visitors.

A little over the ~450 lines a module aims at: the descriptive rules and the fitted model's
application share the per-catalog precomputation (`estimate`), and each rule keeps its number
beside it.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from statistics import mean

from smartpick_tui.core.profile import SchoolType
from smartpick_tui.core.program_facts import Campus, TrackType
from smartpick_tui.core.program_facts import facts_for as program_facts_for
from smartpick_tui.core.program_features import (
    FAMILIES,
    FAMILY_OF,
    FEATURES,
    INTERACT,
    SPECIALTY_INTERACT,
    SPECIALTY_PROXY,
    UNKNOWN_WORDS,
    Feature,
    feature_vector,
    unknown_sources,
)
from smartpick_tui.core.program_features import research_index as research_index
from smartpick_tui.core.programs import Estimates, Program, Setting, Tier, Track, shipped_catalog
from smartpick_tui.core.rules import Competitiveness
from smartpick_tui.core.specialties import UnknownSpecialty, all_specialties, specialty_by_id
from smartpick_tui.core.sponsors import Relation, SponsorFacts, sponsor_for
from smartpick_tui.locations import data_dir

ESTIMATE_NOTE = (
    "Estimates, not facts: the app's model over each program's public facts "
    "(its sponsor and school, the school's NIH research rank, city, region, track), its "
    "weights fitted to measured interview rates; see core/estimates.py and docs/calibration.md."
)
COEFFICIENTS_FILE = "model_coefficients.json"
# The coefficient file's key per applicant type, in `Estimates.invite_logit` order.
TYPE_KEYS: dict[SchoolType, str] = {
    SchoolType.US_MD: "md",
    SchoolType.US_DO: "do",
    SchoolType.US_IMG: "us_img",
    SchoolType.NON_US_IMG: "non_us_img",
}
TYPE_ORDER = tuple(TYPE_KEYS)
FACTORS_SHOWN = 3  # the facts that moved a type's chance most, per program

# --- selectivity ---------------------------------------------------------------------------
RELATION_BASE: dict[Relation, float] = {
    Relation.PRINCIPAL: 0.42,
    Relation.AFFILIATE: 0.30,
    Relation.NONE: 0.14,
    Relation.MILITARY: 0.40,
    Relation.UNKNOWN: 0.28,
}
RESEARCH_WEIGHT: dict[Relation, float] = {Relation.PRINCIPAL: 0.53, Relation.AFFILIATE: 0.20}
UNREVIEWED_RESEARCH = 0.40  # a university sponsor known only by the setting rule: mid research
SETTING_RELATION = {
    Setting.UNIVERSITY: Relation.PRINCIPAL,
    Setting.AFFILIATED: Relation.AFFILIATE,
    Setting.COMMUNITY: Relation.NONE,
}
# Breadth tells a big teaching hospital from a small one where no school's research rank does:
# in all the catalog's specialties +0.05, in one -0.05. Not for principal teaching hospitals,
# where it rewards breadth over standing (the first version's "top" rule; it lowered the
# agreement with the held-out IM tier list from 81% to 78%).
BREADTH_WEIGHT = 0.10
CATALOG_SPECIALTIES = 23
SIZE_WEIGHT = 0.04  # per doubling of positions over the specialty's average, capped at ±1 doubling
TRACK_SHIFT: dict[Track, float] = {Track.PRELIMINARY: -0.06, Track.TRANSITIONAL: -0.02}

TIER_FROM: tuple[tuple[Tier, float], ...] = (
    (Tier.TOP, 0.84),
    (Tier.MID_HIGH, 0.60),
    (Tier.LOW_MID, 0.33),
    (Tier.COMMUNITY, 0.0),
)

# --- derived fields ------------------------------------------------------------------------
TYPICAL_SPAN = 20.0  # Step 2 CK points from the least to the most selective program
TYPICAL_CENTER = 0.45
FALLBACK_CLASS = {Competitiveness.PRELIM_TY: Competitiveness.MODERATE}
DEFAULT_MEAN_2024 = 250  # NRMP 2024: all matched applicants 250.4 (secondary); unknown specialty


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


@cache
def class_mean_step2(competitiveness: Competitiveness) -> int:
    """Rounded mean of the published specialty means in one §3 competitiveness class."""
    competitiveness = FALLBACK_CLASS.get(competitiveness, competitiveness)
    values = [
        s.step2_mean_2024
        for s in all_specialties()
        if s.competitiveness is competitiveness and s.step2_mean_2024 is not None
    ]
    return round(mean(values)) if values else DEFAULT_MEAN_2024


@cache
def specialty_base(specialty_id: str) -> tuple[int, float | None, bool]:
    """(Step 2 CK base, average program size or None, very competitive?) for a specialty."""
    try:
        specialty = specialty_by_id(specialty_id)
    except UnknownSpecialty:
        return DEFAULT_MEAN_2024, None, False
    base = specialty.step2_mean_2024 or class_mean_step2(specialty.competitiveness)
    average = None
    if specialty.nrmp_programs_2025 and specialty.nrmp_positions_2025:
        average = specialty.nrmp_positions_2025 / specialty.nrmp_programs_2025
    very = specialty.competitiveness is Competitiveness.VERY_COMPETITIVE
    return base, average, very


def tier_label(selectivity: float) -> Tier:
    return next(tier for tier, low in TIER_FROM if selectivity >= low)


def typical_step2(specialty_id: str, selectivity: float) -> int:
    return round(typical_exact(specialty_id, selectivity))


def typical_exact(specialty_id: str, selectivity: float) -> float:
    """Unrounded: two programs a fraction of a point apart still get different chances."""
    base, _, _ = specialty_base(specialty_id)
    return base + TYPICAL_SPAN * (selectivity - TYPICAL_CENTER)


# A site or rural track trains away from the flagship (issue 22: Duke's rural FM track, Yale's
# Waterbury IM site, Baylor's Lufkin FM site read "top"): a site of a school's principal
# hospital is rated as an affiliate, a rural track as a community program.
CAMPUS_RELATION: dict[tuple[Campus, Relation], Relation] = {
    (Campus.SITE, Relation.PRINCIPAL): Relation.AFFILIATE,
    (Campus.RURAL, Relation.PRINCIPAL): Relation.NONE,
    (Campus.RURAL, Relation.AFFILIATE): Relation.NONE,
}


def _campus(program: Program) -> Campus:
    """Where the program trains: the catalog build's fact (data/program_facts.csv `campus`, the
    one rule: a named site in a city of its sponsor's main programs is main); main for a
    program without facts (an import)."""
    facts = program_facts_for(program)
    return facts.campus if facts is not None else Campus.MAIN


def _selectivity(program: Program, facts: SponsorFacts | None, campus: Campus) -> tuple[float, list[str]]:
    """Selectivity and the facts that moved it, in words."""
    factors: list[str] = []
    if facts is not None and facts.reviewed:
        relation = facts.relation
        research = research_index(facts)
    else:
        relation = SETTING_RELATION[program.setting]
        research = UNREVIEWED_RESEARCH if relation is not Relation.NONE else 0.0
    flagship = relation
    relation = CAMPUS_RELATION.get((campus, relation), relation)
    value = RELATION_BASE[relation]
    weight = RESEARCH_WEIGHT.get(relation, 0.0)
    if facts is not None and facts.reviewed and facts.school:
        rank = f"NIH rank {facts.nih_rank} of {facts.nih_ranked}" if facts.nih_rank else "not NIH-ranked"
        factors.append(f"{flagship.value} teaching site of {facts.school} ({rank}, 2024)")
    if relation is not flagship:
        factors.append(
            f"a {campus.value} track away from the sponsor's main hospital: rated as {relation.value}"
        )
    elif facts is not None and facts.reviewed:
        factors.append(f"{relation.value}: {facts.basis}")
    else:
        factors.append(f"{program.setting.value} by the catalog's name rule (no reviewed school)")
    value += weight * research
    if facts is not None and relation is not Relation.PRINCIPAL:
        breadth = BREADTH_WEIGHT * (min(facts.specialties, CATALOG_SPECIALTIES) / CATALOG_SPECIALTIES - 0.5)
        value += breadth
        factors.append(f"sponsor trains in {facts.specialties} specialties")
    _, average, _ = specialty_base(program.specialty)
    if program.positions and average:
        doublings = _clamp(math.log2(program.positions / average), -1.0, 1.0)
        value += SIZE_WEIGHT * doublings
        factors.append(
            f"{program.positions} positions ({program.positions_year or 'NRMP'}) vs {average:.0f} average"
        )
    shift = TRACK_SHIFT.get(program.track, 0.0)
    if shift:
        value += shift
        factors.append(f"{program.track.value} track")
    return _clamp(value, 0.02, 0.98), factors


@dataclass(frozen=True, slots=True)
class TypeModel:
    """One applicant type's fitted coefficients (data/model_coefficients.json)."""

    intercepts: Mapping[str, float]  # specialty -> intercept
    coefficients: tuple[float, ...]  # per entry of FEATURES (0 for a fact the file lacks)
    family: Mapping[str, tuple[float, ...]]  # family -> per entry of INTERACT
    specialty: Mapping[str, tuple[float, ...]]  # specialty -> per entry of SPECIALTY_INTERACT


@lru_cache(maxsize=1)
def coefficients() -> dict[SchoolType, TypeModel]:
    """The shipped fit, read once per process (bench/fit_model.py writes it)."""
    with (data_dir() / COEFFICIENTS_FILE).open(encoding="utf-8") as handle:
        data = json.load(handle)
    out: dict[SchoolType, TypeModel] = {}
    for school, key in TYPE_KEYS.items():
        block = data["types"][key]
        coefs = block["coefficients"]
        families = block.get("family_coefficients", {})
        out[school] = TypeModel(
            intercepts=dict(block["intercepts"]),
            coefficients=tuple(float(coefs.get(f.key, 0.0)) for f in FEATURES),
            family={f: tuple(float(families.get(f, {}).get(k, 0.0)) for k in INTERACT) for f in FAMILIES},
            specialty={
                name: tuple(float(devs.get(k, 0.0)) for k in SPECIALTY_INTERACT)
                for name, devs in block.get("specialty_coefficients", {}).items()
            },
        )
    return out


_INTERACT_AT = tuple(next(i for i, f in enumerate(FEATURES) if f.key == key) for key in INTERACT)
_SPECIALTY_AT = tuple(next(i for i, f in enumerate(FEATURES) if f.key == key) for key in SPECIALTY_INTERACT)


def _intercept(model: TypeModel, specialty: str) -> float:
    """The specialty's fitted level; a specialty without measured rates borrows its proxy's,
    and an unknown one the mean of all."""
    key = specialty if specialty in model.intercepts else SPECIALTY_PROXY.get(specialty, "")
    if key in model.intercepts:
        return model.intercepts[key]
    return mean(model.intercepts.values())


@lru_cache(maxsize=64)
def _effective(specialty: str) -> tuple[tuple[float, tuple[float, ...]], ...]:
    """Per type: (intercept, each fact's coefficient for this specialty: the shared one plus its
    family's deviation plus the specialty's own (or its proxy's)), computed once per specialty."""
    out = []
    for school in TYPE_ORDER:
        model = coefficients()[school]
        coefs = list(model.coefficients)
        family = model.family.get(FAMILY_OF.get(specialty, ""))
        if family is not None:
            for j, i in enumerate(_INTERACT_AT):
                coefs[i] += family[j]
        key = specialty if specialty in model.specialty else SPECIALTY_PROXY.get(specialty, "")
        own = model.specialty.get(key)
        if own is not None:
            for j, i in enumerate(_SPECIALTY_AT):
                coefs[i] += own[j]
        out.append((_intercept(model, specialty), tuple(coefs)))
    return tuple(out)


def _logit(intercept: float, coefs: Sequence[float], x: Sequence[float], nonzero: Sequence[int]) -> float:
    return intercept + sum(coefs[k] * x[k] for k in nonzero)


@lru_cache(maxsize=64)
def _reference(specialty: str) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
    """The shipped catalog's programs of one specialty: each fact's mean (what a program's own
    fact is compared with in `factors`) and, per type, the sorted logits (for percentiles)."""
    xs = [feature_vector(p) for p in shipped_catalog() if p.specialty == specialty]
    if not xs:
        return tuple(0.0 for _ in FEATURES), tuple(() for _ in TYPE_ORDER)
    means = tuple(sum(x[k] for x in xs) / len(xs) for k in range(len(FEATURES)))
    rows = [(x, [k for k, v in enumerate(x) if v]) for x in xs]  # most facts are 0 (states, tracks)
    logits = tuple(
        tuple(sorted(_logit(intercept, coefs, x, nonzero) for x, nonzero in rows))
        for intercept, coefs in _effective(specialty)
    )
    return means, logits


@lru_cache(maxsize=64)
def _absent_pulls(specialty: str) -> tuple[tuple[tuple[float, int, float], ...], ...]:
    """Per type: (|pull|, fact, pull) of each fact for a program that lacks it (value 0),
    largest first: coef × (0 − the specialty's mean)."""
    means = _reference(specialty)[0]
    return tuple(
        tuple(sorted(((abs(p), k, p) for k, c in enumerate(coefs) if (p := -c * means[k])), reverse=True))
        for _, coefs in _effective(specialty)
    )


def reference_logits(specialty: str, school: SchoolType) -> tuple[float, ...]:
    """The fitted logits of the shipped catalog's programs of `specialty` for a typical
    applicant of `school`, sorted."""
    return _reference(specialty)[1][TYPE_ORDER.index(school)]


def percentile(specialty: str, school: SchoolType, logit: float) -> float:
    """Share of the specialty's shipped programs whose chance for this type is below `logit`."""
    ordered = _reference(specialty)[1][TYPE_ORDER.index(school)]
    if not ordered:
        return 0.5
    return bisect.bisect_left(ordered, logit) / len(ordered)


# A sponsored-IMG track (NRMP "/Funded", "/SACM", "/Intl Scholars": positions a foreign
# government or institution pays for, for its own nationals) is open to those applicants only;
# the measured rates hold none, so a rule stands in: a typical applicant of any type is not
# invited (logit below), and the factor says why.
SPONSORED_IMG_LOGIT = -6.0
SPONSORED_IMG_WORDS = "sponsored-IMG track: positions funded from abroad for sponsored applicants only"


def _fact_words(feature: Feature, value: float, mean_value: float) -> str:
    """A fact as the program has it: "not: rural track" for a yes/no fact it lacks, "(more
    than most)" / "(less than most)" for a measure."""
    if feature.measure:
        return f"{feature.words} ({'more' if value > mean_value else 'less'} than most)"
    return feature.words if value else f"not: {feature.words}"


def _invitation(program: Program) -> tuple[tuple[float, ...], tuple[tuple[str, ...], ...]]:
    """Per type: the logit for a typical applicant and the facts that moved it most."""
    facts = program_facts_for(program)
    if facts is not None and facts.track_type is TrackType.SPONSORED_IMG:
        return tuple(SPONSORED_IMG_LOGIT for _ in TYPE_ORDER), tuple(
            (SPONSORED_IMG_WORDS,) for _ in TYPE_ORDER
        )
    x = feature_vector(program)
    means = _reference(program.specialty)[0]
    constants = _absent_pulls(program.specialty)
    nonzero = [k for k, v in enumerate(x) if v]
    taken = set(nonzero)
    logits: list[float] = []
    factors: list[tuple[str, ...]] = []
    for intercept, coefs in _effective(program.specialty):
        logits.append(intercept + sum(coefs[k] * x[k] for k in nonzero))
        # each fact's pull against the specialty's average program: coef × (fact − its mean);
        # for the facts the program lacks (most) it is the specialty's constant, sorted once
        pulls = [(abs(pull), k, pull) for k in nonzero if (pull := coefs[k] * (x[k] - means[k]))]
        pulls.extend(
            islice((item for item in constants[len(logits) - 1] if item[1] not in taken), FACTORS_SHOWN)
        )
        pulls.sort(reverse=True)
        factors.append(
            tuple(
                f"{_fact_words(FEATURES[k], x[k], means[k])} {pull:+.2f}"
                for size, k, pull in pulls[:FACTORS_SHOWN]
                if size >= 0.05
            )
        )
    return tuple(logits), tuple(factors)


def _estimate(program: Program) -> Estimates:
    facts = sponsor_for(program)
    campus = _campus(program)
    selectivity, factors = _selectivity(program, facts, campus)
    tier = tier_label(selectivity)
    exact = typical_exact(program.specialty, selectivity)
    typical = round(exact)
    base, _, _ = specialty_base(program.specialty)
    factors.append(
        f"selectivity {selectivity:.2f} → {tier.value}, typical Step 2 {typical} "
        f"({typical - base:+d} vs the specialty's {base})"
    )
    logits, invite_factors = _invitation(program)
    missing = unknown_sources(program)
    if missing:
        factors.append(
            f"unknown: {', '.join(UNKNOWN_WORDS[source] for source in missing)}; the chance uses "
            f"the average of the catalog's {program.setting.value} {program.specialty} programs for them"
        )
    open_ = {
        school: percentile(program.specialty, school, logits[TYPE_ORDER.index(school)])
        for school in TYPE_ORDER
    }
    if facts is not None and facts.relation is Relation.MILITARY:
        open_ = {school: 0.0 for school in open_}
        factors.append("military program: positions for service members")
    research = research_index(facts)  # the school's own rank, not the unreviewed stand-in
    # the flagship's own students fill its electives, not a site's or a rural track's
    principal = facts is not None and facts.relation is Relation.PRINCIPAL and campus is Campus.MAIN
    saturation = 0.45 + 0.45 * research if principal else 0.30 if selectivity >= 0.3 else 0.15
    return Estimates(
        tier=tier,
        typical_step2=typical,
        takes_outside_rotators=round(_clamp(0.88 - 0.55 * selectivity), 3),
        home_saturation=round(saturation, 3),
        do_friendly=round(open_[SchoolType.US_DO], 3),
        img_friendly=round(open_[SchoolType.US_IMG], 3),
        non_us_img_friendly=round(open_[SchoolType.NON_US_IMG], 3),
        selectivity=round(selectivity, 4),
        factors=tuple(factors),
        typical_exact=round(exact, 3),
        invite_logit=logits,
        invite_factors=invite_factors,
    )


def openness(estimates: Estimates, school: SchoolType) -> float:
    """How open the program is to applicants from `school` (estimate, 0-1: its place among the
    specialty's programs by the fitted chance for that type)."""
    # a branch, not a dict built per call: fit_all reads it once per program (issue 26)
    if school == SchoolType.US_MD:
        return 1.0
    if school == SchoolType.US_DO:
        return estimates.do_friendly
    if school == SchoolType.US_IMG:
        return estimates.img_friendly
    if school == SchoolType.NON_US_IMG:
        return estimates.non_us_img_friendly
    raise KeyError(school)


def invite_logit(estimates: Estimates, school: SchoolType) -> float:
    """The fitted logit of an invitation for a typical applicant of `school` (before `core.fit`
    moves it with the applicant's own profile)."""
    return estimates.invite_logit[TYPE_ORDER.index(school)]


# Per-catalog precomputation: what does not depend on the profile is computed once per program
# object and found again by identity (an int), never by hashing the whole dataclass (issue 26:
# an lru_cache keyed by Program thrashed above 65,536 programs). The table holds each program
# object, so an id is never reused while its entry lives; it is cleared when it outgrows
# MAX_PRECOMPUTED (two large catalogs' worth).
MAX_PRECOMPUTED = 400_000
_precomputed: dict[int, tuple[Program, Estimates]] = {}


def estimate(program: Program) -> Estimates:
    """The modeled fields (estimates) for one program."""
    entry = _precomputed.get(id(program))
    if entry is not None and entry[0] is program:
        return entry[1]
    result = _estimate(program)
    if len(_precomputed) >= MAX_PRECOMPUTED:
        _precomputed.clear()
    _precomputed[id(program)] = (program, result)
    return result


def estimate_all(programs: Iterable[Program]) -> list[Estimates]:
    """`estimate` for many programs (each computed once per program object)."""
    return [estimate(p) for p in programs]


def estimates_json(estimates: Estimates) -> dict[str, object]:
    """The `estimates` object of the JSON interface; every key is an estimate."""
    return {
        "tier": estimates.tier.value,
        "selectivity": estimates.selectivity,
        "typical_step2": estimates.typical_step2,
        "takes_outside_rotators": estimates.takes_outside_rotators,
        "home_saturation": estimates.home_saturation,
        "do_friendly": estimates.do_friendly,
        "img_friendly": estimates.img_friendly,
        "non_us_img_friendly": estimates.non_us_img_friendly,
        "factors": list(estimates.factors),
        "typical_applicant_invite_chance": {
            TYPE_KEYS[school]: round(1.0 / (1.0 + math.exp(-logit)), 4)
            for school, logit in zip(TYPE_ORDER, estimates.invite_logit, strict=False)
        },
        "invite_factors": {
            TYPE_KEYS[school]: list(moved)
            for school, moved in zip(TYPE_ORDER, estimates.invite_factors, strict=False)
        },
        "note": ESTIMATE_NOTE,
    }

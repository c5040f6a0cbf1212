"""The public facts of a program as numbers: the inputs of the fitted invitation model.

One function per fact, each a public fact of the catalog (data/PROGRAMS.md) or of its sponsor
(data/sponsors.csv): how the sponsor relates to a medical school, that school's NIH research
rank, how many specialties and programs the sponsor runs, the Census division, the track and
the qualifiers in the NRMP title. Never the program's identity or name as such: no feature
can single a program out (the fit would learn the program, not the fact).

`FEATURES` is the one list both sides read — `bench/fit_model.py` fits a coefficient per entry
and `core.estimates` applies them — so a new fact (a new `Program` or `SponsorFacts` field) is
one more entry here, then `python bench/fit_model.py` refits. An entry the shipped coefficient
file does not name counts zero (the app keeps working between the two steps).

Longer than the ~450 lines a module aims at: the list is the model's one source of truth for
what a fact is, how it is computed and when a program cannot have it (`UNKNOWN_WHEN`); the fit
and the app read it together, so splitting the facts from their list would put the two halves
of one definition in two files.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from smartpick_tui.core.geo import locate
from smartpick_tui.core.geography import STATE_DIVISION, STATE_NAME
from smartpick_tui.core.program_facts import Campus, Osteopathic, ProgramFacts, TrackType, facts_for
from smartpick_tui.core.programs import Program, Setting, Track, shipped_catalog
from smartpick_tui.core.sponsors import Relation, SponsorFacts, sponsor_for


@dataclass(frozen=True, slots=True)
class Facts:
    """What a feature may read: the program's catalog row and its sponsor's facts."""

    program: Program
    sponsor: SponsorFacts | None
    title: str  # the NRMP title before " - " (specialty, track and site qualifiers)
    facts: ProgramFacts | None  # data/program_facts.csv (None for an imported program)


@dataclass(frozen=True, slots=True)
class Feature:
    key: str  # the name in data/model_coefficients.json
    words: str  # how `factors` says it ("principal teaching hospital of a medical school")
    value: Callable[[Facts], float]
    measure: bool = False  # a quantity (more / less than most), not a yes/no fact
    # The source the fact comes from when a program may lack it (`UNKNOWN_WHEN`): "school",
    # "sponsor", "facts", "code", "city" or "geo"; "" for a fact every program has (its specialty,
    # state, setting, track, the catalog's counts around it).
    needs: str = ""


def _relation(relation: Relation) -> Callable[[Facts], float]:
    def value(f: Facts) -> float:
        if f.sponsor is None or not f.sponsor.reviewed:
            return 0.0
        return 1.0 if f.sponsor.relation is relation else 0.0

    return value


def _setting(setting: Setting) -> Callable[[Facts], float]:
    return lambda f: 1.0 if f.program.setting is setting else 0.0


def research_index(sponsor: SponsorFacts | None) -> float:
    """1.0 for the most NIH-funded school, 0.0 for the least funded one (or none listed)."""
    if sponsor is None or not sponsor.school or sponsor.nih_rank is None or sponsor.nih_ranked < 2:
        return 0.0
    return 1.0 - (sponsor.nih_rank - 1) / (sponsor.nih_ranked - 1)


def _research_principal(f: Facts) -> float:
    principal = f.sponsor is not None and f.sponsor.reviewed and f.sponsor.relation is Relation.PRINCIPAL
    return research_index(f.sponsor) if principal else 0.0


def _research_affiliate(f: Facts) -> float:
    affiliate = f.sponsor is not None and f.sponsor.reviewed and f.sponsor.relation is Relation.AFFILIATE
    return research_index(f.sponsor) if affiliate else 0.0


def _log_specialties(f: Facts) -> float:
    return math.log2(f.sponsor.specialties) if f.sponsor is not None and f.sponsor.specialties > 0 else 0.0


def _single_specialty(f: Facts) -> float:
    return 1.0 if f.sponsor is not None and f.sponsor.specialties <= 1 else 0.0


def _log_programs(f: Facts) -> float:
    return math.log2(f.sponsor.programs) if f.sponsor is not None and f.sponsor.programs > 0 else 0.0


def _division(name: str) -> Callable[[Facts], float]:
    return lambda f: 1.0 if STATE_DIVISION.get(f.program.state, "") == name else 0.0


def _track(track: Track) -> Callable[[Facts], float]:
    return lambda f: 1.0 if f.program.track is track else 0.0


@lru_cache(maxsize=16384)
def _city_size(city: str, state: str) -> float | None:
    place = locate(city, state)
    return math.log10(max(1000, place.population)) - 3.0 if place is not None else None


def _city_log_size(f: Facts) -> float | None:
    """log10 of the program city's population over 1,000 (GeoNames), or None (not a listed
    place): the build's `city_population` for a shipped program (no gazetteer to load), the
    gazetteer itself for an imported one."""
    if f.facts is not None:
        people = f.facts.city_population
        return math.log10(max(1000, people)) - 3.0 if people is not None else None
    return _city_size(f.program.city, f.program.state)


def _log_population(f: Facts) -> float:
    """log10 of the program city's population over 1,000 (GeoNames); 0 when unknown."""
    return _city_log_size(f) or 0.0


def _institution_code(program: Program) -> str:
    """The NRMP institution number (4 digits) the program's code or, for a shipped SF Match or
    AUA row without one, its id starts with (as `core.sponsors.sponsor_for` reads it); ""."""
    code = program.nrmp_code or (program.id if not program.imported else "")
    return code[:4] if code[:4].isdigit() else ""


def _sponsor_number(f: Facts) -> float:
    """The sponsor's NRMP institution number, 0 to ~2.7: NRMP numbers its institutions as they
    join, so a higher number is a sponsor that joined the Match later (newer programs take
    more DO and IMG applicants)."""
    code = _institution_code(f.program)
    return (int(code) - 1000) / 1000 if code else 0.0


def _state(code: str) -> Callable[[Facts], float]:
    return lambda f: 1.0 if f.program.state == code else 0.0


def _track_type(kind: TrackType) -> Callable[[Facts], float]:
    return lambda f: 1.0 if f.facts is not None and f.facts.track_type is kind else 0.0


def _campus(kind: Campus) -> Callable[[Facts], float]:
    return lambda f: 1.0 if f.facts is not None and f.facts.campus is kind else 0.0


def _osteopathic_kind(kind: Osteopathic) -> Callable[[Facts], float]:
    return lambda f: 1.0 if f.facts is not None and f.facts.osteopathic is kind else 0.0


def _acgme_new(f: Facts) -> float:
    """The program's ACGME id is of the new ("00") numbering: accredited recently (or moved
    from AOA accreditation under single accreditation)."""
    return 1.0 if f.facts is not None and f.facts.acgme_series == "new" else 0.0


def _sponsor_new(f: Facts) -> float:
    return 1.0 if f.facts is not None and f.facts.sponsor_acgme_series == "new" else 0.0


def _acgme_seq(f: Facts) -> float:
    """How late in the new numbering (0 to ~1): later ids are younger programs."""
    if f.facts is None or f.facts.acgme_seq is None:
        return 0.0
    return f.facts.acgme_seq / 1000.0


def _log_tracks_at_site(f: Facts) -> float:
    """log2 of the sponsor's NRMP tracks of the specialty in the program's city: a size proxy
    for every state (data/program_facts.csv)."""
    tracks = f.facts.tracks_at_site if f.facts is not None else None
    return math.log2(tracks) if tracks else 0.0


def _log_h1b_lcas(f: Facts) -> float:
    """log2(1 + the sponsor's H-1B labor condition applications for residents and fellows) in
    the DOL disclosure extracts read (data/program_facts.csv): a sponsor that files H-1B
    petitions for trainees takes applicants who need one. 0 where none was read (which does not
    prove it never files: two quarters are covered)."""
    return math.log2(1 + f.facts.sponsor_h1b_resident_lcas) if f.facts is not None else 0.0


def _h1b_years(f: Facts) -> float:
    """Fiscal years in which the sponsor filed one (0-2 in the extracts read)."""
    return float(f.facts.sponsor_h1b_years) if f.facts is not None else 0.0


def _img_track_sponsor(f: Facts) -> float:
    """The sponsor runs a sponsored-IMG or IMG-pathway track: it trains IMGs."""
    return 1.0 if f.facts is not None and f.facts.sponsor_img_track else 0.0


@lru_cache(maxsize=1)
def _catalog_counts() -> tuple[Counter[tuple[str, ...]], int]:
    """Counts over the shipped catalog (public NRMP program list): programs per specialty ×
    city, specialty × state, city, state and specialty, and the catalog's size."""
    counts: Counter[tuple[str, ...]] = Counter()
    catalog = shipped_catalog()
    for p in catalog:
        counts["spec_city", p.specialty, p.city, p.state] += 1
        counts["spec_state", p.specialty, p.state] += 1
        counts["city", p.city, p.state] += 1
        counts["state", p.state] += 1
        counts["spec", p.specialty] += 1
    return counts, len(catalog)


def _log_spec_city(f: Facts) -> float:
    """log2 of the specialty's programs in the program's city (a hub of training programs draws
    its applicants across many of them; a lone program in a town draws few)."""
    p = f.program
    return math.log2(max(1, _catalog_counts()[0]["spec_city", p.specialty, p.city, p.state]))


def _log_spec_state(f: Facts) -> float:
    """log2 of the specialty's programs in the program's state."""
    p = f.program
    return math.log2(max(1, _catalog_counts()[0]["spec_state", p.specialty, p.state]))


def _log_city_programs(f: Facts) -> float:
    """log2 of all programs (every specialty) in the program's city: an academic hub."""
    p = f.program
    return math.log2(max(1, _catalog_counts()[0]["city", p.city, p.state]))


def _spec_state_share(f: Facts) -> float:
    """The state's share of the specialty's programs over its share of all programs (log): a
    state with many programs of the specialty for its size."""
    counts, total = _catalog_counts()
    p = f.program
    spec, state = counts["spec", p.specialty], counts["state", p.state]
    here = counts["spec_state", p.specialty, p.state]
    if not (spec and state and here):
        return 0.0
    return math.log(here / spec) - math.log(state / total)


def _log_faculty(f: Facts) -> float:
    """log2 of the sponsor's school's faculty (AAMC faculty roster 2024); 0 when unknown."""
    faculty = f.sponsor.faculty if f.sponsor is not None else None
    return math.log2(faculty) if faculty else 0.0


def _faculty_known(f: Facts) -> float:
    return 1.0 if f.sponsor is not None and f.sponsor.faculty else 0.0


def _sponsor_ownership(kind: str) -> Callable[[Facts], float]:
    """The ownership CMS records for the sponsor's main hospital (data/program_facts.csv,
    `sponsor_ownership`): for-profit hospitals interview more IMGs and fewer US MDs. 0 where no
    hospital is paired with the sponsor (unknown)."""
    return lambda f: 1.0 if f.facts is not None and f.facts.sponsor_ownership == kind else 0.0


def _log_people_near(f: Facts) -> float:
    """log10 of the people within 30 miles of the program's city over 1,000 (its metro area
    across city lines, where `log_population` sees one city)."""
    people = f.facts.people_within_30mi if f.facts is not None else None
    return math.log10(max(1000, people)) - 3.0 if people is not None else 0.0


def _log_peers_near(f: Facts) -> float:
    """log2(1 + other sponsors' programs of the specialty within 50 miles)."""
    peers = f.facts.peers_within_50mi if f.facts is not None else None
    return math.log2(1 + peers) if peers is not None else 0.0


DIVISIONS = (
    "New England",
    "Middle Atlantic",
    "East North Central",
    "West North Central",
    "South Atlantic",
    "East South Central",
    "West South Central",
    "Mountain",
    "Pacific",
)

# Facts whose weight may differ at university and at community programs: each is also a fact
# of its own, the product of the catalog's setting and the fact (a community hospital in a
# small town and a university department in one draw their applicants differently). Appended
# after FEATURES (below), each with its base fact's source (`needs`), so an unknown base fact
# is unknown here too. The fit reads them like any fact (bench/fit_model.py; docs/calibration.md
# says what they add).
SETTING_INTERACT = (
    "log_population",
    "log_spec_city",
    "log_city_programs",
    "sponsor_number",
    "log_tracks_at_site",
    "log_spec_state",
)


def _setting_interactions(features: Sequence[Feature]) -> tuple[Feature, ...]:
    """One fact per setting (university, community) and entry of SETTING_INTERACT: the base
    fact at programs of that setting, 0 elsewhere."""
    base = {f.key: f for f in features}
    out = []
    for setting, word in ((Setting.UNIVERSITY, "university"), (Setting.COMMUNITY, "community")):
        for key in SETTING_INTERACT:
            feature = base[key]
            out.append(
                Feature(
                    f"{word}_x_{key}",
                    f"{feature.words}, at a {word} program",
                    _times_setting(setting, feature.value),
                    measure=True,
                    needs=feature.needs,
                )
            )
    return tuple(out)


def _times_setting(setting: Setting, value: Callable[[Facts], float]) -> Callable[[Facts], float]:
    return lambda f: value(f) if f.program.setting is setting else 0.0


FEATURES: tuple[Feature, ...] = (
    Feature("setting_university", "university setting (catalog rule)", _setting(Setting.UNIVERSITY)),
    Feature("setting_affiliated", "university-affiliated setting", _setting(Setting.AFFILIATED)),
    Feature(
        "principal",
        "principal teaching hospital of a medical school",
        _relation(Relation.PRINCIPAL),
        needs="school",
    ),
    Feature("affiliate", "affiliate of a medical school", _relation(Relation.AFFILIATE), needs="school"),
    Feature(
        "no_school",
        "community hospital without a medical school (reviewed)",
        _relation(Relation.NONE),
        needs="school",
    ),
    Feature(
        "research_principal",
        "its school's NIH research funding",
        _research_principal,
        measure=True,
        needs="school",
    ),
    Feature(
        "research_affiliate",
        "its affiliated school's NIH research funding",
        _research_affiliate,
        measure=True,
        needs="school",
    ),
    Feature(
        "log_specialties",
        "number of specialties the sponsor trains in",
        _log_specialties,
        measure=True,
        needs="sponsor",
    ),
    Feature("single_specialty", "single-specialty sponsor", _single_specialty, needs="sponsor"),
    Feature(
        "log_programs", "number of programs the sponsor runs", _log_programs, measure=True, needs="sponsor"
    ),
    Feature("site_track", "a site track of the sponsor", _campus(Campus.SITE), needs="facts"),
    Feature("rural_track", "a rural track", _campus(Campus.RURAL), needs="facts"),
    Feature("primary_care_track", "primary-care track", _track_type(TrackType.PRIMARY_CARE), needs="facts"),
    Feature("advanced_track", "advanced (PGY-2) track", _track(Track.ADVANCED)),
    Feature("research_track", "research track", _track_type(TrackType.RESEARCH), needs="facts"),
    Feature("pstp_track", "physician-scientist track", _track_type(TrackType.PSTP), needs="facts"),
    Feature(
        "sponsored_img_track", "sponsored-IMG track", _track_type(TrackType.SPONSORED_IMG), needs="facts"
    ),
    Feature("osteopathic_track", "osteopathic track", _osteopathic_kind(Osteopathic.TRACK), needs="facts"),
    Feature(
        "osteopathic_sponsor",
        "sponsor is an osteopathic college or OPTI",
        _osteopathic_kind(Osteopathic.SPONSOR_SCHOOL),
        needs="facts",
    ),
    Feature(
        "osteopathic_sister",
        "sponsor runs an osteopathic track",
        _osteopathic_kind(Osteopathic.SPONSOR_TRACK),
        needs="facts",
    ),
    Feature("acgme_new", "recently accredited (new ACGME numbering)", _acgme_new, needs="facts"),
    Feature("sponsor_acgme_new", "sponsor new to ACGME accreditation", _sponsor_new, needs="facts"),
    Feature("acgme_seq", "how recently it was accredited", _acgme_seq, measure=True, needs="facts"),
    Feature(
        "log_tracks_at_site",
        "tracks of the specialty at its site (size)",
        _log_tracks_at_site,
        measure=True,
        needs="facts",
    ),
    Feature("log_population", "size of its city", _log_population, measure=True, needs="city"),
    Feature(
        "log_h1b_lcas",
        "its sponsor's H-1B filings for residents (DOL)",
        _log_h1b_lcas,
        measure=True,
        needs="facts",
    ),
    Feature(
        "h1b_years", "years its sponsor filed H-1B for residents", _h1b_years, measure=True, needs="facts"
    ),
    Feature("img_track_sponsor", "its sponsor runs an IMG track", _img_track_sponsor, needs="facts"),
    Feature(
        "sponsor_number",
        "how recently its sponsor joined the NRMP Match",
        _sponsor_number,
        measure=True,
        needs="code",
    ),
    Feature("log_spec_city", "programs of the specialty in its city", _log_spec_city, measure=True),
    Feature("log_spec_state", "programs of the specialty in its state", _log_spec_state, measure=True),
    Feature("log_city_programs", "training programs in its city", _log_city_programs, measure=True),
    Feature(
        "spec_state_share", "its state's share of the specialty's programs", _spec_state_share, measure=True
    ),
    Feature("log_faculty", "its school's faculty size", _log_faculty, measure=True, needs="sponsor"),
    Feature("faculty_known", "its school's faculty size published", _faculty_known, needs="sponsor"),
    *(
        Feature(f"state_{code.lower()}", f"in {STATE_NAME[code]}", _state(code))
        for code in sorted(STATE_NAME)
    ),
    *(
        Feature(f"division_{name.lower().replace(' ', '_')}", f"in the {name} division", _division(name))
        for name in DIVISIONS
    ),
    Feature(
        "for_profit_hospital",
        "its sponsor's hospital is for-profit (CMS)",
        _sponsor_ownership("for-profit"),
        needs="facts",
    ),
    Feature("log_people_near", "people within 30 miles", _log_people_near, measure=True, needs="geo"),
    Feature(
        "log_peers_near",
        "other sponsors' programs of the specialty within 50 miles",
        _log_peers_near,
        measure=True,
        needs="geo",
    ),
)

FEATURES = (*FEATURES, *_setting_interactions(FEATURES))


# Specialty families: a fact may weigh differently in each (research rank in surgery vs primary
# care); the fit gives each family a deviation from the shared coefficient for the facts in
# INTERACT, penalised harder than the shared ones. A specialty the ground truth lacks borrows
# a measured one's level (SPECIALTY_PROXY; data/PROGRAMS.md and docs/calibration.md say which).
FAMILY_OF: dict[str, str] = {
    "internal-medicine": "primary",
    "family-medicine": "primary",
    "pediatrics": "primary",
    "psychiatry": "primary",
    "neurology": "primary",
    "pmr": "primary",
    "pathology": "primary",
    "preliminary-medicine": "primary",
    "transitional-year": "primary",
    "emergency-medicine": "acute",
    "anesthesiology": "acute",
    "obstetrics-gynecology": "acute",
    "diagnostic-radiology": "acute",
    "radiation-oncology": "acute",
    "general-surgery": "surgical",
    "preliminary-surgery": "surgical",
    "orthopaedic-surgery": "surgical",
    "otolaryngology": "surgical",
    "neurological-surgery": "surgical",
    "thoracic-surgery": "surgical",
    "vascular-surgery": "surgical",
    "plastic-surgery": "surgical",
    "urology": "surgical",
    "ophthalmology": "surgical",
    "dermatology": "surgical",
}
FAMILIES = ("primary", "acute", "surgical")
INTERACT = (
    "principal",
    "no_school",
    "research_principal",
    "log_specialties",
    "log_population",
    "sponsor_number",
    "single_specialty",
)
# Facts whose weight each measured specialty may move on its own (a penalised deviation from
# the shared and family coefficient): the out-of-fold check says the signs differ by specialty
# (an NIH-ranked school raises the measured MD rate in anesthesiology and lowers it in surgery).
SPECIALTY_INTERACT = (
    *INTERACT,
    "setting_university",
    "log_tracks_at_site",
    "log_spec_city",
    "log_city_programs",
    "log_spec_state",
    "osteopathic_sponsor",
    "acgme_new",
    "log_h1b_lcas",
)
SPECIALTY_PROXY: dict[str, str] = {
    "preliminary-medicine": "internal-medicine",
    "transitional-year": "internal-medicine",
    "preliminary-surgery": "general-surgery",
    "plastic-surgery": "otolaryngology",
    "urology": "otolaryngology",
    "ophthalmology": "dermatology",
}


def facts_of(program: Program) -> Facts:
    return Facts(program, sponsor_for(program), program.name.split(" - ", 1)[0], facts_for(program))


# A fact a program cannot have is unknown, not "no": a program a user imports from a CSV has no
# sponsor, no program facts and no NRMP code, and reading each of those facts as 0 put it where
# no fitted program is (a community hospital without a school, no H-1B filings, the oldest NRMP
# number at once: an extrapolated chance, higher for a DO than for an MD in IM). Each source a
# program lacks (`Feature.needs`) takes its specialty's mean over the shipped catalog's programs
# that have it, so an unknown program sits at its specialty's typical chance for what is not
# known, moved by what is (its state, city, setting, track). The fit reads the same
# vectors (bench/fit_model.py), so the app and the coefficients agree.
UNKNOWN_WHEN: dict[str, Callable[[Facts], bool]] = {
    "school": lambda f: f.sponsor is None or not f.sponsor.reviewed,
    "sponsor": lambda f: f.sponsor is None,
    "facts": lambda f: f.facts is None,
    "code": lambda f: not _institution_code(f.program),
    "city": lambda f: _city_log_size(f) is None,
    "geo": lambda f: f.facts is None or f.facts.people_within_30mi is None,
}
# How `factors` names a missing source.
UNKNOWN_WORDS = {
    "school": "its relation to a medical school",
    "sponsor": "its sponsor",
    "facts": "its program facts",
    "code": "its NRMP code",
    "city": "its city",
    "geo": "the people and programs around it",
}
_NEEDS_AT = {group: tuple(i for i, f in enumerate(FEATURES) if f.needs == group) for group in UNKNOWN_WHEN}

# The one-hot entries (state, division) are set by index rather than by calling each entry's
# function: the same values, 60 calls fewer per program (estimates for 100k imported programs).
_STATE_AT = {
    f.key.removeprefix("state_").upper(): i for i, f in enumerate(FEATURES) if f.key.startswith("state_")
}
_DIVISION_AT = {
    name: next(i for i, f in enumerate(FEATURES) if f.key == f"division_{name.lower().replace(' ', '_')}")
    for name in DIVISIONS
}
# A setting interaction is its base fact's value at programs of its setting: copied from the
# base entry (computed first) instead of computing the fact again.
_SETTING_WORD = {"university": Setting.UNIVERSITY, "community": Setting.COMMUNITY}
_INTERACTION_AT = tuple(
    (
        i,
        next(j for j, g in enumerate(FEATURES) if g.key == f.key.split("_x_", 1)[1]),
        _SETTING_WORD[f.key.split("_x_", 1)[0]],
    )
    for i, f in enumerate(FEATURES)
    if "_x_" in f.key
)
_GENERAL = tuple(
    (i, f)
    for i, f in enumerate(FEATURES)
    if not f.key.startswith(("state_", "division_")) and "_x_" not in f.key
)


def unknown_sources(program: Program) -> tuple[str, ...]:
    """The sources of facts (`UNKNOWN_WHEN` keys) the program lacks, in that order."""
    entry = _shipped_vectors().get(id(program))
    if entry is not None and entry[0] is program:
        return entry[2]
    facts = facts_of(program)
    return tuple(group for group, missing in UNKNOWN_WHEN.items() if missing(facts))


def _raw_vector(program: Program, facts: Facts) -> list[float]:
    """Every entry of `FEATURES` as the program has it (0 for a fact it lacks)."""
    values = [0.0] * len(FEATURES)
    for i, feature in _GENERAL:
        values[i] = feature.value(facts)
    state = _STATE_AT.get(program.state)
    if state is not None:
        values[state] = 1.0
    division = _DIVISION_AT.get(STATE_DIVISION.get(program.state, ""))
    if division is not None:
        values[division] = 1.0
    for i, base, setting in _INTERACTION_AT:
        if program.setting is setting:
            values[i] = values[base]
    return values


@lru_cache(maxsize=1)
def _shipped_raw() -> tuple[tuple[Program, tuple[float, ...], tuple[str, ...]], ...]:
    """Each shipped program with its raw facts and the sources it lacks (computed once)."""
    out = []
    for p in shipped_catalog():
        facts = facts_of(p)
        missing = tuple(group for group, test in UNKNOWN_WHEN.items() if test(facts))
        out.append((p, tuple(_raw_vector(p, facts)), missing))
    return tuple(out)


# The fewest shipped programs of a specialty and setting whose mean an unknown fact takes;
# below it, the specialty's mean over every setting.
MIN_PEERS = 10


@lru_cache(maxsize=256)
def known_means(specialty: str, setting: Setting) -> tuple[float, ...]:
    """Each fact's mean over the shipped programs of `specialty` and `setting` (the catalog's
    name rule, known for every program) that have its source: what an unknown fact is read
    as. A setting with fewer than MIN_PEERS such programs takes the specialty's mean, a
    specialty the catalog lacks the whole catalog's."""
    everything = _shipped_raw()
    pools = (
        [row for row in everything if row[0].specialty == specialty and row[0].setting is setting],
        [row for row in everything if row[0].specialty == specialty],
        list(everything),
    )
    out = []
    for k, feature in enumerate(FEATURES):
        for pool in pools:
            values = [x[k] for _, x, missing in pool if not (feature.needs and feature.needs in missing)]
            if len(values) >= MIN_PEERS or pool is pools[-1]:
                out.append(sum(values) / len(values) if values else 0.0)
                break
    return tuple(out)


def _filled(program: Program, x: list[float], missing: Sequence[str]) -> tuple[float, ...]:
    if missing:
        means = known_means(program.specialty, program.setting)
        for group in missing:
            for i in _NEEDS_AT[group]:
                x[i] = means[i]
    return tuple(x)


@lru_cache(maxsize=1)
def _shipped_vectors() -> dict[int, tuple[Program, tuple[float, ...], tuple[str, ...]]]:
    """The shipped catalog's vectors and missing sources, computed once per process and found
    by the program object's identity (the estimates of the shipped catalog read each program's
    twice: for the specialty's reference and for the program itself)."""
    return {id(p): (p, _filled(p, list(x), missing), missing) for p, x, missing in _shipped_raw()}


def feature_vector(program: Program) -> tuple[float, ...]:
    """The program's value of every entry of `FEATURES`, in order; a fact whose source the
    program lacks is its specialty's mean (`UNKNOWN_WHEN`)."""
    entry = _shipped_vectors().get(id(program))
    if entry is not None and entry[0] is program:
        return entry[1]
    facts = facts_of(program)
    missing = [group for group, test in UNKNOWN_WHEN.items() if test(facts)]
    return _filled(program, _raw_vector(program, facts), missing)

"""The per-program model on the shipped catalog: programs are told apart, well-known programs sit
where people who know residency programs put them, the estimates follow published outcomes."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.core.program_facts import Campus, TrackType, facts_for
from smartpick_tui.core.program_features import feature_vector
from smartpick_tui.core.programs import Tier, Track, shipped_catalog
from smartpick_tui.core.rules import Situation
from smartpick_tui.core.smartpick import distribution, run_smartpick
from smartpick_tui.core.sponsors import Relation, sponsor_table

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SPECIALTIES = (
    "internal-medicine",
    "emergency-medicine",
    "general-surgery",
    "pediatrics",
    "psychiatry",
)

# Well-known academic programs, by the 4-digit NRMP code of their sponsor (NRMP's spelling;
# each checked against data/programs.csv). Extend freely.
REFERENCE_TOP = {
    "1261": "Massachusetts Gen Hosp",
    "1265": "Brigham & Womens Hosp",
    "1242": "Johns Hopkins Hosp",
    "1062": "UC San Francisco",
    "1628": "Hosp of the Univ of PA",
    "1495": "NYP Hosp-Columbia Univ Med Ctr",
    "1492": "NYP Hosp-Weill Cornell Med Ctr",
    "1328": "Mayo Clinic School of Grad Med Educ",
    "1968": "Cleveland Clinic Fdn",
    "1529": "Duke Univ Med Ctr",
    "1820": "Stanford Health Care",
    "1353": "Barnes-Jewish Hosp",
    "1293": "U Michigan Hosps-Ann Arbor",
    "1702": "Vanderbilt Univ Med Ctr",
    "1956": "UCLA Med Ctr",
    "2247": "Northwestern McGaw/NMH/VA",
    # pediatrics: the children's hospitals of those schools
    "1259": "Childrens Hospital-Boston",
    "1863": "Childrens Hosp-Philadelphia",
    "1869": "St Louis Childrens Hosp",
    "1842": "Northwestern McGaw/Lurie Childrens",
}
# Clearly community programs, and the academic ones the first version wrongly put beside the
# reference set; none may be in the most selective group.
NOT_TOP = {
    "1001": "Kaiser Permanente-Woodland Hills",
    "1061": "CA Pacific Med Center",
    "1330": "Abbott Northwestern Hosp",
    "1057": "St Marys Med Ctr-SF",
    "2114": "Charles R Drew University",
    "1426": "SUNY HSC Brooklyn",
    "1871": "U Arkansas-Fayetteville Comm Progs",
    "1024": "Loma Linda University",
    "1217": "U Louisville SOM",
    "1714": "U Texas Med Branch-Galveston",
    "1224": "LSU SOM-New Orleans",
}


def test_reference_programs_are_in_the_most_selective_group() -> None:
    catalog = shipped_catalog()
    institutions = {p.id[:4]: p.institution for p in catalog}
    assert {code: institutions[code] for code in REFERENCE_TOP} == REFERENCE_TOP
    assert {code: institutions[code] for code in NOT_TOP} == NOT_TOP
    checked = 0
    for program, est in zip(catalog, estimate_all(catalog), strict=True):
        if program.specialty not in SPECIALTIES or program.track is not Track.CATEGORICAL:
            continue
        facts = facts_for(program)
        away = facts is not None and facts.campus is not Campus.MAIN
        if program.id[:4] in REFERENCE_TOP and not away:
            assert est.tier is Tier.TOP, (program.name, est.selectivity, est.factors)
            checked += 1
        if program.id[:4] in NOT_TOP or sponsor_table()[program.id[:4]].relation is Relation.NONE:
            assert est.tier is not Tier.TOP, (program.name, est.selectivity, est.factors)
    assert checked >= 60


# Sites and rural tracks away from a top sponsor's flagship do not inherit it (issue 22).
AWAY_FROM_THE_FLAGSHIP = {
    "1089140C2": "Yale-Waterbury internal medicine",
    "1529120C1": "Duke's rural family medicine track",
    "1187120C3": "Indiana University's Jasper family medicine site",
}


def test_a_site_or_rural_track_is_not_rated_as_its_flagship() -> None:
    by_id = {p.id: p for p in shipped_catalog()}
    for program_id, what in AWAY_FROM_THE_FLAGSHIP.items():
        program = by_id[program_id]
        est = estimate_all([program])[0]
        assert est.tier is not Tier.TOP, (what, est.factors)
        assert any("away from the sponsor's main hospital" in f for f in est.factors), what
    boston_childrens = by_id["1259320C0"]  # its sponsor's own pediatrics program: still top
    assert estimate_all([boston_childrens])[0].tier is Tier.TOP


def _load_calibration():
    spec = importlib.util.spec_from_file_location("calibration", ROOT / "bench" / "calibration.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["calibration"] = module
    spec.loader.exec_module(module)
    return module


def test_sponsor_facts_are_rebuilt_byte_for_byte() -> None:
    spec = importlib.util.spec_from_file_location("build_sponsors", DATA / "build_sponsors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render(module.build()) == (DATA / "sponsors.csv").read_text(encoding="utf-8")


def test_every_sponsor_of_the_catalog_has_facts() -> None:
    codes = {p.id[:4] for p in shipped_catalog()}
    table = sponsor_table()
    assert codes <= set(table)
    assert all(f.relation in Relation for f in table.values())


@pytest.mark.parametrize("specialty", SPECIALTIES)
def test_programs_of_one_tier_do_not_share_one_chance(specialty: str) -> None:
    programs = [p for p in shipped_catalog() if p.specialty == specialty]
    estimates = estimate_all(programs)
    fits = fit_all(Profile(step2=256, specialty=specialty), programs, estimates=estimates)
    by_tier: dict[Tier, set[float]] = defaultdict(set)
    sizes: Counter[Tier] = Counter()
    for est, fit in zip(estimates, fits, strict=True):
        by_tier[est.tier].add(round(fit.p_interview, 6))
        sizes[est.tier] += 1
    for tier, chances in by_tier.items():
        if sizes[tier] >= 10:
            assert len(chances) >= 5, (tier, sizes[tier], len(chances))


def test_every_estimate_says_what_moved_it() -> None:
    programs = shipped_catalog()[:500]
    estimates = estimate_all(programs)
    assert all(est.factors for est in estimates)
    assert all(len(est.invite_logit) == 4 and len(est.invite_factors) == 4 for est in estimates)
    fit = fit_all(Profile(step2=250, school=SchoolType.US_DO), programs[:1])[0]
    assert fit.factors[0].startswith("fitted chance for a typical DO applicant here: ")
    assert any(factor.startswith("your Step 2 CK 250 vs a typical DO applicant's") for factor in fit.factors)


def test_the_shipped_coefficients_are_the_fits_output() -> None:
    """bench/fit_model.py refits at the shipped penalties (deterministic, plain Python) and the
    coefficients come out identical; the fit-only data stays in the repository (not the sdist)."""
    if not (DATA / "fit" / "interview_rates.csv").exists():
        pytest.skip("fit-only data is not distributed (sdist)")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fit_model.py"), "--check-coefficients"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


def test_programs_with_different_facts_do_not_share_a_chance() -> None:
    """The fitted chance is a function of the public facts: two programs of a specialty share
    one only when every fact they have is the same (no ties from a coarse rule). Sponsored-IMG
    tracks are closed to a typical applicant by rule and share that one chance."""
    for specialty in SPECIALTIES:
        programs = [
            p
            for p in shipped_catalog()
            if p.specialty == specialty
            and (facts_for(p) is None or facts_for(p).track_type is not TrackType.SPONSORED_IMG)  # type: ignore[union-attr]
        ]
        seen: dict[float, tuple[float, ...]] = {}
        for program, est in zip(programs, estimate_all(programs), strict=True):
            facts = (*feature_vector(program),)
            chance = est.invite_logit[0]
            assert seen.setdefault(chance, facts) == facts, (program.name, chance)


def test_crowdsourced_im_tier_list_agrees_at_three_levels() -> None:
    """The IM tier list (GitHub wavegate/resmatch, held out: the model never reads it) in three
    levels — top ~30 / middle (to ~65) / lower — against the model's selectivity order."""
    level = {
        "Big 4": 0,
        "Definitely Top ~10": 0,
        "Top ~20": 0,
        "Top ~30": 0,
        "Upper mid (top 40)": 1,
        "Middle (Top 65)": 1,
        "Lower mid": 2,
        "Lower": 2,
    }
    catalog = {p.id: p for p in shipped_catalog()}
    with (DATA / "sources" / "im_tierlist_us.csv").open(encoding="utf-8", newline="") as handle:
        listed = [
            (row["nrmp_code"], level[row["tier"]])
            for row in csv.DictReader(handle)
            if row["nrmp_code"] in catalog
        ]
    assert len(listed) >= 120
    estimates = dict(zip((c for c, _ in listed), estimate_all([catalog[c] for c, _ in listed]), strict=True))
    order = sorted(listed, key=lambda item: -estimates[item[0]].selectivity)
    sizes = Counter(lvl for _, lvl in listed)
    cut = (sizes[0], sizes[0] + sizes[1])
    app = {code: 0 if i < cut[0] else 1 if i < cut[1] else 2 for i, (code, _) in enumerate(order)}
    agreement = sum(app[code] == lvl for code, lvl in listed) / len(listed)
    assert agreement >= 0.80, f"{agreement:.0%} agreement"


def test_calibration_report_meets_its_tolerances_and_is_the_documented_one() -> None:
    if not (DATA / "fit" / "interview_rates.csv").exists():
        pytest.skip("fit-only data is not distributed (sdist)")
    calibration = _load_calibration()
    text, ok = calibration.report()
    assert ok, text
    markdown, _ = calibration.report(markdown=True)
    assert calibration.documented_table() == markdown, "run python bench/calibration.py --write-doc"
    held = calibration.documented_table(calibration.HELD_START, calibration.HELD_END)
    assert held == calibration.held_out(markdown=True), "run python bench/calibration.py --write-doc"


SCHOOL_ORDER = (SchoolType.US_MD, SchoolType.US_DO, SchoolType.US_IMG, SchoolType.NON_US_IMG)


@settings(max_examples=12, deadline=None)
@given(
    specialty=st.sampled_from(
        (
            "internal-medicine",
            "emergency-medicine",
            "dermatology",
            "pediatrics",
            "orthopaedic-surgery",
            "psychiatry",
        )
    ),
    step2=st.integers(225, 275),
    n=st.integers(10, 80),
    situation=st.sampled_from((Situation.NO_HOME_PROGRAM, Situation.INDIFFERENT)),
)
def test_applicant_types_are_ordered_at_the_same_profile(
    specialty: str, step2: int, n: int, situation: Situation
) -> None:
    """NRMP 2025: US graduates ≥ US IMG ≥ non-US IMG at the same profile and list size. In the
    very competitive fields US MD ≥ US DO; elsewhere they stay close: the measured interview
    rates favour DOs at DO-heritage programs, so a DO's own list can match an MD's (the fitted
    model, not the old hand-set penalty)."""
    estimates = [
        run_smartpick(
            Profile(school=school, step2=step2, specialty=specialty, situation=situation),
            shipped_catalog(),
            n=n,
        ).match_estimate
        for school in SCHOOL_ORDER
    ]
    md, do, us_img, non_us_img = estimates
    assert min(md, do) >= us_img - 1e-9 and us_img >= non_us_img - 1e-9, estimates
    if specialty in ("orthopaedic-surgery", "dermatology"):  # NRMP: DOs match far less (73% vs 50%)
        assert md >= do - 0.02, estimates
    else:
        assert abs(md - do) <= 0.08, estimates


def test_the_80_percent_range_reflects_uncertainty_about_the_applicant() -> None:
    result = run_smartpick(Profile(step2=250), shipped_catalog())
    low, high = result.interviews_80
    probabilities = [pick.p_interview for pick in result.picks]
    independent = distribution.central_interval(distribution.poisson_binomial(probabilities))
    assert high - low > independent[1] - independent[0]
    assert low <= result.expected_interviews <= high


def test_research_counts_in_dermatology_and_not_in_internal_medicine() -> None:
    def chance(specialty: str, research: int) -> float:
        return run_smartpick(
            Profile(step2=258, specialty=specialty, research=research), shipped_catalog()
        ).match_estimate

    assert chance("dermatology", 25) > chance("dermatology", 2) + 0.05
    # in IM research moves no program's chance (research pathways only open to 5+ products, so
    # the lists may differ: compare the chances themselves)
    im = [p for p in shipped_catalog() if p.specialty == "internal-medicine"]
    few, many = (fit_all(Profile(step2=258, research=r), im) for r in (2, 25))
    assert [f.p_interview for f in few] == [f.p_interview for f in many]


def test_discouraging_home_program_is_not_modelled_as_no_home_program() -> None:
    def chance(situation: Situation) -> float:
        return run_smartpick(Profile(step2=255, situation=situation), shipped_catalog()).match_estimate

    assert chance(Situation.NO_HOME_PROGRAM) != chance(Situation.DISCOURAGING)
    assert chance(Situation.INDIFFERENT) > chance(Situation.NO_HOME_PROGRAM)


def test_im_invitation_rate_is_plausible_at_a_high_score() -> None:
    """IM 265 US MD used to expect 33 interviews from 40 applications (82%)."""
    result = run_smartpick(Profile(step2=265), shipped_catalog())
    assert result.expected_interviews / len(result.picks) < 0.70
    assert statistics.mean(p.p_interview for p in result.picks) < 0.70


@pytest.mark.parametrize(
    ("specialty", "school", "step2", "research"),
    [
        ("internal-medicine", SchoolType.NON_US_IMG, 240, 0),
        ("family-medicine", SchoolType.US_IMG, 230, 0),
        ("dermatology", SchoolType.US_MD, 258, 15),
        ("psychiatry", SchoolType.US_MD, 238, 0),
    ],
)
def test_classes_mean_something_for_every_applicant_type(
    specialty: str, school: SchoolType, step2: int, research: int
) -> None:
    """Issue 22: with one set of thresholds every pick of an IMG, a dermatology or a psychiatry
    applicant was a reach. The thresholds scale with the type's and the specialty's fitted
    invitation rates, so a list holds more than one class."""
    situation = Situation.DO_IMG if school.is_do_or_img else Situation.NO_HOME_PROGRAM
    profile = Profile(school=school, step2=step2, specialty=specialty, situation=situation, research=research)
    classes = Counter(pick.klass for pick in run_smartpick(profile, shipped_catalog()).picks)
    assert len(classes) >= 2, classes


def test_estimates_are_computed_once_per_program_object() -> None:
    """Precomputed per program object (found by identity), not an lru_cache keyed by the whole
    Program (issue 26: it thrashed above 65,536 programs); an equal copy is computed anew."""
    program = shipped_catalog()[0]
    first = estimate_all([program])[0]
    assert estimate_all([program])[0] is first
    copy = dataclasses.replace(program)
    assert estimate_all([copy])[0] is not first and estimate_all([copy])[0] == first


def test_a_program_without_public_facts_sits_at_its_specialty_typical_chance() -> None:
    """A program imported from a CSV has no sponsor, program facts or NRMP code: each fact it
    cannot have reads as the mean of the shipped programs of its specialty and setting, not as
    0 (which put it where no fitted program is: a DO above an MD in IM). Its chance lies among
    the shipped programs' for every applicant type, the types keep their order, and the
    factors say what was unknown."""
    from catalog_helpers import program

    from smartpick_tui.core.estimates import TYPE_ORDER, estimate, reference_logits
    from smartpick_tui.core.program_features import FEATURES, known_means, unknown_sources
    from smartpick_tui.core.programs import Setting

    imported = program(3, specialty="family-medicine", setting=Setting.COMMUNITY, imported=True)
    missing = unknown_sources(imported)
    assert missing == ("school", "sponsor", "facts", "code", "geo")
    x = feature_vector(imported)
    peers = [
        p for p in shipped_catalog() if p.specialty == "family-medicine" and p.setting is Setting.COMMUNITY
    ]
    assert len(peers) >= 10
    means = known_means("family-medicine", Setting.COMMUNITY)
    for k, feature in enumerate(FEATURES):
        if feature.needs in missing:
            assert x[k] == means[k] == pytest.approx(statistics.mean(feature_vector(p)[k] for p in peers))
    h1b = next(k for k, f in enumerate(FEATURES) if f.key == "log_h1b_lcas")
    assert x[h1b] > 0  # not "never files H-1B petitions"
    estimates = estimate_all([imported])[0]
    assert estimates == estimate(imported)
    for i, school in enumerate(TYPE_ORDER):
        shipped = reference_logits("family-medicine", school)
        tenth = len(shipped) // 10
        assert shipped[tenth] < estimates.invite_logit[i] < shipped[-tenth], school
    assert list(estimates.invite_logit) == sorted(estimates.invite_logit, reverse=True)
    assert any(f.startswith("unknown: its relation to a medical school") for f in estimates.factors)


def test_a_setting_interaction_is_its_fact_at_programs_of_that_setting_only() -> None:
    """The vector copies each setting interaction from its base fact (a fast path): it must be
    what the entry's own function says, the base fact at university (or community) programs
    and 0 elsewhere, for every shipped program."""
    from smartpick_tui.core.program_features import FEATURES, SETTING_INTERACT, facts_of, unknown_sources

    index = {f.key: i for i, f in enumerate(FEATURES)}
    pairs = [
        (index[f"{w}_x_{key}"], index[key], w)
        for w in ("university", "community")
        for key in SETTING_INTERACT
    ]
    seen = Counter()
    for program in [p for p in shipped_catalog()[::7] if not unknown_sources(p)]:  # known facts only
        x, facts = feature_vector(program), facts_of(program)
        for at, base, word in pairs:
            assert x[at] == pytest.approx(FEATURES[at].value(facts))
            assert x[at] == (x[base] if program.setting.value == word else 0.0)
            seen[word] += bool(x[at])
    assert seen["university"] and seen["community"]

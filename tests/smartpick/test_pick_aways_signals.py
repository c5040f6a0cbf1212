"""Away candidates (§4 criteria) and program signals (data file, user override, spending)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sp_helpers import catalog, program

from smartpick_tui.core.diagnosis import diagnose
from smartpick_tui.core.estimates import estimate
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Estimates, Setting, Tier
from smartpick_tui.core.rules import Competitiveness
from smartpick_tui.core.smartpick import run_smartpick
from smartpick_tui.core.smartpick.aways import rank_aways
from smartpick_tui.core.smartpick.builder import Candidate, Group, Pool, build_list
from smartpick_tui.core.smartpick.engine import place_signals
from smartpick_tui.core.smartpick.match_curve import curve_for_competitiveness
from smartpick_tui.core.smartpick.signals import (
    DEFAULT_EFFECT,
    SpecialtySignals,
    load_signals,
    with_signal,
)

NO_USER_FILE = Path("/nonexistent/signals.json")


def est(typical: int, outside: float, saturation: float, tier: Tier = Tier.MID_HIGH) -> Estimates:
    return Estimates(
        tier=tier,
        typical_step2=typical,
        takes_outside_rotators=outside,
        home_saturation=saturation,
        do_friendly=0.5,
        img_friendly=0.5,
    )


def test_each_away_criterion_moves_the_ranking() -> None:
    profile = Profile(step2=255)
    programs = [program(i) for i in range(4)]
    estimates = [
        est(250, 0.5, 0.5),
        est(262, 0.5, 0.5),  # score stands out vs not
        est(250, 0.9, 0.5),
        est(250, 0.5, 0.9),
    ]  # outside rotators; saturated
    order = [c.index for c in rank_aways(profile, programs, estimates, 4)]
    assert order.index(0) < order.index(1)
    assert order.index(2) < order.index(0)
    assert order.index(0) < order.index(3)


def test_ties_and_tier_break_even_criteria() -> None:
    programs = [program(0, state="OH"), program(1, state="TX"), program(2, state="OH")]
    estimates = [est(250, 0.6, 0.4), est(250, 0.6, 0.4), est(250, 0.6, 0.4, Tier.TOP)]
    order = [c.index for c in rank_aways(Profile(step2=255, ties=("TX",)), programs, estimates, 3)]
    assert order == [1, 0, 2]


def test_away_ranking_is_every_program_scored_best_first_one_per_institution() -> None:
    """rank_aways scores each distinct (state, estimates) once (issue 26): the ranking is still
    every program not skipped, by its own `away_score`, best first, ties by position, one per
    institution, after the user's own; with or without the `same` numbering."""
    from smartpick_tui.core.smartpick.aways import away_score

    programs = catalog(90)
    # two of the best programs share an institution: one rotation between them
    programs[42] = replace(programs[42], institution=programs[30].institution, state=programs[30].state)
    estimates = [estimate(p) for p in programs]
    profile = Profile(step2=247, ties=("TX", "Northeast"))
    skip, yours = {3, 11, 40}, [5, 11]
    scored = sorted(
        (-away_score(profile, p, e), i)
        for i, (p, e) in enumerate(zip(programs, estimates, strict=True))
        if i not in skip and i not in yours
    )
    expected, seen = [5], {f"{programs[5].institution.casefold()}|{programs[5].state}"}
    for _, i in scored:
        where = f"{programs[i].institution.casefold()}|{programs[i].state}"
        if where not in seen and len(expected) < 6:
            seen.add(where)
            expected.append(i)
    pairs: dict[tuple[str, Estimates], int] = {}
    same = [pairs.setdefault((p.state, e), len(pairs)) for p, e in zip(programs, estimates, strict=True)]
    assert 30 in expected and 42 not in expected and 3 not in expected  # (the test's premises)
    for numbering in (None, same):
        ranked = rank_aways(profile, programs, estimates, 6, skip, yours, numbering)
        assert [c.index for c in ranked] == expected
        assert [c.score for c in ranked] == [away_score(profile, programs[i], estimates[i]) for i in expected]


@pytest.mark.parametrize("specialty", ["internal-medicine", "orthopaedic-surgery"])
def test_as_many_away_candidates_as_the_article_target(specialty: str) -> None:
    profile = Profile(step2=252, specialty=specialty)
    result = run_smartpick(profile, catalog(90, specialty))
    assert len(result.aways) == diagnose(profile).aways.max
    assert all("estimate" in a.reason for a in result.aways)


def test_shipped_signals_table_has_the_cycle_and_the_published_numbers() -> None:
    table = load_signals(NO_USER_FILE)
    assert table.year == 2027 and "2026-27" in table.cycle
    im = table.for_specialty("internal-medicine")
    assert (im.gold, im.silver) == (3, 12)
    assert {
        sid: table.for_specialty(sid).signals
        for sid in ("general-surgery", "emergency-medicine", "neurology", "pmr", "orthopaedic-surgery")
    } == {"general-surgery": 15, "emergency-medicine": 5, "neurology": 8, "pmr": 8, "orthopaedic-surgery": 30}
    derm, obgyn = table.for_specialty("dermatology"), table.for_specialty("obstetrics-gynecology")
    assert (derm.gold, derm.silver) == (3, 25) and (obgyn.gold, obgyn.silver) == (3, 15)
    assert table.for_specialty("ophthalmology") is None  # SF Match: unknown, not invented


def test_every_signal_entry_names_its_source_cycle_and_measured_effect() -> None:
    table = load_signals(NO_USER_FILE)
    for sid, entry in table.specialties.items():
        assert entry.total > 0 and entry.basis and entry.effect_basis, sid
        assert "20" in entry.basis, f"{sid}: the cycle year"
    # Romanoski et al. (JGME 2024) measured 2.71-9.07: the app never claims more than measured
    assert all(DEFAULT_EFFECT <= e.effect <= 9.07 for e in table.specialties.values())
    assert table.for_specialty("emergency-medicine").effect == pytest.approx(3.46)


def test_a_user_file_overrides_per_specialty(tmp_path: Path) -> None:
    user = tmp_path / "signals.json"
    user.write_text(
        json.dumps(
            {
                "cycle": "ERAS 2027",
                "year": 2027,
                "specialties": {
                    "dermatology": {"gold": 3, "silver": 25},
                    "neurology": {"signals": 6},
                },
            }
        )
    )
    table = load_signals(user)
    assert table.cycle == "ERAS 2027" and table.year == 2027
    assert table.for_specialty("neurology").signals == 6
    assert table.for_specialty("dermatology").describe() == "3 gold + 25 silver"
    assert table.for_specialty("internal-medicine").gold == 3  # untouched entries stay


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"specialties": {"neurology": {"signals": -1}}}', '{"specialties": []}'],
)
def test_a_broken_user_file_is_reported_and_ignored(tmp_path: Path, content: str) -> None:
    user = tmp_path / "signals.json"
    user.write_text(content)
    table = load_signals(user)
    assert table.notes and str(user) in table.notes[0]
    assert table.for_specialty("neurology").signals == 8


def _pool(ps: list[float]) -> Pool:
    return Pool([Candidate(i, p, Group.FLOOR, tiebreak=i, institution=f"i{i}") for i, p in enumerate(ps)])


def test_signals_go_where_they_raise_the_match_chance_most_gold_first() -> None:
    ps = [0.01, 0.2, 0.4, 0.5, 0.97, 0.35, 0.03]
    pool = _pool(ps)
    curve = curve_for_competitiveness(Competitiveness.MODERATE)
    built = build_list(pool, 7, curve)
    placed, with_signals = place_signals(SpecialtySignals(gold=1, silver=2), built, pool, curve)
    assert [tier for _, tier, *_ in placed] == ["gold", "silver", "silver"]
    chosen = {c.index for c, *_ in placed}
    assert not chosen & {0, 6}, "no far reaches"
    assert 4 not in chosen, "a near-certain invitation gains least"
    assert all(after > before for _, _, before, after, _ in placed)
    assert with_signals > built.match_estimate


def test_a_signal_can_bring_a_program_onto_the_list() -> None:
    """A listed program at 4% (kept for its chance) against one off the list at 30% that a
    signal would make 54%: the signal goes to the better use, and says whom it replaced."""
    pool = _pool([0.9, 0.3, 0.25])
    curve = curve_for_competitiveness(Competitiveness.VERY_COMPETITIVE)
    built = build_list(pool, 1, curve)
    assert [c.index for c in built.picks] == [0]
    placed, _ = place_signals(SpecialtySignals(signals=1), built, pool, curve)
    ((c, _, before, after, replaced),) = placed
    assert after > before
    assert c.index == 0 or replaced is not None


def test_a_signal_raises_the_chance_most_in_the_middle() -> None:
    gains = {p: with_signal(p, DEFAULT_EFFECT) - p for p in (0.02, 0.3, 0.5, 0.95)}
    assert gains[0.3] > gains[0.02] and gains[0.5] > gains[0.95]
    assert with_signal(1.0, 4.0) == 1.0 and with_signal(0.0, 4.0) == 0.0


def test_engine_signals_for_im_and_unknown_for_ophthalmology() -> None:
    table = load_signals(NO_USER_FILE)
    im = run_smartpick(Profile(step2=245), catalog(120), signal_table=table)
    assert im.signals.allowed is not None
    assert 0 < len(im.signals.suggestions) <= 15
    assert im.signals.match_estimate_with_signals >= im.match_estimate
    assert all(s.why for s in im.signals.suggestions)
    eye = run_smartpick(
        Profile(step2=255, specialty="ophthalmology"), catalog(100, "ophthalmology"), signal_table=table
    )
    assert eye.signals.allowed is None and not eye.signals.suggestions
    assert "not in the app's signals table" in eye.signals.note


def test_estimates_of_a_community_program_take_outside_rotators() -> None:
    """The away criteria read catalog estimates; a sanity check of the wiring."""
    assert (
        estimate(program(0, setting=Setting.COMMUNITY)).takes_outside_rotators
        > estimate(program(1, setting=Setting.UNIVERSITY, positions=300)).takes_outside_rotators
    )

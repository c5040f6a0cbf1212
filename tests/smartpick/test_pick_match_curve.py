"""The match curve rests on the anchors written in match_curve.py."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartpick_tui.core import rules
from smartpick_tui.core.rules import Competitiveness
from smartpick_tui.core.smartpick import distribution
from smartpick_tui.core.smartpick.match_curve import (
    ALL_SPECIALTIES_POINTS,
    ORTHO_MATCHED_RANKS,
    ORTHO_UNMATCHED_RANKS,
    SAFE_P,
    curve_for,
    curve_for_competitiveness,
    match_estimate,
)
from smartpick_tui.core.specialties import all_specialties, specialty_by_id


def test_core_specialties_follow_nrmps_contiguous_rank_figures() -> None:
    """NRMP's probability of matching by contiguous ranks (US MD seniors, all specialties)
    within 2 points at every published point; FAQ 5's 12-15 interviews is then past 90%."""
    for sid in ("internal-medicine", "pediatrics", "psychiatry", "family-medicine"):
        curve = curve_for(specialty_by_id(sid))
        for ranks, published in ALL_SPECIALTIES_POINTS:
            assert abs(curve.p_match(ranks) - published) <= 0.02, (sid, ranks)
        assert curve.p_match(12) > SAFE_P


def test_orthopaedics_even_at_the_unmatched_mean_and_better_at_the_matched_mean() -> None:
    curve = curve_for(specialty_by_id("orthopaedic-surgery"))
    assert curve.k_even == pytest.approx(ORTHO_UNMATCHED_RANKS)
    assert curve.p_match(round(ORTHO_MATCHED_RANKS)) > 0.75
    assert curve.p_match(6) < 0.5 < curve.p_match(7)


def test_competitive_specialties_need_more_interviews_than_core() -> None:
    core = curve_for_competitiveness(Competitiveness.MODERATE)
    very = curve_for_competitiveness(Competitiveness.VERY_COMPETITIVE)
    assert all(very.p_match(k) < core.p_match(k) for k in range(1, 15))
    assert all(very.p_match(k) <= core.p_match(k) for k in range(1, 60))  # capped, never above


@pytest.mark.parametrize("specialty", all_specialties(), ids=lambda s: s.id)
def test_every_curve_rises_from_zero(specialty) -> None:  # type: ignore[no-untyped-def]
    curve = curve_for(specialty)
    values = curve.table(60)
    assert values[0] == 0.0
    assert all(b > a for a, b in itertools.pairwise(values))
    if specialty.competitiveness is Competitiveness.VERY_COMPETITIVE:
        assert curve.k_safe == pytest.approx(rules.INTERVIEW_TARGETS[specialty.competitiveness].min)


def test_competitive_curve_lies_between_core_and_very_competitive() -> None:
    core = curve_for_competitiveness(Competitiveness.MODERATE)
    middle = curve_for_competitiveness(Competitiveness.COMPETITIVE)
    very = curve_for_competitiveness(Competitiveness.VERY_COMPETITIVE)
    assert all(very.p_match(k) <= middle.p_match(k) <= core.p_match(k) for k in range(1, 60))
    assert all(very.p_match(k) < middle.p_match(k) < core.p_match(k) for k in range(1, 15))


@given(st.lists(st.floats(min_value=0, max_value=1), max_size=40), st.floats(min_value=0, max_value=1))
def test_adding_a_program_never_lowers_the_match_estimate(ps: list[float], p: float) -> None:
    curve = curve_for_competitiveness(Competitiveness.COMPETITIVE)
    before = match_estimate(distribution.poisson_binomial(ps), curve)
    after = match_estimate(distribution.poisson_binomial([*ps, p]), curve)
    assert 0.0 <= before <= after + 1e-12 <= 1.0 + 1e-12


def test_match_estimate_of_certain_interviews_is_the_curve() -> None:
    curve = curve_for_competitiveness(Competitiveness.MODERATE)
    assert math.isclose(match_estimate(distribution.poisson_binomial([1.0] * 12), curve), curve.p_match(12))

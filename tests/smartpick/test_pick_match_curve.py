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
    ORTHO_MATCHED_RANKS,
    ORTHO_UNMATCHED_RANKS,
    SAFE_P,
    curve_for,
    curve_for_competitiveness,
    match_estimate,
)
from smartpick_tui.core.specialties import all_specialties, specialty_by_id


def test_core_specialties_are_fairly_safe_at_12_interviews() -> None:
    """FAQ 5: 12-15 interviews is a fairly safe zone for IM, Peds, Psych, FM."""
    for sid in ("internal-medicine", "pediatrics", "psychiatry", "family-medicine"):
        curve = curve_for(specialty_by_id(sid))
        assert curve.p_match(12) == pytest.approx(SAFE_P)
        assert curve.p_match(15) > SAFE_P


def test_orthopaedics_even_at_the_unmatched_mean_and_better_at_the_matched_mean() -> None:
    curve = curve_for(specialty_by_id("orthopaedic-surgery"))
    assert curve.k_even == pytest.approx(ORTHO_UNMATCHED_RANKS)
    assert curve.p_match(round(ORTHO_MATCHED_RANKS)) > 0.75
    assert curve.p_match(6) < 0.5 < curve.p_match(7)


def test_competitive_specialties_need_more_interviews_than_core() -> None:
    core = curve_for_competitiveness(Competitiveness.MODERATE)
    very = curve_for_competitiveness(Competitiveness.VERY_COMPETITIVE)
    assert all(very.p_match(k) < core.p_match(k) for k in range(1, 40))


@pytest.mark.parametrize("specialty", all_specialties(), ids=lambda s: s.id)
def test_every_curve_rises_from_zero(specialty) -> None:  # type: ignore[no-untyped-def]
    curve = curve_for(specialty)
    values = curve.table(60)
    assert values[0] == 0.0
    assert all(b > a for a, b in itertools.pairwise(values))
    assert curve.k_safe == rules.INTERVIEW_TARGETS[specialty.competitiveness].min


@given(st.lists(st.floats(min_value=0, max_value=1), max_size=40), st.floats(min_value=0, max_value=1))
def test_adding_a_program_never_lowers_the_match_estimate(ps: list[float], p: float) -> None:
    curve = curve_for_competitiveness(Competitiveness.COMPETITIVE)
    before = match_estimate(distribution.poisson_binomial(ps), curve)
    after = match_estimate(distribution.poisson_binomial([*ps, p]), curve)
    assert 0.0 <= before <= after + 1e-12 <= 1.0 + 1e-12


def test_match_estimate_of_certain_interviews_is_the_curve() -> None:
    curve = curve_for_competitiveness(Competitiveness.MODERATE)
    assert math.isclose(match_estimate(distribution.poisson_binomial([1.0] * 12), curve), curve.p_match(12))

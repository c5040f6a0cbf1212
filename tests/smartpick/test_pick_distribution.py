"""The interview count: an exact Poisson-binomial, checked against brute force."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_tui.core.smartpick import distribution

probs = st.lists(st.floats(min_value=0.0, max_value=1.0, allow_nan=False), max_size=60)


@given(probs)
def test_distribution_sums_to_one_and_has_the_right_mean(ps: list[float]) -> None:
    pmf = distribution.poisson_binomial(ps)
    assert len(pmf) == len(ps) + 1
    assert all(mass >= 0 for mass in pmf)
    assert math.isclose(sum(pmf), 1.0, abs_tol=1e-9)
    assert math.isclose(distribution.mean(pmf), sum(ps), abs_tol=1e-7)


@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=8))
def test_matches_brute_force_enumeration(ps: list[float]) -> None:
    expected = [0.0] * (len(ps) + 1)
    for outcome in itertools.product((0, 1), repeat=len(ps)):
        weight = math.prod(p if hit else 1 - p for p, hit in zip(ps, outcome, strict=False))
        expected[sum(outcome)] += weight
    got = distribution.poisson_binomial(ps)
    assert all(math.isclose(a, b, abs_tol=1e-12) for a, b in zip(got, expected, strict=False))


@given(probs, st.floats(min_value=0.0, max_value=1.0))
def test_remove_trial_undoes_add_trial(ps: list[float], p: float) -> None:
    pmf = distribution.poisson_binomial(ps)
    back = distribution.remove_trial(distribution.add_trial(pmf, p), p)
    assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(back, pmf, strict=False))


@given(probs)
@settings(max_examples=50)
def test_80_percent_range_holds_at_least_80_percent(ps: list[float]) -> None:
    pmf = distribution.poisson_binomial(ps)
    low, high = distribution.central_interval(pmf, 0.8)
    assert 0 <= low <= high <= len(ps)
    assert sum(pmf[low : high + 1]) >= 0.8 - 1e-9


def test_rejects_a_probability_outside_0_1() -> None:
    with pytest.raises(ValueError):
        distribution.add_trial((1.0,), 1.2)


def test_known_case_two_coins() -> None:
    assert distribution.poisson_binomial([0.5, 0.5]) == (0.25, 0.5, 0.25)
    assert distribution.central_interval((0.25, 0.5, 0.25)) == (0, 2)


def _add_by_loop(pmf: tuple[float, ...], p: float) -> tuple[float, ...]:
    """The textbook step, as add_trial was written before it ran at C speed."""
    q = 1.0 - p
    out = [0.0] * (len(pmf) + 1)
    for k, mass in enumerate(pmf):
        out[k] += mass * q
        out[k + 1] += mass * p
    return tuple(out)


@given(probs, st.lists(st.floats(min_value=-2.0, max_value=2.0, allow_nan=False), min_size=61, max_size=61))
def test_the_fast_steps_give_the_textbook_loops_numbers_bit_for_bit(
    ps: list[float], values: list[float]
) -> None:
    """The lists must not change by a bit when the arithmetic is moved to C (issue 26)."""
    by_loop: tuple[float, ...] = distribution.EMPTY
    for p in ps:
        fast = distribution.add_trial(by_loop, p)
        by_loop = _add_by_loop(by_loop, p)
        assert [m.hex() for m in fast] == [m.hex() for m in by_loop]
    expected = sum(mass * values[k] for k, mass in enumerate(by_loop))
    assert distribution.expectation(by_loop, values).hex() == expected.hex()
    steps = [values[k + 1] - values[k] for k in range(len(values) - 1)]
    assert distribution.steps(values) == steps


def test_an_expectation_over_a_table_shorter_than_the_distribution_is_refused() -> None:
    """`map` stops at the shorter sequence: a short table would be summed short, silently."""
    pmf = distribution.poisson_binomial([0.5, 0.5])  # three interview counts
    assert distribution.expectation(pmf, [0.0, 1.0, 2.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="2 values for 3 interview counts"):
        distribution.expectation(pmf, [0.0, 1.0])
